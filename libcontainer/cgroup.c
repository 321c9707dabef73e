/* husk - cgroups, see cgroup.h. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include "cgroup-internal.h"
#include "hooks.h"
#include "json.h"
#include "spec-internal.h"
#include "util/log.h"
#include "util/path.h"

static const char *const cg_root = "/sys/fs/cgroup";

/* ---- files ---- */

static int
write_file (const char *dir, const char *file, const char *value, const char *field, lc_error **err)
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

static char *
read_file (const char *dir, const char *file)
{
  cleanup_free char *path = xasprintf ("%s/%s", dir, file);
  char *buf = NULL;
  size_t len = 0;
  if (lc_read_file (path, 1 << 20, &buf, &len, NULL) < 0)
    return NULL;
  return buf;
}

static bool
exists (const char *dir, const char *file)
{
  cleanup_free char *path = xasprintf ("%s/%s", dir, file);
  return access (path, F_OK) == 0;
}

static uint64_t
read_u64 (const char *dir, const char *file)
{
  cleanup_free char *s = read_file (dir, file);
  return s ? strtoull (s, NULL, 10) : 0;
}

/* "key value" lines (memory.stat, cgroup.events, ...). */
static bool
keyed_u64 (const char *text, const char *key, uint64_t *out)
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

/* ---- the host's hierarchies ---- */

enum lc_cgroup_version
lc_cgroup_host_version (void)
{
  struct statfs sfs;
  if (statfs (cg_root, &sfs) < 0)
    return LC_CGROUP_NONE;
  if (sfs.f_type == CGROUP2_SUPER_MAGIC)
    return LC_CGROUP_V2;
  cleanup_free char *probe = xasprintf ("%s/memory", cg_root);
  cleanup_free char *probe2 = xasprintf ("%s/pids", cg_root);
  if (statfs (probe, &sfs) == 0 && sfs.f_type == CGROUP_SUPER_MAGIC)
    return LC_CGROUP_V1;
  if (statfs (probe2, &sfs) == 0 && sfs.f_type == CGROUP_SUPER_MAGIC)
    return LC_CGROUP_V1;
  return LC_CGROUP_NONE;
}

/* A v1 host with the v2 hierarchy mounted beside at /sys/fs/cgroup/unified
   (systemd's hybrid mode), where runc looks for it too. */
