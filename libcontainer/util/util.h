/* husk - small helpers shared by the library and the CLI: cleanup attributes,
 * ownership transfer, checked number parsing, safe file I/O.  Internal: not
 * installed. */
#ifndef LC_UTIL_H
#define LC_UTIL_H

#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../error.h"

#define LC_HIDDEN __attribute__ ((visibility ("hidden")))

static inline void
lc_freep (void *p)
{
  free (*(void **) p);
}
static inline void
lc_closep (int *fd)
{
  if (*fd >= 0)
    close (*fd);
}
static inline void
lc_fclosep (FILE **f)
{
  if (*f)
    fclose (*f);
}
static inline void
lc_errorp (lc_error **e)
{
  lc_error_clear (e);
}

#define cleanup_free __attribute__ ((cleanup (lc_freep)))
#define cleanup_close __attribute__ ((cleanup (lc_closep)))
#define cleanup_fclose __attribute__ ((cleanup (lc_fclosep)))
#define cleanup_error __attribute__ ((cleanup (lc_errorp)))

/* Hand over ownership: return the value and reset the variable so its
   cleanup handler does nothing. */
#define TAKE_PTR(p)                                                                                                    \
  ({                                                                                                                   \
    __typeof__ (p) _p = (p);                                                                                           \
    (p) = NULL;                                                                                                        \
    _p;                                                                                                                \
  })
#define TAKE_FD(fd)                                                                                                    \
  ({                                                                                                                   \
    int _fd = (fd);                                                                                                    \
    (fd) = -1;                                                                                                         \
    _fd;                                                                                                               \
  })

#define LC_ARRAY_SIZE(a) (sizeof (a) / sizeof ((a)[0]))

/* Allocation failure is not an error we can report usefully: abort. */
LC_HIDDEN void *xmalloc (size_t n);
LC_HIDDEN void *xcalloc (size_t n, size_t size);
LC_HIDDEN void *xrealloc (void *p, size_t n);
LC_HIDDEN void *xreallocarray (void *p, size_t n, size_t size);
LC_HIDDEN char *xstrdup (const char *s);
LC_HIDDEN char *xstrndup (const char *s, size_t n);
LC_HIDDEN char *xasprintf (const char *fmt, ...) LC_PRINTF (1, 2);
LC_HIDDEN char *xvasprintf (const char *fmt, va_list ap) LC_PRINTF (1, 0);

/* Checked parsing of a whole decimal string.  Return 0, or -EINVAL when s is
   not a number (empty, sign where none is allowed, trailing bytes) and
   -ERANGE when it does not fit. */
LC_HIDDEN int lc_parse_u64 (const char *s, uint64_t *out);
LC_HIDDEN int lc_parse_i64 (const char *s, int64_t *out);
LC_HIDDEN int lc_parse_int (const char *s, int *out);

/* A /proc/<pid>/stat line: the process state (field 3, 'R', 'S', 'Z', ...)
   and its start time (field 22, in clock ticks after boot).  comm (field
   2) may hold spaces and parentheses: the fields after it start past its
   last ')'.  Returns 0, or -EINVAL for a line that is not one. */
LC_HIDDEN int lc_parse_proc_stat (const char *line, char *state, unsigned long long *start_time);

/* Read a whole regular file (at most max bytes) into a NUL-terminated
   buffer.  Anything else (a FIFO, a device, a socket, a directory) is an
   error that names the path and what it is, and is refused without being
   opened for reading: a FIFO would block the caller for ever.  Errors name
   the path. */
LC_HIDDEN int lc_read_file (const char *path, size_t max, char **out, size_t *len, lc_error **err);
/* The same for an fd the caller opened (O_NONBLOCK, so that a FIFO there
   cannot block the open); name is for messages. */
LC_HIDDEN int lc_read_regular_fd (int fd, const char *name, size_t max, char **out, size_t *len, lc_error **err);
/* Read whatever fd is (a pipe too: standard input) up to EOF, at most max
   bytes. */
LC_HIDDEN int lc_read_fd (int fd, const char *name, size_t max, char **out, size_t *len, lc_error **err);

/* Write data to dirfd/name atomically: a temporary file in the same
   directory renamed over name, so a reader sees the old file or the new
   one, never part of one.  mode is the file's mode.  No fsync: what husk
   writes (state, pid files, caches) describes processes that do not
   survive a crash of the machine, and fsync on a disk-backed --root cost
   more than a whole container start. */
LC_HIDDEN int lc_write_file_atomic (int dirfd, const char *name, const void *data, size_t len, mode_t mode,
                                    lc_error **err);

/* Write all of buf to fd, retrying on EINTR and short writes. */
LC_HIDDEN int lc_write_all (int fd, const void *buf, size_t len);

/* In a JSON map being generated: key and an array of the strings of v
   (NULL-terminated). */
struct lc_json_gen;
LC_HIDDEN void lc_json_gen_kv_strv (struct lc_json_gen *g, const char *key, const char *const *v);

/* Current time as RFC 3339 with nanoseconds in UTC ("2026-11-22T13:45:29.123456789Z"). */
LC_HIDDEN char *lc_time_rfc3339_nano (void);

/* LeakSanitizer cannot stop the world of a process that has joined another
   pid namespace (its tracer thread lands in that namespace), and spins at
   exit.  Sanitizer builds call this right before such a setns: the leak
   check runs now and replaces the one at exit.  Nothing in other builds. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define lc_leak_check_now() __lsan_do_leak_check ()
#else
#define lc_leak_check_now() ((void) 0)
#endif

/* Learn what this kernel or sandbox lacks (openat2, close_range), one
   probe each, cached in this process and so in every child forked after:
   called before a container process is forked, so that the child makes no
   failing call and has nothing to report. */
LC_HIDDEN void lc_learn_fallbacks (void);

/* Every signal to its default disposition and nothing blocked, as a program
   expects to start (before the execve of a hook or of the container). */
LC_HIDDEN void lc_signals_reset (void);

/* At the top of a public function that documents err as optional: with
   err NULL, errors go to a local that is freed on return, so that the
   function's own code may read (*err)->errnum. */
#define LC_ERR_OPTIONAL(err)                                                                                            \
  __attribute__ ((cleanup (lc_error_clear))) lc_error *err##_optional = NULL;                                          \
  if ((err) == NULL)                                                                                                   \
  (err) = &err##_optional

#endif
