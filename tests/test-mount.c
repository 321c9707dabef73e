/* Unit tests of mount option parsing (config.json mounts[].options, read by
 * lc_mount_options_parse): flags set and cleared, the r* options, the atime
 * mode, propagation, husk's own options, what goes to the filesystem as
 * data; the list `features` advertises, from the same table; and
 * linux.rootfsPropagation, whose names are the propagation options'. */
#include "config.h"

#include <string.h>
#include <sys/mount.h>

#include "libcontainer/mount-options.h"
#include "libcontainer/spec.h"
#include "libcontainer/util/util.h"
#include "tap.h"

/* Parse a NULL-terminated list. */
static void
parse (struct lc_mount_options *o, const char *const *list)
{
  size_t n = 0;
  while (list[n])
    n++;
  lc_mount_options_parse ((char *const *) list, n, o);
}

#define PARSE(o, ...) parse (o, (const char *const[]){ __VA_ARGS__, NULL })

static void
test_flags (void)
{
  struct lc_mount_options o;
  PARSE (&o, "ro", "nosuid", "nodev", "noexec");
  tap_ok (o.flags == (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC), "ro,nosuid,nodev,noexec: the mount(2) flags");
  tap_ok (o.attr.attr_set == (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)
              && o.attr.attr_clr == 0,
          "... and the same as attributes to set");
  tap_ok (o.rec.attr_set == 0 && o.rec.attr_clr == 0 && o.propagation == 0, "... nothing recursive, no propagation");
  tap_is (o.data, "", "... and no data (never NULL)");
  lc_mount_options_free (&o);

  PARSE (&o, "defaults");
  tap_ok (o.flags == 0 && o.attr.attr_set == 0 && o.attr.attr_clr == 0 && *o.data == '\0', "defaults: nothing");
  lc_mount_options_free (&o);

  PARSE (&o, "sync", "dirsync", "mand", "lazytime", "iversion", "silent", "remount");
  tap_ok (o.flags == (MS_SYNCHRONOUS | MS_DIRSYNC | MS_MANDLOCK | MS_LAZYTIME | MS_I_VERSION | MS_SILENT | MS_REMOUNT),
          "superblock flags and remount");
  tap_ok (o.attr.attr_set == 0 && o.attr.attr_clr == 0, "... have no per-mount attribute");
  lc_mount_options_free (&o);

  PARSE (&o, "bind");
  tap_ok (o.flags == MS_BIND, "bind");
  lc_mount_options_free (&o);
  PARSE (&o, "rbind");
  tap_ok (o.flags == (MS_BIND | MS_REC), "rbind: MS_BIND | MS_REC");
  lc_mount_options_free (&o);

  PARSE (&o, "nosymfollow");
  tap_ok (o.flags == MS_NOSYMFOLLOW && o.attr.attr_set == MOUNT_ATTR_NOSYMFOLLOW, "nosymfollow");
  lc_mount_options_free (&o);
}

static void
test_clear_flags (void)
{
  struct lc_mount_options o;
  PARSE (&o, "rw", "suid", "dev", "exec");
  tap_ok (o.flags == 0, "rw,suid,dev,exec: no flag");
  tap_ok (o.attr.attr_clr == (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)
              && o.attr.attr_set == 0,
          "... the attributes cleared");
  lc_mount_options_free (&o);

  PARSE (&o, "ro", "nosuid", "rw");
  tap_ok (o.flags == MS_NOSUID, "ro then rw: the later wins (flags)");
  tap_ok (o.attr.attr_set == MOUNT_ATTR_NOSUID && o.attr.attr_clr == MOUNT_ATTR_RDONLY, "... and attributes");
  lc_mount_options_free (&o);

  PARSE (&o, "rw", "ro");
  tap_ok (o.flags == MS_RDONLY && o.attr.attr_set == MOUNT_ATTR_RDONLY && o.attr.attr_clr == 0, "rw then ro");
  lc_mount_options_free (&o);

  PARSE (&o, "sync", "async", "nolazytime", "noiversion", "loud", "nomand", "symfollow");
  tap_ok (o.flags == 0, "async, nolazytime, noiversion, loud, nomand, symfollow clear their flags");
  tap_ok (o.attr.attr_clr == MOUNT_ATTR_NOSYMFOLLOW, "... symfollow as an attribute too");
  lc_mount_options_free (&o);
}

