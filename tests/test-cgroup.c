/* Unit tests of the cgroup code that needs no cgroup filesystem: the
 * mapping of linux.resources to file values (cgroup-resources.c: shares to
 * cpu.weight, swap, cpu.max, io.max, device lines, ...), the stats JSON,
 * the choice of manager, the "none" manager, and CPU lists. */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "libcontainer/cgroup-internal.h"
#include "libcontainer/util/cpulist.h"
#include "tap.h"

/* runc's (opencontainers/cgroups) table for ConvertCPUSharesToCgroupV2Value. */
static void
test_shares_to_weight (void)
{
  static const struct
  {
    uint64_t shares, weight;
  } cases[] = {
    { 0, 0 },          /* unset */
    { 1, 1 },          /* below the minimum */
    { 2, 1 },          /* the minimum */
    { 3, 2 },          /* just above */
    { 1024, 100 },     /* the defaults */
    { 262143, 10000 }, /* just below the maximum */
    { 262144, 10000 }, /* the maximum */
    { 262145, 10000 }, /* above */
  };
  for (size_t i = 0; i < LC_ARRAY_SIZE (cases); i++)
    {
      uint64_t got = lc_cgroup_shares_to_weight (cases[i].shares);
      tap_ok (got == cases[i].weight, "shares %llu -> weight %llu (got %llu)", (unsigned long long) cases[i].shares,
              (unsigned long long) cases[i].weight, (unsigned long long) got);
    }
}

static void
test_blkio_weight (void)
{
  tap_ok (lc_cgroup_blkio_to_io_weight (10) == 1, "blkio weight 10 -> io.weight 1");
  tap_ok (lc_cgroup_blkio_to_io_weight (500) == 4950, "blkio weight 500 -> io.weight 4950");
  tap_ok (lc_cgroup_blkio_to_io_weight (1000) == 10000, "blkio weight 1000 -> io.weight 10000");
}

static struct lc_spec_memory
mem (bool has_limit, int64_t limit, bool has_swap, int64_t swap)
{
  return (struct lc_spec_memory) { .has_limit = has_limit, .limit = limit, .has_swap = has_swap, .swap = swap };
}

/* runc's ConvertMemorySwapToCgroupV2Value cases (memory+swap, memory). */
static void
test_swap (void)
{
  static const struct
  {
    bool has_limit;
    int64_t limit;
    bool has_swap;
    int64_t swap;
    int how;
    const char *value;
  } cases[] = {
    { false, 0, false, 0, LC_CGROUP_SWAP_NONE, NULL },
    { true, 0, true, 0, LC_CGROUP_SWAP_NONE, NULL },
    { true, 0, true, -1, LC_CGROUP_SWAP_SET, "max" },
    { true, -1, true, -1, LC_CGROUP_SWAP_SET, "max" },
    { true, 1000, true, -1, LC_CGROUP_SWAP_SET, "max" },
    { true, 1000, true, 1000, LC_CGROUP_SWAP_SET, "0" },
    { true, 200, true, 500, LC_CGROUP_SWAP_SET, "300" },
    { true, -1, false, 0, LC_CGROUP_SWAP_IMPLIED, "max" }, /* unlimited memory, no swap value */
    { true, -1, true, 0, LC_CGROUP_SWAP_IMPLIED, "max" },
    { true, 0, true, 300, -EINVAL, NULL }, /* a swap limit without a memory limit */
    { false, 0, true, 300, -EINVAL, NULL },
    { true, -1, true, 300, -EINVAL, NULL },
  };
  for (size_t i = 0; i < LC_ARRAY_SIZE (cases); i++)
    {
      struct lc_spec_memory m = mem (cases[i].has_limit, cases[i].limit, cases[i].has_swap, cases[i].swap);
      char *value = NULL;
      int how = lc_cgroup_v2_swap_max (&m, &value);
      tap_ok (how == cases[i].how, "swap %lld%s, limit %lld%s: memory.swap.max kind %d (got %d)",
              (long long) cases[i].swap, cases[i].has_swap ? "" : " (absent)", (long long) cases[i].limit,
              cases[i].has_limit ? "" : " (absent)", cases[i].how, how);
      tap_is (value, cases[i].value, "swap %lld, limit %lld: memory.swap.max value", (long long) cases[i].swap,
              (long long) cases[i].limit);
      free (value);
    }

  lc_error *err = NULL;
  struct lc_spec_memory m = mem (true, 400, true, 300);
  tap_ok (lc_cgroup_check_swap (&m, &err) < 0 && err && err->errnum == EINVAL, "swap below the limit is refused");
  tap_is (err ? err->msg : NULL,
          "linux.resources.memory.swap: 300 is less than the memory limit 400 (swap counts memory plus swap)",
          "swap below the limit: the message");
  lc_error_clear (&err);
  m = mem (true, 400, true, -1);
  tap_ok (lc_cgroup_check_swap (&m, &err) == 0 && err == NULL, "unlimited swap with a limit is fine");

  static const struct
  {
    bool has;
    int64_t limit;
    const char *want;
  } max[] = { { false, 0, NULL }, { true, 0, NULL }, { true, -1, "max" }, { true, 65536, "65536" } };
  for (size_t i = 0; i < LC_ARRAY_SIZE (max); i++)
    {
      m = mem (max[i].has, max[i].limit, false, 0);
      char *got = lc_cgroup_v2_memory_max (&m);
      tap_is (got, max[i].want, "memory.max for limit %lld%s", (long long) max[i].limit, max[i].has ? "" : " (absent)");
      free (got);
    }
}

