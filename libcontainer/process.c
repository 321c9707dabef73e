/* husk - exec: a new process in an existing container, see container.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container.h"
#include "init.h"
#include "lsm.h"
#include "cgroup.h"
#include "plumbing.h"
#include "procfs.h"
#include "seccomp.h"
#include "state.h"
#include "sync.h"
#include "util/fd.h"

static const struct
{
  const char *name;
  int flag;
} ns_files[] = {
  /* user first: joining the others needs its privileges; pid and time only
     apply to children, so the exec'ing parent joins those two. */
  { "user", CLONE_NEWUSER }, { "mnt", CLONE_NEWNS },      { "net", CLONE_NEWNET },  { "ipc", CLONE_NEWIPC },
  { "uts", CLONE_NEWUTS },   { "cgroup", CLONE_NEWCGROUP }, { "pid", CLONE_NEWPID }, { "time", CLONE_NEWTIME },
};
#define N_NS (sizeof ns_files / sizeof ns_files[0])

/* fds[i]: the init's namespace i when it differs from ours, else -1. */
static int
open_namespaces (pid_t pid, int fds[N_NS], lc_error **err)
{
  /* All -1 first: the caller closes every one, also after a failure here. */
  for (size_t i = 0; i < N_NS; i++)
    fds[i] = -1;
  for (size_t i = 0; i < N_NS; i++)
    {
      char path[64], self[64];
      snprintf (path, sizeof path, "/proc/%d/ns/%s", (int) pid, ns_files[i].name);
      snprintf (self, sizeof self, "/proc/self/ns/%s", ns_files[i].name);
      struct stat a, b;
      if (stat (path, &a) < 0)
        {
          if (errno == ENOENT && i == N_NS - 1)
            continue; /* a kernel without time namespaces */
          return lc_error_set (err, errno, "open the %s namespace of pid %d", ns_files[i].name, (int) pid);
        }
      if (stat (self, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)
        continue;
      fds[i] = open (path, O_RDONLY | O_CLOEXEC);
      if (fds[i] < 0)
        return lc_error_set (err, errno, "open \"%s\"", path);
    }
  return 0;
}

struct exec_ctx
{
  const struct lc_exec_opts *o;
  const lc_spec_process *p;
  const struct lc_seccomp *seccomp;
  const lc_cgroup *cg; /* the container's, joined first; NULL: none */
  pid_t init;          /* the container's init */
};

static int
exec_child_setup (const struct exec_ctx *x, int sync, int fds[N_NS], int procfd, char **program, lc_error **err)
{
  const lc_spec_process *p = x->p;
  /* In the container's cgroup before joining its cgroup namespace. */
  if (x->cg && lc_sync_expect (sync, LC_SYNC_CGROUP_DONE, NULL, NULL, err) < 0)
    return -1;
  /* A container without a mount namespace of its own (ours): its root is
     the init's chroot, taken from the init (as the init took it). */
  bool shared_mnt = fds[1] < 0;
  for (size_t i = 0; i < N_NS; i++)
    if (fds[i] >= 0 && ns_files[i].flag != CLONE_NEWPID && ns_files[i].flag != CLONE_NEWTIME
        && setns (fds[i], ns_files[i].flag) < 0)
      return lc_error_set (err, errno, "join the container's %s namespace", ns_files[i].name);
  if (shared_mnt)
    {
      char root[32];
      snprintf (root, sizeof root, "%d/root", (int) x->init);
      cleanup_close int r = openat (procfd, root, O_PATH | O_DIRECTORY | O_CLOEXEC);
      if (r < 0 || fchdir (r) < 0 || chroot (".") < 0)
        return lc_error_set (err, errno, "enter the container's root (it has no mount namespace)");
    }
  if (setsid () < 0)
    return lc_error_set (err, errno, "setsid");
  if (lc_process_set_attrs (p, procfd, err) < 0)
    return -1;
  if (p->terminal && lc_setup_terminal (p, sync, false, err) < 0)
    return -1;
  /* The rest as in the init: one pipeline to the last step before READY. */
  return lc_process_prepare (p, procfd, x->seccomp, sync, program, err);
}

static __attribute__ ((noreturn)) void
exec_child (const struct exec_ctx *x, int sync, int fds[N_NS])
{
  const struct lc_exec_opts *o = x->o;
  const lc_spec_process *p = x->p;
  int keep[N_NS + 1];
  size_t nk = 0;
  keep[nk++] = sync;
  for (size_t i = 0; i < N_NS; i++)
    if (fds[i] >= 0)
      keep[nk++] = fds[i];
  lc_error *err = NULL;
  int closed = lc_close_fds_from (3 + o->preserve_fds, keep, nk);
  if (closed < 0)
    {
      lc_error_set (&err, -closed, "close the runtime's file descriptors before the process runs");
      lc_sync_report_error (sync, err);
      _exit (127);
    }
  /* Not dumpable until execve: see lc_init_run (CVE-2019-5736 class). */
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    {
      lc_error_set (&err, errno, "make the process undumpable");
      lc_sync_report_error (sync, err);
      _exit (127);
    }
  char *program = NULL;
  /* The host's /proc, before we join the container's mount namespace, for
     every write under /proc (procfs.h). */
  int procfd = lc_procfs_open (&err);
  const struct lc_seccomp *filter = lc_seccomp_has_notify (x->seccomp) ? NULL : x->seccomp;
  if (procfd >= 0 && exec_child_setup (x, sync, fds, procfd, &program, &err) == 0)
    {
      close (procfd);
      for (size_t i = 0; i < N_NS; i++)
        if (fds[i] >= 0)
          close (fds[i]);
      /* No one to report to: the runtime is gone, so go too. */
      if (lc_sync_send (sync, LC_SYNC_READY, 0, NULL) < 0)
        _exit (127);
      /* On success the sync socket closes with the exec (O_CLOEXEC). */
      lc_process_exec (p, program, filter, &err);
    }
  lc_sync_report_error (sync, err);
  _exit (127);
}

static int
exec_in (const struct exec_ctx *x, const lc_spec *config, const lc_state *st, pid_t *pid, lc_error **err)
{
  const struct lc_exec_opts *o = x->o;
  const lc_spec_process *p = x->p;
  if (p->terminal && o->console_socket == NULL && o->console_master == NULL)
    return lc_error_set (err, 0, "process.terminal is true: --console-socket is required");
  int fds[N_NS], own_ns[N_NS];
  for (size_t i = 0; i < N_NS; i++)
    own_ns[i] = -1;
  int ret = -1, sv[2] = { -1, -1 };
  pid_t child = -1;
  if (open_namespaces (st->pid, fds, err) < 0)
    goto out;
  /* The pid the namespaces came from must still be the container's. */
  if (!lc_state_pid_alive (st))
    {
      lc_error_set (err, 0, "the container process exited");
      goto out;
    }
  /* A pid namespace is joined with CAP_SYS_ADMIN over the user namespace
     that owns it.  Root has that over every user namespace; an ordinary
     user (rootless) only once inside the container's: join it here first,
     for the child too, as runc's rootless exec does.  Files keep our uid
     (the container's root is mapped to it). */
  if (fds[0] >= 0 && geteuid () != 0)
    {
      if (setns (fds[0], CLONE_NEWUSER) < 0)
        {
          lc_error_set (err, errno, "join the container's user namespace");
          goto out;
        }
      close (fds[0]);
      fds[0] = -1;
    }
  for (size_t i = 0; i < N_NS; i++)
    if (fds[i] >= 0 && ns_files[i].flag == CLONE_NEWPID)
      lc_leak_check_now ();
  /* The pid and time namespaces are joined here, for the child only (they
     are our children's), and our own taken back after the fork: a library
     caller's later children must not land in the container's. */
  for (size_t i = 0; i < N_NS; i++)
    if (fds[i] >= 0 && (ns_files[i].flag == CLONE_NEWPID || ns_files[i].flag == CLONE_NEWTIME))
      {
        char own[64];
        snprintf (own, sizeof own, "/proc/self/ns/%s", ns_files[i].name);
        own_ns[i] = open (own, O_RDONLY | O_CLOEXEC);
        if (setns (fds[i], ns_files[i].flag) < 0)
          {
            lc_error_set (err, errno, "join the container's %s namespace", ns_files[i].name);
            goto out;
          }
      }
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    {
      lc_error_set (err, errno, "socketpair");
      goto out;
    }
  /* Learnt here (openat2, close_range), so that the child inherits it. */
  lc_learn_fallbacks ();
  child = fork ();
  if (child < 0)
    {
      lc_error_set (err, errno, "fork");
      goto out;
    }
  if (child == 0)
    {
      close (sv[0]);
      exec_child (x, sv[1], fds);
    }
  close (sv[1]);
  sv[1] = -1;
  if (x->cg && lc_cgroup_enter (x->cg, child, err) < 0)
    goto out;
  if (x->cg && lc_sync_send (sv[0], LC_SYNC_CGROUP_DONE, 0, NULL) < 0)
    {
      lc_error_set (err, errno, "signal the exec'd process");
      goto out;
    }
  const lc_spec_seccomp *sc = config->linux_cfg ? config->linux_cfg->seccomp : NULL;
  if ((p->terminal && lc_console_deliver (sv[0], o->console_socket, o->console_master, err) < 0)
      || (sc && lc_seccomp_forward (sv[0], sc, st->id, "running", child, st->bundle, &st->annotations, err) < 0)
      || lc_sync_expect (sv[0], LC_SYNC_READY, NULL, NULL, err) < 0)
    goto out;
  /* After READY: EOF means the exec succeeded; a message means it failed. */
  struct lc_sync_msg m;
  int fd = -1;
  ssize_t r = lc_recv_fd (sv[0], &fd, &m, sizeof m);
  if (r > 0 && m.type == LC_SYNC_ERROR)
    {
      m.text[sizeof m.text - 1] = '\0';
      lc_error_setc (err, m.errnum, "%s", m.text);
      goto out;
    }
  if (o->pid_file && lc_write_pid_file (o->pid_file, child, err) < 0)
    goto out;
  *pid = child;
  child = -1;
  ret = 0;
out:
  if (child > 0)
    {
      kill (child, SIGKILL);
      waitpid (child, NULL, 0);
    }
  for (size_t i = 0; i < N_NS; i++)
    {
      if (fds[i] >= 0)
        close (fds[i]);
      /* Back to ours (root may; a rootless caller, now in the container's
         user namespace, cannot, and keeps the container's for children). */
      if (own_ns[i] >= 0)
        {
          setns (own_ns[i], ns_files[i].flag);
          close (own_ns[i]);
        }
    }
  if (sv[0] >= 0)
    close (sv[0]);
  if (sv[1] >= 0)
    close (sv[1]);
  return ret;
}

/* The container's config as it was at create: its seccomp profile applies
   to every exec'd process too, as with runc and crun. */
static int
exec_with_config (const struct lc_exec_opts *o, const lc_spec_process *p, const lc_state *st, pid_t *pid,
                  lc_error **err)
{
  lc_spec *loaded = NULL;
  if (o->config == NULL && lc_container_load_config (o->root, o->id, &loaded, err) < 0)
    return -1;
  const lc_spec *config = o->config ? o->config : loaded;
  struct lc_seccomp *seccomp = NULL;
  int ret = -1;
  /* Without labels of its own the process gets the container's, as with
     runc. */
  lc_spec_process q = *p;
  if (q.apparmor_profile == NULL)
    q.apparmor_profile = config->process ? config->process->apparmor_profile : NULL;
  if (q.selinux_label == NULL)
    q.selinux_label = config->process ? config->process->selinux_label : NULL;
  p = &q;
  if (lc_lsm_check (p, NULL, "process.", err) < 0)
    {
      lc_spec_free (loaded);
      return -1;
    }
  cleanup_close int rootfd = open (o->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (lc_seccomp_compile (config->linux_cfg ? config->linux_cfg->seccomp : NULL, rootfd, &seccomp, NULL, err) == 0)
    {
      lc_cgroup *cg = lc_cgroup_from_state (st->cgroup_path, &st->cgroup_paths);
      ret = 0;
      if (o->n_cgroups && cg == NULL)
        ret = lc_error_setc (err, ENOTSUP, "--cgroup: the container has no cgroup");
      if (ret == 0 && o->n_cgroups)
        ret = lc_cgroup_descend (cg, o->cgroups, o->n_cgroups, err);
      if (ret == 0)
        {
          struct exec_ctx x = { .o = o, .p = p, .seccomp = seccomp, .cg = cg, .init = st->pid };
          ret = exec_in (&x, config, st, pid, err);
        }
      lc_cgroup_free (cg);
    }
  lc_seccomp_free (seccomp);
  lc_spec_free (loaded);
  return ret;
}

int
lc_container_exec (const struct lc_exec_opts *o, const lc_spec_process *p, pid_t *pid, lc_error **err)
{
  LC_ERR_OPTIONAL (err);
  if (lc_state_validate_id (o->id, err) < 0 || lc_exe_seal_require (err) < 0)
    return -1;
  cleanup_close int rootfd = lc_state_root_open (o->root, false, err);
  if (rootfd < 0)
    {
      if ((*err)->errnum == ENOENT)
        lc_error_setc (err, ENOENT, LC_MSG_NOT_EXIST ": \"%s\"", o->id);
      return -1;
    }
  cleanup_close int dirfd = lc_state_open_dir (rootfd, o->id, err);
  lc_state *st = NULL;
  if (dirfd < 0 || lc_state_read (dirfd, o->id, &st, err) < 0)
    return -1;
  lc_state_refresh (st);
  const char *status = lc_state_status (st);
  int ret;
  if (strcmp (status, "paused") == 0 && !o->ignore_paused)
    ret = lc_error_setc (err, 0, "cannot exec in a paused container (use --ignore-paused to override): \"%s\"", o->id);
  else if (strcmp (status, "running") != 0 && strcmp (status, "created") != 0 && strcmp (status, "paused") != 0)
    ret = lc_error_set (err, 0, "cannot exec in a %s container: \"%s\"", status, o->id);
  else
    {
      /* The lock is not needed while the process runs; the state was read. */
      close (TAKE_FD (dirfd));
      ret = exec_with_config (o, p, st, pid, err);
      if (ret < 0)
        lc_error_wrap (err, "exec in \"%s\"", o->id);
    }
  lc_state_free (st);
  return ret;
}

int
lc_container_load_config (const char *root, const char *id, lc_spec **spec, lc_error **err)
{
  LC_ERR_OPTIONAL (err);
  if (lc_state_validate_id (id, err) < 0)
    return -1;
  cleanup_free char *dir = xasprintf ("%s/%s", root, id);
  cleanup_close int dirfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  lc_state *st = NULL;
  if (dirfd < 0 || lc_state_read (dirfd, id, &st, err) < 0)
    {
      if (dirfd < 0)
        lc_error_setc (err, ENOENT, LC_MSG_NOT_EXIST ": \"%s\"", id);
      return -1;
    }
  cleanup_free char *saved = xasprintf ("%s/config.json", dir);
  cleanup_free char *bundle = xasprintf ("%s/config.json", st->bundle);
  lc_state_free (st);
  return lc_spec_load_file (access (saved, F_OK) == 0 ? saved : bundle, spec, err);
}
