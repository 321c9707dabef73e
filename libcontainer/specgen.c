/* husk - the default config.json, see specgen.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "specgen.h"
#include "util/util.h"
#include "version.h"

static void
gen_process (lc_json_gen *g)
{
  static const char *const args[] = { "sh", NULL };
  static const char *const env[]
      = { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", NULL };
  static const char *const caps[] = { "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE", NULL };
  lc_json_gen_string (g, "process");
  lc_json_gen_map_open (g);
  lc_json_gen_kv_bool (g, "terminal", true);
  lc_json_gen_string (g, "user");
  lc_json_gen_map_open (g);
  lc_json_gen_kv_int (g, "uid", 0);
  lc_json_gen_kv_int (g, "gid", 0);
  lc_json_gen_map_close (g);
  lc_json_gen_kv_strv (g, "args", args);
  lc_json_gen_kv_strv (g, "env", env);
  lc_json_gen_kv_string (g, "cwd", "/");
  lc_json_gen_string (g, "capabilities");
  lc_json_gen_map_open (g);
  lc_json_gen_kv_strv (g, "bounding", caps);
  lc_json_gen_kv_strv (g, "effective", caps);
  lc_json_gen_kv_strv (g, "permitted", caps);
  lc_json_gen_kv_strv (g, "ambient", caps);
  lc_json_gen_map_close (g);
  lc_json_gen_string (g, "rlimits");
  lc_json_gen_array_open (g);
  lc_json_gen_map_open (g);
  lc_json_gen_kv_string (g, "type", "RLIMIT_NOFILE");
  lc_json_gen_kv_int (g, "hard", 1024);
  lc_json_gen_kv_int (g, "soft", 1024);
  lc_json_gen_map_close (g);
  lc_json_gen_array_close (g);
  lc_json_gen_kv_bool (g, "noNewPrivileges", true);
  lc_json_gen_map_close (g);
}

struct mount
{
  const char *dest, *type, *source;
  const char *opts[8];
};

static void
gen_mounts (lc_json_gen *g, bool rootless)
{
  static const struct mount mounts[] = {
    { "/proc", "proc", "proc", { NULL } },
    { "/dev", "tmpfs", "tmpfs", { "nosuid", "strictatime", "mode=755", "size=65536k", NULL } },
    { "/dev/pts", "devpts", "devpts", { "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5", NULL } },
    { "/dev/shm", "tmpfs", "shm", { "nosuid", "noexec", "nodev", "mode=1777", "size=65536k", NULL } },
    { "/dev/mqueue", "mqueue", "mqueue", { "nosuid", "noexec", "nodev", NULL } },
    { "/sys", "sysfs", "sysfs", { "nosuid", "noexec", "nodev", "ro", NULL } },
    { "/sys/fs/cgroup", "cgroup", "cgroup", { "nosuid", "noexec", "nodev", "relatime", "ro", NULL } },
  };
  /* An unprivileged user cannot mount a new sysfs (it belongs to the host's
     network namespace): bind the host's, read-only. */
  static const struct mount rootless_sys = { "/sys", "none", "/sys", { "rbind", "nosuid", "noexec", "nodev", "ro", NULL } };
  lc_json_gen_string (g, "mounts");
  lc_json_gen_array_open (g);
  for (size_t i = 0; i < LC_ARRAY_SIZE (mounts); i++)
    {
      const struct mount *m = (rootless && strcmp (mounts[i].dest, "/sys") == 0) ? &rootless_sys : &mounts[i];
      lc_json_gen_map_open (g);
      lc_json_gen_kv_string (g, "destination", m->dest);
      lc_json_gen_kv_string (g, "type", m->type);
      lc_json_gen_kv_string (g, "source", m->source);
      if (m->opts[0])
        {
          lc_json_gen_string (g, "options");
          lc_json_gen_array_open (g);
          for (const char *const *o = m->opts; *o; o++)
            /* gid=5 names a group the user namespace does not map. */
            if (!(rootless && strncmp (*o, "gid=", 4) == 0))
              lc_json_gen_string (g, *o);
          lc_json_gen_array_close (g);
        }
      lc_json_gen_map_close (g);
    }
  lc_json_gen_array_close (g);
}

