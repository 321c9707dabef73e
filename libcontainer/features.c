/* husk - the features document, see features.h. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include <seccomp.h>

#include "seccomp.h"
#include <sys/capability.h>

#include "features.h"
#include "hooks.h"
#include "json.h"
#include "mount-options.h"
#include "spec.h"
#include "util/util.h"
#include "version.h"

static void
enabled (lc_json_gen *g, const char *key, bool on)
{
  lc_json_gen_string (g, key);
  lc_json_gen_map_open (g);
  lc_json_gen_kv_bool (g, "enabled", on);
  lc_json_gen_map_close (g);
}

/* Every capability libcap knows, by number, as "CAP_CHOWN". */
static void
capabilities (lc_json_gen *g)
{
  lc_json_gen_string (g, "capabilities");
  lc_json_gen_array_open (g);
  for (cap_value_t c = 0; c <= CAP_LAST_CAP || cap_valid (c); c++)
    {
      char *name = cap_to_name (c);
      if (name == NULL)
        break;
      if (strncmp (name, "cap_", 4) == 0)
        {
          for (char *p = name; *p; p++)
            *p = (char) toupper ((unsigned char) *p);
          lc_json_gen_string (g, name);
        }
      cap_free (name);
      if (c > 63)
        break;
    }
  lc_json_gen_array_close (g);
}

static void
seccomp_section (lc_json_gen *g)
{
  static const char *const ops[] = { "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",        "SCMP_CMP_EQ",
                                     "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ", NULL };
  lc_json_gen_string (g, "seccomp");
  lc_json_gen_map_open (g);
  lc_json_gen_kv_bool (g, "enabled", true);
  /* The actions this kernel can carry out (seccomp's GET_ACTION_AVAIL). */
  lc_json_gen_string (g, "actions");
  lc_json_gen_array_open (g);
  for (int a = 0; a < LC_SCMP_ACT_COUNT; a++)
    if (lc_seccomp_kernel_has_action ((enum lc_seccomp_action) a))
      lc_json_gen_string (g, lc_spec_seccomp_action_name ((enum lc_seccomp_action) a));
  lc_json_gen_array_close (g);
  lc_json_gen_kv_strv (g, "operators", ops);
  /* The schema's architectures that this libseccomp can build filters for. */
  lc_json_gen_string (g, "archs");
  lc_json_gen_array_open (g);
  for (const char *const *a = lc_spec_seccomp_arch_names (); *a; a++)
    {
      char lower[32];
      size_t i = 0;
      for (const char *p = *a + strlen ("SCMP_ARCH_"); *p && i + 1 < sizeof lower; p++)
        lower[i++] = (char) tolower ((unsigned char) *p);
      lower[i] = '\0';
      if (seccomp_arch_resolve_name (lower) != 0)
        lc_json_gen_string (g, *a);
    }
  lc_json_gen_array_close (g);
  lc_json_gen_kv_strv (g, "knownFlags", lc_spec_seccomp_flag_names ());
  /* What the running kernel accepts: husk installs the filter with
     seccomp(2) itself, so libseccomp's own list does not limit it. */
  const char *supported[5] = { NULL };
  size_t n = 0;
  const char *const *names = lc_spec_seccomp_flag_names ();
  for (unsigned i = 0; names[i] && n < 4; i++)
    if (lc_seccomp_kernel_has_flag (1U << i))
      supported[n++] = names[i];
  lc_json_gen_kv_strv (g, "supportedFlags", supported);
  lc_json_gen_map_close (g);
}

static void
linux_section (lc_json_gen *g)
{
  lc_json_gen_string (g, "linux");
  lc_json_gen_map_open (g);
  lc_json_gen_string (g, "namespaces");
  lc_json_gen_array_open (g);
  static const char *const ns[] = { "cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts", NULL };
  for (const char *const *p = ns; *p; p++)
    lc_json_gen_string (g, *p);
  lc_json_gen_array_close (g);
  capabilities (g);
  lc_json_gen_string (g, "cgroup");
  lc_json_gen_map_open (g);
  lc_json_gen_kv_bool (g, "v1", true);
  lc_json_gen_kv_bool (g, "v2", true);
  lc_json_gen_kv_bool (g, "systemd", false);
  lc_json_gen_kv_bool (g, "systemdUser", false);
  lc_json_gen_kv_bool (g, "rdma", true);
  lc_json_gen_map_close (g);
  seccomp_section (g);
  enabled (g, "apparmor", true);
  enabled (g, "selinux", true);
  enabled (g, "intelRdt", false);
  lc_json_gen_string (g, "mountExtensions");
  lc_json_gen_map_open (g);
  enabled (g, "idmap", true);
  lc_json_gen_map_close (g);
  enabled (g, "netDevices", false);
  lc_json_gen_map_close (g);
}

char *
lc_features_json (void)
{
  lc_json_gen *g = lc_json_gen_new (true);
  lc_json_gen_map_open (g);
  lc_json_gen_kv_string (g, "ociVersionMin", LC_OCI_VERSION_MIN);
  lc_json_gen_kv_string (g, "ociVersionMax", LC_OCI_VERSION);
  lc_json_gen_kv_strv (g, "hooks", lc_hook_kind_names ());
  /* The parser's own table: what it reads is what is advertised. */
  cleanup_free const char **mount_options = lc_mount_option_names ();
  lc_json_gen_kv_strv (g, "mountOptions", mount_options);
  linux_section (g);
  lc_json_gen_string (g, "annotations");
  lc_json_gen_map_open (g);
  const struct scmp_version *sv = seccomp_version ();
  cleanup_free char *scv = xasprintf ("%u.%u.%u", sv->major, sv->minor, sv->micro);
  lc_json_gen_kv_string (g, "io.github.husk.version", lc_version ());
  lc_json_gen_kv_string (g, "io.github.husk.commit", lc_commit ());
  lc_json_gen_kv_string (g, "io.github.husk.checkpoint.enabled", "false");
  lc_json_gen_kv_string (g, "io.github.seccomp.libseccomp.version", scv);
  lc_json_gen_map_close (g);
  lc_json_gen_map_close (g);
  char *out = xstrdup (lc_json_gen_buf (g, NULL));
  lc_json_gen_free (g);
  size_t n = strlen (out);
  while (n > 0 && out[n - 1] == '\n')
    out[--n] = '\0';
  return out;
}
