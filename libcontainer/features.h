/* husk - `husk features`: what this build supports (runtime-spec features.md). */
#ifndef LC_FEATURES_H
#define LC_FEATURES_H

#include "error.h"

/* The features JSON, pretty-printed.  Kept true as features land: each entry
   is something husk handles, not a wish.  Caller frees. */
LC_EXPORT char *lc_features_json (void);

#endif
