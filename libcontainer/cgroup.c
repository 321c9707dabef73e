/* husk - cgroups, see cgroup.h: the dispatch to the manager chosen by
 * lc_cgroup_resolve (cgroup-internal.h lists them). */
#include "config.h"

#include <errno.h>
#include <linux/magic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>

#include "cgroup-internal.h"
#include "spec-internal.h" /* lc_strmap_free */

/* ---- choosing the manager ---- */

enum lc_cgroup_version
lc_cgroup_host_version (void)
{
  struct statfs sfs;
  if (statfs (LC_CGROUP_ROOT, &sfs) < 0)
    return LC_CGROUP_NONE;
  if (sfs.f_type == CGROUP2_SUPER_MAGIC)
    return LC_CGROUP_V2;
  if (statfs (LC_CGROUP_ROOT "/memory", &sfs) == 0 && sfs.f_type == CGROUP_SUPER_MAGIC)
    return LC_CGROUP_V1;
  if (statfs (LC_CGROUP_ROOT "/pids", &sfs) == 0 && sfs.f_type == CGROUP_SUPER_MAGIC)
    return LC_CGROUP_V1;
  return LC_CGROUP_NONE;
}

const struct lc_cgroup_ops *
lc_cgroup_ops_for (enum lc_cgroup_version v)
{
  switch (v)
    {
    case LC_CGROUP_V1:
      return &lc_cgroup_ops_v1;
    case LC_CGROUP_V2:
      return &lc_cgroup_ops_v2;
    case LC_CGROUP_NONE:
      break;
    }
  return &lc_cgroup_ops_none;
}

const struct lc_cgroup_ops *
lc_cgroup_ops_for_dirs (const lc_strmap *dirs)
{
  if (dirs == NULL || dirs->len == 0)
    return &lc_cgroup_ops_none;
  return dirs->len == 1 && strcmp (dirs->keys[0], "unified") == 0 ? &lc_cgroup_ops_v2 : &lc_cgroup_ops_v1;
}

static lc_cgroup *
new_cgroup (const struct lc_cgroup_ops *ops, const char *path)
{
  lc_cgroup *cg = xcalloc (1, sizeof *cg);
  cg->ops = ops;
  cg->version = ops->version;
  cg->path = xstrdup (path);
  return cg;
}

int
lc_cgroup_resolve (const char *cgroups_path, const char *id, lc_cgroup **out, lc_error **err)
{
  *out = NULL;
  const char *path = cgroups_path && *cgroups_path ? cgroups_path : id;
  cleanup_free char *copy = xstrdup (path);
  char *save = NULL;
  for (char *c = strtok_r (copy, "/", &save); c; c = strtok_r (NULL, "/", &save))
    if (strcmp (c, "..") == 0)
      return lc_error_setc (err, EINVAL, "linux.cgroupsPath: \"%s\" must not contain \"..\"", path);
  lc_cgroup *cg = new_cgroup (lc_cgroup_ops_for (lc_cgroup_host_version ()), path);
  cg->ops->resolve (cg);
  *out = cg;
  return 0;
}

lc_cgroup *
lc_cgroup_from_state (const char *path, const lc_strmap *dirs)
{
  if (dirs == NULL || dirs->len == 0)
    return NULL;
  lc_cgroup *cg = new_cgroup (lc_cgroup_ops_for_dirs (dirs), path ? path : "");
  for (size_t i = 0; i < dirs->len; i++)
    lc_cgroup_add_dir (cg, dirs->keys[i], dirs->values[i]);
  return cg;
}

void
lc_cgroup_free (lc_cgroup *cg)
{
  if (cg == NULL)
    return;
  free (cg->path);
  lc_strmap_free (&cg->dirs);
  free (cg->created);
  free (cg);
}

bool
lc_cgroup_is_none (const lc_cgroup *cg)
{
  return cg == NULL || cg->ops == &lc_cgroup_ops_none;
}

/* ---- the operations ---- */

int
lc_cgroup_create (lc_cgroup *cg, lc_error **err)
{
  return cg->ops->create (cg, err);
}

int
lc_cgroup_enter (const lc_cgroup *cg, pid_t pid, lc_error **err)
{
  return cg->ops->enter (cg, pid, err);
}

int
lc_cgroup_apply (const lc_cgroup *cg, const lc_spec_resources *r, bool update, lc_error **err)
{
  if (cg == NULL || r == NULL)
    return 0;
  return cg->ops->apply (cg, r, update, err);
}

int
lc_cgroup_descend (lc_cgroup *cg, char *const *specs, size_t n, lc_error **err)
{
  return cg->ops->descend (cg, specs, n, err);
}

int
lc_cgroup_v2_fd (const lc_cgroup *cg)
{
  return cg ? cg->ops->v2_fd (cg) : -1;
}

bool
lc_cgroup_exists (const lc_cgroup *cg)
{
  return cg && cg->ops->exists (cg);
}

int
lc_cgroup_pids (const lc_cgroup *cg, pid_t **pids, size_t *n, lc_error **err)
{
  *pids = NULL;
  *n = 0;
  return cg->ops->pids (cg, pids, n, err);
}

int
lc_cgroup_freeze (const lc_cgroup *cg, bool frozen, lc_error **err)
{
  return cg->ops->freeze (cg, frozen, err);
}

bool
lc_cgroup_frozen (const lc_cgroup *cg)
{
  return cg && cg->ops->frozen (cg);
}

int
lc_cgroup_kill (const lc_cgroup *cg, int sig, lc_error **err)
{
  return cg->ops->kill (cg, sig, err);
}

void
lc_cgroup_remove_created (const lc_cgroup *cg)
{
  if (cg)
    cg->ops->remove_created (cg);
}

int
lc_cgroup_destroy (const lc_cgroup *cg, lc_error **err)
{
  return cg ? cg->ops->destroy (cg, err) : 0;
}

char *
lc_cgroup_stats_json (const lc_cgroup *cg)
{
  struct lc_cgroup_stats s = { 0 };
  cg->ops->read_stats (cg, &s);
  return lc_cgroup_stats_to_json (&s);
}

uint64_t
lc_cgroup_oom_kills (const lc_cgroup *cg)
{
  return cg ? cg->ops->oom_kills (cg) : 0;
}
