/* husk restore - restore container id from a criu checkpoint. */
#include "config.h"

#include "../libcontainer/spec.h"
#include "../libcontainer/util/util.h"
#include "cli.h"

static const char help[] = "Usage: husk restore [options] ID\n\n"
      "Restore container ID from a CRIU checkpoint.\n"
      "\nOptions:\n"
      "      --image-path DIR         checkpoint to restore\n"
      "      --work-path DIR          where to write logs\n"
      "  -b, --bundle DIR             bundle directory\n"
      "      --console-socket SOCK    console socket\n"
      "  -d, --detach                 do not wait\n"
      "      --pid-file FILE          pid file\n"
      "      --tcp-established        restore TCP connections\n"
      "      --ext-unix-sk            external unix sockets\n"
      "      --shell-job              shell jobs\n"
      "      --file-locks             file locks\n"
      "      --manage-cgroups-mode MODE cgroups mode\n"
      "      --no-subreaper           no subreaper\n"
      "      --no-pivot               no pivot_root\n"
      "      --empty-ns NS            empty namespace\n"
      "      --auto-dedup             deduplicate\n"
      "      --lazy-pages             lazy pages\n"
      "      --lsm-profile PROFILE    LSM profile\n"
      "      --lsm-mount-context CTX  LSM mount context\n";

static const struct option longopts[] = {
  { "image-path", required_argument, NULL, 1000 },
  { "work-path", required_argument, NULL, 1001 },
  { "bundle", required_argument, NULL, 'b' },
  { "console-socket", required_argument, NULL, 1003 },
  { "detach", no_argument, NULL, 'd' },
  { "pid-file", required_argument, NULL, 1005 },
  { "tcp-established", no_argument, NULL, 1006 },
  { "ext-unix-sk", no_argument, NULL, 1007 },
  { "shell-job", no_argument, NULL, 1008 },
  { "file-locks", no_argument, NULL, 1009 },
  { "manage-cgroups-mode", required_argument, NULL, 1010 },
  { "no-subreaper", no_argument, NULL, 1011 },
  { "no-pivot", no_argument, NULL, 1012 },
  { "empty-ns", required_argument, NULL, 1013 },
  { "auto-dedup", no_argument, NULL, 1014 },
  { "lazy-pages", no_argument, NULL, 1015 },
  { "lsm-profile", required_argument, NULL, 1016 },
  { "lsm-mount-context", required_argument, NULL, 1017 },
  { NULL, 0, NULL, 0 },
};

static int
handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  return 0;
}

int
cmd_restore (struct husk_global *g, int argc, char **argv)
{
  int first, code;
  if (husk_parse_options (g, "restore", help, argc, argv, longopts, "b:d", handle, NULL, &first, &code))
    return code;
  if ((code = husk_require_args (g, "restore", argc - first, 1, 1, "the container ID")))
    return code;
  lc_error *err = NULL;
  if (lc_state_validate_id (argv[first], &err) < 0)
    return husk_fail_error (g, err);
  return husk_not_implemented (g, "restore", "checkpoint/restore (CRIU) is not planned yet");
}
