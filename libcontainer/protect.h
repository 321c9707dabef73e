/* husk - linux.maskedPaths and linux.readonlyPaths (protect.c).  Internal. */
#ifndef LC_PROTECT_H
#define LC_PROTECT_H

#include "error.h"
#include "spec.h"
#include "util/util.h"

/* After the root switch: linux.readonlyPaths (read-only binds) and
   linux.maskedPaths (/dev/null on files, a read-only tmpfs on directories),
   each resolved inside the new root; missing paths are skipped. */
LC_HIDDEN int lc_mount_protect_paths (const lc_spec_linux *l, lc_error **err);

#endif
