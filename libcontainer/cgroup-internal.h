/* husk - the cgroup manager interface and the pieces its files share.
 * Internal.
 *
 * cgroup.c is the dispatch: lc_cgroup_resolve (or lc_cgroup_from_state)
 * picks a manager, and every lc_cgroup_* of cgroup.h calls it through
 * cg->ops.  The managers:
 *   cgroup-v1.c    cgroupfs v1: a directory per hierarchy (a hybrid host's
 *                  v2 hierarchy, "unified", among them, for placement only);
 *   cgroup-v2.c    cgroupfs v2: one directory in the unified hierarchy;
 *   cgroup-none.c  no cgroup filesystem we can use: nothing to make or
 *                  join, every limit refused.
 * A systemd manager (issue 15: --systemd-cgroup, the cgroup made by a
 * transient unit over D-Bus) will be one more file implementing the same
 * ops, chosen by resolve.
 *
 * Beside them, no manager's own:
 *   cgroup-fs.c         the file, directory and process helpers that the
 *                       cgroupfs managers share;
 *   cgroup-resources.c  pure mappings of linux.resources to the values the
 *                       files take (shares -> cpu.weight, swap, cpu.max,
 *                       io.max lines, ...), unit-tested without a cgroup fs;
 *   cgroup-stats.c      statistics (runc's events format), OOM kill counts;
 *   cgroup-devices.c    the v2 device filter (eBPF). */
#ifndef LC_CGROUP_INTERNAL_H
#define LC_CGROUP_INTERNAL_H

#include <stdarg.h>

#include "cgroup.h"

struct lc_cgroup_stats;

struct lc_cgroup_ops
{
  const char *name;                 /* "cgroupfs v1", "cgroupfs v2", "none" */
  enum lc_cgroup_version version;   /* what lc_cgroup.version says (for the callers of cgroup.h) */
  /* Fill cg->dirs for cg->path (nothing is made). */
  void (*resolve) (lc_cgroup *cg);
  int (*create) (lc_cgroup *cg, lc_error **err);
  int (*enter) (const lc_cgroup *cg, pid_t pid, lc_error **err);
  /* Create and update alike: update says which (checkBeforeUpdate). */
  int (*apply) (const lc_cgroup *cg, const lc_spec_resources *r, bool update, lc_error **err);
  int (*descend) (lc_cgroup *cg, char *const *specs, size_t n, lc_error **err);
  /* The directory holding controller ("memory", "cpu", ...), or NULL. */
  const char *(*dir_for) (const lc_cgroup *cg, const char *controller);
  int (*v2_fd) (const lc_cgroup *cg);
  bool (*exists) (const lc_cgroup *cg);
  int (*pids) (const lc_cgroup *cg, pid_t **pids, size_t *n, lc_error **err);
  /* pause (frozen true) and resume (false). */
  int (*freeze) (const lc_cgroup *cg, bool frozen, lc_error **err);
  bool (*frozen) (const lc_cgroup *cg);
  int (*kill) (const lc_cgroup *cg, int sig, lc_error **err);
  void (*remove_created) (const lc_cgroup *cg);
  int (*destroy) (const lc_cgroup *cg, lc_error **err);
  /* Fill the statistics that `events` reports (runc's format is made from
     them in one place, lc_cgroup_stats_to_json). */
  void (*read_stats) (const lc_cgroup *cg, struct lc_cgroup_stats *s);
  uint64_t (*oom_kills) (const lc_cgroup *cg);
};

LC_HIDDEN extern const struct lc_cgroup_ops lc_cgroup_ops_v1;
LC_HIDDEN extern const struct lc_cgroup_ops lc_cgroup_ops_v2;
LC_HIDDEN extern const struct lc_cgroup_ops lc_cgroup_ops_none;

/* The manager for a host with this cgroup filesystem (lc_cgroup_host_version). */
LC_HIDDEN const struct lc_cgroup_ops *lc_cgroup_ops_for (enum lc_cgroup_version v);
/* The manager that made the directories of a state's cgroupPaths: v2 for
   the one "unified" directory, else v1. */
LC_HIDDEN const struct lc_cgroup_ops *lc_cgroup_ops_for_dirs (const lc_strmap *dirs);

/* ---- cgroup-fs.c: what the cgroupfs managers share ---- */

#define LC_CGROUP_ROOT "/sys/fs/cgroup"

/* Write value to dir/file; errors start with field (the JSON field, or "cgroup"). */
LC_HIDDEN int lc_cgroup_write (const char *dir, const char *file, const char *value, const char *field,
                               lc_error **err);
