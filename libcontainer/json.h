/* husk - the one module that knows our JSON library (yajl).
 *
 * Parsing builds a small read-only tree with bounds a hostile file cannot
 * inflate (nesting depth, array/object length, string size, node count).
 * Numbers keep their text so that int64 and uint64 are both exact.
 * Generating goes through lc_json_gen.  Swapping yajl touches json.c only. */
#ifndef LC_JSON_H
#define LC_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

enum lc_json_type
{
  LC_JSON_NULL,
  LC_JSON_BOOL,
  LC_JSON_NUMBER,
  LC_JSON_STRING,
  LC_JSON_ARRAY,
  LC_JSON_OBJECT,
};

typedef struct lc_json lc_json;
struct lc_json
{
  enum lc_json_type type;
  bool boolean;       /* LC_JSON_BOOL */
  char *str;          /* LC_JSON_STRING: the string (may contain NUL, see len); LC_JSON_NUMBER: its text */
  size_t len;         /* string length; item count for arrays and objects */
  char **keys;        /* LC_JSON_OBJECT: len keys */
  lc_json **items;    /* LC_JSON_ARRAY: items; LC_JSON_OBJECT: values, parallel to keys */
  unsigned line, col; /* where the value starts, 1-based */
};

typedef struct lc_json_limits
{
  size_t max_depth;  /* nesting of arrays and objects */
  size_t max_items;  /* members of one array or object */
  size_t max_string; /* bytes in one string or key */
  size_t max_nodes;  /* values in the whole document */
} lc_json_limits;

/* Limits for config.json and process.json: generous for any real engine's
   file (Docker's seccomp profile has ~400 names in one array), small enough
   that a hostile file cannot exhaust memory. */
extern const lc_json_limits lc_json_default_limits;

/* Parse len bytes.  Errors read "line L, column C: invalid JSON: <why>",
   or name the JSON path and what is wrong there: a bound that was hit
   ("a.b[0]: nesting is too deep (limit 64)"), a key given twice in one
   object ("process.args: duplicate key"), a key holding a NUL character.
   err may be NULL. */
LC_EXPORT lc_json *lc_json_parse (const char *buf, size_t len, const lc_json_limits *limits, lc_error **err);
LC_EXPORT void lc_json_free (lc_json *v);

/* Member of an object, NULL when absent or when obj is not an object.  The
   parser refuses duplicate keys, so there is at most one. */
LC_EXPORT const lc_json *lc_json_get (const lc_json *obj, const char *key);

/* Integer value of a number.  0 on success; -EINVAL when the number is not an
   integer (has a fraction or exponent), -ERANGE when it does not fit. */
LC_EXPORT int lc_json_int64 (const lc_json *v, int64_t *out);
LC_EXPORT int lc_json_uint64 (const lc_json *v, uint64_t *out);

/* Name of a type for messages: "a string", "an integer", "an object", ... */
LC_EXPORT const char *lc_json_type_name (const lc_json *v);

/* A short rendering of a value for error messages: strings quoted and cut
   to a few dozen bytes, numbers as written, containers as "an object". */
LC_EXPORT char *lc_json_describe (const lc_json *v);

/* Version of the JSON library in use, "2.1.0". */
LC_EXPORT const char *lc_json_library_version (void);

/* Generator. */
typedef struct lc_json_gen lc_json_gen;
LC_EXPORT lc_json_gen *lc_json_gen_new (bool pretty);
LC_EXPORT void lc_json_gen_free (lc_json_gen *g);
LC_EXPORT void lc_json_gen_map_open (lc_json_gen *g);
LC_EXPORT void lc_json_gen_map_close (lc_json_gen *g);
LC_EXPORT void lc_json_gen_array_open (lc_json_gen *g);
LC_EXPORT void lc_json_gen_array_close (lc_json_gen *g);
LC_EXPORT void lc_json_gen_string (lc_json_gen *g, const char *s);
LC_EXPORT void lc_json_gen_stringn (lc_json_gen *g, const char *s, size_t len);
LC_EXPORT void lc_json_gen_int (lc_json_gen *g, int64_t v);
LC_EXPORT void lc_json_gen_uint (lc_json_gen *g, uint64_t v);
LC_EXPORT void lc_json_gen_bool (lc_json_gen *g, bool v);
LC_EXPORT void lc_json_gen_null (lc_json_gen *g);
/* Convenience: key + value inside a map. */
LC_EXPORT void lc_json_gen_kv_string (lc_json_gen *g, const char *key, const char *value);
LC_EXPORT void lc_json_gen_kv_int (lc_json_gen *g, const char *key, int64_t value);
LC_EXPORT void lc_json_gen_kv_uint (lc_json_gen *g, const char *key, uint64_t value);
LC_EXPORT void lc_json_gen_kv_bool (lc_json_gen *g, const char *key, bool value);
/* Re-emit a parsed value. */
LC_EXPORT void lc_json_gen_value (lc_json_gen *g, const lc_json *v);
/* The text generated so far (owned by g; valid until the next call on g). */
LC_EXPORT const char *lc_json_gen_buf (lc_json_gen *g, size_t *len);

#endif