static void
test_atime (void)
{
  struct lc_mount_options o;
  PARSE (&o, "noatime");
  tap_ok (o.attr.attr_set == MOUNT_ATTR_NOATIME && o.attr.attr_clr == MOUNT_ATTR__ATIME, "noatime: the atime field");
  lc_mount_options_free (&o);

  PARSE (&o, "noatime", "strictatime");
  tap_ok (o.attr.attr_set == MOUNT_ATTR_STRICTATIME && o.attr.attr_clr == MOUNT_ATTR__ATIME,
          "noatime then strictatime: one value, the later");
  lc_mount_options_free (&o);

  PARSE (&o, "atime");
  tap_ok (o.attr.attr_set == MOUNT_ATTR_RELATIME && (o.attr.attr_clr & MOUNT_ATTR__ATIME) && o.flags == 0,
          "atime: the kernel's default, relatime");
  lc_mount_options_free (&o);

  PARSE (&o, "nodiratime", "diratime");
  tap_ok (o.attr.attr_set == 0 && o.attr.attr_clr == MOUNT_ATTR_NODIRATIME && o.flags == 0, "nodiratime then diratime");
  lc_mount_options_free (&o);
}

static void
test_recursive (void)
{
  struct lc_mount_options o;
  PARSE (&o, "rbind", "rro", "rnosuid", "rnodev", "rnoexec");
  tap_ok (o.rec.attr_set == (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)
              && o.rec.attr_clr == 0,
          "rro,rnosuid,rnodev,rnoexec: recursive attributes");
  tap_ok (o.attr.attr_set == 0 && o.attr.attr_clr == 0 && o.flags == (MS_BIND | MS_REC),
          "... not the mount's own flags");
  lc_mount_options_free (&o);

  PARSE (&o, "rro", "rrw", "rsuid", "rdev", "rexec", "rdiratime");
  tap_ok (o.rec.attr_set == 0
              && o.rec.attr_clr
                     == (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC
                         | MOUNT_ATTR_NODIRATIME),
          "rrw,rsuid,rdev,rexec,rdiratime clear recursively (the later wins)");
  lc_mount_options_free (&o);

  PARSE (&o, "rnoatime", "rstrictatime");
  tap_ok (o.rec.attr_set == MOUNT_ATTR_STRICTATIME && o.rec.attr_clr == MOUNT_ATTR__ATIME,
          "rnoatime then rstrictatime: one recursive atime value");
  lc_mount_options_free (&o);

  PARSE (&o, "rnosymfollow");
  tap_ok (o.rec.attr_set == MOUNT_ATTR_NOSYMFOLLOW, "rnosymfollow");
  lc_mount_options_free (&o);
}

static void
test_propagation_options (void)
{
  static const struct
  {
    const char *name;
    unsigned long flags;
  } cases[] = {
    { "private", MS_PRIVATE },       { "rprivate", MS_PRIVATE | MS_REC },       { "shared", MS_SHARED },
    { "rshared", MS_SHARED | MS_REC }, { "slave", MS_SLAVE },                   { "rslave", MS_SLAVE | MS_REC },
    { "unbindable", MS_UNBINDABLE }, { "runbindable", MS_UNBINDABLE | MS_REC },
  };
  for (size_t i = 0; i < LC_ARRAY_SIZE (cases); i++)
    {
      struct lc_mount_options o;
      PARSE (&o, cases[i].name);
      tap_ok (o.propagation == cases[i].flags && o.flags == 0 && *o.data == '\0', "propagation option %s",
              cases[i].name);
      tap_is (lc_mount_propagation_name (cases[i].flags), cases[i].name, "... and its name back");
      lc_mount_options_free (&o);
    }
  struct lc_mount_options o;
  PARSE (&o, "rshared", "bind", "private");
  tap_ok (o.propagation == MS_PRIVATE && o.flags == MS_BIND, "the later propagation wins");
  lc_mount_options_free (&o);
  tap_ok (lc_mount_propagation_name (0) == NULL && lc_mount_propagation_name (MS_BIND) == NULL,
          "no propagation name for other flags");
}

static void
test_own_and_data (void)
{
  struct lc_mount_options o;
  PARSE (&o, "tmpcopyup", "idmap", "ridmap");
  tap_ok (o.tmpcopyup && o.idmap && o.ridmap && *o.data == '\0', "tmpcopyup, idmap, ridmap: husk's own, not data");
  lc_mount_options_free (&o);

  PARSE (&o, "mode=755", "nosuid", "size=64k", "uid=0");
  tap_is (o.data, "mode=755,size=64k,uid=0", "filesystem options pass through as data, in order");
  tap_ok (o.flags == MS_NOSUID, "... beside the flags");
  lc_mount_options_free (&o);

  PARSE (&o, "acl", "noacl");
  tap_is (o.data, "acl,noacl", "acl and noacl are the filesystem's: data");
  tap_ok (o.flags == 0 && o.attr.attr_set == 0 && o.attr.attr_clr == 0, "... no flag");
  lc_mount_options_free (&o);

  PARSE (&o, "lowerdir=/a:/b", "context=\"system_u:object_r:x:s0\"");
  tap_is (o.data, "lowerdir=/a:/b,context=\"system_u:object_r:x:s0\"", "values with ':' and quotes kept as given");
  lc_mount_options_free (&o);

  /* Unknown or malformed options are not errors here: the filesystem
     takes them or refuses them when it is mounted. */
  PARSE (&o, "RO", "ro ", "nosuid=1", "bogus", "rro,rnosuid");
  tap_is (o.data, "RO,ro ,nosuid=1,bogus,rro,rnosuid", "unknown options (case, spaces, values, lists) are data");
  tap_ok (o.flags == 0 && o.attr.attr_set == 0 && o.rec.attr_set == 0, "... and set nothing");
  lc_mount_options_free (&o);

  lc_mount_options_parse (NULL, 0, &o);
  tap_ok (o.data && *o.data == '\0' && o.flags == 0, "no options: empty data, no flags");
  lc_mount_options_free (&o);
  tap_ok (o.data == NULL, "lc_mount_options_free resets data");
}

