/* Unit tests of the internal helpers: fd passing, closing fds, paths inside a
 * root and below /proc (openat2 and the fallback walks), number parsing,
 * atomic writes, the v2 device filter replacing every program there. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <linux/bpf.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libcontainer/cgroup-internal.h"
#include "libcontainer/procfs.h"
#include "libcontainer/sync.h"
#include "libcontainer/userns.h"
#include "libcontainer/util/fd.h"
#include "libcontainer/util/path.h"
#include "libcontainer/util/util.h"
#include "tap.h"

static void
test_parse_numbers (void)
{
  uint64_t u;
  int64_t i;
  int n;
  tap_ok (lc_parse_u64 ("18446744073709551615", &u) == 0 && u == UINT64_MAX, "u64 max");
  tap_ok (lc_parse_u64 ("18446744073709551616", &u) == -ERANGE, "u64 overflow");
  tap_ok (lc_parse_u64 ("-1", &u) == -EINVAL, "u64 refuses a sign");
  tap_ok (lc_parse_u64 ("12x", &u) == -EINVAL, "u64 refuses trailing bytes");
  tap_ok (lc_parse_u64 ("", &u) == -EINVAL, "u64 refuses empty");
  tap_ok (lc_parse_i64 ("-9223372036854775808", &i) == 0 && i == INT64_MIN, "i64 min");
  tap_ok (lc_parse_i64 (" 1", &i) == -EINVAL, "i64 refuses leading space");
  tap_ok (lc_parse_int ("2147483648", &n) == -ERANGE, "int overflow");
}

static void
test_fd_passing (void)
{
  int sv[2];
  socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv);
  int p[2];
  pipe2 (p, O_CLOEXEC);
  tap_ok (lc_send_fd (sv[0], p[1], "hi", 2) == 0, "send an fd");
  int got = -1;
  char buf[8] = { 0 };
  ssize_t r = lc_recv_fd (sv[1], &got, buf, sizeof buf);
  tap_ok (r == 2 && got >= 0 && strcmp (buf, "hi") == 0, "receive the fd and the data");
  tap_ok (got >= 0 && (fcntl (got, F_GETFD) & FD_CLOEXEC), "received fd is close-on-exec");
  if (got >= 0)
    {
      write (got, "x", 1);
      char c = 0;
      read (p[0], &c, 1);
      tap_ok (c == 'x', "received fd is the same pipe");
      close (got);
    }
  /* Sync protocol: an error from the peer carries errno and text. */
  lc_sync_send (sv[0], LC_SYNC_ERROR, ENOENT, "open \"/x\": No such file or directory");
  lc_error *err = NULL;
  tap_ok (lc_sync_expect (sv[1], LC_SYNC_READY, NULL, NULL, &err) < 0 && err && err->errnum == ENOENT,
          "sync error message becomes an lc_error");
  tap_is (err ? err->msg : NULL, "open \"/x\": No such file or directory", "sync error text");
  lc_error_clear (&err);
  lc_sync_send (sv[0], LC_SYNC_PID, 0, "42");
  struct lc_sync_msg m;
  tap_ok (lc_sync_expect (sv[1], LC_SYNC_PID, NULL, &m, &err) == 0 && strcmp (m.text, "42") == 0, "sync message");
  lc_sync_send (sv[0], LC_SYNC_PID, 0, NULL);
  lc_sync_expect (sv[1], LC_SYNC_READY, NULL, NULL, &err);
  tap_is (err ? err->msg : NULL, "expected message \"ready\" from the container process, got \"pid\": Protocol error",
          "unexpected sync message");
  lc_error_clear (&err);
  close (sv[0]);
  lc_sync_expect (sv[1], LC_SYNC_READY, NULL, NULL, &err);
  tap_is (err ? err->msg : NULL, "the container process exited before it was ready", "EOF from the peer");
  lc_error_clear (&err);
  close (sv[1]);
  /* The names come from sync.h's one table (LC_SYNC_MESSAGES). */
  tap_ok (strcmp (lc_sync_name (LC_SYNC_ERROR), "error") == 0 && strcmp (lc_sync_name (LC_SYNC_SOURCE), "source") == 0
              && strcmp (lc_sync_name (0), "?") == 0 && strcmp (lc_sync_name (LC_SYNC_TYPES), "?") == 0,
          "sync message names: the first, the last, none");
  close (p[0]);
  close (p[1]);
}

