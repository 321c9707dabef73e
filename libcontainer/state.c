/* husk - the state store, see state.h. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "spec-internal.h"
#include "state-internal.h"
#include "state.h"
#include "util/util.h"
#include "version.h"

#define STATE_FILE "state.json"
#define STATE_MAX (4 * 1024 * 1024)

int
lc_state_validate_id (const char *id, lc_error **err)
{
  if (id == NULL || id[0] == '\0')
    return lc_error_setc (err, EINVAL, LC_MSG_INVALID_ID ": the id must not be empty");
  size_t len = strlen (id);
  if (len > LC_ID_MAX)
    return lc_error_setc (err, EINVAL, LC_MSG_INVALID_ID ": \"%.32s...\" is longer than %d characters", id, LC_ID_MAX);
  if (strcmp (id, ".") == 0 || strcmp (id, "..") == 0)
    return lc_error_setc (err, EINVAL, LC_MSG_INVALID_ID ": \"%s\" is not a name", id);
  for (const char *p = id; *p; p++)
    if (!isalnum ((unsigned char) *p) && !strchr ("_+-.", *p))
      {
        /* Quote the id safely even when it holds control characters. */
        lc_json tmp = { .type = LC_JSON_STRING, .str = (char *) id, .len = len };
        cleanup_free char *shown = lc_json_describe (&tmp);
        return lc_error_setc (err, EINVAL,
                             LC_MSG_INVALID_ID ": %s: only letters, digits, \"_\", \"+\", \"-\" and \".\" are allowed",
                             shown);
      }
  return 0;
}

static int
mkdir_p (const char *path, mode_t mode)
{
  cleanup_free char *p = xstrdup (path);
  for (char *s = p + 1; *s; s++)
    if (*s == '/')
      {
        *s = '\0';
        if (mkdir (p, mode) < 0 && errno != EEXIST)
          return -errno;
        *s = '/';
      }
  if (mkdir (p, mode) < 0 && errno != EEXIST)
    return -errno;
  return 0;
}

int
lc_state_root_open (const char *root, bool create, lc_error **err)
{
  if (create)
    {
      int r = mkdir_p (root, 0700);
      if (r < 0)
        return lc_error_set (err, -r, "create the state directory \"%s\"", root);
    }
  int fd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return lc_error_set (err, errno, "open the state directory \"%s\"", root);
  return fd;
}

/* Lock the directory and make sure it is still there: a delete may have
   removed it while we waited. */
static int
lock_dir (int fd, const char *id, lc_error **err)
{
  int r;
  do
    r = flock (fd, LOCK_EX);
  while (r < 0 && errno == EINTR);
  if (r < 0)
    return lc_error_set (err, errno, "lock container \"%s\"", id);
  struct stat st;
  if (fstat (fd, &st) < 0)
    return lc_error_set (err, errno, "stat container \"%s\"", id);
  if (st.st_nlink == 0)
    return lc_error_setc (err, ENOENT, LC_MSG_NOT_EXIST ": \"%s\"", id);
  return 0;
}

