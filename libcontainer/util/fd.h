/* husk - file descriptor plumbing: passing fds over unix sockets, closing
 * everything a container must not inherit.  Internal. */
#ifndef LC_UTIL_FD_H
#define LC_UTIL_FD_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* Send fd (and len bytes of data, at least one byte is always sent) over a
   unix socket with SCM_RIGHTS; the fd goes with the first part when a
   stream socket takes the data in parts.  Returns 0 or -errno. */
LC_HIDDEN int lc_send_fd (int sock, int fd, const void *data, size_t len);

/* Receive one fd (O_CLOEXEC) and up to len bytes.  *fd is -1 when the
   message carried none.  Returns bytes received, or -errno (-EPIPE at EOF). */
LC_HIDDEN ssize_t lc_recv_fd (int sock, int *fd, void *data, size_t len);

/* Whether close_range(2) works here: probed once per process (children
   forked after inherit the answer). */
LC_HIDDEN bool lc_close_range_available (void);

/* Close every fd >= from except those in keep[] (sorted or not).  Uses
   close_range(2); when that fails for any reason or is not there (an old
   kernel, a seccomp sandbox answering ENOSYS or EPERM) the fds listed in
   /proc/self/fd, and without /proc every fd up to the hard RLIMIT_NOFILE.
   Returns 0 or -errno. */
LC_HIDDEN int lc_close_fds_from (int from, const int *keep, size_t nkeep);

/* Mark every fd >= from close-on-exec, except those in keep[]. */
LC_HIDDEN int lc_cloexec_fds_from (int from, const int *keep, size_t nkeep);

#endif
