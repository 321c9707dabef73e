/* husk - what the container's init process does between clone and execve.
 * Internal. */
#ifndef LC_INIT_H
#define LC_INIT_H

#include <stdbool.h>
#include <sys/types.h>

#include "seccomp.h"
#include "spec.h"
#include "util/util.h"

struct lc_init_args
{
  const lc_spec *spec;
  const char *rootfs; /* absolute path on the host */
  int sync;           /* socket to the create process */
  int fifo;           /* O_PATH fd of <state dir>/exec.fifo */
  bool no_pivot;
  bool new_userns;     /* wait for the parent to write the id maps */
  int preserve_fds;
  const char *id, *bundle; /* for the state given to hooks */
  const int *idmap_fds;    /* per mount: a premade idmapped tree, or -1; NULL: none */
  const struct lc_seccomp *seccomp; /* compiled linux.seccomp, or NULL */
  bool cgroup_wait;   /* wait for LC_SYNC_CGROUP_DONE first */
  bool cgroupns_late; /* then unshare the cgroup namespace (it was not made at clone) */
  bool bind_sources;  /* ask the create process for the bind sources (lc_bind_sources_wanted) */
};

/* Runs in the child: sets the container up, reports LC_SYNC_READY (or the
   error) to the parent, waits on the exec fifo and execs the user program.
   Never returns. */
LC_HIDDEN __attribute__ ((noreturn)) void lc_init_run (const struct lc_init_args *a);

/* The new mount API that every mount of a container is made with (no
   fallback to mount(2) by path, see mount.c): fails naming each call this
   kernel or a seccomp sandbox lacks, and the kernel that has it.  Probed
   once per process, without side effects. */
LC_HIDDEN int lc_mount_api_check (lc_error **err);

/* What one container's mounts are made with, passed through every step
   (no process-wide state).  The caller sets premade and sources, either
   may be NULL; lc_mount_rootfs fills the rest, for lc_mount_finish_root. */
struct lc_mount_ctx
{
  /* Per mount: a premade idmapped tree (lc_idmap_prepare), attached instead
     of mounting that mount, or -1. */
  const int *premade;
  /* Per mount: an O_PATH fd of the bind source (lc_bind_sources_receive),
     bound from instead of the source's path, or -1.  lc_mount_rootfs
     closes each once used, and all of them before it returns. */
  int *sources;
  bool cgroupns;     /* the container has a cgroup namespace of its own */
  const char *label; /* linux.mountLabel, or NULL */
  /* The propagation a premade tree needs before its own options, one step
     for a user namespace and one for the namespace-wide type (mount.c,
     move_premade). */
  unsigned long premade_steps[2];
  /* /dev was asked read-only: mounted read-write, made read-only by
     lc_mount_finish_root. */
  bool dev_readonly;
};

/* Mount the config's mounts and the default /dev below rootfs, in this
   (new) mount namespace, then switch root to it.
   before_pivot runs once everything is mounted, before the root switch (the
   point of createRuntime and createContainer hooks). */
LC_HIDDEN int lc_mount_rootfs (struct lc_mount_ctx *ctx, const lc_spec *spec, const char *rootfs, bool no_pivot,
                               int (*before_pivot) (void *data, lc_error **err), void *data, lc_error **err);

/* After the root switch and the console: root.readonly, and /dev
   read-only when ctx says so. */
LC_HIDDEN int lc_mount_finish_root (const struct lc_mount_ctx *ctx, const lc_spec *spec, lc_error **err);

/* After the root switch: bind the pty slave (an fd, never a path) onto
   /dev/console, made or found in the container's /dev without following a
   symlink (the CVE-2025-52565 class), as runc does for process.terminal. */
LC_HIDDEN int lc_mount_console (int slave, lc_error **err);

/* After the root switch: linux.readonlyPaths (read-only binds) and
   linux.maskedPaths (/dev/null on files, a read-only tmpfs on directories),
   each resolved inside the new root; missing paths are skipped. */
