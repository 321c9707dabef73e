/* husk - the state store: one directory per container under --root.
 *
 * <root>/<id>/state.json, written atomically (temporary file, rename):
 *   {"id": "c1", "pid": 1234, "pidStart": 987654, "bundle": "/abs/bundle",
 *    "rootfs": "/abs/bundle/rootfs", "created": "2026-11-22T13:45:29.123456789Z",
 *    "owner": 0, "ociVersion": "1.0.2-dev", "phase": "created",
 *    "cgroupPath": "/husk/c1",
 *    "cgroupPaths": {"memory": "/sys/fs/cgroup/memory/husk/c1", ...},
 *    "annotations": {"k": "v"}}
 * phase is "creating" or "created" ("running" in files of older husks: a
 * created container whose exec.fifo is gone is running); pidStart is
 * field 22 of /proc/<pid>/stat, so a recycled pid is not taken for the
 * container's.  Unknown members are ignored when reading, for newer husks.
 *
 * Locking: a command on a container holds flock(LOCK_EX) on the container's
 * directory for as long as it works on it, so commands on one container run
 * one at a time and commands on different containers never wait for each
 * other.  A waiter that gets the lock on a directory deleted meanwhile sees
 * its link count at 0 and reports that the container does not exist. */
#ifndef LC_STATE_H
#define LC_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "spec.h"

#define LC_ID_MAX 1024

/* <root>/<id>/exec.fifo: the container's init waits on it until start; start
   removes it first, so a created container whose fifo is gone is running. */
#define LC_STATE_FIFO "exec.fifo"

enum lc_phase
{
  LC_PHASE_CREATING,
  LC_PHASE_CREATED,
  LC_PHASE_RUNNING,
};

typedef struct lc_state
{
  char *id;
  pid_t pid;
  unsigned long long pid_start;
  char *bundle;
  char *rootfs;
  char *created;
  uid_t owner;
  char *oci_version;
  enum lc_phase phase;
  bool released; /* not stored: the exec fifo is gone, start has released the process */
  bool paused;             /* not stored: what the freezer says (lc_container_state, lc_container_list) */
  char *cgroup_path;       /* the cgroup path asked for (linux.cgroupsPath or the default) */
  lc_strmap cgroup_paths;  /* hierarchy ("memory", "unified", ...) -> the container's directory */
  lc_strmap annotations;
} lc_state;

/* The words callers match in runc's messages (containerd's shim, go-runc,
   podman, cri-o): every such husk error starts with them, husk's detail
   follows after ": ". */
#define LC_MSG_NOT_EXIST "container does not exist"
#define LC_MSG_EXISTS "container with given ID already exists"
#define LC_MSG_INVALID_ID "invalid container ID format"
#define LC_MSG_NOT_RUNNING "container not running"
#define LC_MSG_NOT_PAUSED "container not paused"

/* runc's rule: 1 to 1024 letters, digits, '_', '+', '-', '.'; not "." or "..". */
LC_EXPORT int lc_state_validate_id (const char *id, lc_error **err);

/* Open (and with create, make with mode 0700, parents too) the root dir. */
LC_EXPORT int lc_state_root_open (const char *root, bool create, lc_error **err);

/* Make <root>/<id> (error if it exists) and lock it.  Returns the directory
   fd (holding the lock) or -1. */
LC_EXPORT int lc_state_create_dir (int rootfd, const char *id, lc_error **err);

/* Open and lock <root>/<id>.  Returns the directory fd or -1; a missing
   container is 'container does not exist: "<id>"' with errnum ENOENT. */
LC_EXPORT int lc_state_open_dir (int rootfd, const char *id, lc_error **err);

LC_EXPORT int lc_state_read (int dirfd, const char *id, lc_state **out, lc_error **err);
LC_EXPORT int lc_state_write (int dirfd, const lc_state *st, lc_error **err);

/* Remove everything in the container directory and the directory itself. */
LC_EXPORT int lc_state_remove (int rootfd, const char *id, int dirfd, lc_error **err);

LC_EXPORT void lc_state_free (lc_state *st);

/* What the container is now: "creating", "created", "running", "paused" or
   "stopped" (the process is gone or its pid was reused). */
LC_EXPORT const char *lc_state_status (const lc_state *st);
/* True when st->pid still names the container's process. */
LC_EXPORT bool lc_state_pid_alive (const lc_state *st);

/* Start time of a process (field 22 of /proc/<pid>/stat); 0 when unknown. */
LC_EXPORT unsigned long long lc_proc_start_time (pid_t pid);

/* The OCI state JSON (runtime.md), plus runc's rootfs, created and owner:
   pid is 0 when stopped.  owner_name may be NULL (then ""). */
LC_EXPORT char *lc_state_oci_json (const lc_state *st, const char *owner_name, bool pretty);

/* All containers under root, sorted by id; a missing root is no container.
   Entries that are not containers (other files, bad names, directories
   without a readable state.json) are skipped. */
LC_EXPORT int lc_state_list (const char *root, lc_state ***out, size_t *n, lc_error **err);
LC_EXPORT void lc_state_list_free (lc_state **list, size_t n);

#endif
