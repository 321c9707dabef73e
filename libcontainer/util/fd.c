/* husk - file descriptor plumbing, see fd.h. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fd.h"
#include "log.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

int
lc_send_fd (int sock, int fd, const void *data, size_t len)
{
  char dummy = 0;
  struct iovec iov = { .iov_base = len ? (void *) data : &dummy, .iov_len = len ? len : 1 };
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } u;
  memset (&u, 0, sizeof u);
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
  if (fd >= 0)
    {
      msg.msg_control = u.buf;
      msg.msg_controllen = sizeof u.buf;
      struct cmsghdr *c = CMSG_FIRSTHDR (&msg);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN (sizeof (int));
      memcpy (CMSG_DATA (c), &fd, sizeof (int));
    }
  ssize_t r;
  do
    r = sendmsg (sock, &msg, MSG_NOSIGNAL);
  while (r < 0 && errno == EINTR);
  if (r < 0)
    return -errno;
  /* A stream socket may take only part: the rest follows without the fd. */
  for (size_t off = (size_t) r; len && off < len;)
    {
      r = send (sock, (const char *) data + off, len - off, MSG_NOSIGNAL);
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        return r < 0 ? -errno : -EPIPE;
      off += (size_t) r;
    }
  return 0;
}

ssize_t
lc_recv_fd (int sock, int *fd, void *data, size_t len)
{
  char dummy;
  struct iovec iov = { .iov_base = len ? data : &dummy, .iov_len = len ? len : 1 };
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } u;
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf };
  *fd = -1;
  ssize_t r;
  do
    r = recvmsg (sock, &msg, MSG_CMSG_CLOEXEC);
  while (r < 0 && errno == EINTR);
  if (r < 0)
    return -errno;
  if (r == 0)
    return -EPIPE;
  for (struct cmsghdr *c = CMSG_FIRSTHDR (&msg); c; c = CMSG_NXTHDR (&msg, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len >= CMSG_LEN (sizeof (int)))
      memcpy (fd, CMSG_DATA (c), sizeof (int));
  if (msg.msg_flags & MSG_CTRUNC)
    {
      if (*fd >= 0)
        close (*fd);
      *fd = -1;
      return -EMSGSIZE;
    }
  return r;
}

/* close_range is there: unknown until probed.  A kernel before 5.9 lacks
   it, and so does a seccomp sandbox answering ENOSYS or EPERM to it. */
static enum { RANGE_UNKNOWN, RANGE_YES, RANGE_NO } have_close_range;

bool
lc_close_range_available (void)
{
  if (have_close_range == RANGE_UNKNOWN)
    {
      /* The one fd ~0U, which no process has: closes nothing. */
      int r = (int) syscall (SYS_close_range, ~0U, ~0U, 0);
      int e = errno;
      have_close_range = r < 0 && (e == ENOSYS || e == EPERM) ? RANGE_NO : RANGE_YES;
      if (have_close_range == RANGE_NO)
        lc_debug ("close_range: %s: fds are closed one by one from /proc/self/fd instead", strerror (e));
    }
  return have_close_range == RANGE_YES;
}

static int
cmp_int (const void *a, const void *b)
{
  int x = *(const int *) a, y = *(const int *) b;
  return (x > y) - (x < y);
}

/* Apply close_range over [from, ~0] minus keep[]: the gaps between kept fds. */
static int
range_except (int from, const int *keep, size_t nkeep, unsigned flags)
{
  cleanup_free int *sorted = xcalloc (nkeep, sizeof (int));
  memcpy (sorted, keep, nkeep * sizeof (int));
  qsort (sorted, nkeep, sizeof (int), cmp_int);
  unsigned lo = (unsigned) from;
  for (size_t i = 0; i < nkeep; i++)
    {
      if (sorted[i] < 0 || (unsigned) sorted[i] < lo)
        continue;
      if ((unsigned) sorted[i] > lo && syscall (SYS_close_range, lo, (unsigned) sorted[i] - 1, flags) < 0)
        return -errno;
      lo = (unsigned) sorted[i] + 1;
    }
  if (syscall (SYS_close_range, lo, ~0U, flags) < 0)
    return -errno;
  return 0;
}

static bool
kept (int fd, const int *keep, size_t nkeep)
{
  for (size_t i = 0; i < nkeep; i++)
    if (keep[i] == fd)
      return true;
  return false;
}

/* Without close_range (an old kernel, or a seccomp sandbox that answers
   EPERM): the fds listed in /proc/self/fd, pass after pass until a pass
   finds none left (closing while the directory is read may hide entries
   from that pass).  Returns 0, or -errno when /proc cannot be read. */
static int
walk_fds (int from, const int *keep, size_t nkeep, bool cloexec)
{
  for (int pass = 0; pass < 64; pass++)
    {
      DIR *d = opendir ("/proc/self/fd");
      if (d == NULL)
        return -errno;
      int self = dirfd (d);
      size_t found = 0;
      struct dirent *e;
      while ((e = readdir (d)) != NULL)
        {
          int fd;
          if (lc_parse_int (e->d_name, &fd) < 0 || fd < from || fd == self || kept (fd, keep, nkeep))
            continue;
          if (cloexec)
            {
              int fl = fcntl (fd, F_GETFD);
              if (fl >= 0 && !(fl & FD_CLOEXEC))
                fcntl (fd, F_SETFD, fl | FD_CLOEXEC);
              continue;
            }
          close (fd);
          found++;
        }
      closedir (d);
      if (cloexec || found == 0)
        return 0;
    }
  return -EMFILE;
}

/* Without /proc either: every possible fd up to the hard limit. */
static int
brute_fds (int from, const int *keep, size_t nkeep, bool cloexec)
{
  struct rlimit rl;
  if (getrlimit (RLIMIT_NOFILE, &rl) < 0)
    return -errno;
  rlim_t max = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > (1U << 30) ? (1U << 20) : rl.rlim_max;
  for (rlim_t fd = (rlim_t) from; fd < max; fd++)
    {
      if (kept ((int) fd, keep, nkeep))
        continue;
      if (!cloexec)
        close ((int) fd);
      else
        {
          int fl = fcntl ((int) fd, F_GETFD);
          if (fl >= 0)
            fcntl ((int) fd, F_SETFD, fl | FD_CLOEXEC);
        }
    }
  return 0;
}

static int
all_fds (int from, const int *keep, size_t nkeep, bool cloexec)
{
  if (lc_close_range_available ())
    {
      int r = range_except (from, keep, nkeep, cloexec ? CLOSE_RANGE_CLOEXEC : 0);
      if (r == 0)
        return 0;
      if (r == -ENOSYS || r == -EPERM)
        have_close_range = RANGE_NO; /* a filter that looks at arguments */
    }
  /* close_range failed, for whatever reason (EINVAL: CLOSE_RANGE_CLOEXEC
     is 5.11), or is not there: never leave it at that. */
  if (walk_fds (from, keep, nkeep, cloexec) == 0)
    return 0;
  return brute_fds (from, keep, nkeep, cloexec);
}

int
lc_close_fds_from (int from, const int *keep, size_t nkeep)
{
  return all_fds (from, keep, nkeep, false);
}

int
lc_cloexec_fds_from (int from, const int *keep, size_t nkeep)
{
  return all_fds (from, keep, nkeep, true);
}
