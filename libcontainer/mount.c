/* husk - the container's mounts and /dev, in its own mount namespace.
 *
 * Every destination is resolved inside the rootfs (util/path.c), and every
 * mount goes onto an O_PATH fd through /proc/self/fd/N, never onto a path
 * string a container process could swap for a symlink between our check and
 * the mount (the CVE-2021-30465 class). */
#include "config.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "init.h"
#include "rootfs.h"
#include "util/path.h"

static const struct
{
  const char *name;
  bool clear;
  unsigned long flag;
} mount_flags[] = {
  { "defaults", false, 0 },
  { "ro", false, MS_RDONLY },
  { "rw", true, MS_RDONLY },
  { "suid", true, MS_NOSUID },
  { "nosuid", false, MS_NOSUID },
  { "dev", true, MS_NODEV },
  { "nodev", false, MS_NODEV },
  { "exec", true, MS_NOEXEC },
  { "noexec", false, MS_NOEXEC },
  { "sync", false, MS_SYNCHRONOUS },
  { "async", true, MS_SYNCHRONOUS },
  { "dirsync", false, MS_DIRSYNC },
  { "remount", false, MS_REMOUNT },
  { "mand", false, MS_MANDLOCK },
  { "nomand", true, MS_MANDLOCK },
  { "atime", true, MS_NOATIME },
  { "noatime", false, MS_NOATIME },
  { "diratime", true, MS_NODIRATIME },
  { "nodiratime", false, MS_NODIRATIME },
  { "bind", false, MS_BIND },
  { "rbind", false, MS_BIND | MS_REC },
  { "relatime", false, MS_RELATIME },
  { "norelatime", true, MS_RELATIME },
  { "strictatime", false, MS_STRICTATIME },
  { "nostrictatime", true, MS_STRICTATIME },
  { "silent", false, MS_SILENT },
  { "loud", true, MS_SILENT },
  { "iversion", false, MS_I_VERSION },
  { "noiversion", true, MS_I_VERSION },
  { "lazytime", false, MS_LAZYTIME },
  { "nolazytime", true, MS_LAZYTIME },
#ifdef MS_NOSYMFOLLOW
  { "nosymfollow", false, MS_NOSYMFOLLOW },
  { "symfollow", true, MS_NOSYMFOLLOW },
#endif
};

static const struct
{
  const char *name;
  unsigned long flag;
} propagation_flags[] = {
  { "private", MS_PRIVATE },     { "rprivate", MS_PRIVATE | MS_REC },       { "shared", MS_SHARED },
  { "rshared", MS_SHARED | MS_REC }, { "slave", MS_SLAVE },                 { "rslave", MS_SLAVE | MS_REC },
  { "unbindable", MS_UNBINDABLE }, { "runbindable", MS_UNBINDABLE | MS_REC },
};

/* Recursive options (r*), applied with mount_setattr(AT_RECURSIVE) to the
   whole mount tree, where mount(2) flags would reach only the top mount. */
