/* husk features - what this build supports, as JSON. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "../libcontainer/features.h"
#include "cli.h"

static const char help[] = "Usage: husk features\n\n"
                           "Print what this build of husk supports as JSON (runtime-spec features.md): spec versions,\n"
                           "hooks, mount options, namespaces, capabilities, seccomp, cgroup drivers, LSMs, idmapped\n"
                           "mounts.\n";

static int
no_options (struct husk_global *g, int opt, const char *arg, void *data)
{
  return 0;
}

int
cmd_features (struct husk_global *g, int argc, char **argv)
{
  int first, code;
  if (husk_parse_options (g, "features", help, argc, argv, NULL, NULL, no_options, NULL, &first, &code))
    return code;
  if ((code = husk_require_args (g, "features", argc - first, 0, 0, "no arguments")))
    return code;
  char *json = lc_features_json ();
  printf ("%s\n", json);
  free (json);
  return 0;
}
