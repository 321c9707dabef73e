/* husk - the sources of a container's bind mounts, opened for it by the
 * create process when the container has a user namespace.
 *
 * In a user namespace the init is root of that namespace only: a host uid
 * (100000, say) with no privilege over the host's files, so a bind source
 * below a directory it may not search (a 0700 directory of host root's, as
 * kubelet's pod directories and podman's volumes are) is out of its reach,
 * where without a user namespace it would not be.  As runc does, the
 * runtime opens the sources for it: a helper forked by the create process
 * joins the init's mount namespace, takes the init's root and working
 * directory, opens each source there with the runtime's credentials (an
 * O_PATH fd, looked up as the init's open_tree would: following symlinks,
 * triggering automounts) and hands the fds back; the init then makes each
 * bind from its fd exactly as it would from the path (mount.c, bind_tree).
 *
 * The fds are opened in the init's mount namespace, not cloned in the
 * create process's before the clone: a tree cloned in the host's namespace
 * arrives without the locks the kernel puts on a less privileged
 * namespace's copies of the host's mounts (MNT_LOCK_READONLY and the other
 * flag locks, MNT_LOCKED on the mounts below), so root of the container
 * with CAP_SYS_ADMIN could make a read-only host mount writable, or unmount
 * what covers a host directory.  A clone of the init's copy keeps them, and
 * its propagation is what a bind made by the init starts from.
 *
 * The init asks (LC_SYNC_SOURCES) once it is in its final mount namespace
 * and before it mounts anything, so the sources are found in a copy of the
 * host's mounts that nothing of the container has changed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <stddef.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mount-options.h"
#include "mount-sources.h"
#include "sync.h"

bool
lc_mount_is_bind (const lc_spec_mount *m)
{
  __attribute__ ((cleanup (lc_mount_options_free))) struct lc_mount_options o;
  lc_mount_options_parse (m->options, m->n_options, &o);
  return (o.flags & MS_BIND) || (m->type && strcmp (m->type, "bind") == 0);
}

/* A mount whose source the create process opens: a bind of the config
   (not one husk adds, not an idmapped one, made before the clone). */
static bool
wanted (const lc_spec *spec, const int *premade, size_t i)
{
  const lc_spec_mount *m = &spec->mounts[i];
  return m->source && !(premade && premade[i] >= 0) && lc_mount_is_bind (m);
}

/* What joining the init's mount namespace and taking its root takes:
   CAP_SYS_ADMIN and CAP_SYS_CHROOT (setns), CAP_SYS_PTRACE (its /proc
   root and cwd links: the init is not dumpable). */
static bool
may_help (void)
{
  cap_t caps = cap_get_proc ();
  if (caps == NULL)
    return false;
  bool all = true;
  static const cap_value_t need[] = { CAP_SYS_ADMIN, CAP_SYS_CHROOT, CAP_SYS_PTRACE };
  for (size_t i = 0; i < LC_ARRAY_SIZE (need); i++)
    {
      cap_flag_value_t v = CAP_CLEAR;
      cap_get_flag (caps, need[i], CAP_EFFECTIVE, &v);
      all &= v == CAP_SET;
    }
  cap_free (caps);
  return all;
}

bool
lc_bind_sources_wanted (const lc_spec *spec, const int *premade)
{
  const lc_spec_linux *l = spec->linux_cfg;
  bool userns = false;
  for (size_t i = 0; l && i < l->n_namespaces; i++)
    userns |= l->namespaces[i].type == LC_NS_USER;
  if (!userns)
    return false;
  bool any = false;
  for (size_t i = 0; i < spec->n_mounts && !any; i++)
    any = wanted (spec, premade, i);
  /* Without the privilege (rootless: an ordinary user, whose container
     root is that same user) the init finds the sources itself, as before
     and as runc. */
  return any && may_help ();
}

/* The helper, a child of the create process: into the init's mount
   namespace, root and cwd, then each wanted source to the init over sock,
   in order; the first error goes to the create process over errsock.
   Never returns. */
