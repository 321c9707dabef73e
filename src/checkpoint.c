/* husk checkpoint - checkpoint container id with criu. */
#include "config.h"

#include "../libcontainer/container.h"
#include "../libcontainer/spec.h"
#include "../libcontainer/state.h"
#include "../libcontainer/util/util.h"
#include "cli.h"

static const char help[] = "Usage: husk checkpoint [options] ID\n\n"
      "Checkpoint container ID with CRIU.\n"
      "\nOptions:\n"
      "      --image-path DIR         where to write the checkpoint\n"
      "      --work-path DIR          where to write logs\n"
      "      --parent-path DIR        previous checkpoint\n"
      "      --leave-running          keep running after the checkpoint\n"
      "      --tcp-established        allow open TCP connections\n"
      "      --ext-unix-sk            allow external unix sockets\n"
      "      --shell-job              allow shell jobs\n"
      "      --lazy-pages             lazy migration\n"
      "      --status-fd FD           fd to report progress\n"
      "      --page-server ADDR       page server address\n"
      "      --file-locks             handle file locks\n"
      "      --pre-dump               dump memory only\n"
      "      --manage-cgroups-mode MODE cgroups mode\n"
      "      --empty-ns NS            namespace to leave empty\n"
      "      --auto-dedup             deduplicate images\n";

static const struct option longopts[] = {
  { "image-path", required_argument, NULL, 1000 },
  { "work-path", required_argument, NULL, 1001 },
  { "parent-path", required_argument, NULL, 1002 },
  { "leave-running", no_argument, NULL, 1003 },
  { "tcp-established", no_argument, NULL, 1004 },
  { "ext-unix-sk", no_argument, NULL, 1005 },
  { "shell-job", no_argument, NULL, 1006 },
  { "lazy-pages", no_argument, NULL, 1007 },
  { "status-fd", required_argument, NULL, 1008 },
  { "page-server", required_argument, NULL, 1009 },
  { "file-locks", no_argument, NULL, 1010 },
  { "pre-dump", no_argument, NULL, 1011 },
  { "manage-cgroups-mode", required_argument, NULL, 1012 },
  { "empty-ns", required_argument, NULL, 1013 },
  { "auto-dedup", no_argument, NULL, 1014 },
  { NULL, 0, NULL, 0 },
};

static int
handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  return 0;
}

int
cmd_checkpoint (struct husk_global *g, int argc, char **argv)
{
  int first, code;
  if (husk_parse_options (g, "checkpoint", help, argc, argv, longopts, NULL, handle, NULL, &first, &code))
    return code;
  if ((code = husk_require_args (g, "checkpoint", argc - first, 1, 1, "the container ID")))
    return code;
  lc_error *err = NULL;
  lc_state *st = NULL;
  if (lc_container_state (g->root, argv[first], &st, &err) < 0)
    return husk_fail_error (g, err);
  lc_state_free (st);
  return husk_not_implemented (g, "checkpoint", "checkpoint/restore (CRIU) is not planned yet");
}