/* lc_cgroup_write of a formatted value. */
LC_HIDDEN int lc_cgroup_put (const char *dir, const char *file, const char *field, lc_error **err, const char *fmt,
                             ...) LC_PRINTF (5, 6);
/* dir/file whole, or NULL. */
LC_HIDDEN char *lc_cgroup_read (const char *dir, const char *file);
LC_HIDDEN bool lc_cgroup_has_file (const char *dir, const char *file);
/* The number dir/file starts with; 0 when it cannot be read. */
LC_HIDDEN uint64_t lc_cgroup_read_u64 (const char *dir, const char *file);
/* The value of key in "key value" lines (memory.stat, cgroup.events, ...). */
LC_HIDDEN bool lc_cgroup_keyed_u64 (const char *text, const char *key, uint64_t *out);

/* /proc/self/cgroup whole (NULL when it cannot be read), and our cgroup in
   the hierarchy with this key (v2: key NULL) from that text ("/" when it
   is not there). */
LC_HIDDEN char *lc_cgroup_read_self (void);
LC_HIDDEN char *lc_cgroup_own_in (const char *text, const char *key);
LC_HIDDEN char *lc_cgroup_own (const char *key);

/* Add a hierarchy key and its directory to cg->dirs (not created); forget entry i. */
LC_HIDDEN void lc_cgroup_add_dir (lc_cgroup *cg, const char *key, const char *dir);
LC_HIDDEN void lc_cgroup_drop_dir (lc_cgroup *cg, size_t i);
/* The directory of the hierarchy whose key ("cpu,cpuacct") lists controller, or NULL. */
LC_HIDDEN const char *lc_cgroup_dir_by_key (const lc_cgroup *cg, const char *controller);
/* mkdir -p; *created when dir itself was made.  0 or -errno. */
LC_HIDDEN int lc_cgroup_mkdir_p (const char *dir, bool *created);
LC_HIDDEN void lc_cgroup_sleep_ms (long ms);

/* The directory for controller, or an error naming field when this host lacks it. */
LC_HIDDEN const char *lc_cgroup_need (const lc_cgroup *cg, const char *controller, const char *field, lc_error **err);

/* The shared parts of apply: cpuset.cpus/mems, pids.max, hugetlb (the
   file name's suffix: "limit_in_bytes" on v1, "max" on v2), rdma.max, and
   a device filter's failure that rootless is no error (ret: the filter's). */
LC_HIDDEN int lc_cgroup_apply_cpuset (const lc_cgroup *cg, const struct lc_spec_cpu *c, lc_error **err);
LC_HIDDEN int lc_cgroup_apply_pids (const lc_cgroup *cg, const struct lc_spec_pids *p, lc_error **err);
LC_HIDDEN int lc_cgroup_apply_hugetlb (const lc_cgroup *cg, const lc_spec_resources *r, const char *suffix,
                                       lc_error **err);
LC_HIDDEN int lc_cgroup_apply_rdma (const lc_cgroup *cg, const lc_spec_resources *r, lc_error **err);
LC_HIDDEN int lc_cgroup_devices_result (const lc_cgroup *cg, int ret, lc_error **err);
/* checkBeforeUpdate: refuse a memory limit below the usage in usage_file. */
LC_HIDDEN int lc_cgroup_check_usage (const char *dir, const char *usage_file, const struct lc_spec_memory *m,
                                     bool update, lc_error **err);

/* exec --cgroup (see lc_cgroup_descend).  one_hierarchy: every controller
   is in the one directory, and "CTRL:" prefixes are not read. */
LC_HIDDEN int lc_cgroup_fs_descend (lc_cgroup *cg, char *const *specs, size_t n, bool one_hierarchy,
                                    lc_error **err);
/* Processes and removal, the same on every cgroupfs hierarchy (through
   cg->ops for the freezer and the controller directories). */
LC_HIDDEN bool lc_cgroup_fs_exists (const lc_cgroup *cg);
LC_HIDDEN int lc_cgroup_fs_pids (const lc_cgroup *cg, pid_t **pids, size_t *n, lc_error **err);
/* Freeze (when can_freeze) so that nothing forks past the signal, signal each, thaw. */
LC_HIDDEN int lc_cgroup_fs_signal_each (const lc_cgroup *cg, int sig, bool can_freeze, lc_error **err);
LC_HIDDEN void lc_cgroup_fs_remove_created (const lc_cgroup *cg);
LC_HIDDEN int lc_cgroup_fs_destroy (const lc_cgroup *cg, lc_error **err);

/* ---- cgroup-resources.c: linux.resources -> values (pure) ---- */

/* The device rules in force: the config's in order, then the defaults
   every container has (runc's).  Free the array only. */
