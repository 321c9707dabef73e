/* husk - option parsing shared by all commands. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int
husk_parse_options (struct husk_global *g, const char *cmd, const char *help, int argc, char **argv,
                    const struct option *longopts, const char *shortopts, husk_opt_handler handle, void *data,
                    int *first_arg, int *exit_code)
{
  /* Leading '+': stop at the first operand, so that `exec ID sh -c ...` keeps
     the program's own flags.  Leading ':' (after '+'): report a missing
     argument as ':' so we can word the message ourselves. */
  char optstring[128];
  snprintf (optstring, sizeof optstring, "+:h%s", shortopts ? shortopts : "");

  /* Every command understands --help; append it to the command's table. */
  size_t n = 0;
  while (longopts && longopts[n].name)
    n++;
  struct option all[64];
  if (n + 2 > sizeof all / sizeof all[0])
    abort ();
  if (n)
    memcpy (all, longopts, n * sizeof (*all));
  all[n] = (struct option){ "help", no_argument, NULL, 'h' };
  all[n + 1] = (struct option){ NULL, 0, NULL, 0 };

  optind = 0; /* full reinitialisation of getopt (glibc) */
  opterr = 0;
  for (;;)
    {
      /* The argument getopt is about to look at, for messages. */
      int at = optind ? optind : 1;
      const char *word = at < argc ? argv[at] : "";
      int opt = getopt_long_only (argc, argv, optstring, all, NULL);
      if (opt == -1)
        break;
      if (opt == 'h')
        {
          fputs (help, stdout);
          *exit_code = 0;
          return 1;
        }
      if (opt == '?' || opt == ':')
        {
          char flag[64];
          bool longflag = strncmp (word, "--", 2) == 0 || (word[0] == '-' && strlen (word) > 2 && !optopt);
          if (longflag || optopt == 0 || (opt == ':' && strlen (word) > 2))
            snprintf (flag, sizeof flag, "%.*s", (int) strcspn (word, "="), word);
          else
            snprintf (flag, sizeof flag, "-%c", optopt);
          if (opt == '?')
            *exit_code = husk_usage_error (g, cmd, "unknown flag %s", flag);
          else
            *exit_code = husk_usage_error (g, cmd, "flag %s needs a value", flag);
          return 1;
        }
      int r = handle (g, opt, optarg, data);
      if (r != 0)
        {
          *exit_code = r;
          return 1;
        }
    }
  *first_arg = optind;
  return 0;
}

int
husk_require_args (struct husk_global *g, const char *cmd, int nargs, int min, int max, const char *what)
{
  if (nargs < min)
    return husk_usage_error (g, cmd, "missing %s", what);
  if (max >= 0 && nargs > max)
    return husk_usage_error (g, cmd, "too many arguments: expected %s", what);
  return 0;
}

int
husk_not_implemented (struct husk_global *g, const char *cmd, const char *what)
{
  return husk_fail (g, "%s: not implemented yet in this version of husk (%s)", cmd, what);
}
