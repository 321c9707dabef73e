/* husk - the state store's parts that only the library and its tests use.
 * Internal. */
#ifndef LC_STATE_INTERNAL_H
#define LC_STATE_INTERNAL_H

#include <stddef.h>

#include "state.h"
#include "util/util.h"

/* The state.json of container id from len bytes in memory, as
   lc_state_read reads it from the container's directory (tests/fuzz-state
   feeds it).  Errors read 'state of container "<id>": ...'. */
LC_HIDDEN int lc_state_parse (const char *buf, size_t len, const char *id, lc_state **out, lc_error **err);

#endif
