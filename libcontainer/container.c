/* husk - the container lifecycle, see container.h. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/sched.h>

#include "container.h"
#include "cgroup.h"
#include "hooks.h"
#include "idmap.h"
#include "init.h"
#include "lsm.h"
#include "mount.h"
#include "mount-sources.h"
#include "plumbing.h"
#include "seccomp.h"
#include "spec-internal.h"
#include "state.h"
#include "sync.h"
#include "util/fd.h"
#include "util/log.h"
#include "util/util.h"
#include "version.h"

#define FIFO LC_STATE_FIFO

static unsigned long
clone_flags (const lc_spec *spec, bool *new_userns, lc_error **err)
{
  const lc_spec_linux *l = spec->linux_cfg;
  static const unsigned long flags[LC_NS_TYPES] = {
    [LC_NS_PID] = CLONE_NEWPID,   [LC_NS_NETWORK] = CLONE_NEWNET, [LC_NS_MOUNT] = CLONE_NEWNS,
    [LC_NS_IPC] = CLONE_NEWIPC,   [LC_NS_UTS] = CLONE_NEWUTS,     [LC_NS_USER] = CLONE_NEWUSER,
    [LC_NS_CGROUP] = CLONE_NEWCGROUP, [LC_NS_TIME] = CLONE_NEWTIME,
  };
  unsigned long f = 0;
  *new_userns = false;
  bool mnt = false;
  for (size_t i = 0; l && i < l->n_namespaces; i++)
    {
      const lc_spec_namespace *ns = &l->namespaces[i];
      mnt |= ns->type == LC_NS_MOUNT;
      if (ns->path)
        continue;
      f |= flags[ns->type];
      *new_userns |= ns->type == LC_NS_USER;
    }
  /* Without a mount namespace the container shares the runtime's, as the
     spec says of every type not listed (runc runs it too): the init only
     chroots into the rootfs.  Whatever would mount something (in the
     host's namespace, left behind) is refused, as runc refuses masked and
     read-only paths there and newer runc a read-only root. */
  if (!mnt)
    {
      const char *what = NULL;
      if (spec->n_mounts)
        what = "mounts";
      else if (spec->root && spec->root->readonly)
        what = "root.readonly";
      else if (l && l->n_masked_paths)
        what = "linux.maskedPaths";
      else if (l && l->n_readonly_paths)
        what = "linux.readonlyPaths";
      else if (l && l->n_devices)
        what = "linux.devices";
      else if (l && l->rootfs_propagation != LC_PROPAGATION_DEFAULT)
        what = "linux.rootfsPropagation";
      if (what)
        return (unsigned long) lc_error_set (err, 0,
                                             "%s: needs a mount namespace of the container's own (linux.namespaces has "
                                             "no \"mount\"): without one husk would mount in the host's",
                                             what);
    }
  /* A time namespace takes its offsets only while no process is in it:
     the init unshares it for its children, writes the offsets, and enters
     it with the execve of the program. */
  return f & ~(unsigned long) CLONE_NEWTIME;
}

static void
copy_annotations (lc_strmap *dst, const lc_strmap *src)
{
  dst->len = src->len;
  dst->keys = xcalloc (src->len + 1, sizeof (char *));
  dst->values = xcalloc (src->len + 1, sizeof (char *));
  for (size_t i = 0; i < src->len; i++)
    {
      dst->keys[i] = xstrdup (src->keys[i]);
      dst->values[i] = xstrdup (src->values[i]);
    }
}

static char *
rootfs_path (const struct lc_create_opts *o, const lc_spec *spec, lc_error **err)
{
  cleanup_free char *joined
      = spec->root->path[0] == '/' ? xstrdup (spec->root->path) : xasprintf ("%s/%s", o->bundle, spec->root->path);
  char *real = realpath (joined, NULL);
  if (real == NULL)
    lc_error_set (err, errno, "root.path: \"%s\"", joined);
  return real;
}

/* The container's cgroup, resolved and checked free, not made yet (its
   paths go into the state first).  NULL (and no error) when this host has
   no cgroups and nothing is asked of one. */
static lc_cgroup *
resolve_cgroup (const struct lc_create_opts *o, const lc_spec *spec, lc_error **err)
{
  const lc_spec_linux *l = spec->linux_cfg;
  const lc_spec_resources *r = l ? l->resources : NULL;
  lc_cgroup *cg = NULL;
  if (lc_cgroup_resolve (l ? l->cgroups_path : NULL, o->id, &cg, err) < 0)
    return NULL;
  cg->rootless = o->rootless;
  if (cg->version == LC_CGROUP_NONE)
    {
      const char *asked = lc_cgroup_asked (r, o->rootless);
      if (asked)
        lc_error_setc (err, ENOTSUP, "%s: this host has no cgroup filesystem at /sys/fs/cgroup", asked);
      lc_cgroup_free (cg);
      return NULL;
    }
  /* A cgroup that already holds processes belongs to someone else. */
  pid_t *pids = NULL;
  size_t n = 0;
  if (lc_cgroup_pids (cg, &pids, &n, NULL) == 0 && n > 0)
    {
      free (pids);
      lc_error_setc (err, EBUSY, "linux.cgroupsPath: the cgroup \"%s\" already has %zu process(es) in it", cg->path, n);
      lc_cgroup_free (cg);
      return NULL;
    }
  free (pids);
  return cg;
}

/* Rootless, whether the cgroup error in *err lets the container go on
   without a cgroup, as runc's rootless cgroup managers do: it is a refusal
   to let us make or join the cgroup, and nothing is asked of one (no limit,
   no linux.cgroupsPath).  When not, *err names what was asked. */
