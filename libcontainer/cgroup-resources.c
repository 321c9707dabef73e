/* husk - linux.resources to the values the cgroup files take: pure
 * functions of the config (no cgroup filesystem), shared by the managers
 * and unit-tested in tests/test-cgroup.c. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cgroup-internal.h"

/* ---- what is asked ---- */

static const char *
memory_asked (const struct lc_spec_memory *m)
{
  if (m->has_limit && m->limit > 0)
    return "linux.resources.memory.limit";
  if (m->has_reservation && m->reservation > 0)
    return "linux.resources.memory.reservation";
  if (m->has_swap && m->swap > 0)
    return "linux.resources.memory.swap";
  if (m->has_swappiness)
    return "linux.resources.memory.swappiness";
  if (m->has_disable_oom_killer && m->disable_oom_killer)
    return "linux.resources.memory.disableOOMKiller";
  if (m->has_kernel_tcp && m->kernel_tcp > 0)
    return "linux.resources.memory.kernelTCP";
  return NULL; /* kernel is ignored with a warning anyway */
}

static const char *
cpu_asked (const struct lc_spec_cpu *c)
{
  if (c->has_shares && c->shares)
    return "linux.resources.cpu.shares";
  /* A period alone limits nothing: without a quota the cgroup may use all. */
  if (c->has_quota && c->quota > 0)
    return "linux.resources.cpu.quota";
  if (c->has_burst && c->burst)
    return "linux.resources.cpu.burst";
  if ((c->has_realtime_period && c->realtime_period) || (c->has_realtime_runtime && c->realtime_runtime))
    return c->has_realtime_runtime && c->realtime_runtime ? "linux.resources.cpu.realtimeRuntime"
                                                          : "linux.resources.cpu.realtimePeriod";
  if (c->has_idle && c->idle)
    return "linux.resources.cpu.idle";
  if (c->cpus && *c->cpus)
    return "linux.resources.cpu.cpus";
  if (c->mems && *c->mems)
    return "linux.resources.cpu.mems";
  return NULL;
}

static const char *
blkio_asked (const struct lc_spec_blockio *b)
{
  if ((b->has_weight && b->weight) || (b->has_leaf_weight && b->leaf_weight))
    return b->has_weight && b->weight ? "linux.resources.blockIO.weight" : "linux.resources.blockIO.leafWeight";
  for (size_t i = 0; i < b->n_weight_device; i++)
    if (b->weight_device[i].has_weight || b->weight_device[i].has_leaf_weight)
      return "linux.resources.blockIO.weightDevice";
  if (b->n_throttle_read_bps)
    return "linux.resources.blockIO.throttleReadBpsDevice";
  if (b->n_throttle_write_bps)
    return "linux.resources.blockIO.throttleWriteBpsDevice";
  if (b->n_throttle_read_iops)
    return "linux.resources.blockIO.throttleReadIOPSDevice";
  if (b->n_throttle_write_iops)
    return "linux.resources.blockIO.throttleWriteIOPSDevice";
  return NULL;
}

const char *
lc_cgroup_asked (const lc_spec_resources *r, bool rootless)
{
  if (r == NULL)
    return NULL;
  const char *f = NULL;
  if ((r->memory && (f = memory_asked (r->memory))) || (r->cpu && (f = cpu_asked (r->cpu)))
      || (r->block_io && (f = blkio_asked (r->block_io))))
    return f;
  if (r->pids && r->pids->limit > 0)
    return "linux.resources.pids.limit";
  if (r->n_hugepage_limits)
    return "linux.resources.hugepageLimits";
  if (r->network && (r->network->has_class_id || r->network->n_priorities))
    return r->network->has_class_id ? "linux.resources.network.classID" : "linux.resources.network.priorities";
  if (r->n_rdma)
    return "linux.resources.rdma";
  if (r->unified.len)
    return "linux.resources.unified";
  if (r->n_devices && !rootless)
    return "linux.resources.devices";
  return NULL;
}

/* ---- devices ---- */

