/* husk - the cgroupfs v1 manager: a directory in each hierarchy mounted
 * below /sys/fs/cgroup ("cpu,cpuacct", "memory", "name=systemd", ...),
 * and on a hybrid host one in its v2 hierarchy, "unified", that only
 * places the container (see v1_resolve). */
#include "config.h"

#include <errno.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include "cgroup-internal.h"
#include "util/log.h"

/* ---- the host's hierarchies ---- */

/* A v1 host with the v2 hierarchy mounted beside at /sys/fs/cgroup/unified
   (systemd's hybrid mode), where runc looks for it too. */
static bool
hybrid_host (void)
{
  struct statfs sfs;
  return statfs (LC_CGROUP_ROOT "/unified", &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC;
}

struct hier
{
  char *key;   /* "cpu,cpuacct", "memory", "name=systemd" */
  char *mount; /* where it is mounted */
  char *own;   /* our own cgroup in it */
};

static void
free_hiers (struct hier *h, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      free (h[i].key);
      free (h[i].mount);
      free (h[i].own);
    }
  free (h);
}

/* The controllers in a v1 mount's super options ("rw,cpu,cpuacct"). */
static char *
v1_key (const char *opts)
{
  static const char *const known[] = { "cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "net_cls",
                                       "net_prio", "blkio", "perf_event", "hugetlb", "pids", "rdma", "misc",
                                       NULL };
  cleanup_free char *copy = xstrdup (opts);
  char *save = NULL, *key = NULL;
  for (char *o = strtok_r (copy, ",", &save); o; o = strtok_r (NULL, ",", &save))
    {
      bool take = strncmp (o, "name=", 5) == 0;
      for (size_t i = 0; known[i] && !take; i++)
        take = strcmp (o, known[i]) == 0;
      if (!take)
        continue;
      char *k = key ? xasprintf ("%s,%s", key, o) : xstrdup (o);
      free (key);
      key = k;
    }
  return key;
}

static int
v1_hierarchies (struct hier **out, size_t *n)
{
  *out = NULL;
  *n = 0;
  cleanup_free char *self = NULL;
  cleanup_fclose FILE *f = fopen ("/proc/self/mountinfo", "re");
  if (f == NULL)
    return -1;
  char line[8192];
  size_t rootlen = strlen (LC_CGROUP_ROOT);
  while (fgets (line, sizeof line, f))
    {
      /* id parent maj:min root mountpoint opts ... - fstype source superopts */
      char *fields[5] = { NULL };
      char *save = NULL, *p = line;
      for (int i = 0; i < 5; i++, p = NULL)
        fields[i] = strtok_r (p, " ", &save);
      char *dash = strstr (save ? save : "", " - ");
      if (fields[4] == NULL || dash == NULL)
        continue;
      char fstype[32] = "", super[1024] = "";
      if (sscanf (dash + 3, "%31s %*s %1023s", fstype, super) < 2 || strcmp (fstype, "cgroup") != 0)
        continue;
      if (strncmp (fields[4], LC_CGROUP_ROOT, rootlen) != 0 || fields[4][rootlen] != '/')
        continue;
      char *key = v1_key (super);
      if (key == NULL)
        continue;
      bool dup = false;
      for (size_t i = 0; i < *n; i++)
        dup |= strcmp ((*out)[i].key, key) == 0;
      if (dup)
        {
          free (key);
          continue;
        }
      *out = xreallocarray (*out, *n + 1, sizeof **out);
      if (self == NULL)
        self = lc_cgroup_read_self ();
      char *own = lc_cgroup_own_in (self, key);
      /* Mounted below the hierarchy's root (in a cgroup namespace or a
         container): our path is relative to that root. */
      const char *mroot = fields[3];
      if (strcmp (mroot, "/") != 0 && strncmp (own, mroot, strlen (mroot)) == 0)
        {
          char *rel = xstrdup (own + strlen (mroot));
          free (own);
          own = rel[0] ? rel : (free (rel), xstrdup ("/"));
        }
      (*out)[(*n)++] = (struct hier) { .key = key, .mount = xstrdup (fields[4]), .own = own };
    }
  return 0;
}

/* ---- resolve, create, enter ---- */

