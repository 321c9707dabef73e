/* husk exec - run a new process inside a container. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <unistd.h>

#include "../libcontainer/container.h"
#include "../libcontainer/spec.h"
#include "../libcontainer/util/util.h"
#include "cli.h"

static const char help[]
    = "Usage: husk exec [options] ID [COMMAND [ARG...]]\n\n"
      "Run a new process inside container ID: COMMAND, or the process.json given with --process.  Without\n"
      "--process, the process takes its defaults (env, user, capabilities, cwd) from the container's\n"
      "config.json.  Without --detach, wait for it and exit with its status.  When husk cannot run the\n"
      "process at all, exit 255 (as runc), so that a caller tells it from the command exiting 1.\n\n"
      "Options:\n"
      "  -p, --process FILE           process.json describing the process\n"
      "      --console-socket SOCK    unix socket that receives the pty master with --tty\n"
      "  -t, --tty                    allocate a pseudo-terminal\n"
      "  -d, --detach                 do not wait for the process\n"
      "      --pid-file FILE          write the process's pid to FILE\n"
      "      --cwd DIR                working directory of the process\n"
      "  -e, --env NAME=VALUE         set an environment variable (repeatable)\n"
      "  -u, --user UID[:GID]         user (and group) to run as\n"
      "  -g, --additional-gids GID    additional group (repeatable)\n"
      "  -c, --cap CAP                add a capability (repeatable)\n"
      "      --no-new-privs           set no_new_privs for the process\n"
      "      --preserve-fds N         pass N extra fds (3 .. 3+N-1) to the process\n"
      "      --process-label LABEL    SELinux label of the process\n"
      "      --apparmor PROFILE       AppArmor profile of the process\n"
      "      --cgroup [CTRL[,CTRL...]:]PATH\n"
      "                               run in this existing sub-cgroup of the container: PATH alone in\n"
      "                               every hierarchy, else in those of CTRL (repeatable)\n"
      "      --ignore-paused          allow exec in a paused container\n"
      "      --no-subreaper           accepted for runc compatibility\n";

enum
{
  OPT_CONSOLE = 1000,
  OPT_CWD,
  OPT_PIDFILE,
  OPT_LABEL,
  OPT_APPARMOR,
  OPT_NNP,
  OPT_PRESERVE,
  OPT_CGROUP,
  OPT_IGNORE_PAUSED,
  OPT_NO_SUBREAPER,
};

static const struct option longopts[] = {
  { "console-socket", required_argument, NULL, OPT_CONSOLE },
  { "cwd", required_argument, NULL, OPT_CWD },
  { "env", required_argument, NULL, 'e' },
  { "tty", no_argument, NULL, 't' },
  { "user", required_argument, NULL, 'u' },
  { "additional-gids", required_argument, NULL, 'g' },
  { "process", required_argument, NULL, 'p' },
  { "detach", no_argument, NULL, 'd' },
  { "pid-file", required_argument, NULL, OPT_PIDFILE },
  { "process-label", required_argument, NULL, OPT_LABEL },
  { "apparmor", required_argument, NULL, OPT_APPARMOR },
  { "no-new-privs", no_argument, NULL, OPT_NNP },
  { "cap", required_argument, NULL, 'c' },
  { "preserve-fds", required_argument, NULL, OPT_PRESERVE },
  { "cgroup", required_argument, NULL, OPT_CGROUP },
  { "ignore-paused", no_argument, NULL, OPT_IGNORE_PAUSED },
  { "no-subreaper", no_argument, NULL, OPT_NO_SUBREAPER },
  { NULL, 0, NULL, 0 },
};

struct opts
{
  const char *process, *console_socket, *cwd, *user, *pid_file, *label, *apparmor;
  bool tty, detach, nnp, ignore_paused;
  int preserve_fds;
  char **env, **gids, **caps, **cgroups;
  size_t n_env, n_gids, n_caps, n_cgroups;
};

static void
push (char ***v, size_t *n, const char *s)
{
  *v = xreallocarray (*v, *n + 2, sizeof (char *));
  (*v)[(*n)++] = xstrdup (s);
  (*v)[*n] = NULL;
}

static int
handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  struct opts *o = data;
  switch (opt)
    {
    case 'p':
      o->process = arg;
      break;
    case OPT_CONSOLE:
      o->console_socket = arg;
      break;
    case OPT_CWD:
      o->cwd = arg;
      break;
    case 'e':
      if (strchr (arg, '=') == NULL)
        return husk_usage_error (g, "exec", "--env: expected NAME=VALUE, got \"%s\"", arg);
      push (&o->env, &o->n_env, arg);
      break;
    case 't':
      o->tty = true;
      break;
    case 'u':
      o->user = arg;
      break;
    case 'g':
      push (&o->gids, &o->n_gids, arg);
      break;
    case 'd':
      o->detach = true;
      break;
    case OPT_PIDFILE:
      o->pid_file = arg;
      break;
    case OPT_NNP:
      o->nnp = true;
      break;
    case 'c':
      push (&o->caps, &o->n_caps, arg);
      break;
    case OPT_PRESERVE:
      if (lc_parse_int (arg, &o->preserve_fds) < 0 || o->preserve_fds < 0)
        return husk_usage_error (g, "exec", "--preserve-fds: expected a number of fds, got \"%s\"", arg);
      break;
    case OPT_LABEL:
      o->label = arg;
      break;
    case OPT_APPARMOR:
      o->apparmor = arg;
      break;
    case OPT_CGROUP:
      push (&o->cgroups, &o->n_cgroups, arg);
      break;
    case OPT_IGNORE_PAUSED:
      o->ignore_paused = true;
      break;
    }
  return 0;
}

static void
replace_strv (char ***v, size_t *n, char **with, size_t m)
{
  for (size_t i = 0; i < *n; i++)
    free ((*v)[i]);
  free (*v);
  *v = xcalloc (m + 1, sizeof (char *));
  for (size_t i = 0; i < m; i++)
    (*v)[i] = xstrdup (with[i]);
  *n = m;
}

/* The exec'd process from the flags, on top of the container's process. */
static int
apply_flags (struct husk_global *g, struct opts *o, lc_spec_process *p, char **args, size_t nargs)
{
  if (nargs)
    replace_strv (&p->args, &p->n_args, args, nargs);
  if (p->n_args == 0)
    return husk_usage_error (g, "exec", "missing the command to run (or --process)");
  for (size_t i = 0; i < o->n_env; i++)
    {
      p->env = xreallocarray (p->env, p->n_env + 2, sizeof (char *));
      p->env[p->n_env++] = xstrdup (o->env[i]);
      p->env[p->n_env] = NULL;
    }
  if (o->cwd)
    {
      free (p->cwd);
      p->cwd = xstrdup (o->cwd);
    }
  if (o->user)
    {
      uint64_t uid, gid = 0;
      char *colon = strchr (o->user, ':');
      cleanup_free char *u = xstrndup (o->user, colon ? (size_t) (colon - o->user) : strlen (o->user));
      if (lc_parse_u64 (u, &uid) < 0 || uid > UINT32_MAX || (colon && (lc_parse_u64 (colon + 1, &gid) < 0 || gid > UINT32_MAX)))
        return husk_usage_error (g, "exec", "--user: expected UID[:GID] as numbers, got \"%s\"", o->user);
      p->user.uid = (uint32_t) uid;
      p->user.gid = (uint32_t) gid;
    }
  for (size_t i = 0; i < o->n_gids; i++)
    {
      uint64_t gid;
      if (lc_parse_u64 (o->gids[i], &gid) < 0 || gid > UINT32_MAX)
        return husk_usage_error (g, "exec", "--additional-gids: expected a number, got \"%s\"", o->gids[i]);
      p->user.additional_gids = xreallocarray (p->user.additional_gids, p->user.n_additional_gids + 1, sizeof (uint32_t));
      p->user.additional_gids[p->user.n_additional_gids++] = (uint32_t) gid;
    }
  for (size_t i = 0; i < o->n_caps; i++)
    {
      cap_value_t v;
      if (strncmp (o->caps[i], "CAP_", 4) != 0 || cap_from_name (o->caps[i], &v) < 0 || v < 0 || v > 63)
        return husk_fail (g, "exec: --cap: unknown capability \"%s\"", o->caps[i]);
      if (p->capabilities == NULL)
        p->capabilities = xcalloc (1, sizeof (*p->capabilities));
      uint64_t bit = UINT64_C (1) << v;
      p->capabilities->bounding |= bit;
      p->capabilities->effective |= bit;
      p->capabilities->permitted |= bit;
      p->capabilities->inheritable |= bit;
      p->capabilities->ambient |= bit;
      p->capabilities->has_bounding = true;
    }
  if (o->nnp)
    p->no_new_privileges = true;
  p->terminal = o->tty;
  return 0;
}

