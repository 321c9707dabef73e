/* husk ps - list the processes of container id (json: an array of pids). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../libcontainer/spec.h"
#include "../libcontainer/util/util.h"
#include "cli.h"

static const char help[] = "Usage: husk ps [--format table|json] ID [PS-ARGS...]\n\n"
      "List the processes of container ID (json: an array of pids).\n"
      "\nOptions:\n"
      "  -f, --format FORMAT          table (default) or json\n";

static const struct option longopts[] = {
  { "format", required_argument, NULL, 'f' },
  { NULL, 0, NULL, 0 },
};

static int
handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  if (opt == 'f' && strcmp (arg, "json") != 0 && strcmp (arg, "table") != 0)
    return husk_usage_error (g, "ps", "--format: unknown format \"%s\", expected table or json", arg);
  return 0;
}

int
cmd_ps (struct husk_global *g, int argc, char **argv)
{
  int first, code;
  if (husk_parse_options (g, "ps", help, argc, argv, longopts, "f:", handle, NULL, &first, &code))
    return code;
  if ((code = husk_require_args (g, "ps", argc - first, 1, -1, "the container ID")))
    return code;
  lc_error *err = NULL;
  if (lc_state_validate_id (argv[first], &err) < 0)
    return husk_fail_error (g, err);
  struct husk_container c;
  if ((code = husk_open_container (g, argv[first], &c)))
    return code;
  husk_close_container (&c);
  return husk_not_implemented (g, "ps", "ps comes with cgroup support");
}
