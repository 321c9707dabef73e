/* husk - config.json: the reader, the top level, process, mounts, hooks;
 * the linux section is in spec-linux.c.  See spec.h. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/resource.h>

#include <sys/capability.h>

#include "hooks.h"
#include "spec-internal.h"
#include "util/cpulist.h"

/* ---- the reader ---- */

static bool
plain_key (const char *k)
{
  if (*k == '\0')
    return false;
  for (; *k; k++)
    if (!isalnum ((unsigned char) *k) && *k != '_' && *k != '-')
      return false;
  return true;
}

static void
rd_append (struct rd *r, const char *s)
{
  size_t l = strlen (s);
  if (r->len + l + 1 > sizeof r->path)
    l = sizeof r->path - r->len - 1;
  memcpy (r->path + r->len, s, l);
  r->len += l;
  r->path[r->len] = '\0';
}

size_t
rd_push_key (struct rd *r, const char *key)
{
  size_t saved = r->len;
  if (plain_key (key))
    {
      if (r->len)
        rd_append (r, ".");
      rd_append (r, key);
    }
  else
    {
      cleanup_free char *q = xasprintf ("[\"%s\"]", key);
      rd_append (r, q);
    }
  return saved;
}

size_t
rd_push_index (struct rd *r, size_t i)
{
  size_t saved = r->len;
  char buf[32];
  snprintf (buf, sizeof buf, "[%zu]", i);
  rd_append (r, buf);
  return saved;
}

void
rd_pop (struct rd *r, size_t saved)
{
  r->len = saved;
  r->path[saved] = '\0';
}

static int rd_vfail (struct rd *r, const char *fmt, va_list ap) LC_PRINTF (2, 0);

static int
rd_vfail (struct rd *r, const char *fmt, va_list ap)
{
  cleanup_free char *msg = xvasprintf (fmt, ap);
  if (r->len)
    return lc_error_set (r->err, 0, "%s: %s: %s", r->name, r->path, msg);
  return lc_error_set (r->err, 0, "%s: %s", r->name, msg);
}

int
rd_fail (struct rd *r, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  rd_vfail (r, fmt, ap);
  va_end (ap);
  return -1;
}

int
rd_fail_at (struct rd *r, const char *key, const char *fmt, ...)
{
  size_t saved = rd_push_key (r, key);
  va_list ap;
  va_start (ap, fmt);
  rd_vfail (r, fmt, ap);
  va_end (ap);
  rd_pop (r, saved);
  return -1;
}

static const char *
wanted_name (enum lc_json_type t)
{
  switch (t)
    {
    case LC_JSON_BOOL:
      return "a boolean";
    case LC_JSON_NUMBER:
      return "an integer";
    case LC_JSON_STRING:
      return "a string";
    case LC_JSON_ARRAY:
      return "an array";
    case LC_JSON_OBJECT:
      return "an object";
    case LC_JSON_NULL:
      break;
    }
  return "null";
}

int
rd_expect (struct rd *r, const lc_json *v, enum lc_json_type t)
{
  if (v->type == t)
    return 0;
  cleanup_free char *got = lc_json_describe (v);
  return rd_fail (r, "expected %s, got %s", wanted_name (t), got);
}

/* Member lookup: NULL for absent and for null (null means "not set"). */
static const lc_json *
member (const lc_json *obj, const char *key)
{
  const lc_json *v = lc_json_get (obj, key);
  return (v && v->type != LC_JSON_NULL) ? v : NULL;
}

static int
typed_member (struct rd *r, const lc_json *obj, const char *key, enum lc_json_type t, const lc_json **out)
{
  const lc_json *v = member (obj, key);
  *out = NULL;
  if (v == NULL)
    return 0;
  size_t saved = rd_push_key (r, key);
  int ret = rd_expect (r, v, t);
  rd_pop (r, saved);
  if (ret == 0)
    *out = v;
  return ret;
}

int
rd_object (struct rd *r, const lc_json *obj, const char *key, const lc_json **out)
{
  return typed_member (r, obj, key, LC_JSON_OBJECT, out);
}

int
rd_array (struct rd *r, const lc_json *obj, const char *key, const lc_json **out)
{
  return typed_member (r, obj, key, LC_JSON_ARRAY, out);
}

static int
check_string (struct rd *r, const lc_json *v)
{
  if (rd_expect (r, v, LC_JSON_STRING) < 0)
    return -1;
  if (strlen (v->str) != v->len)
    return rd_fail (r, "must not contain a NUL character");
  return 0;
}

int
rd_string (struct rd *r, const lc_json *obj, const char *key, char **out)
{
  const lc_json *v = member (obj, key);
  if (v == NULL)
    return 0;
  size_t saved = rd_push_key (r, key);
  int ret = check_string (r, v);
  rd_pop (r, saved);
  if (ret == 0)
    {
      free (*out);
      *out = xstrdup (v->str);
    }
  return ret;
}

int
rd_req_string (struct rd *r, const lc_json *obj, const char *key, char **out)
{
  if (member (obj, key) == NULL)
    return rd_fail_at (r, key, "is required");
  return rd_string (r, obj, key, out);
}

int
rd_bool (struct rd *r, const lc_json *obj, const char *key, bool *out, bool *has)
{
  const lc_json *v;
  if (typed_member (r, obj, key, LC_JSON_BOOL, &v) < 0)
    return -1;
  if (has)
    *has = v != NULL;
  if (v)
    *out = v->boolean;
  return 0;
}

static int
int_error (struct rd *r, const lc_json *v, int code, const char *range)
{
  cleanup_free char *got = lc_json_describe (v);
  if (v->type != LC_JSON_NUMBER || code == -EINVAL)
    return rd_fail (r, "expected an integer, got %s", got);
  return rd_fail (r, "out of range (%s), got %s", range, got);
}

int
rd_u64 (struct rd *r, const lc_json *obj, const char *key, uint64_t max, uint64_t *out, bool *has)
{
  const lc_json *v = member (obj, key);
  if (has)
    *has = false;
  if (v == NULL)
    return 0;
  size_t saved = rd_push_key (r, key);
  uint64_t u = 0;
  int c = v->type == LC_JSON_NUMBER ? lc_json_uint64 (v, &u) : -EINVAL;
  if (c == 0 && u > max)
    c = -ERANGE;
  if (c < 0)
    {
      char range[64];
      snprintf (range, sizeof range, "0 to %llu", (unsigned long long) max);
      int_error (r, v, c, range);
      rd_pop (r, saved);
      return -1;
    }
  rd_pop (r, saved);
  *out = u;
  if (has)
    *has = true;
  return 0;
}

