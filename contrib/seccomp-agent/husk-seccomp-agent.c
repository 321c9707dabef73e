/* husk-seccomp-agent: an example seccomp agent for linux.seccomp.listenerPath.
 *
 *   husk-seccomp-agent [--errno N] [--log FILE] SOCKET
 *
 * Listens on the unix socket SOCKET.  For every container that connects it
 * reads the container process state (JSON, see config-linux.md "The
 * Container Process State") and the seccomp notify fd that came with it
 * (SCM_RIGHTS, named "seccompFd" in the state's fds).  Then it answers each
 * syscall the filter sends with SCMP_ACT_NOTIFY: without --errno it
 * pretends the call succeeded (returns 0 without doing anything), with
 * --errno N it fails the call with errno N.  --log appends one line per
 * state received ("state: {...}") and per syscall ("notify: NAME pid PID").
 *
 * It serves until SIGTERM or SIGINT.  A real agent would emulate the call
 * (mknod, mount, ...) in the caller's namespaces; this one shows the
 * protocol, and husk's tests use it. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_FDS 64
#define MAX_STATE (1 << 20)

static volatile sig_atomic_t stop;
static FILE *log_file;
static int reply_errno;

static void
on_signal (int sig)
{
  (void) sig;
  stop = 1;
}

__attribute__ ((format (printf, 1, 2))) static void
logline (const char *fmt, ...)
{
  if (log_file == NULL)
    return;
  va_list ap;
  va_start (ap, fmt);
  vfprintf (log_file, fmt, ap);
  va_end (ap);
  fflush (log_file);
}

/* One connection: the state JSON (until EOF) and one fd with its first
   bytes.  Returns the notify fd or -1. */
static int
receive_state (int conn)
{
  char *buf = malloc (MAX_STATE + 1);
  size_t len = 0;
  int fd = -1;
  if (buf == NULL)
    return -1;
  for (;;)
    {
      union
      {
        char b[CMSG_SPACE (sizeof (int))];
        struct cmsghdr align;
      } u;
      struct iovec iov = { .iov_base = buf + len, .iov_len = MAX_STATE - len };
      struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.b, .msg_controllen = sizeof u.b };
      if (len == MAX_STATE)
        break;
      ssize_t n = recvmsg (conn, &msg, MSG_CMSG_CLOEXEC);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      for (struct cmsghdr *c = CMSG_FIRSTHDR (&msg); c; c = CMSG_NXTHDR (&msg, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && fd < 0)
          memcpy (&fd, CMSG_DATA (c), sizeof fd);
      len += (size_t) n;
    }
  buf[len] = '\0';
  logline ("state: %s\n", buf);
  free (buf);
  if (fd < 0)
    fprintf (stderr, "husk-seccomp-agent: a connection without a seccomp fd\n");
  return fd;
}

static void
answer (int fd)
{
  struct seccomp_notif *req = NULL;
  struct seccomp_notif_resp *resp = NULL;
  if (seccomp_notify_alloc (&req, &resp) < 0)
    return;
  if (seccomp_notify_receive (fd, req) == 0)
    {
      char *name = seccomp_syscall_resolve_num_arch (req->data.arch, req->data.nr);
      logline ("notify: %s pid %u\n", name ? name : "?", req->pid);
      free (name);
      resp->id = req->id;
      resp->flags = 0;
      resp->val = 0;
      resp->error = reply_errno ? -reply_errno : 0;
      /* The caller may have died meanwhile: then the answer is dropped. */
      if (seccomp_notify_id_valid (fd, req->id) == 0)
        seccomp_notify_respond (fd, resp);
    }
  seccomp_notify_free (req, resp);
}

int
main (int argc, char **argv)
{
  const char *path = NULL;
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--errno") == 0 && i + 1 < argc)
        reply_errno = atoi (argv[++i]);
      else if (strcmp (argv[i], "--log") == 0 && i + 1 < argc)
        {
          log_file = fopen (argv[++i], "a");
          if (log_file == NULL)
            {
              fprintf (stderr, "husk-seccomp-agent: --log %s: %s\n", argv[i], strerror (errno));
              return 1;
            }
        }
      else if (argv[i][0] != '-' && path == NULL)
        path = argv[i];
      else
        {
          fprintf (stderr, "usage: husk-seccomp-agent [--errno N] [--log FILE] SOCKET\n");
          return 2;
        }
    }
  if (path == NULL)
    {
      fprintf (stderr, "usage: husk-seccomp-agent [--errno N] [--log FILE] SOCKET\n");
      return 2;
    }
  struct sockaddr_un sa = { .sun_family = AF_UNIX };
  if (strlen (path) >= sizeof sa.sun_path)
    {
      fprintf (stderr, "husk-seccomp-agent: %s: path too long\n", path);
      return 1;
    }
  strcpy (sa.sun_path, path);
  int ls = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  unlink (path);
  if (ls < 0 || bind (ls, (struct sockaddr *) &sa, sizeof sa) < 0 || listen (ls, 16) < 0)
    {
      fprintf (stderr, "husk-seccomp-agent: %s: %s\n", path, strerror (errno));
      return 1;
    }
  struct sigaction act = { .sa_handler = on_signal };
  sigaction (SIGTERM, &act, NULL);
  sigaction (SIGINT, &act, NULL);
  signal (SIGPIPE, SIG_IGN);

  struct pollfd p[MAX_FDS + 1];
  size_t n = 1;
  p[0] = (struct pollfd) { .fd = ls, .events = POLLIN };
  while (!stop)
    {
      if (poll (p, n, -1) < 0)
        continue;
      if (p[0].revents & POLLIN)
        {
          int conn = accept4 (ls, NULL, NULL, SOCK_CLOEXEC);
          if (conn >= 0)
            {
              int fd = receive_state (conn);
              close (conn);
              if (fd >= 0 && n <= MAX_FDS)
                p[n++] = (struct pollfd) { .fd = fd, .events = POLLIN };
              else if (fd >= 0)
                close (fd);
            }
        }
      for (size_t i = 1; i < n; i++)
        {
          if (p[i].revents & POLLIN)
            answer (p[i].fd);
          else if (p[i].revents & (POLLHUP | POLLERR | POLLNVAL))
            {
              /* Every process under that filter has exited. */
              close (p[i].fd);
              p[i--] = p[--n];
            }
        }
    }
  unlink (path);
  return 0;
}
