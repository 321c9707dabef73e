/* Unit tests of the JSON module: parsing, positions in errors, bounds,
 * integer ranges, generation. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libcontainer/json.h"
#include "libcontainer/util/util.h"
#include "tap.h"

static char *
parse_error (const char *text, const lc_json_limits *lim)
{
  lc_error *err = NULL;
  lc_json *v = lc_json_parse (text, strlen (text), lim, &err);
  if (v)
    {
      lc_json_free (v);
      return xstrdup ("(parsed)");
    }
  char *msg = xstrdup (err ? err->msg : "(no error)");
  lc_error_free (err);
  return msg;
}

static void
test_parse_ok (void)
{
  const char *text = "{\"a\": [1, -2, 18446744073709551615, 1.5, true, null, \"x\\u0000y\"], \"o\": {\"b\": \"c\"}}";
  lc_error *err = NULL;
  lc_json *v = lc_json_parse (text, strlen (text), NULL, &err);
  tap_ok (v != NULL && err == NULL, "valid document parses");
  const lc_json *a = lc_json_get (v, "o");
  tap_ok (a && a->type == LC_JSON_OBJECT, "member by key");
  tap_is (lc_json_get (a, "b") ? lc_json_get (a, "b")->str : NULL, "c", "nested member");
  const lc_json *arr = v && v->len ? v->items[0] : NULL;
  tap_ok (arr && arr->type == LC_JSON_ARRAY && arr->len == 7, "array with 7 items");
  if (arr && arr->len == 7)
    {
      int64_t i;
      uint64_t u;
      tap_ok (lc_json_int64 (arr->items[1], &i) == 0 && i == -2, "int64 -2");
      tap_ok (lc_json_uint64 (arr->items[2], &u) == 0 && u == UINT64_MAX, "uint64 max is exact");
      tap_ok (lc_json_int64 (arr->items[2], &i) == -ERANGE, "uint64 max does not fit int64");
      tap_ok (lc_json_uint64 (arr->items[1], &u) == -ERANGE, "negative does not fit uint64");
      tap_ok (lc_json_int64 (arr->items[3], &i) == -EINVAL, "1.5 is not an integer");
      tap_is (lc_json_type_name (arr->items[3]), "a number", "type name of 1.5");
      tap_ok (arr->items[6]->len == 3 && arr->items[6]->str[1] == '\0', "\\u0000 kept with its length");
      cleanup_free char *d = lc_json_describe (arr->items[6]);
      tap_is (d, "\"x\\x00y\"", "describe escapes control bytes");
    }
  lc_json_free (v);
}

static void
test_parse_errors (void)
{
  cleanup_free char *e1 = parse_error ("{\n  \"a\": 1,\n  }", NULL);
  tap_is (e1, "line 3, column 3: invalid JSON: invalid object key (must be a string)", "error names line and column");
  cleanup_free char *e2 = parse_error ("", NULL);
  tap_is (e2, "line 1, column 1: invalid JSON: empty document", "empty document");
  cleanup_free char *e3 = parse_error ("{\"a\": 1} x", NULL);
  tap_ok (strstr (e3, "invalid JSON: trailing garbage") != NULL, "trailing garbage is an error (%s)", e3);
  cleanup_free char *e4 = parse_error ("{\"a\": \"\xff\"}", NULL);
  tap_ok (strstr (e4, "invalid JSON") != NULL, "invalid UTF-8 is an error (%s)", e4);
  cleanup_free char *e5 = parse_error ("[1, 2", NULL);
  tap_ok (strstr (e5, "invalid JSON: premature EOF") != NULL, "truncated document (%s)", e5);
}

/* A strict reader: a key twice in one object is an error naming its path,
   wherever the object is; equal keys in different objects are fine. */
