/* husk list - the containers under --root. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../libcontainer/container.h"
#include "../libcontainer/json.h"
#include "../libcontainer/util/util.h"
#include "../libcontainer/version.h"
#include "cli.h"

static const char help[] = "Usage: husk list [--format table|json] [--quiet]\n\n"
                           "List the containers under --root.\n\n"
                           "Options:\n"
                           "  -f, --format FORMAT   table (default) or json\n"
                           "  -q, --quiet           print only the container IDs\n";

struct opts
{
  bool json, quiet;
};

static int
handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  struct opts *o = data;
  switch (opt)
    {
    case 'f':
      if (strcmp (arg, "json") == 0)
        o->json = true;
      else if (strcmp (arg, "table") == 0)
        o->json = false;
      else
        return husk_usage_error (g, "list", "--format: unknown format \"%s\", expected table or json", arg);
      return 0;
    case 'q':
      o->quiet = true;
      return 0;
    }
  return 0;
}

static const struct option longopts[] = {
  { "format", required_argument, NULL, 'f' },
  { "quiet", no_argument, NULL, 'q' },
  { NULL, 0, NULL, 0 },
};

static void
print_json (lc_state **list, size_t n)
{
  lc_json_gen *g = lc_json_gen_new (false);
  lc_json_gen_array_open (g);
  for (size_t i = 0; i < n; i++)
    {
      /* Same members as `husk state`, one object per container. */
      cleanup_free char *owner = husk_user_name (list[i]->owner);
      cleanup_free char *one = lc_state_oci_json (list[i], owner, false);
      lc_json *v = lc_json_parse (one, strlen (one), NULL, NULL);
      if (v)
        lc_json_gen_value (g, v);
      lc_json_free (v);
    }
  lc_json_gen_array_close (g);
  printf ("%s\n", lc_json_gen_buf (g, NULL));
  lc_json_gen_free (g);
}

/* runc's tabwriter: each column as wide as its widest cell plus 3, at least 12. */
static void
print_table (lc_state **list, size_t n)
{
  enum { COLS = 6 };
  static const char *const head[COLS] = { "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER" };
  char ***cells = xcalloc (n + 1, sizeof (char **));
  size_t width[COLS] = { 0 };
  for (size_t r = 0; r <= n; r++)
    {
      cells[r] = xcalloc (COLS, sizeof (char *));
      if (r == 0)
        for (int c = 0; c < COLS; c++)
          cells[0][c] = xstrdup (head[c]);
      else
        {
          lc_state *st = list[r - 1];
          const char *status = lc_state_status (st);
          bool alive = strcmp (status, "stopped") != 0;
          cells[r][0] = xstrdup (st->id);
          cells[r][1] = xasprintf ("%d", alive ? (int) st->pid : 0);
          cells[r][2] = xstrdup (status);
          cells[r][3] = xstrdup (st->bundle);
          cells[r][4] = xstrdup (st->created ? st->created : "");
          cells[r][5] = husk_user_name (st->owner);
        }
      for (int c = 0; c < COLS; c++)
        if (strlen (cells[r][c]) > width[c])
          width[c] = strlen (cells[r][c]);
    }
  for (size_t r = 0; r <= n; r++)
    {
      for (int c = 0; c < COLS; c++)
        {
          size_t w = width[c] + 3 < 12 ? 12 : width[c] + 3;
          if (c + 1 < COLS)
            printf ("%-*s", (int) w, cells[r][c]);
          else
            printf ("%s\n", cells[r][c]);
          free (cells[r][c]);
        }
      free (cells[r]);
    }
  free (cells);
}

int
cmd_list (struct husk_global *g, int argc, char **argv)
{
  struct opts o = { 0 };
  int first, code;
  if (husk_parse_options (g, "list", help, argc, argv, longopts, "f:q", handle, &o, &first, &code))
    return code;
  if ((code = husk_require_args (g, "list", argc - first, 0, 0, "no arguments")))
    return code;
  lc_state **list = NULL;
  size_t n = 0;
  lc_error *err = NULL;
  if (lc_container_list (g->root, &list, &n, &err) < 0)
    return husk_fail_error (g, err);
  if (o.quiet)
    for (size_t i = 0; i < n; i++)
      printf ("%s\n", list[i]->id);
  else if (o.json)
    print_json (list, n);
  else
    print_table (list, n);
  lc_state_list_free (list, n);
  return 0;
}
