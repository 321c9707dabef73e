/* husk - what the command files share: global options, error and log output,
 * and the command table entry type.  The CLI is the only place that prints. */
#ifndef HUSK_CLI_H
#define HUSK_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include <errno.h>
#include <sys/types.h>

#include "../libcontainer/error.h"
#include "../libcontainer/state.h"

enum log_format
{
  LOG_FORMAT_TEXT,
  LOG_FORMAT_JSON,
};

enum rootless_mode
{
  ROOTLESS_AUTO,
  ROOTLESS_TRUE,
  ROOTLESS_FALSE,
};

/* Global flags, parsed by main.c before the command name. */
struct husk_global
{
  const char *root; /* state directory (--root) */
  const char *log_path;
  enum log_format log_format;
  bool debug;
  bool systemd_cgroup;
  enum rootless_mode rootless_mode; /* --rootless as given */
  /* --rootless resolved (auto: not root, or in a user namespace): a cgroup
     that cannot be made is done without when nothing is asked of it. */
  bool rootless;
  const char *argv0;
};

struct husk_command
{
  const char *name;
  int (*fn) (struct husk_global *g, int argc, char **argv);
  const char *summary; /* one line for `husk --help` */
  bool seal;           /* starts processes in containers: run from a sealed binary */
};

/* Exit status of a failed command, as runc's (1). */
#define EXIT_FAIL 1
/* Exit status of an exec that husk could not carry out, as runc's: callers
   tell it from the command's own exit status. */
#define EXIT_EXEC_FAILED 255
/* Exit status of a usage error (bad flag, missing argument). */
#define EXIT_USAGE 1

/* Report an error: one line to stderr ("husk: <msg>"), and one record at
   level "error" to --log when it is set.  Returns EXIT_FAIL. */
int husk_fail (struct husk_global *g, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

/* Same, for an lc_error from the library (consumes it); ctx may be NULL. */
int husk_fail_error (struct husk_global *g, lc_error *err);

/* A usage error about a command's arguments: names the command and points at
   `husk CMD --help`. */
int husk_usage_error (struct husk_global *g, const char *cmd, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

/* A warning: stderr and --log at level "warning". */
void husk_warn (struct husk_global *g, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

/* Debug message, only with --debug: --log (or stderr without --log). */
void husk_debug (struct husk_global *g, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

/* Open the --log file (append).  Returns 0, or -1 after printing why. */
int husk_log_open (struct husk_global *g);
void husk_log_close (void);

/* Option parsing shared by all commands.  Parses argv with getopt_long_only
   (so go-runc's single-dash long flags work).  Options may come after the
   operands, as with runc; shortopts starting with '+' stop at the first
   operand instead (exec and ps: the rest is another command line).  "-h"/"--help" prints `help` to stdout and returns 1 with
   *exit_code = 0; an unknown flag prints a usage error and returns 1 with
   *exit_code = EXIT_USAGE.  Otherwise calls handle(opt, optarg, data) for
   each option; a non-zero return of handle is an exit code.  On success
   returns 0 and *first_arg is the index of the first operand: the operands
   are then the last entries of argv, in their order. */
typedef int (*husk_opt_handler) (struct husk_global *g, int opt, const char *arg, void *data);
int husk_parse_options (struct husk_global *g, const char *cmd, const char *help, int argc, char **argv,
                        const struct option *longopts, const char *shortopts, husk_opt_handler handle, void *data,
                        int *first_arg, int *exit_code);

/* Require exactly/at least n operands; prints the usage error. */
int husk_require_args (struct husk_global *g, const char *cmd, int nargs, int min, int max, const char *what);

/* For commands whose work belongs to a later issue: a clear error, exit 1. */
int husk_not_implemented (struct husk_global *g, const char *cmd, const char *what);

/* An existing container, opened and locked (see libcontainer/state.h). */
/* User name of uid for `list` and `state` ("root"), or "#uid". */
char *husk_user_name (uid_t uid);

/* Flags shared by create and run (run adds --detach and --keep). */
struct lc_spec;
struct husk_create_opts
{
  const char *cmd;
  const char *bundle, *console_socket, *pid_file;
  bool no_pivot, no_new_keyring, detach, keep;
  int preserve_fds;
  int *console_master; /* run: receives the pty master to proxy */
  char *bundle_abs; /* set by husk_create_check; caller frees */
};
int husk_create_handle (struct husk_global *g, int opt, const char *arg, void *data);
/* Validate the id, resolve the bundle, load and check its config.json, and
   refuse an id in use.  Returns 0 or the exit code after reporting. */
int husk_create_check (struct husk_global *g, struct husk_create_opts *o, const char *id, struct lc_spec **spec);

/* Create the container (after husk_create_check). */
int husk_create_container (struct husk_global *g, struct husk_create_opts *o, const char *id, struct lc_spec *spec,
                           pid_t *pid);

/* Wait for our child pid (a container's init or an exec'd process),
   forwarding signals and, with master >= 0, proxying the pty with our
   terminal in raw mode.  Returns its exit status (128+N for signal N). */
int husk_wait_process (pid_t pid, int master);

/* All commands, one file each. */
int cmd_checkpoint (struct husk_global *g, int argc, char **argv);
int cmd_create (struct husk_global *g, int argc, char **argv);
int cmd_delete (struct husk_global *g, int argc, char **argv);
int cmd_events (struct husk_global *g, int argc, char **argv);
int cmd_exec (struct husk_global *g, int argc, char **argv);
int cmd_features (struct husk_global *g, int argc, char **argv);
int cmd_kill (struct husk_global *g, int argc, char **argv);
int cmd_list (struct husk_global *g, int argc, char **argv);
int cmd_pause (struct husk_global *g, int argc, char **argv);
int cmd_ps (struct husk_global *g, int argc, char **argv);
int cmd_restore (struct husk_global *g, int argc, char **argv);
int cmd_resume (struct husk_global *g, int argc, char **argv);
int cmd_run (struct husk_global *g, int argc, char **argv);
int cmd_spec (struct husk_global *g, int argc, char **argv);
int cmd_start (struct husk_global *g, int argc, char **argv);
int cmd_state (struct husk_global *g, int argc, char **argv);
int cmd_update (struct husk_global *g, int argc, char **argv);

#endif
