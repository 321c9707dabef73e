/* husk - cgroup statistics in runc's events format, and the OOM kill
 * count that `events` watches.  The readers fill a struct lc_cgroup_stats
 * (one per cgroup filesystem: their files differ), the JSON is made from
 * it alone. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cgroup-internal.h"
#include "json.h"

/* A "max" file (memory.max, pids.max): its number, or unlimited for "max". */
static uint64_t
read_max (const char *dir, const char *file, uint64_t unlimited)
{
  cleanup_free char *max = lc_cgroup_read (dir, file);
  return max && strncmp (max, "max", 3) != 0 ? strtoull (max, NULL, 10) : unlimited;
}

/* ---- cgroup v1 ---- */

uint64_t
lc_cgroup_v1_oom_kills (const lc_cgroup *cg)
{
  const char *d = lc_cgroup_dir_by_key (cg, "memory");
  cleanup_free char *s = d ? lc_cgroup_read (d, "memory.oom_control") : NULL;
  uint64_t v = 0;
  if (s)
    lc_cgroup_keyed_u64 (s, "oom_kill", &v);
  return v;
}

void
lc_cgroup_v1_read_stats (const lc_cgroup *cg, struct lc_cgroup_stats *s)
{
  const char *d;
  memset (s, 0, sizeof *s);
  if ((d = lc_cgroup_dir_by_key (cg, "cpuacct")))
    {
      s->has_cpu = true;
      s->cpu_total = lc_cgroup_read_u64 (d, "cpuacct.usage");
      s->cpu_kernel = lc_cgroup_read_u64 (d, "cpuacct.usage_sys");
      s->cpu_user = lc_cgroup_read_u64 (d, "cpuacct.usage_user");
    }
  if ((d = lc_cgroup_dir_by_key (cg, "memory")))
    {
      s->has_memory = true;
      s->mem_usage = lc_cgroup_read_u64 (d, "memory.usage_in_bytes");
      s->mem_max = lc_cgroup_read_u64 (d, "memory.max_usage_in_bytes");
      s->mem_limit = lc_cgroup_read_u64 (d, "memory.limit_in_bytes");
      s->mem_failcnt = lc_cgroup_read_u64 (d, "memory.failcnt");
      s->swap_usage = lc_cgroup_read_u64 (d, "memory.memsw.usage_in_bytes");
      s->swap_limit = lc_cgroup_read_u64 (d, "memory.memsw.limit_in_bytes");
      s->oom_kill = lc_cgroup_v1_oom_kills (cg);
    }
  if ((d = lc_cgroup_dir_by_key (cg, "pids")))
    {
      s->has_pids = true;
      s->pids_current = lc_cgroup_read_u64 (d, "pids.current");
      s->pids_limit = read_max (d, "pids.max", 0);
    }
}

/* ---- cgroup v2: one directory ---- */

uint64_t
lc_cgroup_v2_oom_kills (const lc_cgroup *cg)
{
  cleanup_free char *s = lc_cgroup_read (cg->dirs.values[0], "memory.events");
  uint64_t v = 0;
  if (s)
    lc_cgroup_keyed_u64 (s, "oom_kill", &v);
  return v;
}

void
lc_cgroup_v2_read_stats (const lc_cgroup *cg, struct lc_cgroup_stats *s)
{
  const char *d = cg->dirs.values[0];
  memset (s, 0, sizeof *s);
  s->has_cpu = s->has_memory = s->has_pids = true;
  cleanup_free char *cpu = lc_cgroup_read (d, "cpu.stat");
  if (cpu)
    {
      lc_cgroup_keyed_u64 (cpu, "usage_usec", &s->cpu_total);
      lc_cgroup_keyed_u64 (cpu, "user_usec", &s->cpu_user);
      lc_cgroup_keyed_u64 (cpu, "system_usec", &s->cpu_kernel);
    }
  s->cpu_total *= 1000;
  s->cpu_user *= 1000;
  s->cpu_kernel *= 1000;
  s->mem_usage = lc_cgroup_read_u64 (d, "memory.current");
  s->mem_max = lc_cgroup_read_u64 (d, "memory.peak");
  s->mem_limit = read_max (d, "memory.max", UINT64_MAX);
  cleanup_free char *ev = lc_cgroup_read (d, "memory.events");
  if (ev)
    lc_cgroup_keyed_u64 (ev, "max", &s->mem_failcnt);
  s->swap_usage = lc_cgroup_read_u64 (d, "memory.swap.current");
  s->swap_limit = read_max (d, "memory.swap.max", UINT64_MAX);
  s->oom_kill = lc_cgroup_v2_oom_kills (cg);
  s->pids_current = lc_cgroup_read_u64 (d, "pids.current");
  s->pids_limit = read_max (d, "pids.max", 0);
}

/* ---- JSON ---- */

char *
lc_cgroup_stats_to_json (const struct lc_cgroup_stats *s)
{
  lc_json_gen *g = lc_json_gen_new (false);
  lc_json_gen_map_open (g);
  if (s->has_cpu)
    {
      lc_json_gen_string (g, "cpu");
      lc_json_gen_map_open (g);
      lc_json_gen_string (g, "usage");
      lc_json_gen_map_open (g);
      lc_json_gen_kv_uint (g, "total", s->cpu_total);
      lc_json_gen_kv_uint (g, "kernel", s->cpu_kernel);
      lc_json_gen_kv_uint (g, "user", s->cpu_user);
      lc_json_gen_map_close (g);
      lc_json_gen_map_close (g);
    }
  if (s->has_memory)
    {
      lc_json_gen_string (g, "memory");
      lc_json_gen_map_open (g);
      lc_json_gen_string (g, "usage");
      lc_json_gen_map_open (g);
      lc_json_gen_kv_uint (g, "usage", s->mem_usage);
      lc_json_gen_kv_uint (g, "max", s->mem_max);
      lc_json_gen_kv_uint (g, "limit", s->mem_limit);
      lc_json_gen_kv_uint (g, "failcnt", s->mem_failcnt);
      lc_json_gen_map_close (g);
      lc_json_gen_string (g, "swap");
      lc_json_gen_map_open (g);
      lc_json_gen_kv_uint (g, "usage", s->swap_usage);
      lc_json_gen_kv_uint (g, "limit", s->swap_limit);
      lc_json_gen_map_close (g);
      lc_json_gen_kv_uint (g, "oom_kill", s->oom_kill);
      lc_json_gen_map_close (g);
    }
  if (s->has_pids)
    {
      lc_json_gen_string (g, "pids");
      lc_json_gen_map_open (g);
      lc_json_gen_kv_uint (g, "current", s->pids_current);
      lc_json_gen_kv_uint (g, "limit", s->pids_limit);
      lc_json_gen_map_close (g);
    }
  lc_json_gen_map_close (g);
  size_t len;
  char *out = xstrdup (lc_json_gen_buf (g, &len));
  lc_json_gen_free (g);
  return out;
}
