/* husk - version reporting, see version.h. */
#include "config.h"

#include <seccomp.h>

#include "json.h"
#include "util/util.h"
#include "version.h"

const char *
lc_version (void)
{
  return PACKAGE_VERSION;
}

const char *
lc_commit (void)
{
  return HUSK_COMMIT;
}

char *
lc_library_versions (void)
{
  const struct scmp_version *sv = seccomp_version ();
  return xasprintf ("libseccomp: %u.%u.%u\nlibcap: %s\nyajl: %s\n", sv->major, sv->minor, sv->micro, CAP_PC_VERSION,
                    lc_json_library_version ());
}