static __attribute__ ((noreturn)) void
open_in_init (const lc_spec *spec, const int *premade, pid_t init, int sock, int errsock)
{
  lc_error *err = NULL;
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/ns/mnt", (int) init);
  int ns = open (path, O_RDONLY | O_CLOEXEC);
  snprintf (path, sizeof path, "/proc/%d/root", (int) init);
  int root = ns < 0 ? -1 : open (path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  snprintf (path, sizeof path, "/proc/%d/cwd", (int) init);
  int cwd = root < 0 ? -1 : open (path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (cwd < 0)
    lc_error_set (&err, errno, "open the bind sources: open the mount namespace, root and cwd of the container "
                               "process");
  else if (setns (ns, CLONE_NEWNS) < 0)
    lc_error_set (&err, errno, "open the bind sources: join the container's mount namespace");
  /* setns put us at that namespace's root: the init's own root and cwd
     (the same, unless husk runs in a chroot) are where its paths start. */
  else if (fchdir (root) < 0 || chroot (".") < 0 || fchdir (cwd) < 0)
    lc_error_set (&err, errno, "open the bind sources: take the root and cwd of the container process");
  for (size_t i = 0; err == NULL && i < spec->n_mounts; i++)
    {
      if (!wanted (spec, premade, i))
        continue;
      const lc_spec_mount *m = &spec->mounts[i];
      char idx[32];
      snprintf (idx, sizeof idx, "%zu", i);
      /* Without OPEN_TREE_CLONE: an O_PATH fd, found as open_tree finds
         what it clones (the init's bind_tree). */
      int fd = open_tree (AT_FDCWD, m->source, OPEN_TREE_CLOEXEC);
      if (fd < 0)
        {
          lc_error_set (&err, errno, "mounts[%zu]: mount \"%s\": bind source \"%s\"", i, m->destination, m->source);
          break;
        }
      int r = lc_sync_send_fd (sock, LC_SYNC_SOURCE, fd, idx);
      close (fd);
      if (r < 0)
        lc_error_set (&err, -r, "mounts[%zu]: pass the bind source to the container process", i);
    }
  if (err)
    {
      lc_sync_report_error (errsock, err);
      _exit (1);
    }
  _exit (0);
}

int
lc_bind_sources_send (const lc_spec *spec, const int *premade, pid_t init, int sock, lc_error **err)
{
  if (lc_sync_expect (sock, LC_SYNC_SOURCES, NULL, NULL, err) < 0)
    return -1;
  int sv[2];
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    return lc_error_set (err, errno, "open the bind sources: socketpair");
  /* A child of our own does it: setns and chroot would move us, and all
     we do after, into the container's mount namespace (and back we might
     not be let: our mount namespace may belong to a parent of our user
     namespace).  It writes the fds straight to the init, which takes them
     as they come; we hear only of a failure. */
  pid_t helper = fork ();
  if (helper == 0)
    {
      close (sv[0]);
      open_in_init (spec, premade, init, sock, sv[1]);
    }
  close (sv[1]);
  if (helper < 0)
    {
      close (sv[0]);
      return lc_error_set (err, errno, "open the bind sources: fork");
    }
  struct lc_sync_msg m;
  ssize_t n;
  do
    n = read (sv[0], &m, sizeof m - 1);
  while (n < 0 && errno == EINTR);
  close (sv[0]);
  int status = 0;
  while (waitpid (helper, &status, 0) < 0 && errno == EINTR)
    ;
  if (n >= (ssize_t) offsetof (struct lc_sync_msg, text) && m.type == LC_SYNC_ERROR)
    {
      ((char *) &m)[n] = '\0';
      return lc_error_setc (err, m.errnum, "%s", m.text);
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return lc_error_set (err, 0, "open the bind sources: the helper process died (status %#x)", (unsigned) status);
  return 0;
}

int
lc_bind_sources_receive (const lc_spec *spec, const int *premade, int sock, int **out, lc_error **err)
{
  *out = NULL;
  int r = lc_sync_send (sock, LC_SYNC_SOURCES, 0, NULL);
  if (r < 0)
    return lc_error_set (err, -r, "ask for the bind sources");
  int *fds = xcalloc (spec->n_mounts, sizeof (int));
  for (size_t i = 0; i < spec->n_mounts; i++)
    fds[i] = -1;
  for (size_t i = 0; i < spec->n_mounts; i++)
    {
      if (!wanted (spec, premade, i))
        continue;
      struct lc_sync_msg msg;
      uint64_t got = 0;
      r = lc_sync_expect (sock, LC_SYNC_SOURCE, &fds[i], &msg, err);
      if (r == 0 && (fds[i] < 0 || lc_parse_u64 (msg.text, &got) < 0 || got != i))
        r = lc_error_set (err, EPROTO, "mounts[%zu]: the bind source came out of order", i);
      if (r < 0)
        {
          lc_bind_sources_close (fds, spec->n_mounts);
          return lc_error_wrap (err, "receive the bind sources");
        }
    }
  *out = fds;
  return 0;
}

void
lc_bind_sources_close (int *fds, size_t n)
{
  for (size_t i = 0; fds && i < n; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  free (fds);
}
