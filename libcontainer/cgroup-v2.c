/* husk - the cgroupfs v2 manager: one directory in the unified hierarchy
 * at /sys/fs/cgroup, with the controllers enabled on the way down. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup-internal.h"
#include "util/log.h"

static const char *
v2_dir (const lc_cgroup *cg)
{
  return cg->dirs.values[0];
}

static const char *
v2_dir_for (const lc_cgroup *cg, const char *controller)
{
  (void) controller; /* every controller is in the one directory */
  return v2_dir (cg);
}

static void
v2_resolve (lc_cgroup *cg)
{
  const char *path = cg->path;
  cleanup_free char *own = lc_cgroup_own (NULL);
  /* Our own cgroup has processes (us): its parent is where a new cgroup
     can get controllers. */
  char *slash = strrchr (own, '/');
  if (slash)
    *slash = '\0';
  cleanup_free char *dir = path[0] == '/' ? xasprintf ("%s/%s", LC_CGROUP_ROOT, path)
                                          : xasprintf ("%s/%s/%s", LC_CGROUP_ROOT, own, path);
  lc_cgroup_add_dir (cg, "unified", dir);
}

/* Every controller the parent has, for the children of each level from
   the root down to the container's parent. */
static void
enable_controllers (const char *dir)
{
  size_t rl = strlen (LC_CGROUP_ROOT);
  cleanup_free char *cur = xstrdup (LC_CGROUP_ROOT);
  const char *rest = dir + rl;
  for (;;)
    {
      cleanup_free char *avail = lc_cgroup_read (cur, "cgroup.controllers");
      cleanup_free char *enabled = lc_cgroup_read (cur, "cgroup.subtree_control");
      if (avail && enabled)
        {
          char want[512] = "";
          char *save = NULL;
          for (char *c = strtok_r (avail, " \n", &save); c; c = strtok_r (NULL, " \n", &save))
            {
              /* Only what is missing: on a host where they are on already
                 nothing is written. */
              bool on = false;
              cleanup_free char *copy = xstrdup (enabled);
              char *s2 = NULL;
              for (char *e = strtok_r (copy, " \n", &s2); e; e = strtok_r (NULL, " \n", &s2))
                on |= strcmp (e, c) == 0;
              if (!on && strlen (want) + strlen (c) + 3 < sizeof want)
                {
                  strcat (want, want[0] ? " +" : "+");
                  strcat (want, c);
                }
            }
          if (want[0])
            lc_cgroup_write (cur, "cgroup.subtree_control", want, "cgroup", NULL);
        }
      while (*rest == '/')
        rest++;
      const char *next = strchr (rest, '/');
      if (next == NULL)
        break; /* the next level is the container's own */
      char *n = xasprintf ("%s/%.*s", cur, (int) (next - rest), rest);
      free (cur);
      cur = n;
      rest = next;
    }
}

static int
v2_create (lc_cgroup *cg, lc_error **err)
{
  const char *dir = v2_dir (cg);
  cleanup_free char *parent = xstrdup (dir);
  char *slash = strrchr (parent, '/');
  if (slash)
    *slash = '\0';
  bool dummy;
  int r = lc_cgroup_mkdir_p (parent, &dummy);
  if (r < 0)
    return lc_error_set (err, -r, "cgroup: create \"%s\"", parent);
  enable_controllers (dir);
  r = lc_cgroup_mkdir_p (dir, &cg->created[0]);
  if (r < 0)
    return lc_error_set (err, -r, "cgroup: create \"%s\"", dir);
  return 0;
}

static int
v2_enter (const lc_cgroup *cg, pid_t pid, lc_error **err)
{
  char buf[32];
  snprintf (buf, sizeof buf, "%d", (int) pid);
  if (lc_cgroup_write (v2_dir (cg), "cgroup.procs", buf, "cgroup", err) < 0)
    return lc_error_wrap (err, "move pid %d into the container's cgroup", (int) pid);
  return 0;
}

/* ---- resources ---- */

