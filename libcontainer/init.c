/* husk - the container's init process, from clone to execve.  See init.h.
 *
 * Runs in the new namespaces as a copy of the create process.  Everything
 * that can fail is done before LC_SYNC_READY (also user, groups,
 * capabilities and the seccomp filter without no_new_privs), so that create
 * reports it and cleans up.  After READY the process waits for start, runs
 * the startContainer hooks, installs a filter with no_new_privs and execs;
 * a failure of those is written to the exec fifo, which start reads to EOF
 * (close-on-exec: a successful execve closes it), so start reports it. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <termios.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hooks.h"
#include "init.h"
#include "lsm.h"
#include "mount.h"
#include "mount-sources.h"
#include "procfs.h"
#include "protect.h"
#include "sync.h"
#include "util/cpulist.h"
#include "util/fd.h"

static const int ns_clone_flags[LC_NS_TYPES] = {
  [LC_NS_PID] = CLONE_NEWPID,   [LC_NS_NETWORK] = CLONE_NEWNET, [LC_NS_MOUNT] = CLONE_NEWNS,
  [LC_NS_IPC] = CLONE_NEWIPC,   [LC_NS_UTS] = CLONE_NEWUTS,     [LC_NS_USER] = CLONE_NEWUSER,
  [LC_NS_CGROUP] = CLONE_NEWCGROUP, [LC_NS_TIME] = CLONE_NEWTIME,
};

int
lc_join_namespaces (const lc_spec_linux *l, lc_error **err)
{
  /* The user namespace first: joining the others needs its privileges. */
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; l && i < l->n_namespaces; i++)
      {
        const lc_spec_namespace *ns = &l->namespaces[i];
        /* pid: joined by the create process, for us (it applies to children). */
        if (ns->path == NULL || ns->type == LC_NS_PID || (pass == 0) != (ns->type == LC_NS_USER))
          continue;
        cleanup_close int fd = open (ns->path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
          return lc_error_set (err, errno, "linux.namespaces[%zu]: open \"%s\"", i, ns->path);
        if (setns (fd, ns_clone_flags[ns->type]) < 0)
          return lc_error_set (err, errno, "linux.namespaces[%zu]: join the %s namespace \"%s\"", i,
                               lc_spec_ns_type_name (ns->type), ns->path);
      }
  return 0;
}

/* Through our own /proc (see procfs.h): a symlink the image planted in
   the container's /proc cannot send a namespaced sysctl to a host-global
   one.  The network, IPC and UTS knobs are those of the namespaces we are
   in when the file is opened. */
static int
set_sysctls (const lc_spec_linux *l, int procfd, lc_error **err)
{
  for (size_t i = 0; l && i < l->sysctl.len; i++)
    {
      cleanup_free char *rel = xasprintf ("sys/%s", l->sysctl.keys[i]);
      for (char *p = rel + 4; *p; p++)
        if (*p == '.')
          *p = '/';
      cleanup_free char *what = xasprintf ("linux.sysctl[\"%s\"]", l->sysctl.keys[i]);
      if (lc_procfs_write (procfd, rel, l->sysctl.values[i], what, err) < 0)
        return -1;
    }
  return 0;
}

struct husk_sched_attr
{
  uint32_t size, sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime, sched_deadline, sched_period;
};