static void
test_cpu_max (void)
{
  static const struct
  {
    bool has_quota;
    int64_t quota;
    bool has_period;
    uint64_t period;
    const char *want, *field;
  } cases[] = {
    { false, 0, false, 0, NULL, NULL },
    { true, 50000, false, 0, "50000 100000", "linux.resources.cpu.quota" },
    { true, 50000, true, 200000, "50000 200000", "linux.resources.cpu.quota" },
    { false, 0, true, 20000, "max 20000", "linux.resources.cpu.period" },
    { true, -1, true, 50000, "max 50000", "linux.resources.cpu.quota" },
    { true, 0, true, 0, "max 100000", "linux.resources.cpu.quota" },
  };
  for (size_t i = 0; i < LC_ARRAY_SIZE (cases); i++)
    {
      struct lc_spec_cpu c = { .has_quota = cases[i].has_quota,
                               .quota = cases[i].quota,
                               .has_period = cases[i].has_period,
                               .period = cases[i].period };
      const char *field = NULL;
      char *got = lc_cgroup_cpu_max (&c, &field);
      tap_is (got, cases[i].want, "cpu.max for quota %lld%s, period %llu%s", (long long) cases[i].quota,
              cases[i].has_quota ? "" : " (absent)", (unsigned long long) cases[i].period,
              cases[i].has_period ? "" : " (absent)");
      if (cases[i].want)
        tap_is (field, cases[i].field, "cpu.max: the field named in errors");
      free (got);
    }
}

static void
test_io_lines (void)
{
  lc_spec_throttle rb = { .major = 8, .minor = 0, .rate = 0 }, wi = { .major = 8, .minor = 16, .rate = 100 };
  lc_spec_throttle big = { .major = 259, .minor = 3, .rate = 1048576 };
  struct lc_spec_blockio b = { .throttle_read_bps = &rb,
                               .n_throttle_read_bps = 1,
                               .throttle_write_iops = &wi,
                               .n_throttle_write_iops = 1,
                               .throttle_write_bps = &big,
                               .n_throttle_write_bps = 1 };
  struct lc_cgroup_throttle th[4];
  lc_cgroup_throttles (&b, th);
  static const char *const keys[] = { "rbps", "wbps", "riops", "wiops" };
  static const char *const want_v2[] = { "8:0 rbps=max", "259:3 wbps=1048576", NULL, "8:16 wiops=100" };
  static const char *const want_v1[] = { "8:0 0", "259:3 1048576", NULL, "8:16 100" };
  for (size_t k = 0; k < 4; k++)
    {
      tap_is (th[k].v2_key, keys[k], "throttle list %zu is io.max's %s", k, keys[k]);
      tap_ok (th[k].n == (want_v2[k] ? 1 : 0), "throttle list %zu (%s): %zu entries", k, th[k].field, th[k].n);
      if (th[k].n == 0)
        continue;
      char *v2 = lc_cgroup_io_max_line (th[k].v2_key, &th[k].t[0]);
      char *v1 = lc_cgroup_blkio_throttle_line (&th[k].t[0]);
      tap_is (v2, want_v2[k], "io.max line for %s", th[k].field);
      tap_is (v1, want_v1[k], "%s line for %s", th[k].v1_file, th[k].field);
      free (v2);
      free (v1);
    }
  tap_is (th[0].field, "throttleReadBpsDevice", "the field of the first list");
  tap_is (th[3].v1_file, "blkio.throttle.write_iops_device", "the v1 file of the last list");
}

