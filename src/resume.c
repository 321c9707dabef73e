/* husk resume - placeholder until its issue lands. */
#include "config.h"

#include "cli.h"

int
cmd_resume (struct husk_global *g, int argc, char **argv)
{
  return husk_not_implemented (g, "resume", "placeholder");
}
