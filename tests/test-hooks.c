/* Unit tests of the hook kinds and their order: one table of names (what
 * the config reader looks up and `features` lists), in the order of the
 * lifecycle; and within a kind, hooks run in the order the config lists
 * them, the first failure stops them (poststop: each failure is a warning
 * and the rest still run).  The hooks are /bin/sh, run by lc_hooks_run. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libcontainer/container.h"
#include "libcontainer/hooks.h"
#include "libcontainer/spec.h"
#include "libcontainer/util/util.h"
#include "tap.h"

/* The kinds as runtime.md lists them in the lifecycle. */
static const char *const lifecycle[] = { "prestart",       "createRuntime", "createContainer",
                                         "startContainer", "poststart",     "poststop" };

static void
test_names (void)
{
  const char *const *names = lc_hook_kind_names ();
  size_t n = 0;
  while (names[n])
    n++;
  tap_ok (n == LC_HOOK_KINDS && n == LC_ARRAY_SIZE (lifecycle), "one name per hook kind (%zu)", n);
  for (size_t k = 0; k < LC_ARRAY_SIZE (lifecycle) && k < n; k++)
    {
      tap_is (names[k], lifecycle[k], "kind %zu is the lifecycle's %zu", k, k);
      tap_is (lc_hook_kind_name ((enum lc_hook_kind) k), names[k], "... and lc_hook_kind_name says so");
    }
  tap_ok (LC_HOOK_PRESTART < LC_HOOK_CREATE_RUNTIME && LC_HOOK_CREATE_RUNTIME < LC_HOOK_CREATE_CONTAINER
              && LC_HOOK_CREATE_CONTAINER < LC_HOOK_START_CONTAINER && LC_HOOK_START_CONTAINER < LC_HOOK_POSTSTART
              && LC_HOOK_POSTSTART < LC_HOOK_POSTSTOP,
          "the enum is in the order of the lifecycle");
}

static lc_spec *
load (const char *hooks_json)
{
  cleanup_free char *doc = xasprintf ("{\"ociVersion\":\"1.0.0\",\"hooks\":%s}", hooks_json);
  lc_spec *s = NULL;
  lc_error *err = NULL;
  if (lc_spec_parse (doc, strlen (doc), "config.json", &s, &err) < 0)
    {
      tap_diag ("%s", err->msg);
      lc_error_free (err);
      return NULL;
    }
  return s;
}

/* The config reader finds each kind under the table's name, and only there. */
static void
test_reader_names (void)
{
  for (int k = 0; k < LC_HOOK_KINDS; k++)
    {
      cleanup_free char *json = xasprintf ("{\"%s\":[{\"path\":\"/bin/true\"}]}", lc_hook_kind_name (k));
      lc_spec *s = load (json);
      bool only = s != NULL;
      for (int j = 0; s && j < LC_HOOK_KINDS; j++)
        only &= s->n_hooks[j] == (size_t) (j == k);
      tap_ok (only, "hooks.%s is read as that kind", lc_hook_kind_name (k));
      lc_spec_free (s);
    }
}

static char *
slurp (const char *path)
{
  char *buf = NULL;
  size_t len = 0;
  if (lc_read_file (path, 4096, &buf, &len, NULL) < 0)
    return xstrdup ("(unreadable)");
  return buf;
}

static char *warnings;

static void
on_warning (const char *msg)
{
  char *w = xasprintf ("%s%s%s", warnings ? warnings : "", warnings ? "|" : "", msg);
  free (warnings);
  warnings = w;
}

/* Three hooks of kind k, the second exiting with status (0: success); each
   appends its number to out. */
static lc_spec *
three (const char *kind, const char *out, int status)
{
  cleanup_free char *json
      = xasprintf ("{\"%s\":[{\"path\":\"/bin/sh\",\"args\":[\"sh\",\"-c\",\"echo 1 >>%s\"]},"
                   "{\"path\":\"/bin/sh\",\"args\":[\"sh\",\"-c\",\"echo 2 >>%s; exit %d\"]},"
                   "{\"path\":\"/bin/sh\",\"args\":[\"sh\",\"-c\",\"echo 3 >>%s\"]}]}",
                   kind, out, out, status, out);
  return load (json);
}

static void
test_order (const char *dir)
{
  if (access ("/bin/sh", X_OK) < 0)
    {
      tap_skip ("no /bin/sh to run as a hook");
      return;
    }
  cleanup_free char *out = xasprintf ("%s/order", dir);
  for (int k = 0; k < LC_HOOK_KINDS; k++)
    {
      const char *name = lc_hook_kind_name (k);
      unlink (out);
      lc_spec *s = three (name, out, 0);
      lc_error *err = NULL;
      int r = s ? lc_hooks_run (s, (enum lc_hook_kind) k, "{}", NULL, &err) : -1;
      cleanup_free char *got = slurp (out);
      tap_ok (r == 0, "%s: three hooks succeed (%s)", name, err ? err->msg : "ok");
      tap_is (got, "1\n2\n3\n", "%s: in the order listed", name);
      lc_error_free (err);
      lc_spec_free (s);
    }

  unlink (out);
  lc_spec *s = three ("createRuntime", out, 3);
  lc_error *err = NULL;
  int r = s ? lc_hooks_run (s, LC_HOOK_CREATE_RUNTIME, "{}", NULL, &err) : 0;
  cleanup_free char *got = slurp (out);
  tap_ok (r < 0, "a failing hook fails the kind");
  tap_is (err ? err->msg : NULL, "hooks.createRuntime[1]: \"/bin/sh\" exited with status 3", "... naming it");
  tap_is (got, "1\n2\n", "... and the hooks after it do not run");
  lc_error_free (err);
  lc_spec_free (s);

  unlink (out);
  s = three ("poststop", out, 4);
  lc_set_warning_handler (on_warning);
  if (s)
    lc_hooks_run_warn (s, LC_HOOK_POSTSTOP, "{}", NULL, "c1");
  lc_set_warning_handler (NULL);
  cleanup_free char *got2 = slurp (out);
  tap_is (got2, "1\n2\n3\n", "poststop: every hook runs, in order, past a failure");
  tap_is (warnings, "container \"c1\": hooks.poststop[1]: \"/bin/sh\" exited with status 4",
          "... the failure is one warning");
  free (warnings);
  warnings = NULL;
  lc_spec_free (s);
  unlink (out);
}

int
main (void)
{
  char tmpl[] = "/tmp/husk-test-hooks.XXXXXX";
  const char *dir = mkdtemp (tmpl);
  test_names ();
  test_reader_names ();
  if (dir)
    test_order (dir);
  else
    tap_ok (false, "mkdtemp");
  if (dir)
    rmdir (dir);
  return tap_done ();
}
