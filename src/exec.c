/* husk exec - run a new process inside container id: command, or the process. */
#include "config.h"

#include "../libcontainer/spec.h"
#include "../libcontainer/util/util.h"
#include "cli.h"

static const char help[] = "Usage: husk exec [options] ID [COMMAND [ARG...]]\n\n"
      "Run a new process inside container ID: COMMAND, or the process.json given with --process.\n"
      "\nOptions:\n"
      "      --console-socket S       unix socket that receives the pty master with --tty\n"
      "      --cwd DIR                working directory of the process\n"
      "  -e, --env NAME=VALUE         set an environment variable (repeatable)\n"
      "  -t, --tty                    allocate a pseudo-terminal\n"
      "  -u, --user UID[:GID]         user (and group) to run as\n"
      "  -g, --additional-gids GID    additional group (repeatable)\n"
      "  -p, --process FILE           process.json describing the process\n"
      "  -d, --detach                 do not wait for the process\n"
      "      --pid-file FILE          write the process's pid to FILE\n"
      "      --process-label LABEL    SELinux label of the process\n"
      "      --apparmor PROFILE       AppArmor profile of the process\n"
      "      --no-new-privs           set no_new_privs for the process\n"
      "  -c, --cap CAP                add a capability (repeatable)\n"
      "      --preserve-fds N         pass N extra fds to the process\n"
      "      --cgroup PATH            run in this sub-cgroup of the container\n"
      "      --ignore-paused          allow exec in a paused container\n"
      "      --no-subreaper           accepted for runc compatibility\n";

static const struct option longopts[] = {
  { "console-socket", required_argument, NULL, 1000 },
  { "cwd", required_argument, NULL, 1001 },
  { "env", required_argument, NULL, 'e' },
  { "tty", no_argument, NULL, 't' },
  { "user", required_argument, NULL, 'u' },
  { "additional-gids", required_argument, NULL, 'g' },
  { "process", required_argument, NULL, 'p' },
  { "detach", no_argument, NULL, 'd' },
  { "pid-file", required_argument, NULL, 1008 },
  { "process-label", required_argument, NULL, 1009 },
  { "apparmor", required_argument, NULL, 1010 },
  { "no-new-privs", no_argument, NULL, 1011 },
  { "cap", required_argument, NULL, 'c' },
  { "preserve-fds", required_argument, NULL, 1013 },
  { "cgroup", required_argument, NULL, 1014 },
  { "ignore-paused", no_argument, NULL, 1015 },
  { "no-subreaper", no_argument, NULL, 1016 },
  { NULL, 0, NULL, 0 },
};

static int
handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  if (opt == 1013)
    {
      int n;
      if (lc_parse_int (arg, &n) < 0 || n < 0)
        return husk_usage_error (g, "exec", "--preserve-fds: expected a number of fds, got \"%s\"", arg);
    }
  return 0;
}

int
cmd_exec (struct husk_global *g, int argc, char **argv)
{
  int first, code;
  if (husk_parse_options (g, "exec", help, argc, argv, longopts, "e:tu:g:p:dc:", handle, NULL, &first, &code))
    return code;
  if ((code = husk_require_args (g, "exec", argc - first, 1, -1, "the container ID")))
    return code;
  lc_error *err = NULL;
  if (lc_state_validate_id (argv[first], &err) < 0)
    return husk_fail_error (g, err);
  struct husk_container c;
  if ((code = husk_open_container (g, argv[first], &c)))
    return code;
  husk_close_container (&c);
  return husk_not_implemented (g, "exec", "exec comes with the container lifecycle");
}
