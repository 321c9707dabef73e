/* husk run - placeholder until its issue lands. */
#include "config.h"

#include "cli.h"

int
cmd_run (struct husk_global *g, int argc, char **argv)
{
  return husk_not_implemented (g, "run", "placeholder");
}
