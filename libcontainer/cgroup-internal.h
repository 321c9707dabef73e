/* husk - pieces of the cgroup manager shared between its files.  Internal. */
#ifndef LC_CGROUP_INTERNAL_H
#define LC_CGROUP_INTERNAL_H

#include "cgroup.h"

/* Replace the device filter of the v2 cgroup dir with one for rules. */
LC_HIDDEN int lc_cgroup_v2_devices (const char *dir, const lc_spec_device_rule *rules, size_t nrules, lc_error **err);

#endif