/* What every container may use whatever its rules say, as runc and crun
   append them: mknod of any device node (using one is another matter),
   /dev/null, zero, full, random, urandom, tty, console, ptmx and the ptys. */
static const lc_spec_device_rule default_rules[] = {
  { .allow = true, .type = 'c', .access = (char *) "m" },
  { .allow = true, .type = 'b', .access = (char *) "m" },
  { .allow = true, .type = 'c', .has_major = true, .major = 1, .has_minor = true, .minor = 3 },
  { .allow = true, .type = 'c', .has_major = true, .major = 1, .has_minor = true, .minor = 5 },
  { .allow = true, .type = 'c', .has_major = true, .major = 1, .has_minor = true, .minor = 7 },
  { .allow = true, .type = 'c', .has_major = true, .major = 1, .has_minor = true, .minor = 8 },
  { .allow = true, .type = 'c', .has_major = true, .major = 1, .has_minor = true, .minor = 9 },
  { .allow = true, .type = 'c', .has_major = true, .major = 5, .has_minor = true, .minor = 0 },
  { .allow = true, .type = 'c', .has_major = true, .major = 5, .has_minor = true, .minor = 1 },
  { .allow = true, .type = 'c', .has_major = true, .major = 5, .has_minor = true, .minor = 2 },
  { .allow = true, .type = 'c', .has_major = true, .major = 136 },
};

/* linux.devices only creates nodes: as with runc, access to one is granted
   by linux.resources.devices alone, never by its being listed (a deny-all
   config listing /dev/kmsg must not read the host's kernel log). */
lc_spec_device_rule *
lc_cgroup_device_rules (const lc_spec_resources *r, size_t *n)
{
  size_t nd = LC_ARRAY_SIZE (default_rules);
  lc_spec_device_rule *all = xcalloc (r->n_devices + nd, sizeof *all);
  size_t k = 0;
  for (size_t i = 0; i < r->n_devices; i++)
    all[k++] = r->devices[i];
  for (size_t i = 0; i < nd; i++)
    all[k++] = default_rules[i];
  *n = k;
  return all;
}

char *
lc_cgroup_v1_device_line (const lc_spec_device_rule *r)
{
  if (r->type == 'a' || r->type == 0)
    return xstrdup ("a");
  char major[24] = "*", minor[24] = "*";
  if (r->has_major && r->major >= 0)
    snprintf (major, sizeof major, "%lld", (long long) r->major);
  if (r->has_minor && r->minor >= 0)
    snprintf (minor, sizeof minor, "%lld", (long long) r->minor);
  return xasprintf ("%c %s:%s %s", r->type, major, minor, r->access && *r->access ? r->access : "rwm");
}

/* ---- memory ---- */

int
lc_cgroup_check_swap (const struct lc_spec_memory *m, lc_error **err)
{
  if (m->has_swap && m->swap > 0 && m->has_limit && m->limit > 0 && m->swap < m->limit)
    return lc_error_setc (err, EINVAL,
                          "linux.resources.memory.swap: %lld is less than the memory limit %lld (swap counts memory "
                          "plus swap)",
                          (long long) m->swap, (long long) m->limit);
  return 0;
}

char *
lc_cgroup_v2_memory_max (const struct lc_spec_memory *m)
{
  if (!m->has_limit || m->limit == 0)
    return NULL;
  return m->limit < 0 ? xstrdup ("max") : xasprintf ("%lld", (long long) m->limit);
}

int
lc_cgroup_v2_swap_max (const struct lc_spec_memory *m, char **value)
{
  *value = NULL;
  if (!m->has_swap || m->swap == 0)
    {
      /* Unlimited memory without a swap value: swap unlimited too, as on v1. */
      if (m->has_limit && m->limit == -1)
        {
          *value = xstrdup ("max");
          return LC_CGROUP_SWAP_IMPLIED;
        }
      return LC_CGROUP_SWAP_NONE;
    }
  if (m->swap < 0)
    *value = xstrdup ("max");
  else if (!m->has_limit || m->limit <= 0)
    return -EINVAL;
  else
    *value = xasprintf ("%lld", (long long) (m->swap - m->limit));
  return LC_CGROUP_SWAP_SET;
}