static void
test_close_fds (void)
{
  pid_t pid = fork ();
  if (pid == 0)
    {
      int a = open ("/dev/null", O_RDONLY), b = open ("/dev/null", O_RDONLY), c = open ("/dev/null", O_RDONLY);
      int keep[] = { b };
      if (lc_close_fds_from (3, keep, 1) < 0)
        _exit (10);
      _exit ((fcntl (a, F_GETFD) < 0 && fcntl (b, F_GETFD) >= 0 && fcntl (c, F_GETFD) < 0) ? 0 : 11);
    }
  int st;
  waitpid (pid, &st, 0);
  tap_ok (WIFEXITED (st) && WEXITSTATUS (st) == 0, "close every fd but the kept one");
}

static char *
target_of (int fd)
{
  char path[64], buf[PATH_MAX];
  snprintf (path, sizeof path, "/proc/self/fd/%d", fd);
  ssize_t n = readlink (path, buf, sizeof buf - 1);
  buf[n < 0 ? 0 : n] = '\0';
  return xstrdup (buf);
}

static void
test_paths (bool fallback)
{
  const char *how = fallback ? "fallback" : "openat2";
  lc_path_force_fallback (fallback);
  char tmpl[] = "/tmp/husk-path-XXXXXX";
  char *dir = mkdtemp (tmpl);
  cleanup_free char *root = xasprintf ("%s/root", dir);
  cleanup_free char *outside = xasprintf ("%s/outside", dir);
  mkdir (root, 0755);
  mkdir (outside, 0755);
  cleanup_free char *etc = xasprintf ("%s/etc", root);
  mkdir (etc, 0755);
  cleanup_free char *passwd = xasprintf ("%s/etc/passwd", root);
  close (open (passwd, O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
  /* Links an attacker would plant: absolute, relative climbing out, chains. */
  cleanup_free char *l1 = xasprintf ("%s/abs", root);
  symlink ("/etc", l1);
  cleanup_free char *l2 = xasprintf ("%s/up", root);
  symlink ("../../../../../outside", l2);
  cleanup_free char *l3 = xasprintf ("%s/chain", root);
  symlink ("abs/passwd", l3);
  int rootfd = open (root, O_PATH | O_DIRECTORY | O_CLOEXEC);

  int fd = lc_open_in_root (rootfd, "/abs/passwd", O_RDONLY, 0);
  cleanup_free char *t1 = fd >= 0 ? target_of (fd) : xstrdup ("(error)");
  tap_is (t1, passwd, "%s: absolute symlink resolves inside the root", how);
  if (fd >= 0)
    close (fd);
  fd = lc_open_in_root (rootfd, "chain", O_RDONLY, 0);
  cleanup_free char *t2 = fd >= 0 ? target_of (fd) : xstrdup ("(error)");
  tap_is (t2, passwd, "%s: chain of symlinks stays inside", how);
  if (fd >= 0)
    close (fd);
  fd = lc_open_in_root (rootfd, "../../../../etc/passwd", O_RDONLY, 0);
  cleanup_free char *t3 = fd >= 0 ? target_of (fd) : xstrdup ("(error)");
  tap_is (t3, passwd, "%s: .. cannot climb above the root", how);
  if (fd >= 0)
    close (fd);

  /* mkdir -p through a symlink that points "outside": created inside. */
  fd = lc_mkdir_in_root (rootfd, "/up/x/y", 0755);
  cleanup_free char *inside = xasprintf ("%s/outside/x/y", root);
  cleanup_free char *t4 = fd >= 0 ? target_of (fd) : xstrdup ("(error)");
  tap_is (t4, inside, "%s: mkdir through an escaping symlink stays inside", how);
  if (fd >= 0)
    close (fd);
  cleanup_free char *escaped = xasprintf ("%s/x", outside);
  struct stat st;
  tap_ok (stat (escaped, &st) < 0, "%s: nothing created outside the root", how);
  fd = lc_mkdir_in_root (rootfd, "a/b/c", 0700);
  cleanup_free char *abc = xasprintf ("%s/a/b/c", root);
  tap_ok (fd >= 0 && stat (abc, &st) == 0 && S_ISDIR (st.st_mode), "%s: mkdir -p", how);
  if (fd >= 0)
    close (fd);
  fd = lc_mkdir_in_root (rootfd, "etc/passwd/x", 0700);
  tap_ok (fd == -ENOTDIR || fd == -EEXIST, "%s: mkdir below a file fails (%d)", how, fd);
  if (fd >= 0)
    close (fd);
  close (rootfd);
  cleanup_free char *cmd = xasprintf ("rm -rf '%s'", dir);
  system (cmd);
  lc_path_force_fallback (false);
}

static void
test_clean (void)
{
  cleanup_free char *a = lc_path_clean ("//a/./b//c/");
  tap_is (a, "/a/b/c", "clean an absolute path");
  cleanup_free char *b = lc_path_clean ("./");
  tap_is (b, ".", "clean to .");
}

static void
test_atomic_write (void)
{
  char tmpl[] = "/tmp/husk-atomic-XXXXXX";
  char *dir = mkdtemp (tmpl);
  int dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  lc_error *err = NULL;
  tap_ok (lc_write_file_atomic (dfd, "f", "one", 3, 0600, &err) == 0, "atomic write");
  tap_ok (lc_write_file_atomic (dfd, "f", "two", 3, 0600, &err) == 0, "atomic overwrite");
  cleanup_free char *path = xasprintf ("%s/f", dir);
  char *buf = NULL;
  size_t len = 0;
  lc_read_file (path, 100, &buf, &len, &err);
  tap_is (buf, "two", "content replaced");
  free (buf);
  tap_ok (lc_read_file (path, 2, &buf, &len, &err) < 0 && err && strstr (err->msg, "larger than the limit"),
          "read_file enforces its limit");
  lc_error_clear (&err);
  struct stat st;
  stat (path, &st);
  tap_ok ((st.st_mode & 0777) == 0600, "mode kept");
  close (dfd);
  cleanup_free char *cmd = xasprintf ("rm -rf '%s'", dir);
  system (cmd);
}

/* Only regular files are read; anything else fails at once, naming the
   path and what it is (a FIFO without a writer would block open(2)). */
static void
test_read_regular (void)
{
  char tmpl[] = "/tmp/husk-read-XXXXXX";
  char *dir = mkdtemp (tmpl);
  cleanup_free char *fifo = xasprintf ("%s/fifo", dir);
  cleanup_free char *link = xasprintf ("%s/link", dir);
  cleanup_free char *file = xasprintf ("%s/file", dir);
  tap_ok (mkfifo (fifo, 0600) == 0 && symlink (fifo, link) == 0, "a FIFO and a symlink to it");
  char *buf = NULL;
  size_t len = 0;
  lc_error *err = NULL;
  cleanup_free char *want = xasprintf ("read \"%s\": not a regular file (a FIFO)", fifo);
  tap_ok (lc_read_file (fifo, 100, &buf, &len, &err) < 0, "a FIFO is refused, without blocking");
  tap_is (err ? err->msg : NULL, want, "the message names the FIFO");
  lc_error_clear (&err);
  cleanup_free char *want_link = xasprintf ("read \"%s\": not a regular file (a FIFO)", link);
  tap_ok (lc_read_file (link, 100, &buf, &len, &err) < 0, "a symlink to a FIFO is refused");
  tap_is (err ? err->msg : NULL, want_link, "the message names the path given");
  lc_error_clear (&err);
  tap_ok (lc_read_file ("/dev/null", 100, &buf, &len, &err) < 0, "a character device is refused");
  tap_is (err ? err->msg : NULL, "read \"/dev/null\": not a regular file (a character device)", "device message");
  lc_error_clear (&err);
  tap_ok (lc_read_file (dir, 100, &buf, &len, &err) < 0 && err && err->errnum == EISDIR, "a directory is refused");
  lc_error_clear (&err);
  int wfd = open (file, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  tap_ok (wfd >= 0 && write (wfd, "{}", 2) == 2, "a regular file");
  close (wfd);
  tap_ok (lc_read_file (file, 100, &buf, &len, &err) == 0 && len == 2 && strcmp (buf, "{}") == 0,
          "a regular file is read");
  free (buf);
  buf = NULL;
  /* The same checks on an fd the caller opened. */
  int fd = open (fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  tap_ok (fd >= 0 && lc_read_regular_fd (fd, "fifo", 100, &buf, &len, &err) < 0 && err
              && strcmp (err->msg, "read \"fifo\": not a regular file (a FIFO)") == 0,
          "lc_read_regular_fd refuses a FIFO (%s)", err ? err->msg : "");
  lc_error_clear (&err);
  close (fd);
  unlink (link);
  unlink (fifo);
  unlink (file);
  rmdir (dir);
}

/* Below /proc: openat2's strict resolution, or the walk that stands in for
   it, refuse the same things. */
static void
test_procfs (bool fallback)
{
  const char *how = fallback ? "walk" : "openat2";
  lc_path_force_fallback (fallback);
  int procfd = lc_procfs_open (NULL);
  tap_ok (procfd >= 0, "%s: open /proc", how);
  int fd = lc_procfs_openat (procfd, "sys/kernel/ostype", O_RDONLY);
  char buf[16] = "";
  tap_ok (fd >= 0 && read (fd, buf, sizeof buf - 1) > 0 && strncmp (buf, "Linux", 5) == 0, "%s: a sysctl file (%d)",
          how, fd);
  if (fd >= 0)
    close (fd);
  fd = lc_procfs_openat (procfd, "self/status", O_RDONLY);
  tap_ok (fd >= 0, "%s: self/status, through the one link followed (%d)", how, fd);
  if (fd >= 0)
    close (fd);
  tap_ok (lc_procfs_openat (procfd, "self/cwd/etc", O_RDONLY) == -ELOOP, "%s: no magic link in the middle", how);
  tap_ok (lc_procfs_openat (procfd, "self/exe", O_RDONLY) == -ELOOP, "%s: no magic link at the end", how);
  tap_ok (lc_procfs_openat (procfd, "mounts", O_RDONLY) == -ELOOP, "%s: no ordinary symlink", how);
  tap_ok (lc_procfs_openat (procfd, "../etc/passwd", O_RDONLY) == -EXDEV, "%s: no way out with ..", how);
  /* A bind mount over a proc file, in a mount namespace of our own: the
     CVE-2025-52881 redirection of a sysctl write. */
  pid_t pid = fork ();
  if (pid == 0)
    {
      if (unshare (CLONE_NEWNS) < 0 || mount (NULL, "/", NULL, MS_PRIVATE | MS_REC, NULL) < 0)
        _exit (77);
      if (mount ("/proc/sys/kernel/ostype", "/proc/sys/kernel/domainname", NULL, MS_BIND, NULL) < 0)
        _exit (78);
      int p = lc_procfs_open (NULL);
      _exit (p >= 0 && lc_procfs_openat (p, "sys/kernel/domainname", O_RDONLY) == -EXDEV ? 0 : 1);
    }
  int st = 0;
  waitpid (pid, &st, 0);
  if (WIFEXITED (st) && WEXITSTATUS (st) >= 77)
    tap_skip ("%s: a bind mount over a proc file: cannot make one here (%d)", how, WEXITSTATUS (st));
  else
    tap_ok (WIFEXITED (st) && WEXITSTATUS (st) == 0, "%s: a bind mount over a proc file is refused", how);
  if (procfd >= 0)
    close (procfd);
  lc_path_force_fallback (false);
}

static long
bpf (int cmd, union bpf_attr *a)
{
  return syscall (SYS_bpf, cmd, a, sizeof *a);
}

/* The ids of the device programs on cgroup fd cg (at most 128 here). */
static uint32_t
attached (int cg, uint32_t *ids)
{
  union bpf_attr q;
  memset (&q, 0, sizeof q);
  q.query.target_fd = (uint32_t) cg;
  q.query.attach_type = BPF_CGROUP_DEVICE;
  q.query.prog_ids = (uint64_t) (uintptr_t) ids;
  q.query.prog_cnt = 128;
  return bpf (BPF_PROG_QUERY, &q) < 0 ? UINT32_MAX : q.query.prog_cnt;
}

/* Attach one allow-all device program of our own to cg; its fd or -1. */
static int
attach_allow_all (int cg)
{
  struct bpf_insn p[] = { { .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 1 },
                          { .code = BPF_JMP | BPF_EXIT } };
  union bpf_attr l;
  memset (&l, 0, sizeof l);
  l.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  l.insns = (uint64_t) (uintptr_t) p;
  l.insn_cnt = 2;
  l.license = (uint64_t) (uintptr_t) "Apache";
  int fd = (int) bpf (BPF_PROG_LOAD, &l);
  union bpf_attr a;
  memset (&a, 0, sizeof a);
  a.target_fd = (uint32_t) cg;
  a.attach_bpf_fd = (uint32_t) fd;
  a.attach_type = BPF_CGROUP_DEVICE;
  a.attach_flags = BPF_F_ALLOW_MULTI;
  if (fd >= 0 && bpf (BPF_PROG_ATTACH, &a) < 0)
    {
      close (fd);
      fd = -1;
    }
  return fd;
}

/* A new device filter replaces every program on the cgroup, however many
   the kernel holds (64 per cgroup: with as many there, husk's cannot be
   added, and says so, changing nothing). */
static void
test_device_filters (void)
{
  const char *mnt = NULL;
  struct statfs sfs;
  if (statfs ("/sys/fs/cgroup", &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC)
    mnt = "/sys/fs/cgroup";
  else if (statfs ("/sys/fs/cgroup/unified", &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC)
    mnt = "/sys/fs/cgroup/unified";
  if (mnt == NULL || geteuid () != 0)
    {
      tap_skip ("device filters: needs root and a cgroup2 mount");
      return;
    }
  cleanup_free char *dir = xasprintf ("%s/husk-test-devices-%d", mnt, (int) getpid ());
  if (mkdir (dir, 0755) < 0)
    {
      tap_skip ("device filters: cannot make a cgroup in %s: %s", mnt, strerror (errno));
      return;
    }
  int cg = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  lc_error *err = NULL;
  uint32_t ids[128], before[128];
  tap_ok (lc_cgroup_v2_devices (dir, NULL, 0, &err) == 0 && attached (cg, ids) == 1, "device filters: the first one");
  lc_error_clear (&err);
  /* 62 others beside husk's: its next one makes 64, then stays alone. */
  int fds[63];
  size_t made = 0;
  while (made < 62 && (fds[made] = attach_allow_all (cg)) >= 0)
    made++;
  uint32_t nb = attached (cg, before);
  if (made < 62 || nb != 63)
    tap_skip ("device filters: cannot attach 62 programs here (%zu, %u)", made, nb);
  else
    {
      int r = lc_cgroup_v2_devices (dir, NULL, 0, &err);
      uint32_t na = attached (cg, ids);
      bool fresh = na == 1;
      for (uint32_t i = 0; fresh && i < nb; i++)
        fresh = before[i] != ids[0];
      tap_ok (r == 0 && fresh, "device filters: 63 there, husk's new one alone after (%u) %s", na,
              err ? err->msg : "");
      lc_error_clear (&err);
      /* 63 others and husk's: the kernel's most. */
      for (size_t i = 0; i < made; i++)
        close (fds[i]);
      made = 0;
      while (made < 63 && (fds[made] = attach_allow_all (cg)) >= 0)
        made++;
      nb = attached (cg, before);
      r = lc_cgroup_v2_devices (dir, NULL, 0, &err);
      cleanup_free char *want = xasprintf ("linux.resources.devices: \"%s\" has 64 device programs attached "
                                           "already, the most the kernel takes: husk's cannot be added",
                                           dir);
      tap_ok (nb == 64 && r < 0, "device filters: 64 there, the most the kernel takes: an error (%u)", nb);
      tap_is (err ? err->msg : NULL, want, "device filters: the message says why");
      tap_ok (attached (cg, ids) == 64, "device filters: and nothing was taken off");
      lc_error_clear (&err);
    }
  for (size_t i = 0; i < made; i++)
    close (fds[i]);
  close (cg);
  rmdir (dir);
}

/* runc's rule for "are we in a user namespace": the first uid_map line. */
static void
test_userns_line (void)
{
  tap_ok (!lc_uid_map_line_in_user_namespace ("         0          0 4294967295\n"), "the host's map: not a userns");
  tap_ok (lc_uid_map_line_in_user_namespace ("         0       1000          1\n"), "root mapped to 1000: a userns");
  tap_ok (lc_uid_map_line_in_user_namespace ("0 0 4294967294\n"), "not all ids: a userns");
  tap_ok (lc_uid_map_line_in_user_namespace (""), "no map written yet: a userns");
  tap_ok (!lc_uid_map_line_in_user_namespace ("garbage\n"), "an unreadable line: not a userns (runc's rule)");
  tap_ok (!lc_uid_map_line_in_user_namespace ("0 0 4294967295 7\n"), "four numbers: not a userns");
}

/* /proc/<pid>/stat: comm may hold spaces and ')' (a process can name
   itself anything), so the fields are found after its last ')'. */
static void
test_proc_stat (void)
{
  /* Fields 4 to 21, then the start time (22) and two more. */
  const char *rest = "1 1 1 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0";
  char st = 0;
  unsigned long long start = 0;
  cleanup_free char *plain = xasprintf ("42 (sh) S %s 12345 8192 100\n", rest);
  tap_ok (lc_parse_proc_stat (plain, &st, &start) == 0 && st == 'S' && start == 12345, "stat: state and start time");
  cleanup_free char *odd = xasprintf ("42 (a) Z 9 (b c)) R %s 777 8192 100\n", rest);
  tap_ok (lc_parse_proc_stat (odd, &st, &start) == 0 && st == 'R' && start == 777,
          "stat: comm with spaces, parentheses and a fake state");
  cleanup_free char *zombie = xasprintf ("7 (x) Z %s 5\n", rest);
  tap_ok (lc_parse_proc_stat (zombie, &st, &start) == 0 && st == 'Z' && start == 5, "stat: a zombie, the last field");
  st = '?';
  start = 1;
  tap_ok (lc_parse_proc_stat ("42 (sh) S 1 1", &st, &start) == -EINVAL && st == '?' && start == 1,
          "stat: too few fields, nothing written");
  tap_ok (lc_parse_proc_stat ("42 sh S 1", &st, &start) == -EINVAL, "stat: no comm");
  tap_ok (lc_parse_proc_stat ("42 (sh)", &st, &start) == -EINVAL, "stat: nothing after comm");
  cleanup_free char *bad = xasprintf ("42 (sh) S %s x12 8192\n", rest);
  tap_ok (lc_parse_proc_stat (bad, &st, &start) == -EINVAL, "stat: a start time that is not a number");
  char *self = NULL;
  size_t len = 0;
  st = 0;
  tap_ok (lc_read_file ("/proc/self/stat", 4096, &self, &len, NULL) == 0 && lc_parse_proc_stat (self, &st, &start) == 0
              && st == 'R' && start > 0,
          "stat: /proc/self/stat (running, started after boot)");
  free (self);
}

int
main (void)
{
  test_parse_numbers ();
  test_proc_stat ();
  test_fd_passing ();
  test_close_fds ();
  test_clean ();
  test_paths (false);
  test_paths (true);
  test_procfs (false);
  test_procfs (true);
  test_device_filters ();
  test_atomic_write ();
  test_read_regular ();
  test_userns_line ();
  return tap_done ();
}
