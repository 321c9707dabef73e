/* husk - shared pieces, see plumbing.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "plumbing.h"
#include "procfs.h"
#include "sync.h"
#include "util/fd.h"

int
lc_write_id_map (pid_t pid, const char *file, const lc_idmap *m, size_t n, lc_error **err)
{
  cleanup_close int procfd = lc_procfs_open (err);
  if (procfd < 0)
    return -1;
  cleanup_free char *rel = xasprintf ("%d/%s", (int) pid, file);
  cleanup_free char *what = xasprintf ("the %s of process %d", file, (int) pid);
  size_t cap = n * 40 + 1, len = 0;
  cleanup_free char *buf = xmalloc (cap);
  buf[0] = '\0';
  for (size_t i = 0; i < n; i++)
    len += (size_t) snprintf (buf + len, cap - len, "%u %u %u\n", m[i].container_id, m[i].host_id, m[i].size);
  /* Without privilege (rootless) the kernel takes a gid map only once
     setgroups(2) is denied in the namespace, as runc and crun do it.  Root
     keeps setgroups, which additionalGids need. */
  if (strcmp (file, "gid_map") == 0 && geteuid () != 0)
    {
      cleanup_free char *sg = xasprintf ("%d/setgroups", (int) pid);
      cleanup_free char *sgwhat = xasprintf ("the setgroups of process %d", (int) pid);
      if (lc_procfs_write (procfd, sg, "deny", sgwhat, err) < 0)
        return -1;
    }
  return lc_procfs_write (procfd, rel, buf, what, err);
}

int
lc_write_pid_file (const char *path, pid_t pid, lc_error **err)
{
  cleanup_free char *dir = xstrdup (path);
  char *slash = strrchr (dir, '/');
  const char *name = path;
  if (slash)
    {
      *slash = '\0';
      name = slash + 1;
    }
  cleanup_close int dfd = open (slash ? (dir[0] ? dir : "/") : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0)
    return lc_error_set (err, errno, "--pid-file: open the directory of \"%s\"", path);
  char buf[32];
  int n = snprintf (buf, sizeof buf, "%d", (int) pid);
  if (lc_write_file_atomic (dfd, name, buf, (size_t) n, 0644, err) < 0)
    return lc_error_wrap (err, "--pid-file \"%s\"", path);
  return 0;
}

int
lc_console_deliver (int sock, const char *console_socket, int *master_out, lc_error **err)
{
  cleanup_close int master = -1;
  if (lc_sync_expect (sock, LC_SYNC_CONSOLE, &master, NULL, err) < 0)
    return -1;
  if (master < 0)
    return lc_error_set (err, EPROTO, "process.terminal: no pty master from the container process");
  if (console_socket == NULL)
    {
      *master_out = TAKE_FD (master);
      return 0;
    }
  cleanup_close int s = lc_unix_connect (console_socket, "--console-socket", err);
  if (s < 0)
    return -1;
  int r = lc_send_fd (s, master, "/dev/ptmx", strlen ("/dev/ptmx"));
  if (r < 0)
    return lc_error_set (err, -r, "--console-socket \"%s\": send the pty master", console_socket);
  return 0;
}

int
lc_unix_connect (const char *path, const char *what, lc_error **err)
{
  struct sockaddr_un sa = { .sun_family = AF_UNIX };
  if (strlen (path) >= sizeof sa.sun_path)
    return lc_error_set (err, ENAMETOOLONG, "%s \"%s\": the path is too long for a unix socket", what, path);
  strcpy (sa.sun_path, path);
  int s = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s < 0)
    return lc_error_set (err, errno, "%s: socket", what);
  if (connect (s, (struct sockaddr *) &sa, sizeof sa) < 0)
    {
      int e = errno;
      close (s);
      return lc_error_set (err, e, "%s \"%s\": connect", what, path);
    }
  return s;
}