static int
set_scheduling (const lc_spec_process *p, lc_error **err)
{
  if (p->scheduler)
    {
      static const int policies[] = { 0, 1, 2, 3, 4, 5, 6 }; /* SCHED_OTHER .. SCHED_DEADLINE, in the enum's order */
      const struct lc_spec_scheduler *sc = p->scheduler;
      /* The spec's flag list is in the kernel's bit order (RESET_ON_FORK = 1). */
      struct husk_sched_attr a = { .size = sizeof a,
                                   .sched_policy = (uint32_t) policies[sc->policy],
                                   .sched_flags = sc->flags,
                                   .sched_nice = sc->nice,
                                   .sched_priority = (uint32_t) sc->priority,
                                   .sched_runtime = sc->runtime,
                                   .sched_deadline = sc->deadline,
                                   .sched_period = sc->period };
      if (syscall (SYS_sched_setattr, 0, &a, 0) < 0)
        return lc_error_set (err, errno, "process.scheduler: sched_setattr");
    }
  if (p->io_priority)
    {
      /* ioprio_set(IOPRIO_WHO_PROCESS, 0, class << 13 | level) */
      int v = ((int) p->io_priority->class << 13) | p->io_priority->priority;
      if (syscall (SYS_ioprio_set, 1, 0, v) < 0)
        return lc_error_set (err, errno, "process.ioPriority: ioprio_set");
    }
  if (p->exec_cpu_affinity && (p->exec_cpu_affinity->final || p->exec_cpu_affinity->initial))
    {
      /* Without cgroups yet, initial and final are the same moment: the
         final set is what the program starts with. */
      const char *list = p->exec_cpu_affinity->final ? p->exec_cpu_affinity->final : p->exec_cpu_affinity->initial;
      cpu_set_t set;
      lc_cpulist_parse (list, &set); /* checked by the config reader (spec.c) */
      if (sched_setaffinity (0, sizeof set, &set) < 0)
        return lc_error_set (err, errno, "process.execCPUAffinity: sched_setaffinity \"%s\"", list);
    }
  return 0;
}

int
lc_process_set_attrs (const lc_spec_process *p, int procfd, lc_error **err)
{
  if (set_scheduling (p, err) < 0)
    return -1;
  for (size_t i = 0; i < p->n_rlimits; i++)
    {
      struct rlimit rl = { .rlim_cur = p->rlimits[i].soft, .rlim_max = p->rlimits[i].hard };
      if (setrlimit (p->rlimits[i].resource, &rl) < 0)
        return lc_error_set (err, errno, "process.rlimits[%zu]: setrlimit %s (soft %llu, hard %llu)", i,
                             p->rlimits[i].type, (unsigned long long) rl.rlim_cur, (unsigned long long) rl.rlim_max);
    }
  if (p->has_oom_score_adj)
    {
      char v[16];
      snprintf (v, sizeof v, "%d", p->oom_score_adj);
      if (lc_procfs_write (procfd, "self/oom_score_adj", v, "process.oomScoreAdj", err) < 0)
        return -1;
    }
  return 0;
}

static const char *
env_get (const lc_spec_process *p, const char *name)
{
  size_t n = strlen (name);
  for (size_t i = p->n_env; i > 0; i--)
    if (strncmp (p->env[i - 1], name, n) == 0 && p->env[i - 1][n] == '=')
      return p->env[i - 1] + n + 1;
  return NULL;
}

/* execvp's search, done here so that a missing program fails create with
   runc's wording (engines map it to exit 127). */
