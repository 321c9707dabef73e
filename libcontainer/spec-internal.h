/* husk - what spec.c and spec-linux.c share: a reader that walks the JSON
 * tree while keeping the JSON path of where it is, so that every message
 * names the field ("linux.resources.memory.limit: expected an integer, got
 * \"64m\"").  Internal. */
#ifndef LC_SPEC_INTERNAL_H
#define LC_SPEC_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "json.h"
#include "spec.h"
#include "util/util.h"

struct rd
{
  const char *name; /* "config.json" */
  lc_error **err;
  char path[2048];
  size_t len;
};

/* Path bookkeeping: push returns the previous length for rd_pop. */
LC_HIDDEN size_t rd_push_key (struct rd *r, const char *key);
LC_HIDDEN size_t rd_push_index (struct rd *r, size_t i);
LC_HIDDEN void rd_pop (struct rd *r, size_t saved);

/* Report "<name>: <path>: <message>" and return -1. */
LC_HIDDEN int rd_fail (struct rd *r, const char *fmt, ...) LC_PRINTF (2, 3);
/* Same about member key of the current object. */
LC_HIDDEN int rd_fail_at (struct rd *r, const char *key, const char *fmt, ...) LC_PRINTF (3, 4);

/* Member readers.  obj is the current object (path points at it).  Absent
   members (or null, treated as absent) leave *out alone and *has false;
   return 0 or -1 after reporting. */
LC_HIDDEN int rd_object (struct rd *r, const lc_json *obj, const char *key, const lc_json **out);
LC_HIDDEN int rd_array (struct rd *r, const lc_json *obj, const char *key, const lc_json **out);
LC_HIDDEN int rd_string (struct rd *r, const lc_json *obj, const char *key, char **out);
LC_HIDDEN int rd_bool (struct rd *r, const lc_json *obj, const char *key, bool *out, bool *has);
LC_HIDDEN int rd_u64 (struct rd *r, const lc_json *obj, const char *key, uint64_t max, uint64_t *out, bool *has);
LC_HIDDEN int rd_i64 (struct rd *r, const lc_json *obj, const char *key, int64_t min, int64_t max, int64_t *out,
                      bool *has);
LC_HIDDEN int rd_u32 (struct rd *r, const lc_json *obj, const char *key, uint32_t *out, bool *has);
/* Required variants: absent is "is required". */
LC_HIDDEN int rd_req_string (struct rd *r, const lc_json *obj, const char *key, char **out);
LC_HIDDEN int rd_req_u64 (struct rd *r, const lc_json *obj, const char *key, uint64_t max, uint64_t *out);
LC_HIDDEN int rd_req_i64 (struct rd *r, const lc_json *obj, const char *key, int64_t min, int64_t max,
                          int64_t *out);
LC_HIDDEN int rd_strv (struct rd *r, const lc_json *obj, const char *key, char ***out, size_t *n);
LC_HIDDEN int rd_strmap (struct rd *r, const lc_json *obj, const char *key, lc_strmap *out);
LC_HIDDEN int rd_idmaps (struct rd *r, const lc_json *obj, const char *key, lc_idmap **out, size_t *n);
/* A string member that must be one of names[] (NULL-terminated); *idx is its
   index. */
LC_HIDDEN int rd_enum (struct rd *r, const lc_json *obj, const char *key, const char *const *names, bool required,
                       int *idx, bool *has);
/* An array of names from names[] (NULL-terminated), as bits (1 << index). */
LC_HIDDEN int rd_flags (struct rd *r, const lc_json *obj, const char *key, const char *const *names, uint64_t *bits);
/* Check the type of the value at the current path. */
LC_HIDDEN int rd_expect (struct rd *r, const lc_json *v, enum lc_json_type t);
/* "a, b or c" for messages. */
LC_HIDDEN char *rd_join_names (const char *const *names);

LC_HIDDEN void lc_strmap_free (lc_strmap *m);
LC_HIDDEN int lc_spec_parse_resources_obj (struct rd *r, const lc_json *res, lc_spec_resources **out);
LC_HIDDEN void lc_strv_free (char **v, size_t n);

LC_HIDDEN int lc_spec_parse_linux (struct rd *r, const lc_json *lx_obj, lc_spec_linux **out);
LC_HIDDEN void lc_spec_linux_free (lc_spec_linux *l);
LC_HIDDEN int lc_spec_parse_process_obj (struct rd *r, const lc_json *obj, lc_spec_process **out);

#endif
