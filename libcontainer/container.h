/* husk - the container lifecycle: create, start, kill, delete, wait.
 *
 * create sets everything up and leaves the container's init process blocked
 * on <state dir>/exec.fifo, before it runs the user program; start opens the
 * fifo, which releases it.  The init process is a child of the create
 * process: with `husk create`, create exits and the init is reparented to
 * the caller's subreaper (containerd's shim, conmon); with `husk run`, run
 * waits for it. */
#ifndef LC_CONTAINER_H
#define LC_CONTAINER_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "spec.h"

struct lc_create_opts
{
  const char *root;     /* --root */
  const char *id;
  const char *bundle;   /* absolute */
  const char *pid_file; /* NULL: none */
  const char *console_socket;
  bool no_pivot;
  bool no_new_keyring;
  /* Rootless (--rootless): a cgroup that we are not allowed to make is done
     without when nothing is asked of it (no limit in linux.resources, no
     linux.cgroupsPath), as runc's rootless cgroup managers do; otherwise
     the error names the limit.  Device rules that cannot be set are not an
     error.  false: every cgroup error is one. */
  bool rootless;
  int preserve_fds;
  /* process.terminal without console_socket: when not NULL, the pty master
     is handed back here (husk run proxies it); when NULL it is an error. */
  int *console_master;
};

/* Create the container described by spec (already validated and checked
   runnable).  On success *pid is its init process.  On failure nothing is
   left: no state directory, no process. */
LC_EXPORT int lc_container_create (const struct lc_create_opts *o, const lc_spec *spec, pid_t *pid, lc_error **err);

/* Release a created container's process into the user program. */
LC_EXPORT int lc_container_start (const char *root, const char *id, lc_error **err);

/* Send signo to the container's init (all: to every process of it). */
LC_EXPORT int lc_container_kill (const char *root, const char *id, int signo, bool all, lc_error **err);

/* Remove a container.  A live one needs force (it is killed first).  An
   unknown id is an error with errnum ENOENT. */
LC_EXPORT int lc_container_delete (const char *root, const char *id, bool force, lc_error **err);

/* The state of container id (checked, read under its lock; caller frees
   with lc_state_free).  A missing container is 'container "<id>" does not
   exist' with errnum ENOENT. */
struct lc_state;
LC_EXPORT int lc_container_state (const char *root, const char *id, struct lc_state **out, lc_error **err);

/* Every container under root, sorted by id, as lc_state_list, with what the
   kernel says filled in (paused is the freezer's state).  Free with
   lc_state_list_free. */
LC_EXPORT int lc_container_list (const char *root, struct lc_state ***out, size_t *n, lc_error **err);

/* Freeze (pause) or thaw (resume) every process of the container. */
LC_EXPORT int lc_container_pause (const char *root, const char *id, bool pause, lc_error **err);

/* The processes in the container's cgroup (caller frees *pids). */
LC_EXPORT int lc_container_pids (const char *root, const char *id, pid_t **pids, size_t *n, lc_error **err);

/* Apply new resource limits to a running container. */
LC_EXPORT int lc_container_update (const char *root, const char *id, const lc_spec_resources *r, lc_error **err);

/* Resource usage as the "data" of runc's stats event (JSON, caller frees);
   *oom_kills (may be NULL) gets the OOM kill count so far, *alive (may be
   NULL) whether the container's process still runs. */
LC_EXPORT char *lc_container_stats (const char *root, const char *id, uint64_t *oom_kills, bool *alive,
                                    lc_error **err);

struct lc_exec_opts
{
  const char *root, *id;
  const char *pid_file;       /* NULL: none */
  const char *console_socket; /* with process.terminal */
  int *console_master;        /* terminal without a socket: the master comes back here */
  int preserve_fds;
  bool ignore_paused; /* exec even in a paused container (it waits until resumed) */
  char **cgroups;     /* --cgroup: existing sub-cgroups, "sub" or "controller:sub" */
  size_t n_cgroups;
  const lc_spec *config; /* the container's config when the caller has it loaded
                            (lc_container_load_config); NULL: loaded here */
};

/* Run process p in the container's namespaces (all that differ from ours),
   with its user, capabilities, rlimits, cwd and terminal.  *pid is a child
   of the caller (wait for it); a program that cannot be run is reported
   here, with runc's wording, not by the child's exit status. */
LC_EXPORT int lc_container_exec (const struct lc_exec_opts *o, const lc_spec_process *p, pid_t *pid, lc_error **err);

/* The container's config.json (the defaults of exec): the copy kept at
   create, else the bundle's. */
LC_EXPORT int lc_container_load_config (const char *root, const char *id, lc_spec **spec, lc_error **err);

/* Warnings of the library (failing poststart and poststop hooks, which the
   spec says must not stop the lifecycle): the caller prints them.  Without a
   handler they are dropped. */
LC_EXPORT void lc_set_warning_handler (void (*fn) (const char *msg));

/* Debug records of the library: each fallback taken where the kernel, or a
   seccomp sandbox around the caller, lacks a feature (clone3, openat2,
   close_range), once per process.  Without a handler they are dropped. */
LC_EXPORT void lc_set_debug_handler (void (*fn) (const char *msg));

#endif
