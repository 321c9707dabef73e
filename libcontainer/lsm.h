/* husk - Linux security modules: process.apparmorProfile,
 * process.selinuxLabel, linux.mountLabel.  Internal.
 *
 * A label asked for on a host whose LSM is not enabled is an error (at
 * create, before anything exists), never silently dropped: the caller
 * asked for confinement it would not get.  AppArmor's "unconfined" is the
 * exception, as it asks for nothing.
 *
 * Labels are written to /proc/<pid>/attr files through a procfs the
 * container never had a hand in, with openat2 refusing symlinks and mount
 * crossings (procfs.h), so a container that controls its /proc cannot turn
 * the write into one elsewhere (the CVE-2025-52881 class). */
#ifndef LC_LSM_H
#define LC_LSM_H

#include <stdbool.h>

#include "spec.h"
#include "util/util.h"

LC_HIDDEN bool lc_apparmor_enabled (void);
LC_HIDDEN bool lc_selinux_enabled (void);

/* Refuse labels the host cannot apply.  what prefixes the process fields
   ("process." for config.json, "" for a process.json). */
LC_HIDDEN int lc_lsm_check (const lc_spec_process *p, const char *mount_label, const char *what, lc_error **err);

/* In the container process: set the labels the next execve takes, through
   procfd (lc_procfs_open). */
LC_HIDDEN int lc_lsm_apply (const lc_spec_process *p, int procfd, lc_error **err);

#endif