static void
v1_resolve (lc_cgroup *cg)
{
  const char *path = cg->path;
  bool abs = path[0] == '/';
  struct hier *h;
  size_t n;
  v1_hierarchies (&h, &n);
  for (size_t i = 0; i < n; i++)
    {
      cleanup_free char *dir
          = abs ? xasprintf ("%s/%s", h[i].mount, path) : xasprintf ("%s/%s/%s", h[i].mount, h[i].own, path);
      lc_cgroup_add_dir (cg, h[i].key, dir);
    }
  free_hiers (h, n);
  /* A hybrid host's v2 hierarchy (systemd's "unified", no controllers for
     limits): the container is placed there too, as runc does, so that what
     looks for processes by their v2 cgroup (systemd, eBPF programs attached
     to cgroups, pressure stall information) finds it in its own.  Relative
     paths as for v1: below our own cgroup. */
  if (hybrid_host ())
    {
      cleanup_free char *own = lc_cgroup_own (NULL);
      cleanup_free char *dir = abs ? xasprintf ("%s/unified/%s", LC_CGROUP_ROOT, path)
                                   : xasprintf ("%s/unified/%s/%s", LC_CGROUP_ROOT, own, path);
      lc_cgroup_add_dir (cg, "unified", dir);
    }
}

/* Entry i is the v2 hierarchy of a hybrid host (see v1_resolve). */
static bool
hybrid_v2_dir (const lc_cgroup *cg, size_t i)
{
  return strcmp (cg->dirs.keys[i], "unified") == 0;
}

/* A new cpuset cgroup starts with no cpus and no mems, and takes no
   process until it has some.  Fill each that is empty from its parent. */
static int
cpuset_copy_if_empty (const char *dir, const char *parent, lc_error **err)
{
  static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
  for (size_t i = 0; i < 2; i++)
    {
      cleanup_free char *mine = lc_cgroup_read (dir, files[i]);
      if (mine == NULL)
        return lc_error_set (err, errno, "cgroup: read %s/%s", dir, files[i]);
      if (mine[0] != '\n' && mine[0] != '\0')
        continue;
      cleanup_free char *theirs = lc_cgroup_read (parent, files[i]);
      if (theirs == NULL)
        return lc_error_set (err, errno, "cgroup: read %s/%s", parent, files[i]);
      if (lc_cgroup_write (dir, files[i], theirs, "cgroup", err) < 0)
        return lc_error_wrap (err, "fill %s from the parent cgroup", files[i]);
    }
  return 0;
}

/* mkdir -p in a cpuset hierarchy, as runc's cpusetEnsureParent: every
   level from the top down is made if missing and, when empty, filled from
   its parent, so that a parent made with a plain mkdir (empty, by someone
   else or by a create killed half-way) does not leave the container's
   cgroup unable to take a process (ENOSPC).  The top is the hierarchy's
   root: the first directory whose parent is no cgroup filesystem. */
static int
cpuset_mkdir_p (const char *dir, bool *created, lc_error **err)
{
  *created = false;
  cleanup_free char *parent = xstrdup (dir);
  char *slash = strrchr (parent, '/');
  if (slash == NULL || slash == parent)
    return 0;
  *slash = '\0';
  struct statfs sfs;
  if (statfs (parent, &sfs) == 0)
    {
      if (sfs.f_type != CGROUP_SUPER_MAGIC)
        return 0; /* dir is the root of the hierarchy: the kernel fills it */
    }
  else if (errno != ENOENT) /* a missing parent is made below */
    return lc_error_set (err, errno, "cgroup: statfs \"%s\"", parent);
  bool dummy;
  if (cpuset_mkdir_p (parent, &dummy, err) < 0)
    return -1;
  if (mkdir (dir, 0755) == 0)
    *created = true;
  else if (errno != EEXIST)
    return lc_error_set (err, errno, "cgroup: create \"%s\"", dir);
  return cpuset_copy_if_empty (dir, parent, err);
}

