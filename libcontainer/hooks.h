/* husk - running OCI hooks (config.md "POSIX-platform Hooks").  Internal. */
#ifndef LC_HOOKS_H
#define LC_HOOKS_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "spec.h"
#include "util/util.h"

/* Run spec's hooks of one kind in order, each with the state JSON on its
   stdin, its args/env, its timeout (killed past it), default signal
   dispositions and an empty signal mask, and cwd (when not NULL) as its
   working directory: as runc, the bundle for prestart, createRuntime,
   poststart and poststop, the rootfs for createContainer, the container's
   process.cwd for startContainer.  Stops at the first failure:
   "hooks.<kind>[i]: \"/path\" exited with status 3". */
LC_HIDDEN int lc_hooks_run (const lc_spec *spec, enum lc_hook_kind kind, const char *state_json, const char *cwd,
                            lc_error **err);
/* The same, for poststop: every hook runs, each failure is a warning
   ('container "<id>": hooks.poststop[i]: ...'), as the spec requires. */
LC_HIDDEN void lc_hooks_run_warn (const lc_spec *spec, enum lc_hook_kind kind, const char *state_json,
                                  const char *cwd, const char *id);

/* The state JSON given to hooks: ociVersion, id, status, pid, bundle,
   annotations. */
LC_HIDDEN char *lc_hooks_state_json (const char *id, const char *status, pid_t pid, const char *bundle,
                                     const lc_strmap *annotations);

/* Name of a kind as in config.json and `features` ("createRuntime"). */
LC_HIDDEN const char *lc_hook_kind_name (enum lc_hook_kind kind);
/* Every kind's name, NULL-terminated, in the order of enum lc_hook_kind,
   which is the order of the lifecycle (see hooks.c). */
LC_HIDDEN const char *const *lc_hook_kind_names (void);

#endif