static void
test_duplicates (void)
{
  static const struct
  {
    const char *text, *msg;
  } cases[] = {
    { "{\"a\": 1, \"a\": 2}", "a: duplicate key" },
    { "{\"a\": 1, \"b\": 2, \"c\": 3, \"b\": {}}", "b: duplicate key" },
    { "{\"a\": {\"x\": 1, \"y\": [], \"x\": null}}", "a.x: duplicate key" },
    { "{\"a\": [0, {\"k\": 1}, {\"k\": 1, \"k\": 1}]}", "a[2].k: duplicate key" },
    { "[[], [{\"q\": {\"z\": 0, \"z\": 0}}]]", "[1][0].q.z: duplicate key" },
    { "{\"io.x\": {\"a b\": 1, \"a b\": 2}}", "[\"io.x\"][\"a b\"]: duplicate key" },
    /* Of several, the one that comes second first is named. */
    { "{\"b\": 1, \"a\": 1, \"a\": 2, \"b\": 2}", "a: duplicate key" },
    /* Inner objects are checked as they close, before the outer one. */
    { "{\"a\": 1, \"a\": {\"c\": 1, \"c\": 2}}", "a.c: duplicate key" },
    /* "k\u0000x" would read as "k": refused, and named as written. */
    { "{\"o\": {\"k\\u0000x\": 1}}", "o[\"k\\x00x\"]: a key must not contain a NUL character" },
    { "{\"k\\u0000\": 1}", "[\"k\\x00\"]: a key must not contain a NUL character" },
  };
  for (size_t i = 0; i < LC_ARRAY_SIZE (cases); i++)
    {
      cleanup_free char *e = parse_error (cases[i].text, NULL);
      tap_is (e, cases[i].msg, "refused: %s", cases[i].text);
    }
  cleanup_free char *same
      = parse_error ("{\"a\": {\"k\": 1}, \"b\": {\"k\": 1}, \"c\": [{\"k\": 1}, {\"k\": 2}]}", NULL);
  tap_is (same, "(parsed)", "the same key in different objects is fine");
  /* Many members: found by sorting, not by comparing every pair. */
  size_t n = 100000, len = 0;
  char *text = xmalloc (n * 16 + 16);
  len += (size_t) sprintf (text, "{");
  for (size_t i = 0; i < n; i++)
    len += (size_t) sprintf (text + len, "%s\"k%zu\":0", i ? "," : "", i == n - 1 ? (size_t) 7 : i);
  sprintf (text + len, "}");
  cleanup_free char *big = parse_error (text, NULL);
  tap_is (big, "k7: duplicate key", "a duplicate among 100000 members");
  free (text);
  /* A caller may pass no error object. */
  lc_json *v = lc_json_parse ("{\"a\":1,\"a\":1}", 13, NULL, NULL);
  tap_ok (v == NULL, "refused with err NULL too");
}

static void
test_limits (void)
{
  lc_json_limits lim = { .max_depth = 3, .max_items = 2, .max_string = 4, .max_nodes = 100 };
  cleanup_free char *d = parse_error ("{\"a\": {\"b\": [[1]]}}", &lim);
  tap_is (d, "a.b[0]: nesting is too deep (limit 3)", "depth limit names the path");
  cleanup_free char *i = parse_error ("{\"a\": [1, 2, 3]}", &lim);
  tap_is (i, "a[2]: array has too many elements (limit 2)", "array limit names the path");
  cleanup_free char *s = parse_error ("{\"a\": [\"12345\"]}", &lim);
  tap_is (s, "a[0]: string is too long (limit 4)", "string limit names the path");
  cleanup_free char *k = parse_error ("{\"abcde\": 1}", &lim);
  tap_is (k, "(document): key is too long (limit 4)", "key limit");
  lc_json_limits few = { .max_depth = 10, .max_items = 10, .max_string = 10, .max_nodes = 3 };
  cleanup_free char *n = parse_error ("[1, 2, 3]", &few);
  tap_is (n, "[2]: document has too many values (limit 3)", "node limit");
  /* Default limits: a deep document is refused, not a stack overflow. */
  size_t depth = 100000;
  char *deep = xmalloc (depth * 2 + 1);
  memset (deep, '[', depth);
  memset (deep + depth, ']', depth);
  deep[depth * 2] = '\0';
  cleanup_free char *dd = parse_error (deep, NULL);
  tap_ok (strstr (dd, "nesting is too deep (limit 64)") != NULL, "default depth limit (%s)", dd);
  free (deep);
}

static void
test_gen (void)
{
  lc_json_gen *g = lc_json_gen_new (false);
  lc_json_gen_map_open (g);
  lc_json_gen_kv_string (g, "s", "a\"b\n/");
  lc_json_gen_kv_uint (g, "u", UINT64_MAX);
  lc_json_gen_kv_int (g, "i", INT64_MIN);
  lc_json_gen_kv_bool (g, "b", true);
  lc_json_gen_string (g, "n");
  lc_json_gen_null (g);
  lc_json_gen_map_close (g);
  tap_is (lc_json_gen_buf (g, NULL),
          "{\"s\":\"a\\\"b\\n/\",\"u\":18446744073709551615,\"i\":-9223372036854775808,\"b\":true,\"n\":null}",
          "generator output");
  lc_json_gen_free (g);

  const char *text = "{\"a\":[1,2.5e3,\"x\",{\"k\":false}],\"b\":null}";
  lc_error *err = NULL;
  lc_json *v = lc_json_parse (text, strlen (text), NULL, &err);
  g = lc_json_gen_new (false);
  if (v)
    lc_json_gen_value (g, v);
  tap_is (lc_json_gen_buf (g, NULL), text, "parse + generate round-trips");
  lc_json_gen_free (g);
  lc_json_free (v);
  lc_error_free (err);
}

int
main (void)
{
  test_parse_ok ();
  test_parse_errors ();
  test_duplicates ();
  test_limits ();
  test_gen ();
  return tap_done ();
}
