/* husk - versions of husk, the spec it implements and the libraries it uses. */
#ifndef LC_VERSION_H
#define LC_VERSION_H

#include "error.h"

/* The runtime-spec version husk implements (features' ociVersionMax). */
#define LC_OCI_VERSION "1.3.0"
/* The oldest config.json ociVersion husk accepts (features' ociVersionMin). */
#define LC_OCI_VERSION_MIN "1.0.0"

LC_EXPORT const char *lc_version (void);
LC_EXPORT const char *lc_commit (void);

/* Versions of the libraries husk runs with, one "name: version" per line,
   read from the libraries themselves where they can tell (libseccomp,
   yajl), else the version built against (libcap).  Owned by the caller. */
LC_EXPORT char *lc_library_versions (void);

#endif
