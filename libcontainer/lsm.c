/* husk - AppArmor and SELinux labels, see lsm.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lsm.h"
#include "procfs.h"

#ifndef SELINUX_MAGIC
#define SELINUX_MAGIC 0xf97cff8c
#endif

static const char *const apparmor_enabled_file = "/sys/module/apparmor/parameters/enabled";
static const char *const selinux_fs = "/sys/fs/selinux";

bool
lc_apparmor_enabled (void)
{
  char c = 0;
  int fd = open (apparmor_enabled_file, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  ssize_t n = read (fd, &c, 1);
  close (fd);
  return n == 1 && c == 'Y';
}

bool
lc_selinux_enabled (void)
{
  struct statfs sfs;
  return statfs (selinux_fs, &sfs) == 0 && (unsigned long) sfs.f_type == (unsigned long) SELINUX_MAGIC;
}

static bool
set (const char *s)
{
  return s && *s;
}

int
lc_lsm_check (const lc_spec_process *p, const char *mount_label, const char *what, lc_error **err)
{
  /* "unconfined" asks for no confinement, which a host without AppArmor
     gives anyway. */
  if (set (p->apparmor_profile) && strcmp (p->apparmor_profile, "unconfined") != 0 && !lc_apparmor_enabled ())
    return lc_error_setc (err, EINVAL, "%sapparmorProfile: \"%s\" is set, but AppArmor is not enabled on this host", what,
                         p->apparmor_profile);
  if (set (p->selinux_label) && !lc_selinux_enabled ())
    return lc_error_setc (err, EINVAL, "%sselinuxLabel: \"%s\" is set, but SELinux is not enabled on this host", what,
                         p->selinux_label);
  if (set (mount_label) && !lc_selinux_enabled ())
    return lc_error_setc (err, EINVAL, "linux.mountLabel: \"%s\" is set, but SELinux is not enabled on this host",
                         mount_label);
  return 0;
}

/* Write value in one write(2) (the attr files take no partial writes) and
   close fd. */
static int
write_all (int fd, const char *value, const char *field, lc_error **err)
{
  size_t len = strlen (value);
  ssize_t n = write (fd, value, len);
  int saved = errno;
  close (fd);
  if (n != (ssize_t) len)
    return lc_error_set (err, n < 0 ? saved : EIO, "%s: set \"%s\"", field, value);
  return 0;
}

int
lc_lsm_apply (const lc_spec_process *p, int procfd, lc_error **err)
{
  bool aa = set (p->apparmor_profile) && lc_apparmor_enabled ();
  bool se = set (p->selinux_label);
  if (!aa && !se)
    return 0;
  if (aa)
    {
      /* The transition happens at execve, like runc's: "exec PROFILE" on
         the LSM's own attr file (5.8+), else the shared one. */
      cleanup_free char *cmd = xasprintf ("exec %s", p->apparmor_profile);
      int fd = lc_procfs_openat (procfd, "self/attr/apparmor/exec", O_WRONLY);
      if (fd == -ENOENT)
        fd = lc_procfs_openat (procfd, "self/attr/exec", O_WRONLY);
      if (fd < 0)
        return lc_error_set (err, -fd, "process.apparmorProfile: open our attr/exec in procfs");
      if (write_all (fd, cmd, "process.apparmorProfile", err) < 0)
        return -1;
    }
  if (se)
    {
      int fd = lc_procfs_openat (procfd, "self/attr/exec", O_WRONLY);
      if (fd < 0)
        return lc_error_set (err, -fd, "process.selinuxLabel: open our attr/exec in procfs");
      if (write_all (fd, p->selinux_label, "process.selinuxLabel", err) < 0)
        return -1;
    }
  return 0;
}