static bool
hybrid_host (void)
{
  struct statfs sfs;
  cleanup_free char *unified = xasprintf ("%s/unified", cg_root);
  return statfs (unified, &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC;
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

/* /proc/self/cgroup, whole (NULL when it cannot be read). */
static char *
read_self_cgroup (void)
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

/* Our cgroup in the hierarchy with this key (v2: key NULL), from the text
   of /proc/self/cgroup (read once for every hierarchy, not once each). */
static char *
own_cgroup_in (const char *text, const char *key)
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

static char *
own_cgroup (const char *key)
{
  cleanup_free char *text = read_self_cgroup ();
  return own_cgroup_in (text, key);
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
  size_t rootlen = strlen (cg_root);
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
      if (strncmp (fields[4], cg_root, rootlen) != 0 || fields[4][rootlen] != '/')
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
        self = read_self_cgroup ();
      char *own = own_cgroup_in (self, key);
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
add_dir (lc_cgroup *cg, const char *key, const char *dir)
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
  lc_cgroup *cg = xcalloc (1, sizeof *cg);
  cg->version = lc_cgroup_host_version ();
  cg->path = xstrdup (path);
  bool abs = path[0] == '/';
  if (cg->version == LC_CGROUP_V2)
    {
      cleanup_free char *own = own_cgroup (NULL);
      /* Our own cgroup has processes (us): its parent is where a new
         cgroup can get controllers. */
      char *slash = strrchr (own, '/');
      if (slash)
        *slash = '\0';
      cleanup_free char *dir = abs ? xasprintf ("%s/%s", cg_root, path) : xasprintf ("%s/%s/%s", cg_root, own, path);
      add_dir (cg, "unified", dir);
    }
  else if (cg->version == LC_CGROUP_V1)
    {
      struct hier *h;
      size_t n;
      v1_hierarchies (&h, &n);
      for (size_t i = 0; i < n; i++)
        {
          cleanup_free char *dir
              = abs ? xasprintf ("%s/%s", h[i].mount, path) : xasprintf ("%s/%s/%s", h[i].mount, h[i].own, path);
          add_dir (cg, h[i].key, dir);
        }
      free_hiers (h, n);
      /* A hybrid host's v2 hierarchy (systemd's "unified", no controllers
         for limits): the container is placed there too, as runc does, so
         that what looks for processes by their v2 cgroup (systemd, eBPF
         programs attached to cgroups, pressure stall information) finds it
         in its own.  Relative paths as for v1: below our own cgroup. */
      if (hybrid_host ())
        {
          cleanup_free char *own = own_cgroup (NULL);
          cleanup_free char *dir
              = abs ? xasprintf ("%s/unified/%s", cg_root, path) : xasprintf ("%s/unified/%s/%s", cg_root, own, path);
          add_dir (cg, "unified", dir);
        }
    }
  *out = cg;
  return 0;
}

lc_cgroup *
lc_cgroup_from_state (const char *path, const lc_strmap *dirs)
{
  if (dirs == NULL || dirs->len == 0)
    return NULL;
  lc_cgroup *cg = xcalloc (1, sizeof *cg);
  cg->path = xstrdup (path ? path : "");
  cg->version = strcmp (dirs->keys[0], "unified") == 0 && dirs->len == 1 ? LC_CGROUP_V2 : LC_CGROUP_V1;
  for (size_t i = 0; i < dirs->len; i++)
    add_dir (cg, dirs->keys[i], dirs->values[i]);
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

/* The directory of the hierarchy holding controller, or NULL. */
static const char *
dir_for (const lc_cgroup *cg, const char *controller)
{
  if (cg->version == LC_CGROUP_V2)
    return cg->dirs.values[0];
  size_t cl = strlen (controller);
  for (size_t i = 0; i < cg->dirs.len; i++)
    for (const char *k = cg->dirs.keys[i]; k; k = strchr (k, ',') ? strchr (k, ',') + 1 : NULL)
      if (strncmp (k, controller, cl) == 0 && (k[cl] == ',' || k[cl] == '\0'))
        return cg->dirs.values[i];
  return NULL;
}

/* v1 cpuset: a new cgroup starts with no cpus and no mems, and takes no
   process until it has some.  Fill each that is empty from its parent. */
static int
cpuset_copy_if_empty (const char *dir, const char *parent, lc_error **err)
{
  static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
  for (size_t i = 0; i < 2; i++)
    {
      cleanup_free char *mine = read_file (dir, files[i]);
      if (mine == NULL)
        return lc_error_set (err, errno, "cgroup: read %s/%s", dir, files[i]);
      if (mine[0] != '\n' && mine[0] != '\0')
        continue;
      cleanup_free char *theirs = read_file (parent, files[i]);
      if (theirs == NULL)
        return lc_error_set (err, errno, "cgroup: read %s/%s", parent, files[i]);
      if (write_file (dir, files[i], theirs, "cgroup", err) < 0)
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

/* mkdir -p. */
static int
mkdir_p (const char *dir, bool *created)
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
      int r = mkdir_p (parent, &dummy);
      if (r < 0)
        return r;
    }
  if (mkdir (dir, 0755) == 0)
    *created = true;
  else if (errno != EEXIST)
    return -errno;
  return 0;
}

/* v2: every controller the parent has, for the children of each level from
   the root down to the container's parent. */
static void
v2_enable_controllers (const char *dir)
{
  size_t rl = strlen (cg_root);
  cleanup_free char *cur = xstrdup (cg_root);
  const char *rest = dir + rl;
  for (;;)
    {
      cleanup_free char *avail = read_file (cur, "cgroup.controllers");
      cleanup_free char *enabled = read_file (cur, "cgroup.subtree_control");
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
            write_file (cur, "cgroup.subtree_control", want, "cgroup", NULL);
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

/* Entry i is the v2 hierarchy of a hybrid host (see lc_cgroup_resolve). */
static bool
hybrid_v2_dir (const lc_cgroup *cg, size_t i)
{
  return cg->version == LC_CGROUP_V1 && strcmp (cg->dirs.keys[i], "unified") == 0;
}

/* Forget entry i (it was never made). */
static void
drop_dir (lc_cgroup *cg, size_t i)
{
  lc_strmap *m = &cg->dirs;
  free (m->keys[i]);
  free (m->values[i]);
  memmove (&m->keys[i], &m->keys[i + 1], (m->len - i) * sizeof (char *)); /* the NULL end too */
  memmove (&m->values[i], &m->values[i + 1], (m->len - i) * sizeof (char *));
  memmove (&cg->created[i], &cg->created[i + 1], (m->len - i - 1) * sizeof (bool));
  m->len--;
}

int
lc_cgroup_create (lc_cgroup *cg, lc_error **err)
{
  for (size_t i = 0; i < cg->dirs.len;)
    {
      const char *dir = cg->dirs.values[i];
      if (cg->version == LC_CGROUP_V2)
        {
          cleanup_free char *parent = xstrdup (dir);
          char *slash = strrchr (parent, '/');
          if (slash)
            *slash = '\0';
          bool dummy;
          int r = mkdir_p (parent, &dummy);
          if (r < 0)
            return lc_error_set (err, -r, "cgroup: create \"%s\"", parent);
          v2_enable_controllers (dir);
        }
      if (cg->version == LC_CGROUP_V1 && dir_for (cg, "cpuset") == dir)
        {
          if (cpuset_mkdir_p (dir, &cg->created[i], err) < 0)
            return -1;
          i++;
          continue;
        }
      int r = mkdir_p (dir, &cg->created[i]);
      if (r < 0 && hybrid_v2_dir (cg, i))
        {
          /* No limit lives there, only the placement: without it the
             container runs as on a v1 host (runc ignores this error). */
          if (!cg->rootless)
            lc_warn ("cgroup: create \"%s\": %s; the container is not placed in the v2 hierarchy", dir, strerror (-r));
          drop_dir (cg, i);
          continue;
        }
      if (r < 0)
        return lc_error_set (err, -r, "cgroup: create \"%s\"", dir);
      i++;
    }
  return 0;
}

int
lc_cgroup_enter (const lc_cgroup *cg, pid_t pid, lc_error **err)
{
  char buf[32];
  snprintf (buf, sizeof buf, "%d", (int) pid);
  for (size_t i = 0; i < cg->dirs.len; i++)
    {
      lc_error *e = NULL;
      if (write_file (cg->dirs.values[i], "cgroup.procs", buf, "cgroup", &e) == 0)
        continue;
      if (hybrid_v2_dir (cg, i))
        {
          /* As in lc_cgroup_create: the placement only, not worth failing. */
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

/* One --cgroup argument: its sub-cgroup (checked), and in *ctrls its
   controller list ("cpu,cpuacct") or NULL for every hierarchy. */
static const char *
descend_arg (const lc_cgroup *cg, const char *spec, char **ctrls, lc_error **err)
{
  const char *colon = strchr (spec, ':');
  const char *sub = colon ? colon + 1 : spec;
  *ctrls = colon && cg->version == LC_CGROUP_V1 ? xstrndup (spec, (size_t) (colon - spec)) : NULL;
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

/* exec --cgroup, runc's forms: one bare "sub" for every hierarchy, or
   "ctrl[,ctrl...]:sub" (repeatable), each controller naming the
   hierarchy that holds it: "cpu,cpuacct:sub" is the same on a host that
   mounts cpu and cpuacct apart as on one that mounts them together.  All
   are checked before anything changes; a hierarchy is given once. */
int
lc_cgroup_descend (lc_cgroup *cg, char *const *specs, size_t n, lc_error **err)
{
  size_t nd = cg->dirs.len;
  cleanup_free const char **subs = xcalloc (nd + 1, sizeof *subs);
  cleanup_free size_t *by = xcalloc (nd + 1, sizeof *by); /* which argument set subs[i] */
  for (size_t k = 0; k < n; k++)
    {
      cleanup_free char *ctrls = NULL;
      const char *sub = descend_arg (cg, specs[k], &ctrls, err);
      if (sub == NULL)
        return -1;
      if (ctrls == NULL && n > 1)
        return cg->version == LC_CGROUP_V2
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
          const char *d = dir_for (cg, c);
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

int
lc_cgroup_v2_fd (const lc_cgroup *cg)
{
  if (cg == NULL || cg->version != LC_CGROUP_V2)
    return -1;
  return open (cg->dirs.values[0], O_PATH | O_DIRECTORY | O_CLOEXEC);
}

/* ---- resources ---- */

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

struct ctx
{
  const lc_cgroup *cg;
  bool v2;
  lc_error **err;
};

/* The directory for a v1 controller (v2: the one directory), or an error
   naming the field when this host lacks it. */
static const char *
need (struct ctx *x, const char *controller, const char *field)
{
  const char *d = dir_for (x->cg, controller);
  if (d == NULL)
    lc_error_setc (x->err, ENOTSUP, "%s: the %s controller is not available on this host", field, controller);
  return d;
}

static int
put (struct ctx *x, const char *dir, const char *file, const char *field, const char *fmt, ...) LC_PRINTF (5, 6);

static int
put (struct ctx *x, const char *dir, const char *file, const char *field, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  cleanup_free char *v = xvasprintf (fmt, ap);
  va_end (ap);
  return write_file (dir, file, v, field, x->err);
}

/* memory.limit_in_bytes, with the reason when the kernel refuses it for
   being above memory+swap (EINVAL alone says nothing). */
static int
put_memory_limit_v1 (struct ctx *x, const char *d, int64_t limit)
{
  const char *f = "linux.resources.memory.limit";
  if (put (x, d, "memory.limit_in_bytes", f, "%lld", (long long) limit) == 0)
    return 0;
  uint64_t memsw = read_u64 (d, "memory.memsw.limit_in_bytes");
  if ((*x->err)->errnum != EINVAL || memsw == 0 || (limit > 0 && (uint64_t) limit <= memsw))
    return -1;
  char want[32] = "-1 (unlimited)";
  if (limit > 0)
    snprintf (want, sizeof want, "%lld", (long long) limit);
  return lc_error_setc (x->err, EINVAL,
                        "%s: %s is above the memory+swap limit (%llu) of the cgroup: raise "
                        "linux.resources.memory.swap (--memory-swap) with it",
                        f, want, (unsigned long long) memsw);
}

/* memory.memsw.limit_in_bytes, with the reason when the kernel refuses it
   for being below memory. */
static int
put_memory_swap_v1 (struct ctx *x, const char *d, int64_t swap)
{
  const char *f = "linux.resources.memory.swap";
  if (put (x, d, "memory.memsw.limit_in_bytes", f, "%lld", (long long) swap) == 0)
    return 0;
  uint64_t mem = read_u64 (d, "memory.limit_in_bytes");
  if ((*x->err)->errnum != EINVAL || swap < 0 || (uint64_t) swap >= mem)
    return -1;
  return lc_error_setc (x->err, EINVAL,
                        "%s: %lld is below the memory limit (%llu) of the cgroup: lower linux.resources.memory.limit "
                        "(--memory) with it",
                        f, (long long) swap, (unsigned long long) mem);
}

/* v1 memory and memory+swap, as runc's setMemoryAndSwap: 0 leaves a value
   as it is, -1 is unlimited.  The kernel keeps memory+swap at or above
   memory at every moment, so the two writes go in the order that holds
   it: memory+swap first when it grows (above the current memory limit,
   or to unlimited), else memory first.  An unlimited memory without a
   swap value takes an unlimited memory+swap with it, which it could not
   stay below. */
static int
apply_memory_swap_v1 (struct ctx *x, const char *d, int64_t limit, int64_t swap)
{
  bool memsw = exists (d, "memory.memsw.limit_in_bytes");
  if (limit == -1 && swap == 0 && memsw)
    swap = -1;
  if (swap != 0 && !memsw)
    return lc_error_setc (x->err, ENOTSUP,
                          "linux.resources.memory.swap: this kernel has no swap accounting (memory.memsw)");
  if (limit == -1 && swap > 0)
    return lc_error_setc (x->err, EINVAL,
                          "linux.resources.memory.swap: %lld with an unlimited memory limit (memory+swap cannot be "
                          "below memory)",
                          (long long) swap);
  bool swap_first = limit != 0 && swap != 0 && (swap == -1 || read_u64 (d, "memory.limit_in_bytes") < (uint64_t) swap);
  if (swap_first && put_memory_swap_v1 (x, d, swap) < 0)
    return -1;
  if (limit != 0 && put_memory_limit_v1 (x, d, limit) < 0)
    return -1;
  if (!swap_first && swap != 0 && put_memory_swap_v1 (x, d, swap) < 0)
    return -1;
  return 0;
}

static int
apply_memory (struct ctx *x, const struct lc_spec_memory *m, bool update)
{
  const char *d = need (x, "memory", "linux.resources.memory");
  if (d == NULL)
    return -1;
  if (m->has_swap && m->swap > 0 && m->has_limit && m->limit > 0 && m->swap < m->limit)
    return lc_error_setc (x->err, EINVAL,
                          "linux.resources.memory.swap: %lld is less than the memory limit %lld (swap counts memory "
                          "plus swap)",
                          (long long) m->swap, (long long) m->limit);
  if (update && m->has_check_before_update && m->check_before_update && m->has_limit && m->limit > 0)
    {
      uint64_t usage = read_u64 (d, x->v2 ? "memory.current" : "memory.usage_in_bytes");
      if (usage > (uint64_t) m->limit)
        return lc_error_setc (x->err, EBUSY,
                              "linux.resources.memory.limit: %lld is below the current usage (%llu) and "
                              "checkBeforeUpdate is set",
                              (long long) m->limit, (unsigned long long) usage);
    }
  /* kernelTCP: v1's memory.kmem.tcp.limit_in_bytes where the kernel has
     it (runc sets it too); kernel memory limits themselves are gone from
     the kernel (5.16) and from runc: a warning. */
  bool tcp_file = !x->v2 && exists (d, "memory.kmem.tcp.limit_in_bytes");
  if (m->has_kernel_tcp && tcp_file && m->kernel_tcp != 0
      && put (x, d, "memory.kmem.tcp.limit_in_bytes", "linux.resources.memory.kernelTCP", "%lld",
              (long long) m->kernel_tcp)
             < 0)
    return -1;
  if (m->has_kernel || (m->has_kernel_tcp && !tcp_file))
    lc_warn ("linux.resources.memory.kernel%s: kernel memory limits are not supported by this kernel and are ignored",
             m->has_kernel ? "" : "TCP");
  if (x->v2)
    {
      /* 0 leaves it as it is (runc). */
      if (m->has_limit && m->limit != 0
          && (m->limit < 0 ? put (x, d, "memory.max", "linux.resources.memory.limit", "max")
                           : put (x, d, "memory.max", "linux.resources.memory.limit", "%lld", (long long) m->limit))
                 < 0)
        return -1;
      /* Unlimited memory without a swap value: swap unlimited too, as on
         v1 (runc's ConvertMemorySwapToCgroupV2Value). */
      if (m->has_limit && m->limit == -1 && (!m->has_swap || m->swap == 0) && exists (d, "memory.swap.max")
          && put (x, d, "memory.swap.max", "linux.resources.memory.swap", "max") < 0)
        return -1;
      if (m->has_reservation
          && put (x, d, "memory.low", "linux.resources.memory.reservation", "%lld", (long long) m->reservation) < 0)
        return -1;
      if (m->has_swap && m->swap != 0)
        {
          if (m->swap < 0)
            {
              if (put (x, d, "memory.swap.max", "linux.resources.memory.swap", "max") < 0)
                return -1;
            }
          else if (!m->has_limit || m->limit <= 0)
            return lc_error_setc (x->err, EINVAL,
                                  "linux.resources.memory.swap: on cgroup v2 a swap limit needs memory.limit");
          else if (put (x, d, "memory.swap.max", "linux.resources.memory.swap", "%lld",
                        (long long) (m->swap - m->limit))
                   < 0)
            return -1;
        }
      if (m->has_swappiness)
        return lc_error_setc (x->err, ENOTSUP, "linux.resources.memory.swappiness: cgroup v2 has no swappiness");
      if (m->has_disable_oom_killer && m->disable_oom_killer)
        lc_warn ("linux.resources.memory.disableOOMKiller: cgroup v2 cannot disable the OOM killer; ignored");
      return 0;
    }
  if (apply_memory_swap_v1 (x, d, m->has_limit ? m->limit : 0, m->has_swap ? m->swap : 0) < 0)
    return -1;
  if (m->has_reservation
      && put (x, d, "memory.soft_limit_in_bytes", "linux.resources.memory.reservation", "%lld",
              (long long) m->reservation)
             < 0)
    return -1;
  if (m->has_swappiness
      && put (x, d, "memory.swappiness", "linux.resources.memory.swappiness", "%llu",
              (unsigned long long) m->swappiness)
             < 0)
    return -1;
  if (m->has_disable_oom_killer
      && put (x, d, "memory.oom_control", "linux.resources.memory.disableOOMKiller", "%d", m->disable_oom_killer)
             < 0)
    return -1;
  return 0;
}

static int
apply_cpu (struct ctx *x, const struct lc_spec_cpu *c)
{
  if (c->cpus || c->mems)
    {
      const char *d = need (x, "cpuset", "linux.resources.cpu.cpus");
      if (d == NULL)
        return -1;
      if (c->cpus && *c->cpus && put (x, d, "cpuset.cpus", "linux.resources.cpu.cpus", "%s", c->cpus) < 0)
        return -1;
      if (c->mems && *c->mems && put (x, d, "cpuset.mems", "linux.resources.cpu.mems", "%s", c->mems) < 0)
        return -1;
    }
  if (!(c->has_shares || c->has_quota || c->has_period || c->has_burst || c->has_idle || c->has_realtime_period
        || c->has_realtime_runtime))
    return 0;
  const char *d = need (x, "cpu", "linux.resources.cpu");
  if (d == NULL)
    return -1;
  if (x->v2)
    {
      if (c->has_realtime_period || c->has_realtime_runtime)
        return lc_error_setc (x->err, ENOTSUP, "linux.resources.cpu.%s: cgroup v2 has no real-time scheduling limits",
                              c->has_realtime_runtime ? "realtimeRuntime" : "realtimePeriod");
      if (c->has_shares && c->shares
          && put (x, d, "cpu.weight", "linux.resources.cpu.shares", "%llu",
                  (unsigned long long) lc_cgroup_shares_to_weight (c->shares))
                 < 0)
        return -1;
      if (c->has_quota || c->has_period)
        {
          char quota[32] = "max";
          if (c->has_quota && c->quota > 0)
            snprintf (quota, sizeof quota, "%lld", (long long) c->quota);
          uint64_t period = c->has_period && c->period ? c->period : 100000;
          if (put (x, d, "cpu.max", c->has_quota ? "linux.resources.cpu.quota" : "linux.resources.cpu.period",
                   "%s %llu", quota, (unsigned long long) period)
              < 0)
            return -1;
        }
      if (c->has_burst
          && put (x, d, "cpu.max.burst", "linux.resources.cpu.burst", "%llu", (unsigned long long) c->burst) < 0)
        return -1;
    }
  else
    {
      if (c->has_shares && c->shares
          && put (x, d, "cpu.shares", "linux.resources.cpu.shares", "%llu", (unsigned long long) c->shares) < 0)
        return -1;
      if (c->has_period && c->period
          && put (x, d, "cpu.cfs_period_us", "linux.resources.cpu.period", "%llu", (unsigned long long) c->period)
                 < 0)
        return -1;
      if (c->has_quota && c->quota
          && put (x, d, "cpu.cfs_quota_us", "linux.resources.cpu.quota", "%lld", (long long) c->quota) < 0)
        return -1;
      if (c->has_burst
          && put (x, d, "cpu.cfs_burst_us", "linux.resources.cpu.burst", "%llu", (unsigned long long) c->burst) < 0)
        return -1;
      if (c->has_realtime_period && c->realtime_period
          && put (x, d, "cpu.rt_period_us", "linux.resources.cpu.realtimePeriod", "%llu",
                  (unsigned long long) c->realtime_period)
                 < 0)
        return -1;
      if (c->has_realtime_runtime && c->realtime_runtime
          && put (x, d, "cpu.rt_runtime_us", "linux.resources.cpu.realtimeRuntime", "%lld",
                  (long long) c->realtime_runtime)
                 < 0)
        return -1;
    }
  if (c->has_idle && put (x, d, "cpu.idle", "linux.resources.cpu.idle", "%lld", (long long) c->idle) < 0)
    return -1;
  return 0;
}

static int
apply_blkio (struct ctx *x, const struct lc_spec_blockio *b)
{
  const char *d = need (x, x->v2 ? "io" : "blkio", "linux.resources.blockIO");
  if (d == NULL)
    return -1;
  const char *f = "linux.resources.blockIO.weight";
  if (x->v2)
    {
      /* BFQ's weight is the spec's scale (10-1000); io.weight's is 1-10000. */
      bool bfq = exists (d, "io.bfq.weight");
      if (b->has_weight && b->weight)
        {
          if (bfq ? put (x, d, "io.bfq.weight", f, "%u", b->weight) < 0
                  : put (x, d, "io.weight", f, "default %u", 1 + (b->weight - 10) * 9999 / 990) < 0)
            return -1;
        }
      for (size_t i = 0; i < b->n_weight_device; i++)
        {
          const lc_spec_weight_device *w = &b->weight_device[i];
          if (w->has_weight
              && (bfq ? put (x, d, "io.bfq.weight", "linux.resources.blockIO.weightDevice", "%lld:%lld %u",
                             (long long) w->major, (long long) w->minor, w->weight)
                      : put (x, d, "io.weight", "linux.resources.blockIO.weightDevice", "%lld:%lld %u",
                             (long long) w->major, (long long) w->minor, 1 + (w->weight - 10) * 9999 / 990))
                     < 0)
            return -1;
        }
      if (b->has_leaf_weight)
        return lc_error_setc (x->err, ENOTSUP, "linux.resources.blockIO.leafWeight: cgroup v2 has no leaf weight");
      const struct
      {
        const lc_spec_throttle *t;
        size_t n;
        const char *key, *field;
      } th[] = {
        { b->throttle_read_bps, b->n_throttle_read_bps, "rbps", "throttleReadBpsDevice" },
        { b->throttle_write_bps, b->n_throttle_write_bps, "wbps", "throttleWriteBpsDevice" },
        { b->throttle_read_iops, b->n_throttle_read_iops, "riops", "throttleReadIOPSDevice" },
        { b->throttle_write_iops, b->n_throttle_write_iops, "wiops", "throttleWriteIOPSDevice" },
      };
      for (size_t k = 0; k < 4; k++)
        for (size_t i = 0; i < th[k].n; i++)
          {
            char field[96], rate[32] = "max";
            snprintf (field, sizeof field, "linux.resources.blockIO.%s[%zu]", th[k].field, i);
            if (th[k].t[i].rate)
              snprintf (rate, sizeof rate, "%llu", (unsigned long long) th[k].t[i].rate);
            if (put (x, d, "io.max", field, "%lld:%lld %s=%s", (long long) th[k].t[i].major,
                     (long long) th[k].t[i].minor, th[k].key, rate)
                < 0)
              return -1;
          }
      return 0;
    }
  const char *wfile = exists (d, "blkio.weight") ? "blkio.weight" : "blkio.bfq.weight";
  if (b->has_weight && b->weight && put (x, d, wfile, f, "%u", b->weight) < 0)
    return -1;
  if (b->has_leaf_weight && b->leaf_weight
      && put (x, d, "blkio.leaf_weight", "linux.resources.blockIO.leafWeight", "%u", b->leaf_weight) < 0)
    return -1;
  for (size_t i = 0; i < b->n_weight_device; i++)
    {
      const lc_spec_weight_device *w = &b->weight_device[i];
      const char *wd = exists (d, "blkio.weight_device") ? "blkio.weight_device" : "blkio.bfq.weight_device";
      if (w->has_weight
          && put (x, d, wd, "linux.resources.blockIO.weightDevice", "%lld:%lld %u", (long long) w->major,
                  (long long) w->minor, w->weight)
                 < 0)
        return -1;
    }
  const struct
  {
    const lc_spec_throttle *t;
    size_t n;
    const char *file, *field;
  } th[] = {
    { b->throttle_read_bps, b->n_throttle_read_bps, "blkio.throttle.read_bps_device", "throttleReadBpsDevice" },
    { b->throttle_write_bps, b->n_throttle_write_bps, "blkio.throttle.write_bps_device", "throttleWriteBpsDevice" },
    { b->throttle_read_iops, b->n_throttle_read_iops, "blkio.throttle.read_iops_device", "throttleReadIOPSDevice" },
    { b->throttle_write_iops, b->n_throttle_write_iops, "blkio.throttle.write_iops_device",
      "throttleWriteIOPSDevice" },
  };
  for (size_t k = 0; k < 4; k++)
    for (size_t i = 0; i < th[k].n; i++)
      {
        char field[96];
        snprintf (field, sizeof field, "linux.resources.blockIO.%s[%zu]", th[k].field, i);
        if (put (x, d, th[k].file, field, "%lld:%lld %llu", (long long) th[k].t[i].major, (long long) th[k].t[i].minor,
                 (unsigned long long) th[k].t[i].rate)
            < 0)
          return -1;
      }
  return 0;
}

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

/* The device rules in force: the config's in order, then the defaults.
   linux.devices only creates nodes: as with runc, access to one is granted
   by linux.resources.devices alone, never by its being listed (a deny-all
   config listing /dev/kmsg must not read the host's kernel log). */
static lc_spec_device_rule *
device_rules (const lc_spec_resources *r, size_t *n)
{
  size_t nd = sizeof default_rules / sizeof default_rules[0];
  lc_spec_device_rule *all = xcalloc (r->n_devices + nd, sizeof *all);
  size_t k = 0;
  for (size_t i = 0; i < r->n_devices; i++)
    all[k++] = r->devices[i];
  for (size_t i = 0; i < nd; i++)
    all[k++] = default_rules[i];
  *n = k;
  return all;
}

/* v1 device rules, written in order. */
static int
apply_devices_v1 (struct ctx *x, const lc_spec_device_rule *rules, size_t n)
{
  const char *d = need (x, "devices", "linux.resources.devices");
  if (d == NULL)
    return -1;
  for (size_t i = 0; i < n; i++)
    {
      const lc_spec_device_rule *r = &rules[i];
      char field[64], major[24] = "*", minor[24] = "*";
      snprintf (field, sizeof field, "linux.resources.devices[%zu]", i);
      if (r->has_major && r->major >= 0)
        snprintf (major, sizeof major, "%lld", (long long) r->major);
      if (r->has_minor && r->minor >= 0)
        snprintf (minor, sizeof minor, "%lld", (long long) r->minor);
      const char *access = r->access && *r->access ? r->access : "rwm";
      int ret = r->type == 'a' || r->type == 0
                    ? put (x, d, r->allow ? "devices.allow" : "devices.deny", field, "a")
                    : put (x, d, r->allow ? "devices.allow" : "devices.deny", field, "%c %s:%s %s", r->type, major,
                           minor, access);
      if (ret < 0)
        return -1;
    }
  return 0;
}

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

int
lc_cgroup_apply (const lc_cgroup *cg, const lc_spec_resources *r, bool update, lc_error **err)
{
  if (cg == NULL || r == NULL)
    return 0;
  struct ctx x = { .cg = cg, .v2 = cg->version == LC_CGROUP_V2, .err = err };
  if (r->memory && apply_memory (&x, r->memory, update) < 0)
    return -1;
  if (r->cpu && apply_cpu (&x, r->cpu) < 0)
    return -1;
  if (r->pids)
    {
      const char *d = need (&x, "pids", "linux.resources.pids");
      if (d == NULL)
        return -1;
      int ret = r->pids->limit > 0
                    ? put (&x, d, "pids.max", "linux.resources.pids.limit", "%lld", (long long) r->pids->limit)
                    : put (&x, d, "pids.max", "linux.resources.pids.limit", "max");
      if (ret < 0)
        return -1;
    }
  if (r->block_io && apply_blkio (&x, r->block_io) < 0)
    return -1;
  for (size_t i = 0; i < r->n_hugepage_limits; i++)
    {
      char field[64];
      snprintf (field, sizeof field, "linux.resources.hugepageLimits[%zu]", i);
      const char *d = need (&x, "hugetlb", field);
      if (d == NULL)
        return -1;
      cleanup_free char *file = xasprintf (x.v2 ? "hugetlb.%s.max" : "hugetlb.%s.limit_in_bytes",
                                           r->hugepage_limits[i].page_size);
      if (put (&x, d, file, field, "%llu", (unsigned long long) r->hugepage_limits[i].limit) < 0)
        return -1;
    }
  if (r->network)
    {
      if (x.v2)
        return lc_error_setc (err, ENOTSUP, "linux.resources.network: cgroup v2 has no net_cls or net_prio");
      if (r->network->has_class_id)
        {
          const char *d = need (&x, "net_cls", "linux.resources.network.classID");
          if (d == NULL || put (&x, d, "net_cls.classid", "linux.resources.network.classID", "%u",
                                r->network->class_id)
                               < 0)
            return -1;
        }
      for (size_t i = 0; i < r->network->n_priorities; i++)
        {
          const char *d = need (&x, "net_prio", "linux.resources.network.priorities");
          if (d == NULL
              || put (&x, d, "net_prio.ifpriomap", "linux.resources.network.priorities", "%s %u",
                      r->network->priorities[i].name, r->network->priorities[i].priority)
                     < 0)
            return -1;
        }
    }
  for (size_t i = 0; i < r->n_rdma; i++)
    {
      const struct lc_spec_rdma *m = &r->rdma[i];
      const char *d = need (&x, "rdma", "linux.resources.rdma");
      if (d == NULL)
        return -1;
      char handles[32] = "max", objects[32] = "max";
      if (m->has_hca_handles)
        snprintf (handles, sizeof handles, "%u", m->hca_handles);
      if (m->has_hca_objects)
        snprintf (objects, sizeof objects, "%u", m->hca_objects);
      if (put (&x, d, "rdma.max", "linux.resources.rdma", "%s hca_handle=%s hca_object=%s", m->device, handles,
               objects)
          < 0)
        return -1;
    }
  if (r->n_devices)
    {
      size_t n = 0;
      cleanup_free lc_spec_device_rule *rules = device_rules (r, &n);
      if (x.v2 ? lc_cgroup_v2_devices (cg->dirs.values[0], rules, n, err) < 0 : apply_devices_v1 (&x, rules, n) < 0)
        {
          /* Rootless, a device cgroup takes privilege over the host's user
             namespace (devices.allow, a BPF program) that a user namespace
             never has; its nodes are bind mounts of what the user may open
             anyway.  runc goes on too. */
          if (!cg->rootless)
            return -1;
          lc_error_clear (err);
        }
    }
  if (r->unified.len)
    {
      if (!x.v2)
        return lc_error_setc (err, ENOTSUP, "linux.resources.unified: needs cgroup v2 (this host has v1)");
      for (size_t i = 0; i < r->unified.len; i++)
        {
          const char *key = r->unified.keys[i];
          char field[300];
          snprintf (field, sizeof field, "linux.resources.unified[\"%.200s\"]", key);
          if (key[0] == '\0' || key[0] == '.' || strchr (key, '/'))
            return lc_error_setc (err, EINVAL, "%s: must be a file name in the cgroup, without \"/\"", field);
          if (strcmp (key, "cgroup.procs") == 0 || strcmp (key, "cgroup.threads") == 0
              || strcmp (key, "cgroup.subtree_control") == 0)
            return lc_error_setc (err, EINVAL, "%s: is managed by the runtime", field);
          if (write_file (cg->dirs.values[0], key, r->unified.values[i], field, err) < 0)
            return -1;
        }
    }
  return 0;
}

/* ---- processes ---- */

static int
read_pids (const char *dir, bool recursive, pid_t **pids, size_t *n)
{
  cleanup_free char *text = read_file (dir, "cgroup.procs");
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
      const char *d = dir_for (cg, prefer[i]);
      if (d)
        return d;
    }
  return cg->dirs.len ? cg->dirs.values[0] : NULL;
}

bool
lc_cgroup_exists (const lc_cgroup *cg)
{
  const char *d = cg ? procs_dir (cg) : NULL;
  return d && access (d, F_OK) == 0;
}

int
lc_cgroup_pids (const lc_cgroup *cg, pid_t **pids, size_t *n, lc_error **err)
{
  *pids = NULL;
  *n = 0;
  const char *d = procs_dir (cg);
  if (d == NULL || read_pids (d, true, pids, n) < 0)
    return lc_error_set (err, errno, "read the processes of cgroup \"%s\"", d ? d : "(none)");
  return 0;
}

static void
sleep_ms (long ms)
{
  struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
  nanosleep (&ts, NULL);
}

bool
lc_cgroup_frozen (const lc_cgroup *cg)
{
  if (cg == NULL)
    return false;
  if (cg->version == LC_CGROUP_V2)
    {
      cleanup_free char *ev = read_file (cg->dirs.values[0], "cgroup.events");
      uint64_t f = 0;
      return ev && keyed_u64 (ev, "frozen", &f) && f == 1;
    }
  const char *d = dir_for (cg, "freezer");
  cleanup_free char *s = d ? read_file (d, "freezer.state") : NULL;
  return s && strncmp (s, "FROZEN", 6) == 0;
}

int
lc_cgroup_freeze (const lc_cgroup *cg, bool frozen, lc_error **err)
{
  const char *d = cg->version == LC_CGROUP_V2 ? cg->dirs.values[0] : dir_for (cg, "freezer");
  if (d == NULL)
    return lc_error_setc (err, ENOTSUP, "the freezer controller is not available on this host");
  const char *file = cg->version == LC_CGROUP_V2 ? "cgroup.freeze" : "freezer.state";
  const char *value = cg->version == LC_CGROUP_V2 ? (frozen ? "1" : "0") : (frozen ? "FROZEN" : "THAWED");
  if (write_file (d, file, value, "cgroup", err) < 0)
    return -1;
  if (!frozen)
    return 0;
  /* Freezing takes effect asynchronously: wait for it, at most 10 s. */
  for (int i = 0; i < 2000; i++)
    {
      if (lc_cgroup_frozen (cg))
        return 0;
      /* v1 needs the write repeated while a task resists. */
      if (cg->version == LC_CGROUP_V1 && i % 10 == 9)
        write_file (d, file, value, "cgroup", NULL);
      sleep_ms (5);
    }
  write_file (d, file, cg->version == LC_CGROUP_V2 ? "0" : "THAWED", "cgroup", NULL);
  return lc_error_setc (err, ETIMEDOUT, "the container did not freeze within 10 s (thawed again)");
}

int
lc_cgroup_kill (const lc_cgroup *cg, int sig, lc_error **err)
{
  if (cg->version == LC_CGROUP_V2 && sig == SIGKILL && exists (cg->dirs.values[0], "cgroup.kill"))
    return write_file (cg->dirs.values[0], "cgroup.kill", "1", "cgroup", err);
  /* Freeze so that nothing forks past the signal, then signal each. */
  bool can_freeze = cg->version == LC_CGROUP_V2 || dir_for (cg, "freezer");
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
lc_cgroup_remove_created (const lc_cgroup *cg)
{
  for (size_t i = 0; cg && i < cg->dirs.len; i++)
    if (cg->created[i])
      rmdir (cg->dirs.values[i]);
}

int
lc_cgroup_destroy (const lc_cgroup *cg, lc_error **err)
{
  if (cg == NULL)
    return 0;
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
      sleep_ms (5);
    }
  return lc_error_set (err, -r, "remove the cgroup \"%s\"", cg->path);
}

/* ---- statistics ---- */

uint64_t
lc_cgroup_oom_kills (const lc_cgroup *cg)
{
  const char *d = cg ? dir_for (cg, "memory") : NULL;
  if (d == NULL)
    return 0;
  cleanup_free char *s = read_file (d, cg->version == LC_CGROUP_V2 ? "memory.events" : "memory.oom_control");
  uint64_t v = 0;
  if (s)
    keyed_u64 (s, "oom_kill", &v);
  return v;
}

char *
lc_cgroup_stats_json (const lc_cgroup *cg)
{
  bool v2 = cg->version == LC_CGROUP_V2;
  lc_json_gen *g = lc_json_gen_new (false);
  lc_json_gen_map_open (g);
  const char *d;
  if ((d = dir_for (cg, v2 ? "cpu" : "cpuacct")))
    {
      lc_json_gen_string (g, "cpu");
      lc_json_gen_map_open (g);
      lc_json_gen_string (g, "usage");
      lc_json_gen_map_open (g);
      if (v2)
        {
          cleanup_free char *s = read_file (d, "cpu.stat");
          uint64_t total = 0, user = 0, sys = 0;
          if (s)
            {
              keyed_u64 (s, "usage_usec", &total);
              keyed_u64 (s, "user_usec", &user);
              keyed_u64 (s, "system_usec", &sys);
            }
          lc_json_gen_kv_uint (g, "total", total * 1000);
          lc_json_gen_kv_uint (g, "kernel", sys * 1000);
          lc_json_gen_kv_uint (g, "user", user * 1000);
        }
      else
        {
          lc_json_gen_kv_uint (g, "total", read_u64 (d, "cpuacct.usage"));
          lc_json_gen_kv_uint (g, "kernel", read_u64 (d, "cpuacct.usage_sys"));
          lc_json_gen_kv_uint (g, "user", read_u64 (d, "cpuacct.usage_user"));
        }
      lc_json_gen_map_close (g);
      lc_json_gen_map_close (g);
    }
  if ((d = dir_for (cg, "memory")))
    {
      lc_json_gen_string (g, "memory");
      lc_json_gen_map_open (g);
      lc_json_gen_string (g, "usage");
      lc_json_gen_map_open (g);
      if (v2)
        {
          cleanup_free char *max = read_file (d, "memory.max");
          lc_json_gen_kv_uint (g, "usage", read_u64 (d, "memory.current"));
          lc_json_gen_kv_uint (g, "max", read_u64 (d, "memory.peak"));
          lc_json_gen_kv_uint (g, "limit", max && strncmp (max, "max", 3) != 0 ? strtoull (max, NULL, 10)
                                                                             : UINT64_MAX);
          cleanup_free char *ev = read_file (d, "memory.events");
          uint64_t failcnt = 0;
          if (ev)
            keyed_u64 (ev, "max", &failcnt);
          lc_json_gen_kv_uint (g, "failcnt", failcnt);
        }
      else
        {
          lc_json_gen_kv_uint (g, "usage", read_u64 (d, "memory.usage_in_bytes"));
          lc_json_gen_kv_uint (g, "max", read_u64 (d, "memory.max_usage_in_bytes"));
          lc_json_gen_kv_uint (g, "limit", read_u64 (d, "memory.limit_in_bytes"));
          lc_json_gen_kv_uint (g, "failcnt", read_u64 (d, "memory.failcnt"));
        }
      lc_json_gen_map_close (g);
      lc_json_gen_string (g, "swap");
      lc_json_gen_map_open (g);
      if (v2)
        {
          cleanup_free char *max = read_file (d, "memory.swap.max");
          lc_json_gen_kv_uint (g, "usage", read_u64 (d, "memory.swap.current"));
          lc_json_gen_kv_uint (g, "limit", max && strncmp (max, "max", 3) != 0 ? strtoull (max, NULL, 10)
                                                                             : UINT64_MAX);
        }
      else
        {
          lc_json_gen_kv_uint (g, "usage", read_u64 (d, "memory.memsw.usage_in_bytes"));
          lc_json_gen_kv_uint (g, "limit", read_u64 (d, "memory.memsw.limit_in_bytes"));
        }
      lc_json_gen_map_close (g);
      lc_json_gen_kv_uint (g, "oom_kill", lc_cgroup_oom_kills (cg));
      lc_json_gen_map_close (g);
    }
  if ((d = dir_for (cg, "pids")))
    {
      cleanup_free char *max = read_file (d, "pids.max");
      lc_json_gen_string (g, "pids");
      lc_json_gen_map_open (g);
      lc_json_gen_kv_uint (g, "current", read_u64 (d, "pids.current"));
      lc_json_gen_kv_uint (g, "limit", max && strncmp (max, "max", 3) != 0 ? strtoull (max, NULL, 10) : 0);
      lc_json_gen_map_close (g);
    }
  lc_json_gen_map_close (g);
  size_t len;
  char *out = xstrdup (lc_json_gen_buf (g, &len));
  lc_json_gen_free (g);
  return out;
}
