/* husk - small pieces shared by create, exec and idmapped mounts: id maps,
 * pid files, handing a pty master to its receiver, the sealed binary check.
 * Internal. */
#ifndef LC_PLUMBING_H
#define LC_PLUMBING_H

#include <sys/types.h>

#include "spec.h"
#include "util/util.h"

/* Write /proc/<pid>/<file> (uid_map or gid_map) in one write(2), as the
   kernel requires. */
LC_HIDDEN int lc_write_id_map (pid_t pid, const char *file, const lc_idmap *m, size_t n, lc_error **err);

/* Write pid to path atomically (--pid-file). */
LC_HIDDEN int lc_write_pid_file (const char *path, pid_t pid, lc_error **err);

/* Receive the pty master (LC_SYNC_CONSOLE) on sock and send it over the
   unix socket console_socket (SCM_RIGHTS, with runc's name "/dev/ptmx"), or
   when that is NULL hand it back in *master_out. */
LC_HIDDEN int lc_console_deliver (int sock, const char *console_socket, int *master_out, lc_error **err);

/* A connected SOCK_STREAM unix socket to path; errors name `what` (the
   flag or field the path came from). */
LC_HIDDEN int lc_unix_connect (const char *path, const char *what, lc_error **err);

/* Fill in what the kernel knows of a state just read: paused from the
   container's freezer. */
struct lc_state;
LC_HIDDEN void lc_state_refresh (struct lc_state *st);

/* For create and exec: an error unless the running binary is safe to fork
   container processes from (see exeseal.h). */
LC_HIDDEN int lc_exe_seal_require (lc_error **err);

#endif
