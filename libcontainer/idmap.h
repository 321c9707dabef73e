/* husk - idmapped mounts (idmap.c): detached idmapped mount trees, made by
 * the create process before the clone, for the init to attach (mount.h,
 * struct lc_mount_ctx).  Internal. */
#ifndef LC_IDMAP_H
#define LC_IDMAP_H

#include <stddef.h>

#include "error.h"
#include "spec.h"
#include "util/util.h"

/* *fds: per mount, the fd of its tree or -1; NULL when no mount is
   idmapped.  Close with lc_idmap_close. */
LC_HIDDEN int lc_idmap_prepare (const lc_spec *spec, int **fds, lc_error **err);
LC_HIDDEN void lc_idmap_close (int *fds, size_t n);

#endif
