/* husk kill - placeholder until its issue lands. */
#include "config.h"

#include "cli.h"

int
cmd_kill (struct husk_global *g, int argc, char **argv)
{
  return husk_not_implemented (g, "kill", "placeholder");
}
