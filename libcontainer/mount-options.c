/* husk - reading a mount's options, see mount-options.h. */
#include "config.h"

#include <string.h>

#include "mount-options.h"

/* Flags of mount(2).  attr is the same flag for mount_setattr(2) when it is
   a per-mount flag (0 for superblock flags, which only a new filesystem
   takes); atime is true for the atime mode, one field of several values. */
static const struct
{
  const char *name;
  bool clear;
  unsigned long flag;
  uint64_t attr;
  bool atime;
} mount_flags[] = {
  { "defaults", false, 0, 0, false },
  { "ro", false, MS_RDONLY, MOUNT_ATTR_RDONLY, false },
  { "rw", true, MS_RDONLY, MOUNT_ATTR_RDONLY, false },
  { "suid", true, MS_NOSUID, MOUNT_ATTR_NOSUID, false },
  { "nosuid", false, MS_NOSUID, MOUNT_ATTR_NOSUID, false },
  { "dev", true, MS_NODEV, MOUNT_ATTR_NODEV, false },
  { "nodev", false, MS_NODEV, MOUNT_ATTR_NODEV, false },
  { "exec", true, MS_NOEXEC, MOUNT_ATTR_NOEXEC, false },
  { "noexec", false, MS_NOEXEC, MOUNT_ATTR_NOEXEC, false },
  { "sync", false, MS_SYNCHRONOUS, 0, false },
  { "async", true, MS_SYNCHRONOUS, 0, false },
  { "dirsync", false, MS_DIRSYNC, 0, false },
  { "remount", false, MS_REMOUNT, 0, false },
  { "mand", false, MS_MANDLOCK, 0, false },
  { "nomand", true, MS_MANDLOCK, 0, false },
  /* atime clears noatime, which leaves the kernel's default, relatime. */
  { "atime", true, MS_NOATIME, MOUNT_ATTR_RELATIME, true },
  { "noatime", false, MS_NOATIME, MOUNT_ATTR_NOATIME, true },
  { "diratime", true, MS_NODIRATIME, MOUNT_ATTR_NODIRATIME, false },
  { "nodiratime", false, MS_NODIRATIME, MOUNT_ATTR_NODIRATIME, false },
  { "bind", false, MS_BIND, 0, false },
  { "rbind", false, MS_BIND | MS_REC, 0, false },
  { "relatime", false, MS_RELATIME, MOUNT_ATTR_RELATIME, true },
  { "norelatime", true, MS_RELATIME, MOUNT_ATTR_STRICTATIME, true },
  { "strictatime", false, MS_STRICTATIME, MOUNT_ATTR_STRICTATIME, true },
  { "nostrictatime", true, MS_STRICTATIME, MOUNT_ATTR_RELATIME, true },
  { "silent", false, MS_SILENT, 0, false },
  { "loud", true, MS_SILENT, 0, false },
  { "iversion", false, MS_I_VERSION, 0, false },
  { "noiversion", true, MS_I_VERSION, 0, false },
  { "lazytime", false, MS_LAZYTIME, 0, false },
  { "nolazytime", true, MS_LAZYTIME, 0, false },
#ifdef MS_NOSYMFOLLOW
  { "nosymfollow", false, MS_NOSYMFOLLOW, MOUNT_ATTR_NOSYMFOLLOW, false },
  { "symfollow", true, MS_NOSYMFOLLOW, MOUNT_ATTR_NOSYMFOLLOW, false },
#endif
};

static const struct
{
  const char *name;
  unsigned long flag;
} propagation_flags[] = {
  { "private", MS_PRIVATE },     { "rprivate", MS_PRIVATE | MS_REC },       { "shared", MS_SHARED },
  { "rshared", MS_SHARED | MS_REC }, { "slave", MS_SLAVE },                 { "rslave", MS_SLAVE | MS_REC },
  { "unbindable", MS_UNBINDABLE }, { "runbindable", MS_UNBINDABLE | MS_REC },
};

/* Recursive options (r*), applied with mount_setattr(AT_RECURSIVE) to the
   whole mount tree, where mount(2) flags would reach only the top mount. */
