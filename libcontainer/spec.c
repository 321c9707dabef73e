/* husk - PLACEHOLDER config.json loader. */
#include "config.h"

#include <errno.h>

#include "spec.h"

int
lc_spec_load_file (const char *path, lc_spec **out, lc_error **err)
{
  return lc_error_set (err, ENOSYS, "config.json: loader not written yet");
}

int
lc_spec_parse (const char *buf, size_t len, const char *name, lc_spec **out, lc_error **err)
{
  return lc_error_set (err, ENOSYS, "%s: loader not written yet", name);
}

void
lc_spec_free (lc_spec *spec)
{
}

int
lc_spec_parse_process (const char *buf, size_t len, const char *name, lc_spec_process **out, lc_error **err)
{
  return lc_error_set (err, ENOSYS, "%s: loader not written yet", name);
}

void
lc_spec_process_free (lc_spec_process *p)
{
}