LC_HIDDEN int lc_mount_protect_paths (const lc_spec_linux *l, lc_error **err);

/* Last of the mounts: linux.rootfsPropagation on the new root. */
LC_HIDDEN int lc_mount_root_propagation (const lc_spec *spec, bool no_pivot, lc_error **err);

/* Whether the spec has hooks that run during create (the init and the
   create process then meet before pivot_root). */
LC_HIDDEN bool lc_init_has_create_hooks (const lc_spec *spec);


/* Pieces shared with exec (process.c). */
LC_HIDDEN int lc_join_namespaces (const lc_spec_linux *l, lc_error **err);
LC_HIDDEN int lc_process_set_attrs (const lc_spec_process *p, int procfd, lc_error **err);
LC_HIDDEN char *lc_find_program (const lc_spec_process *p, lc_error **err);
/* The pty; with console (the container's init), also at /dev/console. */
LC_HIDDEN int lc_setup_terminal (const lc_spec_process *p, int sync, bool console, lc_error **err);
/* The process's last steps, the one pipeline of the init and of exec.
   lc_process_finalize, before the process reports READY (so that every
   failure it can have fails create or exec): the bounding set, user and
   groups, the seccomp filter when there is no no_new_privs (it needs
   CAP_SYS_ADMIN, which the configured sets may lack), capabilities,
   no_new_privs.  lc_process_exec, after start: the filter with
   no_new_privs, an empty signal mask, execve; returns only on failure.
   seccomp is NULL for none, or for a NOTIFY filter (installed earlier with
   lc_seccomp_install_notify). */
LC_HIDDEN int lc_process_finalize (const lc_spec_process *p, const struct lc_seccomp *seccomp, lc_error **err);
/* The shared end of the init's and exec's setup, in the container with its
   root and namespaces: process.cwd, the program looked up, LSM labels, a
   NOTIFY filter (its fd sent over sync), then lc_process_finalize and
   dumpable cleared again.  One failure path: the caller reports err over
   sync. */
LC_HIDDEN int lc_process_prepare (const lc_spec_process *p, int procfd, const struct lc_seccomp *seccomp, int sync,
                                  char **program, lc_error **err);
LC_HIDDEN int lc_process_exec (const lc_spec_process *p, const char *program, const struct lc_seccomp *seccomp,
                               lc_error **err);
/* Install a NOTIFY filter now and send its fd over sync (LC_SYNC_SECCOMP). */
LC_HIDDEN int lc_seccomp_install_notify (const struct lc_seccomp *f, int sync, lc_error **err);

/* idmap.c: detached idmapped mount trees, made by the create process. */
LC_HIDDEN int lc_idmap_prepare (const lc_spec *spec, int **fds, lc_error **err);
LC_HIDDEN void lc_idmap_close (int *fds, size_t n);

/* mount-sources.c: the bind sources of a container with a user namespace,
   opened with the runtime's credentials in the init's mount namespace.
   lc_mount_is_bind: whether mounts[] entry m is a bind (by its type or its
   options).  lc_bind_sources_wanted: whether the create process opens
   them (a user namespace, binds other than the premade idmapped ones, and
   the privilege to join the init's mount namespace: not rootless). */
LC_HIDDEN bool lc_mount_is_bind (const lc_spec_mount *m);
LC_HIDDEN bool lc_bind_sources_wanted (const lc_spec *spec, const int *premade);
/* Create process: wait for the init's LC_SYNC_SOURCES; a helper it forks
   then sends the init one LC_SYNC_SOURCE per wanted mount, in order. */
LC_HIDDEN int lc_bind_sources_send (const lc_spec *spec, const int *premade, pid_t init, int sock, lc_error **err);
/* Init: ask, and receive them into *fds (per mount, or -1). */
LC_HIDDEN int lc_bind_sources_receive (const lc_spec *spec, const int *premade, int sock, int **fds, lc_error **err);
LC_HIDDEN void lc_bind_sources_close (int *fds, size_t n);

#endif
