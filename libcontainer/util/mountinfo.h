/* husk - reading /proc/<pid>/mountinfo.  Internal. */
#ifndef LC_UTIL_MOUNTINFO_H
#define LC_UTIL_MOUNTINFO_H

#include <stdio.h>

#include "util.h"

/* One line of mountinfo (proc(5)); the paths are unescaped ("\040" is a
   space).  The strings point into the reader's buffer: copy what outlives
   the next line. */
struct lc_mountinfo
{
  int id, parent;
  const char *root;       /* the mount's root within its filesystem */
  const char *mountpoint; /* where it is mounted, in the reader's view */
  const char *fstype;
  const char *source;
};

/* The next entry of f (an open mountinfo file): 1, or 0 at the end.
   Malformed lines are skipped. */
LC_HIDDEN int lc_mountinfo_next (FILE *f, char **buf, size_t *cap, struct lc_mountinfo *m);

#endif
