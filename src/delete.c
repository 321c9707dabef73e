/* husk delete - remove a container and everything it holds. */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "../libcontainer/container.h"
#include "../libcontainer/util/util.h"
#include "cli.h"

static const char help[] = "Usage: husk delete [--force] ID\n\n"
                           "Delete container ID and the resources it holds.  A container that is not stopped\n"
                           "needs --force.  With --force, an ID that does not exist is not an error (callers\n"
                           "such as containerd clean up twice).\n\n"
                           "Options:\n"
                           "  -f, --force   kill the container if it is running; ignore a missing container\n";

static int
handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  if (opt == 'f')
    *(bool *) data = true;
  return 0;
}

static const struct option longopts[] = {
  { "force", no_argument, NULL, 'f' },
  { NULL, 0, NULL, 0 },
};

int
cmd_delete (struct husk_global *g, int argc, char **argv)
{
  bool force = false;
  int first, code;
  if (husk_parse_options (g, "delete", help, argc, argv, longopts, "f", handle, &force, &first, &code))
    return code;
  if ((code = husk_require_args (g, "delete", argc - first, 1, 1, "the container ID")))
    return code;
  const char *id = argv[first];
  lc_error *err = NULL;
  if (lc_container_delete (g->root, id, force, &err) < 0)
    {
      if (force && err->errnum == ENOENT)
        {
          lc_error_free (err);
          return 0;
        }
      return husk_fail_error (g, err);
    }
  return 0;
}
