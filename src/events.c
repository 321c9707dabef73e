/* husk events - print events of container id as json lines (oom notifications, resource usage). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <stdio.h>
#include <time.h>

#include "../libcontainer/container.h"
#include "../libcontainer/spec.h"
#include "../libcontainer/state.h"
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

struct opts
{
  bool stats;
  long interval_ms;
};

static int
handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  struct opts *o = data;
  if (opt == 1000)
    o->stats = true;
  if (opt == 1001)
    {
      /* Go durations as runc takes them: "5s", "500ms", "1m". */
      char *end = NULL;
      double v = strtod (arg, &end);
      double mul = strcmp (end, "ms") == 0 ? 1 : strcmp (end, "s") == 0 ? 1000 : strcmp (end, "m") == 0 ? 60000
                                                                               : strcmp (end, "h") == 0 ? 3600000
                                                                                                         : -1;
      if (end == arg || v <= 0 || mul < 0)
        return husk_usage_error (g, "events", "--interval: invalid duration \"%s\" (expected e.g. 5s or 500ms)", arg);
      o->interval_ms = (long) (v * mul) > 0 ? (long) (v * mul) : 1;
    }
  return 0;
}

static void
emit (const char *type, const char *id, const char *data)
{
  if (data)
    printf ("{\"type\":\"%s\",\"id\":\"%s\",\"data\":%s}\n", type, id, data);
  else
    printf ("{\"type\":\"%s\",\"id\":\"%s\"}\n", type, id);
  fflush (stdout);
}

int
cmd_events (struct husk_global *g, int argc, char **argv)
{
  int first, code;
  struct opts o = { .interval_ms = 5000 };
  if (husk_parse_options (g, "events", help, argc, argv, longopts, NULL, handle, &o, &first, &code))
    return code;
  if ((code = husk_require_args (g, "events", argc - first, 1, 1, "the container ID")))
    return code;
  const char *id = argv[first];
  lc_error *err = NULL;
  uint64_t ooms = 0;
  bool alive = false;
  char *data = lc_container_stats (g->root, id, &ooms, &alive, &err);
  if (data == NULL)
    return husk_fail_error (g, err);
  if (o.stats)
    {
      emit ("stats", id, data);
      free (data);
      return 0;
    }
  free (data);
  /* Stats every interval and an "oom" event for each new OOM kill, until
     the container's process is gone (checked every 100 ms). */
  long since = o.interval_ms;
  for (;;)
    {
      struct timespec ts = { 0, 100 * 1000 * 1000 };
      nanosleep (&ts, NULL);
      since += 100;
      uint64_t now = 0;
      data = lc_container_stats (g->root, id, &now, &alive, NULL);
      if (data == NULL)
        return 0;
      for (; ooms < now; ooms++)
        emit ("oom", id, NULL);
      if (!alive)
        {
          free (data);
          return 0;
        }
      if (since >= o.interval_ms)
        {
          emit ("stats", id, data);
          since = 0;
        }
      free (data);
    }
}
