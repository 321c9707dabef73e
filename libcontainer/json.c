/* husk - JSON reading and writing on top of yajl, see json.h. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>
#include <yajl/yajl_version.h>

#include "json.h"
#include "util/util.h"

const lc_json_limits lc_json_default_limits = {
  .max_depth = 64,
  .max_items = 100000,
  .max_string = 1024 * 1024,
  .max_nodes = 2000000,
};

struct frame
{
  lc_json *node;
  size_t cap;
  char *key; /* pending key inside an object */
};

struct parser
{
  const lc_json_limits *lim;
  yajl_handle hand;
  const char *buf;
  size_t scanned; /* bytes of buf already counted into line/col */
  unsigned line, col;
  struct frame *stack;
  size_t depth, stack_cap;
  size_t nodes;
  lc_json *root;
  lc_error *err; /* set when a callback stops the parse */
};

static void
advance_position (struct parser *p, size_t upto)
{
  for (; p->scanned < upto; p->scanned++)
    {
      if (p->buf[p->scanned] == '\n')
        {
          p->line++;
          p->col = 1;
        }
      else
        p->col++;
    }
}

/* A growing string for JSON paths. */
struct path
{
  char *s;
  size_t n, cap;
};

static void
path_append (struct path *pb, const char *add)
{
  size_t l = strlen (add);
  if (pb->n + l + 1 > pb->cap)
    {
      pb->cap = (pb->n + l + 1) * 2;
      pb->s = xrealloc (pb->s, pb->cap);
    }
  memcpy (pb->s + pb->n, add, l + 1);
  pb->n += l;
}

/* Keys are written as spec.c writes them in its messages: ".name" for a
   plain name, '["io.x"]' (quoted, escaped, cut when long) for the others. */
static bool
plain_key (const char *k, size_t len)
{
  if (len == 0)
    return false;
  for (size_t i = 0; i < len; i++)
    if (!isalnum ((unsigned char) k[i]) && k[i] != '_' && k[i] != '-')
      return false;
  return true;
}

/* key is len bytes, not necessarily NUL-terminated. */
static void
path_key (struct path *pb, const char *key, size_t len)
{
  if (plain_key (key, len))
    {
      cleanup_free char *plain = xstrndup (key, len);
      if (pb->n)
        path_append (pb, ".");
      path_append (pb, plain);
      return;
    }
  lc_json tmp = { .type = LC_JSON_STRING, .str = (char *) key, .len = len };
  cleanup_free char *quoted = lc_json_describe (&tmp);
  path_append (pb, "[");
  path_append (pb, quoted);
  path_append (pb, "]");
}

/* The JSON path of where the parser is in the first nframes frames of its
   stack, then key (of len bytes) when it is not NULL: for messages. */
static char *
path_of (struct parser *p, size_t nframes, const char *key, size_t len)
{
  struct path pb = { 0 };
  for (size_t i = 0; i < nframes; i++)
    {
      struct frame *f = &p->stack[i];
      if (f->node->type == LC_JSON_ARRAY)
        {
          /* Frames below the top hold the child we are inside of, which is
             their last element; the top frame is about to get a new one. */
          size_t idx = f->node->len - (i + 1 < p->depth && f->node->len > 0 ? 1 : 0);
          char piece[32];
          snprintf (piece, sizeof piece, "[%zu]", idx);
          path_append (&pb, piece);
        }
      else if (f->key != NULL)
        path_key (&pb, f->key, strlen (f->key));
      else
        break;
    }
  if (key != NULL)
    path_key (&pb, key, len);
  if (pb.n == 0)
    {
      free (pb.s);
      return xstrdup ("(document)");
    }
  return pb.s;
}

/* The JSON path of the value being added, for messages about limits. */
static char *
current_path (struct parser *p)
{
  return path_of (p, p->depth, NULL, 0);
}

static int
limit_error (struct parser *p, const char *what, size_t limit)
{
  cleanup_free char *path = current_path (p);
  lc_error_set (&p->err, 0, "%s: %s (limit %zu)", path, what, limit);
  return 0;
}