static void
test_rdma_unified (void)
{
  struct lc_spec_rdma r = { .device = (char *) "mlx5_0", .has_hca_handles = true, .hca_handles = 3 };
  char *line = lc_cgroup_rdma_line (&r);
  tap_is (line, "mlx5_0 hca_handle=3 hca_object=max", "rdma.max line, objects unlimited");
  free (line);
  r = (struct lc_spec_rdma) { .device = (char *) "mlx4_0", .has_hca_objects = true, .hca_objects = 1000 };
  line = lc_cgroup_rdma_line (&r);
  tap_is (line, "mlx4_0 hca_handle=max hca_object=1000", "rdma.max line, handles unlimited");
  free (line);

  tap_is (lc_cgroup_unified_key_error ("memory.high"), NULL, "unified: memory.high may be written");
  tap_is (lc_cgroup_unified_key_error ("../memory.high"), "must be a file name in the cgroup, without \"/\"",
          "unified: a path is refused");
  tap_is (lc_cgroup_unified_key_error (".hidden"), "must be a file name in the cgroup, without \"/\"",
          "unified: a dot file is refused");
  tap_is (lc_cgroup_unified_key_error (""), "must be a file name in the cgroup, without \"/\"",
          "unified: an empty key is refused");
  tap_is (lc_cgroup_unified_key_error ("cgroup.procs"), "is managed by the runtime", "unified: cgroup.procs refused");
  tap_is (lc_cgroup_unified_key_error ("cgroup.subtree_control"), "is managed by the runtime",
          "unified: cgroup.subtree_control refused");
}

static void
test_devices (void)
{
  static const struct
  {
    lc_spec_device_rule rule;
    const char *want;
  } cases[] = {
    { { .allow = false, .type = 'a' }, "a" },
    { { .allow = false, .type = 0, .access = (char *) "rwm" }, "a" },
    { { .allow = true, .type = 'c', .has_major = true, .major = 1, .has_minor = true, .minor = 3 }, "c 1:3 rwm" },
    { { .allow = true, .type = 'b', .access = (char *) "m" }, "b *:* m" },
    { { .allow = true, .type = 'c', .has_major = true, .major = 136, .access = (char *) "rw" }, "c 136:* rw" },
    { { .allow = true, .type = 'c', .has_major = true, .major = -1, .has_minor = true, .minor = 5 }, "c *:5 rwm" },
  };
  for (size_t i = 0; i < LC_ARRAY_SIZE (cases); i++)
    {
      char *got = lc_cgroup_v1_device_line (&cases[i].rule);
      tap_is (got, cases[i].want, "v1 device line %s", cases[i].want);
      free (got);
    }

  lc_spec_device_rule deny = { .allow = false, .type = 'a' };
  lc_spec_resources r = { .devices = &deny, .n_devices = 1 };
  size_t n = 0;
  lc_spec_device_rule *all = lc_cgroup_device_rules (&r, &n);
  tap_ok (n == 12 && !all[0].allow && all[0].type == 'a', "device rules: the config's first, then 11 defaults");
  tap_ok (n == 12 && all[11].allow && all[11].major == 136 && !all[11].has_minor, "device rules: the ptys last");
  free (all);
}

