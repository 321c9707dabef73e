/* husk - small helpers, see util.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "fd.h"
#include "path.h"
#include "../json.h"

void *
xmalloc (size_t n)
{
  void *p = malloc (n ? n : 1);
  if (p == NULL)
    abort ();
  return p;
}

void *
xcalloc (size_t n, size_t size)
{
  void *p = calloc (n ? n : 1, size ? size : 1);
  if (p == NULL)
    abort ();
  return p;
}

void *
xrealloc (void *p, size_t n)
{
  p = realloc (p, n ? n : 1);
  if (p == NULL)
    abort ();
  return p;
}

void *
xreallocarray (void *p, size_t n, size_t size)
{
  p = reallocarray (p, n ? n : 1, size ? size : 1);
  if (p == NULL)
    abort ();
  return p;
}

char *
xstrdup (const char *s)
{
  char *r = strdup (s);
  if (r == NULL)
    abort ();
  return r;
}

char *
xstrndup (const char *s, size_t n)
{
  char *r = strndup (s, n);
  if (r == NULL)
    abort ();
  return r;
}

char *
xvasprintf (const char *fmt, va_list ap)
{
  char *s = NULL;
  if (vasprintf (&s, fmt, ap) < 0)
    abort ();
  return s;
}

char *
xasprintf (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *s = xvasprintf (fmt, ap);
  va_end (ap);
  return s;
}

int
lc_parse_u64 (const char *s, uint64_t *out)
{
  if (s == NULL || *s < '0' || *s > '9')
    return -EINVAL;
  errno = 0;
  char *end = NULL;
  unsigned long long v = strtoull (s, &end, 10);
  if (*end != '\0')
    return -EINVAL;
  if (errno == ERANGE)
    return -ERANGE;
  *out = v;
  return 0;
}

int
lc_parse_i64 (const char *s, int64_t *out)
{
  if (s == NULL)
    return -EINVAL;
  const char *d = (*s == '-') ? s + 1 : s;
  if (*d < '0' || *d > '9')
    return -EINVAL;
  errno = 0;
  char *end = NULL;
  long long v = strtoll (s, &end, 10);
  if (*end != '\0')
    return -EINVAL;
  if (errno == ERANGE)
    return -ERANGE;
  *out = v;
  return 0;
}

int
lc_parse_proc_stat (const char *line, char *state, unsigned long long *start_time)
{
  const char *p = strrchr (line, ')');
  if (p == NULL || p[1] != ' ' || p[2] == '\0' || p[2] == ' ')
    return -EINVAL;
  p += 2; /* field 3 */
  char st = *p;
  for (int field = 3; field < 22; field++)
    {
      p = strchr (p, ' ');
      if (p == NULL)
        return -EINVAL;
      p++;
    }
  if (*p < '0' || *p > '9')
    return -EINVAL;
  char *end;
  errno = 0;
  unsigned long long v = strtoull (p, &end, 10);
  if (errno || (*end != ' ' && *end != '\n' && *end != '\0'))
    return -EINVAL;
  *state = st;
  *start_time = v;
  return 0;
}

int
lc_parse_int (const char *s, int *out)
{
  int64_t v;
  int r = lc_parse_i64 (s, &v);
  if (r < 0)
    return r;
  if (v < INT_MIN || v > INT_MAX)
    return -ERANGE;
  *out = (int) v;
  return 0;
}

int
lc_read_fd (int fd, const char *name, size_t max, char **out, size_t *len, lc_error **err)
{
  size_t cap = 4096, n = 0;
  char *buf = xmalloc (cap);
  for (;;)
    {
      if (n + 1 >= cap)
        {
          if (cap > max + 1)
            break;
          cap *= 2;
          buf = xrealloc (buf, cap);
        }
      ssize_t r = read (fd, buf + n, cap - n - 1);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          int e = errno;
          free (buf);
          return lc_error_set (err, e, "read \"%s\"", name);
        }
      if (r == 0)
        break;
      n += (size_t) r;
      if (n > max)
        break;
    }
  if (n > max)
    {
      free (buf);
      errno = EFBIG;
      return lc_error_set (err, 0, "\"%s\": file is larger than the limit of %zu bytes", name, max);
    }
  buf[n] = '\0';
  *out = buf;
  if (len)
    *len = n;
  return 0;
}

/* What a file that is not a regular one is, for messages. */
static const char *
file_kind (mode_t mode)
{
  switch (mode & S_IFMT)
    {
    case S_IFIFO:
      return "a FIFO";
    case S_IFSOCK:
      return "a socket";
    case S_IFCHR:
      return "a character device";
    case S_IFBLK:
      return "a block device";
    default:
      return "of an unknown type";
    }
}

