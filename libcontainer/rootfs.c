/* husk - root switch, see rootfs.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string.h>

#include "rootfs.h"
#include "util/mountinfo.h"

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

/* A mountinfo line kept for hide_host_proc_sys. */
struct mount_entry
{
  int id, parent;
  char *mountpoint;
  bool hide; /* a full proc or sysfs outside the rootfs */
};

/* path is dir or below it. */
static bool
path_within (const char *path, const char *dir)
{
  size_t n = strlen (dir);
  return strncmp (path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* An unmount propagates from the parent of the mount: to the mount at the
   same place in each peer and slave of the parent.  Make the parent (id, as
   mountinfo has it) a slave, so that our unmount stays ours; false when its
   mount point no longer leads to it (hidden, or gone with a detached
   parent): then the mount must not be unmounted. */
static bool
parent_made_slave (const struct mount_entry *all, size_t n, int parent)
{
  for (size_t i = 0; i < n; i++)
    if (all[i].id == parent)
      {
        cleanup_close int fd = open (all[i].mountpoint, O_PATH | O_DIRECTORY | O_CLOEXEC);
        struct statx st;
        struct mount_attr a = { .propagation = MS_SLAVE };
        return fd >= 0 && statx (fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &st) == 0 && (st.stx_mask & STATX_MNT_ID)
               && st.stx_mnt_id == (uint64_t) parent && mount_setattr (fd, "", AT_EMPTY_PATH, &a, sizeof a) == 0;
      }
  return false;
}

/* With chroot instead of pivot_root the host's mounts stay in our mount
   namespace, under the rootfs that is moved onto "/": out of reach by any
   path, but a full procfs or sysfs there is what the kernel looks for
   before it lets a user namespace mount a new one (mount_too_revealing),
   so the container could mount the host's /proc.  Detach every full proc
   and sysfs mount outside the rootfs first, or where we may not unmount it
   cover it with an empty read-only tmpfs, as runc does.  Our own /proc fd
   (procfs.h) keeps working: a detached mount lives while it is open.
   Nothing of it may reach the host: with a shared rootfsPropagation our
   copies of its mounts are its peers. */
static int
hide_host_proc_sys (const char *rootfs, lc_error **err)
{
  cleanup_fclose FILE *f = fopen ("/proc/self/mountinfo", "re");
  if (f == NULL)
    return lc_error_set (err, errno, "--no-pivot: read /proc/self/mountinfo");
  struct mount_entry *all = NULL;
  size_t n = 0, cap = 0, len = 0;
  cleanup_free char *buf = NULL;
  struct lc_mountinfo m;
  while (lc_mountinfo_next (f, &buf, &len, &m))
    {
      if (n == cap)
        all = xreallocarray (all, cap = cap ? 2 * cap : 32, sizeof *all);
      bool full_proc_sys
          = strcmp (m.root, "/") == 0 && (strcmp (m.fstype, "proc") == 0 || strcmp (m.fstype, "sysfs") == 0);
      all[n++] = (struct mount_entry){ m.id, m.parent, xstrdup (m.mountpoint),
                                       full_proc_sys && !path_within (m.mountpoint, rootfs) };
    }
  int ret = 0;
  for (size_t i = 0; i < n && ret == 0; i++)
    {
      if (!all[i].hide)
        continue;
      /* Its own tree a slave first, so that the unmounts of its submounts
         do not propagate either. */
      if (mount (NULL, all[i].mountpoint, NULL, MS_SLAVE | MS_REC, NULL) < 0 && errno == ENOENT)
        continue; /* gone with a parent detached before it */
      if (parent_made_slave (all, n, all[i].parent))
        {
          if (umount2 (all[i].mountpoint, MNT_DETACH) == 0)
            continue;
          if (errno != EINVAL && errno != EPERM)
            {
              ret = lc_error_set (err, errno, "--no-pivot: detach the host's %s", all[i].mountpoint);
              break;
            }
        }
      if (mount ("tmpfs", all[i].mountpoint, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0") < 0)
        ret = lc_error_set (err, errno, "--no-pivot: hide the host's %s", all[i].mountpoint);
    }
  for (size_t i = 0; i < n; i++)
    free (all[i].mountpoint);
  free (all);
  return ret;
}

static int
move_and_chroot (const char *rootfs, lc_error **err)
{
  if (hide_host_proc_sys (rootfs, err) < 0)
    return -1;
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
