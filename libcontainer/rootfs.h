/* husk - switching a process's root to the container rootfs.  Internal. */
#ifndef LC_ROOTFS_H
#define LC_ROOTFS_H

#include <stdbool.h>

#include "error.h"
#include "util/util.h"

/* rootfsPropagation below is in mount(2) flags: MS_PRIVATE, MS_SLAVE,
   MS_SHARED or MS_UNBINDABLE, with MS_REC for the r* values; 0 when the
   config has none (rslave for what comes from the host, as runc). */

/* Set the propagation of the mounts in this new mount namespace (see
   lc_rootfs_ns_propagation), make the mount holding rootfs (an absolute
   path) a slave or private, and bind rootfs onto itself so that it is a
   mount point pivot_root accepts. */
LC_HIDDEN int lc_rootfs_prepare (const char *rootfs, unsigned long propagation, bool no_pivot, lc_error **err);

/* Make rootfs the root of this process and detach the old root entirely.
   With no_pivot: MS_MOVE the rootfs onto / and chroot, for roots where
   pivot_root(2) cannot work (an initramfs).  cwd is "/" afterwards. */
LC_HIDDEN int lc_rootfs_switch (const char *rootfs, bool no_pivot, lc_error **err);

/* Give the new root the propagation asked for, once every mount is made
   (the read-only and masked paths too). */
LC_HIDDEN int lc_rootfs_propagate (unsigned long propagation, bool no_pivot, lc_error **err);

/* The propagation lc_rootfs_prepare gives every mount of the namespace
   first (recursively or not, as asked), which is what binds of the host's
   mounts start from: MS_SLAVE|MS_REC when none is asked for, MS_PRIVATE for
   unbindable, MS_SLAVE for private with no_pivot, else the value itself. */
LC_HIDDEN unsigned long lc_rootfs_ns_propagation (unsigned long propagation, bool no_pivot);

#endif