static int
apply_memory (const lc_cgroup *cg, const struct lc_spec_memory *m, bool update, lc_error **err)
{
  const char *d = v2_dir (cg);
  if (lc_cgroup_check_swap (m, err) < 0 || lc_cgroup_check_usage (d, "memory.current", m, update, err) < 0)
    return -1;
  /* Kernel memory limits are gone from the kernel (5.16) and from runc. */
  if (m->has_kernel || m->has_kernel_tcp)
    lc_warn ("linux.resources.memory.kernel%s: kernel memory limits are not supported by this kernel and are ignored",
             m->has_kernel ? "" : "TCP");
  cleanup_free char *max = lc_cgroup_v2_memory_max (m);
  if (max && lc_cgroup_write (d, "memory.max", max, "linux.resources.memory.limit", err) < 0)
    return -1;
  cleanup_free char *swap = NULL;
  int how = lc_cgroup_v2_swap_max (m, &swap);
  /* The implied "max" (unlimited memory) only where the kernel accounts swap. */
  if (how == LC_CGROUP_SWAP_IMPLIED && lc_cgroup_has_file (d, "memory.swap.max")
      && lc_cgroup_write (d, "memory.swap.max", swap, "linux.resources.memory.swap", err) < 0)
    return -1;
  if (m->has_reservation
      && lc_cgroup_put (d, "memory.low", "linux.resources.memory.reservation", err, "%lld", (long long) m->reservation)
             < 0)
    return -1;
  if (how == -EINVAL)
    return lc_error_setc (err, EINVAL, "linux.resources.memory.swap: on cgroup v2 a swap limit needs memory.limit");
  if (how == LC_CGROUP_SWAP_SET && lc_cgroup_write (d, "memory.swap.max", swap, "linux.resources.memory.swap", err) < 0)
    return -1;
  if (m->has_swappiness)
    return lc_error_setc (err, ENOTSUP, "linux.resources.memory.swappiness: cgroup v2 has no swappiness");
  if (m->has_disable_oom_killer && m->disable_oom_killer)
    lc_warn ("linux.resources.memory.disableOOMKiller: cgroup v2 cannot disable the OOM killer; ignored");
  return 0;
}

static int
apply_cpu (const lc_cgroup *cg, const struct lc_spec_cpu *c, lc_error **err)
{
  if (lc_cgroup_apply_cpuset (cg, c, err) < 0)
    return -1;
  if (!(c->has_shares || c->has_quota || c->has_period || c->has_burst || c->has_idle || c->has_realtime_period
        || c->has_realtime_runtime))
    return 0;
  const char *d = v2_dir (cg);
  if (c->has_realtime_period || c->has_realtime_runtime)
    return lc_error_setc (err, ENOTSUP, "linux.resources.cpu.%s: cgroup v2 has no real-time scheduling limits",
                          c->has_realtime_runtime ? "realtimeRuntime" : "realtimePeriod");
  if (c->has_shares && c->shares
      && lc_cgroup_put (d, "cpu.weight", "linux.resources.cpu.shares", err, "%llu",
                        (unsigned long long) lc_cgroup_shares_to_weight (c->shares))
             < 0)
    return -1;
  const char *field = NULL;
  cleanup_free char *max = lc_cgroup_cpu_max (c, &field);
  if (max && lc_cgroup_write (d, "cpu.max", max, field, err) < 0)
    return -1;
  if (c->has_burst
      && lc_cgroup_put (d, "cpu.max.burst", "linux.resources.cpu.burst", err, "%llu", (unsigned long long) c->burst)
             < 0)
    return -1;
  if (c->has_idle && lc_cgroup_put (d, "cpu.idle", "linux.resources.cpu.idle", err, "%lld", (long long) c->idle) < 0)
    return -1;
  return 0;
}

static int
apply_io (const lc_cgroup *cg, const struct lc_spec_blockio *b, lc_error **err)
{
  const char *d = v2_dir (cg);
  /* BFQ's weight is the spec's scale (10-1000); io.weight's is 1-10000. */
  bool bfq = lc_cgroup_has_file (d, "io.bfq.weight");
  const char *f = "linux.resources.blockIO.weight";
  if (b->has_weight && b->weight
      && (bfq ? lc_cgroup_put (d, "io.bfq.weight", f, err, "%u", b->weight)
              : lc_cgroup_put (d, "io.weight", f, err, "default %u", lc_cgroup_blkio_to_io_weight (b->weight)))
             < 0)
    return -1;
  for (size_t i = 0; i < b->n_weight_device; i++)
    {
      const lc_spec_weight_device *w = &b->weight_device[i];
      if (w->has_weight
          && lc_cgroup_put (d, bfq ? "io.bfq.weight" : "io.weight", "linux.resources.blockIO.weightDevice", err,
                            "%lld:%lld %u", (long long) w->major, (long long) w->minor,
                            bfq ? w->weight : lc_cgroup_blkio_to_io_weight (w->weight))
                 < 0)
        return -1;
    }
  if (b->has_leaf_weight)
    return lc_error_setc (err, ENOTSUP, "linux.resources.blockIO.leafWeight: cgroup v2 has no leaf weight");
  struct lc_cgroup_throttle th[4];
  lc_cgroup_throttles (b, th);
  for (size_t k = 0; k < 4; k++)
    for (size_t i = 0; i < th[k].n; i++)
      {
        char field[96];
        snprintf (field, sizeof field, "linux.resources.blockIO.%s[%zu]", th[k].field, i);
        cleanup_free char *line = lc_cgroup_io_max_line (th[k].v2_key, &th[k].t[i]);
        if (lc_cgroup_write (d, "io.max", line, field, err) < 0)
          return -1;
      }
  return 0;
}