static void
test_asked (void)
{
  tap_is (lc_cgroup_asked (NULL, false), NULL, "asked: no resources");
  struct lc_spec_memory m = mem (true, -1, true, 0);
  lc_spec_resources r = { .memory = &m };
  tap_is (lc_cgroup_asked (&r, false), NULL, "asked: unlimited memory asks for nothing");
  m.limit = 1 << 20;
  tap_is (lc_cgroup_asked (&r, false), "linux.resources.memory.limit", "asked: a memory limit");
  struct lc_spec_cpu c = { .has_period = true, .period = 100000, .cpus = (char *) "" };
  r = (lc_spec_resources) { .cpu = &c };
  tap_is (lc_cgroup_asked (&r, false), NULL, "asked: a period alone and empty cpus ask for nothing");
  c.has_quota = true;
  c.quota = 1000;
  tap_is (lc_cgroup_asked (&r, false), "linux.resources.cpu.quota", "asked: a quota");
  lc_spec_device_rule deny = { .allow = false, .type = 'a' };
  r = (lc_spec_resources) { .devices = &deny, .n_devices = 1 };
  tap_is (lc_cgroup_asked (&r, false), "linux.resources.devices", "asked: device rules");
  tap_is (lc_cgroup_asked (&r, true), NULL, "asked: device rules do not count rootless");
}

static void
test_stats_json (void)
{
  struct lc_cgroup_stats s = { .has_cpu = true, .cpu_total = 3000, .cpu_kernel = 1000, .cpu_user = 2000 };
  char *j = lc_cgroup_stats_to_json (&s);
  tap_is (j, "{\"cpu\":{\"usage\":{\"total\":3000,\"kernel\":1000,\"user\":2000}}}", "stats: cpu only");
  free (j);
  s = (struct lc_cgroup_stats) { .has_memory = true,
                                 .mem_usage = 1,
                                 .mem_max = 2,
                                 .mem_limit = UINT64_MAX,
                                 .mem_failcnt = 4,
                                 .swap_usage = 5,
                                 .swap_limit = 6,
                                 .oom_kill = 7,
                                 .has_pids = true,
                                 .pids_current = 8,
                                 .pids_limit = 0 };
  j = lc_cgroup_stats_to_json (&s);
  tap_is (j,
          "{\"memory\":{\"usage\":{\"usage\":1,\"max\":2,\"limit\":18446744073709551615,\"failcnt\":4},"
          "\"swap\":{\"usage\":5,\"limit\":6},\"oom_kill\":7},\"pids\":{\"current\":8,\"limit\":0}}",
          "stats: memory and pids");
  free (j);
  s = (struct lc_cgroup_stats) { 0 };
  j = lc_cgroup_stats_to_json (&s);
  tap_is (j, "{}", "stats: nothing");
  free (j);
}

static void
test_managers (void)
{
  tap_is (lc_cgroup_ops_for (LC_CGROUP_V1)->name, "cgroupfs v1", "a v1 (or hybrid) host: the v1 manager");
  tap_is (lc_cgroup_ops_for (LC_CGROUP_V2)->name, "cgroupfs v2", "a v2 host: the v2 manager");
  tap_is (lc_cgroup_ops_for (LC_CGROUP_NONE)->name, "none", "no cgroup fs: the none manager");

  char *uk[] = { (char *) "unified", NULL }, *uv[] = { (char *) "/sys/fs/cgroup/c1", NULL };
  lc_strmap v2 = { .keys = uk, .values = uv, .len = 1 };
  char *hk[] = { (char *) "memory", (char *) "unified", NULL };
  char *hv[] = { (char *) "/sys/fs/cgroup/memory/c1", (char *) "/sys/fs/cgroup/unified/c1", NULL };
  lc_strmap hybrid = { .keys = hk, .values = hv, .len = 2 };
  lc_strmap none = { 0 };
  tap_ok (lc_cgroup_ops_for_dirs (&v2) == &lc_cgroup_ops_v2, "state with one \"unified\" directory: v2");
  tap_ok (lc_cgroup_ops_for_dirs (&hybrid) == &lc_cgroup_ops_v1, "state of a hybrid host: v1");
  tap_ok (lc_cgroup_ops_for_dirs (&none) == &lc_cgroup_ops_none, "state without directories: none");

  lc_cgroup *cg = lc_cgroup_from_state ("/c1", &hybrid);
  tap_ok (cg && cg->ops == &lc_cgroup_ops_v1 && cg->version == LC_CGROUP_V1 && cg->dirs.len == 2,
          "from_state: the v1 manager with both directories");
  tap_is (cg ? cg->ops->dir_for (cg, "memory") : NULL, "/sys/fs/cgroup/memory/c1", "v1: the memory directory");
  tap_is (cg ? cg->ops->dir_for (cg, "pids") : NULL, NULL, "v1: no pids hierarchy here");
  tap_ok (cg && lc_cgroup_v2_fd (cg) == -1, "v1: no fd for clone3");
  lc_cgroup_free (cg);
  cg = lc_cgroup_from_state ("/c1", &v2);
  tap_ok (cg && cg->ops == &lc_cgroup_ops_v2 && cg->version == LC_CGROUP_V2, "from_state: the v2 manager");
  tap_is (cg ? cg->ops->dir_for (cg, "pids") : NULL, "/sys/fs/cgroup/c1", "v2: every controller in one directory");
  lc_cgroup_free (cg);
  tap_ok (lc_cgroup_from_state ("/c1", &none) == NULL, "from_state without directories: no cgroup");
}

