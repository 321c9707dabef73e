/* husk - whether we run in a user namespace, see userns.h. */
#include "config.h"

#include <string.h>

#include "userns.h"

bool
lc_uid_map_line_in_user_namespace (const char *line)
{
  if (line[0] == '\0' || line[0] == '\n')
    return true;
  /* user_namespaces(7): the initial namespace maps all 2^32 - 1 ids onto
     themselves, "0 0 4294967295"; any other first line is a namespace made
     by someone. */
  cleanup_free char *copy = xstrdup (line);
  uint64_t v[3];
  size_t n = 0;
  char *save = NULL;
  for (char *w = strtok_r (copy, " \t\n", &save); w; w = strtok_r (NULL, " \t\n", &save))
    if (n == 3 || lc_parse_u64 (w, &v[n++]) < 0)
      return false;
  if (n != 3)
    return false;
  return !(v[0] == 0 && v[1] == 0 && v[2] == UINT32_MAX);
}

bool
lc_in_user_namespace (void)
{
  cleanup_fclose FILE *f = fopen ("/proc/self/uid_map", "re");
  if (f == NULL)
    return false; /* a kernel without user namespaces */
  char line[256];
  if (fgets (line, sizeof line, f) == NULL)
    line[0] = '\0';
  return lc_uid_map_line_in_user_namespace (line);
}
