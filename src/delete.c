/* husk delete - placeholder until its issue lands. */
#include "config.h"

#include "cli.h"

int
cmd_delete (struct husk_global *g, int argc, char **argv)
{
  return husk_not_implemented (g, "delete", "placeholder");
}
