/* husk - resolution of paths inside a root filesystem, see path.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "log.h"
#include "path.h"

static bool force_fallback;
/* openat2 is there: unknown until the first probe, then what it said.  A
   kernel before 5.6 lacks it, and so does a seccomp sandbox that answers
   ENOSYS (or EPERM, a profile that predates it) to it. */
static enum { OPENAT2_UNKNOWN, OPENAT2_YES, OPENAT2_NO } have_openat2;

void
lc_path_force_fallback (bool on)
{
  force_fallback = on;
}

char *
lc_path_clean (const char *path)
{
  size_t n = strlen (path);
  char *out = xmalloc (n + 2);
  size_t o = 0;
  bool abs = path[0] == '/';
  if (abs)
    out[o++] = '/';
  for (const char *p = path; *p;)
    {
      while (*p == '/')
        p++;
      const char *e = strchrnul (p, '/');
      size_t l = (size_t) (e - p);
      if (l == 0 || (l == 1 && p[0] == '.'))
        {
          p = e;
          continue;
        }
      if (o > (abs ? 1u : 0u))
        out[o++] = '/';
      memcpy (out + o, p, l);
      o += l;
      p = e;
    }
  if (o == 0)
    out[o++] = '.';
  out[o] = '\0';
  return out;
}

static int
try_openat2 (int rootfd, const char *path, int flags, mode_t mode)
{
  struct open_how how = {
    .flags = (uint64_t) (flags | O_CLOEXEC),
    .mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0,
    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
  };
  int fd;
  do
    fd = (int) syscall (SYS_openat2, rootfd, path, &how, sizeof how);
  while (fd < 0 && errno == EAGAIN); /* a concurrent rename: retry, as the man page says */
  return fd < 0 ? -errno : fd;
}

bool
lc_openat2_available (void)
{
  if (force_fallback)
    return false;
  if (have_openat2 == OPENAT2_UNKNOWN)
    {
      /* An O_PATH open of "/" cannot fail for want of permission: any
         error but ENOSYS or EPERM means the call is there. */
      struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_NO_MAGICLINKS };
      int fd = (int) syscall (SYS_openat2, AT_FDCWD, "/", &how, sizeof how);
      int e = errno;
      if (fd >= 0)
        close (fd);
      have_openat2 = fd < 0 && (e == ENOSYS || e == EPERM) ? OPENAT2_NO : OPENAT2_YES;
      if (have_openat2 == OPENAT2_NO)
        lc_debug ("openat2: %s: paths in the rootfs and under /proc are resolved one component at a time with "
                  "O_NOFOLLOW instead",
                  strerror (e));
    }
  return have_openat2 == OPENAT2_YES;
}

void
lc_openat2_set_unavailable (void)
{
  have_openat2 = OPENAT2_NO;
}

/* The fallback: walk one component at a time from a stack of directory fds
   so that ".." never climbs above the root, and follow symlinks by hand,
   restarting absolute ones at the root.  At most 40 links, as the kernel. */
struct walk
{
  int root;
  int stack[PATH_MAX / 2];
  size_t depth; /* stack[depth-1] is the current directory; 0 means root */
  int links;
};

static int
cur (struct walk *w)
{
  return w->depth ? w->stack[w->depth - 1] : w->root;
}

static void
walk_reset (struct walk *w)
{
  while (w->depth)
    close (w->stack[--w->depth]);
}

static int walk_path (struct walk *w, const char *path, int last_flags, mode_t mode, bool mkdirs);

