/* husk kill - send signal (a name such as kill or sigkill, or a number; default sigterm) to the process of container id. */
#include "config.h"

#include <signal.h>

#include "../libcontainer/container.h"
#include "../libcontainer/spec.h"
#include "../libcontainer/util/util.h"
#include "cli.h"

static const char help[] = "Usage: husk kill [--all] ID [SIGNAL]\n\n"
      "Send SIGNAL (a name such as KILL or SIGKILL, or a number; default SIGTERM) to the process of container ID.\n"
      "\nOptions:\n"
      "  -a, --all                    send the signal to every process of the container\n";

static const struct option longopts[] = {
  { "all", no_argument, NULL, 'a' },
  { NULL, 0, NULL, 0 },
};

static int
handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  if (opt == 'a')
    *(bool *) data = true;
  return 0;
}

int
cmd_kill (struct husk_global *g, int argc, char **argv)
{
  int first, code;
  bool all = false;
  int signo = SIGTERM;
  if (husk_parse_options (g, "kill", help, argc, argv, longopts, "a", handle, &all, &first, &code))
    return code;
  if ((code = husk_require_args (g, "kill", argc - first, 1, 2, "the container ID and an optional signal")))
    return code;
  lc_error *err = NULL;
  if (lc_state_validate_id (argv[first], &err) < 0)
    return husk_fail_error (g, err);
  if (argc - first == 2)
    {
      if (lc_signal_parse (argv[first + 1], &signo) < 0)
        return husk_fail (g, "kill: unknown signal \"%s\" (use a name such as KILL or SIGKILL, or a number)",
                          argv[first + 1]);
    }
  if (lc_container_kill (g->root, argv[first], signo, all, &err) < 0)
    return husk_fail_error (g, err);
  return 0;
}
