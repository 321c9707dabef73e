/* husk - reading a mount's options, see mount-options.h. */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "mount-options.h"

/* Older headers: the values are the kernel's (Linux 5.10 and 5.14). */
#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif
#ifndef MOUNT_ATTR_NOSYMFOLLOW
#define MOUNT_ATTR_NOSYMFOLLOW 0x00200000
#endif

enum option_kind
{
  KIND_FLAG,        /* a mount(2) flag, and its mount_setattr(2) attribute for a per-mount flag */
  KIND_RECURSIVE,   /* an r* option: an attribute for the whole tree (mount_setattr AT_RECURSIVE) */
  KIND_PROPAGATION, /* the propagation type */
  KIND_OWN,         /* an option husk carries out itself, never passed to the filesystem */
  KIND_DATA,        /* a filesystem option, known by name only to say so: passed on as data, not advertised */
};

/* Every mount option husk knows: what the parser reads, what `features`
   lists (all but KIND_DATA) and the propagation names of error messages.
   attr is 0 for superblock flags, which only a new filesystem takes; atime
   marks the atime mode, one field of several values. */
static const struct option
{
  const char *name;
  enum option_kind kind;
  bool clear;         /* the flag or attribute is cleared rather than set */
  unsigned long flag; /* KIND_FLAG: mount(2) flags; KIND_PROPAGATION: MS_SHARED, ... | MS_REC */
  uint64_t attr;
  bool atime;
  enum lc_propagation propagation; /* KIND_PROPAGATION: the same name's linux.rootfsPropagation */
  size_t own;                      /* KIND_OWN: offset of its bool in struct lc_mount_options */
} options[] = {
#define FLAG(name, clear, flag, attr) { name, KIND_FLAG, clear, flag, attr, false, 0, 0 }
#define ATIME(name, clear, flag, attr) { name, KIND_FLAG, clear, flag, attr, true, 0, 0 }
#define REC(name, clear, attr) { name, KIND_RECURSIVE, clear, 0, attr, false, 0, 0 }
#define REC_ATIME(name, attr) { name, KIND_RECURSIVE, false, 0, attr, true, 0, 0 }
#define PROPAGATION(name, flag, p) { name, KIND_PROPAGATION, false, flag, 0, false, p, 0 }
#define OWN(name, field) { name, KIND_OWN, false, 0, 0, false, 0, offsetof (struct lc_mount_options, field) }
#define DATA(name) { name, KIND_DATA, false, 0, 0, false, 0, 0 }
  FLAG ("defaults", false, 0, 0),
  FLAG ("ro", false, MS_RDONLY, MOUNT_ATTR_RDONLY),
  FLAG ("rw", true, MS_RDONLY, MOUNT_ATTR_RDONLY),
  FLAG ("suid", true, MS_NOSUID, MOUNT_ATTR_NOSUID),
  FLAG ("nosuid", false, MS_NOSUID, MOUNT_ATTR_NOSUID),
  FLAG ("dev", true, MS_NODEV, MOUNT_ATTR_NODEV),
  FLAG ("nodev", false, MS_NODEV, MOUNT_ATTR_NODEV),
  FLAG ("exec", true, MS_NOEXEC, MOUNT_ATTR_NOEXEC),
  FLAG ("noexec", false, MS_NOEXEC, MOUNT_ATTR_NOEXEC),
  FLAG ("sync", false, MS_SYNCHRONOUS, 0),
  FLAG ("async", true, MS_SYNCHRONOUS, 0),
  FLAG ("dirsync", false, MS_DIRSYNC, 0),
  FLAG ("remount", false, MS_REMOUNT, 0),
  FLAG ("mand", false, MS_MANDLOCK, 0),
  FLAG ("nomand", true, MS_MANDLOCK, 0),
  /* atime clears noatime, which leaves the kernel's default, relatime. */
  ATIME ("atime", true, MS_NOATIME, MOUNT_ATTR_RELATIME),
  ATIME ("noatime", false, MS_NOATIME, MOUNT_ATTR_NOATIME),
  FLAG ("diratime", true, MS_NODIRATIME, MOUNT_ATTR_NODIRATIME),
  FLAG ("nodiratime", false, MS_NODIRATIME, MOUNT_ATTR_NODIRATIME),
  FLAG ("bind", false, MS_BIND, 0),
  FLAG ("rbind", false, MS_BIND | MS_REC, 0),
  ATIME ("relatime", false, MS_RELATIME, MOUNT_ATTR_RELATIME),
  ATIME ("norelatime", true, MS_RELATIME, MOUNT_ATTR_STRICTATIME),
  ATIME ("strictatime", false, MS_STRICTATIME, MOUNT_ATTR_STRICTATIME),
  ATIME ("nostrictatime", true, MS_STRICTATIME, MOUNT_ATTR_RELATIME),
  FLAG ("silent", false, MS_SILENT, 0),
  FLAG ("loud", true, MS_SILENT, 0),
  FLAG ("iversion", false, MS_I_VERSION, 0),
  FLAG ("noiversion", true, MS_I_VERSION, 0),
  FLAG ("lazytime", false, MS_LAZYTIME, 0),
  FLAG ("nolazytime", true, MS_LAZYTIME, 0),
  FLAG ("nosymfollow", false, MS_NOSYMFOLLOW, MOUNT_ATTR_NOSYMFOLLOW),
  FLAG ("symfollow", true, MS_NOSYMFOLLOW, MOUNT_ATTR_NOSYMFOLLOW),
  /* In the order of enum lc_propagation. */
  PROPAGATION ("private", MS_PRIVATE, LC_PROPAGATION_PRIVATE),
  PROPAGATION ("rprivate", MS_PRIVATE | MS_REC, LC_PROPAGATION_RPRIVATE),
  PROPAGATION ("shared", MS_SHARED, LC_PROPAGATION_SHARED),
  PROPAGATION ("rshared", MS_SHARED | MS_REC, LC_PROPAGATION_RSHARED),
  PROPAGATION ("slave", MS_SLAVE, LC_PROPAGATION_SLAVE),
  PROPAGATION ("rslave", MS_SLAVE | MS_REC, LC_PROPAGATION_RSLAVE),
  PROPAGATION ("unbindable", MS_UNBINDABLE, LC_PROPAGATION_UNBINDABLE),
  PROPAGATION ("runbindable", MS_UNBINDABLE | MS_REC, LC_PROPAGATION_RUNBINDABLE),
  /* Recursive options (r*), applied with mount_setattr(AT_RECURSIVE) to
     the whole mount tree, where mount(2) flags would reach only the top
     mount. */
  REC ("rro", false, MOUNT_ATTR_RDONLY),
  REC ("rrw", true, MOUNT_ATTR_RDONLY),
  REC ("rnosuid", false, MOUNT_ATTR_NOSUID),
  REC ("rsuid", true, MOUNT_ATTR_NOSUID),
  REC ("rnodev", false, MOUNT_ATTR_NODEV),
  REC ("rdev", true, MOUNT_ATTR_NODEV),
  REC ("rnoexec", false, MOUNT_ATTR_NOEXEC),
  REC ("rexec", true, MOUNT_ATTR_NOEXEC),
  REC ("rnodiratime", false, MOUNT_ATTR_NODIRATIME),
  REC ("rdiratime", true, MOUNT_ATTR_NODIRATIME),
  REC_ATIME ("rnoatime", MOUNT_ATTR_NOATIME),
  REC_ATIME ("ratime", MOUNT_ATTR_RELATIME),
  REC_ATIME ("rrelatime", MOUNT_ATTR_RELATIME),
  REC_ATIME ("rnorelatime", MOUNT_ATTR_STRICTATIME),
  REC_ATIME ("rstrictatime", MOUNT_ATTR_STRICTATIME),
  REC_ATIME ("rnostrictatime", MOUNT_ATTR_RELATIME),
  REC ("rnosymfollow", false, MOUNT_ATTR_NOSYMFOLLOW),
  REC ("rsymfollow", true, MOUNT_ATTR_NOSYMFOLLOW),
  OWN ("tmpcopyup", tmpcopyup),
  OWN ("idmap", idmap),
  OWN ("ridmap", ridmap),
  /* POSIX ACLs are the filesystem's own option (ext4 and btrfs, for
     example, parse "acl" and "noacl" and set the kernel's MS_POSIXACL
     themselves when they support them; a flag forced from outside would
     make the kernel skip the umask on a filesystem without ACLs): passed
     on as data, as runc (its issue 3738) and crun do, and not advertised
     as husk's. */
  DATA ("acl"),
  DATA ("noacl"),
#undef FLAG
#undef ATIME
#undef REC
#undef REC_ATIME
#undef PROPAGATION
#undef OWN
#undef DATA
};

