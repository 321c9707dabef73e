/* husk events - print events of container id as json lines (oom notifications, resource usage). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../libcontainer/spec.h"
#include "../libcontainer/util/util.h"
#include "cli.h"

static const char help[] = "Usage: husk events [--stats] [--interval DURATION] ID\n\n"
      "Print events of container ID as JSON lines (OOM notifications, resource usage).\n"
      "\nOptions:\n"
      "      --stats                  print one set of statistics and exit\n"
      "      --interval DURATION      time between statistics (default 5s)\n";

static const struct option longopts[] = {
  { "stats", no_argument, NULL, 1000 },
  { "interval", required_argument, NULL, 1001 },
  { NULL, 0, NULL, 0 },
};

static int
handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  if (opt == 1001)
    {
      /* Go durations as runc takes them: "5s", "500ms", "1m". */
      char *end = NULL;
      double v = strtod (arg, &end);
      if (end == arg || v <= 0 || (strcmp (end, "s") != 0 && strcmp (end, "ms") != 0 && strcmp (end, "m") != 0
                                   && strcmp (end, "h") != 0))
        return husk_usage_error (g, "events", "--interval: invalid duration \"%s\" (expected e.g. 5s or 500ms)", arg);
    }
  return 0;
}

int
cmd_events (struct husk_global *g, int argc, char **argv)
{
  int first, code;
  if (husk_parse_options (g, "events", help, argc, argv, longopts, NULL, handle, NULL, &first, &code))
    return code;
  if ((code = husk_require_args (g, "events", argc - first, 1, 1, "the container ID")))
    return code;
  lc_error *err = NULL;
  if (lc_state_validate_id (argv[first], &err) < 0)
    return husk_fail_error (g, err);
  struct husk_container c;
  if ((code = husk_open_container (g, argv[first], &c)))
    return code;
  husk_close_container (&c);
  return husk_not_implemented (g, "events", "events come with cgroup support");
}
