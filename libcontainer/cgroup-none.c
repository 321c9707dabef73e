/* husk - the "none" manager: no cgroup filesystem we can use at
 * /sys/fs/cgroup.  There is nothing to make or join, and a container
 * runs without a cgroup as long as nothing is asked of one: a limit is
 * refused naming its field.  (The caller, container.c, does without the
 * cgroup altogether then, as it does rootless when one cannot be made.) */
#include "config.h"

#include <errno.h>

#include "cgroup-internal.h"

#define NO_CGROUP_FS "this host has no cgroup filesystem at /sys/fs/cgroup"

static void
none_resolve (lc_cgroup *cg)
{
  (void) cg; /* no directories */
}

static int
none_create (lc_cgroup *cg, lc_error **err)
{
  (void) cg;
  (void) err;
  return 0;
}

static int
none_enter (const lc_cgroup *cg, pid_t pid, lc_error **err)
{
  (void) cg;
  (void) pid;
  (void) err;
  return 0;
}

static int
none_apply (const lc_cgroup *cg, const lc_spec_resources *r, bool update, lc_error **err)
{
  (void) update;
  const char *asked = lc_cgroup_asked (r, cg->rootless);
  return asked ? lc_error_setc (err, ENOTSUP, "%s: " NO_CGROUP_FS, asked) : 0;
}

static int
none_descend (lc_cgroup *cg, char *const *specs, size_t n, lc_error **err)
{
  (void) cg;
  return n ? lc_error_setc (err, ENOTSUP, "--cgroup \"%s\": " NO_CGROUP_FS, specs[0]) : 0;
}

static const char *
none_dir_for (const lc_cgroup *cg, const char *controller)
{
  (void) cg;
  (void) controller;
  return NULL;
}

static int
none_fd (const lc_cgroup *cg)
{
  (void) cg;
  return -1;
}

static bool
none_false (const lc_cgroup *cg)
{
  (void) cg;
  return false;
}

static int
none_pids (const lc_cgroup *cg, pid_t **pids, size_t *n, lc_error **err)
{
  (void) cg;
  (void) pids;
  (void) n;
  return lc_error_setc (err, ENOTSUP, "read the processes of the container's cgroup: " NO_CGROUP_FS);
}

static int
none_freeze (const lc_cgroup *cg, bool frozen, lc_error **err)
{
  (void) cg;
  (void) frozen;
  return lc_error_setc (err, ENOTSUP, "the freezer controller is not available on this host");
}

static int
none_kill (const lc_cgroup *cg, int sig, lc_error **err)
{
  (void) sig;
  return none_pids (cg, NULL, NULL, err);
}

static void
none_remove_created (const lc_cgroup *cg)
{
  (void) cg;
}

static int
none_destroy (const lc_cgroup *cg, lc_error **err)
{
  (void) cg;
  (void) err;
  return 0;
}

/* No statistics: the caller's zeroed struct says none ("{}"). */
static void
none_read_stats (const lc_cgroup *cg, struct lc_cgroup_stats *s)
{
  (void) cg, (void) s;
}

static uint64_t
none_oom_kills (const lc_cgroup *cg)
{
  (void) cg;
  return 0;
}

const struct lc_cgroup_ops lc_cgroup_ops_none = {
  .name = "none",
  .version = LC_CGROUP_NONE,
  .resolve = none_resolve,
  .create = none_create,
  .enter = none_enter,
  .apply = none_apply,
  .descend = none_descend,
  .dir_for = none_dir_for,
  .v2_fd = none_fd,
  .exists = none_false,
  .pids = none_pids,
  .freeze = none_freeze,
  .frozen = none_false,
  .kill = none_kill,
  .remove_created = none_remove_created,
  .destroy = none_destroy,
  .read_stats = none_read_stats,
  .oom_kills = none_oom_kills,
};