/* fd is a regular file of at most max bytes, else an error naming name. */
static int
check_regular (int fd, const char *name, size_t max, lc_error **err)
{
  struct stat st;
  if (fstat (fd, &st) < 0)
    return lc_error_set (err, errno, "stat \"%s\"", name);
  if (S_ISDIR (st.st_mode))
    return lc_error_set (err, EISDIR, "read \"%s\"", name);
  if (!S_ISREG (st.st_mode))
    return lc_error_setc (err, EINVAL, "read \"%s\": not a regular file (%s)", name, file_kind (st.st_mode));
  if ((uint64_t) st.st_size > max)
    return lc_error_set (err, 0, "\"%s\": file is larger than the limit of %zu bytes", name, max);
  return 0;
}

int
lc_read_regular_fd (int fd, const char *name, size_t max, char **out, size_t *len, lc_error **err)
{
  if (check_regular (fd, name, max, err) < 0)
    return -1;
  /* The size checked above may grow while we read: lc_read_fd bounds it
     again. */
  return lc_read_fd (fd, name, max, out, len, err);
}

int
lc_read_file (const char *path, size_t max, char **out, size_t *len, lc_error **err)
{
  /* Look before opening: opening is itself an action on a device (a
     watchdog arms, a tape rewinds) and waits forever on a FIFO that has no
     writer, while an O_PATH fd does neither.  The checked fd is then
     reopened for reading through /proc/self/fd, which reaches the inode
     that was checked even if path has been replaced meanwhile. */
  cleanup_close int pfd = open (path, O_PATH | O_CLOEXEC);
  if (pfd < 0)
    return lc_error_set (err, errno, "open \"%s\"", path);
  if (check_regular (pfd, path, max, err) < 0)
    return -1;
  char proc[64];
  snprintf (proc, sizeof proc, "/proc/self/fd/%d", pfd);
  /* O_NONBLOCK for the fallback by path (no /proc mounted): a FIFO swapped
     in meanwhile is then refused below instead of blocking the open. */
  int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  cleanup_close int fd = open (proc, flags);
  if (fd < 0 && errno == ENOENT)
    fd = open (path, flags);
  if (fd < 0)
    return lc_error_set (err, errno, "open \"%s\"", path);
  return lc_read_regular_fd (fd, path, max, out, len, err);
}

int
lc_write_all (int fd, const void *buf, size_t len)
{
  const char *p = buf;
  while (len > 0)
    {
      ssize_t r = write (fd, p, len);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        return -errno;
      p += r;
      len -= (size_t) r;
    }
  return 0;
}

int
lc_write_file_atomic (int dirfd, const char *name, const void *data, size_t len, mode_t mode, lc_error **err)
{
  cleanup_free char *tmp = xasprintf (".%s.tmp.%d", name, (int) getpid ());
  cleanup_close int fd = openat (dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0)
    return lc_error_set (err, errno, "create \"%s\"", tmp);
  int r = lc_write_all (fd, data, len);
  if (r < 0)
    {
      unlinkat (dirfd, tmp, 0);
      return lc_error_set (err, -r, "write \"%s\"", tmp);
    }
  if (renameat (dirfd, tmp, dirfd, name) < 0)
    {
      int e = errno;
      unlinkat (dirfd, tmp, 0);
      return lc_error_set (err, e, "rename \"%s\" to \"%s\"", tmp, name);
    }
  return 0;
}

char *
lc_time_rfc3339_nano (void)
{
  struct timespec ts;
  struct tm tm;
  clock_gettime (CLOCK_REALTIME, &ts);
  gmtime_r (&ts.tv_sec, &tm);
  char date[64];
  strftime (date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  return xasprintf ("%s.%09ldZ", date, ts.tv_nsec);
}

void
lc_signals_reset (void)
{
  /* The kernel's struct sigaction: glibc's sigaction() refuses the two
     signals it keeps for itself (32 and 33), which a caller may still have
     left ignored. */
  struct
  {
    void (*handler) (int);
    unsigned long flags;
    void (*restorer) (void);
    unsigned long mask;
  } dfl = { SIG_DFL, 0, NULL, 0 };
  for (int sig = 1; sig <= 64; sig++)
    if (sig != SIGKILL && sig != SIGSTOP)
      syscall (SYS_rt_sigaction, sig, &dfl, NULL, sizeof dfl.mask);
  sigset_t none;
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
}

void
lc_json_gen_kv_strv (lc_json_gen *g, const char *key, const char *const *v)
{
  lc_json_gen_string (g, key);
  lc_json_gen_array_open (g);
  for (; *v; v++)
    lc_json_gen_string (g, *v);
  lc_json_gen_array_close (g);
}

void
lc_learn_fallbacks (void)
{
  (void) lc_openat2_available ();
  (void) lc_close_range_available ();
}
