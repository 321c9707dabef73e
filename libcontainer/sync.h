/* husk - the parent/child protocol of create and exec.
 *
 * Parent and child talk over a SOCK_SEQPACKET socketpair: each message is one
 * record { type, errnum, text }, so a message is never split or merged, and a
 * closed peer reads as EOF (the child died).  The child reports an error as
 * LC_SYNC_ERROR with errno and the full message; the parent turns it into an
 * lc_error, so errors from inside the container read like any other. */
#ifndef LC_SYNC_H
#define LC_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "util/util.h"

/* The message types, one table: X (NAME, "name") makes LC_SYNC_NAME in the
   enum and "name" in errors ("expected message \"ready\" ..."). */
#define LC_SYNC_MESSAGES(X)                                                                                           \
  X (ERROR, "error")               /* child -> parent: errnum + message; the child exits */                          \
  X (USERNS_READY, "userns-ready") /* child -> parent: in its user namespace, waiting for id maps */                  \
  X (MAPS_DONE, "maps-done")       /* parent -> child: uid/gid maps written */                                        \
  X (PID, "pid")                   /* child -> parent: text = the pid of the real init (after a pid-ns fork) */       \
  X (HOOKS, "hooks")               /* child -> parent: run createRuntime hooks now */                                 \
  X (HOOKS_DONE, "hooks-done")     /* parent -> child */                                                              \
  X (READY, "ready")               /* child -> parent: set up, waiting for start */                                   \
  X (CONSOLE, "console")           /* child -> parent: pty master fd attached */                                      \
  X (SECCOMP, "seccomp")           /* child -> parent: seccomp notify fd attached, for listenerPath */                \
  X (CGROUP_DONE, "cgroup-done")   /* parent -> child: you are in the container's cgroup */                          \
  X (RECORDED, "recorded")         /* parent -> child (after READY): your pid is in the state; wait for start */      \
  X (SOURCES, "sources")           /* child -> parent: open the bind sources in my mount ns (mount-sources.c) */       \
  X (SOURCE, "source")             /* parent -> child: one bind source fd attached, text = its mounts[] index */

enum lc_sync_type
{
  LC_SYNC_NONE = 0, /* never sent: a zeroed message is no message */
#define LC_SYNC_ENUM(NAME, name) LC_SYNC_##NAME,
  LC_SYNC_MESSAGES (LC_SYNC_ENUM)
#undef LC_SYNC_ENUM
  LC_SYNC_TYPES /* the number of types */
};

/* "ready" for LC_SYNC_READY; "?" for a type that is none. */
LC_HIDDEN const char *lc_sync_name (uint32_t type);

#define LC_SYNC_MAX_TEXT 4096

struct lc_sync_msg
{
  uint32_t type;
  int32_t errnum;
  char text[LC_SYNC_MAX_TEXT];
};

/* Send a message; text may be NULL.  Returns 0 or -errno. */
LC_HIDDEN int lc_sync_send (int sock, enum lc_sync_type type, int errnum, const char *text);
/* Send with an fd attached (SCM_RIGHTS). */
LC_HIDDEN int lc_sync_send_fd (int sock, enum lc_sync_type type, int fd, const char *text);

/* Receive the next message and check it is `want`.  An LC_SYNC_ERROR from the
   peer becomes *err (its errnum and text); EOF becomes "<what>: the container
   process exited before it was ready".  fd (may be NULL) receives an
   attached fd. */
LC_HIDDEN int lc_sync_expect (int sock, enum lc_sync_type want, int *fd, struct lc_sync_msg *msg, lc_error **err);

/* In the child: report err to the parent (best effort). */
LC_HIDDEN void lc_sync_report_error (int sock, const lc_error *err);

#endif