LC_HIDDEN lc_spec_device_rule *lc_cgroup_device_rules (const lc_spec_resources *r, size_t *n);
/* A v1 devices.allow/devices.deny line: "a" or "c 1:3 rwm". */
LC_HIDDEN char *lc_cgroup_v1_device_line (const lc_spec_device_rule *rule);

/* Both versions: a swap (memory+swap) below the memory limit is refused. */
LC_HIDDEN int lc_cgroup_check_swap (const struct lc_spec_memory *m, lc_error **err);
/* memory.max ("max" for a negative limit), or NULL when nothing is to be
   written (no limit, or 0: as it is). */
LC_HIDDEN char *lc_cgroup_v2_memory_max (const struct lc_spec_memory *m);

enum lc_cgroup_v2_swap
{
  LC_CGROUP_SWAP_NONE,    /* nothing to write */
  LC_CGROUP_SWAP_IMPLIED, /* "max" with an unlimited memory, where the kernel accounts swap */
  LC_CGROUP_SWAP_SET,     /* write *value */
};
/* memory.swap.max from the spec's swap (memory+swap; v2's file is swap
   alone), by runc's ConvertMemorySwapToCgroupV2Value: -1 is "max", 0 as
   it is (but "max" with an unlimited memory), else swap - limit, which
   needs a memory limit (-EINVAL without one).  *value is malloc'd. */
LC_HIDDEN int lc_cgroup_v2_swap_max (const struct lc_spec_memory *m, char **value);

/* cpu.max ("QUOTA PERIOD", "max" for no quota, period 100000 by default)
   and its field, or NULL when neither quota nor period is given. */
LC_HIDDEN char *lc_cgroup_cpu_max (const struct lc_spec_cpu *c, const char **field);
/* io.weight and io.bfq.weight: the spec's blkio scale (10-1000) to io.weight's (1-10000). */
LC_HIDDEN unsigned lc_cgroup_blkio_to_io_weight (unsigned weight);

/* The four throttle lists of blockIO, with their names. */
struct lc_cgroup_throttle
{
  const lc_spec_throttle *t;
  size_t n;
  const char *field;   /* "throttleReadBpsDevice" */
  const char *v2_key;  /* io.max's "rbps" */
  const char *v1_file; /* "blkio.throttle.read_bps_device" */
};
LC_HIDDEN void lc_cgroup_throttles (const struct lc_spec_blockio *b, struct lc_cgroup_throttle out[4]);
/* "MAJ:MIN rbps=RATE" (0: "max"), and v1's "MAJ:MIN RATE". */
LC_HIDDEN char *lc_cgroup_io_max_line (const char *key, const lc_spec_throttle *t);
LC_HIDDEN char *lc_cgroup_blkio_throttle_line (const lc_spec_throttle *t);
/* rdma.max: "DEVICE hca_handle=N hca_object=N" ("max" when absent). */
LC_HIDDEN char *lc_cgroup_rdma_line (const struct lc_spec_rdma *m);
/* The check of a linux.resources.unified key: NULL when it may be written,
   else the message (after the field). */
LC_HIDDEN const char *lc_cgroup_unified_key_error (const char *key);

/* ---- cgroup-stats.c ---- */

struct lc_cgroup_stats
{
  bool has_cpu, has_memory, has_pids;
  uint64_t cpu_total, cpu_kernel, cpu_user; /* ns */
  uint64_t mem_usage, mem_max, mem_limit, mem_failcnt, swap_usage, swap_limit, oom_kill;
  uint64_t pids_current, pids_limit;
};
/* runc's events format: {"cpu": {"usage": ...}, "memory": ..., "pids": ...}. */
LC_HIDDEN char *lc_cgroup_stats_to_json (const struct lc_cgroup_stats *s);
LC_HIDDEN void lc_cgroup_v1_read_stats (const lc_cgroup *cg, struct lc_cgroup_stats *s);
LC_HIDDEN void lc_cgroup_v2_read_stats (const lc_cgroup *cg, struct lc_cgroup_stats *s);
/* oom_kill of memory.oom_control (v1) or memory.events (v2). */
LC_HIDDEN uint64_t lc_cgroup_v1_oom_kills (const lc_cgroup *cg);
LC_HIDDEN uint64_t lc_cgroup_v2_oom_kills (const lc_cgroup *cg);

/* ---- cgroup-devices.c ---- */

/* Replace the device filter of the v2 cgroup dir with one for rules. */
LC_HIDDEN int lc_cgroup_v2_devices (const char *dir, const lc_spec_device_rule *rules, size_t nrules, lc_error **err);

#endif
