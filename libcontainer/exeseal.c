/* husk - re-execution from a sealed copy of the runtime, see exeseal.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "exeseal.h"
#include "plumbing.h"
#include "util/util.h"

#ifndef OVERLAYFS_SUPER_MAGIC
#define OVERLAYFS_SUPER_MAGIC 0x794c7630
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif
#ifndef F_SEAL_EXEC
#define F_SEAL_EXEC 0x0020
#endif
#define BASE_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)
#define REEXEC_ENV "HUSK_SEALED_REEXEC"

/* Root's file, not writable by group or others and without an ACL that
   could say otherwise: no process of an unprivileged caller's containers
   (its own uid and its subordinate ids, never host root) can write it. */
static bool
root_only_writable (int fd)
{
  struct stat st;
  if (fstat (fd, &st) < 0 || st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
    return false;
  return fgetxattr (fd, "system.posix_acl_access", NULL, 0) < 0 && (errno == ENODATA || errno == ENOTSUP);
}

enum lc_exe_seal
lc_exe_seal_state (void)
{
  cleanup_close int fd = open ("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return LC_EXE_UNSEALED;
  int seals = fcntl (fd, F_GET_SEALS);
  if (seals >= 0 && (seals & BASE_SEALS) == BASE_SEALS)
    return LC_EXE_SEALED_MEMFD;
  /* An overlay without an upper layer is read-only in its superblock; no
     remount can change that.  (ST_RDONLY of a read-only mount of an overlay
     with an upper layer counts too: that mount is not in any namespace a
     container of ours is in, so no container can remount it.) */
  struct statfs sfs;
  if (fstatfs (fd, &sfs) == 0 && (unsigned long) sfs.f_type == (unsigned long) OVERLAYFS_SUPER_MAGIC
      && (sfs.f_flags & ST_RDONLY))
    return LC_EXE_SEALED_OVERLAY;
  if (geteuid () != 0 && root_only_writable (fd))
    return LC_EXE_NOT_WRITABLE;
  return LC_EXE_UNSEALED;
}

const char *
lc_exe_seal_name (enum lc_exe_seal s)
{
  switch (s)
    {
    case LC_EXE_SEALED_OVERLAY:
      return "a read-only overlay";
    case LC_EXE_SEALED_MEMFD:
      return "a sealed memfd copy";
    case LC_EXE_NOT_WRITABLE:
      return "root's file, not writable by this user";
    case LC_EXE_UNSEALED:
      break;
    }
  return "the host's file, not sealed";
}

/* overlayfs takes ':' as the layer separator and '\' as its escape. */
static char *
escape_lowerdir (const char *dir)
{
  char *out = xmalloc (2 * strlen (dir) + 1), *o = out;
  for (const char *p = dir; *p; p++)
    {
      if (*p == ':' || *p == '\\')
        *o++ = '\\';
      *o++ = *p;
    }
  *o = '\0';
  return out;
}

/* a is b or below it. */
static bool
path_within (const char *a, const char *b)
{
  size_t n = strlen (b);
  return strncmp (a, b, n) == 0 && (a[n] == '\0' || a[n] == '/' || (n == 1 && b[0] == '/'));
}

/* An O_PATH fd of the binary through a new read-only overlay whose top
   layer is its directory.  overlayfs wants two lower layers to mount
   without an upper one; the second is any directory that does not overlap
   the first (its entries are hidden under the top layer's for the one name
   we open, and the overlay itself is never attached anywhere). */
static int
seal_overlay (lc_error **err)
{
  char path[PATH_MAX];
  ssize_t n = readlink ("/proc/self/exe", path, sizeof path - 1);
  if (n < 0)
    return lc_error_set (err, errno, "readlink /proc/self/exe");
  path[n] = '\0';
  /* Replaced on disk since we started: the path is not our binary any more. */
  if (path[0] != '/' || (n > 10 && strcmp (path + n - 10, " (deleted)") == 0))
    return lc_error_set (err, ENOENT, "the binary \"%s\" is no longer on disk", path);
  char *slash = strrchr (path, '/');
  *slash = '\0';
  const char *dir = slash == path ? "/" : path, *base = slash + 1;
  struct stat want;
  if (stat ("/proc/self/exe", &want) < 0)
    return lc_error_set (err, errno, "stat /proc/self/exe");
  cleanup_free char *top = escape_lowerdir (dir);
  static const char *const second[] = { "/dev", "/run", "/tmp", "/sys" };
  int last = 0;
  for (size_t i = 0; i < LC_ARRAY_SIZE (second); i++)
    {
      if (path_within (dir, second[i]) || path_within (second[i], dir))
        continue;
      cleanup_close int fs = fsopen ("overlay", FSOPEN_CLOEXEC);
      if (fs < 0)
        return lc_error_set (err, errno, "fsopen overlay");
      cleanup_free char *lower = xasprintf ("%s:%s", top, second[i]);
      if (fsconfig (fs, FSCONFIG_SET_STRING, "lowerdir", lower, 0) < 0
          || fsconfig (fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
        {
          last = errno;
          continue;
        }
      cleanup_close int mnt = fsmount (fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOSUID);
      if (mnt < 0)
        return lc_error_set (err, errno, "fsmount the overlay of \"%s\"", dir);
      int fd = openat (mnt, base, O_PATH | O_NOFOLLOW | O_CLOEXEC);
      struct stat got;
      if (fd < 0 || fstat (fd, &got) < 0)
        {
          int e = errno;
          if (fd >= 0)
            close (fd);
          return lc_error_set (err, e, "open \"%s\" through the overlay of \"%s\"", base, dir);
        }
      /* The file the overlay shows must be the one we run (overlayfs gives
         it its own device and inode numbers: compare what it keeps). */
      if (!S_ISREG (got.st_mode) || got.st_size != want.st_size || got.st_mtim.tv_sec != want.st_mtim.tv_sec
          || got.st_mtim.tv_nsec != want.st_mtim.tv_nsec)
        {
          close (fd);
          return lc_error_set (err, 0, "\"%s/%s\" is not the running binary any more", dir, base);
        }
      return fd;
    }
  return lc_error_set (err, last, "mount a read-only overlay of \"%s\"", dir);
}

/* A copy of the binary in a memfd, sealed against every change. */
static int
seal_memfd (lc_error **err)
{
  cleanup_close int src = open ("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (src < 0 || fstat (src, &st) < 0)
    return lc_error_set (err, errno, "open /proc/self/exe");
  /* MFD_EXEC (6.3) where vm.memfd_noexec would otherwise refuse exec. */
  cleanup_close int fd = memfd_create ("husk", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
  if (fd < 0 && errno == EINVAL)
    fd = memfd_create ("husk", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0)
    return lc_error_set (err, errno, "memfd_create");
  for (off_t off = 0; off < st.st_size;)
    {
      ssize_t n = sendfile (fd, src, &off, (size_t) (st.st_size - off));
      if (n <= 0)
        return lc_error_set (err, n < 0 ? errno : EIO, "copy the binary into a memfd");
    }
  fcntl (fd, F_ADD_SEALS, F_SEAL_EXEC); /* 6.3: the mode stays as it is */
  if (fcntl (fd, F_ADD_SEALS, BASE_SEALS) < 0)
    return lc_error_set (err, errno, "seal the memfd copy");
  return TAKE_FD (fd);
}

int
lc_exe_seal_reexec (char **argv, lc_error **err)
{
  extern char **environ;
  bool again = getenv (REEXEC_ENV) != NULL;
  if (again)
    unsetenv (REEXEC_ENV);
  if (lc_exe_seal_state () != LC_EXE_UNSEALED)
    {
      /* execveat of an fd names the process after the fd number. */
      if (again && argv[0])
        {
          const char *name = strrchr (argv[0], '/');
          prctl (PR_SET_NAME, name ? name + 1 : argv[0], 0, 0, 0);
        }
      return 0;
    }
  if (again)
    return lc_error_set (err, 0, "the runtime binary was re-executed from a sealed copy, but /proc/self/exe is "
                                 "still not sealed");
  lc_error *overlay_err = NULL, *memfd_err = NULL;
  int fd = seal_overlay (&overlay_err);
  if (fd < 0)
    fd = seal_memfd (&memfd_err);
  if (fd < 0)
    {
      lc_error_set (err, 0, "seal the runtime binary against overwriting from a container (CVE-2019-5736): %s; %s",
                    overlay_err->msg, memfd_err->msg);
      lc_error_free (overlay_err);
      lc_error_free (memfd_err);
      return -1;
    }
  lc_error_free (overlay_err);
  size_t n = 0;
  while (environ && environ[n])
    n++;
  char **env = xcalloc (n + 2, sizeof (char *));
  for (size_t i = 0; i < n; i++)
    env[i] = environ[i];
  env[n] = (char *) REEXEC_ENV "=1";
  execveat (fd, "", argv, env, AT_EMPTY_PATH);
  int e = errno;
  /* Without execveat (3.19; valgrind does not run it), the same fd by its
     /proc/self/fd link, as fexecve does: nothing but our fd is looked up. */
  char self[64];
  snprintf (self, sizeof self, "/proc/self/fd/%d", fd);
  if (e == ENOSYS || e == ENOENT)
    execve (self, argv, env);
  free (env);
  close (fd);
  return lc_error_set (err, e, "execute the sealed copy of the runtime binary");
}

int
lc_exe_seal_require (lc_error **err)
{
  if (lc_exe_seal_state () != LC_EXE_UNSEALED)
    return 0;
  return lc_error_setc (err, EPERM, "the runtime binary is the host's file, which a container could overwrite "
                                    "(CVE-2019-5736): call lc_exe_seal_reexec() first");
}