int
rd_i64 (struct rd *r, const lc_json *obj, const char *key, int64_t min, int64_t max, int64_t *out, bool *has)
{
  const lc_json *v = member (obj, key);
  if (has)
    *has = false;
  if (v == NULL)
    return 0;
  size_t saved = rd_push_key (r, key);
  int64_t i = 0;
  int c = v->type == LC_JSON_NUMBER ? lc_json_int64 (v, &i) : -EINVAL;
  if (c == 0 && (i < min || i > max))
    c = -ERANGE;
  if (c < 0)
    {
      char range[96];
      snprintf (range, sizeof range, "%lld to %lld", (long long) min, (long long) max);
      int_error (r, v, c, range);
      rd_pop (r, saved);
      return -1;
    }
  rd_pop (r, saved);
  *out = i;
  if (has)
    *has = true;
  return 0;
}

int
rd_u32 (struct rd *r, const lc_json *obj, const char *key, uint32_t *out, bool *has)
{
  uint64_t v;
  bool h;
  if (rd_u64 (r, obj, key, UINT32_MAX, &v, &h) < 0)
    return -1;
  if (h)
    *out = (uint32_t) v;
  if (has)
    *has = h;
  return 0;
}

int
rd_req_u64 (struct rd *r, const lc_json *obj, const char *key, uint64_t max, uint64_t *out)
{
  if (member (obj, key) == NULL)
    return rd_fail_at (r, key, "is required");
  return rd_u64 (r, obj, key, max, out, NULL);
}

int
rd_req_i64 (struct rd *r, const lc_json *obj, const char *key, int64_t min, int64_t max, int64_t *out)
{
  if (member (obj, key) == NULL)
    return rd_fail_at (r, key, "is required");
  return rd_i64 (r, obj, key, min, max, out, NULL);
}

void
lc_strv_free (char **v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free (v[i]);
  free (v);
}

int
rd_strv (struct rd *r, const lc_json *obj, const char *key, char ***out, size_t *n)
{
  const lc_json *a;
  if (rd_array (r, obj, key, &a) < 0)
    return -1;
  if (a == NULL)
    return 0;
  size_t saved = rd_push_key (r, key);
  char **v = xcalloc (a->len + 1, sizeof (char *));
  for (size_t i = 0; i < a->len; i++)
    {
      size_t s2 = rd_push_index (r, i);
      if (check_string (r, a->items[i]) < 0)
        {
          lc_strv_free (v, i);
          return -1;
        }
      rd_pop (r, s2);
      v[i] = xstrdup (a->items[i]->str);
    }
  rd_pop (r, saved);
  lc_strv_free (*out, *n);
  *out = v;
  *n = a->len;
  return 0;
}

void
lc_strmap_free (lc_strmap *m)
{
  lc_strv_free (m->keys, m->len);
  lc_strv_free (m->values, m->len);
  memset (m, 0, sizeof *m);
}

int
rd_strmap (struct rd *r, const lc_json *obj, const char *key, lc_strmap *out)
{
  const lc_json *o;
  if (rd_object (r, obj, key, &o) < 0)
    return -1;
  if (o == NULL)
    return 0;
  size_t saved = rd_push_key (r, key);
  lc_strmap m = { .keys = xcalloc (o->len + 1, sizeof (char *)), .values = xcalloc (o->len + 1, sizeof (char *)) };
  for (size_t i = 0; i < o->len; i++)
    {
      if (o->keys[i][0] == '\0')
        {
          lc_strmap_free (&m);
          return rd_fail (r, "keys must not be empty");
        }
      size_t s2 = rd_push_key (r, o->keys[i]);
      if (check_string (r, o->items[i]) < 0)
        {
          lc_strmap_free (&m);
          return -1;
        }
      rd_pop (r, s2);
      m.keys[m.len] = xstrdup (o->keys[i]);
      m.values[m.len++] = xstrdup (o->items[i]->str);
    }
  rd_pop (r, saved);
  lc_strmap_free (out);
  *out = m;
  return 0;
}

int
rd_idmaps (struct rd *r, const lc_json *obj, const char *key, lc_idmap **out, size_t *n)
{
  const lc_json *a;
  if (rd_array (r, obj, key, &a) < 0)
    return -1;
  if (a == NULL)
    return 0;
  size_t saved = rd_push_key (r, key);
  lc_idmap *m = xcalloc (a->len, sizeof (*m));
  for (size_t i = 0; i < a->len; i++)
    {
      size_t s2 = rd_push_index (r, i);
      const lc_json *e = a->items[i];
      uint64_t c, h, s;
      if (rd_expect (r, e, LC_JSON_OBJECT) < 0 || rd_req_u64 (r, e, "containerID", UINT32_MAX, &c) < 0
          || rd_req_u64 (r, e, "hostID", UINT32_MAX, &h) < 0 || rd_req_u64 (r, e, "size", UINT32_MAX, &s) < 0)
        {
          free (m);
          return -1;
        }
      if (s == 0)
        {
          free (m);
          return rd_fail_at (r, "size", "must be greater than 0");
        }
      /* The kernel takes ids below 2^32; a range past that cannot be mapped. */
      if (c + s > (uint64_t) UINT32_MAX + 1 || h + s > (uint64_t) UINT32_MAX + 1)
        {
          free (m);
          return rd_fail (r, "the range %llu+%llu does not fit in 32-bit ids", (unsigned long long) (c + s > h + s ? c : h),
                          (unsigned long long) s);
        }
      m[i] = (lc_idmap){ (uint32_t) c, (uint32_t) h, (uint32_t) s };
      rd_pop (r, s2);
    }
  rd_pop (r, saved);
  free (*out);
  *out = m;
  *n = a->len;
  return 0;
}

char *
rd_join_names (const char *const *names)
{
  size_t n = 0, total = 1;
  for (; names[n]; n++)
    total += strlen (names[n]) + 4;
  char *s = xmalloc (total);
  s[0] = '\0';
  for (size_t i = 0; i < n; i++)
    {
      if (i)
        strcat (s, i + 1 == n ? " or " : ", ");
      strcat (s, names[i]);
    }
  return s;
}

int
rd_enum (struct rd *r, const lc_json *obj, const char *key, const char *const *names, bool required, int *idx,
         bool *has)
{
  cleanup_free char *s = NULL;
  if (has)
    *has = false;
  if (required && member (obj, key) == NULL)
    return rd_fail_at (r, key, "is required");
  if (rd_string (r, obj, key, &s) < 0)
    return -1;
  if (s == NULL)
    return 0;
  for (int i = 0; names[i]; i++)
    if (strcmp (names[i], s) == 0)
      {
        *idx = i;
        if (has)
          *has = true;
        return 0;
      }
  cleanup_free char *list = rd_join_names (names);
  cleanup_free char *got = lc_json_describe (lc_json_get (obj, key));
  return rd_fail_at (r, key, "unknown value %s (expected %s)", got, list);
}