static int
add_value (struct parser *p, lc_json *v)
{
  advance_position (p, yajl_get_bytes_consumed (p->hand));
  v->line = p->line;
  v->col = p->col;
  if (++p->nodes > p->lim->max_nodes)
    {
      lc_json_free (v);
      return limit_error (p, "document has too many values", p->lim->max_nodes);
    }
  if (p->depth == 0)
    {
      p->root = v;
      return 1;
    }
  struct frame *f = &p->stack[p->depth - 1];
  lc_json *c = f->node;
  if (c->len >= p->lim->max_items)
    {
      lc_json_free (v);
      return limit_error (p, c->type == LC_JSON_ARRAY ? "array has too many elements" : "object has too many members",
                          p->lim->max_items);
    }
  if (c->len == f->cap)
    {
      f->cap = f->cap ? f->cap * 2 : 4;
      c->items = xreallocarray (c->items, f->cap, sizeof (*c->items));
      if (c->type == LC_JSON_OBJECT)
        c->keys = xreallocarray (c->keys, f->cap, sizeof (*c->keys));
    }
  if (c->type == LC_JSON_OBJECT)
    c->keys[c->len] = xstrdup (f->key ? f->key : "");
  c->items[c->len++] = v;
  return 1;
}

static lc_json *
new_node (enum lc_json_type t)
{
  lc_json *v = xcalloc (1, sizeof (*v));
  v->type = t;
  return v;
}

static int
cb_null (void *ctx)
{
  return add_value (ctx, new_node (LC_JSON_NULL));
}

static int
cb_boolean (void *ctx, int b)
{
  lc_json *v = new_node (LC_JSON_BOOL);
  v->boolean = b != 0;
  return add_value (ctx, v);
}

static int
cb_number (void *ctx, const char *s, size_t len)
{
  lc_json *v = new_node (LC_JSON_NUMBER);
  v->str = xstrndup (s, len);
  v->len = len;
  return add_value (ctx, v);
}

static int
cb_string (void *ctx, const unsigned char *s, size_t len)
{
  struct parser *p = ctx;
  if (len > p->lim->max_string)
    return limit_error (p, "string is too long", p->lim->max_string);
  lc_json *v = new_node (LC_JSON_STRING);
  v->str = xmalloc (len + 1);
  memcpy (v->str, s, len);
  v->str[len] = '\0';
  v->len = len;
  return add_value (p, v);
}

static int
cb_map_key (void *ctx, const unsigned char *s, size_t len)
{
  struct parser *p = ctx;
  struct frame *f = &p->stack[p->depth - 1];
  /* The previous key is done with: a message about this one names the
     object it is in. */
  free (f->key);
  f->key = NULL;
  if (len > p->lim->max_string)
    return limit_error (p, "key is too long", p->lim->max_string);
  /* Keys are C strings from here on: "args\u0000x" would read as "args". */
  if (memchr (s, '\0', len) != NULL)
    {
      cleanup_free char *path = path_of (p, p->depth, (const char *) s, len);
      lc_error_set (&p->err, 0, "%s: a key must not contain a NUL character", path);
      return 0;
    }
  f->key = xstrndup ((const char *) s, len);
  return 1;
}

static int
open_container (struct parser *p, enum lc_json_type t)
{
  if (p->depth >= p->lim->max_depth)
    return limit_error (p, "nesting is too deep", p->lim->max_depth);
  lc_json *v = new_node (t);
  if (!add_value (p, v))
    return 0;
  if (p->depth == p->stack_cap)
    {
      p->stack_cap = p->stack_cap ? p->stack_cap * 2 : 8;
      p->stack = xreallocarray (p->stack, p->stack_cap, sizeof (*p->stack));
    }
  p->stack[p->depth++] = (struct frame){ .node = v };
  return 1;
}

static int
close_container (struct parser *p)
{
  struct frame *f = &p->stack[--p->depth];
  free (f->key);
  f->key = NULL;
  return 1;
}

struct keyref
{
  const char *key;
  size_t idx;
};