int
lc_state_create_dir (int rootfd, const char *id, lc_error **err)
{
  if (lc_state_validate_id (id, err) < 0)
    return -1;
  if (mkdirat (rootfd, id, 0700) < 0)
    {
      if (errno == EEXIST)
        return lc_error_setc (err, EEXIST, LC_MSG_EXISTS ": \"%s\"", id);
      return lc_error_set (err, errno, "create the state directory of \"%s\"", id);
    }
  cleanup_close int fd = openat (rootfd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    {
      int e = errno;
      unlinkat (rootfd, id, AT_REMOVEDIR);
      return lc_error_set (err, e, "open the state directory of \"%s\"", id);
    }
  if (lock_dir (fd, id, err) < 0)
    {
      unlinkat (rootfd, id, AT_REMOVEDIR);
      return -1;
    }
  return TAKE_FD (fd);
}

int
lc_state_open_dir (int rootfd, const char *id, lc_error **err)
{
  if (lc_state_validate_id (id, err) < 0)
    return -1;
  cleanup_close int fd = openat (rootfd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    {
      if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP)
        return lc_error_setc (err, ENOENT, LC_MSG_NOT_EXIST ": \"%s\"", id);
      return lc_error_set (err, errno, "open the state directory of \"%s\"", id);
    }
  if (lock_dir (fd, id, err) < 0)
    return -1;
  return TAKE_FD (fd);
}

static const char *const phase_names[] = { "creating", "created", "running", NULL };

static int
state_from_json (const lc_json *doc, const char *id, lc_state *st, lc_error **err)
{
  struct rd r = { .name = STATE_FILE, .err = err };
  int64_t pid = 0;
  uint64_t start = 0, owner = 0;
  int phase = 0;
  if (rd_expect (&r, doc, LC_JSON_OBJECT) < 0 || rd_req_string (&r, doc, "id", &st->id) < 0
      || rd_i64 (&r, doc, "pid", 0, INT32_MAX, &pid, NULL) < 0
      || rd_u64 (&r, doc, "pidStart", UINT64_MAX, &start, NULL) < 0
      || rd_req_string (&r, doc, "bundle", &st->bundle) < 0 || rd_string (&r, doc, "rootfs", &st->rootfs) < 0
      || rd_string (&r, doc, "created", &st->created) < 0 || rd_u64 (&r, doc, "owner", UINT32_MAX, &owner, NULL) < 0
      || rd_string (&r, doc, "ociVersion", &st->oci_version) < 0
      || rd_enum (&r, doc, "phase", phase_names, true, &phase, NULL) < 0
      || rd_bool (&r, doc, "paused", &st->paused, NULL) < 0 || rd_string (&r, doc, "cgroupPath", &st->cgroup_path) < 0
      || rd_strmap (&r, doc, "cgroupPaths", &st->cgroup_paths) < 0
      || rd_strmap (&r, doc, "annotations", &st->annotations) < 0)
    return -1;
  if (strcmp (st->id, id) != 0)
    return lc_error_set (err, 0, "%s: id \"%s\" does not match the directory \"%s\"", STATE_FILE, st->id, id);
  st->pid = (pid_t) pid;
  st->pid_start = start;
  st->owner = (uid_t) owner;
  st->phase = (enum lc_phase) phase;
  return 0;
}

int
lc_state_read (int dirfd, const char *id, lc_state **out, lc_error **err)
{
  /* O_NONBLOCK and a regular file only: a FIFO planted here must not hang
     every command that lists or reads containers. */
  cleanup_close int fd = openat (dirfd, STATE_FILE, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0)
    {
      if (errno == ENOENT)
        return lc_error_setc (err, ENOENT, LC_MSG_NOT_EXIST ": \"%s\"", id);
      return lc_error_set (err, errno, "open the state of \"%s\"", id);
    }
  cleanup_free char *buf = NULL;
  size_t len = 0;
  if (lc_read_regular_fd (fd, STATE_FILE, STATE_MAX, &buf, &len, err) < 0)
    return lc_error_wrap (err, "state of container \"%s\"", id);
  if (lc_state_parse (buf, len, id, out, err) < 0)
    return -1;
  /* start removes the exec fifo before it releases the process. */
  (*out)->released = faccessat (dirfd, LC_STATE_FIFO, F_OK, AT_SYMLINK_NOFOLLOW) < 0 && errno == ENOENT;
  return 0;
}

int
lc_state_parse (const char *buf, size_t len, const char *id, lc_state **out, lc_error **err)
{
  lc_json *doc = lc_json_parse (buf, len, NULL, err);
  if (doc == NULL)
    return lc_error_wrap (err, "state of container \"%s\": %s", id, STATE_FILE);
  lc_state *st = xcalloc (1, sizeof (*st));
  int r = state_from_json (doc, id, st, err);
  lc_json_free (doc);
  if (r < 0)
    {
      lc_state_free (st);
      return lc_error_wrap (err, "state of container \"%s\"", id);
    }
  *out = st;
  return 0;
}

int
lc_state_write (int dirfd, const lc_state *st, lc_error **err)
{
  lc_json_gen *g = lc_json_gen_new (false);
  lc_json_gen_map_open (g);
  lc_json_gen_kv_string (g, "id", st->id);
  lc_json_gen_kv_int (g, "pid", st->pid);
  lc_json_gen_kv_uint (g, "pidStart", st->pid_start);
  lc_json_gen_kv_string (g, "bundle", st->bundle);
  lc_json_gen_kv_string (g, "rootfs", st->rootfs ? st->rootfs : "");
  lc_json_gen_kv_string (g, "created", st->created ? st->created : "");
  lc_json_gen_kv_uint (g, "owner", st->owner);
  lc_json_gen_kv_string (g, "ociVersion", st->oci_version ? st->oci_version : LC_OCI_VERSION);
  lc_json_gen_kv_string (g, "phase", phase_names[st->phase]);
  lc_json_gen_kv_string (g, "cgroupPath", st->cgroup_path ? st->cgroup_path : "");
  lc_json_gen_string (g, "cgroupPaths");
  lc_json_gen_map_open (g);
  for (size_t i = 0; i < st->cgroup_paths.len; i++)
    lc_json_gen_kv_string (g, st->cgroup_paths.keys[i], st->cgroup_paths.values[i]);
  lc_json_gen_map_close (g);
  lc_json_gen_string (g, "annotations");
  lc_json_gen_map_open (g);
  for (size_t i = 0; i < st->annotations.len; i++)
    lc_json_gen_kv_string (g, st->annotations.keys[i], st->annotations.values[i]);
  lc_json_gen_map_close (g);
  lc_json_gen_map_close (g);
  size_t len;
  const char *buf = lc_json_gen_buf (g, &len);
  int r = lc_write_file_atomic (dirfd, STATE_FILE, buf, len, 0600, err);
  lc_json_gen_free (g);
  if (r < 0)
    return lc_error_wrap (err, "save the state of container \"%s\"", st->id);
  return 0;
}

int
lc_state_remove (int rootfd, const char *id, int dirfd, lc_error **err)
{
  /* Only files we wrote live here (state.json, its temporaries, later the
     exec fifo): no recursion needed, and none wanted. */
  int fd = fcntl (dirfd, F_DUPFD_CLOEXEC, 3);
  if (fd < 0)
    return lc_error_set (err, errno, "remove the state of \"%s\"", id);
  DIR *d = fdopendir (fd);
  if (d == NULL)
    {
      close (fd);
      return lc_error_set (err, errno, "remove the state of \"%s\"", id);
    }
  rewinddir (d);
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    {
      if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
        continue;
      if (unlinkat (dirfd, e->d_name, 0) < 0 && errno != ENOENT)
        {
          int en = errno;
          closedir (d);
          return lc_error_set (err, en, "remove \"%s\" of container \"%s\"", e->d_name, id);
        }
    }
  closedir (d);
  if (unlinkat (rootfd, id, AT_REMOVEDIR) < 0 && errno != ENOENT)
    return lc_error_set (err, errno, "remove the state directory of \"%s\"", id);
  return 0;
}

void
lc_state_free (lc_state *st)
{
  if (st == NULL)
    return;
  free (st->id);
  free (st->bundle);
  free (st->rootfs);
  free (st->created);
  free (st->oci_version);
  free (st->cgroup_path);
  lc_strmap_free (&st->cgroup_paths);
  lc_strmap_free (&st->annotations);
  free (st);
}

/* The state and start time of a process (lc_parse_proc_stat); -1 when
   its /proc/<pid>/stat cannot be read or is not one. */
static int
proc_stat (pid_t pid, char *state, unsigned long long *start)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  cleanup_free char *buf = NULL;
  size_t len = 0;
  if (lc_read_file (path, 4096, &buf, &len, NULL) < 0)
    return -1;
  return lc_parse_proc_stat (buf, state, start);
}

