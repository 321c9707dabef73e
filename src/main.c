/* husk - an OCI container runtime.  Command table and global flags.
 *
 * The command line follows runc's, because engines (containerd's runc shim,
 * podman/conmon, Docker) call the runtime binary with runc's argv: global
 * flags first, then the command and its own flags.  go-runc writes long
 * flags with a single dash (-no-subreaper), conmon writes --log-format=json,
 * the shim --log-format json: all forms are accepted. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../libcontainer/container.h"
#include "../libcontainer/exeseal.h"
#include "../libcontainer/userns.h"
#include "../libcontainer/util/util.h"
#include "../libcontainer/version.h"
#include "cli.h"

static const struct husk_command commands[] = {
  { "checkpoint", cmd_checkpoint, "checkpoint a running container" },
  { "create", cmd_create, "create a container", true },
  { "delete", cmd_delete, "delete a container and the resources it holds" },
  { "events", cmd_events, "display container events such as OOM notifications, cpu, memory and I/O usage" },
  { "exec", cmd_exec, "execute a new process inside the container", true },
  { "features", cmd_features, "show the enabled features" },
  { "kill", cmd_kill, "send a signal to the container's init process" },
  { "list", cmd_list, "list containers started by husk with the given root" },
  { "pause", cmd_pause, "suspend all processes inside the container" },
  { "ps", cmd_ps, "display the processes running inside a container" },
  { "restore", cmd_restore, "restore a container from a previous checkpoint" },
  { "resume", cmd_resume, "resume all processes that have been previously paused" },
  { "run", cmd_run, "create and run a container", true },
  { "spec", cmd_spec, "create a new specification file" },
  { "start", cmd_start, "execute the user-defined process in a created container" },
  { "state", cmd_state, "output the state of a container" },
  { "update", cmd_update, "update container resource constraints" },
};

static void
print_version (void)
{
  cleanup_free char *libs = lc_library_versions ();
  printf ("husk version %s\nspec: %s\ncommit: %s\n%s", lc_version (), LC_OCI_VERSION, lc_commit (), libs);
}

static void
print_help (void)
{
  printf ("husk - an OCI container runtime\n\n"
          "Usage: husk [global options] COMMAND [command options] [arguments...]\n\n"
          "Commands:\n");
  for (size_t i = 0; i < LC_ARRAY_SIZE (commands); i++)
    printf ("  %-12s %s\n", commands[i].name, commands[i].summary);
  printf ("\nGlobal options:\n"
          "  --root DIR              state directory (default /run/husk; $XDG_RUNTIME_DIR/husk when not root\n"
          "                          or in a user namespace)\n"
          "  --log FILE              also write log records to FILE\n"
          "  --log-format FORMAT     format of --log records: text (default) or json\n"
          "  --debug                 write debug records\n"
          "  --systemd-cgroup        use systemd to manage cgroups (not available yet: create fails)\n"
          "  --rootless MODE         true, false or auto (default auto: true when not root or in a user\n"
          "                          namespace): whether cgroups that cannot be made are done without\n"
          "  --criu PATH             accepted for runc compatibility; unused\n"
          "  -v, --version           print the version\n"
          "  -h, --help              print this help\n\n"
          "Run 'husk COMMAND --help' for the options of a command.\n");
}

static char *default_root;
static struct husk_global *warn_target;

/* Warnings the library raises (failing poststart/poststop hooks). */
static void
library_warning (const char *msg)
{
  husk_warn (warn_target, "%s", msg);
}

/* Debug records of the library (fallbacks for missing kernel features),
   with --debug. */
static void
library_debug (const char *msg)
{
  husk_debug (warn_target, "%s", msg);
}

/* runc's rule (shouldHonorXDGRuntimeDir): $XDG_RUNTIME_DIR when we are not
   root, or root only of a user namespace (rootless podman's) unless $USER
   says "root"; the host's real root keeps /run/husk even with a
   $XDG_RUNTIME_DIR of /run/user/0.  Not root and no $XDG_RUNTIME_DIR:
   /run/user/<uid>, where a login session would have put it. */
