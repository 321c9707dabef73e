/* husk resume - thaw the processes of container id, frozen by 'husk pause'. */
#include "config.h"

#include "../libcontainer/spec.h"
#include "../libcontainer/util/util.h"
#include "cli.h"

static const char help[] = "Usage: husk resume ID\n\n"
      "Thaw the processes of container ID, frozen by 'husk pause'.\n";


static int
handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  return 0;
}

int
cmd_resume (struct husk_global *g, int argc, char **argv)
{
  int first, code;
  if (husk_parse_options (g, "resume", help, argc, argv, NULL, NULL, handle, NULL, &first, &code))
    return code;
  if ((code = husk_require_args (g, "resume", argc - first, 1, 1, "the container ID")))
    return code;
  lc_error *err = NULL;
  if (lc_state_validate_id (argv[first], &err) < 0)
    return husk_fail_error (g, err);
  struct husk_container c;
  if ((code = husk_open_container (g, argv[first], &c)))
    return code;
  husk_close_container (&c);
  return husk_not_implemented (g, "resume", "resume comes with cgroup support");
}
