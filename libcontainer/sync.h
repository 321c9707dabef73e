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

enum lc_sync_type
{
  LC_SYNC_ERROR = 1,   /* child -> parent: errnum + message; the child exits */
  LC_SYNC_USERNS_READY, /* child -> parent: in its user namespace, waiting for id maps */
  LC_SYNC_MAPS_DONE,   /* parent -> child: uid/gid maps written */
  LC_SYNC_PID,         /* child -> parent: text = the pid of the real init (after a pid-ns fork) */
  LC_SYNC_HOOKS,       /* child -> parent: run createRuntime hooks now */
  LC_SYNC_HOOKS_DONE,  /* parent -> child */
  LC_SYNC_READY,       /* child -> parent: set up, waiting for start */
  LC_SYNC_CONSOLE,     /* child -> parent: pty master fd attached */
  LC_SYNC_SECCOMP,     /* child -> parent: seccomp notify fd attached, for listenerPath */
  LC_SYNC_CGROUP_DONE, /* parent -> child: you are in the container's cgroup */
  LC_SYNC_RECORDED,    /* parent -> child (after READY): your pid is in the state; wait for start */
  LC_SYNC_SOURCES,     /* child -> parent: open the bind sources in my mount namespace (mount-sources.c) */
  LC_SYNC_SOURCE,      /* parent -> child: one bind source fd attached, text = its mounts[] index */
  LC_SYNC_TYPES        /* the number of types (names in sync.c) */
};

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
