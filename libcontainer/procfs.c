/* husk - hardened writes into /proc, see procfs.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "procfs.h"
#include "util/path.h"

#define PROC_ROOT_INO 1

int
lc_procfs_open (lc_error **err)
{
  int fd = open ("/proc", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return lc_error_set (err, errno, "open /proc");
  struct statfs sfs;
  struct stat st;
  if (fstatfs (fd, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC || fstat (fd, &st) < 0 || st.st_ino != PROC_ROOT_INO)
    {
      close (fd);
      return lc_error_setc (err, EPERM, "/proc is not the root of a procfs");
    }
  return fd;
}

static int
openat2_fd (int dirfd, const char *path, int flags, uint64_t resolve)
{
  struct open_how how = { .flags = (uint64_t) (flags | O_CLOEXEC), .resolve = resolve };
  int fd;
  do
    fd = (int) syscall (SYS_openat2, dirfd, path, &how, sizeof how);
  while (fd < 0 && errno == EAGAIN);
  return fd < 0 ? -errno : fd;
}

/* The mount fd is on, to tell a mount crossing without RESOLVE_NO_XDEV. */
static int
mount_id (int fd, uint64_t *id)
{
  struct statx st;
  if (statx (fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &st) < 0)
    return -errno;
  if (!(st.stx_mask & STATX_MNT_ID))
    return -ENOSYS; /* before Linux 5.8 */
  *id = st.stx_mnt_id;
  return 0;
}

/* openat2's strict resolution (RESOLVE_BENEATH, NO_SYMLINKS, NO_MAGICLINKS,
   NO_XDEV) without openat2: one component at a time from dirfd, each
   opened O_NOFOLLOW, so that a symlink, magic or not, is refused and never
   followed; no ".." and no absolute path; and every step checked to be on
   dirfd's own mount, which a bind mount over a file or directory of the
   procfs would not be.  Each step holds the directory it came from, so
   nothing checked can be swapped afterwards. */
static int
walk_strict (int dirfd, const char *path, int flags)
{
  uint64_t want, got;
  int r = mount_id (dirfd, &want);
  if (r < 0)
    return r;
  if (path[0] == '/')
    return -EXDEV;
  cleanup_free char *copy = xstrdup (path);
  cleanup_close int cur = fcntl (dirfd, F_DUPFD_CLOEXEC, 3);
  if (cur < 0)
    return -errno;
  char *save = NULL;
  for (char *name = strtok_r (copy, "/", &save), *next; name; name = next)
    {
      next = strtok_r (NULL, "/", &save);
      if (strcmp (name, "..") == 0)
        return -EXDEV;
      if (strcmp (name, ".") == 0 && next)
        continue;
      int fd = openat (cur, name, (next ? O_PATH | O_DIRECTORY : flags) | O_NOFOLLOW | O_CLOEXEC);
      struct stat st;
      if (fd < 0)
        {
          int e = errno;
          /* A symlink where a directory was wanted: ELOOP, as openat2 says. */
          if (e == ENOTDIR && fstatat (cur, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK (st.st_mode))
            e = ELOOP;
          return -e;
        }
      /* O_PATH|O_NOFOLLOW opens a symlink itself instead of failing. */
      if (fstat (fd, &st) == 0 && S_ISLNK (st.st_mode))
        r = -ELOOP;
      else if ((r = mount_id (fd, &got)) == 0 && got != want)
        r = -EXDEV;
      if (r < 0)
        {
          close (fd);
          return r;
        }
      close (cur);
      cur = fd;
    }
  return TAKE_FD (cur);
}

/* "self" of procfd: the directory of our pid as that procfs numbers it. */
static int
open_self (int procfd)
{
  if (lc_openat2_available ())
    {
      int fd
          = openat2_fd (procfd, "self", O_PATH | O_DIRECTORY, RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV);
      if (fd != -ENOSYS)
        return fd;
      lc_openat2_set_unavailable ();
    }
  /* Its target is a pid, nothing else: read it and walk to it. */
  char pid[32];
  ssize_t n = readlinkat (procfd, "self", pid, sizeof pid - 1);
  if (n < 0)
    return -errno;
  pid[n] = '\0';
  if (n == 0 || strspn (pid, "0123456789") != (size_t) n)
    return -EXDEV;
  return walk_strict (procfd, pid, O_PATH | O_DIRECTORY);
}

static int
open_strict (int dirfd, const char *path, int flags)
{
  if (lc_openat2_available ())
    {
      int fd = openat2_fd (dirfd, path, flags | O_NOFOLLOW,
                           RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV);
      if (fd != -ENOSYS)
        return fd;
      lc_openat2_set_unavailable ();
    }
  return walk_strict (dirfd, path, flags);
}

int
lc_procfs_openat (int procfd, const char *rel, int flags)
{
  cleanup_close int self = -1;
  int dir = procfd;
  if (strncmp (rel, "self/", 5) == 0)
    {
      /* "self" is an ordinary symlink to our pid as this procfs numbers it
         (its pid namespace may not be ours): the one link followed. */
      self = open_self (procfd);
      if (self < 0)
        return self;
      dir = self;
      rel += 5;
    }
  int fd = open_strict (dir, rel, flags);
  if (fd < 0)
    return fd;
  struct statfs sfs;
  if (fstatfs (fd, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC)
    {
      close (fd);
      return -EXDEV;
    }
  return fd;
}

int
lc_procfs_write (int procfd, const char *rel, const char *value, const char *what, lc_error **err)
{
  cleanup_close int fd = lc_procfs_openat (procfd, rel, O_WRONLY);
  if (fd < 0)
    return lc_error_set (err, -fd, "%s: open /proc/%s", what, rel);
  size_t len = strlen (value);
  ssize_t n = write (fd, value, len);
  if (n != (ssize_t) len)
    return lc_error_set (err, n < 0 ? errno : EIO, "%s: write \"%s\" to /proc/%s", what, value, rel);
  return 0;
}
