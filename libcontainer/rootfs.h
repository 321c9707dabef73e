/* husk - switching a process's root to the container rootfs.  Internal. */
#ifndef LC_ROOTFS_H
#define LC_ROOTFS_H

#include <stdbool.h>

#include "error.h"
#include "util/util.h"

/* Make rootfs (an absolute path, already a mount point in a private mount
   namespace) the root of this process and detach the old root entirely.
   With no_pivot: MS_MOVE the rootfs onto / and chroot, for roots where
   pivot_root(2) cannot work (an initramfs).  cwd is "/" afterwards. */
LC_HIDDEN int lc_rootfs_switch (const char *rootfs, bool no_pivot, lc_error **err);

/* Make rootfs a mount point (bind it onto itself, recursively) so that
   pivot_root accepts it, and set the propagation of / in this mount
   namespace: flags of MS_PRIVATE/MS_SLAVE/MS_SHARED/MS_UNBINDABLE, recursive
   (rootfsPropagation; default MS_SLAVE|MS_REC like runc, so host mounts
   appearing later propagate in but nothing leaks out). */
LC_HIDDEN int lc_rootfs_prepare (const char *rootfs, unsigned long propagation, lc_error **err);

#endif
