/* husk - a mount's option list (config.json mounts[].options) read into what
 * the kernel takes: mount(2) flags, mount_setattr(2) attributes for the
 * mount and for its whole tree, propagation, and the filesystem's own
 * options.  Internal. */
#ifndef LC_MOUNT_OPTIONS_H
#define LC_MOUNT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/mount.h>

#include "spec.h"
#include "util/util.h"

struct lc_mount_options
{
  unsigned long flags;       /* the mount(2) flags asked for (MS_BIND, MS_REC, MS_RDONLY, ...) */
  unsigned long propagation; /* MS_SHARED, MS_SLAVE, MS_PRIVATE or MS_UNBINDABLE, | MS_REC; 0: unchanged */
  struct mount_attr attr;    /* the per-mount flags as attributes, set and cleared, for the mount itself */
  struct mount_attr rec;     /* the r* options (rro, rnosuid, ...): for every mount of the tree */
  char *data;                /* the filesystem's options, comma-separated, in order (never NULL) */
  bool tmpcopyup, idmap, ridmap;
};

/* Later options win over earlier ones, as with mount(8).  Unknown options
   are filesystem options (they go to data).  Free with
   lc_mount_options_free. */
LC_HIDDEN void lc_mount_options_parse (char *const *opts, size_t n, struct lc_mount_options *o);
LC_HIDDEN void lc_mount_options_free (struct lc_mount_options *o);

/* The options husk reads itself (what `features` lists as mountOptions),
   sorted, NULL-terminated.  Free the array, not the names. */
LC_HIDDEN const char **lc_mount_option_names (void);

/* linux.rootfsPropagation as mount(2) flags (MS_PRIVATE, MS_SLAVE,
   MS_SHARED or MS_UNBINDABLE, | MS_REC for the r* values); 0 for
   LC_PROPAGATION_DEFAULT.  The same names as the propagation options. */
LC_HIDDEN unsigned long lc_mount_propagation_flags (enum lc_propagation p);
/* The option name of such flags ("rslave"), NULL for anything else. */
LC_HIDDEN const char *lc_mount_propagation_name (unsigned long flags);

#endif
