/* husk run - create and start a container, and wait for it. */
#include "config.h"

#include <stdlib.h>

#include "../libcontainer/spec.h"
#include "cli.h"

static const char help[]
    = "Usage: husk run [options] ID\n\n"
      "Create and start container ID from the bundle.  Without --detach, wait for it and exit with its\n"
      "exit status (128+N when killed by signal N), forwarding signals to it.\n\n"
      "Options:\n"
      "  -b, --bundle DIR          bundle directory (default: the current directory)\n"
      "      --console-socket SOCK unix socket that receives the pty master when process.terminal is true\n"
      "      --pid-file FILE       write the container process's pid to FILE\n"
      "  -d, --detach              do not wait for the container\n"
      "      --keep                keep the container's state after it exits\n"
      "      --no-pivot            use MS_MOVE and chroot instead of pivot_root\n"
      "      --no-new-keyring      keep the caller's session keyring\n"
      "      --preserve-fds N      pass N extra fds (3 .. 3+N-1) to the container\n";

static const struct option longopts[] = {
  { "bundle", required_argument, NULL, 'b' },
  { "console-socket", required_argument, NULL, 'C' },
  { "pid-file", required_argument, NULL, 'P' },
  { "detach", no_argument, NULL, 'd' },
  { "keep", no_argument, NULL, 'k' },
  { "no-pivot", no_argument, NULL, 'N' },
  { "no-new-keyring", no_argument, NULL, 'K' },
  { "preserve-fds", required_argument, NULL, 'F' },
  { "no-subreaper", no_argument, NULL, 'S' },
  { NULL, 0, NULL, 0 },
};

int
cmd_run (struct husk_global *g, int argc, char **argv)
{
  struct husk_create_opts o = { .cmd = "run" };
  int first, code;
  if (husk_parse_options (g, "run", help, argc, argv, longopts, "b:d", husk_create_handle, &o, &first, &code))
    return code;
  if ((code = husk_require_args (g, "run", argc - first, 1, 1, "the container ID")))
    return code;
  lc_spec *spec = NULL;
  code = husk_create_check (g, &o, argv[first], &spec);
  lc_spec_free (spec);
  free (o.bundle_abs);
  if (code)
    return code;
  return husk_not_implemented (g, "run", "the container lifecycle comes next; the bundle and its config.json are valid");
}