/* ---- the declarative reader ---- */

const lc_json *
rd_member (const lc_json *obj, const char *key)
{
  return member (obj, key);
}

static int
rd_u32v (struct rd *r, const lc_json *obj, const char *key, uint32_t **out, size_t *n)
{
  const lc_json *a;
  if (rd_array (r, obj, key, &a) < 0)
    return -1;
  if (a == NULL)
    return 0;
  size_t saved = rd_push_key (r, key);
  *out = xcalloc (a->len, sizeof (uint32_t));
  for (size_t i = 0; i < a->len; i++)
    {
      size_t s2 = rd_push_index (r, i);
      uint64_t v = 0;
      int c = a->items[i]->type == LC_JSON_NUMBER ? lc_json_uint64 (a->items[i], &v) : -EINVAL;
      if (c == 0 && v > UINT32_MAX)
        c = -ERANGE;
      if (c < 0)
        return int_error (r, a->items[i], c, "0 to 4294967295");
      (*out)[(*n)++] = (uint32_t) v;
      rd_pop (r, s2);
    }
  rd_pop (r, saved);
  return 0;
}

/* The elements of an array (keyed false) or of an object (keyed true), each
   an object read by f->sub. */
static int
rd_elements (struct rd *r, const lc_json *c, const struct rd_field *f, char *base, bool keyed)
{
  size_t saved = rd_push_key (r, f->key), index = r->index;
  char *e = xcalloc (c->len, f->size);
  *(void **) (base + f->off) = e;
  /* Counted up front: the array is zeroed, so a failure half-way frees cleanly. */
  *(size_t *) (base + f->n) = c->len;
  for (size_t i = 0; i < c->len; i++, e += f->size)
    {
      size_t s2 = keyed ? rd_push_key (r, c->keys[i]) : rd_push_index (r, i);
      if (keyed)
        *(char **) (e + f->name_off) = xstrdup (c->keys[i]);
      r->index = i;
      if (rd_expect (r, c->items[i], LC_JSON_OBJECT) < 0 || rd_fields (r, c->items[i], f->sub, e) < 0)
        return -1;
      rd_pop (r, s2);
    }
  r->index = index;
  rd_pop (r, saved);
  return 0;
}

int
rd_field (struct rd *r, const lc_json *obj, const struct rd_field *f, void *base_)
{
  char *base = base_;
  void *p = base + f->off;
  bool *has = f->has ? (bool *) (base + f->has - 1) : NULL;
  bool req = f->flags & RD_REQ, h = false;
  const lc_json *c;
  if (f->kind == RD_CUSTOM)
    return f->fn (r, obj, f, base);
  if (req && member (obj, f->key) == NULL && f->kind != RD_ENUM)
    return rd_fail_at (r, f->key, "is required");
  switch (f->kind)
    {
    case RD_BOOL:
      return rd_bool (r, obj, f->key, p, has);
    case RD_STRING:
      if (f->flags & RD_TEMP)
        {
          cleanup_free char *s = NULL;
          return rd_string (r, obj, f->key, &s);
        }
      return rd_string (r, obj, f->key, p);
    case RD_I64:
      return rd_i64 (r, obj, f->key, f->min || f->max ? f->min : INT64_MIN, f->min || f->max ? (int64_t) f->max : INT64_MAX,
                     p, has);
    case RD_I32:
      {
        int64_t v;
        if (rd_i64 (r, obj, f->key, f->min || f->max ? f->min : INT32_MIN,
                    f->min || f->max ? (int64_t) f->max : INT32_MAX, &v, &h) < 0)
          return -1;
        if (h)
          *(int32_t *) p = (int32_t) v;
        break;
      }
    case RD_U64:
      return rd_u64 (r, obj, f->key, f->max ? f->max : UINT64_MAX, p, has);
    case RD_U32:
    case RD_U16:
      {
        uint64_t v;
        if (rd_u64 (r, obj, f->key, f->max ? f->max : f->kind == RD_U32 ? UINT32_MAX : UINT16_MAX, &v, &h) < 0)
          return -1;
        if (h && f->kind == RD_U32)
          *(uint32_t *) p = (uint32_t) v;
        else if (h)
          *(uint16_t *) p = (uint16_t) v;
        break;
      }
    case RD_ENUM:
      {
        int i;
        if (rd_enum (r, obj, f->key, f->names, req, &i, &h) < 0)
          return -1;
        if (h)
          *(int *) p = f->values ? f->values[i] : i;
        break;
      }
    case RD_FLAGS:
      {
        uint64_t bits = 0;
        if (rd_flags (r, obj, f->key, f->names, &bits) < 0)
          return -1;
        if (f->values == NULL)
          *(uint64_t *) p |= bits;
        for (size_t i = 0; f->values && f->names[i]; i++)
          if (bits & (UINT64_C (1) << i))
            *(unsigned *) p |= (unsigned) f->values[i];
        return 0;
      }
    case RD_STRV:
      return rd_strv (r, obj, f->key, p, (size_t *) (base + f->n));
    case RD_STRMAP:
      return rd_strmap (r, obj, f->key, p);
    case RD_IDMAPS:
      return rd_idmaps (r, obj, f->key, p, (size_t *) (base + f->n));
    case RD_U32V:
      return rd_u32v (r, obj, f->key, p, (size_t *) (base + f->n));
    case RD_OBJECT:
    case RD_INLINE:
      {
        if (rd_object (r, obj, f->key, &c) < 0)
          return -1;
        if (c == NULL)
          return 0;
        size_t saved = rd_push_key (r, f->key);
        void *sub = f->kind == RD_INLINE ? p : (*(void **) p = xcalloc (1, f->size));
        if (rd_fields (r, c, f->sub, sub) < 0)
          return -1;
        rd_pop (r, saved);
        h = true;
        break;
      }
    case RD_ARRAY:
      if (rd_array (r, obj, f->key, &c) < 0)
        return -1;
      return c ? rd_elements (r, c, f, base, false) : 0;
    case RD_MAP:
      if (rd_object (r, obj, f->key, &c) < 0)
        return -1;
      return c ? rd_elements (r, c, f, base, true) : 0;
    case RD_END:
    case RD_CUSTOM:
      break;
    }
  if (has)
    *has = h;
  return 0;
}

int
rd_fields (struct rd *r, const lc_json *obj, const struct rd_field *f, void *base)
{
  for (; f->kind != RD_END; f++)
    if (rd_field (r, obj, f, base) < 0)
      return -1;
  return 0;
}

