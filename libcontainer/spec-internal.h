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
  size_t index; /* of the array element being read (RD_ARRAY) */
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

/* The declarative reader: a table of fields, each a JSON member with a kind,
   where its value goes (offsets into the struct being filled) and how it is
   checked, walked in order by rd_fields.  Errors carry the JSON path like the
   member readers above.  The same tables free what was read (rd_free_fields). */
enum rd_kind
{
  RD_END,    /* the end of a table */
  RD_BOOL,   /* bool */
  RD_STRING, /* char * */
  RD_I64,    /* int64_t, min..max (both 0: any) */
  RD_I32,    /* int32_t, min..max (both 0: INT32_MIN..INT32_MAX) */
  RD_U64,    /* uint64_t, 0..max (0: UINT64_MAX) */
  RD_U32,    /* uint32_t, 0..max (0: UINT32_MAX) */
  RD_U16,    /* uint16_t, 0..UINT16_MAX */
  RD_ENUM,   /* int: the index in names, or values[index] */
  RD_FLAGS,  /* uint64_t bits (1 << index in names), or unsigned: values[index] or'ed */
  RD_STRV,   /* char **, count at n */
  RD_STRMAP, /* lc_strmap */
  RD_IDMAPS, /* lc_idmap *, count at n */
  RD_U32V,   /* uint32_t *, count at n */
  RD_OBJECT, /* optional object: a pointer to size bytes, filled by sub */
  RD_INLINE, /* optional object whose fields (sub) are at off in this struct */
  RD_ARRAY,  /* array of objects: pointer at off, count at n, each size bytes filled by sub */
  RD_MAP,    /* object of objects: like RD_ARRAY, the member's name copied to the char * at name_off */
  RD_CUSTOM, /* fn reads it (or, without key, checks what was read so far) */
};

/* Flags. */
#define RD_REQ 1u  /* absent is "is required" */
#define RD_TEMP 2u /* RD_STRING: checked, not kept (a check reads it from the JSON) */

struct rd_field
{
  const char *key;
  enum rd_kind kind;
  unsigned flags;
  size_t off;
  size_t has;  /* offset + 1 of a bool set when present; 0: none */
  size_t n;    /* offset of the count (RD_STRV, RD_IDMAPS, RD_U32V, RD_ARRAY, RD_MAP) */
  int64_t min; /* integer bounds */
  uint64_t max;
  const char *const *names; /* RD_ENUM, RD_FLAGS */
  const int *values;        /* RD_ENUM, RD_FLAGS: what each name stands for */
  size_t size;              /* RD_OBJECT, RD_ARRAY, RD_MAP: the element size */
  size_t name_off;          /* RD_MAP */
  const struct rd_field *sub;
  int (*fn) (struct rd *r, const lc_json *obj, const struct rd_field *f, void *base);
  void (*free_fn) (const struct rd_field *f, void *base);
};

/* Table entries; T is the struct the table fills. */
#define RD_F(kind_, key_, member, ...) { .key = (key_), .kind = (kind_), .off = offsetof (T, member), __VA_ARGS__ }
#define RD_HAS(member) .has = offsetof (T, member) + 1
#define RD_N(member) .n = offsetof (T, member)
#define RD_SUB(type, fields) .size = sizeof (type), .sub = (fields)
#define RD_CHECK(fn_) { .kind = RD_CUSTOM, .fn = (fn_) }

/* Read obj's members as the table says into base (path points at obj). */
LC_HIDDEN int rd_fields (struct rd *r, const lc_json *obj, const struct rd_field *f, void *base);
LC_HIDDEN int rd_field (struct rd *r, const lc_json *obj, const struct rd_field *f, void *base);
/* Free what rd_fields may have stored in base (not base itself). */
LC_HIDDEN void rd_free_fields (const struct rd_field *f, void *base);
LC_HIDDEN void rd_free_field (const struct rd_field *f, void *base);
/* The member, NULL when absent or null. */
LC_HIDDEN const lc_json *rd_member (const lc_json *obj, const char *key);

LC_HIDDEN extern const struct rd_field lc_spec_linux_fields[];
LC_HIDDEN extern const struct rd_field lc_spec_resources_fields[];

LC_HIDDEN void lc_strmap_free (lc_strmap *m);
LC_HIDDEN int lc_spec_parse_resources_obj (struct rd *r, const lc_json *res, lc_spec_resources **out);
LC_HIDDEN void lc_strv_free (char **v, size_t n);

LC_HIDDEN int lc_spec_parse_linux (struct rd *r, const lc_json *lx_obj, lc_spec_linux **out);
LC_HIDDEN void lc_spec_linux_free (lc_spec_linux *l);
LC_HIDDEN int lc_spec_parse_process_obj (struct rd *r, const lc_json *obj, lc_spec_process **out);

#endif