static const struct
{
  const char *name;
  uint64_t set, clr;
} recursive_flags[] = {
  { "rro", MOUNT_ATTR_RDONLY, 0 },
  { "rrw", 0, MOUNT_ATTR_RDONLY },
  { "rnosuid", MOUNT_ATTR_NOSUID, 0 },
  { "rsuid", 0, MOUNT_ATTR_NOSUID },
  { "rnodev", MOUNT_ATTR_NODEV, 0 },
  { "rdev", 0, MOUNT_ATTR_NODEV },
  { "rnoexec", MOUNT_ATTR_NOEXEC, 0 },
  { "rexec", 0, MOUNT_ATTR_NOEXEC },
  { "rnodiratime", MOUNT_ATTR_NODIRATIME, 0 },
  { "rdiratime", 0, MOUNT_ATTR_NODIRATIME },
  { "rnoatime", MOUNT_ATTR_NOATIME, MOUNT_ATTR__ATIME },
  { "ratime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME },
  { "rrelatime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME },
  { "rnorelatime", MOUNT_ATTR_STRICTATIME, MOUNT_ATTR__ATIME },
  { "rstrictatime", MOUNT_ATTR_STRICTATIME, MOUNT_ATTR__ATIME },
  { "rnostrictatime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME },
#ifdef MOUNT_ATTR_NOSYMFOLLOW
  { "rnosymfollow", MOUNT_ATTR_NOSYMFOLLOW, 0 },
  { "rsymfollow", 0, MOUNT_ATTR_NOSYMFOLLOW },
#endif
};

/* Options husk handles itself, never passed to the filesystem. */
static const char *const own_options[] = { "tmpcopyup", "idmap", "ridmap", NULL };

static bool
take_recursive (const char *o, struct mount_attr *attr)
{
  for (size_t k = 0; k < LC_ARRAY_SIZE (recursive_flags); k++)
    if (strcmp (o, recursive_flags[k].name) == 0)
      {
        /* The atime mode is one field: setting it needs its mask in clr. */
        attr->attr_clr |= recursive_flags[k].clr;
        attr->attr_set = (attr->attr_set & ~recursive_flags[k].clr) | recursive_flags[k].set;
        return true;
      }
  for (size_t k = 0; own_options[k]; k++)
    if (strcmp (o, own_options[k]) == 0)
      return true;
  return false;
}

void
lc_mount_parse_options (char **opts, size_t n, unsigned long *flags, unsigned long *propagation, char **data,
                        bool *clear_rdonly)
{
  struct mount_attr ignored = { 0 };
  lc_mount_parse_options2 (opts, n, flags, propagation, data, clear_rdonly, &ignored);
}

void
lc_mount_parse_options2 (char **opts, size_t n, unsigned long *flags, unsigned long *propagation, char **data,
                         bool *clear_rdonly, struct mount_attr *rec)
{
  *flags = 0;
  *propagation = 0;
  *clear_rdonly = false;
  size_t len = 0;
  char *d = xcalloc (1, 1);
  for (size_t i = 0; i < n; i++)
    {
      const char *o = opts[i];
      bool known = false;
      for (size_t k = 0; k < LC_ARRAY_SIZE (mount_flags) && !known; k++)
        if (strcmp (o, mount_flags[k].name) == 0)
          {
            known = true;
            if (mount_flags[k].clear)
              *flags &= ~mount_flags[k].flag;
            else
              *flags |= mount_flags[k].flag;
            if (mount_flags[k].flag == MS_RDONLY && mount_flags[k].clear)
              *clear_rdonly = true;
          }
      for (size_t k = 0; k < LC_ARRAY_SIZE (propagation_flags) && !known; k++)
        if (strcmp (o, propagation_flags[k].name) == 0)
          {
            known = true;
            *propagation = propagation_flags[k].flag;
          }
      if (known || take_recursive (o, rec))
        continue;
      /* Filesystem options (mode=755, size=64k, ...) go to the data string. */
      size_t l = strlen (o);
      d = xrealloc (d, len + l + 2);
      if (len)
        d[len++] = ',';
      memcpy (d + len, o, l + 1);
      len += l;
    }
  *data = d;
}

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

static bool
has_option (const lc_spec_mount *m, const char *o)
{
  for (size_t i = 0; i < m->n_options; i++)
    if (strcmp (m->options[i], o) == 0)
      return true;
  return false;
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
    return -errno;
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
      if (r == 0)
        fchownat (to, e->d_name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW);
    }
  closedir (d);
  return r;
}

static int
copy_up (int rootfd, const char *dest, int below, lc_error **err)
{
  /* below: the directory under the new mount (the fd predates it). */
  cleanup_close int from = openat (below, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  cleanup_close int to = lc_open_in_root (rootfd, dest, O_RDONLY | O_DIRECTORY, 0);
  if (from < 0 || to < 0)
    return lc_error_set (err, from < 0 ? errno : -to, "tmpcopyup: open \"%s\"", dest);
  int r = copy_tree (from, to, 0);
  if (r < 0)
    return lc_error_set (err, -r, "tmpcopyup: copy the contents of \"%s\"", dest);
  return 0;
}

/* An overlay whose options do not fit in mount(2)'s one page: the new mount
   API takes each lower layer on its own ("lowerdir+", Linux 6.8). */
static int
mount_overlay_fsconfig (const char *data, unsigned long flags, int target, const char *dest, lc_error **err)
{
  cleanup_close int fs = fsopen ("overlay", FSOPEN_CLOEXEC);
  if (fs < 0)
    return lc_error_set (err, errno, "mount \"%s\": fsopen overlay", dest);
  cleanup_free char *copy = xstrdup (data);
  char *save = NULL;
  for (char *opt = strtok_r (copy, ",", &save); opt; opt = strtok_r (NULL, ",", &save))
    {
      char *eq = strchr (opt, '=');
      int r;
      if (eq)
        *eq = '\0';
      if (eq && strcmp (opt, "lowerdir") == 0)
        {
          char *s2 = NULL;
          r = 0;
          for (char *l = strtok_r (eq + 1, ":", &s2); l && r == 0; l = strtok_r (NULL, ":", &s2))
            r = fsconfig (fs, FSCONFIG_SET_STRING, "lowerdir+", l, 0);
          if (r < 0)
            return lc_error_set (err, errno, "mount \"%s\": overlay lowerdir+ (needs Linux 6.8 for lists longer "
                                             "than a page)", dest);
          continue;
        }
      r = eq ? fsconfig (fs, FSCONFIG_SET_STRING, opt, eq + 1, 0) : fsconfig (fs, FSCONFIG_SET_FLAG, opt, NULL, 0);
      if (r < 0)
        return lc_error_set (err, errno, "mount \"%s\": overlay option \"%s\"", dest, opt);
    }
  if (fsconfig (fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return lc_error_set (err, errno, "mount \"%s\": create the overlay", dest);
  unsigned int attrs = (flags & MS_RDONLY ? MOUNT_ATTR_RDONLY : 0) | (flags & MS_NOSUID ? MOUNT_ATTR_NOSUID : 0)
                       | (flags & MS_NODEV ? MOUNT_ATTR_NODEV : 0) | (flags & MS_NOEXEC ? MOUNT_ATTR_NOEXEC : 0);
  cleanup_close int mfd = fsmount (fs, FSMOUNT_CLOEXEC, attrs);
  if (mfd < 0)
    return lc_error_set (err, errno, "mount \"%s\": fsmount overlay", dest);
  /* Onto the destination fd itself, not a path. */
  if (move_mount (mfd, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return lc_error_set (err, errno, "mount \"%s\": move the overlay into place", dest);
  return 0;
}

/* The cgroup filesystem as the container should see it.  On a cgroup v2
   host: cgroup2.  On a v1 or hybrid host (like runc): a tmpfs with one
   directory per hierarchy of ours, each a cgroup v1 mount (which a cgroup
   namespace roots at the container's cgroup) or, without a cgroup
   namespace, a bind of our own cgroup directory from the host. */
static int
mount_cgroup_v1 (int rootfd, const lc_spec_mount *m, int dfd, unsigned long flags, bool cgroupns, lc_error **err)
{
  char target[64];
  fd_path (target, sizeof target, dfd);
  if (mount ("cgroup", target, "tmpfs", flags & ~MS_RDONLY, "mode=755") < 0)
    return lc_error_set (err, errno, "mount \"%s\": tmpfs for the cgroup hierarchies", m->destination);
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
      cleanup_close int sfd = lc_mkdir_in_root (rootfd, sub, 0755);
      if (sfd < 0)
        return lc_error_set (err, -sfd, "create \"%s\"", sub);
      char t2[64];
      fd_path (t2, sizeof t2, sfd);
      int r;
      if (cgroupns)
        r = mount ("cgroup", t2, v2 ? "cgroup2" : "cgroup", flags, v2 ? NULL : ctrls);
      else
        {
          cleanup_free char *src = xasprintf ("%s%s", host, path);
          r = mount (src, t2, NULL, MS_BIND, NULL);
          if (r == 0)
            {
              cleanup_close int nfd = lc_open_in_root (rootfd, sub, O_PATH, 0);
              fd_path (t2, sizeof t2, nfd);
              r = nfd < 0 ? -1 : mount (NULL, t2, NULL, MS_REMOUNT | MS_BIND | (flags & ~MS_REMOUNT), NULL);
            }
        }
      if (r < 0)
        return lc_error_set (err, errno, "mount the cgroup hierarchy \"%s\" on \"%s\"", ctrls, sub);
      /* cpu,cpuacct is also reachable as cpu and cpuacct, as on the host. */
      if (strchr (dir, ','))
        {
          cleanup_free char *names = xstrdup (dir);
          cleanup_close int top = lc_open_in_root (rootfd, m->destination, O_PATH | O_DIRECTORY, 0);
          char *save = NULL;
          for (char *n = strtok_r (names, ",", &save); n && top >= 0; n = strtok_r (NULL, ",", &save))
            symlinkat (dir, top, n);
        }
    }
  if (flags & MS_RDONLY)
    {
      cleanup_close int nfd = lc_open_in_root (rootfd, m->destination, O_PATH, 0);
      fd_path (target, sizeof target, nfd);
      if (nfd < 0 || mount (NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | (flags & ~MS_REMOUNT), NULL) < 0)
        return lc_error_set (err, errno, "remount \"%s\" read-only", m->destination);
    }
  return 0;
}

static bool cgroupns_for_mounts;
static const char *mount_label;

static int
mount_one (int rootfd, const lc_spec_mount *m, lc_error **err)
{
  unsigned long flags, prop;
  bool clear_ro;
  cleanup_free char *data = NULL;
  struct mount_attr rec = { 0 };
  lc_mount_parse_options2 (m->options, m->n_options, &flags, &prop, &data, &clear_ro, &rec);
  bool copyup = has_option (m, "tmpcopyup");
  const char *type = m->type;
  bool bind = (flags & MS_BIND) || (type && strcmp (type, "bind") == 0);
  if (bind)
    flags |= MS_BIND;
  struct stat st;
  bool is_file = false;
  if (bind)
    {
      if (m->source == NULL || stat (m->source, &st) < 0)
        return lc_error_set (err, m->source ? errno : ENOENT, "mount \"%s\": bind source \"%s\"", m->destination,
                             m->source ? m->source : "(none)");
      is_file = !S_ISDIR (st.st_mode);
    }
  /* linux.mountLabel labels the tmpfs mounts (SELinux; lc_lsm_check made
     sure it is enabled). */
  if (mount_label && *mount_label && type && strcmp (type, "tmpfs") == 0)
    {
      char *labelled = xasprintf ("%s%scontext=\"%s\"", data ? data : "", data && *data ? "," : "", mount_label);
      free (data);
      data = labelled;
    }
  cleanup_close int dfd = open_destination (rootfd, m->destination, is_file, err);
  if (dfd < 0)
    return -1;
  char target[64];
  fd_path (target, sizeof target, dfd);
  if (type && (strcmp (type, "cgroup") == 0 || strcmp (type, "cgroup2") == 0))
    {
      struct statfs sfs;
      if (statfs ("/sys/fs/cgroup", &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC)
        type = "cgroup2";
      else
        return mount_cgroup_v1 (rootfd, m, dfd, flags, cgroupns_for_mounts, err);
      if (!cgroupns_for_mounts)
        {
          /* Without a cgroup namespace a new cgroup2 mount would show the
             host's whole tree: bind our own cgroup instead. */
          lc_spec_mount b = *m;
          cleanup_free char *self = NULL;
          cleanup_fclose FILE *f = fopen ("/proc/self/cgroup", "re");
          char line[4096];
          while (f && fgets (line, sizeof line, f))
            if (strncmp (line, "0::", 3) == 0)
              {
                line[strcspn (line, "\n")] = '\0';
                self = xasprintf ("/sys/fs/cgroup%s", line + 3);
              }
          b.source = self ? self : (char *) "/sys/fs/cgroup";
          b.type = "bind";
          char *opts[] = { "rbind", (flags & MS_RDONLY) ? "ro" : "rw", "nosuid", "nodev", "noexec" };
          b.options = opts;
          b.n_options = 5;
          return mount_one (rootfd, &b, err);
        }
    }
  const char *source = m->source ? m->source : (type ? type : "none");
  if (type && strcmp (type, "overlay") == 0 && strlen (data) >= 4000)
    {
      if (mount_overlay_fsconfig (data, flags, dfd, m->destination, err) < 0)
        return -1;
      goto after_mount;
    }
  unsigned long first = bind ? (flags & (MS_BIND | MS_REC)) : (flags & ~MS_REMOUNT);
  if (mount (source, target, bind ? NULL : type, first, bind ? NULL : data) < 0)
    return lc_error_set (err, errno, "mount \"%s\" (%s) on \"%s\"", source, bind ? "bind" : (type ? type : "none"),
                         m->destination);
after_mount:;
  /* A bind mount takes its flags only from a remount of the new mount. */
  unsigned long extra = flags & ~(MS_BIND | MS_REC | MS_REMOUNT);
  if (bind && extra)
    {
      /* Reopen: the fd still points at the directory below the new mount. */
      cleanup_close int nfd = lc_open_in_root (rootfd, m->destination, O_PATH, 0);
      if (nfd < 0)
        return lc_error_set (err, -nfd, "resolve mount \"%s\" after mounting it", m->destination);
      fd_path (target, sizeof target, nfd);
      if (mount (NULL, target, NULL, MS_REMOUNT | MS_BIND | extra, NULL) < 0)
        return lc_error_set (err, errno, "remount \"%s\" with its options", m->destination);
    }
  if (copyup && copy_up (rootfd, m->destination, dfd, err) < 0)
    return -1;
  if (rec.attr_set || rec.attr_clr)
    {
      cleanup_close int nfd = lc_open_in_root (rootfd, m->destination, O_PATH, 0);
      if (nfd < 0 || mount_setattr (nfd, "", AT_EMPTY_PATH | AT_RECURSIVE, &rec, sizeof rec) < 0)
        return lc_error_set (err, nfd < 0 ? -nfd : errno, "apply the recursive options of \"%s\"", m->destination);
    }
  if (prop)
    {
      cleanup_close int nfd = lc_open_in_root (rootfd, m->destination, O_PATH, 0);
      fd_path (target, sizeof target, nfd);
      if (nfd < 0 || mount (NULL, target, NULL, prop, NULL) < 0)
        return lc_error_set (err, nfd < 0 ? -nfd : errno, "set the propagation of \"%s\"", m->destination);
    }
  return 0;
}

/* The devices every container has, bound from the host's: binding works
   in a user namespace too, where mknod does not. */
static int
default_devices (int rootfd, lc_error **err)
{
  static const char *const devs[] = { "null", "zero", "full", "random", "urandom", "tty" };
  for (size_t i = 0; i < LC_ARRAY_SIZE (devs); i++)
    {
      cleanup_free char *dest = xasprintf ("/dev/%s", devs[i]);
      cleanup_free char *src = xasprintf ("/dev/%s", devs[i]);
      lc_spec_mount m = { .destination = dest, .source = src, .type = "bind" };
      char *opts[] = { "bind" };
      m.options = opts;
      m.n_options = 1;
      if (mount_one (rootfd, &m, err) < 0)
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
   host's node at the same path, as runc does. */
static int
create_devices (int rootfd, const lc_spec_linux *l, bool userns, lc_error **err)
{
  for (size_t i = 0; l && i < l->n_devices; i++)
    {
      const lc_spec_device *d = &l->devices[i];
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
          char *opts[] = { "bind" };
          m.options = opts;
          m.n_options = 1;
          if (mount_one (rootfd, &m, err) < 0)
            return lc_error_wrap (err, "linux.devices[%zu] (in a user namespace, bound from the host)", i);
          continue;
        }
      mode_t type = d->type == 'b' ? S_IFBLK : d->type == 'p' ? S_IFIFO : S_IFCHR;
      unlinkat (dfd, name, 0);
      if (mknodat (dfd, name, type | perm, d->type == 'p' ? 0 : makedev (d->major, d->minor)) < 0)
        return lc_error_set (err, errno, "linux.devices[%zu]: mknod \"%s\"", i, d->path);
      /* mknod honours the umask: set the mode the config asked for. */
      cleanup_close int fd = openat (dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
      char p[64];
      fd_path (p, sizeof p, fd);
      if (fd < 0 || chmod (p, perm) < 0
          || chown (p, d->has_uid ? d->uid : 0, d->has_gid ? d->gid : 0) < 0)
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

static int
propagation_flag (enum lc_propagation p)
{
  switch (p)
    {
    case LC_PROPAGATION_PRIVATE:
      return MS_PRIVATE;
    case LC_PROPAGATION_SHARED:
      return MS_SHARED;
    case LC_PROPAGATION_UNBINDABLE:
      return MS_UNBINDABLE;
    case LC_PROPAGATION_SLAVE:
    case LC_PROPAGATION_DEFAULT:
      break;
    }
  return MS_SLAVE;
}

static const int *premade;

void
lc_mount_use_premade (const int *fds)
{
  premade = fds;
}

static int
move_premade (int rootfd, const lc_spec_mount *m, int tree, lc_error **err)
{
  struct stat st;
  bool is_file = fstat (tree, &st) == 0 && !S_ISDIR (st.st_mode);
  cleanup_close int dfd = open_destination (rootfd, m->destination, is_file, err);
  if (dfd < 0)
    return -1;
  if (move_mount (tree, "", dfd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return lc_error_set (err, errno, "mount \"%s\": move the idmapped mount into place", m->destination);
  return 0;
}

static bool
has_new_ns (const lc_spec_linux *l, enum lc_ns_type t)
{
  for (size_t i = 0; l && i < l->n_namespaces; i++)
    if (l->namespaces[i].type == t)
      return true;
  return false;
}

int
lc_mount_rootfs (const lc_spec *spec, const char *rootfs, bool no_pivot,
                 int (*before_pivot) (void *data, lc_error **err), void *data, lc_error **err)
{
  const lc_spec_linux *l = spec->linux_cfg;
  unsigned long prop = (unsigned long) propagation_flag (l ? l->rootfs_propagation : LC_PROPAGATION_DEFAULT);
  if (lc_rootfs_prepare (rootfs, prop, err) < 0)
    return -1;
  cleanup_close int rootfd = open (rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0)
    return lc_error_set (err, errno, "open the rootfs \"%s\"", rootfs);
  cgroupns_for_mounts = has_new_ns (l, LC_NS_CGROUP);
  mount_label = l ? l->mount_label : NULL;
  for (size_t i = 0; i < spec->n_mounts; i++)
    if ((premade && premade[i] >= 0) ? move_premade (rootfd, &spec->mounts[i], premade[i], err) < 0
                                     : mount_one (rootfd, &spec->mounts[i], err) < 0)
      return lc_error_wrap (err, "mounts[%zu]", i);
  if (has_dev_mount (spec) && default_devices (rootfd, err) < 0)
    return -1;
  bool userns = false;
  for (size_t i = 0; l && i < l->n_namespaces; i++)
    userns |= l->namespaces[i].type == LC_NS_USER;
  if (create_devices (rootfd, l, userns, err) < 0)
    return -1;
  if (before_pivot && before_pivot (data, err) < 0)
    return -1;
  if (lc_rootfs_switch (rootfs, no_pivot, err) < 0)
    return -1;
  /* Restore the requested propagation below the new root (prepare made the
     rootfs private for pivot_root when shared was asked for). */
  if ((prop & MS_SHARED) && mount (NULL, "/", NULL, MS_SHARED | MS_REC, NULL) < 0)
    return lc_error_set (err, errno, "make / shared");
  if (spec->root->readonly && mount (NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
    return lc_error_set (err, errno, "remount the root read-only");
  return 0;
}