static void
gen_idmap (lc_json_gen *g, const char *key, unsigned host)
{
  lc_json_gen_string (g, key);
  lc_json_gen_array_open (g);
  lc_json_gen_map_open (g);
  lc_json_gen_kv_int (g, "containerID", 0);
  lc_json_gen_kv_int (g, "hostID", host);
  lc_json_gen_kv_int (g, "size", 1);
  lc_json_gen_map_close (g);
  lc_json_gen_array_close (g);
}

static void
gen_linux (lc_json_gen *g, bool rootless, uid_t uid, gid_t gid)
{
  static const char *const masked[]
      = { "/proc/acpi",        "/proc/asound",       "/proc/kcore",       "/proc/keys", "/proc/latency_stats",
          "/proc/timer_list",  "/proc/timer_stats",  "/proc/sched_debug", "/sys/firmware", "/proc/scsi", NULL };
  static const char *const readonly[]
      = { "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger", NULL };
  lc_json_gen_string (g, "linux");
  lc_json_gen_map_open (g);
  if (rootless)
    {
      gen_idmap (g, "uidMappings", uid);
      gen_idmap (g, "gidMappings", gid);
    }
  else
    {
      /* Deny every device; the runtime's defaults (null, zero, ...) are
         allowed on top of this. */
      lc_json_gen_string (g, "resources");
      lc_json_gen_map_open (g);
      lc_json_gen_string (g, "devices");
      lc_json_gen_array_open (g);
      lc_json_gen_map_open (g);
      lc_json_gen_kv_bool (g, "allow", false);
      lc_json_gen_kv_string (g, "access", "rwm");
      lc_json_gen_map_close (g);
      lc_json_gen_array_close (g);
      lc_json_gen_map_close (g);
    }
  lc_json_gen_string (g, "namespaces");
  lc_json_gen_array_open (g);
  const char *ns[] = { "pid", rootless ? NULL : "network", "ipc", "uts", "mount", rootless ? "user" : NULL };
  for (size_t i = 0; i < LC_ARRAY_SIZE (ns); i++)
    if (ns[i])
      {
        lc_json_gen_map_open (g);
        lc_json_gen_kv_string (g, "type", ns[i]);
        lc_json_gen_map_close (g);
      }
  lc_json_gen_array_close (g);
  lc_json_gen_kv_strv (g, "maskedPaths", masked);
  lc_json_gen_kv_strv (g, "readonlyPaths", readonly);
  lc_json_gen_map_close (g);
}

char *
lc_specgen_default (bool rootless, uid_t uid, gid_t gid)
{
  lc_json_gen *g = lc_json_gen_new (true);
  lc_json_gen_map_open (g);
  lc_json_gen_kv_string (g, "ociVersion", LC_OCI_VERSION);
  gen_process (g);
  lc_json_gen_string (g, "root");
  lc_json_gen_map_open (g);
  lc_json_gen_kv_string (g, "path", "rootfs");
  lc_json_gen_kv_bool (g, "readonly", true);
  lc_json_gen_map_close (g);
  lc_json_gen_kv_string (g, "hostname", "husk");
  gen_mounts (g, rootless);
  gen_linux (g, rootless, uid, gid);
  lc_json_gen_map_close (g);
  char *out = xstrdup (lc_json_gen_buf (g, NULL));
  lc_json_gen_free (g);
  return out;
}

int
lc_specgen_write (int dirfd, const char *dirname, bool rootless, uid_t uid, gid_t gid, lc_error **err)
{
  cleanup_free char *text = lc_specgen_default (rootless, uid, gid);
  /* O_EXCL: never overwrite, even when another process creates the file
     between a check and our open. */
  cleanup_close int fd = openat (dirfd, "config.json", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
  if (fd < 0)
    {
      if (errno == EEXIST)
        return lc_error_setc (err, EEXIST, "\"%s/config.json\" already exists; remove it first", dirname);
      return lc_error_set (err, errno, "create \"%s/config.json\"", dirname);
    }
  int r = lc_write_all (fd, text, strlen (text));
  if (r == 0 && fsync (fd) < 0)
    r = -errno;
  if (r < 0)
    {
      unlinkat (dirfd, "config.json", 0);
      return lc_error_set (err, -r, "write \"%s/config.json\"", dirname);
    }
  return 0;
}
