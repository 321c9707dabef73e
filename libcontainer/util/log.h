/* husk - the library's warning and debug sinks: what it has to say that is
 * not an error goes to the caller's handlers (lc_set_warning_handler and
 * lc_set_debug_handler, container.h), never to a stream of its own.
 * Internal. */
#ifndef LC_LOG_H
#define LC_LOG_H

#include "util.h"

/* Report a warning through lc_set_warning_handler (container.h). */
LC_HIDDEN void lc_warn (const char *fmt, ...) LC_PRINTF (1, 2);

/* A debug record (a fallback taken where the kernel, or a seccomp sandbox
   around us, lacks a feature) through the handler of lc_set_debug_handler
   (container.h); dropped without one. */
LC_HIDDEN void lc_debug (const char *fmt, ...) LC_PRINTF (1, 2);

#endif
