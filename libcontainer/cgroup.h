/* husk - cgroups: the container's cgroup on v1 (one directory per
 * hierarchy; on a hybrid host one in its v2 hierarchy too, "unified", that
 * only places the container) or v2 (one directory), its resource
 * limits, freezing, its processes, statistics.  Internal.
 *
 * Each function calls the cgroup manager that lc_cgroup_resolve (or
 * lc_cgroup_from_state) chose for the host: see cgroup-internal.h.
 *
 * Paths (linux.cgroupsPath), as runc's cgroupfs driver reads them:
 *   absolute  "/a/b"  below the root of each hierarchy;
 *   relative  "a/b"   v1: below the runtime's own cgroup in each hierarchy;
 *                     v2: below the parent of the runtime's own cgroup
 *                     (which holds processes, so cannot delegate);
 *   absent            the container id, relative.
 * ".." is refused: a container's cgroup stays below where it was put. */
#ifndef LC_CGROUP_H
#define LC_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>

#include "spec.h"
#include "util/util.h"

enum lc_cgroup_version
{
  LC_CGROUP_NONE, /* no cgroup filesystem we can use */
  LC_CGROUP_V1,   /* v1 hierarchies (maybe with a v2 one beside, "hybrid") */
  LC_CGROUP_V2,   /* the unified hierarchy only */
};

struct lc_cgroup_ops;

typedef struct lc_cgroup
{
  const struct lc_cgroup_ops *ops; /* the manager (cgroup-internal.h) */
  enum lc_cgroup_version version;  /* the manager's, for callers that ask */
  char *path;        /* the cgroup path as asked for, for the state */
  lc_strmap dirs;    /* hierarchy ("memory", "cpu", "name=systemd", "unified") -> directory */
  bool *created;     /* per dir: made by us (removed again on failure) */
  bool rootless;     /* device rules that cannot be set are not an error (runc's rule) */
} lc_cgroup;

/* Which cgroup filesystem this host has at /sys/fs/cgroup. */
LC_HIDDEN enum lc_cgroup_version lc_cgroup_host_version (void);

/* Work out the container's directories (nothing is created), with the
   manager for this host. */
LC_HIDDEN int lc_cgroup_resolve (const char *cgroups_path, const char *id, lc_cgroup **out, lc_error **err);
/* The cgroup of a container from its state (cgroupPaths). */
LC_HIDDEN lc_cgroup *lc_cgroup_from_state (const char *path, const lc_strmap *dirs);
LC_HIDDEN void lc_cgroup_free (lc_cgroup *cg);
/* Whether cg has no cgroup filesystem behind it (the "none" manager): nothing
   can be made, joined or limited. */
LC_HIDDEN bool lc_cgroup_is_none (const lc_cgroup *cg);

/* Make the directories (and on v2 enable the controllers on the way).  A
   hybrid host's v2 directory that cannot be made is dropped from cg->dirs
   with a warning. */
LC_HIDDEN int lc_cgroup_create (lc_cgroup *cg, lc_error **err);
/* Write linux.resources.  Errors name the field.  Device rules are the
   config's, then the defaults every container has (runc's). */
LC_HIDDEN int lc_cgroup_apply (const lc_cgroup *cg, const lc_spec_resources *r, bool update, lc_error **err);
/* The first limit that r asks for, as its JSON field
   ("linux.resources.memory.limit"), or NULL when it asks for none: absent
   or empty objects and values that are a new cgroup's defaults (0 or -1
   for "unlimited", empty cpus and mems) ask for nothing.  rootless: device
   rules do not count (a user namespace cannot make device nodes, and runc
   ignores rootless device rules it cannot set). */
LC_HIDDEN const char *lc_cgroup_asked (const lc_spec_resources *r, bool rootless);
/* Move pid into the container's cgroup (every hierarchy; a hybrid host's
   v2 one that refuses it only warns). */
LC_HIDDEN int lc_cgroup_enter (const lc_cgroup *cg, pid_t pid, lc_error **err);
/* exec --cgroup: move the directories into existing sub-cgroups, as
   runc reads its arguments: one "sub" for every hierarchy, or
   "ctrl[,ctrl...]:sub" each for the hierarchies holding those controllers
   ("cpu,cpuacct:sub", whether the host mounts them together or apart).
   Nothing changes unless all are good; errors name the flag. */
LC_HIDDEN int lc_cgroup_descend (lc_cgroup *cg, char *const *specs, size_t n, lc_error **err);

/* An O_PATH fd of the v2 directory, for clone3(CLONE_INTO_CGROUP); -1 on v1. */
LC_HIDDEN int lc_cgroup_v2_fd (const lc_cgroup *cg);

/* Whether the container's cgroup is still there. */
LC_HIDDEN bool lc_cgroup_exists (const lc_cgroup *cg);
/* The processes in the container's cgroup. */
LC_HIDDEN int lc_cgroup_pids (const lc_cgroup *cg, pid_t **pids, size_t *n, lc_error **err);
/* Freeze (and wait until frozen, thawing again on a timeout) or thaw. */
LC_HIDDEN int lc_cgroup_freeze (const lc_cgroup *cg, bool frozen, lc_error **err);
/* Whether the cgroup is frozen. */
LC_HIDDEN bool lc_cgroup_frozen (const lc_cgroup *cg);
/* Signal every process (SIGKILL through cgroup.kill where it exists). */
LC_HIDDEN int lc_cgroup_kill (const lc_cgroup *cg, int sig, lc_error **err);
/* Remove the directories lc_cgroup_create made (after a failed create). */
LC_HIDDEN void lc_cgroup_remove_created (const lc_cgroup *cg);
/* Kill what is left, wait for it to go, remove the directories. */
LC_HIDDEN int lc_cgroup_destroy (const lc_cgroup *cg, lc_error **err);

/* Statistics in runc's events format ({"cpu": ..., "memory": ...}). */
LC_HIDDEN char *lc_cgroup_stats_json (const lc_cgroup *cg);
/* The OOM kill count so far (memory.events oom_kill, or v1 oom_control). */
LC_HIDDEN uint64_t lc_cgroup_oom_kills (const lc_cgroup *cg);

/* runc's and crun's current mapping of cpu.shares to cpu.weight. */
LC_HIDDEN uint64_t lc_cgroup_shares_to_weight (uint64_t shares);

#endif
