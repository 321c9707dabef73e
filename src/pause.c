/* husk pause - placeholder until its issue lands. */
#include "config.h"

#include "cli.h"

int
cmd_pause (struct husk_global *g, int argc, char **argv)
{
  return husk_not_implemented (g, "pause", "placeholder");
}