static bool
can_do_without_cgroup (const struct lc_create_opts *o, const lc_spec *spec, lc_error **err)
{
  int e = (*err)->errnum;
  if (!o->rootless || !(e == EACCES || e == EPERM || e == EROFS))
    return false;
  const lc_spec_linux *l = spec->linux_cfg;
  const char *asked = lc_cgroup_asked (l ? l->resources : NULL, true);
  if (asked)
    {
      lc_error_wrap (err, "%s: a limit, but rootless husk may not make the cgroup to set it in", asked);
      return false;
    }
  if (l && l->cgroups_path && *l->cgroups_path)
    {
      lc_error_wrap (err, "linux.cgroupsPath \"%s\": rootless husk may not make or join it", l->cgroups_path);
      return false;
    }
  lc_error_clear (err);
  return true;
}

/* Forget the cgroup (rootless, see above): what we made of it goes, and
   the state no longer names it, so that ps, kill --all and delete go by
   the pid namespace instead. */
static int
drop_cgroup (lc_cgroup *cg, lc_state *st, int dirfd, lc_error **err)
{
  lc_cgroup_remove_created (cg);
  for (size_t i = 0; i < cg->dirs.len; i++)
    cg->created[i] = false;
  st->cgroup_path = NULL;
  st->cgroup_paths = (lc_strmap){ 0 };
  return lc_state_write (dirfd, st, err);
}

/* Make the container's cgroup and set its limits; rootless, do without
   it when it cannot be made and nothing is asked of it (*cgp is then
   NULL). */
static int
make_cgroup (const struct lc_create_opts *o, const lc_spec *spec, lc_cgroup **cgp, lc_state *st, int dirfd,
             lc_error **err)
{
  lc_cgroup *cg = *cgp;
  if (lc_cgroup_create (cg, err) == 0)
    {
      /* A hybrid host's v2 directory that could not be made is left out:
         the state names what there is. */
      if (st->cgroup_paths.len != cg->dirs.len)
        {
          st->cgroup_paths = cg->dirs;
          if (lc_state_write (dirfd, st, err) < 0)
            return -1;
        }
      /* A process placed in a frozen cgroup (it, or a parent, frozen by
         someone else) would never report back: refuse, as runc does. */
      if (lc_cgroup_frozen (cg))
        return lc_error_setc (err, EBUSY,
                              "container's cgroup unexpectedly frozen: \"%s\" is frozen (thaw it, or use another "
                              "linux.cgroupsPath)",
                              cg->path);
      return lc_cgroup_apply (cg, spec->linux_cfg ? spec->linux_cfg->resources : NULL, false, err);
    }
  if (!can_do_without_cgroup (o, spec, err))
    return -1;
  if (drop_cgroup (cg, st, dirfd, err) < 0)
    return -1;
  lc_cgroup_free (cg);
  *cgp = NULL;
  return 0;
}

/* What the create process made or decided for the mounts before the clone. */
struct premounts
{
  const int *idmap_fds; /* per mount: an idmapped tree, or -1; NULL: none */
  bool bind_sources;    /* the init asks us for its bind sources */
};

/* The parent's half of create once the child runs: maps, READY, state. */
static int
parent_side (const struct lc_create_opts *o, const lc_spec *spec, int sock, pid_t child, bool new_userns,
             const struct premounts *pm, lc_cgroup *cg, bool placed, lc_state *st, int dirfd, lc_error **err)
{
  const lc_spec_linux *l = spec->linux_cfg;
  if (cg && !placed)
    {
      if (lc_cgroup_enter (cg, child, err) < 0
          && (!can_do_without_cgroup (o, spec, err) || drop_cgroup (cg, st, dirfd, err) < 0))
        return -1;
      if (lc_sync_send (sock, LC_SYNC_CGROUP_DONE, 0, NULL) < 0)
        return lc_error_set (err, errno, "signal the container process");
    }
  if (new_userns)
    {
      if (lc_write_id_map (child, "uid_map", l->uid_mappings, l->n_uid_mappings, err) < 0
          || lc_write_id_map (child, "gid_map", l->gid_mappings, l->n_gid_mappings, err) < 0)
        return -1;
      if (lc_sync_send (sock, LC_SYNC_MAPS_DONE, 0, NULL) < 0)
        return lc_error_set (err, errno, "signal the container process");
    }
  /* The pid goes into the state while the child sets itself up (it does
     not wait for this).  Should we die before, the child's next word to
     us fails and it exits: it cannot get past READY without RECORDED. */
  st->pid = child;
  st->pid_start = lc_proc_start_time (child);
  if (lc_state_write (dirfd, st, err) < 0)
    return -1;
  if (pm->bind_sources && lc_bind_sources_send (spec, pm->idmap_fds, child, sock, err) < 0)
    return -1;
  if (lc_init_has_create_hooks (spec))
    {
      /* The init has its namespaces and mounts and waits before pivot_root:
         prestart (deprecated, same point) and createRuntime hooks now. */
      if (lc_sync_expect (sock, LC_SYNC_HOOKS, NULL, NULL, err) < 0)
        return -1;
      cleanup_free char *state = lc_hooks_state_json (o->id, "creating", child, o->bundle, &spec->annotations);
      if (lc_hooks_run (spec, LC_HOOK_PRESTART, state, o->bundle, err) < 0
          || lc_hooks_run (spec, LC_HOOK_CREATE_RUNTIME, state, o->bundle, err) < 0)
        return -1;
      char pidtext[32];
      snprintf (pidtext, sizeof pidtext, "%d", (int) child);
      if (lc_sync_send (sock, LC_SYNC_HOOKS_DONE, 0, pidtext) < 0)
        return lc_error_set (err, errno, "signal the container process");
    }
  if (spec->process->terminal && lc_console_deliver (sock, o->console_socket, o->console_master, err) < 0)
    return -1;
  if (l && l->seccomp && lc_seccomp_forward (sock, l->seccomp, o->id, "creating", child, o->bundle,
                                             &spec->annotations, err) < 0)
    return -1;
  if (lc_sync_expect (sock, LC_SYNC_READY, NULL, NULL, err) < 0)
    return -1;
  /* Its pid is in the state already (create wrote it after the clone): let
     it go on to wait for start.  Should we die from here on, delete
     --force finds it there. */
  if (lc_sync_send (sock, LC_SYNC_RECORDED, 0, NULL) < 0)
    return lc_error_set (err, errno, "signal the container process");
  st->phase = LC_PHASE_CREATED;
  if (lc_state_write (dirfd, st, err) < 0)
    return -1;
  if (o->pid_file && lc_write_pid_file (o->pid_file, child, err) < 0)
    return -1;
  return 0;
}