/* --apparmor and --process-label replace the labels of either source. */
static void
apply_labels (const struct opts *o, lc_spec_process *p)
{
  if (o->apparmor)
    {
      free (p->apparmor_profile);
      p->apparmor_profile = xstrdup (o->apparmor);
    }
  if (o->label)
    {
      free (p->selinux_label);
      p->selinux_label = xstrdup (o->label);
    }
}

static int
load_process (struct husk_global *g, struct opts *o, const char *id, char **args, size_t nargs, lc_spec **spec,
              lc_spec_process **proc)
{
  lc_error *err = NULL;
  if (o->process)
    {
      cleanup_free char *buf = NULL;
      size_t len = 0;
      const char *base = strrchr (o->process, '/');
      if (lc_read_file (o->process, LC_SPEC_MAX_FILE, &buf, &len, &err) < 0
          || lc_spec_parse_process (buf, len, base ? base + 1 : o->process, proc, &err) < 0)
        return husk_fail_error (g, err);
      /* --tty adds to a process.json; a terminal it asks for stays. */
      if (o->tty)
        (*proc)->terminal = true;
      apply_labels (o, *proc);
      return 0;
    }
  if (lc_container_load_config (g->root, id, spec, &err) < 0)
    return husk_fail_error (g, err);
  *proc = (*spec)->process;
  apply_labels (o, *proc);
  return apply_flags (g, o, *proc, args, nargs);
}

