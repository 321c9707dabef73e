/* husk ps - list the processes of container id: ps(1)'s lines for them
 * (table), or a JSON array of their pids (json, which containerd's shim
 * reads). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../libcontainer/container.h"
#include "../libcontainer/state.h"
#include "../libcontainer/util/util.h"
#include "cli.h"

static const char help[] = "Usage: husk ps [--format table|json] ID [PS-ARGS...]\n\n"
      "List the processes of container ID: the lines of ps(1) (default arguments -ef) for them, or with\n"
      "--format json a JSON array of their pids.\n"
      "\nOptions:\n"
      "  -f, --format FORMAT          table (default) or json\n";

static const struct option longopts[] = {
  { "format", required_argument, NULL, 'f' },
  { NULL, 0, NULL, 0 },
};

static int
handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  const char **format = data;
  if (opt == 'f' && strcmp (arg, "json") != 0 && strcmp (arg, "table") != 0)
    return husk_usage_error (g, "ps", "--format: unknown format \"%s\", expected table or json", arg);
  if (opt == 'f')
    *format = arg;
  return 0;
}

static bool
member (pid_t p, const pid_t *pids, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (pids[i] == p)
      return true;
  return false;
}

/* Run ps with args and keep the header and the lines of our pids, found by
   the PID column of the header (as runc does). */
static int
table (struct husk_global *g, char **args, size_t nargs, const pid_t *pids, size_t n)
{
  char **argv = xcalloc (nargs + 3, sizeof (char *));
  argv[0] = (char *) "ps";
  if (nargs == 0)
    argv[1] = (char *) "-ef";
  for (size_t i = 0; i < nargs; i++)
    argv[1 + i] = args[i];
  int fds[2];
  if (pipe2 (fds, O_CLOEXEC) < 0)
    return husk_fail (g, "ps: pipe: %s", strerror (errno));
  pid_t child = fork ();
  if (child < 0)
    {
      int e = errno;
      close (fds[0]);
      close (fds[1]);
      free (argv);
      return husk_fail (g, "ps: fork: %s", strerror (e));
    }
  if (child == 0)
    {
      dup2 (fds[1], 1);
      execvp ("ps", argv);
      fprintf (stderr, "husk: ps: exec ps: %s\n", strerror (errno));
      _exit (127);
    }
  free (argv);
  close (fds[1]);
  FILE *f = fdopen (fds[0], "r");
  char *line = NULL;
  size_t cap = 0;
  int col = -1;
  while (f && getline (&line, &cap, f) > 0)
    {
      if (col < 0)
        {
          /* The header: which column is PID. */
          cleanup_free char *copy = xstrdup (line);
          char *save = NULL;
          int i = 0;
          for (char *w = strtok_r (copy, " \t\n", &save); w; w = strtok_r (NULL, " \t\n", &save), i++)
            if (strcmp (w, "PID") == 0)
              col = i;
          if (col < 0)
            {
              fclose (f);
              free (line);
              waitpid (child, NULL, 0);
              return husk_fail (g, "ps: the output of ps has no PID column");
            }
          fputs (line, stdout);
          continue;
        }
      cleanup_free char *copy = xstrdup (line);
      char *save = NULL, *w = strtok_r (copy, " \t\n", &save);
      for (int i = 0; w && i < col; i++)
        w = strtok_r (NULL, " \t\n", &save);
      if (w && member ((pid_t) atoi (w), pids, n))
        fputs (line, stdout);
    }
  free (line);
  if (f)
    fclose (f);
  int status = 0;
  waitpid (child, &status, 0);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return husk_fail (g, "ps: ps exited with status %d", WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status));
  return 0;
}

int
cmd_ps (struct husk_global *g, int argc, char **argv)
{
  int first, code;
  const char *format = "table";
  if (husk_parse_options (g, "ps", help, argc, argv, longopts, "+f:", handle, &format, &first, &code))
    return code;
  if ((code = husk_require_args (g, "ps", argc - first, 1, -1, "the container ID")))
    return code;
  lc_error *err = NULL;
  pid_t *pids = NULL;
  size_t n = 0;
  if (lc_container_pids (g->root, argv[first], &pids, &n, &err) < 0)
    return husk_fail_error (g, err);
  if (strcmp (format, "json") == 0)
    {
      putchar ('[');
      for (size_t i = 0; i < n; i++)
        printf ("%s%d", i ? "," : "", (int) pids[i]);
      puts ("]");
      free (pids);
      return 0;
    }
  code = table (g, argv + first + 1, (size_t) (argc - first - 1), pids, n);
  free (pids);
  return code;
}
