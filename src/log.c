/* husk - error, warning and debug output of the CLI.
 *
 * Contract with callers (see ../shared/notes/engine-invocations.md):
 *  - errors always go to stderr as one line;
 *  - with --log, each record is also appended to that file, one per line:
 *    --log-format json: {"level":"error","msg":"...","time":"RFC3339"} (containerd
 *    keeps the last "error" record; podman parses the whole file as one JSON
 *    object, so a failed command that logs nothing else leaves exactly one line);
 *    --log-format text: time="..." level=error msg="..." (logrus style, as runc).
 *  - debug records only with --debug. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../libcontainer/json.h"
#include "../libcontainer/util/util.h"
#include "cli.h"

static int log_fd = -1;

int
husk_log_open (struct husk_global *g)
{
  if (g->log_path == NULL || g->log_path[0] == '\0')
    return 0;
  log_fd = open (g->log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
  if (log_fd < 0)
    {
      fprintf (stderr, "husk: --log: open \"%s\": %s\n", g->log_path, strerror (errno));
      return -1;
    }
  return 0;
}

void
husk_log_close (void)
{
  if (log_fd >= 0)
    close (log_fd);
  log_fd = -1;
}

static void
rfc3339_now (char *buf, size_t len)
{
  time_t now = time (NULL);
  struct tm tm;
  gmtime_r (&now, &tm);
  strftime (buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* logrus quotes values with Go's %q: backslash and double quote escaped. */
static char *
text_quote (const char *s)
{
  size_t n = 0;
  char *out = xmalloc (strlen (s) * 4 + 3);
  out[n++] = '"';
  for (; *s; s++)
    {
      unsigned char c = (unsigned char) *s;
      if (c == '"' || c == '\\')
        {
          out[n++] = '\\';
          out[n++] = (char) c;
        }
      else if (c == '\n')
        {
          out[n++] = '\\';
          out[n++] = 'n';
        }
      else if (c < 0x20)
        n += (size_t) sprintf (out + n, "\\x%02x", c);
      else
        out[n++] = (char) c;
    }
  out[n++] = '"';
  out[n] = '\0';
  return out;
}

static void
write_record (struct husk_global *g, int fd, const char *level, const char *msg)
{
  char ts[64];
  rfc3339_now (ts, sizeof ts);
  if (g->log_format == LOG_FORMAT_JSON)
    {
      lc_json_gen *j = lc_json_gen_new (false);
      lc_json_gen_map_open (j);
      lc_json_gen_kv_string (j, "level", level);
      lc_json_gen_kv_string (j, "msg", msg);
      lc_json_gen_kv_string (j, "time", ts);
      lc_json_gen_map_close (j);
      size_t len;
      const char *buf = lc_json_gen_buf (j, &len);
      cleanup_free char *line = xasprintf ("%.*s\n", (int) len, buf);
      lc_write_all (fd, line, strlen (line));
      lc_json_gen_free (j);
    }
  else
    {
      cleanup_free char *q = text_quote (msg);
      cleanup_free char *line = xasprintf ("time=\"%s\" level=%s msg=%s\n", ts, level, q);
      lc_write_all (fd, line, strlen (line));
    }
}

static void
emit (struct husk_global *g, const char *level, bool to_stderr, const char *msg)
{
  if (to_stderr)
    {
      cleanup_free char *line = xasprintf ("husk: %s%s\n", strcmp (level, "warning") == 0 ? "warning: " : "", msg);
      lc_write_all (STDERR_FILENO, line, strlen (line));
    }
  if (log_fd >= 0)
    write_record (g, log_fd, level, msg);
}

int
husk_fail (struct husk_global *g, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  cleanup_free char *msg = xvasprintf (fmt, ap);
  va_end (ap);
  emit (g, "error", true, msg);
  return EXIT_FAIL;
}

int
husk_fail_error (struct husk_global *g, lc_error *err)
{
  emit (g, "error", true, err && err->msg ? err->msg : "unknown error");
  lc_error_free (err);
  return EXIT_FAIL;
}

int
husk_usage_error (struct husk_global *g, const char *cmd, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  cleanup_free char *msg = xvasprintf (fmt, ap);
  va_end (ap);
  if (cmd)
    husk_fail (g, "%s: %s (see 'husk %s --help')", cmd, msg, cmd);
  else
    husk_fail (g, "%s (see 'husk --help')", msg);
  return EXIT_USAGE;
}

void
husk_warn (struct husk_global *g, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  cleanup_free char *msg = xvasprintf (fmt, ap);
  va_end (ap);
  emit (g, "warning", true, msg);
}

void
husk_debug (struct husk_global *g, const char *fmt, ...)
{
  if (!g->debug)
    return;
  va_list ap;
  va_start (ap, fmt);
  cleanup_free char *msg = xvasprintf (fmt, ap);
  va_end (ap);
  if (log_fd >= 0)
    write_record (g, log_fd, "debug", msg);
  else
    write_record (g, STDERR_FILENO, "debug", msg);
}
