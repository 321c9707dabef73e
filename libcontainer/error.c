/* husk - error objects, see error.h. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

LC_PRINTF (1, 0) static char *
vformat (const char *fmt, va_list ap)
{
  char *s = NULL;
  if (vasprintf (&s, fmt, ap) < 0)
    return NULL;
  return s;
}

int
lc_error_setv (lc_error **err, int errnum, const char *fmt, va_list ap)
{
  if (err == NULL)
    return -1;
  lc_error_clear (err);
  lc_error *e = calloc (1, sizeof (*e));
  if (e == NULL)
    abort ();
  char *msg = vformat (fmt, ap);
  if (msg == NULL)
    abort ();
  if (errnum != 0)
    {
      char *full = NULL;
      if (asprintf (&full, "%s: %s", msg, strerror (errnum)) < 0)
        abort ();
      free (msg);
      msg = full;
    }
  e->errnum = errnum;
  e->msg = msg;
  *err = e;
  return -1;
}

int
lc_error_set (lc_error **err, int errnum, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  lc_error_setv (err, errnum, fmt, ap);
  va_end (ap);
  return -1;
}

int
lc_error_setc (lc_error **err, int errnum, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  lc_error_setv (err, 0, fmt, ap);
  va_end (ap);
  if (err && *err)
    (*err)->errnum = errnum;
  return -1;
}

int
lc_error_wrap (lc_error **err, const char *fmt, ...)
{
  if (err == NULL || *err == NULL)
    return -1;
  va_list ap;
  va_start (ap, fmt);
  char *ctx = vformat (fmt, ap);
  va_end (ap);
  if (ctx == NULL)
    abort ();
  char *full = NULL;
  if (asprintf (&full, "%s: %s", ctx, (*err)->msg) < 0)
    abort ();
  free (ctx);
  free ((*err)->msg);
  (*err)->msg = full;
  return -1;
}

void
lc_error_free (lc_error *err)
{
  if (err == NULL)
    return;
  free (err->msg);
  free (err);
}

void
lc_error_clear (lc_error **err)
{
  if (err == NULL)
    return;
  lc_error_free (*err);
  *err = NULL;
}
