/* husk update - update the resource limits of container id, from --resources (a json file, - for stdin) and the flags. */
#include "config.h"

#include "../libcontainer/spec.h"
#include "../libcontainer/util/util.h"
#include "cli.h"

static const char help[] = "Usage: husk update [options] ID\n\n"
      "Update the resource limits of container ID, from --resources (a JSON file, - for stdin) and the flags.\n"
      "\nOptions:\n"
      "  -r, --resources FILE         linux.resources as JSON; - reads stdin\n"
      "      --blkio-weight N         block I/O weight (10-1000)\n"
      "      --cpu-period N           CPU CFS period in microseconds\n"
      "      --cpu-quota N            CPU CFS quota in microseconds\n"
      "      --cpu-rt-period N        CPU realtime period in microseconds\n"
      "      --cpu-rt-runtime N       CPU realtime runtime in microseconds\n"
      "      --cpu-share N            CPU shares\n"
      "      --cpuset-cpus LIST       CPUs to run on\n"
      "      --cpuset-mems LIST       memory nodes to use\n"
      "      --memory BYTES           memory limit\n"
      "      --memory-reservation BYTES memory soft limit\n"
      "      --memory-swap BYTES      memory plus swap limit\n"
      "      --pids-limit N           maximum number of processes\n"
      "      --l3-cache-schema SCHEMA Intel RDT L3 cache schema\n"
      "      --mem-bw-schema SCHEMA   Intel RDT memory bandwidth schema\n";

static const struct option longopts[] = {
  { "resources", required_argument, NULL, 'r' },
  { "blkio-weight", required_argument, NULL, 1001 },
  { "cpu-period", required_argument, NULL, 1002 },
  { "cpu-quota", required_argument, NULL, 1003 },
  { "cpu-rt-period", required_argument, NULL, 1004 },
  { "cpu-rt-runtime", required_argument, NULL, 1005 },
  { "cpu-share", required_argument, NULL, 1006 },
  { "cpuset-cpus", required_argument, NULL, 1007 },
  { "cpuset-mems", required_argument, NULL, 1008 },
  { "memory", required_argument, NULL, 1009 },
  { "memory-reservation", required_argument, NULL, 1010 },
  { "memory-swap", required_argument, NULL, 1011 },
  { "pids-limit", required_argument, NULL, 1012 },
  { "l3-cache-schema", required_argument, NULL, 1013 },
  { "mem-bw-schema", required_argument, NULL, 1014 },
  { NULL, 0, NULL, 0 },
};

static int
handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  return 0;
}

int
cmd_update (struct husk_global *g, int argc, char **argv)
{
  int first, code;
  if (husk_parse_options (g, "update", help, argc, argv, longopts, "r:", handle, NULL, &first, &code))
    return code;
  if ((code = husk_require_args (g, "update", argc - first, 1, 1, "the container ID")))
    return code;
  lc_error *err = NULL;
  if (lc_state_validate_id (argv[first], &err) < 0)
    return husk_fail_error (g, err);
  struct husk_container c;
  if ((code = husk_open_container (g, argv[first], &c)))
    return code;
  husk_close_container (&c);
  return husk_not_implemented (g, "update", "update comes with cgroup support");
}
