/* husk spec - placeholder until its issue lands. */
#include "config.h"

#include "cli.h"

int
cmd_spec (struct husk_global *g, int argc, char **argv)
{
  return husk_not_implemented (g, "spec", "placeholder");
}