/* ---- cpu ---- */

uint64_t
lc_cgroup_shares_to_weight (uint64_t shares)
{
  /* A quadratic fit in log2(shares) through runc's three fixed points:
     2 -> 1, 1024 -> 100 (the defaults of both), 262144 -> 10000. */
  if (shares == 0)
    return 0;
  if (shares <= 2)
    return 1;
  if (shares >= 262144)
    return 10000;
  double l = log2 ((double) shares);
  double exponent = (l * l + 125 * l) / 612.0 - 7.0 / 34.0;
  return (uint64_t) ceil (pow (10, exponent));
}

char *
lc_cgroup_cpu_max (const struct lc_spec_cpu *c, const char **field)
{
  if (!c->has_quota && !c->has_period)
    return NULL;
  char quota[32] = "max";
  if (c->has_quota && c->quota > 0)
    snprintf (quota, sizeof quota, "%lld", (long long) c->quota);
  uint64_t period = c->has_period && c->period ? c->period : 100000;
  *field = c->has_quota ? "linux.resources.cpu.quota" : "linux.resources.cpu.period";
  return xasprintf ("%s %llu", quota, (unsigned long long) period);
}

/* ---- block I/O ---- */

unsigned
lc_cgroup_blkio_to_io_weight (unsigned weight)
{
  return (unsigned) (1 + ((int) weight - 10) * 9999 / 990);
}

void
lc_cgroup_throttles (const struct lc_spec_blockio *b, struct lc_cgroup_throttle out[4])
{
  out[0] = (struct lc_cgroup_throttle) { b->throttle_read_bps, b->n_throttle_read_bps, "throttleReadBpsDevice",
                                         "rbps", "blkio.throttle.read_bps_device" };
  out[1] = (struct lc_cgroup_throttle) { b->throttle_write_bps, b->n_throttle_write_bps, "throttleWriteBpsDevice",
                                         "wbps", "blkio.throttle.write_bps_device" };
  out[2] = (struct lc_cgroup_throttle) { b->throttle_read_iops, b->n_throttle_read_iops, "throttleReadIOPSDevice",
                                         "riops", "blkio.throttle.read_iops_device" };
  out[3] = (struct lc_cgroup_throttle) { b->throttle_write_iops, b->n_throttle_write_iops, "throttleWriteIOPSDevice",
                                         "wiops", "blkio.throttle.write_iops_device" };
}

char *
lc_cgroup_io_max_line (const char *key, const lc_spec_throttle *t)
{
  char rate[32] = "max";
  if (t->rate)
    snprintf (rate, sizeof rate, "%llu", (unsigned long long) t->rate);
  return xasprintf ("%lld:%lld %s=%s", (long long) t->major, (long long) t->minor, key, rate);
}

char *
lc_cgroup_blkio_throttle_line (const lc_spec_throttle *t)
{
  return xasprintf ("%lld:%lld %llu", (long long) t->major, (long long) t->minor, (unsigned long long) t->rate);
}

/* ---- rdma, unified ---- */

char *
lc_cgroup_rdma_line (const struct lc_spec_rdma *m)
{
  char handles[32] = "max", objects[32] = "max";
  if (m->has_hca_handles)
    snprintf (handles, sizeof handles, "%u", m->hca_handles);
  if (m->has_hca_objects)
    snprintf (objects, sizeof objects, "%u", m->hca_objects);
  return xasprintf ("%s hca_handle=%s hca_object=%s", m->device, handles, objects);
}

const char *
lc_cgroup_unified_key_error (const char *key)
{
  if (key[0] == '\0' || key[0] == '.' || strchr (key, '/'))
    return "must be a file name in the cgroup, without \"/\"";
  if (strcmp (key, "cgroup.procs") == 0 || strcmp (key, "cgroup.threads") == 0
      || strcmp (key, "cgroup.subtree_control") == 0)
    return "is managed by the runtime";
  return NULL;
}
