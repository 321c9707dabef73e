/* husk - CPU lists, see cpulist.h. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "cpulist.h"

/* One number at *s (digits only: strtoul alone would take a sign or spaces). */
static bool
number (const char **s, unsigned long *out)
{
  if (!isdigit ((unsigned char) **s))
    return false;
  char *end;
  *out = strtoul (*s, &end, 10); /* too large: ULONG_MAX, above any CPU_SETSIZE */
  *s = end;
  return true;
}

int
lc_cpulist_parse (const char *s, cpu_set_t *set)
{
  if (set)
    CPU_ZERO (set);
  if (*s == '\0')
    return 0;
  for (;;)
    {
      unsigned long a, b;
      if (!number (&s, &a))
        return -EINVAL;
      b = a;
      if (*s == '-')
        {
          s++;
          if (!number (&s, &b))
            return -EINVAL;
        }
      if (b < a)
        return -EINVAL;
      for (unsigned long c = a; set && c <= b && c < CPU_SETSIZE; c++)
        CPU_SET (c, set);
      if (*s == '\0')
        return 0;
      if (*s++ != ',')
        return -EINVAL;
    }
}
