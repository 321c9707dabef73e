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

int
lc_procfs_openat (int procfd, const char *rel, int flags)
{
  const uint64_t strict = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
  cleanup_close int self = -1;
  int dir = procfd;
  if (strncmp (rel, "self/", 5) == 0)
    {
      /* "self" is an ordinary symlink to our pid as this procfs numbers it
         (its pid namespace may not be ours): the one link followed. */
      self = openat2_fd (procfd, "self", O_PATH | O_DIRECTORY, RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV);
      if (self < 0)
        return self;
      dir = self;
      rel += 5;
    }
  int fd = openat2_fd (dir, rel, flags | O_NOFOLLOW, strict);
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
