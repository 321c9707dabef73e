/* husk create - set up a container from a bundle, leaving its process
 * waiting for `husk start`. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../libcontainer/container.h"
#include "../libcontainer/spec.h"
#include "../libcontainer/util/util.h"
#include "cli.h"

static const char help[]
    = "Usage: husk create [options] ID\n\n"
      "Create container ID from the bundle: everything is set up and the container's process waits for\n"
      "'husk start ID' before it runs the program of config.json.\n\n"
      "Options:\n"
      "  -b, --bundle DIR          bundle directory (default: the current directory)\n"
      "      --console-socket SOCK unix socket that receives the pty master when process.terminal is true\n"
      "      --pid-file FILE       write the container process's pid to FILE\n"
      "      --no-pivot            use MS_MOVE and chroot instead of pivot_root (for an initramfs root)\n"
      "      --no-new-keyring      keep the caller's session keyring\n"
      "      --preserve-fds N      pass N extra fds (3 .. 3+N-1) to the container\n";

static const struct option longopts[] = {
  { "bundle", required_argument, NULL, 'b' },
  { "console-socket", required_argument, NULL, 'C' },
  { "pid-file", required_argument, NULL, 'P' },
  { "no-pivot", no_argument, NULL, 'N' },
  { "no-new-keyring", no_argument, NULL, 'K' },
  { "preserve-fds", required_argument, NULL, 'F' },
  { NULL, 0, NULL, 0 },
};

int
husk_create_handle (struct husk_global *g, int opt, const char *arg, void *data)
{
  struct husk_create_opts *o = data;
  switch (opt)
    {
    case 'b':
      o->bundle = arg;
      break;
    case 'C':
      o->console_socket = arg;
      break;
    case 'P':
      o->pid_file = arg;
      break;
    case 'N':
      o->no_pivot = true;
      break;
    case 'K':
      o->no_new_keyring = true;
      break;
    case 'F':
      if (lc_parse_int (arg, &o->preserve_fds) < 0 || o->preserve_fds < 0)
        return husk_usage_error (g, o->cmd, "--preserve-fds: expected a number of fds, got \"%s\"", arg);
      break;
    case 'd':
      o->detach = true;
      break;
    case 'k':
      o->keep = true;
      break;
    }
  return 0;
}

int
husk_create_check (struct husk_global *g, struct husk_create_opts *o, const char *id, lc_spec **spec)
{
  lc_error *err = NULL;
  if (lc_state_validate_id (id, &err) < 0)
    return husk_fail_error (g, err);
  const char *bundle = o->bundle ? o->bundle : ".";
  o->bundle_abs = realpath (bundle, NULL);
  if (o->bundle_abs == NULL)
    return husk_fail (g, "--bundle: \"%s\": %s", bundle, strerror (errno));
  cleanup_free char *config = xasprintf ("%s/config.json", o->bundle_abs);
  if (lc_spec_load_file (config, spec, &err) < 0 || lc_spec_check_runnable (*spec, &err) < 0)
    return husk_fail_error (g, err);
  /* Refuse an id in use before any work, without touching its state. */
  cleanup_free char *dir = xasprintf ("%s/%s", g->root, id);
  if (access (dir, F_OK) == 0)
    return husk_fail (g, LC_MSG_EXISTS ": \"%s\"", id);
  return 0;
}

int
husk_create_container (struct husk_global *g, struct husk_create_opts *o, const char *id, struct lc_spec *spec,
                       pid_t *pid)
{
  /* Engines set this when told to use systemd; failing loudly beats a
     container whose cgroup systemd does not know about. */
  if (g->systemd_cgroup)
    return husk_fail (g, "--systemd-cgroup: the systemd cgroup driver is not available in husk yet; configure "
                         "the engine for cgroupfs (containerd SystemdCgroup = false, podman cgroup_manager = "
                         "\"cgroupfs\", dockerd --exec-opt native.cgroupdriver=cgroupfs)");
  struct lc_create_opts co = { .root = g->root,
                               .id = id,
                               .bundle = o->bundle_abs,
                               .pid_file = o->pid_file,
                               .console_socket = o->console_socket,
                               .no_pivot = o->no_pivot,
                               .no_new_keyring = o->no_new_keyring,
                               .rootless = g->rootless,
                               .preserve_fds = o->preserve_fds,
                               .console_master = o->console_master };
  /* Socket activation (sd_listen_fds): fds 3.. handed to us pass through,
     and the container's process learns of them as pid 1 would. */
  const char *listen = getenv ("LISTEN_FDS");
  int nlisten = 0;
  if (listen && lc_parse_int (listen, &nlisten) == 0 && nlisten > 0)
    {
      if (nlisten > co.preserve_fds)
        co.preserve_fds = nlisten;
      lc_spec_process *p = spec->process;
      p->env = xreallocarray (p->env, p->n_env + 3, sizeof (char *));
      p->env[p->n_env++] = xasprintf ("LISTEN_FDS=%d", nlisten);
      p->env[p->n_env++] = xstrdup ("LISTEN_PID=1");
      p->env[p->n_env] = NULL;
    }
  lc_error *err = NULL;
  if (lc_container_create (&co, spec, pid, &err) < 0)
    return husk_fail_error (g, err);
  return 0;
}

int
cmd_create (struct husk_global *g, int argc, char **argv)
{
  struct husk_create_opts o = { .cmd = "create" };
  int first, code;
  if (husk_parse_options (g, "create", help, argc, argv, longopts, "b:", husk_create_handle, &o, &first, &code))
    return code;
  if ((code = husk_require_args (g, "create", argc - first, 1, 1, "the container ID")))
    return code;
  lc_spec *spec = NULL;
  code = husk_create_check (g, &o, argv[first], &spec);
  if (code == 0)
    {
      pid_t pid;
      code = husk_create_container (g, &o, argv[first], spec, &pid);
    }
  lc_spec_free (spec);
  free (o.bundle_abs);
  return code;
}