static const char *
pick_default_root (bool *xdg_used)
{
  const char *xdg = getenv ("XDG_RUNTIME_DIR");
  bool have_xdg = xdg && xdg[0] == '/';
  *xdg_used = false;
  if (geteuid () == 0)
    {
      const char *user = getenv ("USER");
      if (!have_xdg || !lc_in_user_namespace () || (user && strcmp (user, "root") == 0))
        return "/run/husk";
    }
  if (have_xdg)
    {
      *xdg_used = true;
      default_root = xasprintf ("%s/husk", xdg);
    }
  else
    default_root = xasprintf ("/run/user/%u/husk", (unsigned) geteuid ());
  return default_root;
}

/* The XDG base directory spec lets $XDG_RUNTIME_DIR be cleaned of files
   untouched for 6 hours, unless they have the sticky bit: a long-running
   container's state must not go that way (runc sets it too). */
static void
stick_xdg_root (struct husk_global *g)
{
  if (mkdir (g->root, 0700) < 0 && errno != EEXIST)
    {
      husk_debug (g, "create the state directory \"%s\": %s", g->root, strerror (errno));
      return;
    }
  struct stat st;
  if (stat (g->root, &st) == 0 && st.st_uid == geteuid () && !(st.st_mode & S_ISVTX)
      && chmod (g->root, (st.st_mode & 07777) | S_ISVTX) < 0)
    husk_debug (g, "set the sticky bit on \"%s\": %s", g->root, strerror (errno));
}

/* runc's shouldUseRootlessCgroupManager: given, or auto: false with
   --systemd-cgroup (systemd delegates), else true unless we are the host's
   real root. */
static bool
resolve_rootless (const struct husk_global *g)
{
  if (g->rootless_mode != ROOTLESS_AUTO)
    return g->rootless_mode == ROOTLESS_TRUE;
  if (g->systemd_cgroup)
    return false;
  return geteuid () != 0 || lc_in_user_namespace ();
}

enum
{
  OPT_ROOT = 256,
  OPT_LOG,
  OPT_LOG_FORMAT,
  OPT_DEBUG,
  OPT_SYSTEMD_CGROUP,
  OPT_ROOTLESS,
  OPT_CRIU,
};