static int
step (struct walk *w, const char *name, bool last, int last_flags, mode_t mode, bool mkdirs)
{
  if (strcmp (name, "..") == 0)
    {
      if (w->depth)
        close (w->stack[--w->depth]);
      return last ? fcntl (cur (w), F_DUPFD_CLOEXEC, 3) : 0;
    }
  if (mkdirs && mkdirat (cur (w), name, mode) < 0 && errno != EEXIST)
    return -errno;
  int flags = last ? (last_flags | O_NOFOLLOW) : (O_PATH | O_DIRECTORY | O_NOFOLLOW);
  int fd = openat (cur (w), name, flags | O_CLOEXEC, mode);
  struct stat st;
  /* O_PATH|O_NOFOLLOW opens a symlink itself instead of failing: treat it as
     the link it is. */
  if (fd >= 0 && (flags & O_PATH) && fstat (fd, &st) == 0 && S_ISLNK (st.st_mode))
    {
      close (fd);
      fd = -1;
      errno = ELOOP;
    }
  if (fd < 0 && (errno == ELOOP || errno == ENOTDIR || errno == EMLINK))
    {
      /* Maybe a symlink: read it and resolve its target inside the root. */
      char target[PATH_MAX];
      ssize_t n = readlinkat (cur (w), name, target, sizeof target - 1);
      if (n < 0)
        return -(errno == EINVAL ? ENOTDIR : errno);
      target[n] = '\0';
      if (++w->links > 40)
        return -ELOOP;
      if (target[0] == '/')
        walk_reset (w);
      return walk_path (w, target, last ? last_flags : (O_PATH | O_DIRECTORY), mode, mkdirs && !last);
    }
  if (fd < 0)
    return -errno;
  if (last)
    return fd;
  if (w->depth >= LC_ARRAY_SIZE (w->stack))
    {
      close (fd);
      return -ENAMETOOLONG;
    }
  w->stack[w->depth++] = fd;
  return 0;
}

/* Walk path from the current directory; returns the final fd (>= 0). */
static int
walk_path (struct walk *w, const char *path, int last_flags, mode_t mode, bool mkdirs)
{
  cleanup_free char *clean = lc_path_clean (path);
  char *p = clean;
  while (*p == '/')
    p++;
  if (*p == '\0' || strcmp (p, ".") == 0)
    {
      int fd = fcntl (cur (w), F_DUPFD_CLOEXEC, 3);
      return fd < 0 ? -errno : fd;
    }
  for (;;)
    {
      char *slash = strchr (p, '/');
      bool last = slash == NULL;
      if (slash)
        *slash = '\0';
      int r = step (w, p, last, last_flags, mode, mkdirs);
      if (r < 0 || last)
        return r;
      if (r > 0) /* a symlink in the middle resolved to a directory fd */
        {
          if (w->depth >= LC_ARRAY_SIZE (w->stack))
            {
              close (r);
              return -ENAMETOOLONG;
            }
          w->stack[w->depth++] = r;
        }
      p = slash + 1;
    }
}

static int
fallback_open (int rootfd, const char *path, int flags, mode_t mode, bool mkdirs)
{
  /* Not `= { ... }`: that zeroes the 8 KiB fd stack on every call (most of
     the init's instructions with many mounts); only stack[0..depth) is
     ever read. */
  struct walk w;
  w.root = rootfd;
  w.depth = 0;
  w.links = 0;
  int r = walk_path (&w, path, flags, mode, mkdirs);
  walk_reset (&w);
  return r;
}

int
lc_open_in_root (int rootfd, const char *path, int flags, mode_t mode)
{
  if (lc_openat2_available ())
    {
      int fd = try_openat2 (rootfd, path, flags, mode);
      if (fd != -ENOSYS)
        return fd;
      have_openat2 = OPENAT2_NO;
    }
  return fallback_open (rootfd, path, flags | O_CLOEXEC, mode, false);
}

int
lc_mkdir_in_root (int rootfd, const char *path, mode_t mode)
{
  /* One code path with or without openat2: the walk creates each missing
     component with mkdirat in the directory fd it resolved, following
     symlinks (also dangling ones, whose targets get created) inside the root. */
  return fallback_open (rootfd, path, O_PATH | O_DIRECTORY, mode, true);
}
