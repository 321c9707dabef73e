/* husk - helpers shared by the commands that act on an existing container. */
#include "config.h"

#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "../libcontainer/util/util.h"
#include "cli.h"

int
husk_open_container (struct husk_global *g, const char *id, struct husk_container *c)
{
  lc_error *err = NULL;
  c->rootfd = c->dirfd = -1;
  c->state = NULL;
  if (lc_state_validate_id (id, &err) < 0)
    return husk_fail_error (g, err);
  c->rootfd = lc_state_root_open (g->root, false, &err);
  if (c->rootfd < 0)
    {
      /* No state directory at all: no container either. */
      if (err->errnum == ENOENT)
        {
          lc_error_setc (&err, ENOENT, "container \"%s\" does not exist", id);
        }
      return husk_fail_error (g, err);
    }
  c->dirfd = lc_state_open_dir (c->rootfd, id, &err);
  if (c->dirfd < 0 || lc_state_read (c->dirfd, id, &c->state, &err) < 0)
    {
      husk_close_container (c);
      return husk_fail_error (g, err);
    }
  return 0;
}

void
husk_close_container (struct husk_container *c)
{
  lc_state_free (c->state);
  c->state = NULL;
  if (c->dirfd >= 0)
    close (c->dirfd);
  if (c->rootfd >= 0)
    close (c->rootfd);
  c->dirfd = c->rootfd = -1;
}

char *
husk_user_name (uid_t uid)
{
  struct passwd pw, *res = NULL;
  char buf[4096];
  if (getpwuid_r (uid, &pw, buf, sizeof buf, &res) == 0 && res)
    return xstrdup (res->pw_name);
  return xasprintf ("#%u", (unsigned) uid);
}