static int
v1_create (lc_cgroup *cg, lc_error **err)
{
  const char *cpuset = lc_cgroup_dir_by_key (cg, "cpuset");
  for (size_t i = 0; i < cg->dirs.len;)
    {
      const char *dir = cg->dirs.values[i];
      if (dir == cpuset)
        {
          if (cpuset_mkdir_p (dir, &cg->created[i], err) < 0)
            return -1;
          i++;
          continue;
        }
      int r = lc_cgroup_mkdir_p (dir, &cg->created[i]);
      if (r < 0 && hybrid_v2_dir (cg, i))
        {
          /* No limit lives there, only the placement: without it the
             container runs as on a v1 host (runc ignores this error). */
          if (!cg->rootless)
            lc_warn ("cgroup: create \"%s\": %s; the container is not placed in the v2 hierarchy", dir, strerror (-r));
          lc_cgroup_drop_dir (cg, i);
          continue;
        }
      if (r < 0)
        return lc_error_set (err, -r, "cgroup: create \"%s\"", dir);
      i++;
    }
  return 0;
}

static int
v1_enter (const lc_cgroup *cg, pid_t pid, lc_error **err)
{
  char buf[32];
  snprintf (buf, sizeof buf, "%d", (int) pid);
  for (size_t i = 0; i < cg->dirs.len; i++)
    {
      lc_error *e = NULL;
      if (lc_cgroup_write (cg->dirs.values[i], "cgroup.procs", buf, "cgroup", &e) == 0)
        continue;
      if (hybrid_v2_dir (cg, i))
        {
          /* As in v1_create: the placement only, not worth failing. */
          if (!cg->rootless)
            lc_warn ("%s; pid %d is not placed in the v2 hierarchy", e->msg, (int) pid);
          lc_error_free (e);
          continue;
        }
      lc_error_clear (err);
      if (err)
        *err = e;
      else
        lc_error_free (e);
      return lc_error_wrap (err, "move pid %d into the container's cgroup", (int) pid);
    }
  return 0;
}

/* ---- resources ---- */

/* memory.limit_in_bytes, with the reason when the kernel refuses it for
   being above memory+swap (EINVAL alone says nothing). */
static int
put_memory_limit (const char *d, int64_t limit, lc_error **err)
{
  const char *f = "linux.resources.memory.limit";
  if (lc_cgroup_put (d, "memory.limit_in_bytes", f, err, "%lld", (long long) limit) == 0)
    return 0;
  uint64_t memsw = lc_cgroup_read_u64 (d, "memory.memsw.limit_in_bytes");
  if ((*err)->errnum != EINVAL || memsw == 0 || (limit > 0 && (uint64_t) limit <= memsw))
    return -1;
  char want[32] = "-1 (unlimited)";
  if (limit > 0)
    snprintf (want, sizeof want, "%lld", (long long) limit);
  return lc_error_setc (err, EINVAL,
                        "%s: %s is above the memory+swap limit (%llu) of the cgroup: raise "
                        "linux.resources.memory.swap (--memory-swap) with it",
                        f, want, (unsigned long long) memsw);
}

/* memory.memsw.limit_in_bytes, with the reason when the kernel refuses it
   for being below memory. */
static int
put_memory_swap (const char *d, int64_t swap, lc_error **err)
{
  const char *f = "linux.resources.memory.swap";
  if (lc_cgroup_put (d, "memory.memsw.limit_in_bytes", f, err, "%lld", (long long) swap) == 0)
    return 0;
  uint64_t mem = lc_cgroup_read_u64 (d, "memory.limit_in_bytes");
  if ((*err)->errnum != EINVAL || swap < 0 || (uint64_t) swap >= mem)
    return -1;
  return lc_error_setc (err, EINVAL,
                        "%s: %lld is below the memory limit (%llu) of the cgroup: lower linux.resources.memory.limit "
                        "(--memory) with it",
                        f, (long long) swap, (unsigned long long) mem);
}

/* Memory and memory+swap, as runc's setMemoryAndSwap: 0 leaves a value as
   it is, -1 is unlimited.  The kernel keeps memory+swap at or above memory
   at every moment, so the two writes go in the order that holds it:
   memory+swap first when it grows (above the current memory limit, or to
   unlimited), else memory first.  An unlimited memory without a swap value
   takes an unlimited memory+swap with it, which it could not stay below. */
