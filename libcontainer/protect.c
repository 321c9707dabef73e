/* husk - linux.maskedPaths and linux.readonlyPaths.
 *
 * Applied after the root switch, so every path resolves in the container's
 * tree, and each one through an fd opened with lc_open_in_root: a symlink
 * in the rootfs cannot send a mount anywhere else.  The mounts themselves
 * are made on those fds with the new mount API (open_tree, fsmount,
 * move_mount), never through a path that could change between the check
 * and the mount. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "protect.h"
#include "util/path.h"

static int
attach (int tree, int target)
{
  return move_mount (tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
}

/* The container's /dev/null, checked to be the null device itself: a
   symlink, a regular file or another device planted there would turn the
   mask into a bind of something the container may write (the
   CVE-2025-31133 class). */
static int
open_null (int rootfd, lc_error **err)
{
  int fd = lc_open_in_root (rootfd, "/dev/null", O_PATH | O_NOFOLLOW, 0);
  if (fd < 0)
    return lc_error_set (err, -fd, "linux.maskedPaths: open /dev/null in the container");
  struct stat st;
  if (fstat (fd, &st) < 0 || !S_ISCHR (st.st_mode) || major (st.st_rdev) != 1 || minor (st.st_rdev) != 3)
    {
      close (fd);
      return lc_error_setc (err, EPERM,
                            "linux.maskedPaths: /dev/null in the container is not the null device (char 1:3); "
                           "refusing to mask paths with it");
    }
  return fd;
}

static int
mask_dir (int target, const char *label, lc_error **err)
{
  cleanup_close int fs = fsopen ("tmpfs", FSOPEN_CLOEXEC);
  if (fs < 0)
    return lc_error_set (err, errno, "fsopen tmpfs");
  if (label && *label && fsconfig (fs, FSCONFIG_SET_STRING, "context", label, 0) < 0)
    return lc_error_set (err, errno, "linux.mountLabel: tmpfs context \"%s\"", label);
  if (fsconfig (fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return lc_error_set (err, errno, "create a tmpfs");
  cleanup_close int mnt
      = fsmount (fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
  if (mnt < 0)
    return lc_error_set (err, errno, "fsmount a tmpfs");
  if (attach (mnt, target) < 0)
    return lc_error_set (err, errno, "mount a read-only tmpfs on it");
  return 0;
}

static int
mask_file (int target, int null, lc_error **err)
{
  cleanup_close int tree = open_tree (null, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
  if (tree < 0)
    return lc_error_set (err, errno, "clone /dev/null");
  if (attach (tree, target) < 0)
    return lc_error_set (err, errno, "bind /dev/null on it");
  return 0;
}

static int
make_readonly (int target, lc_error **err)
{
  cleanup_close int tree
      = open_tree (target, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE | AT_EMPTY_PATH);
  if (tree < 0)
    return lc_error_set (err, errno, "bind it onto itself");
  struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };
  if (mount_setattr (tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) < 0)
    return lc_error_set (err, errno, "make it read-only");
  if (attach (tree, target) < 0)
    return lc_error_set (err, errno, "mount it back read-only");
  return 0;
}

int
lc_mount_protect_paths (const lc_spec_linux *l, lc_error **err)
{
  if (l == NULL || (l->n_masked_paths == 0 && l->n_readonly_paths == 0))
    return 0;
  cleanup_close int rootfd = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0)
    return lc_error_set (err, errno, "open the new root");
  for (size_t i = 0; i < l->n_readonly_paths; i++)
    {
      const char *path = l->readonly_paths[i];
      cleanup_close int fd = lc_open_in_root (rootfd, path, O_PATH, 0);
      /* A path the image lacks has nothing to protect (runc and crun skip
         it too). */
      if (fd == -ENOENT)
        continue;
      if (fd < 0)
        return lc_error_set (err, -fd, "linux.readonlyPaths[%zu]: \"%s\"", i, path);
      if (make_readonly (fd, err) < 0)
        return lc_error_wrap (err, "linux.readonlyPaths[%zu]: \"%s\"", i, path);
    }
  cleanup_close int null = -1;
  for (size_t i = 0; i < l->n_masked_paths; i++)
    {
      const char *path = l->masked_paths[i];
      cleanup_close int fd = lc_open_in_root (rootfd, path, O_PATH, 0);
      if (fd == -ENOENT)
        continue;
      struct stat st;
      if (fd < 0 || fstat (fd, &st) < 0)
        return lc_error_set (err, fd < 0 ? -fd : errno, "linux.maskedPaths[%zu]: \"%s\"", i, path);
      int r;
      if (S_ISDIR (st.st_mode))
        r = mask_dir (fd, l->mount_label, err);
      else
        {
          if (null < 0 && (null = open_null (rootfd, err)) < 0)
            return -1;
          r = mask_file (fd, null, err);
        }
      if (r < 0)
        return lc_error_wrap (err, "linux.maskedPaths[%zu]: \"%s\"", i, path);
    }
  return 0;
}
