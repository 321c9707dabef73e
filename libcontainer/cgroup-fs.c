/* husk - what the cgroupfs managers (cgroup-v1.c, cgroup-v2.c) share:
 * files, directories, our own cgroup, the processes in a cgroup, the
 * parts of apply that read the same on both, and removal. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup-internal.h"
#include "util/path.h"

/* ---- files ---- */

int
lc_cgroup_write (const char *dir, const char *file, const char *value, const char *field, lc_error **err)
{
  cleanup_free char *path = xasprintf ("%s/%s", dir, file);
  cleanup_close int fd = open (path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    {
      if (errno == ENOENT)
        return lc_error_setc (err, ENOENT, "%s: %s does not exist (is its controller available here?)", field, path);
      return lc_error_set (err, errno, "%s: open %s", field, path);
    }
  size_t len = strlen (value);
  if (write (fd, value, len) != (ssize_t) len)
    return lc_error_set (err, errno, "%s: write \"%s\" to %s", field, value, path);
  return 0;
}

int
lc_cgroup_put (const char *dir, const char *file, const char *field, lc_error **err, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  cleanup_free char *v = xvasprintf (fmt, ap);
  va_end (ap);
  return lc_cgroup_write (dir, file, v, field, err);
}

char *
lc_cgroup_read (const char *dir, const char *file)
{
  cleanup_free char *path = xasprintf ("%s/%s", dir, file);
  char *buf = NULL;
  size_t len = 0;
  if (lc_read_file (path, 1 << 20, &buf, &len, NULL) < 0)
    return NULL;
  return buf;
}

bool
lc_cgroup_has_file (const char *dir, const char *file)
{
  cleanup_free char *path = xasprintf ("%s/%s", dir, file);
  return access (path, F_OK) == 0;
}

uint64_t
lc_cgroup_read_u64 (const char *dir, const char *file)
{
  cleanup_free char *s = lc_cgroup_read (dir, file);
  return s ? strtoull (s, NULL, 10) : 0;
}

bool
lc_cgroup_keyed_u64 (const char *text, const char *key, uint64_t *out)
{
  size_t kl = strlen (key);
  for (const char *p = text; p && *p; p = strchr (p, '\n') ? strchr (p, '\n') + 1 : NULL)
    if (strncmp (p, key, kl) == 0 && p[kl] == ' ')
      {
        *out = strtoull (p + kl + 1, NULL, 10);
        return true;
      }
  return false;
}

/* ---- our own cgroup ---- */

char *
lc_cgroup_read_self (void)
{
  cleanup_fclose FILE *f = fopen ("/proc/self/cgroup", "re");
  if (f == NULL)
    return NULL;
  size_t len = 0, cap = 4096;
  char *buf = xmalloc (cap);
  size_t r;
  while ((r = fread (buf + len, 1, cap - len - 1, f)) > 0)
    {
      len += r;
      if (cap - len - 1 == 0)
        buf = xreallocarray (buf, 1, cap *= 2);
    }
  buf[len] = '\0';
  return buf;
}

/* Read once for every hierarchy, not once each. */
char *
lc_cgroup_own_in (const char *text, const char *key)
{
  for (const char *line = text; line && *line;)
    {
      const char *end = strchrnul (line, '\n');
      const char *c1 = memchr (line, ':', (size_t) (end - line));
      const char *c2 = c1 ? memchr (c1 + 1, ':', (size_t) (end - c1 - 1)) : NULL;
      if (c2)
        {
          size_t klen = (size_t) (c2 - c1 - 1);
          if ((key == NULL && klen == 0) || (key && strlen (key) == klen && strncmp (c1 + 1, key, klen) == 0))
            return xstrndup (c2 + 1, (size_t) (end - c2 - 1));
        }
      line = *end ? end + 1 : end;
    }
  return xstrdup ("/");
}

char *
lc_cgroup_own (const char *key)
{
  cleanup_free char *text = lc_cgroup_read_self ();
  return lc_cgroup_own_in (text, key);
}

/* ---- directories ---- */

void
lc_cgroup_add_dir (lc_cgroup *cg, const char *key, const char *dir)
{
  lc_strmap *m = &cg->dirs;
  m->keys = xreallocarray (m->keys, m->len + 2, sizeof (char *));
  m->values = xreallocarray (m->values, m->len + 2, sizeof (char *));
  m->keys[m->len] = xstrdup (key);
  m->values[m->len] = lc_path_clean (dir);
  m->len++;
  m->keys[m->len] = m->values[m->len] = NULL;
  cg->created = xreallocarray (cg->created, m->len, sizeof (bool));
  cg->created[m->len - 1] = false;
}

void
lc_cgroup_drop_dir (lc_cgroup *cg, size_t i)
{
  lc_strmap *m = &cg->dirs;
  free (m->keys[i]);
  free (m->values[i]);
  memmove (&m->keys[i], &m->keys[i + 1], (m->len - i) * sizeof (char *)); /* the NULL end too */
  memmove (&m->values[i], &m->values[i + 1], (m->len - i) * sizeof (char *));
  memmove (&cg->created[i], &cg->created[i + 1], (m->len - i - 1) * sizeof (bool));
  m->len--;
}

const char *
lc_cgroup_dir_by_key (const lc_cgroup *cg, const char *controller)
{
  size_t cl = strlen (controller);
  for (size_t i = 0; i < cg->dirs.len; i++)
    for (const char *k = cg->dirs.keys[i]; k; k = strchr (k, ',') ? strchr (k, ',') + 1 : NULL)
      if (strncmp (k, controller, cl) == 0 && (k[cl] == ',' || k[cl] == '\0'))
        return cg->dirs.values[i];
  return NULL;
}

int
lc_cgroup_mkdir_p (const char *dir, bool *created)
{
  *created = false;
  struct stat st;
  if (stat (dir, &st) == 0)
    return S_ISDIR (st.st_mode) ? 0 : -ENOTDIR;
  cleanup_free char *parent = xstrdup (dir);
  char *slash = strrchr (parent, '/');
  if (slash && slash != parent)
    {
      *slash = '\0';
      bool dummy;
      int r = lc_cgroup_mkdir_p (parent, &dummy);
      if (r < 0)
        return r;
    }
  if (mkdir (dir, 0755) == 0)
    *created = true;
  else if (errno != EEXIST)
    return -errno;
  return 0;
}

void
lc_cgroup_sleep_ms (long ms)
{
  struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
  nanosleep (&ts, NULL);
}

/* ---- apply ---- */

const char *
lc_cgroup_need (const lc_cgroup *cg, const char *controller, const char *field, lc_error **err)
{
  const char *d = cg->ops->dir_for (cg, controller);
  if (d == NULL)
    lc_error_setc (err, ENOTSUP, "%s: the %s controller is not available on this host", field, controller);
  return d;
}

int
lc_cgroup_apply_cpuset (const lc_cgroup *cg, const struct lc_spec_cpu *c, lc_error **err)
{
  if (!c->cpus && !c->mems)
    return 0;
  const char *d = lc_cgroup_need (cg, "cpuset", "linux.resources.cpu.cpus", err);
  if (d == NULL)
    return -1;
  if (c->cpus && *c->cpus && lc_cgroup_write (d, "cpuset.cpus", c->cpus, "linux.resources.cpu.cpus", err) < 0)
    return -1;
  if (c->mems && *c->mems && lc_cgroup_write (d, "cpuset.mems", c->mems, "linux.resources.cpu.mems", err) < 0)
    return -1;
  return 0;
}

int
lc_cgroup_apply_pids (const lc_cgroup *cg, const struct lc_spec_pids *p, lc_error **err)
{
  const char *d = lc_cgroup_need (cg, "pids", "linux.resources.pids", err);
  if (d == NULL)
    return -1;
  return p->limit > 0 ? lc_cgroup_put (d, "pids.max", "linux.resources.pids.limit", err, "%lld", (long long) p->limit)
                      : lc_cgroup_write (d, "pids.max", "max", "linux.resources.pids.limit", err);
}

int
lc_cgroup_apply_hugetlb (const lc_cgroup *cg, const lc_spec_resources *r, const char *suffix, lc_error **err)
{
  for (size_t i = 0; i < r->n_hugepage_limits; i++)
    {
      char field[64];
      snprintf (field, sizeof field, "linux.resources.hugepageLimits[%zu]", i);
      const char *d = lc_cgroup_need (cg, "hugetlb", field, err);
      if (d == NULL)
        return -1;
      cleanup_free char *file = xasprintf ("hugetlb.%s.%s", r->hugepage_limits[i].page_size, suffix);
      if (lc_cgroup_put (d, file, field, err, "%llu", (unsigned long long) r->hugepage_limits[i].limit) < 0)
        return -1;
    }
  return 0;
}

int
lc_cgroup_apply_rdma (const lc_cgroup *cg, const lc_spec_resources *r, lc_error **err)
{
  for (size_t i = 0; i < r->n_rdma; i++)
    {
      const char *d = lc_cgroup_need (cg, "rdma", "linux.resources.rdma", err);
      if (d == NULL)
        return -1;
      cleanup_free char *line = lc_cgroup_rdma_line (&r->rdma[i]);
      if (lc_cgroup_write (d, "rdma.max", line, "linux.resources.rdma", err) < 0)
        return -1;
    }
  return 0;
}

int
lc_cgroup_devices_result (const lc_cgroup *cg, int ret, lc_error **err)
{
  if (ret >= 0)
    return 0;
  /* Rootless, a device cgroup takes privilege over the host's user
     namespace (devices.allow, a BPF program) that a user namespace never
     has; its nodes are bind mounts of what the user may open anyway.  runc
     goes on too. */
  if (!cg->rootless)
    return -1;
  lc_error_clear (err);
  return 0;
}

int
lc_cgroup_check_usage (const char *dir, const char *usage_file, const struct lc_spec_memory *m, bool update,
                       lc_error **err)
{
  if (!(update && m->has_check_before_update && m->check_before_update && m->has_limit && m->limit > 0))
    return 0;
  uint64_t usage = lc_cgroup_read_u64 (dir, usage_file);
  if (usage > (uint64_t) m->limit)
    return lc_error_setc (err, EBUSY,
                          "linux.resources.memory.limit: %lld is below the current usage (%llu) and "
                          "checkBeforeUpdate is set",
                          (long long) m->limit, (unsigned long long) usage);
  return 0;
}

/* ---- exec --cgroup ---- */

/* One --cgroup argument: its sub-cgroup (checked), and in *ctrls its
   controller list ("cpu,cpuacct") or NULL for every hierarchy. */
static const char *
descend_arg (const char *spec, bool one_hierarchy, char **ctrls, lc_error **err)
{
  const char *colon = strchr (spec, ':');
  const char *sub = colon ? colon + 1 : spec;
  *ctrls = colon && !one_hierarchy ? xstrndup (spec, (size_t) (colon - spec)) : NULL;
  cleanup_free char *copy = xstrdup (sub);
  char *save = NULL;
  for (char *c = strtok_r (copy, "/", &save); c; c = strtok_r (NULL, "/", &save))
    if (strcmp (c, "..") == 0)
      {
        lc_error_setc (err, EINVAL, "--cgroup \"%s\": must not contain \"..\"", spec);
        return NULL;
      }
  if (*sub == '\0')
    {
      lc_error_setc (err, EINVAL, "--cgroup \"%s\": no sub-cgroup given", spec);
      return NULL;
    }
  if (*ctrls
      && ((*ctrls)[0] == '\0' || strstr (*ctrls, ",,") || (*ctrls)[0] == ',' || (*ctrls)[strlen (*ctrls) - 1] == ','))
    {
      lc_error_setc (err, EINVAL, "--cgroup \"%s\": an empty controller name", spec);
      return NULL;
    }
  return sub;
}

/* Every existing directory of subs[i] below dirs i, or an error (nothing changed). */
static int
descend_to (lc_cgroup *cg, const char **subs, const size_t *by, char *const *specs, lc_error **err)
{
  size_t nd = cg->dirs.len;
  cleanup_free char **dirs = xcalloc (nd + 1, sizeof *dirs);
  for (size_t i = 0; i < nd; i++)
    {
      if (subs[i] == NULL)
        continue;
      dirs[i] = xasprintf ("%s/%s", cg->dirs.values[i], subs[i]);
      struct stat st;
      if (stat (dirs[i], &st) < 0 || !S_ISDIR (st.st_mode))
        {
          lc_error_setc (err, ENOENT, "--cgroup \"%s\": the sub-cgroup \"%s\" does not exist", specs[by[i]], dirs[i]);
          for (size_t j = 0; j <= i; j++)
            free (dirs[j]);
          return -1;
        }
    }
  for (size_t i = 0; i < nd; i++)
    if (dirs[i])
      {
        free (cg->dirs.values[i]);
        cg->dirs.values[i] = dirs[i];
      }
  return 0;
}

/* runc's forms: one bare "sub" for every hierarchy, or
   "ctrl[,ctrl...]:sub" (repeatable), each controller naming the
   hierarchy that holds it: "cpu,cpuacct:sub" is the same on a host that
   mounts cpu and cpuacct apart as on one that mounts them together.  All
   are checked before anything changes; a hierarchy is given once. */
int
lc_cgroup_fs_descend (lc_cgroup *cg, char *const *specs, size_t n, bool one_hierarchy, lc_error **err)
{
  size_t nd = cg->dirs.len;
  cleanup_free const char **subs = xcalloc (nd + 1, sizeof *subs);
  cleanup_free size_t *by = xcalloc (nd + 1, sizeof *by); /* which argument set subs[i] */
  for (size_t k = 0; k < n; k++)
    {
      cleanup_free char *ctrls = NULL;
      const char *sub = descend_arg (specs[k], one_hierarchy, &ctrls, err);
      if (sub == NULL)
        return -1;
      if (ctrls == NULL && n > 1)
        return one_hierarchy
                   ? lc_error_setc (err, EINVAL, "--cgroup \"%s\": cgroup v2 has one hierarchy: give one --cgroup",
                                    specs[k])
                   : lc_error_setc (err, EINVAL,
                                    "--cgroup \"%s\": a sub-cgroup for every hierarchy must be the only --cgroup "
                                    "(else give CONTROLLER:PATH)",
                                    specs[k]);
      char *save = NULL;
      char *c = ctrls ? strtok_r (ctrls, ",", &save) : NULL;
      for (size_t i = 0; i < nd; i++)
        if (ctrls == NULL)
          subs[i] = sub;
      while (c)
        {
          const char *d = cg->ops->dir_for (cg, c);
          if (d == NULL)
            return lc_error_setc (err, ENOENT, "--cgroup \"%s\": no %s hierarchy here", specs[k], c);
          for (size_t i = 0; i < nd; i++)
            if (cg->dirs.values[i] == d)
              {
                if (subs[i] && by[i] != k)
                  return lc_error_setc (err, EINVAL,
                                        "--cgroup \"%s\": the %s hierarchy is already given by --cgroup \"%s\"",
                                        specs[k], cg->dirs.keys[i], specs[by[i]]);
                subs[i] = sub;
                by[i] = k;
              }
          c = strtok_r (NULL, ",", &save);
        }
    }
  return descend_to (cg, subs, by, specs, err);
}

/* ---- processes ---- */

static int
read_pids (const char *dir, bool recursive, pid_t **pids, size_t *n)
{
  cleanup_free char *text = lc_cgroup_read (dir, "cgroup.procs");
  if (text == NULL)
    return -1;
  for (char *p = text; *p;)
    {
      char *end;
      long v = strtol (p, &end, 10);
      if (end == p)
        break;
      *pids = xreallocarray (*pids, *n + 1, sizeof (pid_t));
      (*pids)[(*n)++] = (pid_t) v;
      p = end;
      while (*p == '\n')
        p++;
    }
  if (!recursive)
    return 0;
  DIR *d = opendir (dir);
  struct dirent *e;
  while (d && (e = readdir (d)))
    if (e->d_type == DT_DIR && e->d_name[0] != '.')
      {
        cleanup_free char *sub = xasprintf ("%s/%s", dir, e->d_name);
        read_pids (sub, true, pids, n);
      }
  if (d)
    closedir (d);
  return 0;
}

/* The hierarchy that tells which processes are in the container. */
static const char *
procs_dir (const lc_cgroup *cg)
{
  static const char *const prefer[] = { "pids", "freezer", "memory", "cpu", "devices" };
  for (size_t i = 0; i < sizeof prefer / sizeof prefer[0]; i++)
    {
      const char *d = cg->ops->dir_for (cg, prefer[i]);
      if (d)
        return d;
    }
  return cg->dirs.len ? cg->dirs.values[0] : NULL;
}

bool
lc_cgroup_fs_exists (const lc_cgroup *cg)
{
  const char *d = procs_dir (cg);
  return d && access (d, F_OK) == 0;
}

int
lc_cgroup_fs_pids (const lc_cgroup *cg, pid_t **pids, size_t *n, lc_error **err)
{
  const char *d = procs_dir (cg);
  if (d == NULL || read_pids (d, true, pids, n) < 0)
    return lc_error_set (err, errno, "read the processes of cgroup \"%s\"", d ? d : "(none)");
  return 0;
}

int
lc_cgroup_fs_signal_each (const lc_cgroup *cg, int sig, bool can_freeze, lc_error **err)
{
  bool froze = can_freeze && !lc_cgroup_frozen (cg) && lc_cgroup_freeze (cg, true, NULL) == 0;
  pid_t *pids = NULL;
  size_t n = 0;
  int ret = lc_cgroup_pids (cg, &pids, &n, err);
  for (size_t i = 0; ret == 0 && i < n; i++)
    if (kill (pids[i], sig) < 0 && errno != ESRCH)
      ret = lc_error_set (err, errno, "kill %d", (int) pids[i]);
  free (pids);
  if (froze)
    lc_cgroup_freeze (cg, false, NULL);
  return ret;
}

/* ---- removal ---- */

static int
rmdir_tree (const char *dir)
{
  DIR *d = opendir (dir);
  struct dirent *e;
  while (d && (e = readdir (d)))
    if (e->d_type == DT_DIR && e->d_name[0] != '.')
      {
        cleanup_free char *sub = xasprintf ("%s/%s", dir, e->d_name);
        rmdir_tree (sub);
      }
  if (d)
    closedir (d);
  return rmdir (dir) < 0 && errno != ENOENT ? -errno : 0;
}

void
lc_cgroup_fs_remove_created (const lc_cgroup *cg)
{
  for (size_t i = 0; i < cg->dirs.len; i++)
    if (cg->created[i])
      rmdir (cg->dirs.values[i]);
}

int
lc_cgroup_fs_destroy (const lc_cgroup *cg, lc_error **err)
{
  pid_t *pids = NULL;
  size_t n = 0;
  if (lc_cgroup_pids (cg, &pids, &n, NULL) == 0 && n)
    lc_cgroup_kill (cg, SIGKILL, NULL);
  free (pids);
  /* A frozen (paused) v1 process takes its SIGKILL only when thawed. */
  if (lc_cgroup_frozen (cg))
    lc_cgroup_freeze (cg, false, NULL);
  /* Killed processes leave their cgroup when the kernel has reaped them:
     retry for up to 5 s. */
  int r = 0;
  for (int i = 0; i < 1000; i++)
    {
      r = 0;
      for (size_t k = 0; k < cg->dirs.len; k++)
        if (rmdir_tree (cg->dirs.values[k]) < 0)
          r = -EBUSY;
      if (r == 0)
        return 0;
      if (i % 20 == 19)
        lc_cgroup_kill (cg, SIGKILL, NULL);
      lc_cgroup_sleep_ms (5);
    }
  return lc_error_set (err, -r, "remove the cgroup \"%s\"", cg->path);
}