static int
apply_unified (const lc_cgroup *cg, const lc_strmap *u, lc_error **err)
{
  for (size_t i = 0; i < u->len; i++)
    {
      const char *key = u->keys[i];
      char field[300];
      snprintf (field, sizeof field, "linux.resources.unified[\"%.200s\"]", key);
      const char *bad = lc_cgroup_unified_key_error (key);
      if (bad)
        return lc_error_setc (err, EINVAL, "%s: %s", field, bad);
      if (lc_cgroup_write (v2_dir (cg), key, u->values[i], field, err) < 0)
        return -1;
    }
  return 0;
}

static int
v2_apply (const lc_cgroup *cg, const lc_spec_resources *r, bool update, lc_error **err)
{
  if ((r->memory && apply_memory (cg, r->memory, update, err) < 0) || (r->cpu && apply_cpu (cg, r->cpu, err) < 0)
      || (r->pids && lc_cgroup_apply_pids (cg, r->pids, err) < 0)
      || (r->block_io && apply_io (cg, r->block_io, err) < 0) || lc_cgroup_apply_hugetlb (cg, r, "max", err) < 0)
    return -1;
  if (r->network)
    return lc_error_setc (err, ENOTSUP, "linux.resources.network: cgroup v2 has no net_cls or net_prio");
  if (lc_cgroup_apply_rdma (cg, r, err) < 0)
    return -1;
  if (r->n_devices)
    {
      size_t n = 0;
      cleanup_free lc_spec_device_rule *rules = lc_cgroup_device_rules (r, &n);
      if (lc_cgroup_devices_result (cg, lc_cgroup_v2_devices (v2_dir (cg), rules, n, err), err) < 0)
        return -1;
    }
  return r->unified.len ? apply_unified (cg, &r->unified, err) : 0;
}

/* ---- the rest ---- */

static int
v2_descend (lc_cgroup *cg, char *const *specs, size_t n, lc_error **err)
{
  return lc_cgroup_fs_descend (cg, specs, n, true, err);
}

static int
v2_fd (const lc_cgroup *cg)
{
  return open (v2_dir (cg), O_PATH | O_DIRECTORY | O_CLOEXEC);
}

static bool
v2_frozen (const lc_cgroup *cg)
{
  cleanup_free char *ev = lc_cgroup_read (v2_dir (cg), "cgroup.events");
  uint64_t f = 0;
  return ev && lc_cgroup_keyed_u64 (ev, "frozen", &f) && f == 1;
}

static int
v2_freeze (const lc_cgroup *cg, bool frozen, lc_error **err)
{
  const char *d = v2_dir (cg);
  if (lc_cgroup_write (d, "cgroup.freeze", frozen ? "1" : "0", "cgroup", err) < 0)
    return -1;
  if (!frozen)
    return 0;
  /* Freezing takes effect asynchronously: wait for it, at most 10 s. */
  for (int i = 0; i < 2000; i++)
    {
      if (v2_frozen (cg))
        return 0;
      lc_cgroup_sleep_ms (5);
    }
  lc_cgroup_write (d, "cgroup.freeze", "0", "cgroup", NULL);
  return lc_error_setc (err, ETIMEDOUT, "the container did not freeze within 10 s (thawed again)");
}

static int
v2_kill (const lc_cgroup *cg, int sig, lc_error **err)
{
  if (sig == SIGKILL && lc_cgroup_has_file (v2_dir (cg), "cgroup.kill"))
    return lc_cgroup_write (v2_dir (cg), "cgroup.kill", "1", "cgroup", err);
  return lc_cgroup_fs_signal_each (cg, sig, true, err);
}

const struct lc_cgroup_ops lc_cgroup_ops_v2 = {
  .name = "cgroupfs v2",
  .version = LC_CGROUP_V2,
  .resolve = v2_resolve,
  .create = v2_create,
  .enter = v2_enter,
  .apply = v2_apply,
  .descend = v2_descend,
  .dir_for = v2_dir_for,
  .v2_fd = v2_fd,
  .exists = lc_cgroup_fs_exists,
  .pids = lc_cgroup_fs_pids,
  .freeze = v2_freeze,
  .frozen = v2_frozen,
  .kill = v2_kill,
  .remove_created = lc_cgroup_fs_remove_created,
  .destroy = lc_cgroup_fs_destroy,
  .read_stats = lc_cgroup_v2_read_stats,
  .oom_kills = lc_cgroup_v2_oom_kills,
};
