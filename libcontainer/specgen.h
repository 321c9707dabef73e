/* husk - the default config.json written by `husk spec`. */
#ifndef LC_SPECGEN_H
#define LC_SPECGEN_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"

/* The text of a default config.json, equivalent to runc's (runc 1.1 `runc
   spec`), with husk's spec version and hostname.  rootless: a user namespace
   mapping uid/gid to root, no network namespace, no cgroup resources, /sys
   bind-mounted instead of a new sysfs and no gid= mount options, as runc
   does for an unprivileged user.  Caller frees. */
LC_EXPORT char *lc_specgen_default (bool rootless, uid_t uid, gid_t gid);

/* Write it as dirfd/config.json, created exclusively (an existing file is
   never overwritten: EEXIST) with mode 0666 & ~umask, like runc. */
LC_EXPORT int lc_specgen_write (int dirfd, const char *dirname, bool rootless, uid_t uid, gid_t gid, lc_error **err);

#endif
