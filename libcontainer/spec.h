/* husk - config.json model.  PLACEHOLDER: the real typed model replaces this
 * file; these entry points keep their signatures. */
#ifndef LC_SPEC_H
#define LC_SPEC_H

#include <stddef.h>

#include "error.h"

typedef struct lc_spec lc_spec;
typedef struct lc_spec_process lc_spec_process;

/* Load and validate a config.json.  Every error message starts with
   "config.json: " followed by the JSON path of the field and what is wrong. */
LC_EXPORT int lc_spec_load_file (const char *path, lc_spec **out, lc_error **err);
/* Same from memory; name is the prefix of messages ("config.json"). */
LC_EXPORT int lc_spec_parse (const char *buf, size_t len, const char *name, lc_spec **out, lc_error **err);
LC_EXPORT void lc_spec_free (lc_spec *spec);

/* A process.json as given to `exec --process`: the "process" object alone. */
LC_EXPORT int lc_spec_parse_process (const char *buf, size_t len, const char *name, lc_spec_process **out,
                                     lc_error **err);
LC_EXPORT void lc_spec_process_free (lc_spec_process *p);

#endif