static void
free_opts (struct opts *o)
{
  for (size_t i = 0; i < o->n_env; i++)
    free (o->env[i]);
  for (size_t i = 0; i < o->n_gids; i++)
    free (o->gids[i]);
  for (size_t i = 0; i < o->n_caps; i++)
    free (o->caps[i]);
  for (size_t i = 0; i < o->n_cgroups; i++)
    free (o->cgroups[i]);
  free (o->env);
  free (o->gids);
  free (o->caps);
  free (o->cgroups);
}

int
cmd_exec (struct husk_global *g, int argc, char **argv)
{
  struct opts o = { 0 };
  int first, code;
  if (husk_parse_options (g, "exec", help, argc, argv, longopts, "+e:tu:g:p:dc:", handle, &o, &first, &code))
    {
      free_opts (&o);
      return code;
    }
  if ((code = husk_require_args (g, "exec", argc - first, 1, -1, "the container ID")))
    {
      free_opts (&o);
      return code;
    }
  const char *id = argv[first];
  lc_spec *spec = NULL;
  lc_spec_process *proc = NULL;
  code = load_process (g, &o, id, argv + first + 1, (size_t) (argc - first - 1), &spec, &proc);
  pid_t pid = -1;
  int master = -1;
  if (code == 0)
    {
      struct lc_exec_opts eo = { .root = g->root,
                                 .id = id,
                                 .pid_file = o.pid_file,
                                 .console_socket = o.console_socket,
                                 .console_master = (proc->terminal && !o.console_socket && !o.detach) ? &master : NULL,
                                 .preserve_fds = o.preserve_fds,
                                 .ignore_paused = o.ignore_paused,
                                 .cgroups = o.cgroups,
                                 .n_cgroups = o.n_cgroups,
                                 .config = spec };
      lc_error *err = NULL;
      if (lc_container_exec (&eo, proc, &pid, &err) < 0)
        {
          lc_error_wrap (&err, "exec failed"); /* runc's words */
          code = husk_fail_error (g, err);
        }
    }
  if (spec)
    lc_spec_free (spec);
  else
    lc_spec_process_free (proc);
  free_opts (&o);
  if (code)
    return EXIT_EXEC_FAILED;
  if (o.detach)
    return 0;
  code = husk_wait_process (pid, master);
  if (master >= 0)
    close (master);
  return code;
}
