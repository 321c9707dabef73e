/* husk update - update the resource limits of container id, from --resources (a json file, - for stdin) and the flags. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../libcontainer/container.h"
#include "../libcontainer/spec.h"
#include "../libcontainer/state.h"
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

struct opts
{
  const char *resources;
  const char *val[20]; /* by option - 1000 */
};

static int
handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  struct opts *o = data;
  if (opt == 'r')
    o->resources = arg;
  else if (opt >= 1001 && opt <= 1014)
    o->val[opt - 1000] = arg;
  return 0;
}

/* runc's sizes: a number with an optional binary unit (b, k, m, g, t; "kb"
   and "KiB" alike), or -1 for unlimited. */
static int
parse_bytes (const char *s, int64_t *out)
{
  if (strcmp (s, "-1") == 0)
    {
      *out = -1;
      return 0;
    }
  char *end = NULL;
  errno = 0;
  double v = strtod (s, &end);
  if (end == s || errno || v < 0)
    return -1;
  double mul = 1;
  switch (*end | 0x20)
    {
    case 'k': mul = 1024.0; end++; break;
    case 'm': mul = 1024.0 * 1024; end++; break;
    case 'g': mul = 1024.0 * 1024 * 1024; end++; break;
    case 't': mul = 1024.0 * 1024 * 1024 * 1024; end++; break;
    default: break;
    }
  if ((*end | 0x20) == 'i')
    end++;
  if ((*end | 0x20) == 'b')
    end++;
  if (*end != '\0' || v * mul > 9.2e18)
    return -1;
  *out = (int64_t) (v * mul);
  return 0;
}

static int
flag_i64 (struct husk_global *g, const char *name, const char *v, int64_t *out)
{
  if (lc_parse_i64 (v, out) < 0)
    return husk_usage_error (g, "update", "--%s: expected a number, got \"%s\"", name, v);
  return 0;
}

/* The flags on top of --resources, as runc applies them. */
static int
apply_flags (struct husk_global *g, const struct opts *o, lc_spec_resources *r)
{
  static const char *const names[] = { NULL, "blkio-weight", "cpu-period", "cpu-quota", "cpu-rt-period",
                                       "cpu-rt-runtime", "cpu-share", "cpuset-cpus", "cpuset-mems", "memory",
                                       "memory-reservation", "memory-swap", "pids-limit", "l3-cache-schema",
                                       "mem-bw-schema" };
  int64_t v;
  static const int numeric[] = { 1, 2, 3, 4, 5, 6, 12 };
  for (size_t i = 0; i < sizeof numeric / sizeof numeric[0]; i++)
    if (o->val[numeric[i]] && flag_i64 (g, names[numeric[i]], o->val[numeric[i]], &v))
      return 2;
  if (o->val[13] || o->val[14])
    return husk_fail (g, "update: --%s: Intel RDT is not supported", o->val[13] ? names[13] : names[14]);
  for (int k = 9; k <= 11; k++)
    if (o->val[k])
      {
        if (parse_bytes (o->val[k], &v) < 0)
          return husk_usage_error (g, "update", "--%s: expected a size such as 64m, 1g or -1, got \"%s\"", names[k],
                                   o->val[k]);
        if (r->memory == NULL)
          r->memory = xcalloc (1, sizeof (*r->memory));
        if (k == 9)
          r->memory->limit = v, r->memory->has_limit = true;
        else if (k == 10)
          r->memory->reservation = v, r->memory->has_reservation = true;
        else
          r->memory->swap = v, r->memory->has_swap = true;
      }
  for (int k = 2; k <= 8; k++)
    if (o->val[k] && r->cpu == NULL)
      r->cpu = xcalloc (1, sizeof (*r->cpu));
  struct lc_spec_cpu *c = r->cpu;
  if (o->val[2] && lc_parse_i64 (o->val[2], &v) == 0)
    c->period = (uint64_t) v, c->has_period = true;
  if (o->val[3] && lc_parse_i64 (o->val[3], &v) == 0)
    c->quota = v, c->has_quota = true;
  if (o->val[4] && lc_parse_i64 (o->val[4], &v) == 0)
    c->realtime_period = (uint64_t) v, c->has_realtime_period = true;
  if (o->val[5] && lc_parse_i64 (o->val[5], &v) == 0)
    c->realtime_runtime = v, c->has_realtime_runtime = true;
  if (o->val[6] && lc_parse_i64 (o->val[6], &v) == 0)
    c->shares = (uint64_t) v, c->has_shares = true;
  if (o->val[7])
    {
      free (c->cpus);
      c->cpus = xstrdup (o->val[7]);
    }
  if (o->val[8])
    {
      free (c->mems);
      c->mems = xstrdup (o->val[8]);
    }
  if (o->val[12])
    {
      lc_parse_i64 (o->val[12], &v);
      if (r->pids == NULL)
        r->pids = xcalloc (1, sizeof (*r->pids));
      r->pids->limit = v;
    }
  if (o->val[1])
    {
      lc_parse_i64 (o->val[1], &v);
      if (v < 10 || v > 1000)
        return husk_usage_error (g, "update", "--blkio-weight: expected 10 to 1000, got \"%s\"", o->val[1]);
      if (r->block_io == NULL)
        r->block_io = xcalloc (1, sizeof (*r->block_io));
      r->block_io->weight = (uint16_t) v;
      r->block_io->has_weight = true;
    }
  return 0;
}

int
cmd_update (struct husk_global *g, int argc, char **argv)
{
  int first, code;
  struct opts o = { 0 };
  if (husk_parse_options (g, "update", help, argc, argv, longopts, "r:", handle, &o, &first, &code))
    return code;
  if ((code = husk_require_args (g, "update", argc - first, 1, 1, "the container ID")))
    return code;
  lc_error *err = NULL;
  lc_spec_resources *r = NULL;
  if (o.resources)
    {
      cleanup_free char *buf = NULL;
      size_t len = 0;
      bool in = strcmp (o.resources, "-") == 0;
      const char *name = in ? "--resources -" : o.resources;
      if ((in ? lc_read_fd (0, "standard input", LC_SPEC_MAX_FILE, &buf, &len, &err)
              : lc_read_file (name, LC_SPEC_MAX_FILE, &buf, &len, &err))
              < 0
          || lc_spec_parse_resources (buf, len, name, &r, &err) < 0)
        return husk_fail_error (g, err);
    }
  else
    r = xcalloc (1, sizeof (*r));
  if ((code = apply_flags (g, &o, r)))
    {
      lc_spec_resources_free (r);
      return code;
    }
  code = lc_container_update (g->root, argv[first], r, &err) < 0 ? husk_fail_error (g, err) : 0;
  lc_spec_resources_free (r);
  return code;
}