static const struct
{
  const char *name;
  bool clear;
  uint64_t attr;
  bool atime;
} recursive_flags[] = {
  { "rro", false, MOUNT_ATTR_RDONLY, false },
  { "rrw", true, MOUNT_ATTR_RDONLY, false },
  { "rnosuid", false, MOUNT_ATTR_NOSUID, false },
  { "rsuid", true, MOUNT_ATTR_NOSUID, false },
  { "rnodev", false, MOUNT_ATTR_NODEV, false },
  { "rdev", true, MOUNT_ATTR_NODEV, false },
  { "rnoexec", false, MOUNT_ATTR_NOEXEC, false },
  { "rexec", true, MOUNT_ATTR_NOEXEC, false },
  { "rnodiratime", false, MOUNT_ATTR_NODIRATIME, false },
  { "rdiratime", true, MOUNT_ATTR_NODIRATIME, false },
  { "rnoatime", false, MOUNT_ATTR_NOATIME, true },
  { "ratime", false, MOUNT_ATTR_RELATIME, true },
  { "rrelatime", false, MOUNT_ATTR_RELATIME, true },
  { "rnorelatime", false, MOUNT_ATTR_STRICTATIME, true },
  { "rstrictatime", false, MOUNT_ATTR_STRICTATIME, true },
  { "rnostrictatime", false, MOUNT_ATTR_RELATIME, true },
#ifdef MOUNT_ATTR_NOSYMFOLLOW
  { "rnosymfollow", false, MOUNT_ATTR_NOSYMFOLLOW, false },
  { "rsymfollow", true, MOUNT_ATTR_NOSYMFOLLOW, false },
#endif
};

/* One option into a set of attributes: a flag is set or cleared (and no
   longer the other); the atime mode replaces the previous one. */
static void
add_attr (struct mount_attr *a, uint64_t attr, bool clear, bool atime)
{
  if (atime)
    {
      a->attr_clr |= MOUNT_ATTR__ATIME;
      a->attr_set = (a->attr_set & ~(uint64_t) MOUNT_ATTR__ATIME) | attr;
    }
  else if (clear)
    {
      a->attr_clr |= attr;
      a->attr_set &= ~attr;
    }
  else
    {
      a->attr_set |= attr;
      a->attr_clr &= ~attr;
    }
}

static bool
take_flag (const char *o, struct lc_mount_options *m)
{
  for (size_t k = 0; k < LC_ARRAY_SIZE (mount_flags); k++)
    if (strcmp (o, mount_flags[k].name) == 0)
      {
        if (mount_flags[k].clear)
          m->flags &= ~mount_flags[k].flag;
        else
          m->flags |= mount_flags[k].flag;
        if (mount_flags[k].attr || mount_flags[k].atime)
          add_attr (&m->attr, mount_flags[k].attr, mount_flags[k].clear, mount_flags[k].atime);
        return true;
      }
  for (size_t k = 0; k < LC_ARRAY_SIZE (propagation_flags); k++)
    if (strcmp (o, propagation_flags[k].name) == 0)
      {
        m->propagation = propagation_flags[k].flag;
        return true;
      }
  for (size_t k = 0; k < LC_ARRAY_SIZE (recursive_flags); k++)
    if (strcmp (o, recursive_flags[k].name) == 0)
      {
        add_attr (&m->rec, recursive_flags[k].attr, recursive_flags[k].clear, recursive_flags[k].atime);
        return true;
      }
  /* Options husk handles itself, never passed to the filesystem. */
  bool *own = strcmp (o, "tmpcopyup") == 0 ? &m->tmpcopyup
              : strcmp (o, "idmap") == 0   ? &m->idmap
              : strcmp (o, "ridmap") == 0  ? &m->ridmap
                                           : NULL;
  if (own)
    *own = true;
  return own != NULL;
}

void
lc_mount_options_parse (char *const *opts, size_t n, struct lc_mount_options *m)
{
  memset (m, 0, sizeof *m);
  size_t len = 0;
  char *d = xcalloc (1, 1);
  for (size_t i = 0; i < n; i++)
    {
      const char *o = opts[i];
      if (take_flag (o, m))
        continue;
      /* Filesystem options (mode=755, size=64k, ...) go to the data string. */
      size_t l = strlen (o);
      d = xrealloc (d, len + l + 2);
      if (len)
        d[len++] = ',';
      memcpy (d + len, o, l + 1);
      len += l;
    }
  m->data = d;
}

void
lc_mount_options_free (struct lc_mount_options *m)
{
  free (m->data);
  m->data = NULL;
}