void
rd_free_field (const struct rd_field *f, void *base_)
{
  char *base = base_;
  void *p = base + f->off;
  switch (f->kind)
    {
    case RD_STRING:
    case RD_IDMAPS:
    case RD_U32V:
      if (!(f->flags & RD_TEMP))
        free (*(void **) p);
      break;
    case RD_STRV:
      lc_strv_free (*(char ***) p, *(size_t *) (base + f->n));
      break;
    case RD_STRMAP:
      lc_strmap_free (p);
      break;
    case RD_OBJECT:
      if (*(void **) p)
        rd_free_fields (f->sub, *(void **) p);
      free (*(void **) p);
      break;
    case RD_INLINE:
      rd_free_fields (f->sub, p);
      break;
    case RD_ARRAY:
    case RD_MAP:
      {
        char *e = *(char **) p;
        for (size_t i = 0; e && i < *(size_t *) (base + f->n); i++)
          {
            rd_free_fields (f->sub, e + i * f->size);
            if (f->kind == RD_MAP)
              free (*(char **) (e + i * f->size + f->name_off));
          }
        free (e);
        break;
      }
    case RD_CUSTOM:
      if (f->free_fn)
        f->free_fn (f, base);
      break;
    default:
      break;
    }
}

void
rd_free_fields (const struct rd_field *f, void *base)
{
  for (; f->kind != RD_END; f++)
    rd_free_field (f, base);
}

/* ---- checks shared by several fields ---- */

static int
check_abs_path (struct rd *r, const char *key, const char *path)
{
  if (path[0] != '/')
    return rd_fail_at (r, key, "must be an absolute path, got \"%s\"", path);
  return 0;
}

/* SemVer 2.0.0: MAJOR.MINOR.PATCH[-pre][+build], no leading zeros. */
static bool
semver_number (const char **p)
{
  const char *s = *p;
  if (!isdigit ((unsigned char) *s))
    return false;
  if (*s == '0' && isdigit ((unsigned char) s[1]))
    return false;
  while (isdigit ((unsigned char) *s))
    s++;
  *p = s;
  return true;
}

static bool
semver_idents (const char **p)
{
  const char *s = *p;
  do
    {
      const char *start = s;
      while (isalnum ((unsigned char) *s) || *s == '-')
        s++;
      if (s == start)
        return false;
    }
  while (*s == '.' && s++);
  *p = s;
  return true;
}

static bool
is_semver (const char *v, unsigned long *major)
{
  const char *p = v;
  if (!semver_number (&p))
    return false;
  *major = strtoul (v, NULL, 10);
  if (*p++ != '.' || !semver_number (&p) || *p++ != '.' || !semver_number (&p))
    return false;
  if (*p == '-' && (p++, !semver_idents (&p)))
    return false;
  if (*p == '+' && (p++, !semver_idents (&p)))
    return false;
  return *p == '\0';
}

static int
parse_oci_version (struct rd *r, const lc_json *doc, lc_spec *spec)
{
  if (rd_req_string (r, doc, "ociVersion", &spec->oci_version) < 0)
    return -1;
  unsigned long major = 0;
  if (!is_semver (spec->oci_version, &major))
    return rd_fail_at (r, "ociVersion", "\"%s\" is not a SemVer 2.0.0 version (like \"1.3.0\")", spec->oci_version);
  /* A new major version may change meanings we cannot know. */
  if (major > 1)
    return rd_fail_at (r, "ociVersion", "version \"%s\" is not supported (husk implements 1.x, up to 1.3.0)",
                       spec->oci_version);
  return 0;
}

/* ---- process ---- */