/* start and delete run poststart and poststop hooks from the config as it
   was at create: keep a copy when there are any (or other things exec needs). */
static int
save_config (const struct lc_create_opts *o, const lc_spec *spec, int dirfd, lc_error **err)
{
  /* exec applies the container's seccomp profile and LSM labels as they
     were at create, too. */
  const lc_spec_process *p = spec->process;
  if (!spec->n_hooks[LC_HOOK_POSTSTART] && !spec->n_hooks[LC_HOOK_POSTSTOP] && !spec->n_hooks[LC_HOOK_START_CONTAINER]
      && !(spec->linux_cfg && (spec->linux_cfg->seccomp || spec->linux_cfg->mount_label))
      && !(p->apparmor_profile && *p->apparmor_profile) && !(p->selinux_label && *p->selinux_label))
    return 0;
  /* What was validated, not the bundle's file read again (it may have
     changed since). */
  if (spec->source)
    return lc_write_file_atomic (dirfd, "config.json", spec->source, spec->source_len, 0600, err);
  cleanup_free char *path = xasprintf ("%s/config.json", o->bundle);
  cleanup_free char *buf = NULL;
  size_t len = 0;
  if (lc_read_file (path, LC_SPEC_MAX_FILE, &buf, &len, err) < 0)
    return -1;
  return lc_write_file_atomic (dirfd, "config.json", buf, len, 0600, err);
}

static lc_spec *
load_saved_config (int dirfd)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/self/fd/%d/config.json", dirfd);
  lc_spec *spec = NULL;
  if (access (path, F_OK) < 0 || lc_spec_load_file (path, &spec, NULL) < 0)
    return NULL;
  return spec;
}

static bool wait_dead (const lc_state *st, int ms);

/* poststart: runtime-spec 1.3 makes a failing hook an error that stops the
   container (runc's start fails and kills it too); delete then destroys
   it and runs poststop. */
static int
run_poststart (const lc_state *st, const lc_spec *spec, lc_error **err)
{
  int ret = 0;
  if (spec && spec->n_hooks[LC_HOOK_POSTSTART])
    {
      cleanup_free char *state = lc_hooks_state_json (st->id, "running", st->pid, st->bundle, &st->annotations);
      if (lc_hooks_run (spec, LC_HOOK_POSTSTART, state, st->bundle, err) < 0)
        {
          lc_cgroup *cg = lc_cgroup_from_state (st->cgroup_path, &st->cgroup_paths);
          if (cg == NULL || lc_cgroup_kill (cg, SIGKILL, NULL) < 0)
            kill (st->pid, SIGKILL);
          lc_cgroup_free (cg);
          wait_dead (st, 10000);
          ret = lc_error_wrap (err, "start \"%s\" (the container is stopped)", st->id);
        }
    }
  return ret;
}

/* The host id that id maps to, or -1. */
static long
host_id (const lc_idmap *m, size_t n, uint32_t id)
{
  for (size_t i = 0; i < n; i++)
    if (id >= m[i].container_id && id - m[i].container_id < m[i].size)
      return (long) m[i].host_id + (long) (id - m[i].container_id);
  return -1;
}

/* In a user namespace the init is root of that namespace, a host user that
   the fifo's 0600 would shut out: give it the fifo. */
static int
chown_to_container_root (int dirfd, const char *name, const lc_spec_linux *l, lc_error **err)
{
  long uid = host_id (l->uid_mappings, l->n_uid_mappings, 0);
  long gid = host_id (l->gid_mappings, l->n_gid_mappings, 0);
  if (uid < 0 || gid < 0)
    return lc_error_set (err, 0, "linux.uidMappings and gidMappings must map root (0) of the container");
  if (fchownat (dirfd, name, (uid_t) uid, (gid_t) gid, AT_SYMLINK_NOFOLLOW) < 0)
    return lc_error_set (err, errno, "give the exec fifo to the container's root");
  return 0;
}

/* A pid namespace given by path applies to children only: join it here,
   in the create process, so that the clone starts inside it. */
