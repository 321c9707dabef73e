/* husk - paths inside a container's root filesystem.
 *
 * No path from config.json is trusted: a symlink planted in the rootfs must
 * not redirect a mount or a write to the host (the CVE-2021-30465 class).
 * Everything here resolves relative to a directory fd of the rootfs, with
 * ".." and absolute symlinks clamped to that root, as if the root were "/".
 * openat2(RESOLVE_IN_ROOT) does it in the kernel; without openat2 a walk of
 * our own does the same, one component at a time with O_NOFOLLOW.  Internal. */
#ifndef LC_UTIL_PATH_H
#define LC_UTIL_PATH_H

#include <stdbool.h>
#include <sys/types.h>

#include "util.h"

/* Open path (absolute or relative: both are taken inside root) below rootfd.
   flags as for openat (O_CLOEXEC is added); with O_CREAT the last component is
   created with mode.  Returns an fd or -errno. */
LC_HIDDEN int lc_open_in_root (int rootfd, const char *path, int flags, mode_t mode);

/* Create every missing directory of path below rootfd (like mkdir -p, each
   component resolved inside root) and return an O_PATH|O_DIRECTORY fd of the
   last one, or -errno. */
LC_HIDDEN int lc_mkdir_in_root (int rootfd, const char *path, mode_t mode);

/* Whether openat2(2) works here: probed once per process (children forked
   after inherit the answer).  Without it, lc_open_in_root and
   lc_procfs_openat walk paths one component at a time (O_NOFOLLOW, each
   step checked) to the same effect. */
LC_HIDDEN bool lc_openat2_available (void);
/* openat2 answered ENOSYS after all (a filter that looks at arguments):
   take the walk from now on. */
LC_HIDDEN void lc_openat2_set_unavailable (void);

/* Force the fallback walks of lc_open_in_root and lc_procfs_openat (tests
   only): true disables openat2. */
LC_HIDDEN void lc_path_force_fallback (bool on);

/* Join and normalise: "a//b/./c" -> "a/b/c".  Caller frees. */
LC_HIDDEN char *lc_path_clean (const char *path);

#endif
