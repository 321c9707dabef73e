/* husk - the sources of a container's bind mounts, opened for it by the
 * create process when the container has a user namespace
 * (mount-sources.c).  Internal. */
#ifndef LC_MOUNT_SOURCES_H
#define LC_MOUNT_SOURCES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "spec.h"
#include "util/util.h"

/* The bind sources of a container with a user namespace, opened with the
   runtime's credentials in the init's mount namespace.
   lc_mount_is_bind: whether mounts[] entry m is a bind (by its type or its
   options).  lc_bind_sources_wanted: whether the create process opens
   them (a user namespace, binds other than the premade idmapped ones, and
   the privilege to join the init's mount namespace: not rootless). */
LC_HIDDEN bool lc_mount_is_bind (const lc_spec_mount *m);
LC_HIDDEN bool lc_bind_sources_wanted (const lc_spec *spec, const int *premade);
/* Create process: wait for the init's LC_SYNC_SOURCES; a helper it forks
   then sends the init one LC_SYNC_SOURCE per wanted mount, in order. */
LC_HIDDEN int lc_bind_sources_send (const lc_spec *spec, const int *premade, pid_t init, int sock, lc_error **err);
/* Init: ask, and receive them into *fds (per mount, or -1). */
LC_HIDDEN int lc_bind_sources_receive (const lc_spec *spec, const int *premade, int sock, int **fds, lc_error **err);
LC_HIDDEN void lc_bind_sources_close (int *fds, size_t n);

#endif