/* features' mountOptions is the parser's table: sorted, unique, each one an
   option the parser takes itself (nothing of it is left as data). */
static void
test_advertised (void)
{
  cleanup_free const char **names = lc_mount_option_names ();
  size_t n = 0;
  bool sorted = true, own = true, acl = false;
  for (; names[n]; n++)
    {
      if (n && strcmp (names[n - 1], names[n]) >= 0)
        sorted = false;
      struct lc_mount_options o;
      PARSE (&o, names[n]);
      if (*o.data)
        {
          own = false;
          tap_diag ("advertised but passed as data: %s", names[n]);
        }
      lc_mount_options_free (&o);
      acl |= strcmp (names[n], "acl") == 0 || strcmp (names[n], "noacl") == 0;
    }
  tap_ok (n >= 60, "mountOptions: %zu names", n);
  tap_ok (sorted, "... sorted, no duplicates");
  tap_ok (own, "... each one read by the parser, not passed on");
  tap_ok (!acl, "... without acl and noacl (the filesystem's)");
  static const char *const must[] = { "ro", "rbind", "rro", "rnosymfollow", "tmpcopyup", "idmap", "ridmap",
                                      "rslave", "strictatime", "nosymfollow" };
  for (size_t i = 0; i < LC_ARRAY_SIZE (must); i++)
    {
      bool found = false;
      for (size_t k = 0; k < n; k++)
        found |= strcmp (names[k], must[i]) == 0;
      tap_ok (found, "mountOptions lists %s", must[i]);
    }
}

/* linux.rootfsPropagation: the config reader's names are the propagation
   options' names, and the flags it is mounted with are the options'. */
static void
test_rootfs_propagation (void)
{
  tap_ok (lc_mount_propagation_flags (LC_PROPAGATION_DEFAULT) == 0, "rootfsPropagation absent: no flags");
  for (int p = LC_PROPAGATION_PRIVATE; p <= LC_PROPAGATION_RUNBINDABLE; p++)
    {
      unsigned long flags = lc_mount_propagation_flags ((enum lc_propagation) p);
      const char *name = lc_mount_propagation_name (flags);
      if (!tap_ok (flags != 0 && name != NULL, "propagation %d: flags %#lx, name %s", p, flags, name ? name : "-"))
        continue;
      cleanup_free char *doc
          = xasprintf ("{\"ociVersion\":\"1.0.0\",\"linux\":{\"rootfsPropagation\":\"%s\"}}", name);
      lc_spec *s = NULL;
      lc_error *err = NULL;
      int r = lc_spec_parse (doc, strlen (doc), "config.json", &s, &err);
      tap_ok (r == 0 && s->linux_cfg && s->linux_cfg->rootfs_propagation == (enum lc_propagation) p,
              "rootfsPropagation \"%s\" reads as the same value (%s)", name, err ? err->msg : "ok");
      struct lc_mount_options o;
      PARSE (&o, name);
      tap_ok (o.propagation == flags, "... and the option \"%s\" has the same flags", name);
      lc_mount_options_free (&o);
      lc_spec_free (s);
      lc_error_free (err);
    }
  const char *bad = "{\"ociVersion\":\"1.0.0\",\"linux\":{\"rootfsPropagation\":\"rbind\"}}";
  lc_spec *s = NULL;
  lc_error *err = NULL;
  tap_ok (lc_spec_parse (bad, strlen (bad), "config.json", &s, &err) < 0 && err
              && strstr (err->msg, "linux.rootfsPropagation: unknown value \"rbind\""),
          "rootfsPropagation \"rbind\" (a mount option, not a propagation) is refused: %s", err ? err->msg : "-");
  lc_spec_free (s);
  lc_error_free (err);
}

int
main (void)
{
  test_flags ();
  test_clear_flags ();
  test_atime ();
  test_recursive ();
  test_propagation_options ();
  test_own_and_data ();
  test_advertised ();
  test_rootfs_propagation ();
  return tap_done ();
}
