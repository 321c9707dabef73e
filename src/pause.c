/* husk pause - freeze every process of container id (its cgroup's freezer). */
#include "config.h"

#include "../libcontainer/container.h"
#include "../libcontainer/state.h"
#include "cli.h"

static const char help[] = "Usage: husk pause ID\n\n"
      "Freeze every process of container ID.\n";

static int
handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  return 0;
}

int
cmd_pause (struct husk_global *g, int argc, char **argv)
{
  int first, code;
  if (husk_parse_options (g, "pause", help, argc, argv, NULL, NULL, handle, NULL, &first, &code))
    return code;
  if ((code = husk_require_args (g, "pause", argc - first, 1, 1, "the container ID")))
    return code;
  lc_error *err = NULL;
  if (lc_container_pause (g->root, argv[first], true, &err) < 0)
    return husk_fail_error (g, err);
  return 0;
}
