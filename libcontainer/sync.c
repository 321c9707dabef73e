/* husk - parent/child protocol, see sync.h. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "sync.h"
#include "util/fd.h"

static size_t
fill (struct lc_sync_msg *m, enum lc_sync_type type, int errnum, const char *text)
{
  memset (m, 0, offsetof (struct lc_sync_msg, text));
  m->type = type;
  m->errnum = errnum;
  size_t len = 0;
  if (text)
    {
      len = strnlen (text, LC_SYNC_MAX_TEXT - 1);
      memcpy (m->text, text, len);
    }
  m->text[len] = '\0';
  return offsetof (struct lc_sync_msg, text) + len + 1;
}

int
lc_sync_send (int sock, enum lc_sync_type type, int errnum, const char *text)
{
  struct lc_sync_msg m;
  size_t len = fill (&m, type, errnum, text);
  return lc_write_all (sock, &m, len);
}

int
lc_sync_send_fd (int sock, enum lc_sync_type type, int fd, const char *text)
{
  struct lc_sync_msg m;
  size_t len = fill (&m, type, 0, text);
  return lc_send_fd (sock, fd, &m, len);
}

const char *
lc_sync_name (uint32_t t)
{
  static const char *const names[] = {
#define LC_SYNC_NAME(NAME, name) [LC_SYNC_##NAME] = name,
    LC_SYNC_MESSAGES (LC_SYNC_NAME)
#undef LC_SYNC_NAME
  };
  return t < LC_ARRAY_SIZE (names) && names[t] ? names[t] : "?";
}

int
lc_sync_expect (int sock, enum lc_sync_type want, int *fd, struct lc_sync_msg *msg, lc_error **err)
{
  struct lc_sync_msg local;
  struct lc_sync_msg *m = msg ? msg : &local;
  int gotfd = -1;
  ssize_t r = lc_recv_fd (sock, &gotfd, m, sizeof *m);
  if (r == -EPIPE || (r >= 0 && (size_t) r < offsetof (struct lc_sync_msg, text)))
    return lc_error_set (err, 0, "the container process exited before it was ready");
  if (r < 0)
    return lc_error_set (err, (int) -r, "read from the container process");
  m->text[LC_SYNC_MAX_TEXT - 1] = '\0';
  if ((size_t) r < sizeof *m)
    ((char *) m)[r] = '\0';
  if (m->type == LC_SYNC_ERROR)
    {
      if (gotfd >= 0)
        close (gotfd);
      /* The child's text already holds strerror; keep errnum for callers. */
      lc_error_set (err, 0, "%s", m->text);
      if (err && *err)
        (*err)->errnum = m->errnum;
      return -1;
    }
  if (m->type != (uint32_t) want)
    {
      if (gotfd >= 0)
        close (gotfd);
      return lc_error_set (err, EPROTO, "expected message \"%s\" from the container process, got \"%s\"",
                           lc_sync_name (want), lc_sync_name (m->type));
    }
  if (fd)
    *fd = gotfd;
  else if (gotfd >= 0)
    close (gotfd);
  return 0;
}

void
lc_sync_report_error (int sock, const lc_error *err)
{
  lc_sync_send (sock, LC_SYNC_ERROR, err ? err->errnum : 0, err && err->msg ? err->msg : "unknown error");
}
