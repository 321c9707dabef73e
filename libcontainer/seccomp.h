/* husk - seccomp filters from linux.seccomp.  Internal.
 *
 * The filter is compiled with libseccomp in the runtime process, before any
 * container process exists, so a bad profile fails create with nothing to
 * clean up; the container process only installs the ready BPF program with
 * seccomp(2), at the last moment before execve (see lc_process_exec). */
#ifndef LC_SECCOMP_H
#define LC_SECCOMP_H

#include <stdbool.h>
#include <sys/types.h>

#include "spec.h"
#include "util/util.h"

struct lc_seccomp;

/* Compile s into a BPF program.  *out is NULL when s is NULL.  Syscall
   names this libseccomp does not know for any architecture are skipped
   (Docker's profile names syscalls newer than some kernels); *skipped
   (may be NULL) counts them when the program is compiled, not cached.
   rootfd (the state root, or -1 for none) holds a cache of compiled
   programs, see seccomp.c. */
LC_HIDDEN int lc_seccomp_compile (const lc_spec_seccomp *s, int rootfd, struct lc_seccomp **out, size_t *skipped,
                                  lc_error **err);
/* libseccomp builds the program in a child process that gets this long
   (default 10000 ms) before it is killed and the compile fails: libseccomp
   can loop for ever on some profiles.  For tests. */
LC_HIDDEN extern unsigned lc_seccomp_build_timeout_ms;
LC_HIDDEN void lc_seccomp_free (struct lc_seccomp *f);
static inline void
lc_seccomp_freep (struct lc_seccomp **f)
{
  lc_seccomp_free (*f);
}

/* The BPF program of f: the ENOSYS stub (see seccomp.c), then libseccomp's
   program.  For tests. */
struct sock_fprog;
LC_HIDDEN const struct sock_fprog *lc_seccomp_program (const struct lc_seccomp *f);

/* Whether the filter uses SCMP_ACT_NOTIFY (installing it yields an fd for
   the agent at linux.seccomp.listenerPath). */
LC_HIDDEN bool lc_seccomp_has_notify (const struct lc_seccomp *f);

/* Install f in this process with the config's flags.  *notify_fd gets the
   listener fd when the filter has NOTIFY rules, else -1.  Needs
   no_new_privs or CAP_SYS_ADMIN (in the current user namespace). */
LC_HIDDEN int lc_seccomp_install (const struct lc_seccomp *f, int *notify_fd, lc_error **err);

/* Send the container process state and the notify fd to the agent at
   s->listenerPath, as config-linux.md describes: one connection, one JSON
   object, the fd as SCM_RIGHTS named "seccompFd". */
LC_HIDDEN int lc_seccomp_send_to_listener (const lc_spec_seccomp *s, int notify_fd, pid_t pid, const char *state_json,
                                           lc_error **err);

/* In the runtime, when s uses NOTIFY: receive the filter's fd from the
   container process on the sync socket (LC_SYNC_SECCOMP) and send it to the
   agent with the state (status, pid, ...) the hooks would get. */
LC_HIDDEN int lc_seccomp_forward (int sync, const lc_spec_seccomp *s, const char *id, const char *status, pid_t pid,
                                  const char *bundle, const lc_strmap *annotations, lc_error **err);

/* Which of the spec's flags the running kernel accepts, and whether it
   knows an action (for `husk features`). */
LC_HIDDEN bool lc_seccomp_kernel_has_flag (unsigned spec_flag);
LC_HIDDEN bool lc_seccomp_kernel_has_action (enum lc_seccomp_action a);

#endif
