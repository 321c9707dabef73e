/* husk - the container's mounts and /dev, in its own mount namespace
 * (mount.c).  Internal. */
#ifndef LC_MOUNT_H
#define LC_MOUNT_H

#include <stdbool.h>

#include "error.h"
#include "spec.h"
#include "util/util.h"

/* The new mount API that every mount of a container is made with (no
   fallback to mount(2) by path, see mount.c): fails naming each call this
   kernel or a seccomp sandbox lacks, and the kernel that has it.  Probed
   once per process, without side effects. */
LC_HIDDEN int lc_mount_api_check (lc_error **err);

/* What one container's mounts are made with, passed through every step
   (no process-wide state).  The caller sets premade and sources, either
   may be NULL; lc_mount_rootfs fills the rest, for lc_mount_finish_root. */
struct lc_mount_ctx
{
  /* Per mount: a premade idmapped tree (lc_idmap_prepare), attached instead
     of mounting that mount, or -1. */
  const int *premade;
  /* Per mount: an O_PATH fd of the bind source (lc_bind_sources_receive),
     bound from instead of the source's path, or -1.  lc_mount_rootfs
     closes each once used, and all of them before it returns. */
  int *sources;
  bool cgroupns;     /* the container has a cgroup namespace of its own */
  const char *label; /* linux.mountLabel, or NULL */
  /* The propagation a premade tree needs before its own options, one step
     for a user namespace and one for the namespace-wide type (mount.c,
     move_premade). */
  unsigned long premade_steps[2];
  /* /dev was asked read-only: mounted read-write, made read-only by
     lc_mount_finish_root. */
  bool dev_readonly;
};

/* Mount the config's mounts and the default /dev below rootfs, in this
   (new) mount namespace, then switch root to it.
   before_pivot runs once everything is mounted, before the root switch (the
   point of createRuntime and createContainer hooks). */
LC_HIDDEN int lc_mount_rootfs (struct lc_mount_ctx *ctx, const lc_spec *spec, const char *rootfs, bool no_pivot,
                               int (*before_pivot) (void *data, lc_error **err), void *data, lc_error **err);

/* After the root switch and the console: root.readonly, and /dev
   read-only when ctx says so. */
LC_HIDDEN int lc_mount_finish_root (const struct lc_mount_ctx *ctx, const lc_spec *spec, lc_error **err);

/* After the root switch: bind the pty slave (an fd, never a path) onto
   /dev/console, made or found in the container's /dev without following a
   symlink (the CVE-2025-52565 class), as runc does for process.terminal. */
LC_HIDDEN int lc_mount_console (int slave, lc_error **err);

/* Last of the mounts: linux.rootfsPropagation on the new root. */
LC_HIDDEN int lc_mount_root_propagation (const lc_spec *spec, bool no_pivot, lc_error **err);

#endif