static int
apply_memory_swap (const char *d, int64_t limit, int64_t swap, lc_error **err)
{
  bool memsw = lc_cgroup_has_file (d, "memory.memsw.limit_in_bytes");
  if (limit == -1 && swap == 0 && memsw)
    swap = -1;
  if (swap != 0 && !memsw)
    return lc_error_setc (err, ENOTSUP,
                          "linux.resources.memory.swap: this kernel has no swap accounting (memory.memsw)");
  if (limit == -1 && swap > 0)
    return lc_error_setc (err, EINVAL,
                          "linux.resources.memory.swap: %lld with an unlimited memory limit (memory+swap cannot be "
                          "below memory)",
                          (long long) swap);
  bool swap_first
      = limit != 0 && swap != 0 && (swap == -1 || lc_cgroup_read_u64 (d, "memory.limit_in_bytes") < (uint64_t) swap);
  if (swap_first && put_memory_swap (d, swap, err) < 0)
    return -1;
  if (limit != 0 && put_memory_limit (d, limit, err) < 0)
    return -1;
  if (!swap_first && swap != 0 && put_memory_swap (d, swap, err) < 0)
    return -1;
  return 0;
}

static int
apply_memory (const lc_cgroup *cg, const struct lc_spec_memory *m, bool update, lc_error **err)
{
  const char *d = lc_cgroup_need (cg, "memory", "linux.resources.memory", err);
  if (d == NULL || lc_cgroup_check_swap (m, err) < 0
      || lc_cgroup_check_usage (d, "memory.usage_in_bytes", m, update, err) < 0)
    return -1;
  /* kernelTCP: memory.kmem.tcp.limit_in_bytes where the kernel has it
     (runc sets it too); kernel memory limits themselves are gone from the
     kernel (5.16) and from runc: a warning. */
  bool tcp_file = lc_cgroup_has_file (d, "memory.kmem.tcp.limit_in_bytes");
  if (m->has_kernel_tcp && tcp_file && m->kernel_tcp != 0
      && lc_cgroup_put (d, "memory.kmem.tcp.limit_in_bytes", "linux.resources.memory.kernelTCP", err, "%lld",
                        (long long) m->kernel_tcp)
             < 0)
    return -1;
  if (m->has_kernel || (m->has_kernel_tcp && !tcp_file))
    lc_warn ("linux.resources.memory.kernel%s: kernel memory limits are not supported by this kernel and are ignored",
             m->has_kernel ? "" : "TCP");
  if (apply_memory_swap (d, m->has_limit ? m->limit : 0, m->has_swap ? m->swap : 0, err) < 0)
    return -1;
  if (m->has_reservation
      && lc_cgroup_put (d, "memory.soft_limit_in_bytes", "linux.resources.memory.reservation", err, "%lld",
                        (long long) m->reservation)
             < 0)
    return -1;
  if (m->has_swappiness
      && lc_cgroup_put (d, "memory.swappiness", "linux.resources.memory.swappiness", err, "%llu",
                        (unsigned long long) m->swappiness)
             < 0)
    return -1;
  if (m->has_disable_oom_killer
      && lc_cgroup_put (d, "memory.oom_control", "linux.resources.memory.disableOOMKiller", err, "%d",
                        m->disable_oom_killer)
             < 0)
    return -1;
  return 0;
}

/* One "cpu" file: written when present and not 0 (0 keeps the kernel's). */
struct cpu_file
{
  bool has;
  bool is_signed;
  uint64_t u;
  int64_t i;
  const char *file, *field;
};

static int
apply_cpu (const lc_cgroup *cg, const struct lc_spec_cpu *c, lc_error **err)
{
  if (lc_cgroup_apply_cpuset (cg, c, err) < 0)
    return -1;
  if (!(c->has_shares || c->has_quota || c->has_period || c->has_burst || c->has_idle || c->has_realtime_period
        || c->has_realtime_runtime))
    return 0;
  const char *d = lc_cgroup_need (cg, "cpu", "linux.resources.cpu", err);
  if (d == NULL)
    return -1;
  /* In this order (runc's): the period before the quota it divides. */
  const struct cpu_file files[] = {
    { c->has_shares && c->shares, false, c->shares, 0, "cpu.shares", "linux.resources.cpu.shares" },
    { c->has_period && c->period, false, c->period, 0, "cpu.cfs_period_us", "linux.resources.cpu.period" },
    { c->has_quota && c->quota, true, 0, c->quota, "cpu.cfs_quota_us", "linux.resources.cpu.quota" },
    { c->has_burst, false, c->burst, 0, "cpu.cfs_burst_us", "linux.resources.cpu.burst" },
    { c->has_realtime_period && c->realtime_period, false, c->realtime_period, 0, "cpu.rt_period_us",
      "linux.resources.cpu.realtimePeriod" },
    { c->has_realtime_runtime && c->realtime_runtime, true, 0, c->realtime_runtime, "cpu.rt_runtime_us",
      "linux.resources.cpu.realtimeRuntime" },
    { c->has_idle, true, 0, c->idle, "cpu.idle", "linux.resources.cpu.idle" },
  };
  for (size_t i = 0; i < LC_ARRAY_SIZE (files); i++)
    if (files[i].has
        && (files[i].is_signed ? lc_cgroup_put (d, files[i].file, files[i].field, err, "%lld", (long long) files[i].i)
                               : lc_cgroup_put (d, files[i].file, files[i].field, err, "%llu",
                                                (unsigned long long) files[i].u))
               < 0)
      return -1;
  return 0;
}

