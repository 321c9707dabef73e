/* husk - a runtime binary that a container cannot write back to (the
 * CVE-2019-5736 class).
 *
 * The container's init and the processes of `exec` are forks of the
 * runtime, so until they execve the user program their /proc/self/exe is
 * the runtime's binary.  A container whose program resolves to
 * /proc/self/exe (a symlink, or a script or ELF interpreter pointing there)
 * makes the kernel run that binary inside the container, where it is
 * dumpable; a process of the container can then reopen it through
 * /proc/<pid>/exe and, once the runtime has exited, write to the file on the
 * host.  The defence is that the image the runtime forks from is never the
 * host's file: a process that will start container processes first
 * re-executes itself from a copy that cannot be written:
 *
 *  - a read-only overlayfs (no upper layer, so no remount can make it
 *    writable) whose lower layer is the binary's own directory: no copy,
 *    the page cache is the file's; needs CAP_SYS_ADMIN for the mount;
 *  - else a sealed memfd copy (F_SEAL_WRITE and friends), for unprivileged
 *    callers, when the binary is writable by them at all. */
#ifndef LC_EXESEAL_H
#define LC_EXESEAL_H

#include <stdbool.h>

#include "error.h"

/* How the running binary is protected. */
enum lc_exe_seal
{
  LC_EXE_UNSEALED,       /* the host's file: re-execute before forking containers */
  LC_EXE_SEALED_OVERLAY, /* a read-only overlayfs */
  LC_EXE_SEALED_MEMFD,   /* a sealed memfd */
  LC_EXE_NOT_WRITABLE,   /* unprivileged, and the file is root's and not writable by others */
};

/* What /proc/self/exe is now. */
LC_EXPORT enum lc_exe_seal lc_exe_seal_state (void);

/* A name for a state ("read-only overlay", ...). */
LC_EXPORT const char *lc_exe_seal_name (enum lc_exe_seal s);

/* Make sure the running binary is sealed: when it is not, re-execute it
   from a sealed copy with the same argv and envp (which does not return).
   Returns 0 when the process already runs from a safe binary, -1 with the
   error when no sealed copy could be made or run.  Call it first thing in
   main(), before anything is opened; it adds HUSK_SEALED_REEXEC=1 to the
   environment of the new image (and removes it from environ when called
   there) so that a copy the kernel does not report as sealed fails instead
   of looping. */
LC_EXPORT int lc_exe_seal_reexec (char **argv, lc_error **err);

#endif