static int
join_pid_namespace (const lc_spec_linux *l, lc_error **err)
{
  for (size_t i = 0; l && i < l->n_namespaces; i++)
    if (l->namespaces[i].type == LC_NS_PID && l->namespaces[i].path)
      {
        cleanup_close int fd = open (l->namespaces[i].path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
          return lc_error_set (err, errno, "linux.namespaces[%zu]: open \"%s\"", i, l->namespaces[i].path);
        lc_leak_check_now ();
        if (setns (fd, CLONE_NEWPID) < 0)
          return lc_error_set (err, errno, "linux.namespaces[%zu]: join the pid namespace \"%s\"", i,
                               l->namespaces[i].path);
      }
  return 0;
}

/* clone3 answered ENOSYS (a kernel before 5.3; a seccomp sandbox: Docker's
   default profile, valgrind) or EPERM (a profile that predates it) where
   clone did the job: learnt once, so that the fallback costs one failed
   call per process at most. */
static bool no_clone3;

/* clone(2) as fork does it: no new stack, the child returns here on a copy
   of ours.  The flags all fit in its 32 bits (CLONE_NEWTIME, which clone
   would take for a signal number, is never asked of it: see clone_flags). */
static pid_t
clone_legacy (unsigned long flags)
{
#if defined(__s390__) || defined(__CRIS__)
  return (pid_t) syscall (SYS_clone, NULL, flags | SIGCHLD, NULL, NULL, NULL);
#else
  return (pid_t) syscall (SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
#endif
}

/* cgroup_fd >= 0: born in that (v2) cgroup, CLONE_INTO_CGROUP, which only
   clone3 has: without clone3 this fails with ENOSYS, and the caller moves
   the child into the cgroup itself (cgroup_fd -1). */
static pid_t
clone_child (unsigned long flags, int cgroup_fd)
{
  int e = ENOSYS;
  if (!no_clone3)
    {
      struct clone_args args = { .flags = flags, .exit_signal = SIGCHLD };
      if (cgroup_fd >= 0)
        {
          args.flags |= CLONE_INTO_CGROUP;
          args.cgroup = (uint64_t) cgroup_fd;
        }
      pid_t pid = (pid_t) syscall (SYS_clone3, &args, sizeof args);
      if (pid >= 0 || (errno != ENOSYS && errno != EPERM))
        return pid;
      e = errno;
      if (e == ENOSYS)
        {
          no_clone3 = true;
          lc_debug ("clone3: %s: the container process is made with clone(2), and moved into its cgroup "
                    "through cgroup.procs",
                    strerror (e));
        }
    }
  if (cgroup_fd >= 0)
    {
      /* EPERM may be the cgroup's (or a namespace's) answer: the caller
         tries again without CLONE_INTO_CGROUP, and clone(2) tells. */
      errno = e;
      return -1;
    }
  pid_t pid = clone_legacy (flags);
  if (pid > 0 && e == EPERM && !no_clone3)
    {
      /* clone3 refused what clone did: a filter, not the kernel. */
      no_clone3 = true;
      lc_debug ("clone3: %s where clone(2) works: clone(2) from now on", strerror (e));
    }
  return pid;
}

/* Capabilities newer than the running kernel: runc's rule, a warning and
   the capability left out (libcap and the spec know names an older kernel
   does not). */
static void
warn_unknown_caps (const lc_spec_caps *c)
{
  if (c == NULL)
    return;
  unsigned last = cap_max_bits () - 1;
  uint64_t all = c->bounding | c->effective | c->permitted | c->inheritable | c->ambient;
  for (unsigned cap = last + 1; cap < 64; cap++)
    if (all & (UINT64_C (1) << cap))
      {
        char *name = cap_to_name ((cap_value_t) cap);
        lc_warn ("process.capabilities: %s is not known to this kernel (its last is %u): ignored", name, last);
        cap_free (name);
      }
}

static int
create (const struct lc_create_opts *o, const lc_spec *spec, pid_t *pid, lc_error **err)
{
  if (lc_exe_seal_require (err) < 0)
    return -1;
  /* Before anything is made: without it the init would fail half-way. */
  if (lc_mount_api_check (err) < 0)
    return -1;
  if (spec->process->terminal && o->console_socket == NULL && o->console_master == NULL)
    return lc_error_set (err, 0, "process.terminal is true: --console-socket is required (the pty master is sent "
                                 "there)");
  if (!spec->process->terminal && o->console_socket)
    return lc_error_set (err, 0, "--console-socket given, but process.terminal is not true");
  bool new_userns = false;
  lc_error *ferr = NULL;
  unsigned long flags = clone_flags (spec, &new_userns, &ferr);
  if (ferr)
    {
      *err = ferr;
      return -1;
    }
  if (lc_lsm_check (spec->process, spec->linux_cfg ? spec->linux_cfg->mount_label : NULL, "process.", err) < 0)
    return -1;
  warn_unknown_caps (spec->process->capabilities);
  cleanup_free char *rootfs = rootfs_path (o, spec, err);
  if (rootfs == NULL)
    return -1;
  cleanup_close int rootfd = lc_state_root_open (o->root, true, err);
  if (rootfd < 0)
    return -1;
  /* The seccomp filter is compiled (or found in the cache) here, before
     anything exists that a bad profile would have to undo. */
  __attribute__ ((cleanup (lc_seccomp_freep))) struct lc_seccomp *seccomp = NULL;
  if (lc_seccomp_compile (spec->linux_cfg ? spec->linux_cfg->seccomp : NULL, rootfd, &seccomp, NULL, err) < 0)
    return -1;
  cleanup_close int dirfd = lc_state_create_dir (rootfd, o->id, err);
  if (dirfd < 0)
    return -1;
  lc_state st = { .id = (char *) o->id, .bundle = (char *) o->bundle, .rootfs = rootfs, .owner = geteuid (),
                  .oci_version = spec->oci_version, .phase = LC_PHASE_CREATING };
  lc_error *cgerr = NULL;
  lc_cgroup *cg = resolve_cgroup (o, spec, &cgerr);
  if (cgerr)
    {
      *err = cgerr;
      lc_state_remove (rootfd, o->id, dirfd, NULL);
      return -1;
    }
  if (cg)
    {
      st.cgroup_path = cg->path;
      st.cgroup_paths = cg->dirs;
    }
  cleanup_close int cgfd = -1;
  cleanup_free char *created = lc_time_rfc3339_nano ();
  st.created = created;
  copy_annotations (&st.annotations, &spec->annotations);
  int sv[2] = { -1, -1 };
  int fifo = -1;
  int *idmap_fds = NULL;
  struct premounts pm = { 0 };
  pid_t child = -1;
  int ret = -1;
  /* What we make is recorded before we make it: killed at any point from
     here on, we leave a state that delete --force cleans up from (the
     cgroups, then the pid). */
  if (lc_state_write (dirfd, &st, err) < 0)
    goto fail;
  if (cg && make_cgroup (o, spec, &cg, &st, dirfd, err) < 0)
    goto fail;
  /* Born in the cgroup where the kernel can (v2: its directory exists
     now), else moved there by us before it goes on; the cgroup namespace
     is then made by the child. */
  cgfd = lc_cgroup_v2_fd (cg);
  bool placed = cgfd >= 0;
  bool cgroupns_late = cg && !placed && (flags & CLONE_NEWCGROUP);
  if (cgroupns_late)
    flags &= ~(unsigned long) CLONE_NEWCGROUP;
  if (save_config (o, spec, dirfd, err) < 0)
    goto fail;
  /* Writable by anyone (0622, as runc): the init opens it as the
     container's user, through its O_PATH fd; only the state directory
     (0700) keeps others from it. */
  if (mkfifoat (dirfd, FIFO, 0600) < 0 || fchmodat (dirfd, FIFO, 0622, 0) < 0)
    {
      lc_error_set (err, errno, "create the exec fifo");
      goto fail;
    }
  if (new_userns && chown_to_container_root (dirfd, FIFO, spec->linux_cfg, err) < 0)
    goto fail;
  fifo = openat (dirfd, FIFO, O_PATH | O_CLOEXEC);
  if (fifo < 0 || socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    {
      lc_error_set (err, errno, "set up the exec fifo and the sync socket");
      goto fail;
    }
  if (lc_idmap_prepare (spec, &idmap_fds, err) < 0 || join_pid_namespace (spec->linux_cfg, err) < 0)
    goto fail;
  pm = (struct premounts){ .idmap_fds = idmap_fds, .bind_sources = lc_bind_sources_wanted (spec, idmap_fds) };
  /* Learnt here (openat2, close_range), so that the init inherits it. */
  lc_learn_fallbacks ();
  child = clone_child (flags, cgfd);
  if (child < 0 && cgfd >= 0
      && (errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP || errno == EBUSY || errno == EACCES
          || errno == EPERM))
    {
      /* A kernel (or a sandbox) without clone3 or CLONE_INTO_CGROUP: move
         it ourselves, as on v1.  EACCES or EPERM may be the cgroup's: the
         write to cgroup.procs then says so (rootless, a cgroup we may make
         but not move into is then done without, when nothing is asked of
         it). */
      placed = false;
      cgroupns_late = flags & CLONE_NEWCGROUP;
      child = clone_child (cgroupns_late ? flags & ~(unsigned long) CLONE_NEWCGROUP : flags, -1);
    }
  if (child < 0)
    {
      lc_error_set (err, errno, "clone the container process");
      goto fail;
    }
  if (child == 0)
    {
      close (sv[0]);
      struct lc_init_args a = { .spec = spec, .rootfs = rootfs, .sync = sv[1], .fifo = fifo,
                                .no_pivot = o->no_pivot, .new_userns = new_userns, .preserve_fds = o->preserve_fds,
                                .id = o->id, .bundle = o->bundle, .idmap_fds = idmap_fds,
                                .seccomp = seccomp, .cgroup_wait = cg && !placed,
                                .cgroupns_late = cgroupns_late, .bind_sources = pm.bind_sources };
      lc_init_run (&a);
    }
  close (sv[1]);
  sv[1] = -1;
  if (parent_side (o, spec, sv[0], child, new_userns, &pm, cg, placed, &st, dirfd, err) < 0)
    goto fail;
  *pid = child;
  ret = 0;
fail:
  if (ret < 0)
    {
      /* No residue: the half-made process and the state directory go. */
      if (child > 0)
        {
          kill (child, SIGKILL);
          waitpid (child, NULL, 0);
        }
      if (cg)
        lc_cgroup_remove_created (cg);
      lc_state_remove (rootfd, o->id, dirfd, NULL);
    }
  lc_cgroup_free (cg);
  if (sv[0] >= 0)
    close (sv[0]);
  if (sv[1] >= 0)
    close (sv[1]);
  if (fifo >= 0)
    close (fifo);
  lc_idmap_close (idmap_fds, spec->n_mounts);
  lc_strmap_free (&st.annotations);
  return ret;
}

int
lc_container_create (const struct lc_create_opts *o, const lc_spec *spec, pid_t *pid, lc_error **err)
{
  LC_ERR_OPTIONAL (err);
  if (create (o, spec, pid, err) < 0)
    return lc_error_wrap (err, "create \"%s\"", o->id);
  return 0;
}

struct opened
{
  int rootfd, dirfd;
  lc_state *st;
};

static void
close_opened (struct opened *c)
{
  lc_state_free (c->st);
  if (c->dirfd >= 0)
    close (c->dirfd);
  if (c->rootfd >= 0)
    close (c->rootfd);
}

static int
open_container (const char *root, const char *id, struct opened *c, lc_error **err)
{
  c->rootfd = c->dirfd = -1;
  c->st = NULL;
  if (lc_state_validate_id (id, err) < 0)
    return -1;
  c->rootfd = lc_state_root_open (root, false, err);
  if (c->rootfd < 0)
    {
      if ((*err)->errnum == ENOENT)
        lc_error_setc (err, ENOENT, LC_MSG_NOT_EXIST ": \"%s\"", id);
      return -1;
    }
  c->dirfd = lc_state_open_dir (c->rootfd, id, err);
  if (c->dirfd < 0 || lc_state_read (c->dirfd, id, &c->st, err) < 0)
    {
      close_opened (c);
      return -1;
    }
  lc_state_refresh (c->st);
  return 0;
}

void
lc_state_refresh (lc_state *st)
{
  /* Paused is what the freezer says, not a flag on disk that a failed
     write could leave contradicting it. */
  lc_cgroup *cg = lc_cgroup_from_state (st->cgroup_path, &st->cgroup_paths);
  st->paused = lc_cgroup_frozen (cg);
  lc_cgroup_free (cg);
}

int
lc_container_list (const char *root, lc_state ***out, size_t *n, lc_error **err)
{
  LC_ERR_OPTIONAL (err);
  if (lc_state_list (root, out, n, err) < 0)
    return -1;
  for (size_t i = 0; i < *n; i++)
    lc_state_refresh ((*out)[i]);
  return 0;
}

/* How long start waits for the init to reach execve once released: its
   startContainer hooks' timeouts and 10 s; -1 (for ever) when one of them
   has none. */
static int
start_hooks_timeout (const lc_spec *spec)
{
  long long ms = 10000;
  for (size_t i = 0; spec && i < spec->n_hooks[LC_HOOK_START_CONTAINER]; i++)
    {
      const lc_spec_hook *h = &spec->hooks[LC_HOOK_START_CONTAINER][i];
      if (!h->has_timeout)
        {
          ms = -1;
          break;
        }
      ms += (long long) h->timeout * 1000;
    }
  return ms > INT_MAX ? -1 : (int) ms;
}

/* After the init's first byte: EOF on the fifo means its execve succeeded
   (the write end is close-on-exec); text is the error it failed with,
   before it exits (startContainer hooks, the filter, execve).  An init
   still on its way after timeout_ms (a hook without a timeout waits for
   ever, -1) is taken as started, as runc's start would. */
static int
wait_exec (int fifo, const lc_state *st, int timeout_ms, const char *id, lc_error **err)
{
  char msg[LC_SYNC_MAX_TEXT];
  size_t len = 0;
  for (int waited = 0; timeout_ms < 0 || waited < timeout_ms; waited += 100)
    {
      struct pollfd p = { .fd = fifo, .events = POLLIN };
      if (poll (&p, 1, 100) <= 0)
        continue;
      ssize_t r = read (fifo, msg + len, sizeof msg - 1 - len);
      if (r > 0)
        {
          len += (size_t) r;
          if (len < sizeof msg - 1)
            continue;
        }
      else if (r < 0 && (errno == EAGAIN || errno == EINTR))
        continue;
      break; /* EOF, or as much as we print */
    }
  if (len == 0)
    return 0;
  msg[len] = '\0';
  /* The init exits right after it wrote: reap it if it is ours (run). */
  for (int i = 0; i < 100 && lc_state_pid_alive (st); i++)
    {
      waitpid (st->pid, NULL, WNOHANG);
      struct timespec ts = { 0, 10 * 1000 * 1000 };
      nanosleep (&ts, NULL);
    }
  return lc_error_setc (err, 0, "start \"%s\": the container process failed: %s", id, msg);
}

int
lc_container_start (const char *root, const char *id, lc_error **err)
{
  LC_ERR_OPTIONAL (err);
  struct opened c;
  if (open_container (root, id, &c, err) < 0)
    return -1;
  int ret = -1;
  cleanup_close int fifo = -1, path = -1;
  lc_spec *saved = NULL;
  const char *status = lc_state_status (c.st);
  if (strcmp (status, "created") != 0)
    {
      /* runc's words for each state. */
      if (strcmp (status, "stopped") == 0)
        lc_error_set (err, 0, "cannot start a container that has stopped: \"%s\"", id);
      else if (strcmp (status, "running") == 0)
        lc_error_set (err, 0, "cannot start an already running container: \"%s\"", id);
      else
        lc_error_set (err, 0, "cannot start a container in the %s state: \"%s\"", status, id);
      goto out;
    }
  /* A created container whose exec fifo is gone is running: the fifo is
     removed first, and only then opened for reading (which releases the
     process), through an fd taken before.  A state directory where it
     cannot be removed (read-only) fails start with nothing started; a full
     one does not stop it; the state file is not written at all. */
  path = openat (c.dirfd, FIFO, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (path < 0)
    {
      lc_error_set (err, errno, "start \"%s\": open the exec fifo", id);
      goto out;
    }
  if (unlinkat (c.dirfd, FIFO, 0) < 0)
    {
      lc_error_set (err, errno, "start \"%s\": remove the exec fifo", id);
      goto out;
    }
  char self[64];
  snprintf (self, sizeof self, "/proc/self/fd/%d", path);
  fifo = open (self, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fifo < 0)
    {
      lc_error_set (err, errno, "start \"%s\": open the exec fifo", id);
      /* Put it back: the container is still created. */
      linkat (path, "", c.dirfd, FIFO, AT_EMPTY_PATH);
      goto out;
    }
  /* Opening the read side releases the init's open for writing; it then
     writes one byte.  If it died instead, say so rather than wait forever. */
  for (;;)
    {
      struct pollfd p = { .fd = fifo, .events = POLLIN };
      int r = poll (&p, 1, 100);
      char b;
      if (r > 0 && read (fifo, &b, 1) == 1)
        break;
      if (!lc_state_pid_alive (c.st))
        {
          lc_error_set (err, 0, "start \"%s\": the container process exited before it started", id);
          goto out;
        }
    }
  /* The saved config (only when it has hooks or what exec needs): read
     once, for the startContainer hooks' timeouts and the poststart hooks. */
  saved = load_saved_config (c.dirfd);
  if (wait_exec (fifo, c.st, start_hooks_timeout (saved), id, err) < 0)
    goto out;
  ret = run_poststart (c.st, saved, err);
out:
  lc_spec_free (saved);
  close_opened (&c);
  return ret;
}

/* Every process in the pid namespace of init (when it has its own): how a
   container without a cgroup (rootless) is told from the rest. */
static int
pidns_pids (pid_t init, pid_t **pids, size_t *n)
{
  char path[64];
  struct stat ns_init, ns_self, ns_p;
  *pids = NULL;
  *n = 0;
  snprintf (path, sizeof path, "/proc/%d/ns/pid", (int) init);
  if (stat (path, &ns_init) < 0 || stat ("/proc/self/ns/pid", &ns_self) < 0)
    return -errno;
  if (ns_init.st_ino == ns_self.st_ino && ns_init.st_dev == ns_self.st_dev)
    return -ENOTSUP; /* shares ours: without a cgroup we cannot tell its processes */
  DIR *d = opendir ("/proc");
  if (d == NULL)
    return -errno;
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    {
      int p;
      if (lc_parse_int (e->d_name, &p) < 0)
        continue;
      snprintf (path, sizeof path, "/proc/%d/ns/pid", p);
      if (stat (path, &ns_p) == 0 && ns_p.st_ino == ns_init.st_ino && ns_p.st_dev == ns_init.st_dev)
        {
          *pids = xreallocarray (*pids, *n + 1, sizeof (pid_t));
          (*pids)[(*n)++] = (pid_t) p;
        }
    }
  closedir (d);
  return 0;
}

static int
kill_pidns (pid_t init, int signo)
{
  pid_t *pids = NULL;
  size_t n = 0;
  int r = pidns_pids (init, &pids, &n);
  for (size_t i = 0; i < n; i++)
    kill (pids[i], signo);
  free (pids);
  return r;
}

int
lc_container_kill (const char *root, const char *id, int signo, bool all, lc_error **err)
{
  LC_ERR_OPTIONAL (err);
  struct opened c;
  if (open_container (root, id, &c, err) < 0)
    return -1;
  int ret = 0;
  bool alive = lc_state_pid_alive (c.st);
  if (all && c.st->cgroup_paths.len)
    {
      /* As runc: --all signals whatever is in the cgroup, also once the init
         has exited (processes of a shared pid namespace outlive it), and
         succeeds on a stopped container (containerd's shim sends it after
         every exit); a cgroup that is gone has nothing left to signal. */
      lc_cgroup *cg = lc_cgroup_from_state (c.st->cgroup_path, &c.st->cgroup_paths);
      if (alive || lc_cgroup_exists (cg))
        ret = lc_cgroup_kill (cg, signo, err);
      if (ret < 0)
        lc_error_wrap (err, "kill --all \"%s\"", id);
      lc_cgroup_free (cg);
    }
  else if (!alive && all)
    ret = 0; /* no cgroup: nothing of a stopped container can be reached */
  else if (!alive)
    ret = lc_error_set (err, 0, LC_MSG_NOT_RUNNING ": \"%s\" is stopped", id);
  else if (all)
    {
      int r = kill_pidns (c.st->pid, signo);
      if (r == -ENOTSUP)
        r = kill (c.st->pid, signo) < 0 ? -errno : 0;
      if (r < 0)
        ret = lc_error_set (err, -r, "kill --all \"%s\"", id);
    }
  else if (kill (c.st->pid, signo) < 0)
    ret = lc_error_set (err, errno, "kill \"%s\" (pid %d)", id, (int) c.st->pid);
  /* A frozen process takes its SIGKILL only once thawed (cgroup v1): a
     paused container that is killed is thawed, as runc does. */
  if (ret == 0 && signo == SIGKILL && c.st->paused)
    {
      lc_cgroup *cg = lc_cgroup_from_state (c.st->cgroup_path, &c.st->cgroup_paths);
      lc_cgroup_freeze (cg, false, NULL);
      lc_cgroup_free (cg);
    }
  close_opened (&c);
  return ret;
}

/* Wait (bounded) until pid is gone or a zombie. */
static bool
wait_dead (const lc_state *st, int ms)
{
  for (int waited = 0; waited < ms; waited += 10)
    {
      if (!lc_state_pid_alive (st))
        return true;
      /* Our own child (husk run): reap it. */
      waitpid (st->pid, NULL, WNOHANG);
      struct timespec ts = { 0, 10 * 1000 * 1000 };
      nanosleep (&ts, NULL);
    }
  return !lc_state_pid_alive (st);
}

/* A state directory whose state cannot be read, locked by us: a create
   killed before it wrote state.json (it records everything it makes before
   making it, so there is nothing else), or, with force, a damaged file. */
static int
delete_unreadable (const char *root, const char *id, bool force, lc_error **err)
{
  lc_error *rerr = NULL;
  cleanup_close int rootfd = lc_state_root_open (root, false, &rerr);
  cleanup_close int dirfd = rootfd < 0 ? -1 : lc_state_open_dir (rootfd, id, &rerr);
  lc_state *st = NULL;
  if (dirfd < 0 || lc_state_read (dirfd, id, &st, &rerr) == 0)
    {
      lc_state_free (st);
      lc_error_free (rerr);
      return -1; /* gone meanwhile, or readable after all: the first error stands */
    }
  bool missing = rerr->errnum == ENOENT;
  lc_error_free (rerr);
  if (!missing && !force)
    return -1;
  lc_error_clear (err);
  return lc_state_remove (rootfd, id, dirfd, err);
}

int
lc_container_delete (const char *root, const char *id, bool force, lc_error **err)
{
  LC_ERR_OPTIONAL (err);
  struct opened c;
  if (open_container (root, id, &c, err) < 0)
    return (*err)->errnum == ENOENT || force ? delete_unreadable (root, id, force, err) : -1;
  int ret = 0;
  lc_cgroup *cg = lc_cgroup_from_state (c.st->cgroup_path, &c.st->cgroup_paths);
  if (lc_state_pid_alive (c.st))
    {
      if (!force)
        {
          ret = lc_error_set (err, 0, "cannot delete container %s that is not stopped: %s (stop it first or use --force)",
                              id, lc_state_status (c.st));
          goto out;
        }
      /* Through the cgroup when there is one: it reaches every process and
         thaws a paused container so that the kill lands. */
      if (cg)
        lc_cgroup_kill (cg, SIGKILL, NULL);
      if (lc_cgroup_frozen (cg))
        lc_cgroup_freeze (cg, false, NULL);
      if (kill_pidns (c.st->pid, SIGKILL) < 0)
        kill (c.st->pid, SIGKILL);
      if (!wait_dead (c.st, 10000))
        {
          ret = lc_error_set (err, 0, "delete \"%s\": process %d did not die after SIGKILL", id, (int) c.st->pid);
          goto out;
        }
    }
  /* Whatever is left in the cgroup goes with it. */
  if (cg && lc_cgroup_destroy (cg, err) < 0)
    {
      ret = lc_error_wrap (err, "delete \"%s\"", id);
      goto out;
    }
  /* poststop: after the container is gone, before delete returns; the
     saved config goes with the state, so load it first. */
  lc_spec *saved = load_saved_config (c.dirfd);
  ret = lc_state_remove (c.rootfd, id, c.dirfd, err);
  if (ret == 0 && saved && saved->n_hooks[LC_HOOK_POSTSTOP])
    {
      cleanup_free char *state = lc_hooks_state_json (id, "stopped", 0, c.st->bundle, &c.st->annotations);
      lc_hooks_run_warn (saved, LC_HOOK_POSTSTOP, state, c.st->bundle, id);
    }
  lc_spec_free (saved);
out:
  lc_cgroup_free (cg);
  close_opened (&c);
  return ret;
}

int
lc_container_state (const char *root, const char *id, lc_state **out, lc_error **err)
{
  LC_ERR_OPTIONAL (err);
  struct opened c;
  *out = NULL;
  if (open_container (root, id, &c, err) < 0)
    return -1;
  *out = c.st;
  c.st = NULL;
  close_opened (&c);
  return 0;
}

/* A live container with a cgroup, locked for the caller. */
static int
open_with_cgroup (const char *root, const char *id, struct opened *c, lc_cgroup **cg, lc_error **err)
{
  if (open_container (root, id, c, err) < 0)
    return -1;
  if (!lc_state_pid_alive (c->st))
    {
      lc_error_setc (err, 0, LC_MSG_NOT_RUNNING ": \"%s\" is stopped", id);
      close_opened (c);
      return -1;
    }
  *cg = lc_cgroup_from_state (c->st->cgroup_path, &c->st->cgroup_paths);
  if (*cg == NULL)
    {
      lc_error_setc (err, ENOTSUP, "container \"%s\" has no cgroup (rootless, or a host without cgroups)", id);
      close_opened (c);
      return -1;
    }
  return 0;
}

int
lc_container_pause (const char *root, const char *id, bool pause, lc_error **err)
{
  LC_ERR_OPTIONAL (err);
  struct opened c;
  lc_cgroup *cg = NULL;
  if (open_with_cgroup (root, id, &c, &cg, err) < 0)
    return -1;
  int ret = 0;
  const char *status = lc_state_status (c.st);
  if (pause && strcmp (status, "running") != 0 && strcmp (status, "created") != 0)
    ret = lc_error_setc (err, 0, LC_MSG_NOT_RUNNING ": cannot pause \"%s\": it is %s", id, status);
  else if (!pause && !c.st->paused)
    ret = lc_error_setc (err, 0, LC_MSG_NOT_PAUSED ": cannot resume \"%s\": it is %s", id, status);
  else if (lc_cgroup_freeze (cg, pause, err) < 0)
    ret = lc_error_wrap (err, "%s \"%s\"", pause ? "pause" : "resume", id);
  lc_cgroup_free (cg);
  close_opened (&c);
  return ret;
}

int
lc_container_pids (const char *root, const char *id, pid_t **pids, size_t *n, lc_error **err)
{
  LC_ERR_OPTIONAL (err);
  struct opened c;
  if (open_container (root, id, &c, err) < 0)
    return -1;
  lc_cgroup *cg = lc_cgroup_from_state (c.st->cgroup_path, &c.st->cgroup_paths);
  int ret = 0;
  *pids = NULL;
  *n = 0;
  bool alive = lc_state_pid_alive (c.st);
  if (!alive && !lc_cgroup_exists (cg))
    ret = 0; /* stopped: no process, as runc lists none (exit 0) */
  else if (cg)
    ret = lc_cgroup_pids (cg, pids, n, err); /* stopped: what is left, if anything */
  else
    {
      /* No cgroup (rootless): the processes of its pid namespace. */
      int r = pidns_pids (c.st->pid, pids, n);
      if (r == -ENOTSUP)
        ret = lc_error_setc (err, ENOTSUP,
                             "container \"%s\" has no cgroup (rootless, or a host without cgroups) and shares the "
                             "pid namespace: its processes cannot be told from others",
                             id);
      else if (r < 0)
        ret = lc_error_set (err, -r, "list the processes of container \"%s\"", id);
    }
  lc_cgroup_free (cg);
  close_opened (&c);
  return ret;
}

int
lc_container_update (const char *root, const char *id, const lc_spec_resources *r, lc_error **err)
{
  LC_ERR_OPTIONAL (err);
  struct opened c;
  lc_cgroup *cg = NULL;
  if (open_with_cgroup (root, id, &c, &cg, err) < 0)
    return -1;
  int ret = lc_cgroup_apply (cg, r, true, err);
  if (ret < 0)
    lc_error_wrap (err, "update \"%s\"", id);
  lc_cgroup_free (cg);
  close_opened (&c);
  return ret;
}

char *
lc_container_stats (const char *root, const char *id, uint64_t *oom_kills, bool *alive, lc_error **err)
{
  LC_ERR_OPTIONAL (err);
  struct opened c;
  if (open_container (root, id, &c, err) < 0)
    return NULL;
  /* A stopped container keeps its cgroup (and its OOM count) until delete. */
  lc_cgroup *cg = lc_cgroup_from_state (c.st->cgroup_path, &c.st->cgroup_paths);
  if (cg == NULL)
    {
      lc_error_setc (err, ENOTSUP, "container \"%s\" has no cgroup (rootless, or a host without cgroups)", id);
      close_opened (&c);
      return NULL;
    }
  if (alive)
    *alive = lc_state_pid_alive (c.st);
  char *json = lc_cgroup_stats_json (cg);
  if (oom_kills)
    *oom_kills = lc_cgroup_oom_kills (cg);
  lc_cgroup_free (cg);
  close_opened (&c);
  return json;
}