unsigned long long
lc_proc_start_time (pid_t pid)
{
  char state;
  unsigned long long start;
  return proc_stat (pid, &state, &start) < 0 ? 0 : start;
}

bool
lc_state_pid_alive (const lc_state *st)
{
  if (st->pid <= 0)
    return false;
  char state = 0;
  unsigned long long start = 0;
  bool known = proc_stat (st->pid, &state, &start) == 0;
  /* A zombie has exited: only its parent has not reaped it yet. */
  if (known && (state == 'Z' || state == 'X'))
    return false;
  if (kill (st->pid, 0) < 0 && errno == ESRCH)
    return false;
  /* Gone or recycled pids do not match. */
  return known && start != 0 && (st->pid_start == 0 || start == st->pid_start);
}

const char *
lc_state_status (const lc_state *st)
{
  if (st->phase == LC_PHASE_CREATING)
    return "creating";
  if (!lc_state_pid_alive (st))
    return "stopped";
  if (st->paused)
    return "paused";
  if (st->phase == LC_PHASE_CREATED && st->released)
    return "running";
  return phase_names[st->phase];
}

char *
lc_state_oci_json (const lc_state *st, const char *owner_name, bool pretty)
{
  const char *status = lc_state_status (st);
  bool alive = strcmp (status, "stopped") != 0;
  lc_json_gen *g = lc_json_gen_new (pretty);
  lc_json_gen_map_open (g);
  lc_json_gen_kv_string (g, "ociVersion", LC_OCI_VERSION);
  lc_json_gen_kv_string (g, "id", st->id);
  lc_json_gen_kv_int (g, "pid", alive ? st->pid : 0);
  lc_json_gen_kv_string (g, "status", status);
  lc_json_gen_kv_string (g, "bundle", st->bundle);
  lc_json_gen_kv_string (g, "rootfs", st->rootfs ? st->rootfs : "");
  lc_json_gen_kv_string (g, "created", st->created ? st->created : "");
  lc_json_gen_kv_string (g, "owner", owner_name ? owner_name : "");
  if (st->annotations.len)
    {
      lc_json_gen_string (g, "annotations");
      lc_json_gen_map_open (g);
      for (size_t i = 0; i < st->annotations.len; i++)
        lc_json_gen_kv_string (g, st->annotations.keys[i], st->annotations.values[i]);
      lc_json_gen_map_close (g);
    }
  lc_json_gen_map_close (g);
  char *out = xstrdup (lc_json_gen_buf (g, NULL));
  lc_json_gen_free (g);
  size_t n = strlen (out);
  while (n > 0 && out[n - 1] == '\n') /* the pretty generator ends with one */
    out[--n] = '\0';
  return out;
}

