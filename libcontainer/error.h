/* husk - errors carried up the call chain with their context.
 *
 * A function that can fail returns a negative int (or NULL) and fills an
 * lc_error.  Callers add their own context with lc_error_wrap() so the user
 * reads the whole chain once: 'create "c1": open "/x": No such file or directory'. */
#ifndef LC_ERROR_H
#define LC_ERROR_H

#include <stdarg.h>

#define LC_EXPORT __attribute__ ((visibility ("default")))
#define LC_PRINTF(a, b) __attribute__ ((format (printf, a, b)))

typedef struct lc_error
{
  int errnum; /* errno value behind the failure, 0 if none */
  char *msg;  /* full message, strerror(errnum) already appended */
} lc_error;

/* Store a new error in *err (if err is not NULL) and return -1.  When errnum is
   not 0, ": strerror(errnum)" is appended.  An error already in *err is freed. */
LC_EXPORT int lc_error_set (lc_error **err, int errnum, const char *fmt, ...) LC_PRINTF (3, 4);
LC_EXPORT int lc_error_setv (lc_error **err, int errnum, const char *fmt, va_list ap) LC_PRINTF (3, 0);

/* Like lc_error_set, but errnum is only recorded (for callers that test it),
   not appended to the message: for errors whose text says it all, such as
   'container "c1" does not exist' (ENOENT). */
LC_EXPORT int lc_error_setc (lc_error **err, int errnum, const char *fmt, ...) LC_PRINTF (3, 4);

/* Prefix the message of *err with "<context>: " and return -1. */
LC_EXPORT int lc_error_wrap (lc_error **err, const char *fmt, ...) LC_PRINTF (2, 3);

LC_EXPORT void lc_error_free (lc_error *err);

/* Release *err and set it to NULL (for cleanup attributes). */
LC_EXPORT void lc_error_clear (lc_error **err);

#endif
