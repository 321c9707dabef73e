/* husk - the container's mounts and /dev, in its own mount namespace.
 *
 * Every destination is resolved inside the rootfs (util/path.c), and every
 * mount is made with the new mount API: a new filesystem with fsopen and
 * fsmount, a bind with open_tree; its options go onto that detached mount
 * itself (fsmount's attributes, mount_setattr), and move_mount attaches it
 * onto the destination's O_PATH fd.  Nothing is ever applied to a path
 * looked up again after the mount, which a container process could swap
 * for a symlink in between (the CVE-2021-30465 class: a read-only bind
 * that stays writable). */
#include "config.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <linux/magic.h>
#include <unistd.h>

#include "mount.h"
#include "mount-options.h"
#include "rootfs.h"
#include "util/path.h"

/* fsconfig takes strings of at most 255 bytes. */
#define FSCONFIG_MAX 255

/* The mount target as a path the kernel resolves to exactly our fd. */
static void
fd_path (char *buf, size_t len, int fd)
{
  snprintf (buf, len, "/proc/self/fd/%d", fd);
}

/* Resolve (creating what is missing) the destination below rootfs: a
   directory, or an empty file when a file is bind-mounted onto it. */
static int
open_destination (int rootfd, const char *dest, bool is_file, lc_error **err)
{
  int fd;
  if (!is_file)
    fd = lc_mkdir_in_root (rootfd, dest, 0755);
  else
    {
      cleanup_free char *dir = xstrdup (dest);
      char *slash = strrchr (dir, '/');
      if (slash)
        *slash = '\0';
      cleanup_close int dfd = lc_mkdir_in_root (rootfd, dir[0] ? dir : "/", 0755);
      if (dfd < 0)
        return lc_error_set (err, -dfd, "create the directory of mount destination \"%s\"", dest);
      fd = lc_open_in_root (rootfd, dest, O_PATH, 0);
      if (fd == -ENOENT)
        {
          int c = lc_open_in_root (rootfd, dest, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
          if (c >= 0)
            close (c);
          fd = lc_open_in_root (rootfd, dest, O_PATH, 0);
        }
    }
  if (fd < 0)
    return lc_error_set (err, -fd, "resolve mount destination \"%s\" in the rootfs", dest);
  return fd;
}

/* Copy the tree below from (a directory fd) into to, keeping modes, owners
   and symlinks: what tmpcopyup asks for, before the tmpfs hid it. */
static int
copy_tree (int from, int to, int depth)
{
  if (depth > 64)
    return -ELOOP;
  int dfd = fcntl (from, F_DUPFD_CLOEXEC, 3);
  DIR *d = dfd < 0 ? NULL : fdopendir (dfd);
  if (d == NULL)
    {
      int e = errno;
      if (dfd >= 0)
        close (dfd);
      return -e;
    }
  int r = 0;
  struct dirent *e;
  while (r == 0 && (e = readdir (d)) != NULL)
    {
      if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
        continue;
      struct stat st;
      if (fstatat (from, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        {
          r = -errno;
          break;
        }
      if (S_ISDIR (st.st_mode))
        {
          if (mkdirat (to, e->d_name, st.st_mode & 07777) < 0 && errno != EEXIST)
            r = -errno;
          cleanup_close int sf = openat (from, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
          cleanup_close int df = openat (to, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
          if (r == 0 && (sf < 0 || df < 0))
            r = -errno;
          if (r == 0)
            r = copy_tree (sf, df, depth + 1);
        }
      else if (S_ISLNK (st.st_mode))
        {
          char target[PATH_MAX];
          ssize_t n = readlinkat (from, e->d_name, target, sizeof target - 1);
          if (n < 0)
            r = -errno;
          else
            {
              target[n] = '\0';
              if (symlinkat (target, to, e->d_name) < 0)
                r = -errno;
            }
        }
      else if (S_ISREG (st.st_mode))
        {
          cleanup_close int sf = openat (from, e->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
          cleanup_close int df = openat (to, e->d_name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 07777);
          if (sf < 0 || df < 0)
            r = -errno;
          char buf[65536];
          ssize_t n;
          while (r == 0 && (n = read (sf, buf, sizeof buf)) > 0)
            r = lc_write_all (df, buf, (size_t) n);
        }
      else
        continue; /* devices, sockets, fifos: not copied */
      if (r == 0 && fchownat (to, e->d_name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0)
        r = -errno;
    }
  closedir (d);
  return r;
}

/* tmpcopyup: below is the destination directory (its fd predates the new
   mount, so it shows what the mount hides), mnt the new mount. */
static int
copy_up (int below, int mnt, const char *dest, lc_error **err)
{
  cleanup_close int from = openat (below, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  cleanup_close int to = openat (mnt, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (from < 0 || to < 0)
    return lc_error_set (err, errno, "tmpcopyup: open \"%s\"", dest);
  int r = copy_tree (from, to, 0);
  if (r < 0)
    return lc_error_set (err, -r, "tmpcopyup: copy the contents of \"%s\"", dest);
  return 0;
}

/* The last error the filesystem logged on its fs_context fd ("e tmpfs:
   Unknown parameter 'x'"), without the "e ", or NULL. */
static char *
fs_log (int fs)
{
  char buf[512], *last = NULL;
  ssize_t n;
  while ((n = read (fs, buf, sizeof buf - 1)) > 0)
    {
      buf[n] = '\0';
      buf[strcspn (buf, "\n")] = '\0';
      if (buf[0] == 'e' && buf[1] == ' ')
        {
          free (last);
          last = xstrdup (buf + 2);
        }
    }
  return last;
}

/* Fail a step of making a new filesystem, with what the filesystem said. */
static int
fs_fail (lc_error **err, int fs, const char *source, const char *type, const char *dest, const char *step)
{
  int e = errno;
  cleanup_free char *said = fs < 0 ? NULL : fs_log (fs);
  return lc_error_set (err, e, "mount \"%s\" (%s) on \"%s\": %s%s%s", source, type, dest, step, said ? ": " : "",
                       said ? said : "");
}

static bool
is_lsm_context (const char *key)
{
  return strcmp (key, "context") == 0 || strcmp (key, "fscontext") == 0 || strcmp (key, "defcontext") == 0
         || strcmp (key, "rootcontext") == 0;
}

/* Each layer of an overlay lowerdir list ("a:b", ':' and '\' escaped with
   '\') as its own "lowerdir+" (Linux 6.8): lists too long for one string.
   Returns 0, -1 with errno, or 1 when a single layer is too long. */
static int
overlay_layers (int fs, const char *list)
{
  char layer[FSCONFIG_MAX + 1];
  size_t n = 0;
  for (const char *p = list;; p++)
    {
      if (*p == '\\' && p[1])
        p++;
      else if (*p == ':' || *p == '\0')
        {
          layer[n] = '\0';
          if (n && fsconfig (fs, FSCONFIG_SET_STRING, "lowerdir+", layer, 0) < 0)
            return -1;
          n = 0;
          if (*p == '\0')
            return 0;
          continue;
        }
      if (n == FSCONFIG_MAX)
        return 1;
      layer[n++] = *p;
    }
}

/* The filesystem options (comma-separated, a quoted value may hold commas)
   one by one.  Returns 0, -1 with errno (the failing option in *bad), or 1
   when an option does not fit in fsconfig (mount(2) must take it). */
static int
fs_options (int fs, const char *type, const char *data, char **bad)
{
  cleanup_free char *copy = xstrdup (data);
  char *p = copy;
  while (*p)
    {
      char *opt = p;
      bool quoted = false;
      for (; *p && (quoted || *p != ','); p++)
        if (*p == '"')
          quoted = !quoted;
      if (*p)
        *p++ = '\0';
      if (*opt == '\0')
        continue;
      char *eq = strchr (opt, '=');
      int r;
      if (eq == NULL)
        r = fsconfig (fs, FSCONFIG_SET_FLAG, opt, NULL, 0);
      else
        {
          *eq = '\0';
          char *val = eq + 1;
          size_t len = strlen (val);
          if (is_lsm_context (opt) && len >= 2 && val[0] == '"' && val[len - 1] == '"')
            {
              val[len - 1] = '\0';
              val++;
              len -= 2;
            }
          if (len <= FSCONFIG_MAX)
            r = fsconfig (fs, FSCONFIG_SET_STRING, opt, val, 0);
          else if (strcmp (type, "overlay") == 0 && strcmp (opt, "lowerdir") == 0)
            r = overlay_layers (fs, val);
          else
            r = 1;
          if (r == 1)
            return 1;
          *eq = '=';
        }
      if (r < 0)
        {
          *bad = xstrdup (opt);
          return -1;
        }
    }
  return 0;
}

/* The superblock flags of mount(2), as fsconfig names them. */
static const struct
{
  unsigned long flag;
  const char *name;
} sb_flags[] = {
  { MS_RDONLY, "ro" }, { MS_SYNCHRONOUS, "sync" }, { MS_DIRSYNC, "dirsync" }, { MS_MANDLOCK, "mand" },
  { MS_LAZYTIME, "lazytime" },
};

/* A new filesystem of type as a detached mount with the per-mount flags of
   o (and its r* options: a new filesystem has nothing below it).  Returns
   the mount fd, -1 on error, or -2 when an option can only be passed by
   mount(2) (MS_I_VERSION, a value longer than fsconfig takes). */
static int
fs_mount (const char *type, const char *source, const struct lc_mount_options *o, const char *label, const char *dest,
          lc_error **err)
{
  if (o->flags & MS_I_VERSION)
    return -2;
  cleanup_close int fs = fsopen (type, FSOPEN_CLOEXEC);
  if (fs < 0)
    return fs_fail (err, -1, source, type, dest, errno == ENODEV ? "unknown filesystem type" : "fsopen");
  if (strlen (source) > FSCONFIG_MAX)
    return -2;
  if (fsconfig (fs, FSCONFIG_SET_STRING, "source", source, 0) < 0)
    return fs_fail (err, fs, source, type, dest, "source");
  for (size_t i = 0; i < LC_ARRAY_SIZE (sb_flags); i++)
    if ((o->flags & sb_flags[i].flag) && fsconfig (fs, FSCONFIG_SET_FLAG, sb_flags[i].name, NULL, 0) < 0)
      return fs_fail (err, fs, source, type, dest, sb_flags[i].name);
  cleanup_free char *bad = NULL;
  int r = fs_options (fs, type, o->data, &bad);
  if (r == 1)
    return -2;
  if (r < 0)
    {
      cleanup_free char *step = xasprintf ("option \"%s\"", bad);
      return fs_fail (err, fs, source, type, dest, step);
    }
  /* linux.mountLabel labels the tmpfs mounts (SELinux; lc_lsm_check made
     sure it is enabled). */
  if (label && fsconfig (fs, FSCONFIG_SET_STRING, "context", label, 0) < 0)
    return fs_fail (err, fs, source, type, dest, "linux.mountLabel");
  if (fsconfig (fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return fs_fail (err, fs, source, type, dest, "create");
  /* The r* options of a new filesystem are its own flags. */
  struct mount_attr a = o->attr;
  a.attr_set = (a.attr_set & ~o->rec.attr_clr) | o->rec.attr_set;
  int mnt = fsmount (fs, FSMOUNT_CLOEXEC, (unsigned int) a.attr_set);
  if (mnt < 0)
    return fs_fail (err, fs, source, type, dest, "fsmount");
  return mnt;
}

/* A clone of the bind source (its whole tree for rbind) as a detached
   mount, with o's flags on it: set what the options set, clear what they
   clear, keep the source's other flags.  srcfd, when not -1, is the source
   already found (an O_PATH fd of this mount namespace, mount-sources.c):
   the clone is the same as of the path. */
static int
bind_tree (const char *source, int srcfd, const struct lc_mount_options *o, const char *dest, lc_error **err)
{
  unsigned int flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | ((o->flags & MS_REC) ? AT_RECURSIVE : 0);
  int tree = srcfd >= 0 ? open_tree (srcfd, "", flags | AT_EMPTY_PATH) : open_tree (AT_FDCWD, source, flags);
  if (tree < 0)
    return lc_error_set (err, errno, "mount \"%s\": bind source \"%s\"", dest, source);
  if ((o->attr.attr_set || o->attr.attr_clr)
      && mount_setattr (tree, "", AT_EMPTY_PATH, (struct mount_attr *) &o->attr, sizeof o->attr) < 0)
    {
      lc_error_set (err, errno, "mount \"%s\" (bind) on \"%s\": set its options", source, dest);
      close (tree);
      return -1;
    }
  if ((o->rec.attr_set || o->rec.attr_clr)
      && mount_setattr (tree, "", AT_EMPTY_PATH | AT_RECURSIVE, (struct mount_attr *) &o->rec, sizeof o->rec) < 0)
    {
      lc_error_set (err, errno, "mount \"%s\" (bind) on \"%s\": apply its recursive options", source, dest);
      close (tree);
      return -1;
    }
  return tree;
}

/* The propagation option of o (rshared, private, ...) on an attached mount. */
static int
set_propagation (int mnt, const struct lc_mount_options *o, const char *dest, lc_error **err)
{
  if (o->propagation)
    {
      struct mount_attr a = { .propagation = o->propagation & ~(unsigned long) MS_REC };
      if (mount_setattr (mnt, "", AT_EMPTY_PATH | ((o->propagation & MS_REC) ? AT_RECURSIVE : 0), &a, sizeof a) < 0)
        return lc_error_set (err, errno, "set the propagation of \"%s\"", dest);
    }
  return 0;
}

/* Attach a detached mount onto the destination fd, then give it its
   propagation (an attached mount only: that is when it has peers). */
static int
attach (int mnt, int target, const struct lc_mount_options *o, const char *dest, lc_error **err)
{
  if (move_mount (mnt, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return lc_error_set (err, errno, "mount \"%s\": attach it", dest);
  return set_propagation (mnt, o, dest, err);
}

/* mount(2) for the options fsconfig cannot take.  Its flags apply as the
   filesystem is mounted; what must come after (propagation, tmpcopyup) is
   applied to the destination looked up again, which must then be the root
   of a mount other than the one below. */
static int
legacy_mount (int rootfd, const lc_spec_mount *m, int dfd, const struct lc_mount_options *o, const char *source,
              const char *label, lc_error **err)
{
  char target[64];
  fd_path (target, sizeof target, dfd);
  cleanup_free char *data = label ? xasprintf ("%s%scontext=\"%s\"", o->data, *o->data ? "," : "", label)
                                  : xstrdup (o->data);
  if (mount (source, target, m->type, o->flags & ~(unsigned long) MS_REMOUNT, data) < 0)
    return lc_error_set (err, errno, "mount \"%s\" (%s) on \"%s\"", source, m->type, m->destination);
  if (!o->propagation && !o->tmpcopyup)
    return 0;
  cleanup_close int nfd = lc_open_in_root (rootfd, m->destination, O_PATH, 0);
  struct statx below, now;
  if (nfd < 0 || statx (dfd, "", AT_EMPTY_PATH, STATX_MNT_ID, &below) < 0
      || statx (nfd, "", AT_EMPTY_PATH, STATX_MNT_ID, &now) < 0 || !(now.stx_attributes & STATX_ATTR_MOUNT_ROOT)
      || now.stx_mnt_id == below.stx_mnt_id)
    return lc_error_setc (err, EXDEV, "mount \"%s\": its destination changed while it was mounted", m->destination);
  if (o->tmpcopyup && copy_up (dfd, nfd, m->destination, err) < 0)
    return -1;
  fd_path (target, sizeof target, nfd);
  if (o->propagation && mount (NULL, target, NULL, o->propagation, NULL) < 0)
    return lc_error_set (err, errno, "set the propagation of \"%s\"", m->destination);
  return 0;
}

/* "name=systemd" or "cpu,cpuacct": a v1 hierarchy's options, one by one. */
static int
cgroup1_options (int fs, const char *ctrls)
{
  cleanup_free char *copy = xstrdup (ctrls);
  char *save = NULL;
  for (char *c = strtok_r (copy, ",", &save); c; c = strtok_r (NULL, ",", &save))
    {
      char *eq = strchr (c, '=');
      if (eq)
        *eq = '\0';
      if ((eq ? fsconfig (fs, FSCONFIG_SET_STRING, c, eq + 1, 0) : fsconfig (fs, FSCONFIG_SET_FLAG, c, NULL, 0)) < 0)
        return -1;
    }
  return 0;
}

/* One hierarchy of the v1 cgroup tmpfs: a cgroup mount (which a cgroup
   namespace roots at the container's cgroup) or, without one, a bind of
   our own cgroup directory from the host.  Made detached, flags included. */
static int
cgroup1_hierarchy (const char *ctrls, bool v2, const char *host_dir, const struct lc_mount_options *o, bool cgroupns,
                   const char *sub, lc_error **err)
{
  if (!cgroupns)
    {
      struct lc_mount_options bo = *o;
      bo.flags = MS_BIND;
      bo.rec = (struct mount_attr){ 0 };
      return bind_tree (host_dir, -1, &bo, sub, err);
    }
  cleanup_close int fs = fsopen (v2 ? "cgroup2" : "cgroup", FSOPEN_CLOEXEC);
  if (fs < 0 || fsconfig (fs, FSCONFIG_SET_STRING, "source", "cgroup", 0) < 0 || (!v2 && cgroup1_options (fs, ctrls) < 0)
      || fsconfig (fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return fs_fail (err, fs, "cgroup", v2 ? "cgroup2" : "cgroup", sub, ctrls);
  int mnt = fsmount (fs, FSMOUNT_CLOEXEC, (unsigned int) o->attr.attr_set);
  if (mnt < 0)
    return fs_fail (err, fs, "cgroup", v2 ? "cgroup2" : "cgroup", sub, "fsmount");
  return mnt;
}

/* The cgroup filesystem as the container should see it on a cgroup v1 or
   hybrid host (like runc): a tmpfs with one directory per hierarchy of
   ours.  Everything below the tmpfs is made through its mount fd, and the
   tmpfs is made read-only last, on that fd. */
static int
mount_cgroup_v1 (const lc_spec_mount *m, int dfd, const struct lc_mount_options *o, bool cgroupns, lc_error **err)
{
  struct lc_mount_options t = *o;
  t.attr.attr_set &= ~(uint64_t) MOUNT_ATTR_RDONLY;
  t.flags &= ~(unsigned long) MS_RDONLY;
  t.data = (char *) "mode=755";
  t.propagation = 0;
  cleanup_close int top = fs_mount ("tmpfs", "cgroup", &t, NULL, m->destination, err);
  if (top < 0)
    return top == -2 ? lc_error_set (err, EINVAL, "mount \"%s\": tmpfs for the cgroup hierarchies", m->destination)
                     : -1;
  if (attach (top, dfd, &t, m->destination, err) < 0)
    return -1;
  cleanup_fclose FILE *f = fopen ("/proc/self/cgroup", "re");
  if (f == NULL)
    return lc_error_set (err, errno, "read /proc/self/cgroup");
  char line[4096];
  while (fgets (line, sizeof line, f))
    {
      line[strcspn (line, "\n")] = '\0';
      char *ctrls = strchr (line, ':');
      char *path = ctrls ? strchr (ctrls + 1, ':') : NULL;
      if (path == NULL)
        continue;
      *path++ = '\0';
      ctrls++;
      bool v2 = *ctrls == '\0';
      const char *dir = v2 ? "unified" : (strncmp (ctrls, "name=", 5) == 0 ? ctrls + 5 : ctrls);
      cleanup_free char *host = xasprintf ("/sys/fs/cgroup/%s", dir);
      if (access (host, F_OK) < 0)
        continue; /* a hierarchy the host does not mount there */
      cleanup_free char *sub = xasprintf ("%s/%s", m->destination, dir);
      if (mkdirat (top, dir, 0755) < 0 && errno != EEXIST)
        return lc_error_set (err, errno, "create \"%s\"", sub);
      cleanup_free char *src = xasprintf ("%s%s", host, path);
      cleanup_close int h = cgroup1_hierarchy (ctrls, v2, src, o, cgroupns, sub, err);
      if (h < 0)
        return lc_error_wrap (err, "mount the cgroup hierarchy \"%s\"", ctrls);
      if (move_mount (h, "", top, dir, MOVE_MOUNT_F_EMPTY_PATH) < 0)
        return lc_error_set (err, errno, "mount the cgroup hierarchy \"%s\" on \"%s\"", ctrls, sub);
      /* Private, as the binds of default_devices. */
      struct mount_attr priv = { .propagation = MS_PRIVATE };
      if (mount_setattr (h, "", AT_EMPTY_PATH | AT_RECURSIVE, &priv, sizeof priv) < 0)
        return lc_error_set (err, errno, "make the cgroup hierarchy \"%s\" on \"%s\" private", ctrls, sub);
      /* cpu,cpuacct is also reachable as cpu and cpuacct, as on the host. */
      if (strchr (dir, ','))
        {
          cleanup_free char *names = xstrdup (dir);
          char *save = NULL;
          for (char *n = strtok_r (names, ",", &save); n; n = strtok_r (NULL, ",", &save))
            if (symlinkat (dir, top, n) < 0 && errno != EEXIST)
              return lc_error_set (err, errno, "mount \"%s\": link \"%s\" to \"%s\"", m->destination, n, dir);
        }
    }
  if (o->attr.attr_set & MOUNT_ATTR_RDONLY)
    {
      struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };
      if (mount_setattr (top, "", AT_EMPTY_PATH, &ro, sizeof ro) < 0)
        return lc_error_set (err, errno, "make \"%s\" read-only", m->destination);
    }
  return 0;
}

/* Our own cgroup v2 directory on the host, for a bind of it. */
static char *
own_cgroup2 (void)
{
  cleanup_fclose FILE *f = fopen ("/proc/self/cgroup", "re");
  char line[4096];
  while (f && fgets (line, sizeof line, f))
    if (strncmp (line, "0::", 3) == 0)
      {
        line[strcspn (line, "\n")] = '\0';
        return xasprintf ("/sys/fs/cgroup%s", line + 3);
      }
  return xstrdup ("/sys/fs/cgroup");
}

/* One mount; srcfd: its bind source already opened, or -1. */
static int
mount_one (struct lc_mount_ctx *ctx, int rootfd, const lc_spec_mount *m, int srcfd, lc_error **err)
{
  __attribute__ ((cleanup (lc_mount_options_free))) struct lc_mount_options o;
  lc_mount_options_parse (m->options, m->n_options, &o);
  /* A read-only /dev is mounted read-write and made read-only at the end
     (lc_mount_finish_root), as runc: its nodes, /dev/pts and the console go
     in first. */
  if (strcmp (m->destination, "/dev") == 0 && (o.attr.attr_set & MOUNT_ATTR_RDONLY))
    {
      ctx->dev_readonly = true;
      o.attr.attr_set &= ~(uint64_t) MOUNT_ATTR_RDONLY;
      o.flags &= ~(unsigned long) MS_RDONLY;
    }
  const char *type = m->type;
  bool bind = (o.flags & MS_BIND) || (type && strcmp (type, "bind") == 0);
  cleanup_close int tree = -1;
  bool is_file = false;
  if (bind)
    {
      o.flags |= MS_BIND;
      if (m->source == NULL)
        return lc_error_set (err, ENOENT, "mount \"%s\": bind source \"(none)\"", m->destination);
      tree = bind_tree (m->source, srcfd, &o, m->destination, err);
      struct stat st;
      if (tree < 0 || fstat (tree, &st) < 0)
        return -1;
      is_file = !S_ISDIR (st.st_mode);
    }
  cleanup_close int dfd = open_destination (rootfd, m->destination, is_file, err);
  if (dfd < 0)
    return -1;
  if (bind)
    return attach (tree, dfd, &o, m->destination, err);
  if (type && (strcmp (type, "cgroup") == 0 || strcmp (type, "cgroup2") == 0))
    {
      struct statfs sfs;
      if (statfs ("/sys/fs/cgroup", &sfs) < 0 || sfs.f_type != CGROUP2_SUPER_MAGIC)
        return mount_cgroup_v1 (m, dfd, &o, ctx->cgroupns, err);
      type = "cgroup2";
      if (!ctx->cgroupns)
        {
          /* Without a cgroup namespace a new cgroup2 mount would show the
             host's whole tree: bind our own cgroup instead. */
          cleanup_free char *self = own_cgroup2 ();
          lc_spec_mount b = *m;
          b.source = self;
          b.type = "bind";
          char *opts[] = { "rbind", (o.flags & MS_RDONLY) ? "ro" : "rw", "nosuid", "nodev", "noexec", "rprivate" };
          b.options = opts;
          b.n_options = 6;
          return mount_one (ctx, rootfd, &b, -1, err);
        }
    }
  const char *source = m->source ? m->source : (type ? type : "none");
  const char *label = ctx->label && *ctx->label && type && strcmp (type, "tmpfs") == 0 ? ctx->label : NULL;
  if (type == NULL)
    return lc_error_set (err, EINVAL, "mount \"%s\": no type, and not a bind mount", m->destination);
  cleanup_close int mnt = fs_mount (type, source, &o, label, m->destination, err);
  if (mnt == -2)
    return legacy_mount (rootfd, m, dfd, &o, source, label, err);
  if (mnt < 0)
    return -1;
  if (o.tmpcopyup && copy_up (dfd, mnt, m->destination, err) < 0)
    return -1;
  return attach (mnt, dfd, &o, m->destination, err);
}

/* Whether linux.devices has an entry for path. */
static bool
device_listed (const lc_spec_linux *l, const char *path)
{
  for (size_t i = 0; l && i < l->n_devices; i++)
    if (strcmp (l->devices[i].path, path) == 0)
      return true;
  return false;
}

/* The devices every container has, bound from the host's: binding works
   in a user namespace too, where mknod does not.  One that linux.devices
   lists is left to that entry (docker --privileged and --device send
   /dev/null, /dev/full, ...): the entry replaces the default node.  Private,
   like every bind husk makes of its own from the host: with a shared
   rootfsPropagation a bind of the host's /dev/null would be a peer of the
   host's /dev, and a mount the container made on its /dev/null would cover
   the host's. */
static int
default_devices (struct lc_mount_ctx *ctx, int rootfd, const lc_spec_linux *l, lc_error **err)
{
  static const char *const devs[] = { "null", "zero", "full", "random", "urandom", "tty" };
  for (size_t i = 0; i < LC_ARRAY_SIZE (devs); i++)
    {
      cleanup_free char *dest = xasprintf ("/dev/%s", devs[i]);
      if (device_listed (l, dest))
        continue;
      cleanup_free char *src = xasprintf ("/dev/%s", devs[i]);
      lc_spec_mount m = { .destination = dest, .source = src, .type = "bind" };
      char *opts[] = { "bind", "private" };
      m.options = opts;
      m.n_options = 2;
      if (mount_one (ctx, rootfd, &m, -1, err) < 0)
        return -1;
    }
  static const char *const links[][2] = {
    { "/proc/self/fd", "dev/fd" },     { "/proc/self/fd/0", "dev/stdin" }, { "/proc/self/fd/1", "dev/stdout" },
    { "/proc/self/fd/2", "dev/stderr" }, { "pts/ptmx", "dev/ptmx" },
  };
  cleanup_close int devfd = lc_open_in_root (rootfd, "/dev", O_PATH | O_DIRECTORY, 0);
  if (devfd < 0)
    return lc_error_set (err, -devfd, "open /dev in the rootfs");
  for (size_t i = 0; i < LC_ARRAY_SIZE (links); i++)
    if (symlinkat (links[i][0], devfd, links[i][1] + 4) < 0 && errno != EEXIST)
      return lc_error_set (err, errno, "create /%s", links[i][1]);
  return 0;
}

/* linux.devices: mknod where we may (no user namespace), else a bind of the
   host's node at the same path, as runc does.  With husk's own /dev,
   /dev/ptmx stays the link to the container's devpts (as runc: a node of
   the host's ptmx would hand out the host's ptys). */
static int
create_devices (struct lc_mount_ctx *ctx, int rootfd, const lc_spec_linux *l, bool userns, bool own_dev, lc_error **err)
{
  for (size_t i = 0; l && i < l->n_devices; i++)
    {
      const lc_spec_device *d = &l->devices[i];
      if (own_dev && strcmp (d->path, "/dev/ptmx") == 0)
        continue;
      cleanup_free char *dir = xstrdup (d->path);
      char *slash = strrchr (dir, '/');
      *slash = '\0';
      const char *name = slash + 1;
      cleanup_close int dfd = lc_mkdir_in_root (rootfd, dir[0] ? dir : "/", 0755);
      if (dfd < 0)
        return lc_error_set (err, -dfd, "linux.devices[%zu]: create the directory of \"%s\"", i, d->path);
      mode_t perm = d->has_file_mode ? (mode_t) d->file_mode : 0666;
      if (userns)
        {
          lc_spec_mount m = { .destination = d->path, .source = d->path, .type = "bind" };
          char *opts[] = { "bind", "private" }; /* see default_devices */
          m.options = opts;
          m.n_options = 2;
          if (mount_one (ctx, rootfd, &m, -1, err) < 0)
            return lc_error_wrap (err, "linux.devices[%zu] (in a user namespace, bound from the host)", i);
          continue;
        }
      mode_t type = d->type == 'b' ? S_IFBLK : d->type == 'p' ? S_IFIFO : S_IFCHR;
      if (unlinkat (dfd, name, 0) < 0 && errno != ENOENT)
        {
          int e = errno;
          struct statx sx;
          if (e == EBUSY
              || (statx (dfd, name, AT_SYMLINK_NOFOLLOW, 0, &sx) == 0 && (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT)))
            return lc_error_setc (err, EBUSY,
                                  "linux.devices[%zu]: \"%s\" is a mount point (a mounts[] entry puts something there)", i,
                                  d->path);
          return lc_error_set (err, e, "linux.devices[%zu]: replace \"%s\"", i, d->path);
        }
      if (mknodat (dfd, name, type | perm, d->type == 'p' ? 0 : makedev (d->major, d->minor)) < 0)
        return lc_error_set (err, errno, "linux.devices[%zu]: mknod \"%s\"", i, d->path);
      /* mknod honours the umask: set the mode the config asked for, on the
         node we made (checked: the name could have been replaced since). */
      cleanup_close int fd = openat (dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
      struct stat st;
      char p[64];
      fd_path (p, sizeof p, fd);
      if (fd < 0 || fstat (fd, &st) < 0)
        return lc_error_set (err, errno, "linux.devices[%zu]: open the new node \"%s\"", i, d->path);
      if ((st.st_mode & S_IFMT) != type || (d->type != 'p' && st.st_rdev != makedev (d->major, d->minor)))
        return lc_error_setc (err, EXDEV, "linux.devices[%zu]: \"%s\" was replaced while it was made", i, d->path);
      if (chmod (p, perm) < 0 || chown (p, d->has_uid ? d->uid : 0, d->has_gid ? d->gid : 0) < 0)
        return lc_error_set (err, errno, "linux.devices[%zu]: set the owner and mode of \"%s\"", i, d->path);
    }
  return 0;
}

static bool
has_dev_mount (const lc_spec *spec)
{
  for (size_t i = 0; i < spec->n_mounts; i++)
    if (strcmp (spec->mounts[i].destination, "/dev") == 0)
      return true;
  return false;
}

/* The bind sources left: none may outlive the mounts (they are host
   directories; the createContainer hooks run before pivot_root). */
static void
close_sources (struct lc_mount_ctx *ctx, size_t n)
{
  for (size_t i = 0; ctx->sources && i < n; i++)
    if (ctx->sources[i] >= 0)
      {
        close (ctx->sources[i]);
        ctx->sources[i] = -1;
      }
}

/* An idmapped tree from the create process, its flags already on it
   (lc_idmap_prepare): attach it.  It was cloned in the create process's
   mount namespace, a peer of the host's mount where a bind made here would
   start from our copy of it: a slave unless rootfsPropagation says
   otherwise (lc_rootfs_prepare), and a slave in any case in a user
   namespace (the kernel makes a less privileged namespace's copies of
   shared mounts slaves).  It gets the same before its own options, or a
   mount the container makes in it would show on the host. */
static int
move_premade (const struct lc_mount_ctx *ctx, int rootfd, const lc_spec_mount *m, int tree, lc_error **err)
{
  struct stat st;
  bool is_file = fstat (tree, &st) == 0 && !S_ISDIR (st.st_mode);
  cleanup_close int dfd = open_destination (rootfd, m->destination, is_file, err);
  if (dfd < 0)
    return -1;
  __attribute__ ((cleanup (lc_mount_options_free))) struct lc_mount_options o;
  lc_mount_options_parse (m->options, m->n_options, &o);
  struct lc_mount_options base = o;
  base.propagation = 0;
  if (attach (tree, dfd, &base, m->destination, err) < 0)
    return -1;
  for (size_t i = 0; i < LC_ARRAY_SIZE (ctx->premade_steps); i++)
    {
      struct mount_attr a = { .propagation = ctx->premade_steps[i] & ~(unsigned long) MS_REC };
      if (ctx->premade_steps[i] && mount_setattr (tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &a, sizeof a) < 0)
        return lc_error_set (err, errno, "set the propagation of \"%s\"", m->destination);
    }
  return set_propagation (tree, &o, m->destination, err);
}

static bool
has_new_ns (const lc_spec_linux *l, enum lc_ns_type t)
{
  for (size_t i = 0; l && i < l->n_namespaces; i++)
    if (l->namespaces[i].type == t)
      return true;
  return false;
}

static int
mount_rootfs (struct lc_mount_ctx *ctx, const lc_spec *spec, const char *rootfs, bool no_pivot,
              int (*before_pivot) (void *data, lc_error **err), void *data, lc_error **err)
{
  const lc_spec_linux *l = spec->linux_cfg;
  unsigned long prop = lc_mount_propagation_flags (l ? l->rootfs_propagation : LC_PROPAGATION_DEFAULT);
  if (lc_rootfs_prepare (rootfs, prop, no_pivot, err) < 0)
    return -1;
  cleanup_close int rootfd = open (rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0)
    return lc_error_set (err, errno, "open the rootfs \"%s\"", rootfs);
  ctx->cgroupns = has_new_ns (l, LC_NS_CGROUP);
  ctx->dev_readonly = false;
  ctx->label = l ? l->mount_label : NULL;
  bool userns = has_new_ns (l, LC_NS_USER);
  unsigned long ns_prop = lc_rootfs_ns_propagation (prop, no_pivot);
  ctx->premade_steps[0] = userns ? MS_SLAVE | MS_REC : 0;
  ctx->premade_steps[1] = (ns_prop & MS_REC) ? ns_prop : 0;
  for (size_t i = 0; i < spec->n_mounts; i++)
    {
      int src = ctx->sources ? ctx->sources[i] : -1;
      int r = (ctx->premade && ctx->premade[i] >= 0)
                  ? move_premade (ctx, rootfd, &spec->mounts[i], ctx->premade[i], err)
                  : mount_one (ctx, rootfd, &spec->mounts[i], src, err);
      if (src >= 0)
        {
          close (src);
          ctx->sources[i] = -1;
        }
      if (r < 0)
        return lc_error_wrap (err, "mounts[%zu]", i);
    }
  /* Each bind source was closed once used: none is left for the devices,
     the hooks or the container. */
  bool own_dev = has_dev_mount (spec);
  if (own_dev && default_devices (ctx, rootfd, l, err) < 0)
    return -1;
  if (create_devices (ctx, rootfd, l, userns, own_dev, err) < 0)
    return -1;
  if (before_pivot && before_pivot (data, err) < 0)
    return -1;
  if (lc_rootfs_switch (rootfs, no_pivot, err) < 0)
    return -1;
  return 0;
}

int
lc_mount_rootfs (struct lc_mount_ctx *ctx, const lc_spec *spec, const char *rootfs, bool no_pivot,
                 int (*before_pivot) (void *data, lc_error **err), void *data, lc_error **err)
{
  int r = mount_rootfs (ctx, spec, rootfs, no_pivot, before_pivot, data, err);
  close_sources (ctx, spec->n_mounts);
  return r;
}

int
lc_mount_finish_root (const struct lc_mount_ctx *ctx, const lc_spec *spec, lc_error **err)
{
  if (spec->root->readonly && mount (NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
    return lc_error_set (err, errno, "remount the root read-only");
  if (ctx->dev_readonly)
    {
      /* /dev itself, not what is mounted below it (/dev/pts, /dev/shm). */
      cleanup_close int dev = open ("/dev", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      struct mount_attr a = { .attr_set = MOUNT_ATTR_RDONLY };
      if (dev < 0 || mount_setattr (dev, "", AT_EMPTY_PATH, &a, sizeof a) < 0)
        return lc_error_set (err, errno, "make /dev read-only (mounts[] asks for ro)");
    }
  return 0;
}

int
lc_mount_console (int slave, lc_error **err)
{
  cleanup_close int devfd = open ("/dev", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (devfd < 0)
    return lc_error_set (err, errno, "process.terminal: open /dev in the container");
  /* A new empty file, or what is there already if it is a file or a
     device node: a symlink or a directory is refused, not followed. */
  cleanup_close int target = openat (devfd, "console", O_CREAT | O_EXCL | O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (target < 0 && errno == EEXIST)
    target = openat (devfd, "console", O_PATH | O_NOFOLLOW | O_CLOEXEC);
  struct stat st;
  if (target < 0 || fstat (target, &st) < 0)
    return lc_error_set (err, errno, "process.terminal: create /dev/console in the container");
  if (!S_ISREG (st.st_mode) && !S_ISCHR (st.st_mode))
    return lc_error_setc (err, EINVAL,
                          "process.terminal: /dev/console in the container is a %s, not a file or a device node: refused",
                          S_ISLNK (st.st_mode) ? "symlink" : S_ISDIR (st.st_mode) ? "directory" : "special file");
  cleanup_close int tree = open_tree (slave, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
  if (tree < 0)
    return lc_error_set (err, errno, "process.terminal: bind the pty (open_tree)");
  if (move_mount (tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return lc_error_set (err, errno, "process.terminal: mount the pty on /dev/console");
  return 0;
}

int
lc_mount_root_propagation (const lc_spec *spec, bool no_pivot, lc_error **err)
{
  const lc_spec_linux *l = spec->linux_cfg;
  unsigned long prop = lc_mount_propagation_flags (l ? l->rootfs_propagation : LC_PROPAGATION_DEFAULT);
  return lc_rootfs_propagate (prop, no_pivot, err);
}

/* The calls every container's mounts are made with.  None has a fallback
   to mount(2) by path: a bind's options would then be set by a remount of
   a path looked up again after the bind (the window of CVE-2021-30465 that
   the detached trees close), and recursive read-only, idmapped and
   propagation changes on an fd have no mount(2) equivalent at all. */
static const struct
{
  const char *name;
  long nr;
  bool v512; /* Linux 5.12; the others 5.2 */
} mount_api[] = {
  { "open_tree", SYS_open_tree, false }, { "move_mount", SYS_move_mount, false },
  { "fsopen", SYS_fsopen, false },       { "fsconfig", SYS_fsconfig, false },
  { "fsmount", SYS_fsmount, false },     { "mount_setattr", SYS_mount_setattr, true },
};

/* Each call with arguments it can only refuse (no fd, flags it does not
   know, a zero size): ENOSYS is the one answer that says it is not there;
   anything else (EBADF, EINVAL, ENOENT, EPERM) is the call itself. */
static bool
mount_call_missing (long nr)
{
  long r;
  switch (nr)
    {
    case SYS_open_tree:
      r = syscall (nr, -1, "", 0);
      break;
    case SYS_move_mount:
      r = syscall (nr, -1, "", -1, "", 0);
      break;
    case SYS_fsopen:
      r = syscall (nr, NULL, ~0U);
      break;
    case SYS_fsconfig:
      r = syscall (nr, -1, ~0U, NULL, NULL, 0);
      break;
    case SYS_fsmount:
      r = syscall (nr, -1, ~0U, 0);
      break;
    default:
      r = syscall (nr, -1, "", 0, NULL, 0);
      break;
    }
  return r < 0 && errno == ENOSYS;
}

int
lc_mount_api_check (lc_error **err)
{
  static int checked; /* 1: all there */
  if (checked)
    return 0;
  char missing[128] = "";
  size_t len = 0;
  bool before_52 = false;
  for (size_t i = 0; i < LC_ARRAY_SIZE (mount_api); i++)
    if (mount_call_missing (mount_api[i].nr))
      {
        len += (size_t) snprintf (missing + len, sizeof missing - len, "%s%s", len ? ", " : "", mount_api[i].name);
        before_52 |= !mount_api[i].v512;
      }
  if (len == 0)
    {
      checked = 1;
      return 0;
    }
  return lc_error_setc (err, ENOSYS,
                        "husk needs the new mount API (open_tree, move_mount, fsopen, fsconfig, fsmount: Linux 5.2; "
                        "mount_setattr: Linux 5.12): %s: %s (a kernel older than %s, or a seccomp filter around "
                        "husk)",
                        missing, strerror (ENOSYS), before_52 ? "5.2" : "5.12");
}
