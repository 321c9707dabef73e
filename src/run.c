/* husk run - create and start a container, and wait for it. */
#include "config.h"

#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <termios.h>
#include <unistd.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "../libcontainer/container.h"
#include "../libcontainer/spec.h"
#include "../libcontainer/util/util.h"
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
  const char *id = argv[first];
  lc_spec *spec = NULL;
  pid_t pid = -1;
  int master = -1;
  /* Signals that arrive while we set up are held and forwarded once the
     container runs, rather than killing us half-way. */
  sigset_t all, old;
  sigfillset (&all);
  sigprocmask (SIG_BLOCK, &all, &old);
  code = husk_create_check (g, &o, id, &spec);
  if (code == 0)
    {
      /* With a terminal and nobody to send it to, we proxy the pty. */
      if (spec->process->terminal && o.console_socket == NULL && !o.detach)
        o.console_master = &master;
      code = husk_create_container (g, &o, id, spec, &pid);
    }
  lc_spec_free (spec);
  free (o.bundle_abs);
  lc_error *err = NULL;
  if (code == 0 && lc_container_start (g->root, id, &err) < 0)
    {
      code = husk_fail_error (g, err);
      lc_container_delete (g->root, id, true, NULL);
    }
  if (code || o.detach)
    {
      sigprocmask (SIG_SETMASK, &old, NULL);
      return code;
    }
  code = husk_wait_process (pid, master);
  if (master >= 0)
    close (master);
  if (!o.keep && lc_container_delete (g->root, id, true, &err) < 0)
    husk_fail_error (g, err);
  return code;
}
