/* husk features - placeholder until its issue lands. */
#include "config.h"

#include "cli.h"

int
cmd_features (struct husk_global *g, int argc, char **argv)
{
  return husk_not_implemented (g, "features", "placeholder");
}