static const struct
{
  const char *name;
  int resource;
} rlimit_names[] = {
  { "RLIMIT_AS", RLIMIT_AS },
  { "RLIMIT_CORE", RLIMIT_CORE },
  { "RLIMIT_CPU", RLIMIT_CPU },
  { "RLIMIT_DATA", RLIMIT_DATA },
  { "RLIMIT_FSIZE", RLIMIT_FSIZE },
  { "RLIMIT_LOCKS", RLIMIT_LOCKS },
  { "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK },
  { "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE },
  { "RLIMIT_NICE", RLIMIT_NICE },
  { "RLIMIT_NOFILE", RLIMIT_NOFILE },
  { "RLIMIT_NPROC", RLIMIT_NPROC },
  { "RLIMIT_RSS", RLIMIT_RSS },
  { "RLIMIT_RTPRIO", RLIMIT_RTPRIO },
  { "RLIMIT_RTTIME", RLIMIT_RTTIME },
  { "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
  { "RLIMIT_STACK", RLIMIT_STACK },
};

static int
parse_rlimits (struct rd *r, const lc_json *proc, lc_spec_process *p)
{
  const lc_json *a;
  if (rd_array (r, proc, "rlimits", &a) < 0)
    return -1;
  if (a == NULL)
    return 0;
  size_t saved = rd_push_key (r, "rlimits");
  p->rlimits = xcalloc (a->len, sizeof (*p->rlimits));
  /* Counted up front: the array is zeroed, so a failure half-way frees cleanly. */
  p->n_rlimits = a->len;
  for (size_t i = 0; i < a->len; i++)
    {
      size_t s2 = rd_push_index (r, i);
      const lc_json *e = a->items[i];
      lc_spec_rlimit *l = &p->rlimits[i];
      if (rd_expect (r, e, LC_JSON_OBJECT) < 0 || rd_req_string (r, e, "type", &l->type) < 0
          || rd_req_u64 (r, e, "soft", UINT64_MAX, &l->soft) < 0 || rd_req_u64 (r, e, "hard", UINT64_MAX, &l->hard) < 0)
        return -1;
      size_t k;
      for (k = 0; k < LC_ARRAY_SIZE (rlimit_names); k++)
        if (strcmp (rlimit_names[k].name, l->type) == 0)
          break;
      if (k == LC_ARRAY_SIZE (rlimit_names))
        return rd_fail_at (r, "type", "unknown rlimit \"%s\"", l->type);
      l->resource = rlimit_names[k].resource;
      for (size_t j = 0; j < i; j++)
        if (p->rlimits[j].resource == l->resource)
          return rd_fail_at (r, "type", "duplicate rlimit \"%s\"", l->type);
      if (l->soft > l->hard)
        return rd_fail (r, "soft limit %llu is greater than the hard limit %llu", (unsigned long long) l->soft,
                        (unsigned long long) l->hard);
      rd_pop (r, s2);
    }
  rd_pop (r, saved);
  return 0;
}

static int
parse_cap_set (struct rd *r, const lc_json *caps, const char *key, uint64_t *set, bool *has)
{
  cleanup_free char **names = NULL;
  size_t n = 0;
  const lc_json *a = member (caps, key);
  *has = a != NULL;
  if (rd_strv (r, caps, key, &names, &n) < 0)
    return -1;
  for (size_t i = 0; i < n; i++)
    {
      cap_value_t v;
      /* libcap also accepts numbers and lower case; the spec says CAP_ names. */
      bool ok = strncmp (names[i], "CAP_", 4) == 0 && cap_from_name (names[i], &v) == 0 && v >= 0 && v < 64;
      if (!ok)
        {
          size_t s = rd_push_key (r, key);
          size_t s2 = rd_push_index (r, i);
          rd_fail (r, "unknown capability \"%s\"", names[i]);
          rd_pop (r, s2);
          rd_pop (r, s);
          lc_strv_free (TAKE_PTR (names), n);
          return -1;
        }
      *set |= UINT64_C (1) << v;
    }
  lc_strv_free (TAKE_PTR (names), n);
  return 0;
}

static int
parse_caps (struct rd *r, const lc_json *proc, lc_spec_process *p)
{
  const lc_json *c;
  if (rd_object (r, proc, "capabilities", &c) < 0)
    return -1;
  if (c == NULL)
    return 0;
  size_t saved = rd_push_key (r, "capabilities");
  lc_spec_caps *k = p->capabilities = xcalloc (1, sizeof (*k));
  if (parse_cap_set (r, c, "bounding", &k->bounding, &k->has_bounding) < 0
      || parse_cap_set (r, c, "effective", &k->effective, &k->has_effective) < 0
      || parse_cap_set (r, c, "inheritable", &k->inheritable, &k->has_inheritable) < 0
      || parse_cap_set (r, c, "permitted", &k->permitted, &k->has_permitted) < 0
      || parse_cap_set (r, c, "ambient", &k->ambient, &k->has_ambient) < 0)
    return -1;
  rd_pop (r, saved);
  return 0;
}

static int
parse_user (struct rd *r, const lc_json *proc, lc_spec_process *p)
{
  const lc_json *u;
  if (rd_object (r, proc, "user", &u) < 0)
    return -1;
  if (u == NULL)
    return 0;
  size_t saved = rd_push_key (r, "user");
  lc_spec_user *us = &p->user;
  if (rd_u32 (r, u, "uid", &us->uid, NULL) < 0 || rd_u32 (r, u, "gid", &us->gid, NULL) < 0
      || rd_u32 (r, u, "umask", &us->umask, &us->has_umask) < 0 || rd_string (r, u, "username", &us->username) < 0)
    return -1;
  if (us->has_umask && us->umask > 0777)
    return rd_fail_at (r, "umask", "must be between 0 and 511 (0777), got %u", us->umask);
  const lc_json *g;
  if (rd_array (r, u, "additionalGids", &g) < 0)
    return -1;
  if (g)
    {
      size_t s2 = rd_push_key (r, "additionalGids");
      us->additional_gids = xcalloc (g->len, sizeof (uint32_t));
      for (size_t i = 0; i < g->len; i++)
        {
          size_t s3 = rd_push_index (r, i);
          uint64_t v = 0;
          int c = g->items[i]->type == LC_JSON_NUMBER ? lc_json_uint64 (g->items[i], &v) : -EINVAL;
          if (c == 0 && v > UINT32_MAX)
            c = -ERANGE;
          if (c < 0)
            return int_error (r, g->items[i], c, "0 to 4294967295");
          us->additional_gids[us->n_additional_gids++] = (uint32_t) v;
          rd_pop (r, s3);
        }
      rd_pop (r, s2);
    }
  rd_pop (r, saved);
  return 0;
}

static const char *const sched_policies[]
    = { "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH", "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE", NULL };
static const char *const sched_flags[] = { "SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM",
                                           "SCHED_FLAG_DL_OVERRUN",    "SCHED_FLAG_KEEP_POLICY",
                                           "SCHED_FLAG_KEEP_PARAMS",   "SCHED_FLAG_UTIL_CLAMP_MIN",
                                           "SCHED_FLAG_UTIL_CLAMP_MAX", NULL };
static const char *const ioprio_classes[] = { "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE", NULL };

/* A list of names from a fixed set, as bits. */
int
rd_flags (struct rd *r, const lc_json *obj, const char *key, const char *const *names, uint64_t *bits)
{
  const lc_json *a;
  if (rd_array (r, obj, key, &a) < 0)
    return -1;
  if (a == NULL)
    return 0;
  size_t saved = rd_push_key (r, key);
  for (size_t i = 0; i < a->len; i++)
    {
      size_t s2 = rd_push_index (r, i);
      if (check_string (r, a->items[i]) < 0)
        return -1;
      int k;
      for (k = 0; names[k]; k++)
        if (strcmp (names[k], a->items[i]->str) == 0)
          break;
      if (names[k] == NULL)
        {
          cleanup_free char *list = rd_join_names (names);
          return rd_fail (r, "unknown value \"%s\" (expected %s)", a->items[i]->str, list);
        }
      *bits |= UINT64_C (1) << k;
      rd_pop (r, s2);
    }
  rd_pop (r, saved);
  return 0;
}

static int
parse_scheduler (struct rd *r, const lc_json *proc, lc_spec_process *p)
{
  const lc_json *s;
  if (rd_object (r, proc, "scheduler", &s) < 0)
    return -1;
  if (s == NULL)
    return 0;
  size_t saved = rd_push_key (r, "scheduler");
  struct lc_spec_scheduler *sc = p->scheduler = xcalloc (1, sizeof (*sc));
  int policy = 0;
  int64_t nice = 0, prio = 0;
  if (rd_enum (r, s, "policy", sched_policies, true, &policy, NULL) < 0
      || rd_i64 (r, s, "nice", INT32_MIN, INT32_MAX, &nice, NULL) < 0
      || rd_i64 (r, s, "priority", INT32_MIN, INT32_MAX, &prio, NULL) < 0
      || rd_flags (r, s, "flags", sched_flags, &sc->flags) < 0
      || rd_u64 (r, s, "runtime", UINT64_MAX, &sc->runtime, NULL) < 0
      || rd_u64 (r, s, "deadline", UINT64_MAX, &sc->deadline, NULL) < 0
      || rd_u64 (r, s, "period", UINT64_MAX, &sc->period, NULL) < 0)
    return -1;
  sc->policy = (enum lc_sched_policy) policy;
  sc->nice = (int32_t) nice;
  sc->priority = (int32_t) prio;
  if (nice < -20 || nice > 19)
    return rd_fail_at (r, "nice", "must be between -20 and 19, got %lld", (long long) nice);
  rd_pop (r, saved);
  return 0;
}

static int
parse_ioprio (struct rd *r, const lc_json *proc, lc_spec_process *p)
{
  const lc_json *s;
  if (rd_object (r, proc, "ioPriority", &s) < 0)
    return -1;
  if (s == NULL)
    return 0;
  size_t saved = rd_push_key (r, "ioPriority");
  struct lc_spec_ioprio *io = p->io_priority = xcalloc (1, sizeof (*io));
  int cls = 0;
  int64_t prio = 0;
  if (rd_enum (r, s, "class", ioprio_classes, true, &cls, NULL) < 0
      || rd_i64 (r, s, "priority", INT32_MIN, INT32_MAX, &prio, NULL) < 0)
    return -1;
  if (prio < 0 || prio > 7)
    return rd_fail_at (r, "priority", "must be between 0 and 7, got %lld", (long long) prio);
  io->class = (enum lc_ioprio_class) (cls + 1);
  io->priority = (int32_t) prio;
  rd_pop (r, saved);
  return 0;
}

static int
parse_affinity (struct rd *r, const lc_json *proc, lc_spec_process *p)
{
  const lc_json *s;
  if (rd_object (r, proc, "execCPUAffinity", &s) < 0)
    return -1;
  if (s == NULL)
    return 0;
  size_t saved = rd_push_key (r, "execCPUAffinity");
  struct lc_spec_cpu_affinity *a = p->exec_cpu_affinity = xcalloc (1, sizeof (*a));
  if (rd_string (r, s, "initial", &a->initial) < 0 || rd_string (r, s, "final", &a->final) < 0)
    return -1;
  if (a->initial && lc_cpulist_parse (a->initial, NULL) < 0)
    return rd_fail_at (r, "initial", "invalid CPU list \"%s\" (expected a list like \"0-3,6\")", a->initial);
  if (a->final && lc_cpulist_parse (a->final, NULL) < 0)
    return rd_fail_at (r, "final", "invalid CPU list \"%s\" (expected a list like \"0-3,6\")", a->final);
  rd_pop (r, saved);
  return 0;
}

int
lc_spec_parse_process_obj (struct rd *r, const lc_json *proc, lc_spec_process **out)
{
  lc_spec_process *p = xcalloc (1, sizeof (*p));
  *out = p;
  int64_t oom = 0;
  if (rd_bool (r, proc, "terminal", &p->terminal, NULL) < 0 || rd_req_string (r, proc, "cwd", &p->cwd) < 0
      || rd_strv (r, proc, "args", &p->args, &p->n_args) < 0 || rd_strv (r, proc, "env", &p->env, &p->n_env) < 0
      || rd_string (r, proc, "commandLine", &p->command_line) < 0
      || rd_bool (r, proc, "noNewPrivileges", &p->no_new_privileges, NULL) < 0
      || rd_string (r, proc, "apparmorProfile", &p->apparmor_profile) < 0
      || rd_string (r, proc, "selinuxLabel", &p->selinux_label) < 0
      || rd_i64 (r, proc, "oomScoreAdj", INT32_MIN, INT32_MAX, &oom, &p->has_oom_score_adj) < 0)
    return -1;
  if (check_abs_path (r, "cwd", p->cwd) < 0)
    return -1;
  /* POSIX platforms need at least the program to run. */
  if (p->n_args == 0)
    return rd_fail_at (r, "args", member (proc, "args") ? "must not be empty" : "is required");
  if (p->args[0][0] == '\0')
    return rd_fail_at (r, "args", "the first element (the program) must not be empty");
  for (size_t i = 0; i < p->n_env; i++)
    if (strchr (p->env[i], '=') == NULL || p->env[i][0] == '=')
      {
        size_t saved = rd_push_key (r, "env");
        size_t s2 = rd_push_index (r, i);
        rd_fail (r, "expected \"NAME=value\", got \"%s\"", p->env[i]);
        rd_pop (r, s2);
        rd_pop (r, saved);
        return -1;
      }
  if (p->has_oom_score_adj && (oom < -1000 || oom > 1000))
    return rd_fail_at (r, "oomScoreAdj", "must be between -1000 and 1000, got %lld", (long long) oom);
  p->oom_score_adj = (int) oom;
  const lc_json *cs;
  if (rd_object (r, proc, "consoleSize", &cs) < 0)
    return -1;
  if (cs)
    {
      size_t saved = rd_push_key (r, "consoleSize");
      if (rd_req_u64 (r, cs, "height", UINT16_MAX, &p->console_height) < 0
          || rd_req_u64 (r, cs, "width", UINT16_MAX, &p->console_width) < 0)
        return -1;
      rd_pop (r, saved);
      p->has_console_size = true;
    }
  if (parse_user (r, proc, p) < 0 || parse_caps (r, proc, p) < 0 || parse_rlimits (r, proc, p) < 0
      || parse_scheduler (r, proc, p) < 0 || parse_ioprio (r, proc, p) < 0 || parse_affinity (r, proc, p) < 0)
    return -1;
  return 0;
}

void
lc_spec_process_free (lc_spec_process *p)
{
  if (p == NULL)
    return;
  free (p->user.additional_gids);
  free (p->user.username);
  lc_strv_free (p->args, p->n_args);
  lc_strv_free (p->env, p->n_env);
  free (p->command_line);
  free (p->cwd);
  free (p->capabilities);
  for (size_t i = 0; i < p->n_rlimits; i++)
    free (p->rlimits[i].type);
  free (p->rlimits);
  free (p->apparmor_profile);
  free (p->selinux_label);
  free (p->scheduler);
  free (p->io_priority);
  if (p->exec_cpu_affinity)
    {
      free (p->exec_cpu_affinity->initial);
      free (p->exec_cpu_affinity->final);
      free (p->exec_cpu_affinity);
    }
  free (p);
}

/* ---- mounts, hooks, root ---- */

static void
mount_free (lc_spec_mount *m)
{
  free (m->destination);
  free (m->type);
  free (m->source);
  lc_strv_free (m->options, m->n_options);
  free (m->uid_mappings);
  free (m->gid_mappings);
}

static int
parse_mounts (struct rd *r, const lc_json *doc, lc_spec *spec)
{
  const lc_json *a;
  if (rd_array (r, doc, "mounts", &a) < 0)
    return -1;
  if (a == NULL)
    return 0;
  size_t saved = rd_push_key (r, "mounts");
  spec->mounts = xcalloc (a->len, sizeof (*spec->mounts));
  /* Counted up front: the array is zeroed, so a failure half-way frees cleanly. */
  spec->n_mounts = a->len;
  for (size_t i = 0; i < a->len; i++)
    {
      size_t s2 = rd_push_index (r, i);
      const lc_json *e = a->items[i];
      lc_spec_mount *m = &spec->mounts[i];
      if (rd_expect (r, e, LC_JSON_OBJECT) < 0 || rd_req_string (r, e, "destination", &m->destination) < 0
          || rd_string (r, e, "type", &m->type) < 0 || rd_string (r, e, "source", &m->source) < 0
          || rd_strv (r, e, "options", &m->options, &m->n_options) < 0
          || rd_idmaps (r, e, "uidMappings", &m->uid_mappings, &m->n_uid_mappings) < 0
          || rd_idmaps (r, e, "gidMappings", &m->gid_mappings, &m->n_gid_mappings) < 0)
        return -1;
      if (check_abs_path (r, "destination", m->destination) < 0)
        return -1;
      if ((m->n_uid_mappings > 0) != (m->n_gid_mappings > 0))
        return rd_fail (r, "uidMappings and gidMappings must be given together");
      rd_pop (r, s2);
    }
  rd_pop (r, saved);
  return 0;
}

static void
hook_free (lc_spec_hook *h)
{
  free (h->path);
  lc_strv_free (h->args, h->n_args);
  lc_strv_free (h->env, h->n_env);
}

static int
parse_hooks (struct rd *r, const lc_json *doc, lc_spec *spec)
{
  const lc_json *hooks;
  if (rd_object (r, doc, "hooks", &hooks) < 0)
    return -1;
  if (hooks == NULL)
    return 0;
  size_t saved = rd_push_key (r, "hooks");
  for (int k = 0; k < LC_HOOK_KINDS; k++)
    {
      const lc_json *a;
      if (rd_array (r, hooks, lc_hook_kind_name ((enum lc_hook_kind) k), &a) < 0)
        return -1;
      if (a == NULL)
        continue;
      size_t s2 = rd_push_key (r, lc_hook_kind_name ((enum lc_hook_kind) k));
      spec->hooks[k] = xcalloc (a->len, sizeof (lc_spec_hook));
      /* Counted up front: the array is zeroed, so a failure half-way frees cleanly. */
      spec->n_hooks[k] = a->len;
      for (size_t i = 0; i < a->len; i++)
        {
          size_t s3 = rd_push_index (r, i);
          const lc_json *e = a->items[i];
          lc_spec_hook *h = &spec->hooks[k][i];
          if (rd_expect (r, e, LC_JSON_OBJECT) < 0 || rd_req_string (r, e, "path", &h->path) < 0
              || rd_strv (r, e, "args", &h->args, &h->n_args) < 0 || rd_strv (r, e, "env", &h->env, &h->n_env) < 0
              || rd_i64 (r, e, "timeout", INT64_MIN, INT64_MAX, &h->timeout, &h->has_timeout) < 0)
            return -1;
          if (check_abs_path (r, "path", h->path) < 0)
            return -1;
          if (h->has_timeout && h->timeout < 1)
            return rd_fail_at (r, "timeout", "must be at least 1 second, got %lld", (long long) h->timeout);
          rd_pop (r, s3);
        }
      rd_pop (r, s2);
    }
  rd_pop (r, saved);
  return 0;
}

static int
parse_root (struct rd *r, const lc_json *doc, lc_spec *spec)
{
  const lc_json *root;
  if (rd_object (r, doc, "root", &root) < 0)
    return -1;
  if (root == NULL)
    return 0;
  size_t saved = rd_push_key (r, "root");
  spec->root = xcalloc (1, sizeof (*spec->root));
  if (rd_req_string (r, root, "path", &spec->root->path) < 0
      || rd_bool (r, root, "readonly", &spec->root->readonly, NULL) < 0)
    return -1;
  if (spec->root->path[0] == '\0')
    return rd_fail_at (r, "path", "must not be empty");
  rd_pop (r, saved);
  return 0;
}

/* ---- the document ---- */

static int
parse_document (struct rd *r, const lc_json *doc, lc_spec *spec)
{
  if (doc->type != LC_JSON_OBJECT)
    return rd_fail (r, "expected a JSON object at the top level, got %s", lc_json_type_name (doc));
  if (parse_oci_version (r, doc, spec) < 0 || parse_root (r, doc, spec) < 0 || parse_mounts (r, doc, spec) < 0
      || rd_string (r, doc, "hostname", &spec->hostname) < 0 || rd_string (r, doc, "domainname", &spec->domainname) < 0
      || parse_hooks (r, doc, spec) < 0 || rd_strmap (r, doc, "annotations", &spec->annotations) < 0)
    return -1;
  const lc_json *proc, *lx_obj;
  if (rd_object (r, doc, "process", &proc) < 0 || rd_object (r, doc, "linux", &lx_obj) < 0)
    return -1;
  if (proc)
    {
      size_t saved = rd_push_key (r, "process");
      if (lc_spec_parse_process_obj (r, proc, &spec->process) < 0)
        return -1;
      rd_pop (r, saved);
    }
  if (lx_obj)
    {
      size_t saved = rd_push_key (r, "linux");
      if (lc_spec_parse_linux (r, lx_obj, &spec->linux_cfg) < 0)
        return -1;
      rd_pop (r, saved);
    }
  /* Checks across sections. */
  if (spec->process && spec->process->has_console_size && !spec->process->terminal)
    return rd_fail_at (r, "process", "consoleSize is set but terminal is not true");
  if ((spec->hostname && *spec->hostname) || (spec->domainname && *spec->domainname))
    {
      /* Setting them without a uts namespace would rename the host. */
      bool uts = false;
      for (size_t i = 0; spec->linux_cfg && i < spec->linux_cfg->n_namespaces; i++)
        uts |= spec->linux_cfg->namespaces[i].type == LC_NS_UTS;
      if (!uts)
        return rd_fail_at (r, (spec->hostname && *spec->hostname) ? "hostname" : "domainname",
                           "can only be set with a new uts namespace (linux.namespaces has none)");
    }
  return 0;
}

static int
parse_json (const char *buf, size_t len, const char *name, lc_json **out, lc_error **err)
{
  if (len > LC_SPEC_MAX_FILE)
    return lc_error_set (err, 0, "%s: file is larger than %d MiB", name, LC_SPEC_MAX_FILE / (1024 * 1024));
  *out = lc_json_parse (buf, len, &lc_json_default_limits, err);
  if (*out == NULL)
    return lc_error_wrap (err, "%s", name);
  return 0;
}

int
lc_spec_parse (const char *buf, size_t len, const char *name, lc_spec **out, lc_error **err)
{
  lc_json *doc = NULL;
  if (parse_json (buf, len, name, &doc, err) < 0)
    return -1;
  struct rd r = { .name = name, .err = err };
  lc_spec *spec = xcalloc (1, sizeof (*spec));
  int ret = parse_document (&r, doc, spec);
  lc_json_free (doc);
  if (ret < 0)
    {
      lc_spec_free (spec);
      return -1;
    }
  spec->source = xmalloc (len + 1);
  memcpy (spec->source, buf, len);
  spec->source[len] = '\0';
  spec->source_len = len;
  *out = spec;
  return 0;
}

int
lc_spec_load_file (const char *path, lc_spec **out, lc_error **err)
{
  cleanup_free char *buf = NULL;
  size_t len = 0;
  const char *base = strrchr (path, '/');
  base = base ? base + 1 : path;
  if (lc_read_file (path, LC_SPEC_MAX_FILE, &buf, &len, err) < 0)
    {
      if (err && *err && strstr ((*err)->msg, "larger than the limit"))
        return lc_error_set (err, 0, "%s: file is larger than %d MiB", base, LC_SPEC_MAX_FILE / (1024 * 1024));
      return -1;
    }
  return lc_spec_parse (buf, len, base, out, err);
}

int
lc_spec_check_runnable (const lc_spec *spec, lc_error **err)
{
  if (spec->root == NULL)
    return lc_error_set (err, 0, "config.json: root: is required to create a container");
  if (spec->process == NULL)
    return lc_error_set (err, 0, "config.json: process: is required to create a container");
  return 0;
}

/* A file holding one JSON object read by parse_obj (process.json, a
   resources file): parse, check the top level, read, free the document. */
static int
parse_top_object (const char *buf, size_t len, const char *name, int (*parse_obj) (struct rd *, const lc_json *, void *),
                  void *out, lc_error **err)
{
  lc_json *doc = NULL;
  if (parse_json (buf, len, name, &doc, err) < 0)
    return -1;
  struct rd r = { .name = name, .err = err };
  int ret = doc->type == LC_JSON_OBJECT ? parse_obj (&r, doc, out)
                                        : rd_fail (&r, "expected a JSON object at the top level, got %s",
                                                   lc_json_type_name (doc));
  lc_json_free (doc);
  return ret;
}

static int
process_obj (struct rd *r, const lc_json *doc, void *out)
{
  return lc_spec_parse_process_obj (r, doc, out);
}

static int
resources_obj (struct rd *r, const lc_json *doc, void *out)
{
  return lc_spec_parse_resources_obj (r, doc, out);
}

int
lc_spec_parse_process (const char *buf, size_t len, const char *name, lc_spec_process **out, lc_error **err)
{
  lc_spec_process *p = NULL;
  if (parse_top_object (buf, len, name, process_obj, &p, err) < 0)
    {
      lc_spec_process_free (p);
      return -1;
    }
  *out = p;
  return 0;
}

int
lc_spec_parse_resources (const char *buf, size_t len, const char *name, lc_spec_resources **out, lc_error **err)
{
  lc_spec_resources *rs = NULL;
  if (parse_top_object (buf, len, name, resources_obj, &rs, err) < 0)
    {
      lc_spec_resources_free (rs);
      return -1;
    }
  *out = rs;
  return 0;
}

void
lc_spec_free (lc_spec *spec)
{
  if (spec == NULL)
    return;
  free (spec->oci_version);
  free (spec->source);
  if (spec->root)
    free (spec->root->path);
  free (spec->root);
  for (size_t i = 0; i < spec->n_mounts; i++)
    mount_free (&spec->mounts[i]);
  free (spec->mounts);
  lc_spec_process_free (spec->process);
  free (spec->hostname);
  free (spec->domainname);
  for (int k = 0; k < LC_HOOK_KINDS; k++)
    {
      for (size_t i = 0; i < spec->n_hooks[k]; i++)
        hook_free (&spec->hooks[k][i]);
      free (spec->hooks[k]);
    }
  lc_strmap_free (&spec->annotations);
  lc_spec_linux_free (spec->linux_cfg);
  free (spec);
}

/* ---- signals ---- */

static const struct
{
  const char *name;
  int signo;
} signals[] = {
  { "SIGABRT", SIGABRT }, { "SIGALRM", SIGALRM },     { "SIGBUS", SIGBUS },       { "SIGCHLD", SIGCHLD },
  { "SIGCONT", SIGCONT }, { "SIGFPE", SIGFPE },       { "SIGHUP", SIGHUP },       { "SIGILL", SIGILL },
  { "SIGINT", SIGINT },   { "SIGIO", SIGIO },         { "SIGIOT", SIGIOT },       { "SIGKILL", SIGKILL },
  { "SIGPIPE", SIGPIPE }, { "SIGPOLL", SIGPOLL },     { "SIGPROF", SIGPROF },     { "SIGPWR", SIGPWR },
  { "SIGQUIT", SIGQUIT }, { "SIGSEGV", SIGSEGV },     { "SIGSTKFLT", SIGSTKFLT }, { "SIGSTOP", SIGSTOP },
  { "SIGSYS", SIGSYS },   { "SIGTERM", SIGTERM },     { "SIGTRAP", SIGTRAP },     { "SIGTSTP", SIGTSTP },
  { "SIGTTIN", SIGTTIN }, { "SIGTTOU", SIGTTOU },     { "SIGURG", SIGURG },       { "SIGUSR1", SIGUSR1 },
  { "SIGUSR2", SIGUSR2 }, { "SIGVTALRM", SIGVTALRM }, { "SIGWINCH", SIGWINCH },   { "SIGXCPU", SIGXCPU },
  { "SIGXFSZ", SIGXFSZ },
};

int
lc_signal_parse (const char *s, int *signo)
{
  int n;
  if (lc_parse_int (s, &n) == 0)
    {
      if (n < 0 || n > SIGRTMAX) /* 0: no signal, a liveness check (kill ID 0) */
        return -EINVAL;
      *signo = n;
      return 0;
    }
  const char *name = strncmp (s, "SIG", 3) == 0 ? s + 3 : s;
  for (size_t i = 0; i < LC_ARRAY_SIZE (signals); i++)
    if (strcmp (signals[i].name + 3, name) == 0)
      {
        *signo = signals[i].signo;
        return 0;
      }
  /* RTMIN, RTMIN+n, RTMAX, RTMAX-n */
  if (strncmp (name, "RTMIN", 5) == 0 || strncmp (name, "RTMAX", 5) == 0)
    {
      bool min = name[4] == 'N';
      int base = min ? SIGRTMIN : SIGRTMAX, off = 0;
      const char *rest = name + 5;
      if (*rest != '\0')
        {
          if (*rest != (min ? '+' : '-') || lc_parse_int (rest + 1, &off) < 0 || off < 0)
            return -EINVAL;
        }
      int v = min ? base + off : base - off;
      if (v < SIGRTMIN || v > SIGRTMAX)
        return -EINVAL;
      *signo = v;
      return 0;
    }
  return -EINVAL;
}

const char *
lc_signal_name (int signo)
{
  for (size_t i = 0; i < LC_ARRAY_SIZE (signals); i++)
    if (signals[i].signo == signo && strcmp (signals[i].name, "SIGIOT") != 0 && strcmp (signals[i].name, "SIGPOLL") != 0)
      return signals[i].name;
  return NULL;
}
