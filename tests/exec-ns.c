/* tests/exec-ns ROOT ID: a library caller of lc_container_exec, as another
   program embedding libcontainer would be.  It execs /bin/true in container
   ID (under --root ROOT) and then forks a child of its own: that child must
   be in the caller's pid and time namespaces, not the container's (joining
   them is for the exec'd process only).  Prints "pid same" / "pid differs"
   (and the same for time) and exits 0, or 1 on a failure. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libcontainer/container.h"
#include "libcontainer/exeseal.h"
#include "libcontainer/spec.h"

static ino_t
ns_ino (const char *path)
{
  struct stat st;
  return stat (path, &st) == 0 ? st.st_ino : 0;
}

int
main (int argc, char **argv)
{
  lc_error *err = NULL;
  if (argc != 3)
    {
      fprintf (stderr, "usage: exec-ns ROOT ID\n");
      return 2;
    }
  if (lc_exe_seal_reexec (argv, &err) < 0)
    {
      fprintf (stderr, "exec-ns: %s\n", err->msg);
      return 1;
    }
  ino_t pid_before = ns_ino ("/proc/self/ns/pid_for_children");
  ino_t time_before = ns_ino ("/proc/self/ns/time_for_children");
  char *args[] = { (char *) "/bin/true", NULL };
  char *env[] = { (char *) "PATH=/bin", NULL };
  lc_spec_process p = { 0 };
  p.args = args;
  p.n_args = 1;
  p.env = env;
  p.n_env = 1;
  p.cwd = (char *) "/";
  struct lc_exec_opts o = { .root = argv[1], .id = argv[2] };
  pid_t pid;
  if (lc_container_exec (&o, &p, &pid, &err) < 0)
    {
      fprintf (stderr, "exec-ns: %s\n", err->msg);
      return 1;
    }
  waitpid (pid, NULL, 0);
  printf ("pid %s\n", ns_ino ("/proc/self/ns/pid_for_children") == pid_before ? "same" : "differs");
  printf ("time %s\n", ns_ino ("/proc/self/ns/time_for_children") == time_before ? "same" : "differs");
  /* And a child of ours is where we are. */
  ino_t own = ns_ino ("/proc/self/ns/pid");
  pid_t c = fork ();
  if (c == 0)
    _exit (own != 0 && ns_ino ("/proc/self/ns/pid") == own ? 0 : 3);
  int status = 0;
  waitpid (c, &status, 0);
  printf ("child %s\n", WIFEXITED (status) && WEXITSTATUS (status) == 0 ? "in our pid namespace" : "elsewhere");
  return 0;
}
