/* husk test tool: run a command under a seccomp filter that fails some
 * syscalls with an errno, as a sandbox around the runtime would.
 *
 *   seccomp-deny SYSCALL[,SYSCALL...] ERRNO COMMAND [ARGS...]
 *
 * For example `seccomp-deny close_range 1 husk run ...`: close_range(2)
 * answers EPERM to husk and everything it starts; `seccomp-deny
 * clone3,openat2 38 ...` answers ENOSYS to both, as Docker's default
 * profile does to clone3.  The filter is loaded without no_new_privs when
 * the caller may (root), so that set-user-ID programs still work; it is
 * inherited by every child and across execve. */
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
      fprintf (stderr, "usage: seccomp-deny SYSCALL[,SYSCALL...] ERRNO COMMAND [ARGS...]\n");
      return 2;
    }
  char *end = NULL;
  long e = strtol (argv[2], &end, 10);
  if (*argv[2] == '\0' || *end != '\0' || e <= 0 || e > 4095)
    {
      fprintf (stderr, "seccomp-deny: bad errno %s\n", argv[2]);
      return 2;
    }
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  if (ctx == NULL)
    {
      fprintf (stderr, "seccomp-deny: seccomp_init failed\n");
      return 2;
    }
  char *save = NULL;
  for (char *name = strtok_r (argv[1], ",", &save); name; name = strtok_r (NULL, ",", &save))
    {
      int nr = seccomp_syscall_resolve_name (name);
      if (nr == __NR_SCMP_ERROR)
        {
          fprintf (stderr, "seccomp-deny: unknown syscall %s\n", name);
          return 2;
        }
      if (seccomp_rule_add (ctx, SCMP_ACT_ERRNO ((unsigned) e), nr, 0) < 0)
        {
          fprintf (stderr, "seccomp-deny: cannot add a rule for %s\n", name);
          return 2;
        }
    }
  if (geteuid () == 0 && seccomp_attr_set (ctx, SCMP_FLTATR_CTL_NNP, 0) < 0)
    {
      fprintf (stderr, "seccomp-deny: cannot clear the no_new_privs attribute\n");
      return 2;
    }
  if (seccomp_load (ctx) < 0)
    {
      fprintf (stderr, "seccomp-deny: cannot load the filter\n");
      return 2;
    }
  execvp (argv[3], argv + 3);
  fprintf (stderr, "seccomp-deny: exec %s: %s\n", argv[3], strerror (errno));
  return 127;
}