static int
cmp_keyref (const void *a, const void *b)
{
  const struct keyref *x = a, *y = b;
  int c = strcmp (x->key, y->key);
  if (c != 0)
    return c;
  return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* The index of the first member of obj whose key an earlier member has, or
   obj->len when every key is unique.  Sorting keeps a hostile object of
   max_items members at n log n. */
static size_t
first_duplicate (const lc_json *obj)
{
  if (obj->len < 2)
    return obj->len;
  struct keyref *refs = xreallocarray (NULL, obj->len, sizeof (*refs));
  for (size_t i = 0; i < obj->len; i++)
    refs[i] = (struct keyref){ .key = obj->keys[i], .idx = i };
  qsort (refs, obj->len, sizeof (*refs), cmp_keyref);
  size_t first = obj->len;
  for (size_t i = 1; i < obj->len; i++)
    if (strcmp (refs[i].key, refs[i - 1].key) == 0 && refs[i].idx < first)
      first = refs[i].idx;
  free (refs);
  return first;
}

static int
cb_start_map (void *ctx)
{
  return open_container (ctx, LC_JSON_OBJECT);
}
static int
cb_start_array (void *ctx)
{
  return open_container (ctx, LC_JSON_ARRAY);
}
static int
cb_end_array (void *ctx)
{
  return close_container (ctx);
}

/* A key given twice is an error, not "the last one wins": two readers of
   the same file (an engine that validated it, and husk) must not see two
   different configs. */
static int
cb_end_map (void *ctx)
{
  struct parser *p = ctx;
  const lc_json *obj = p->stack[p->depth - 1].node;
  size_t dup = first_duplicate (obj);
  if (dup < obj->len)
    {
      const char *key = obj->keys[dup];
      cleanup_free char *path = path_of (p, p->depth - 1, key, strlen (key));
      lc_error_set (&p->err, 0, "%s: duplicate key", path);
      return 0;
    }
  return close_container (p);
}

static const yajl_callbacks callbacks = {
  .yajl_null = cb_null,
  .yajl_boolean = cb_boolean,
  .yajl_number = cb_number,
  .yajl_string = cb_string,
  .yajl_start_map = cb_start_map,
  .yajl_map_key = cb_map_key,
  .yajl_end_map = cb_end_map,
  .yajl_start_array = cb_start_array,
  .yajl_end_array = cb_end_array,
};

/* yajl's messages read "parse error: premature EOF\n" or "lexical error:
   invalid char in json text.\n"; keep the part after the colon. */
static char *
yajl_reason (yajl_handle h, const char *buf, size_t len)
{
  unsigned char *raw = yajl_get_error (h, 0, (const unsigned char *) buf, len);
  char *s = xstrdup (raw ? (char *) raw : "syntax error");
  if (raw)
    yajl_free_error (h, raw);
  char *colon = strstr (s, "error: ");
  char *reason = xstrdup (colon ? colon + 7 : s);
  free (s);
  size_t n = strlen (reason);
  while (n > 0 && (reason[n - 1] == '\n' || reason[n - 1] == '.' || reason[n - 1] == ' '))
    reason[--n] = '\0';
  return reason;
}

lc_json *
lc_json_parse (const char *buf, size_t len, const lc_json_limits *limits, lc_error **err)
{
  struct parser p = { .lim = limits ? limits : &lc_json_default_limits, .buf = buf, .line = 1, .col = 1 };
  p.hand = yajl_alloc (&callbacks, NULL, &p);
  if (p.hand == NULL)
    abort ();
  yajl_status st = yajl_parse (p.hand, (const unsigned char *) buf, len);
  size_t consumed = yajl_get_bytes_consumed (p.hand);
  if (st == yajl_status_ok)
    {
      st = yajl_complete_parse (p.hand);
      consumed = len;
    }
  if (st != yajl_status_ok)
    {
      if (p.err != NULL)
        {
          /* err may be NULL (a caller that only wants to know). */
          if (err != NULL)
            *err = TAKE_PTR (p.err);
          else
            lc_error_clear (&p.err);
        }
      else
        {
          /* yajl has consumed the offending token: point at its last byte,
             which for the usual one-character mistakes is the mistake. */
          if (consumed > len)
            consumed = len;
          advance_position (&p, consumed > 0 ? consumed - 1 : 0);
          cleanup_free char *why = len == 0 ? xstrdup ("empty document") : yajl_reason (p.hand, buf, len);
          lc_error_set (err, 0, "line %u, column %u: invalid JSON: %s", p.line, p.col, why);
        }
      while (p.depth > 0)
        close_container (&p);
      lc_json_free (p.root);
      p.root = NULL;
    }
  free (p.stack);
  yajl_free (p.hand);
  return p.root;
}

void
lc_json_free (lc_json *v)
{
  if (v == NULL)
    return;
  for (size_t i = 0; i < v->len && (v->type == LC_JSON_ARRAY || v->type == LC_JSON_OBJECT); i++)
    {
      lc_json_free (v->items[i]);
      if (v->keys)
        free (v->keys[i]);
    }
  free (v->items);
  free (v->keys);
  free (v->str);
  free (v);
}

const lc_json *
lc_json_get (const lc_json *obj, const char *key)
{
  if (obj == NULL || obj->type != LC_JSON_OBJECT)
    return NULL;
  for (size_t i = obj->len; i > 0; i--)
    if (strcmp (obj->keys[i - 1], key) == 0)
      return obj->items[i - 1];
  return NULL;
}

static bool
is_integer_text (const char *s)
{
  return strpbrk (s, ".eE") == NULL;
}

int
lc_json_int64 (const lc_json *v, int64_t *out)
{
  if (v == NULL || v->type != LC_JSON_NUMBER || !is_integer_text (v->str))
    return -EINVAL;
  return lc_parse_i64 (v->str, out);
}

int
lc_json_uint64 (const lc_json *v, uint64_t *out)
{
  if (v == NULL || v->type != LC_JSON_NUMBER || !is_integer_text (v->str))
    return -EINVAL;
  if (v->str[0] == '-')
    return -ERANGE;
  return lc_parse_u64 (v->str, out);
}

const char *
lc_json_type_name (const lc_json *v)
{
  if (v == NULL)
    return "nothing";
  switch (v->type)
    {
    case LC_JSON_NULL:
      return "null";
    case LC_JSON_BOOL:
      return "a boolean";
    case LC_JSON_NUMBER:
      return is_integer_text (v->str) ? "an integer" : "a number";
    case LC_JSON_STRING:
      return "a string";
    case LC_JSON_ARRAY:
      return "an array";
    case LC_JSON_OBJECT:
      return "an object";
    }
  return "a value";
}

char *
lc_json_describe (const lc_json *v)
{
  if (v == NULL)
    return xstrdup ("nothing");
  switch (v->type)
    {
    case LC_JSON_NULL:
      return xstrdup ("null");
    case LC_JSON_BOOL:
      return xstrdup (v->boolean ? "true" : "false");
    case LC_JSON_NUMBER:
      return xstrdup (v->str);
    case LC_JSON_STRING:
      {
        /* Quote, escape control characters and cut long strings. */
        size_t max = 40, n = 0;
        char *out = xmalloc (max * 4 + 8);
        out[n++] = '"';
        for (size_t i = 0; i < v->len && i < max; i++)
          {
            unsigned char c = (unsigned char) v->str[i];
            if (c == '"' || c == '\\')
              {
                out[n++] = '\\';
                out[n++] = (char) c;
              }
            else if (c < 0x20 || c == 0x7f)
              n += (size_t) sprintf (out + n, "\\x%02x", c);
            else
              out[n++] = (char) c;
          }
        out[n++] = '"';
        if (v->len > max)
          {
            memcpy (out + n, "...", 3);
            n += 3;
          }
        out[n] = '\0';
        return out;
      }
    case LC_JSON_ARRAY:
      return xstrdup ("an array");
    case LC_JSON_OBJECT:
      return xstrdup ("an object");
    }
  return xstrdup ("a value");
}

const char *
lc_json_library_version (void)
{
  static char buf[32];
  int v = yajl_version ();
  snprintf (buf, sizeof buf, "%d.%d.%d", v / 10000, (v / 100) % 100, v % 100);
  return buf;
}

/* ---- generator ---- */

struct lc_json_gen
{
  yajl_gen g;
};

lc_json_gen *
lc_json_gen_new (bool pretty)
{
  lc_json_gen *g = xcalloc (1, sizeof (*g));
  g->g = yajl_gen_alloc (NULL);
  if (g->g == NULL)
    abort ();
  if (pretty)
    {
      yajl_gen_config (g->g, yajl_gen_beautify, 1);
      yajl_gen_config (g->g, yajl_gen_indent_string, "\t");
    }
  return g;
}

void
lc_json_gen_free (lc_json_gen *g)
{
  if (g == NULL)
    return;
  yajl_gen_free (g->g);
  free (g);
}

void
lc_json_gen_map_open (lc_json_gen *g)
{
  yajl_gen_map_open (g->g);
}
void
lc_json_gen_map_close (lc_json_gen *g)
{
  yajl_gen_map_close (g->g);
}
void
lc_json_gen_array_open (lc_json_gen *g)
{
  yajl_gen_array_open (g->g);
}
void
lc_json_gen_array_close (lc_json_gen *g)
{
  yajl_gen_array_close (g->g);
}
void
lc_json_gen_string (lc_json_gen *g, const char *s)
{
  lc_json_gen_stringn (g, s ? s : "", s ? strlen (s) : 0);
}
void
lc_json_gen_stringn (lc_json_gen *g, const char *s, size_t len)
{
  yajl_gen_string (g->g, (const unsigned char *) s, len);
}
void
lc_json_gen_int (lc_json_gen *g, int64_t v)
{
  yajl_gen_integer (g->g, (long long) v);
}
void
lc_json_gen_uint (lc_json_gen *g, uint64_t v)
{
  char buf[32];
  int n = snprintf (buf, sizeof buf, "%llu", (unsigned long long) v);
  yajl_gen_number (g->g, buf, (size_t) n);
}
void
lc_json_gen_bool (lc_json_gen *g, bool v)
{
  yajl_gen_bool (g->g, v);
}
void
lc_json_gen_null (lc_json_gen *g)
{
  yajl_gen_null (g->g);
}
void
lc_json_gen_kv_string (lc_json_gen *g, const char *key, const char *value)
{
  lc_json_gen_string (g, key);
  lc_json_gen_string (g, value);
}
void
lc_json_gen_kv_int (lc_json_gen *g, const char *key, int64_t value)
{
  lc_json_gen_string (g, key);
  lc_json_gen_int (g, value);
}
void
lc_json_gen_kv_uint (lc_json_gen *g, const char *key, uint64_t value)
{
  lc_json_gen_string (g, key);
  lc_json_gen_uint (g, value);
}
void
lc_json_gen_kv_bool (lc_json_gen *g, const char *key, bool value)
{
  lc_json_gen_string (g, key);
  lc_json_gen_bool (g, value);
}

void
lc_json_gen_value (lc_json_gen *g, const lc_json *v)
{
  switch (v->type)
    {
    case LC_JSON_NULL:
      lc_json_gen_null (g);
      break;
    case LC_JSON_BOOL:
      lc_json_gen_bool (g, v->boolean);
      break;
    case LC_JSON_NUMBER:
      yajl_gen_number (g->g, v->str, v->len);
      break;
    case LC_JSON_STRING:
      lc_json_gen_stringn (g, v->str, v->len);
      break;
    case LC_JSON_ARRAY:
      lc_json_gen_array_open (g);
      for (size_t i = 0; i < v->len; i++)
        lc_json_gen_value (g, v->items[i]);
      lc_json_gen_array_close (g);
      break;
    case LC_JSON_OBJECT:
      lc_json_gen_map_open (g);
      for (size_t i = 0; i < v->len; i++)
        {
          lc_json_gen_string (g, v->keys[i]);
          lc_json_gen_value (g, v->items[i]);
        }
      lc_json_gen_map_close (g);
      break;
    }
}

const char *
lc_json_gen_buf (lc_json_gen *g, size_t *len)
{
  const unsigned char *buf = NULL;
  size_t l = 0;
  yajl_gen_get_buf (g->g, &buf, &l);
  if (len)
    *len = l;
  return (const char *) buf;
}
