/* husk - mountinfo, see mountinfo.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mountinfo.h"

/* "\040" (octal) back into the character, in place. */
static char *
unescape (char *s)
{
  char *o = s;
  for (char *p = s; *p; p++)
    {
      if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7')
        {
          *o++ = (char) (((p[1] - '0') << 6) | ((p[2] - '0') << 3) | (p[3] - '0'));
          p += 3;
        }
      else
        *o++ = *p;
    }
  *o = '\0';
  return s;
}

int
lc_mountinfo_next (FILE *f, char **buf, size_t *cap, struct lc_mountinfo *m)
{
  for (;;)
    {
      ssize_t n = getline (buf, cap, f);
      if (n < 0)
        return 0;
      char *line = *buf;
      line[strcspn (line, "\n")] = '\0';
      /* id parent maj:min root mountpoint options [optional...] - fstype source superoptions */
      char *field[5], *save = NULL, *p = line;
      int k = 0;
      for (; k < 5 && (field[k] = strtok_r (p, " ", &save)) != NULL; k++)
        p = NULL;
      char *rest = save ? strstr (save, " - ") : NULL;
      if (k < 5 || rest == NULL)
        continue;
      char *save2 = NULL;
      char *fstype = strtok_r (rest + 3, " ", &save2);
      char *source = fstype ? strtok_r (NULL, " ", &save2) : NULL;
      if (source == NULL)
        continue;
      m->id = atoi (field[0]);
      m->parent = atoi (field[1]);
      m->root = unescape (field[3]);
      m->mountpoint = unescape (field[4]);
      m->fstype = fstype;
      m->source = unescape (source);
      return 1;
    }
}
