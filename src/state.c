/* husk state - print the state of a container as OCI state JSON. */
#include "config.h"

#include <stdio.h>

#include "../libcontainer/container.h"
#include "../libcontainer/state.h"
#include "../libcontainer/util/util.h"
#include "cli.h"

static const char help[] = "Usage: husk state ID\n\n"
                           "Print the state of container ID as JSON (runtime-spec state, plus rootfs, created and\n"
                           "owner): status is creating, created, running, paused or stopped.\n";

static int
no_options (struct husk_global *g, int opt, const char *arg, void *data)
{
  return 0;
}

int
cmd_state (struct husk_global *g, int argc, char **argv)
{
  int first, code;
  if (husk_parse_options (g, "state", help, argc, argv, NULL, NULL, no_options, NULL, &first, &code))
    return code;
  if ((code = husk_require_args (g, "state", argc - first, 1, 1, "the container ID")))
    return code;
  lc_error *err = NULL;
  lc_state *st = NULL;
  if (lc_container_state (g->root, argv[first], &st, &err) < 0)
    return husk_fail_error (g, err);
  cleanup_free char *owner = husk_user_name (st->owner);
  cleanup_free char *json = lc_state_oci_json (st, owner, true);
  lc_state_free (st);
  printf ("%s\n", json);
  return 0;
}
