/* husk spec - write a default config.json. */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "../libcontainer/specgen.h"
#include "../libcontainer/util/util.h"
#include "cli.h"

static const char help[]
    = "Usage: husk spec [--bundle DIR] [--rootless]\n\n"
      "Write a default config.json into DIR (default: the current directory), equivalent to runc's: sh with a\n"
      "terminal, the default mounts, masked and read-only paths and namespaces.  An existing config.json is\n"
      "never overwritten.\n\n"
      "Options:\n"
      "  -b, --bundle DIR   directory to write config.json into\n"
      "      --rootless     a configuration for an unprivileged user: a user namespace mapping you to root\n";

struct opts
{
  const char *bundle;
  bool rootless;
};

static int
handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  struct opts *o = data;
  if (opt == 'b')
    o->bundle = arg;
  else if (opt == 'R')
    o->rootless = true;
  return 0;
}

static const struct option longopts[] = {
  { "bundle", required_argument, NULL, 'b' },
  { "rootless", no_argument, NULL, 'R' },
  { NULL, 0, NULL, 0 },
};

int
cmd_spec (struct husk_global *g, int argc, char **argv)
{
  struct opts o = { .bundle = "." };
  int first, code;
  if (husk_parse_options (g, "spec", help, argc, argv, longopts, "b:", handle, &o, &first, &code))
    return code;
  if ((code = husk_require_args (g, "spec", argc - first, 0, 0, "no arguments")))
    return code;
  cleanup_close int dirfd = open (o.bundle, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    return husk_fail (g, "spec: --bundle: \"%s\": %s", o.bundle, strerror (errno));
  lc_error *err = NULL;
  if (lc_specgen_write (dirfd, o.bundle, o.rootless, geteuid (), getegid (), &err) < 0)
    {
      lc_error_wrap (&err, "spec");
      return husk_fail_error (g, err);
    }
  return 0;
}
