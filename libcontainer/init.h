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

#endif