static const struct option global_options[] = {
  { "root", required_argument, NULL, OPT_ROOT },
  { "log", required_argument, NULL, OPT_LOG },
  { "log-format", required_argument, NULL, OPT_LOG_FORMAT },
  { "debug", no_argument, NULL, OPT_DEBUG },
  { "systemd-cgroup", no_argument, NULL, OPT_SYSTEMD_CGROUP },
  { "rootless", required_argument, NULL, OPT_ROOTLESS },
  { "criu", required_argument, NULL, OPT_CRIU },
  { "version", no_argument, NULL, 'v' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

/* runc's parseBoolOrAuto: "auto" in any case or "" is auto, else what Go's
   strconv.ParseBool takes (engines may write --rootless=1). */
static int
parse_rootless (const char *v, enum rootless_mode *out)
{
  static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True" };
  static const char *const no[] = { "0", "f", "F", "FALSE", "false", "False" };
  if (v[0] == '\0' || strcasecmp (v, "auto") == 0)
    {
      *out = ROOTLESS_AUTO;
      return 0;
    }
  for (size_t i = 0; i < LC_ARRAY_SIZE (yes); i++)
    if (strcmp (v, yes[i]) == 0 || strcmp (v, no[i]) == 0)
      {
        *out = strcmp (v, yes[i]) == 0 ? ROOTLESS_TRUE : ROOTLESS_FALSE;
        return 0;
      }
  return -1;
}

/* Global flags.  Returns -1 to go on, or an exit code. */
static int
parse_global (struct husk_global *g, int argc, char **argv)
{
  optind = 0;
  opterr = 0;
  for (;;)
    {
      int at = optind ? optind : 1;
      const char *word = at < argc ? argv[at] : "";
      int opt = getopt_long_only (argc, argv, "+:vh", global_options, NULL);
      if (opt == -1)
        return -1;
      switch (opt)
        {
        case OPT_ROOT:
          if (optarg[0] == '\0')
            return husk_usage_error (g, NULL, "--root must not be empty");
          g->root = optarg;
          break;
        case OPT_LOG:
          g->log_path = optarg;
          break;
        case OPT_LOG_FORMAT:
          if (strcmp (optarg, "json") == 0)
            g->log_format = LOG_FORMAT_JSON;
          else if (strcmp (optarg, "text") == 0)
            g->log_format = LOG_FORMAT_TEXT;
          else
            return husk_usage_error (g, NULL, "--log-format: unknown format \"%s\", expected text or json", optarg);
          break;
        case OPT_DEBUG:
          g->debug = true;
          break;
        case OPT_SYSTEMD_CGROUP:
          g->systemd_cgroup = true;
          break;
        case OPT_ROOTLESS:
          if (parse_rootless (optarg, &g->rootless_mode) < 0)
            return husk_usage_error (g, NULL, "--rootless: unknown value \"%s\", expected true, false or auto", optarg);
          break;
        case OPT_CRIU:
          break;
        case 'v':
          print_version ();
          return 0;
        case 'h':
          print_help ();
          return 0;
        case ':':
          return husk_usage_error (g, NULL, "flag %.*s needs a value", (int) strcspn (word, "="), word);
        default:
          return husk_usage_error (g, NULL, "unknown global flag %.*s", (int) strcspn (word, "="), word);
        }
    }
}

int
main (int argc, char **argv)
{
  struct husk_global g = { .log_format = LOG_FORMAT_TEXT, .rootless_mode = ROOTLESS_AUTO, .argv0 = argv[0] };
  int r = parse_global (&g, argc, argv);
  /* A command that puts processes into a container must not be the host's
     binary when it forks them (see exeseal.h): re-execute from a sealed
     copy first, before anything is opened. */
  const struct husk_command *cmd = NULL;
  for (size_t i = 0; r < 0 && optind < argc && i < LC_ARRAY_SIZE (commands); i++)
    if (strcmp (commands[i].name, argv[optind]) == 0)
      cmd = &commands[i];
  lc_error *seal_err = NULL;
  if (cmd && cmd->seal && lc_exe_seal_reexec (argv, &seal_err) < 0)
    r = EXIT_FAIL;
  /* Open the log before anything can fail, so that every error reaches it. */
  if (husk_log_open (&g) < 0)
    return EXIT_FAIL;
  if (seal_err)
    {
      husk_fail_error (&g, seal_err);
      goto out;
    }
  if (r >= 0)
    goto out;
  bool xdg_root = false;
  if (g.root == NULL)
    g.root = pick_default_root (&xdg_root);
  g.rootless = resolve_rootless (&g);
  warn_target = &g;
  lc_set_warning_handler (library_warning);
  if (g.debug)
    lc_set_debug_handler (library_debug);
  if (optind >= argc)
    {
      print_help ();
      r = husk_usage_error (&g, NULL, "no command given");
      goto out;
    }
  const char *name = argv[optind];
  if (cmd == NULL)
    {
      r = husk_usage_error (&g, NULL, "unknown command \"%s\"", name);
      goto out;
    }
  husk_debug (&g, "state directory %s, rootless %s", g.root, g.rootless ? "true" : "false");
  husk_debug (&g, "husk %s: command %s", lc_version (), name);
  if (xdg_root)
    stick_xdg_root (&g);
  if (cmd->seal && g.debug)
    husk_debug (&g, "running from %s", lc_exe_seal_name (lc_exe_seal_state ()));
  /* The command sees argv starting at its own name. */
  r = cmd->fn (&g, argc - optind, argv + optind);
out:
  husk_log_close ();
  free (default_root);
  return r;
}
