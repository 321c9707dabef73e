/* husk - a tiny TAP producer for C unit tests (automake's tap-driver.sh
 * reads it).  Header-only: each test program includes it once. */
#ifndef HUSK_TAP_H
#define HUSK_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int tap_n;
static int tap_failed;

__attribute__ ((format (printf, 2, 3), unused)) static bool
tap_ok (bool cond, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  printf ("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
  vprintf (fmt, ap);
  printf ("\n");
  va_end (ap);
  if (!cond)
    tap_failed++;
  fflush (stdout);
  return cond;
}

/* Compare strings; on mismatch print both as TAP diagnostics. */
__attribute__ ((format (printf, 3, 4), unused)) static bool
tap_is (const char *got, const char *want, const char *fmt, ...)
{
  bool same = (got == NULL && want == NULL) || (got && want && strcmp (got, want) == 0);
  va_list ap;
  va_start (ap, fmt);
  printf ("%s %d - ", same ? "ok" : "not ok", ++tap_n);
  vprintf (fmt, ap);
  printf ("\n");
  va_end (ap);
  if (!same)
    {
      tap_failed++;
      printf ("#   got:  %s\n#   want: %s\n", got ? got : "(null)", want ? want : "(null)");
    }
  fflush (stdout);
  return same;
}

__attribute__ ((format (printf, 1, 2), unused)) static void
tap_skip (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  printf ("ok %d # SKIP ", ++tap_n);
  vprintf (fmt, ap);
  printf ("\n");
  va_end (ap);
  fflush (stdout);
}

__attribute__ ((format (printf, 1, 2), unused)) static void
tap_diag (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  printf ("# ");
  vprintf (fmt, ap);
  printf ("\n");
  va_end (ap);
}

/* Print the plan at the end and return the exit status. */
__attribute__ ((unused)) static int
tap_done (void)
{
  printf ("1..%d\n", tap_n);
  return tap_failed ? 1 : 0;
}

#endif
