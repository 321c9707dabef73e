/* husk start - start container id, created by 'husk create': its process runs the program of config. */
#include "config.h"

#include "../libcontainer/container.h"
#include "../libcontainer/spec.h"
#include "../libcontainer/util/util.h"
#include "cli.h"

static const char help[] = "Usage: husk start ID\n\n"
      "Start container ID, created by 'husk create': its process runs the program of config.json.\n";


static int
handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  return 0;
}

int
cmd_start (struct husk_global *g, int argc, char **argv)
{
  int first, code;
  if (husk_parse_options (g, "start", help, argc, argv, NULL, NULL, handle, NULL, &first, &code))
    return code;
  if ((code = husk_require_args (g, "start", argc - first, 1, 1, "the container ID")))
    return code;
  lc_error *err = NULL;
  if (lc_state_validate_id (argv[first], &err) < 0)
    return husk_fail_error (g, err);
  if (lc_container_start (g->root, argv[first], &err) < 0)
    return husk_fail_error (g, err);
  return 0;
}