static const struct option *
find (const char *name)
{
  for (size_t k = 0; k < LC_ARRAY_SIZE (options); k++)
    if (strcmp (name, options[k].name) == 0)
      return &options[k];
  return NULL;
}

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

/* Whether o is one of husk's own options (taken into m), rather than one
   for the filesystem. */
static bool
take_option (const char *o, struct lc_mount_options *m)
{
  const struct option *opt = find (o);
  if (opt == NULL)
    return false;
  switch (opt->kind)
    {
    case KIND_FLAG:
      if (opt->clear)
        m->flags &= ~opt->flag;
      else
        m->flags |= opt->flag;
      if (opt->attr || opt->atime)
        add_attr (&m->attr, opt->attr, opt->clear, opt->atime);
      return true;
    case KIND_RECURSIVE:
      add_attr (&m->rec, opt->attr, opt->clear, opt->atime);
      return true;
    case KIND_PROPAGATION:
      m->propagation = opt->flag;
      return true;
    case KIND_OWN:
      *(bool *) ((char *) m + opt->own) = true;
      return true;
    case KIND_DATA:
      break;
    }
  return false;
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
      if (take_option (o, m))
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

static int
cmp_names (const void *a, const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

const char **
lc_mount_option_names (void)
{
  const char **names = xcalloc (LC_ARRAY_SIZE (options) + 1, sizeof (char *));
  size_t n = 0;
  for (size_t k = 0; k < LC_ARRAY_SIZE (options); k++)
    if (options[k].kind != KIND_DATA)
      names[n++] = options[k].name;
  qsort (names, n, sizeof (char *), cmp_names);
  return names;
}

unsigned long
lc_mount_propagation_flags (enum lc_propagation p)
{
  for (size_t k = 0; p != LC_PROPAGATION_DEFAULT && k < LC_ARRAY_SIZE (options); k++)
    if (options[k].kind == KIND_PROPAGATION && options[k].propagation == p)
      return options[k].flag;
  return 0;
}

const char *
lc_mount_propagation_name (unsigned long flags)
{
  for (size_t k = 0; k < LC_ARRAY_SIZE (options); k++)
    if (options[k].kind == KIND_PROPAGATION && options[k].flag == flags)
      return options[k].name;
  return NULL;
}