static void
test_none (void)
{
  lc_cgroup cg = { .ops = &lc_cgroup_ops_none, .version = LC_CGROUP_NONE };
  lc_error *err = NULL;
  tap_ok (lc_cgroup_is_none (&cg) && lc_cgroup_create (&cg, &err) == 0 && lc_cgroup_enter (&cg, 1, &err) == 0,
          "none: nothing to make or join");
  struct lc_spec_memory m = mem (true, 1 << 20, false, 0);
  lc_spec_resources r = { .memory = &m };
  tap_ok (lc_cgroup_apply (&cg, &r, false, &err) < 0 && err && err->errnum == ENOTSUP, "none: a limit is refused");
  tap_is (err ? err->msg : NULL, "linux.resources.memory.limit: this host has no cgroup filesystem at /sys/fs/cgroup",
          "none: the message names the field");
  lc_error_clear (&err);
  m.limit = -1;
  tap_ok (lc_cgroup_apply (&cg, &r, false, &err) == 0, "none: no limit, no error");
  char *j = lc_cgroup_stats_json (&cg);
  tap_is (j, "{}", "none: empty stats");
  free (j);
  tap_ok (!lc_cgroup_exists (&cg) && !lc_cgroup_frozen (&cg) && lc_cgroup_oom_kills (&cg) == 0
              && lc_cgroup_destroy (&cg, &err) == 0,
          "none: nothing exists, nothing to remove");
}

static void
test_cpulist (void)
{
  static const char *const good[] = { "", "0", "7", "0-3", "0-3,5,7-8", "10-10", "0,1,2", "0001-0002" };
  static const char *const bad[] = { "a", "1-", "-1", "3-1", "1,", ",1", "1,,2", " 1", "1 ", "1-2-3", "+1", "1-+2",
                                     "0x3", "1;2", "1- 2" };
  for (size_t i = 0; i < LC_ARRAY_SIZE (good); i++)
    tap_ok (lc_cpulist_parse (good[i], NULL) == 0, "CPU list \"%s\" is good", good[i]);
  for (size_t i = 0; i < LC_ARRAY_SIZE (bad); i++)
    tap_ok (lc_cpulist_parse (bad[i], NULL) == -EINVAL, "CPU list \"%s\" is refused", bad[i]);

  cpu_set_t set;
  tap_ok (lc_cpulist_parse ("0-2,5", &set) == 0 && CPU_COUNT (&set) == 4 && CPU_ISSET (0, &set)
              && CPU_ISSET (2, &set) && !CPU_ISSET (3, &set) && CPU_ISSET (5, &set),
          "\"0-2,5\" is CPUs 0, 1, 2 and 5");
  tap_ok (lc_cpulist_parse ("", &set) == 0 && CPU_COUNT (&set) == 0, "\"\" is no CPU");
  tap_ok (lc_cpulist_parse ("1023-5000", &set) == 0 && CPU_COUNT (&set) == 1 && CPU_ISSET (1023, &set),
          "CPUs past CPU_SETSIZE are left out");
  tap_ok (lc_cpulist_parse ("3-1", &set) == -EINVAL, "a bad list with a set is refused too");
}

int
main (void)
{
  test_shares_to_weight ();
  test_blkio_weight ();
  test_swap ();
  test_cpu_max ();
  test_io_lines ();
  test_rdma_unified ();
  test_devices ();
  test_asked ();
  test_stats_json ();
  test_managers ();
  test_none ();
  test_cpulist ();
  return tap_done ();
}
