/* husk - writes into /proc that no process of a container can redirect.
 * Internal.
 *
 * husk writes sysctls, oom_score_adj, timens_offsets, LSM attr files, id
 * maps and setgroups under /proc.  A container controls its own /proc: the
 * config may mount proc elsewhere and leave the image's directory there,
 * with symlinks planted into a proc mounted at another path (a
 * net.* sysctl written into a host-global kernel.* knob), or bind mounts
 * over files.  So every such write goes through a procfs root fd opened
 * where no process of the container has had a hand in it: the /proc of
 * husk's own mount namespace (the init opens it first thing, before any of
 * the container's mounts, and keeps it across pivot_root, which detaches
 * it; exec opens it before it joins the container's mount namespace), and
 * each path below it is opened with openat2 refusing symlinks, magic links
 * and mount crossings (without openat2, a walk one component at a time
 * with O_NOFOLLOW and the mount of each step checked), and checked to be a
 * procfs file (the CVE-2025-52881 class). */
#ifndef LC_PROCFS_H
#define LC_PROCFS_H

#include "util/util.h"

/* The /proc of our mount namespace as an O_PATH fd, checked to be the root
   of a procfs. */
LC_HIDDEN int lc_procfs_open (lc_error **err);

/* Open rel ("sys/net/ipv4/ip_forward", "1234/uid_map", or "self/..." for
   our own process: "self" is the one symlink followed) below procfd.
   Returns an fd or -errno (-EXDEV: not a procfs file, or a mount crossed). */
LC_HIDDEN int lc_procfs_openat (int procfd, const char *rel, int flags);

/* Write value to rel in one write(2), as sysctls, id maps and attr files
   want it.  Errors name what (a config field) and the file. */
LC_HIDDEN int lc_procfs_write (int procfd, const char *rel, const char *value, const char *what, lc_error **err);

#endif
