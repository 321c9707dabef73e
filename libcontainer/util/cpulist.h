/* husk - the kernel's CPU (and memory node) list syntax, "0-3,5,7-8", as
 * cpuset.cpus, cpuset.mems and process.execCPUAffinity take it: one
 * parser for the config reader's checks and for sched_setaffinity. */
#ifndef LC_UTIL_CPULIST_H
#define LC_UTIL_CPULIST_H

#include <sched.h>

#include "util.h"

/* Comma-separated numbers and ranges A-B (A <= B), digits only, no
   spaces; "" is the empty list.  set, when not NULL, gets every number
   listed below CPU_SETSIZE (larger ones are valid, and left out).
   0, or -EINVAL when s is not such a list. */
LC_HIDDEN int lc_cpulist_parse (const char *s, cpu_set_t *set);

#endif
