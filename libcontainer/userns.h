/* husk - whether the runtime itself runs in a user namespace.
 *
 * Rootless podman (and rootlesskit, and `unshare -r`) start the runtime
 * inside a user namespace of their own, where it is uid 0 with every
 * capability, but only over what that namespace owns: the host's cgroups
 * and /run stay out of reach.  The real uid cannot tell; the uid map can. */
#ifndef LC_USERNS_H
#define LC_USERNS_H

#include <stdbool.h>

#include "util/util.h"

/* Whether we run in a user namespace other than the host's (the initial
   one), as runc decides it: /proc/self/uid_map is not the identity map of
   the initial namespace.  false when the kernel has no user namespaces. */
LC_EXPORT bool lc_in_user_namespace (void);

/* The same decision from the first line of a uid_map: "" (a namespace whose
   map is not written yet) is one; a line that is not three numbers is taken
   as not one, as runc does.  For the unit tests. */
LC_HIDDEN bool lc_uid_map_line_in_user_namespace (const char *line);

#endif
