/* husk - root switch, see rootfs.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rootfs.h"

int
lc_rootfs_prepare (const char *rootfs, unsigned long propagation, lc_error **err)
{
  /* Nothing we mount from here on may propagate back to the host: make every
     mount in our new namespace a slave (or what rootfsPropagation says)
     before touching anything. */
  if (mount (NULL, "/", NULL, (propagation ? propagation : MS_SLAVE) | MS_REC, NULL) < 0)
    return lc_error_set (err, errno, "make / a %s mount", propagation == MS_PRIVATE ? "private" : "slave");
  /* pivot_root needs the new root to be a mount point; a bind of the
     directory onto itself makes it one without changing what it shows. */
  if (mount (rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
    return lc_error_set (err, errno, "bind mount the rootfs \"%s\" onto itself", rootfs);
  /* The parent mount of the old root must not be shared, or pivot_root
     fails with EINVAL: give the rootfs mount private propagation when the
     requested mode is shared, as runc does, then restore it below. */
  if (propagation & MS_SHARED)
    if (mount (NULL, rootfs, NULL, MS_PRIVATE, NULL) < 0)
      return lc_error_set (err, errno, "make the rootfs \"%s\" private", rootfs);
  return 0;
}

static int
pivot (const char *rootfs, lc_error **err)
{
  cleanup_close int oldroot = open ("/", O_DIRECTORY | O_PATH | O_CLOEXEC);
  if (oldroot < 0)
    return lc_error_set (err, errno, "open \"/\"");
  cleanup_close int newroot = open (rootfs, O_DIRECTORY | O_PATH | O_CLOEXEC);
  if (newroot < 0)
    return lc_error_set (err, errno, "open the rootfs \"%s\"", rootfs);
  if (fchdir (newroot) < 0)
    return lc_error_set (err, errno, "chdir to the rootfs \"%s\"", rootfs);
  /* pivot_root(".", "."): the old root ends up stacked on top of the new
     one at "/", with no directory needed inside the rootfs for it (a
     read-only rootfs has none to offer).  We then detach it from under us. */
  if (syscall (SYS_pivot_root, ".", ".") < 0)
    return lc_error_set (err, errno, "pivot_root to \"%s\"", rootfs);
  if (fchdir (oldroot) < 0)
    return lc_error_set (err, errno, "chdir to the old root");
  /* Slave first, so the detach below cannot propagate an unmount to the
     host's mount namespace through a shared peer group. */
  if (mount (NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
    return lc_error_set (err, errno, "make the old root a slave mount");
  if (umount2 (".", MNT_DETACH) < 0)
    return lc_error_set (err, errno, "detach the old root");
  if (chdir ("/") < 0)
    return lc_error_set (err, errno, "chdir to the new root");
  return 0;
}

static int
move_and_chroot (const char *rootfs, lc_error **err)
{
  if (chdir (rootfs) < 0)
    return lc_error_set (err, errno, "chdir to the rootfs \"%s\"", rootfs);
  if (mount (rootfs, "/", NULL, MS_MOVE, NULL) < 0)
    return lc_error_set (err, errno, "move the rootfs \"%s\" onto /", rootfs);
  if (chroot (".") < 0)
    return lc_error_set (err, errno, "chroot to the rootfs \"%s\"", rootfs);
  if (chdir ("/") < 0)
    return lc_error_set (err, errno, "chdir to the new root");
  return 0;
}

int
lc_rootfs_switch (const char *rootfs, bool no_pivot, lc_error **err)
{
  return no_pivot ? move_and_chroot (rootfs, err) : pivot (rootfs, err);
}
