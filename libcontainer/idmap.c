/* husk - idmapped mounts (a mount's uidMappings/gidMappings, or the idmap
 * and ridmap options).
 *
 * Made by the create process, before the clone: an idmapped mount needs
 * privilege over the filesystem's user namespace (the host's), which the
 * container's init no longer has inside a user namespace of its own.  Each
 * becomes a detached mount tree (open_tree + mount_setattr MOUNT_ATTR_IDMAP)
 * whose fd the init inherits and moves onto the destination. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "idmap.h"
#include "mount-options.h"
#include "plumbing.h"

static bool
opt (const lc_spec_mount *m, const char *o)
{
  for (size_t i = 0; i < m->n_options; i++)
    if (strcmp (m->options[i], o) == 0)
      return true;
  return false;
}

/* A user namespace with these maps, as an fd: a child that only exists to
   own it. */
static int
userns_fd (const lc_idmap *u, size_t nu, const lc_idmap *g, size_t ng, lc_error **err)
{
  int p[2];
  if (pipe2 (p, O_CLOEXEC) < 0)
    return lc_error_set (err, errno, "idmapped mount: pipe");
  pid_t pid = fork ();
  if (pid == 0)
    {
      char c;
      close (p[1]);
      if (unshare (CLONE_NEWUSER) < 0)
        _exit (1);
      /* Wait for the maps, then for our end. */
      if (read (p[0], &c, 1) < 0)
        _exit (1);
      _exit (0);
    }
  close (p[0]);
  if (pid < 0)
    {
      close (p[1]);
      return lc_error_set (err, errno, "idmapped mount: fork");
    }
  int fd = -1, r;
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/ns/user", (int) pid);
  /* The child must have unshared before we look: poll its namespace. */
  for (int i = 0; i < 1000; i++)
    {
      char mine[64], theirs[64];
      ssize_t a = readlink ("/proc/self/ns/user", mine, sizeof mine - 1);
      ssize_t b = readlink (path, theirs, sizeof theirs - 1);
      if (a > 0 && b > 0 && (a != b || memcmp (mine, theirs, (size_t) a) != 0))
        break;
      usleep (1000);
    }
  r = lc_write_id_map (pid, "uid_map", u, nu, err);
  if (r == 0)
    r = lc_write_id_map (pid, "gid_map", g, ng, err);
  if (r == 0)
    {
      fd = open (path, O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        r = lc_error_set (err, errno, "open \"%s\"", path);
    }
  close (p[1]);
  waitpid (pid, NULL, 0);
  if (r < 0)
    return lc_error_wrap (err, "idmapped mount");
  return fd;
}

/* The mount's own flags (ro, nosuid, the r* options), on the tree while it
   is detached and we have the privilege over it. */
static int
set_flags (int tree, const lc_spec_mount *m, lc_error **err)
{
  __attribute__ ((cleanup (lc_mount_options_free))) struct lc_mount_options o;
  lc_mount_options_parse (m->options, m->n_options, &o);
  if ((o.attr.attr_set || o.attr.attr_clr) && mount_setattr (tree, "", AT_EMPTY_PATH, &o.attr, sizeof o.attr) < 0)
    return lc_error_set (err, errno, "set the options of \"%s\"", m->destination);
  if ((o.rec.attr_set || o.rec.attr_clr)
      && mount_setattr (tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &o.rec, sizeof o.rec) < 0)
    return lc_error_set (err, errno, "apply the recursive options of \"%s\"", m->destination);
  return 0;
}

int
lc_idmap_prepare (const lc_spec *spec, int **out, lc_error **err)
{
  *out = NULL;
  const lc_spec_linux *l = spec->linux_cfg;
  int *fds = NULL;
  for (size_t i = 0; i < spec->n_mounts; i++)
    {
      const lc_spec_mount *m = &spec->mounts[i];
      bool idmap = opt (m, "idmap") || opt (m, "ridmap") || m->n_uid_mappings;
      if (!idmap)
        continue;
      if (fds == NULL)
        {
          fds = xcalloc (spec->n_mounts, sizeof (int));
          for (size_t k = 0; k < spec->n_mounts; k++)
            fds[k] = -1;
        }
      /* Without maps of its own the mount uses the container's. */
      const lc_idmap *u = m->n_uid_mappings ? m->uid_mappings : (l ? l->uid_mappings : NULL);
      const lc_idmap *g = m->n_gid_mappings ? m->gid_mappings : (l ? l->gid_mappings : NULL);
      size_t nu = m->n_uid_mappings ? m->n_uid_mappings : (l ? l->n_uid_mappings : 0);
      size_t ng = m->n_gid_mappings ? m->n_gid_mappings : (l ? l->n_gid_mappings : 0);
      int ret = -1;
      if (m->source == NULL || nu == 0 || ng == 0)
        lc_error_set (err, 0, "mounts[%zu]: an idmapped mount needs a source and uid/gid mappings (its own or the "
                              "container's)", i);
      else
        {
          bool recursive = opt (m, "rbind") || opt (m, "ridmap");
          cleanup_close int ns = userns_fd (u, nu, g, ng, err);
          int tree = ns < 0 ? -1
                            : open_tree (AT_FDCWD, m->source,
                                         OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0));
          struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t) ns };
          if (ns >= 0 && tree < 0)
            lc_error_set (err, errno, "mounts[%zu]: open_tree \"%s\"", i, m->source);
          else if (ns >= 0
                   && mount_setattr (tree, "", AT_EMPTY_PATH | (opt (m, "ridmap") ? AT_RECURSIVE : 0), &attr,
                                     sizeof attr)
                          < 0)
            {
              lc_error_set (err, errno, "mounts[%zu]: idmap \"%s\"", i, m->source);
              close (tree);
            }
          else if (ns >= 0 && set_flags (tree, m, err) < 0)
            {
              lc_error_wrap (err, "mounts[%zu]", i);
              close (tree);
            }
          else if (ns >= 0)
            {
              fds[i] = tree;
              ret = 0;
            }
        }
      if (ret < 0)
        {
          lc_idmap_close (fds, spec->n_mounts);
          return -1;
        }
    }
  *out = fds;
  return 0;
}

void
lc_idmap_close (int *fds, size_t n)
{
  for (size_t i = 0; fds && i < n; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  free (fds);
}