static int
apply_blkio (const lc_cgroup *cg, const struct lc_spec_blockio *b, lc_error **err)
{
  const char *d = lc_cgroup_need (cg, "blkio", "linux.resources.blockIO", err);
  if (d == NULL)
    return -1;
  const char *wfile = lc_cgroup_has_file (d, "blkio.weight") ? "blkio.weight" : "blkio.bfq.weight";
  if (b->has_weight && b->weight
      && lc_cgroup_put (d, wfile, "linux.resources.blockIO.weight", err, "%u", b->weight) < 0)
    return -1;
  if (b->has_leaf_weight && b->leaf_weight
      && lc_cgroup_put (d, "blkio.leaf_weight", "linux.resources.blockIO.leafWeight", err, "%u", b->leaf_weight) < 0)
    return -1;
  const char *wd = lc_cgroup_has_file (d, "blkio.weight_device") ? "blkio.weight_device" : "blkio.bfq.weight_device";
  for (size_t i = 0; i < b->n_weight_device; i++)
    {
      const lc_spec_weight_device *w = &b->weight_device[i];
      if (w->has_weight
          && lc_cgroup_put (d, wd, "linux.resources.blockIO.weightDevice", err, "%lld:%lld %u", (long long) w->major,
                            (long long) w->minor, w->weight)
                 < 0)
        return -1;
    }
  struct lc_cgroup_throttle th[4];
  lc_cgroup_throttles (b, th);
  for (size_t k = 0; k < 4; k++)
    for (size_t i = 0; i < th[k].n; i++)
      {
        char field[96];
        snprintf (field, sizeof field, "linux.resources.blockIO.%s[%zu]", th[k].field, i);
        cleanup_free char *line = lc_cgroup_blkio_throttle_line (&th[k].t[i]);
        if (lc_cgroup_write (d, th[k].v1_file, line, field, err) < 0)
          return -1;
      }
  return 0;
}

static int
apply_network (const lc_cgroup *cg, const struct lc_spec_network *n, lc_error **err)
{
  if (n->has_class_id)
    {
      const char *d = lc_cgroup_need (cg, "net_cls", "linux.resources.network.classID", err);
      if (d == NULL
          || lc_cgroup_put (d, "net_cls.classid", "linux.resources.network.classID", err, "%u", n->class_id) < 0)
        return -1;
    }
  for (size_t i = 0; i < n->n_priorities; i++)
    {
      const char *d = lc_cgroup_need (cg, "net_prio", "linux.resources.network.priorities", err);
      if (d == NULL
          || lc_cgroup_put (d, "net_prio.ifpriomap", "linux.resources.network.priorities", err, "%s %u",
                            n->priorities[i].name, n->priorities[i].priority)
                 < 0)
        return -1;
    }
  return 0;
}

/* Device rules, written in order. */
static int
apply_devices (const lc_cgroup *cg, const lc_spec_device_rule *rules, size_t n, lc_error **err)
{
  const char *d = lc_cgroup_need (cg, "devices", "linux.resources.devices", err);
  if (d == NULL)
    return -1;
  for (size_t i = 0; i < n; i++)
    {
      char field[64];
      snprintf (field, sizeof field, "linux.resources.devices[%zu]", i);
      cleanup_free char *line = lc_cgroup_v1_device_line (&rules[i]);
      if (lc_cgroup_write (d, rules[i].allow ? "devices.allow" : "devices.deny", line, field, err) < 0)
        return -1;
    }
  return 0;
}