char *
lc_find_program (const lc_spec_process *p, lc_error **err)
{
  const char *prog = p->args[0];
  struct stat st;
  if (strchr (prog, '/'))
    {
      if (stat (prog, &st) < 0)
        {
          /* Go's lower-case wording, which Docker and podman match to
             report exit 127 (126 for a permission error). */
          int e = errno;
          const char *why = e == ENOENT ? "no such file or directory"
                            : e == EACCES ? "permission denied"
                                          : strerror (e);
          lc_error_setc (err, e, "exec: \"%s\": stat %s: %s", prog, prog, why);
          return NULL;
        }
      /* Checked now, so that create fails (as runc's does) rather than the
         execve after start; the wording is Go's exec.LookPath's, which
         engines map to exit 126. */
      if (S_ISDIR (st.st_mode))
        {
          lc_error_setc (err, EACCES, "exec: \"%s\": is a directory: permission denied", prog);
          return NULL;
        }
      if (access (prog, X_OK) < 0)
        {
          lc_error_setc (err, EACCES, "exec: \"%s\": permission denied", prog);
          return NULL;
        }
      return xstrdup (prog);
    }
  const char *path = env_get (p, "PATH");
  cleanup_free char *copy = xstrdup (path ? path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  char *save = NULL;
  for (char *dir = strtok_r (copy, ":", &save); dir; dir = strtok_r (NULL, ":", &save))
    {
      char *cand = xasprintf ("%s/%s", *dir ? dir : ".", prog);
      if (stat (cand, &st) == 0 && S_ISREG (st.st_mode) && access (cand, X_OK) == 0)
        return cand;
      free (cand);
    }
  lc_error_setc (err, ENOENT, "exec: \"%s\": executable file not found in $PATH", prog);
  return NULL;
}

static int
set_user (const lc_spec_process *p, lc_error **err)
{
  const lc_spec_user *u = &p->user;
  cleanup_free gid_t *groups = xcalloc (u->n_additional_gids + 1, sizeof (gid_t));
  for (size_t i = 0; i < u->n_additional_gids; i++)
    groups[i] = u->additional_gids[i];
  /* setgroups is denied in a user namespace whose gid map was written
     without privilege; only call it when there is something to set or drop. */
  if (setgroups (u->n_additional_gids, groups) < 0 && (u->n_additional_gids || errno != EPERM))
    return lc_error_set (err, errno, "process.user.additionalGids: setgroups");
  if (setresgid (u->gid, u->gid, u->gid) < 0)
    return lc_error_set (err, errno, "process.user.gid: setresgid %u", u->gid);
  if (setresuid (u->uid, u->uid, u->uid) < 0)
    return lc_error_set (err, errno, "process.user.uid: setresuid %u", u->uid);
  if (u->has_umask)
    umask ((mode_t) u->umask);
  return 0;
}

/* Bounding set first, while we still have CAP_SETPCAP: it caps what any
   later exec can gain, root's included.  As in runc, a capabilities object
   without "bounding" means an empty bounding set (Docker's --cap-drop ALL
   sends "capabilities": {}); only a config without the object keeps the
   runtime's set. */
static int
drop_bounding (const lc_spec_caps *c, lc_error **err)
{
  if (c == NULL)
    return 0;
  int last = (int) cap_max_bits () - 1;
  for (int cap = 0; cap <= last && cap < 64; cap++)
    if (!(c->bounding & (UINT64_C (1) << cap)) && prctl (PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
      {
        int e = errno;
        char *name = cap_to_name (cap);
        lc_error_set (err, e, "process.capabilities.bounding: drop %s", name ? name : "?");
        cap_free (name);
        return -1;
      }
  return 0;
}

/* After the uid change (with keep-caps, so permitted survived it): exactly
   the configured effective, permitted, inheritable and ambient sets. */
static int
set_caps (const lc_spec_caps *c, lc_error **err)
{
  if (c == NULL)
    return 0;
  cap_t caps = cap_init ();
  int last = (int) cap_max_bits () - 1;
  for (int cap = 0; cap <= last && cap < 64; cap++)
    {
      cap_value_t v = cap;
      uint64_t bit = UINT64_C (1) << cap;
      if (c->effective & bit)
        cap_set_flag (caps, CAP_EFFECTIVE, 1, &v, CAP_SET);
      if (c->permitted & bit)
        cap_set_flag (caps, CAP_PERMITTED, 1, &v, CAP_SET);
      if (c->inheritable & bit)
        cap_set_flag (caps, CAP_INHERITABLE, 1, &v, CAP_SET);
    }
  int r = cap_set_proc (caps);
  int e = errno;
  cap_free (caps);
  if (r < 0)
    return lc_error_set (err, e, "process.capabilities: set the effective, permitted and inheritable sets");
  /* The kernel raises an ambient capability only when it is also permitted
     and inheritable.  runc's default config lists ambient capabilities that
     are not inheritable; like runc, such entries are skipped, not fatal. */
  if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
    return lc_error_set (err, errno, "process.capabilities.ambient: clear the ambient set");
  for (int cap = 0; cap <= last && cap < 64; cap++)
    if ((c->ambient & (UINT64_C (1) << cap)) && prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0
        && errno != EPERM)
      {
        int en = errno;
        char *name = cap_to_name (cap);
        lc_error_set (err, en, "process.capabilities.ambient: raise %s", name ? name : "?");
        cap_free (name);
        return -1;
      }
  return 0;
}

/* A pty from the container's own devpts: the master goes to the create
   process (and on to --console-socket), the slave becomes our stdio and
   controlling terminal. */
int
lc_setup_terminal (const lc_spec_process *p, int sync, bool console, lc_error **err)
{
  cleanup_close int master = open ("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0)
    return lc_error_set (err, errno, "process.terminal: open /dev/ptmx in the container (is devpts mounted?)");
  if (unlockpt (master) < 0)
    return lc_error_set (err, errno, "process.terminal: unlockpt");
  /* TIOCGPTPEER opens the slave through the master, not through a path in
     the container's /dev/pts that could have been replaced. */
  int slave = ioctl (master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
  if (slave < 0)
    return lc_error_set (err, errno, "process.terminal: open the pty slave");
  if (p->has_console_size)
    {
      struct winsize ws = { .ws_row = (unsigned short) p->console_height, .ws_col = (unsigned short) p->console_width };
      ioctl (slave, TIOCSWINSZ, &ws);
    }
  /* The terminal is the process's user's, as runc makes it (its group, tty,
     stays): a non-root user can then reopen it (`docker run -it -u 1000`,
     `kubectl exec -it`).  As runc, an owner the namespace cannot map
     (EINVAL, EPERM) or a read-only /dev is left as it is. */
  if (p->user.uid != 0 && fchown (slave, p->user.uid, (gid_t) -1) < 0 && errno != EINVAL && errno != EPERM
      && errno != EROFS)
    {
      int e = errno;
      close (slave);
      return lc_error_set (err, e, "process.terminal: give the pty to uid %u", (unsigned) p->user.uid);
    }
  if (console && lc_mount_console (slave, err) < 0)
    {
      close (slave);
      return -1;
    }
  if (lc_sync_send_fd (sync, LC_SYNC_CONSOLE, master, "/dev/ptmx") < 0)
    {
      close (slave);
      return lc_error_set (err, errno, "process.terminal: pass the pty master");
    }
  for (int fd = 0; fd < 3; fd++)
    if (dup2 (slave, fd) < 0)
      {
        int e = errno;
        if (slave > 2)
          close (slave);
        return lc_error_set (err, e, "process.terminal: make the pty stdio");
      }
  if (slave > 2)
    close (slave);
  if (ioctl (0, TIOCSCTTY, 0) < 0)
    return lc_error_set (err, errno, "process.terminal: make the pty the controlling terminal");
  return 0;
}

/* A new time namespace with linux.timeOffsets: unshared for our children,
   offsets written while it is empty, entered at execve. */
static int
setup_time_namespace (const lc_spec_linux *l, int procfd, lc_error **err)
{
  bool want = false;
  for (size_t i = 0; l && i < l->n_namespaces; i++)
    want |= l->namespaces[i].type == LC_NS_TIME && l->namespaces[i].path == NULL;
  if (!want)
    return 0;
  if (unshare (CLONE_NEWTIME) < 0)
    return lc_error_set (err, errno, "linux.namespaces: create the time namespace");
  char buf[128];
  int n = 0;
  if (l->time_monotonic.set)
    n += snprintf (buf + n, sizeof buf - (size_t) n, "monotonic %lld %u\n", (long long) l->time_monotonic.secs,
                   l->time_monotonic.nanosecs);
  if (l->time_boottime.set)
    n += snprintf (buf + n, sizeof buf - (size_t) n, "boottime %lld %u\n", (long long) l->time_boottime.secs,
                   l->time_boottime.nanosecs);
  if (n > 0 && lc_procfs_write (procfd, "self/timens_offsets", buf, "linux.timeOffsets", err) < 0)
    return -1;
  return 0;
}

bool
lc_init_has_create_hooks (const lc_spec *spec)
{
  return spec->n_hooks[LC_HOOK_PRESTART] || spec->n_hooks[LC_HOOK_CREATE_RUNTIME]
         || spec->n_hooks[LC_HOOK_CREATE_CONTAINER] || spec->n_hooks[LC_HOOK_START_CONTAINER];
}

struct hook_ctx
{
  const struct lc_init_args *a;
  pid_t host_pid; /* our pid as the host sees it, from the create process */
};

/* Before pivot_root: the create process runs prestart and createRuntime
   hooks (in its namespaces), then we run createContainer hooks in ours. */
static int
hooks_before_pivot (void *data, lc_error **err)
{
  struct hook_ctx *h = data;
  const struct lc_init_args *a = h->a;
  if (!lc_init_has_create_hooks (a->spec))
    return 0;
  struct lc_sync_msg m;
  if (lc_sync_send (a->sync, LC_SYNC_HOOKS, 0, NULL) < 0)
    return lc_error_set (err, errno, "ask for the createRuntime hooks");
  if (lc_sync_expect (a->sync, LC_SYNC_HOOKS_DONE, NULL, &m, err) < 0)
    return -1;
  int pid = 0;
  lc_parse_int (m.text, &pid);
  h->host_pid = pid;
  cleanup_free char *state = lc_hooks_state_json (a->id, "creating", pid, a->bundle, &a->spec->annotations);
  return lc_hooks_run (a->spec, LC_HOOK_CREATE_CONTAINER, state, a->rootfs, err);
}

static int
setup (const struct lc_init_args *a, struct hook_ctx *hc, int procfd, char **program, lc_error **err)
{
  const lc_spec *spec = a->spec;
  const lc_spec_linux *l = spec->linux_cfg;
  /* In the container's cgroup before anything else, and the cgroup
     namespace made only then, so that its root is that cgroup. */
  if (a->cgroup_wait && lc_sync_expect (a->sync, LC_SYNC_CGROUP_DONE, NULL, NULL, err) < 0)
    return -1;
  if (a->cgroupns_late && unshare (CLONE_NEWCGROUP) < 0)
    return lc_error_set (err, errno, "linux.namespaces: create the cgroup namespace");
  if (a->new_userns)
    {
      /* Root in the new user namespace once the parent has mapped us. */
      if (lc_sync_expect (a->sync, LC_SYNC_MAPS_DONE, NULL, NULL, err) < 0)
        return -1;
      if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
        return lc_error_set (err, errno, "make the container process undumpable");
      if (setresgid (0, 0, 0) < 0 || setresuid (0, 0, 0) < 0)
        return lc_error_set (err, errno, "become root in the user namespace");
    }
  if (setup_time_namespace (l, procfd, err) < 0)
    return -1;
  /* Our own session: the container must not share the caller's terminal
     job control, and a pty becomes the controlling terminal of a leader. */
  if (setsid () < 0)
    return lc_error_set (err, errno, "setsid");
  if (lc_join_namespaces (l, err) < 0)
    return -1;
  if (spec->hostname && *spec->hostname && sethostname (spec->hostname, strlen (spec->hostname)) < 0)
    return lc_error_set (err, errno, "hostname: sethostname \"%s\"", spec->hostname);
  if (spec->domainname && *spec->domainname && setdomainname (spec->domainname, strlen (spec->domainname)) < 0)
    return lc_error_set (err, errno, "domainname: setdomainname \"%s\"", spec->domainname);
  /* Without a mount namespace (the runtime's is shared, as runc does) the
     rootfs is only chrooted into: create refused everything that would
     mount (container.c), and nothing here touches the host's mounts. */
  bool mntns = false;
  for (size_t i = 0; l && i < l->n_namespaces; i++)
    mntns |= l->namespaces[i].type == LC_NS_MOUNT;
  struct lc_mount_ctx mounts = { .premade = a->idmap_fds };
  if (!mntns)
    {
      if (hooks_before_pivot (hc, err) < 0)
        return -1;
      if (chroot (a->rootfs) < 0 || chdir ("/") < 0)
        return lc_error_set (err, errno, "chroot to the rootfs \"%s\" (no mount namespace)", a->rootfs);
    }
  else
    {
      /* In our final mount namespace, before anything is mounted in it:
         the create process opens the bind sources here for us, with its
         own credentials (mount-sources.c). */
      int *sources = NULL;
      if (a->bind_sources && lc_bind_sources_receive (spec, a->idmap_fds, a->sync, &sources, err) < 0)
        return -1;
      mounts.sources = sources;
      int r = lc_mount_rootfs (&mounts, spec, a->rootfs, a->no_pivot, hooks_before_pivot, hc, err);
      mounts.sources = NULL;
      free (sources);
      if (r < 0)
        return -1;
    }
  /* The console before the root is made read-only and before the masked
     and read-only paths, as runc: its source is the pty's fd, so nothing
     of those can be bound there instead. */
  if (spec->process->terminal && lc_setup_terminal (spec->process, a->sync, mntns, err) < 0)
    return -1;
  if (mntns && lc_mount_finish_root (&mounts, spec, err) < 0)
    return -1;
  /* sysctls first: /proc/sys is one of the usual read-only paths. */
  if (set_sysctls (l, procfd, err) < 0 || (mntns && lc_mount_protect_paths (l, err) < 0)
      || (mntns && lc_mount_root_propagation (spec, a->no_pivot, err) < 0)
      || lc_process_set_attrs (spec->process, procfd, err) < 0)
    return -1;
  if (l && l->personality)
    {
      /* PER_LINUX32 is 0x0008; flags beyond the domain are not in the spec's
         list yet. */
      if (personality (l->personality->linux32 ? 0x0008 : 0x0000) < 0)
        return lc_error_set (err, errno, "linux.personality: personality");
    }
  return lc_process_prepare (spec->process, procfd, a->seccomp, a->sync, program, err);
}

int
lc_process_prepare (const lc_spec_process *p, int procfd, const struct lc_seccomp *seccomp, int sync, char **program,
                    lc_error **err)
{
  /* cwd is only taken inside the new root, never inherited from the host
     (the CVE-2024-21626 class: a leaked host directory fd as cwd). */
  if (chdir (p->cwd) < 0)
    return lc_error_set (err, errno, "process.cwd: chdir to \"%s\"", p->cwd);
  *program = lc_find_program (p, err);
  if (*program == NULL || lc_lsm_apply (p, procfd, err) < 0)
    return -1;
  /* A NOTIFY filter must be in place while the runtime is there to hand
     its fd to the agent: it goes in now, and the rest of our way to execve
     (the ready message, the exec fifo, startContainer hooks, user and
     capabilities) already runs under it. */
  bool notify = lc_seccomp_has_notify (seccomp);
  if (notify && lc_seccomp_install_notify (seccomp, sync, err) < 0)
    return -1;
  /* A change of uid may make us dumpable again (fs.suid_dumpable): not
     until execve. */
  if (lc_process_finalize (p, notify ? NULL : seccomp, err) < 0)
    return -1;
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    return lc_error_set (err, errno, "make the process undumpable");
  return 0;
}

/* CAP_SYS_ADMIN in the effective set (it is still permitted: set_caps has
   not trimmed the sets yet), so that seccomp(2) accepts a filter without
   no_new_privs. */
static int
raise_sys_admin (lc_error **err)
{
  cap_t caps = cap_get_proc ();
  if (caps == NULL)
    return lc_error_set (err, errno, "cap_get_proc");
  cap_value_t v = CAP_SYS_ADMIN;
  cap_flag_value_t permitted = CAP_CLEAR;
  cap_get_flag (caps, v, CAP_PERMITTED, &permitted);
  cap_set_flag (caps, CAP_EFFECTIVE, 1, &v, CAP_SET);
  int r = permitted == CAP_SET ? cap_set_proc (caps) : -1;
  cap_free (caps);
  if (r < 0)
    return lc_error_setc (err, permitted == CAP_SET ? errno : EPERM,
                         "linux.seccomp: without process.noNewPrivileges the filter needs CAP_SYS_ADMIN, which "
                         "this process does not have");
  return 0;
}

int
lc_seccomp_install_notify (const struct lc_seccomp *f, int sync, lc_error **err)
{
  int fd = -1;
  if (lc_seccomp_install (f, &fd, err) < 0)
    return -1;
  int r = lc_sync_send_fd (sync, LC_SYNC_SECCOMP, fd, NULL);
  close (fd);
  if (r < 0)
    return lc_error_set (err, -r, "linux.seccomp: pass the notify fd to the runtime");
  return 0;
}

int
lc_process_finalize (const lc_spec_process *p, const struct lc_seccomp *seccomp, lc_error **err)
{
  if (drop_bounding (p->capabilities, err) < 0)
    return -1;
  /* Keep permitted capabilities across the uid change; set_caps then trims
     them to the configured sets. */
  if (p->capabilities && prctl (PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
    return lc_error_set (err, errno, "prctl PR_SET_KEEPCAPS");
  if (set_user (p, err) < 0)
    return -1;
  /* Without no_new_privs the kernel wants CAP_SYS_ADMIN for the filter,
     which the configured sets may lack: it goes in just before the
     capabilities are set (as runc), and what follows until execve runs
     under it (capset, prctl, the READY message, the exec fifo, the
     startContainer hooks).  With no_new_privs, lc_process_exec installs it
     just before execve. */
  bool early = seccomp && !p->no_new_privileges;
  int unused_fd; /* a NOTIFY filter is installed before, not here */
  if (early)
    {
      if (raise_sys_admin (err) < 0 || lc_seccomp_install (seccomp, &unused_fd, err) < 0)
        return -1;
    }
  if (set_caps (p->capabilities, err) < 0)
    {
      if (early)
        lc_error_wrap (err, "with linux.seccomp loaded (without process.noNewPrivileges the filter must allow "
                            "capset and prctl)");
      return -1;
    }
  if (p->no_new_privileges && prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return lc_error_set (err, errno, "process.noNewPrivileges");
  return 0;
}

int
lc_process_exec (const lc_spec_process *p, const char *program, const struct lc_seccomp *seccomp, lc_error **err)
{
  /* With no_new_privs the filter goes in here, as close to execve as it
     can (lc_process_finalize installed one without). */
  int unused_fd;
  if (seccomp && p->no_new_privileges && lc_seccomp_install (seccomp, &unused_fd, err) < 0)
    return -1;
  /* The program starts with default dispositions and nothing blocked,
     whatever the caller left ignored (a background shell ignores SIGINT
     and SIGQUIT) or blocked (run blocks everything to forward it). */
  lc_signals_reset ();
  char **env = xcalloc (p->n_env + 1, sizeof (char *));
  for (size_t i = 0; i < p->n_env; i++)
    env[i] = p->env[i];
  execve (program, p->args, env);
  int e = errno;
  free (env);
  /* runc's words, Go's lower-case errno text ("exec format error",
     "permission denied"): Docker and podman match them for 126 and 127. */
  char why[128];
  snprintf (why, sizeof why, "%s", strerror (e));
  why[0] = (char) tolower ((unsigned char) why[0]);
  return lc_error_setc (err, e, "exec: \"%s\": %s", program, why);
}

void
lc_init_run (const struct lc_init_args *a)
{
  lc_error *err = NULL;
  /* Nothing of the create process may reach the container: every fd but
     stdio, the preserved ones and our two is closed now, before any of
     the container's own code could see it. */
  size_t nkeep = 2 + (a->idmap_fds ? a->spec->n_mounts : 0);
  int *keep = xcalloc (nkeep, sizeof (int));
  keep[0] = a->sync;
  keep[1] = a->fifo;
  for (size_t i = 2; i < nkeep; i++)
    keep[i] = a->idmap_fds[i - 2];
  int closed = lc_close_fds_from (3 + a->preserve_fds, keep, nkeep);
  free (keep);
  if (closed < 0)
    {
      lc_error_set (&err, -closed, "close the runtime's file descriptors before the container runs");
      lc_sync_report_error (a->sync, err);
      _exit (1);
    }
  /* Until execve we are the husk binary: not dumpable, so no process of the
     container can open /proc/<pid>/exe (or our memory and fds) to reach and
     overwrite the runtime on the host (the CVE-2019-5736 class).  execve of
     the user program makes the process dumpable again.  With a new user
     namespace this waits until the parent has written our id maps: an
     undumpable process's /proc files belong to root, and a rootless parent
     could not write them. */
  if (!a->new_userns && prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    {
      lc_error_set (&err, errno, "make the container process undumpable");
      lc_sync_report_error (a->sync, err);
      _exit (1);
    }
  char *program = NULL;
  struct hook_ctx hc = { .a = a };
  /* Our /proc before anything of the container is mounted, for every write
     under /proc (procfs.h); it outlives pivot_root. */
  int procfd = lc_procfs_open (&err);
  const lc_spec_process *p = a->spec->process;
  const struct lc_seccomp *filter = lc_seccomp_has_notify (a->seccomp) ? NULL : a->seccomp;
  /* Everything that can fail happens before READY (setup ends with
     lc_process_prepare: user, capabilities, the filter without
     no_new_privs), so that create fails with it; after start only the
     startContainer hooks, the filter with no_new_privs and execve remain,
     and those report to start through the exec fifo. */
  if (procfd < 0 || setup (a, &hc, procfd, &program, &err) < 0)
    {
      lc_sync_report_error (a->sync, err);
      _exit (1);
    }
  /* Until the create process says our pid is in the state, its death must
     take us with it (EOF here): no process is left that nothing names. */
  if (lc_sync_send (a->sync, LC_SYNC_READY, 0, NULL) < 0
      || lc_sync_expect (a->sync, LC_SYNC_RECORDED, NULL, NULL, &err) < 0)
    _exit (1);
  close (a->sync);

  /* Wait for start: opening the fifo for writing blocks until start opens
     it for reading.  Reopened through our own /proc: the container's is
     its own now.  It stays open (close-on-exec) until execve: start reads
     on to EOF, which a successful execve gives it, and a failure before
     is written there for start to report. */
  char path[64];
  snprintf (path, sizeof path, "self/fd/%d", a->fifo);
  int fd = openat (procfd, path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, "0", 1) != 1)
    {
      fprintf (stderr, "husk: container init: open the exec fifo: %s\n", strerror (errno));
      _exit (1);
    }
  close (a->fifo);
  close (procfd);
  /* startContainer hooks: after start, before the program, in the container. */
  if (a->spec->n_hooks[LC_HOOK_START_CONTAINER])
    {
      cleanup_free char *state = lc_hooks_state_json (a->id, "created", hc.host_pid, a->bundle, &a->spec->annotations);
      if (lc_hooks_run (a->spec, LC_HOOK_START_CONTAINER, state, NULL, &err) < 0)
        goto fail;
    }
  lc_process_exec (p, program, filter, &err);
fail:
  /* start reports it; the container's stderr only when start cannot. */
  if (lc_write_all (fd, err->msg, strlen (err->msg)) < 0)
    fprintf (stderr, "husk: %s\n", err->msg);
  _exit (127);
}
