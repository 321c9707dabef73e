/* husk test tool: run a command under a seccomp filter that fails one
 * syscall with an errno, as a sandbox around the runtime would.
 *
 *   seccomp-deny SYSCALL ERRNO COMMAND [ARGS...]
 *
 * For example `seccomp-deny close_range 1 husk run ...`: close_range(2)
 * answers EPERM to husk and everything it starts. */
#define _GNU_SOURCE
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  if (argc < 4)
    {
      fprintf (stderr, "usage: seccomp-deny SYSCALL ERRNO COMMAND [ARGS...]\n");
      return 2;
    }
  int nr = seccomp_syscall_resolve_name (argv[1]);
  if (nr == __NR_SCMP_ERROR)
    {
      fprintf (stderr, "seccomp-deny: unknown syscall %s\n", argv[1]);
      return 2;
    }
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  if (ctx == NULL || seccomp_rule_add (ctx, SCMP_ACT_ERRNO ((unsigned) atoi (argv[2])), nr, 0) < 0
      || seccomp_attr_set (ctx, SCMP_FLTATR_CTL_NNP, 0) < 0 || seccomp_load (ctx) < 0)
    {
      fprintf (stderr, "seccomp-deny: cannot load the filter\n");
      return 2;
    }
  execvp (argv[3], argv + 3);
  fprintf (stderr, "seccomp-deny: exec %s: %s\n", argv[3], strerror (errno));
  return 127;
}