static int
v1_apply (const lc_cgroup *cg, const lc_spec_resources *r, bool update, lc_error **err)
{
  if ((r->memory && apply_memory (cg, r->memory, update, err) < 0) || (r->cpu && apply_cpu (cg, r->cpu, err) < 0)
      || (r->pids && lc_cgroup_apply_pids (cg, r->pids, err) < 0)
      || (r->block_io && apply_blkio (cg, r->block_io, err) < 0)
      || lc_cgroup_apply_hugetlb (cg, r, "limit_in_bytes", err) < 0
      || (r->network && apply_network (cg, r->network, err) < 0) || lc_cgroup_apply_rdma (cg, r, err) < 0)
    return -1;
  if (r->n_devices)
    {
      size_t n = 0;
      cleanup_free lc_spec_device_rule *rules = lc_cgroup_device_rules (r, &n);
      if (lc_cgroup_devices_result (cg, apply_devices (cg, rules, n, err), err) < 0)
        return -1;
    }
  if (r->unified.len)
    return lc_error_setc (err, ENOTSUP, "linux.resources.unified: needs cgroup v2 (this host has v1)");
  return 0;
}

/* ---- the rest ---- */

static int
v1_descend (lc_cgroup *cg, char *const *specs, size_t n, lc_error **err)
{
  return lc_cgroup_fs_descend (cg, specs, n, false, err);
}

static int
v1_fd (const lc_cgroup *cg)
{
  (void) cg;
  return -1; /* clone3(CLONE_INTO_CGROUP) takes a v2 cgroup only */
}

static bool
v1_frozen (const lc_cgroup *cg)
{
  const char *d = lc_cgroup_dir_by_key (cg, "freezer");
  cleanup_free char *s = d ? lc_cgroup_read (d, "freezer.state") : NULL;
  return s && strncmp (s, "FROZEN", 6) == 0;
}

static int
v1_freeze (const lc_cgroup *cg, bool frozen, lc_error **err)
{
  const char *d = lc_cgroup_dir_by_key (cg, "freezer");
  if (d == NULL)
    return lc_error_setc (err, ENOTSUP, "the freezer controller is not available on this host");
  const char *value = frozen ? "FROZEN" : "THAWED";
  if (lc_cgroup_write (d, "freezer.state", value, "cgroup", err) < 0)
    return -1;
  if (!frozen)
    return 0;
  /* Freezing takes effect asynchronously: wait for it, at most 10 s. */
  for (int i = 0; i < 2000; i++)
    {
      if (v1_frozen (cg))
        return 0;
      /* The write needs repeating while a task resists. */
      if (i % 10 == 9)
        lc_cgroup_write (d, "freezer.state", value, "cgroup", NULL);
      lc_cgroup_sleep_ms (5);
    }
  lc_cgroup_write (d, "freezer.state", "THAWED", "cgroup", NULL);
  return lc_error_setc (err, ETIMEDOUT, "the container did not freeze within 10 s (thawed again)");
}

static int
v1_kill (const lc_cgroup *cg, int sig, lc_error **err)
{
  return lc_cgroup_fs_signal_each (cg, sig, lc_cgroup_dir_by_key (cg, "freezer") != NULL, err);
}

const struct lc_cgroup_ops lc_cgroup_ops_v1 = {
  .name = "cgroupfs v1",
  .version = LC_CGROUP_V1,
  .resolve = v1_resolve,
  .create = v1_create,
  .enter = v1_enter,
  .apply = v1_apply,
  .descend = v1_descend,
  .dir_for = lc_cgroup_dir_by_key,
  .v2_fd = v1_fd,
  .exists = lc_cgroup_fs_exists,
  .pids = lc_cgroup_fs_pids,
  .freeze = v1_freeze,
  .frozen = v1_frozen,
  .kill = v1_kill,
  .remove_created = lc_cgroup_fs_remove_created,
  .destroy = lc_cgroup_fs_destroy,
  .read_stats = lc_cgroup_v1_read_stats,
  .oom_kills = lc_cgroup_v1_oom_kills,
};
