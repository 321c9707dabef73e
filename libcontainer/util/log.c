/* husk - the warning and debug sinks, see log.h. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "../container.h"

/* The library's two sinks for the caller (container.h): warnings and
   debug records, each dropped without a handler. */
static void (*warning_handler) (const char *msg);
static void (*debug_handler) (const char *msg);

void
lc_set_warning_handler (void (*fn) (const char *msg))
{
  warning_handler = fn;
}

void
lc_set_debug_handler (void (*fn) (const char *msg))
{
  debug_handler = fn;
}

static void LC_PRINTF (2, 0)
emit (void (*handler) (const char *msg), const char *fmt, va_list ap)
{
  char *msg = NULL;
  if (handler && vasprintf (&msg, fmt, ap) >= 0)
    handler (msg);
  free (msg);
}

void
lc_warn (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  emit (warning_handler, fmt, ap);
  va_end (ap);
}

void
lc_debug (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  emit (debug_handler, fmt, ap);
  va_end (ap);
}
