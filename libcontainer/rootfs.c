/* husk - root switch, see rootfs.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string.h>

#include "mount-options.h"
#include "rootfs.h"
#include "util/mountinfo.h"

/* The propagation every mount of our new namespace gets before anything is
   mounted.  The requested type goes on the new root only at the end (see
   lc_rootfs_propagate); this is what the host's mounts, and the binds made
   from them, start from:
   - absent: rslave (as runc): host mounts keep propagating in, nothing
     propagates out;
   - unbindable: private, same reach; a tree made unbindable now could not
     be bind-mounted from (the rootfs, /dev/null, a volume), and unbindable
     is private besides that;
   - private with --no-pivot: slave, same reach.  The host's mounts stay in
     our namespace under the chroot, out of the container's reach, holding
     their filesystems: as slaves they go away when the host unmounts them
     (runc refuses private there for this reason).
   A value without "r" changes the root mount only: the other mounts keep
   what the host gives them, a shared one still a peer of the host's. */
unsigned long
lc_rootfs_ns_propagation (unsigned long propagation, bool no_pivot)
{
  unsigned long rec = propagation & MS_REC, type = propagation & ~(unsigned long) MS_REC;
  if (propagation == 0)
    return MS_SLAVE | MS_REC;
  if (type == MS_UNBINDABLE)
    type = MS_PRIVATE;
  if (type == MS_PRIVATE && no_pivot)
    type = MS_SLAVE;
  return type | rec;
}

/* The option name of a propagation (mount-options.c's table). */
static const char *
propagation_name (unsigned long flags)
{
  const char *name = lc_mount_propagation_name (flags);
  return name ? name : "private";
}

/* Give the mount that holds the rootfs (the rootfs itself when it is a
   mount point) the propagation type.  Found by walking up from the rootfs
   with ".." until the root of a mount, and changed on its fd. */
static int
set_holder_propagation (const char *rootfs, unsigned long type, lc_error **err)
{
  cleanup_close int fd = open (rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return lc_error_set (err, errno, "open the rootfs \"%s\"", rootfs);
  for (;;)
    {
      struct statx st;
      if (statx (fd, "", AT_EMPTY_PATH, 0, &st) < 0)
        return lc_error_set (err, errno, "statx a parent of the rootfs \"%s\"", rootfs);
      if (!(st.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
        return lc_error_setc (err, ENOSYS, "find the mount holding the rootfs \"%s\": statx has no "
                                           "STATX_ATTR_MOUNT_ROOT (Linux 5.8)", rootfs);
      if (st.stx_attributes & STATX_ATTR_MOUNT_ROOT)
        break;
      int up = openat (fd, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
      if (up < 0)
        return lc_error_set (err, errno, "open a parent of the rootfs \"%s\"", rootfs);
      close (fd);
      fd = up;
    }
  struct mount_attr a = { .propagation = type };
  if (mount_setattr (fd, "", AT_EMPTY_PATH, &a, sizeof a) < 0)
    return lc_error_set (err, errno, "make the mount holding the rootfs \"%s\" %s", rootfs,
                         propagation_name (type));
  return 0;
}

int
lc_rootfs_prepare (const char *rootfs, unsigned long propagation, bool no_pivot, lc_error **err)
{
  /* Before anything is mounted: what may propagate between our new
     namespace and the host's (lc_rootfs_ns_propagation). */
  unsigned long ns = lc_rootfs_ns_propagation (propagation, no_pivot);
  if (mount (NULL, "/", NULL, ns, NULL) < 0)
    return lc_error_set (err, errno, "make / %s", propagation_name (ns));
  /* The mount holding the rootfs must not be shared: our bind of the
     rootfs below would propagate to its peers on the host, and pivot_root
     (and MS_MOVE) refuse a mount whose parent is shared.  A slave for the
     slave modes, so that the host's mounts made later below the rootfs
     still show inside (runc does the same); private otherwise (which also
     clears an unbindable mark: it would refuse the bind). */
  unsigned long type = propagation & ~(unsigned long) MS_REC;
  if (set_holder_propagation (rootfs, propagation == 0 || type == MS_SLAVE ? MS_SLAVE : MS_PRIVATE, err) < 0)
    return -1;
  /* pivot_root needs the new root to be a mount point; a bind of the
     directory onto itself makes it one without changing what it shows. */
  if (mount (rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
    return lc_error_set (err, errno, "bind mount the rootfs \"%s\" onto itself", rootfs);
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
  /* A move onto a shared mount propagates to its peers: with a shared
     rootfsPropagation the host's / would get the rootfs mounted on it.
     Our / ends up below the chroot, out of sight: a slave is enough. */
  if (mount (NULL, "/", NULL, MS_SLAVE, NULL) < 0)
    return lc_error_set (err, errno, "make / a slave mount");
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

int
lc_rootfs_propagate (unsigned long propagation, bool no_pivot, lc_error **err)
{
  /* The requested type on the new root (and below it, for the r* values):
     done before the switch, on the rootfs, it could not have been shared
     (see lc_rootfs_prepare); done before the read-only and masked paths,
     unbindable would refuse their binds.  With pivot_root the rootfs is
     private already for private, and left so, as runc does: that keeps
     each mount's own propagation option. */
  unsigned long type = propagation & ~(unsigned long) MS_REC;
  if (propagation == 0 || (type == MS_PRIVATE && !no_pivot))
    return 0;
  if (mount (NULL, "/", NULL, propagation, NULL) < 0)
    return lc_error_set (err, errno, "linux.rootfsPropagation: make the new root %s", propagation_name (propagation));
  return 0;
}