static int
cmp_state (const void *a, const void *b)
{
  return strcmp ((*(lc_state *const *) a)->id, (*(lc_state *const *) b)->id);
}

int
lc_state_list (const char *root, lc_state ***out, size_t *n, lc_error **err)
{
  *out = NULL;
  *n = 0;
  cleanup_close int rootfd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0)
    {
      if (errno == ENOENT)
        return 0;
      return lc_error_set (err, errno, "open the state directory \"%s\"", root);
    }
  int dup = fcntl (rootfd, F_DUPFD_CLOEXEC, 3);
  DIR *d = dup < 0 ? NULL : fdopendir (dup);
  if (d == NULL)
    {
      int e = errno;
      if (dup >= 0)
        close (dup);
      return lc_error_set (err, e, "read the state directory \"%s\"", root);
    }
  size_t cap = 0;
  lc_state **list = NULL;
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    {
      if (lc_state_validate_id (e->d_name, NULL) < 0)
        continue;
      /* No lock: listing must not wait for a container being created, and
         state.json is replaced atomically, so a read sees a whole file. */
      cleanup_close int dfd = openat (rootfd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
      lc_state *st = NULL;
      if (dfd < 0 || lc_state_read (dfd, e->d_name, &st, NULL) < 0)
        continue;
      if (*n == cap)
        {
          cap = cap ? cap * 2 : 8;
          list = xreallocarray (list, cap, sizeof (*list));
        }
      list[(*n)++] = st;
    }
  closedir (d);
  if (*n)
    qsort (list, *n, sizeof (*list), cmp_state);
  *out = list;
  return 0;
}

void
lc_state_list_free (lc_state **list, size_t n)
{
  for (size_t i = 0; i < n; i++)
    lc_state_free (list[i]);
  free (list);
}
