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
  /* Options may follow the operands, as runc's command line reorders them
  (`husk update ID --memory 64m`): getopt's '-' mode hands each operand back
  in order (whatever POSIXLY_CORRECT says), and they are gathered at the end
  of argv.  A command whose shortopts start with '+' (exec, ps: what follows
  the id is another program's command line, as runc's SkipArgReorder) stops
  at the first operand instead.  ':' reports a missing argument as ':' so
  we can word the message ourselves. */
  bool in_order = shortopts && shortopts[0] == '+';
  if (in_order)
    shortopts++;
  char optstring[128];
  snprintf (optstring, sizeof optstring, "%c:h%s", in_order ? '+' : '-', shortopts ? shortopts : "");
  char **operands = calloc ((size_t) argc + 1, sizeof (char *));
  size_t n_operands = 0;
  if (operands == NULL)
    abort ();

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
      if (opt == 1)
        {
          operands[n_operands++] = optarg;
          continue;
        }
      if (opt == 'h')
        {
          fputs (help, stdout);
          *exit_code = 0;
          free (operands);
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
          free (operands);
          return 1;
        }
      int r = handle (g, opt, optarg, data);
      if (r != 0)
        {
          *exit_code = r;
          free (operands);
          return 1;
        }
    }
  /* The operands getopt handed back, then those after "--" (or, in order
     mode, from the first operand on), as the last entries of argv. */
  for (int i = optind; i < argc; i++)
    operands[n_operands++] = argv[i];
  int first = argc - (int) n_operands;
  memcpy (argv + first, operands, n_operands * sizeof (char *));
  free (operands);
  *first_arg = first;
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
