/* husk - OCI hooks, see hooks.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hooks.h"
#include "json.h"
#include "util/log.h"
#include "version.h"

/* The one table of hook kinds: each kind's name in config.json (what the
   config reader looks up, `features` lists and errors say) by its enum
   value.  The enum is in the order of the lifecycle (runtime.md), the
   order the kinds run in:
   - prestart (deprecated) and createRuntime: in the runtime's namespaces,
     during create, once the container's namespaces exist and before its
     root switch;
   - createContainer: in the container's namespaces, after createRuntime,
     before the root switch;
   - startContainer: in the container, during start, just before its
     program;
   - poststart: in the runtime's, after the program started, before start
     returns;
   - poststop: in the runtime's, during delete, after the container is
     gone (a failure is only a warning).
   Within a kind, hooks run in the order the config lists them. */
static const char *const kind_names[LC_HOOK_KINDS + 1] = {
  [LC_HOOK_PRESTART] = "prestart",
  [LC_HOOK_CREATE_RUNTIME] = "createRuntime",
  [LC_HOOK_CREATE_CONTAINER] = "createContainer",
  [LC_HOOK_START_CONTAINER] = "startContainer",
  [LC_HOOK_POSTSTART] = "poststart",
  [LC_HOOK_POSTSTOP] = "poststop",
  [LC_HOOK_KINDS] = NULL,
};

const char *
lc_hook_kind_name (enum lc_hook_kind kind)
{
  return (unsigned) kind < LC_HOOK_KINDS ? kind_names[kind] : "?";
}

const char *const *
lc_hook_kind_names (void)
{
  return kind_names;
}

char *
lc_hooks_state_json (const char *id, const char *status, pid_t pid, const char *bundle, const lc_strmap *annotations)
{
  lc_json_gen *g = lc_json_gen_new (false);
  lc_json_gen_map_open (g);
  lc_json_gen_kv_string (g, "ociVersion", LC_OCI_VERSION);
  lc_json_gen_kv_string (g, "id", id);
  lc_json_gen_kv_string (g, "status", status);
  if (pid > 0)
    lc_json_gen_kv_int (g, "pid", pid);
  lc_json_gen_kv_string (g, "bundle", bundle);
  if (annotations && annotations->len)
    {
      lc_json_gen_string (g, "annotations");
      lc_json_gen_map_open (g);
      for (size_t i = 0; i < annotations->len; i++)
        lc_json_gen_kv_string (g, annotations->keys[i], annotations->values[i]);
      lc_json_gen_map_close (g);
    }
  lc_json_gen_map_close (g);
  char *out = xstrdup (lc_json_gen_buf (g, NULL));
  lc_json_gen_free (g);
  return out;
}

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static int
run_one (const lc_spec_hook *h, const char *state, const char *cwd, const char *where, lc_error **err)
{
  int p[2];
  if (pipe2 (p, O_CLOEXEC) < 0)
    return lc_error_set (err, errno, "%s: pipe", where);
  pid_t self = getpid ();
  pid_t pid = fork ();
  if (pid < 0)
    {
      close (p[0]);
      close (p[1]);
      return lc_error_set (err, errno, "%s: fork", where);
    }
  if (pid == 0)
    {
      /* A hook must not outlive the runtime that waits for it (create
         killed half-way must leave no stray process). */
      prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
      if (getppid () != self) /* the runtime died before the prctl */
        _exit (127);
      /* A hook starts as a program normally does: default dispositions,
         nothing blocked (run blocks every signal, and we ignore SIGPIPE). */
      lc_signals_reset ();
      dup2 (p[0], STDIN_FILENO);
      if (cwd && chdir (cwd) < 0)
        _exit (127);
      char *defargv[] = { h->path, NULL };
      char *noenv[] = { NULL };
      execve (h->path, h->n_args ? h->args : defargv, h->n_env ? h->env : noenv);
      _exit (127);
    }
  close (p[0]);
  /* A hook that does not read its stdin must not make us block or die;
     the disposition is ours again after (the init's survives execve). */
  struct sigaction ign = { .sa_handler = SIG_IGN }, old;
  sigaction (SIGPIPE, &ign, &old);
  lc_write_all (p[1], state, strlen (state));
  close (p[1]);
  sigaction (SIGPIPE, &old, NULL);
  double deadline = h->has_timeout ? now () + (double) h->timeout : 0;
  int status = 0;
  for (;;)
    {
      pid_t r = waitpid (pid, &status, WNOHANG);
      if (r == pid)
        break;
      if (r < 0 && errno != EINTR)
        return lc_error_set (err, errno, "%s: wait for \"%s\"", where, h->path);
      if (deadline && now () > deadline)
        {
          kill (pid, SIGKILL);
          waitpid (pid, &status, 0);
          return lc_error_set (err, 0, "%s: \"%s\" timed out after %lld s", where, h->path, (long long) h->timeout);
        }
      struct timespec ts = { 0, 2 * 1000 * 1000 };
      nanosleep (&ts, NULL);
    }
  if (WIFEXITED (status) && WEXITSTATUS (status) == 127 && access (h->path, X_OK) < 0)
    return lc_error_set (err, errno, "%s: \"%s\"", where, h->path);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 127 && cwd && access (cwd, X_OK) < 0)
    return lc_error_set (err, errno, "%s: \"%s\": enter its working directory \"%s\"", where, h->path, cwd);
  if (WIFEXITED (status) && WEXITSTATUS (status) != 0)
    return lc_error_set (err, 0, "%s: \"%s\" exited with status %d", where, h->path, WEXITSTATUS (status));
  if (WIFSIGNALED (status))
    return lc_error_set (err, 0, "%s: \"%s\" was killed by signal %d", where, h->path, WTERMSIG (status));
  return 0;
}

void
lc_hooks_run_warn (const lc_spec *spec, enum lc_hook_kind kind, const char *state_json, const char *cwd,
                   const char *id)
{
  for (size_t i = 0; i < spec->n_hooks[kind]; i++)
    {
      char where[64];
      lc_error *err = NULL;
      snprintf (where, sizeof where, "hooks.%s[%zu]", kind_names[kind], i);
      if (run_one (&spec->hooks[kind][i], state_json, cwd, where, &err) < 0)
        {
          lc_warn ("container \"%s\": %s", id, err->msg);
          lc_error_free (err);
        }
    }
}

int
lc_hooks_run (const lc_spec *spec, enum lc_hook_kind kind, const char *state_json, const char *cwd, lc_error **err)
{
  for (size_t i = 0; i < spec->n_hooks[kind]; i++)
    {
      char where[64];
      snprintf (where, sizeof where, "hooks.%s[%zu]", kind_names[kind], i);
      if (run_one (&spec->hooks[kind][i], state_json, cwd, where, err) < 0)
        return -1;
    }
  return 0;
}
