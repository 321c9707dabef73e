/* Unit tests of the state store: ids, save/load, status, locking, listing. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "libcontainer/container.h"
#include "libcontainer/state.h"
#include "libcontainer/util/util.h"
#include "tap.h"

static char root[] = "/tmp/husk-state-XXXXXX";

static void
test_ids (void)
{
  lc_error *err = NULL;
  tap_ok (lc_state_validate_id ("a-b_c+d.1", &err) == 0, "letters, digits and _+-. are allowed");
  static const char *const badids[] = { "", ".", "..", "a/b", "a b", "a\nb", "ä" };
  static const char *const msgs[] = {
    "invalid container ID format: the id must not be empty",
    "invalid container ID format: \".\" is not a name",
    "invalid container ID format: \"..\" is not a name",
    "invalid container ID format: \"a/b\": only letters, digits, \"_\", \"+\", \"-\" and \".\" are allowed",
    "invalid container ID format: \"a b\": only letters, digits, \"_\", \"+\", \"-\" and \".\" are allowed",
    "invalid container ID format: \"a\\x0ab\": only letters, digits, \"_\", \"+\", \"-\" and \".\" are allowed",
    "invalid container ID format: \"\xc3\xa4\": only letters, digits, \"_\", \"+\", \"-\" and \".\" are allowed",
  };
  for (size_t i = 0; i < LC_ARRAY_SIZE (badids); i++)
    {
      lc_state_validate_id (badids[i], &err);
      tap_is (err ? err->msg : NULL, msgs[i], "bad id %zu", i);
      tap_ok (err && err->errnum == EINVAL, "bad id %zu: EINVAL", i);
      lc_error_clear (&err);
    }
  char *longid = xmalloc (LC_ID_MAX + 2);
  memset (longid, 'a', LC_ID_MAX + 1);
  longid[LC_ID_MAX + 1] = '\0';
  tap_ok (lc_state_validate_id (longid, &err) < 0 && strstr (err->msg, "longer than 1024 characters"), "too long");
  lc_error_clear (&err);
  longid[LC_ID_MAX] = '\0';
  tap_ok (lc_state_validate_id (longid, &err) == 0, "1024 characters is fine");
  free (longid);
}

static lc_state *
sample (const char *id, pid_t pid)
{
  lc_state *st = xcalloc (1, sizeof (*st));
  st->id = xstrdup (id);
  st->pid = pid;
  st->pid_start = pid ? lc_proc_start_time (pid) : 0;
  st->bundle = xstrdup ("/b");
  st->rootfs = xstrdup ("/b/rootfs");
  st->created = lc_time_rfc3339_nano ();
  st->phase = LC_PHASE_CREATED;
  st->annotations.len = 2;
  st->annotations.keys = xcalloc (3, sizeof (char *));
  st->annotations.values = xcalloc (3, sizeof (char *));
  st->annotations.keys[0] = xstrdup ("z");
  st->annotations.values[0] = xstrdup ("1");
  st->annotations.keys[1] = xstrdup ("a");
  st->annotations.values[1] = xstrdup ("\"q\"");
  return st;
}

static void
test_save_load_status (void)
{
  lc_error *err = NULL;
  int rootfd = lc_state_root_open (root, true, &err);
  tap_ok (rootfd >= 0, "root opened");
  int dirfd = lc_state_create_dir (rootfd, "c1", &err);
  tap_ok (dirfd >= 0, "container directory created and locked");
  tap_ok (lc_state_create_dir (rootfd, "c1", &err) < 0 && err->errnum == EEXIST, "second create refused");
  tap_is (err ? err->msg : NULL, "container with given ID already exists: \"c1\"", "already exists message");
  lc_error_clear (&err);

  pid_t child = fork ();
  if (child == 0)
    {
      pause ();
      _exit (0);
    }
  lc_state *st = sample ("c1", child);
  tap_ok (lc_state_write (dirfd, st, &err) == 0, "state saved");
  lc_state *back = NULL;
  tap_ok (mkfifoat (dirfd, LC_STATE_FIFO, 0600) == 0, "an exec fifo: not started");
  tap_ok (lc_state_read (dirfd, "c1", &back, &err) == 0, "state read back");
  tap_ok (back && back->pid == child && back->pid_start == st->pid_start && strcmp (back->created, st->created) == 0
              && back->annotations.len == 2 && strcmp (back->annotations.keys[0], "z") == 0
              && strcmp (back->annotations.values[1], "\"q\"") == 0,
          "round trip keeps every field, annotations in order");
  tap_is (lc_state_status (back), "created", "live pid, not started: created");
  lc_state_free (back);
  unlinkat (dirfd, LC_STATE_FIFO, 0);
  back = NULL;
  tap_ok (lc_state_read (dirfd, "c1", &back, &err) == 0 && back->released, "the exec fifo gone: released");
  tap_is (back ? lc_state_status (back) : "", "running", "created and released: running");
  back->released = false;
  back->phase = LC_PHASE_RUNNING;
  tap_is (lc_state_status (back), "running", "started: running");
  back->paused = true;
  tap_is (lc_state_status (back), "paused", "paused flag: paused");
  back->paused = false;
  back->pid_start += 1;
  tap_is (lc_state_status (back), "stopped", "same pid with another start time (reused): stopped");
  back->pid_start -= 1;
  back->phase = LC_PHASE_CREATING;
  tap_is (lc_state_status (back), "creating", "creating");
  back->phase = LC_PHASE_RUNNING;
  kill (child, SIGKILL);
  waitpid (child, NULL, 0);
  tap_is (lc_state_status (back), "stopped", "dead pid: stopped");
  cleanup_free char *json = lc_state_oci_json (back, "root", false);
  tap_ok (strstr (json, "\"pid\":0,\"status\":\"stopped\"") != NULL, "OCI state of a stopped container has pid 0");
  tap_ok (strstr (json, "\"annotations\":{\"z\":\"1\",\"a\":\"\\\"q\\\"\"}") != NULL, "OCI state annotations");
  lc_state_free (back);
  lc_state_free (st);

  /* Unknown members are ignored (a newer husk may add some). */
  const char *future = "{\"id\":\"c1\",\"pid\":0,\"bundle\":\"/b\",\"phase\":\"created\",\"newField\":[1]}";
  int fd = openat (dirfd, "state.json", O_WRONLY | O_TRUNC | O_CLOEXEC);
  tap_ok (fd >= 0 && write (fd, future, strlen (future)) == (ssize_t) strlen (future), "hand-written state");
  close (fd);
  tap_ok (lc_state_read (dirfd, "c1", &back, &err) == 0, "unknown members ignored");
  lc_state_free (back);
  fd = openat (dirfd, "state.json", O_WRONLY | O_TRUNC | O_CLOEXEC);
  tap_ok (write (fd, "{\"id\":\"c2\"", 10) == 10, "corrupt state");
  close (fd);
  tap_ok (lc_state_read (dirfd, "c1", &back, &err) < 0 && strstr (err->msg, "state of container \"c1\": state.json: "),
          "corrupt state names the container and the file (%s)", err ? err->msg : "");
  lc_error_clear (&err);
  /* A strict reader: a key twice is an error (and not "the last one wins"). */
  const char *dup = "{\"id\":\"c1\",\"pid\":0,\"bundle\":\"/b\",\"phase\":\"created\",\"pid\":1}";
  fd = openat (dirfd, "state.json", O_WRONLY | O_TRUNC | O_CLOEXEC);
  tap_ok (write (fd, dup, strlen (dup)) == (ssize_t) strlen (dup), "state with a duplicate key");
  close (fd);
  tap_ok (lc_state_read (dirfd, "c1", &back, &err) < 0, "is refused");
  tap_is (err ? err->msg : NULL, "state of container \"c1\": state.json: pid: duplicate key", "with its path");
  lc_error_clear (&err);
  /* A FIFO in place of state.json is refused at once, not waited on. */
  tap_ok (unlinkat (dirfd, "state.json", 0) == 0 && mkfifoat (dirfd, "state.json", 0600) == 0, "state.json is a FIFO");
  tap_ok (lc_state_read (dirfd, "c1", &back, &err) < 0, "a FIFO state.json is refused");
  tap_is (err ? err->msg : NULL, "state of container \"c1\": read \"state.json\": not a regular file (a FIFO)",
          "and named");
  lc_error_clear (&err);
  tap_ok (lc_state_remove (rootfd, "c1", dirfd, &err) == 0, "removed");
  struct stat s;
  cleanup_free char *gone = xasprintf ("%s/c1", root);
  tap_ok (stat (gone, &s) < 0 && errno == ENOENT, "directory gone");
  close (dirfd);
  tap_ok (lc_state_open_dir (rootfd, "c1", &err) < 0 && err->errnum == ENOENT, "open after remove: ENOENT");
  tap_is (err ? err->msg : NULL, "container does not exist: \"c1\"", "does not exist message");
  lc_error_clear (&err);
  close (rootfd);
}

/* Seconds since an arbitrary point, as a double. */
static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void
test_locking (void)
{
  lc_error *err = NULL;
  int rootfd = lc_state_root_open (root, true, &err);
  int a = lc_state_create_dir (rootfd, "lock-a", &err);
  int b = lc_state_create_dir (rootfd, "lock-b", &err);
  close (b); /* unlock b */
  int pipefd[2];
  if (pipe (pipefd) < 0)
    return;
  pid_t child = fork ();
  if (child == 0)
    {
      /* b is free: no wait.  a is held by the parent: blocks until the parent
         deletes it, then must see that it is gone.  Our inherited copy of
         the parent's fd shares its lock: close it, or we would hold the lock
         we wait for. */
      close (a);
      lc_error *e = NULL;
      int fb = lc_state_open_dir (rootfd, "lock-b", &e);
      char r1 = fb >= 0 ? 'y' : 'n';
      if (write (pipefd[1], &r1, 1) < 0)
        _exit (3);
      int fa = lc_state_open_dir (rootfd, "lock-a", &e);
      char r2 = (fa < 0 && e && e->errnum == ENOENT) ? 'y' : 'n';
      if (write (pipefd[1], &r2, 1) < 0)
        _exit (3);
      _exit (0);
    }
  close (pipefd[1]);
  char r = 0;
  tap_ok (read (pipefd[0], &r, 1) == 1 && r == 'y', "another container's lock does not wait");
  /* Give the child time to block on a; it must not answer meanwhile. */
  int fl = fcntl (pipefd[0], F_GETFL);
  fcntl (pipefd[0], F_SETFL, fl | O_NONBLOCK);
  double t0 = now ();
  bool answered = false;
  while (now () - t0 < 0.3)
    {
      if (read (pipefd[0], &r, 1) == 1)
        {
          answered = true;
          break;
        }
      usleep (10000);
    }
  tap_ok (!answered, "a command on the same container waits for the lock");
  tap_ok (lc_state_remove (rootfd, "lock-a", a, &err) == 0, "holder deletes the container");
  close (a);
  fcntl (pipefd[0], F_SETFL, fl);
  tap_ok (read (pipefd[0], &r, 1) == 1 && r == 'y', "the waiter then sees that the container does not exist");
  int st;
  waitpid (child, &st, 0);
  close (pipefd[0]);
  b = lc_state_open_dir (rootfd, "lock-b", &err);
  lc_state_remove (rootfd, "lock-b", b, &err);
  close (b);
  close (rootfd);
}

static void
test_list (void)
{
  lc_error *err = NULL;
  lc_state **list = NULL;
  size_t n = 0;
  tap_ok (lc_state_list ("/nonexistent/husk-root", &list, &n, &err) == 0 && n == 0, "missing root: empty list");
  int rootfd = lc_state_root_open (root, true, &err);
  const char *ids[] = { "zeta", "alpha", "mid" };
  for (size_t i = 0; i < 3; i++)
    {
      int d = lc_state_create_dir (rootfd, ids[i], &err);
      lc_state *st = sample (ids[i], 0);
      lc_state_write (d, st, &err);
      lc_state_free (st);
      close (d);
    }
  /* Junk that is not a container. */
  cleanup_free char *f = xasprintf ("%s/file", root);
  close (open (f, O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
  cleanup_free char *empty = xasprintf ("%s/halfmade", root);
  mkdir (empty, 0700);
  cleanup_free char *bad = xasprintf ("%s/bad name", root);
  mkdir (bad, 0700);
  tap_ok (lc_state_list (root, &list, &n, &err) == 0 && n == 3, "three containers listed, junk skipped (%zu)", n);
  tap_ok (n == 3 && strcmp (list[0]->id, "alpha") == 0 && strcmp (list[2]->id, "zeta") == 0, "sorted by id");
  lc_state_list_free (list, n);
  close (rootfd);
}

/* The public functions take a NULL err (documented optional): they fail,
   they do not crash. */
static void
test_null_err (void)
{
  pid_t *pids = NULL;
  size_t n = 0;
  lc_state *st = NULL;
  tap_ok (lc_container_kill (root, "nosuch", 0, false, NULL) == -1, "kill with a NULL err: fails cleanly");
  tap_ok (lc_container_kill ("/nonexistent-root", "x", 9, true, NULL) == -1, "kill --all, missing root, NULL err");
  tap_ok (lc_container_delete (root, "nosuch", false, NULL) == -1, "delete with a NULL err: fails cleanly");
  tap_ok (lc_container_delete ("/nonexistent-root", "x", false, NULL) == -1, "delete, missing root, NULL err");
  tap_ok (lc_container_start (root, "nosuch", NULL) == -1, "start with a NULL err");
  tap_ok (lc_container_state (root, "nosuch", &st, NULL) == -1 && st == NULL, "state with a NULL err");
  tap_ok (lc_container_pids (root, "nosuch", &pids, &n, NULL) == -1, "pids with a NULL err");
  tap_ok (lc_container_pause (root, "nosuch", true, NULL) == -1, "pause with a NULL err");
  tap_ok (lc_container_kill (root, "bad/id", 0, false, NULL) == -1, "an invalid id with a NULL err");
}

int
main (void)
{
  if (mkdtemp (root) == NULL)
    return 1;
  test_ids ();
  test_save_load_status ();
  test_locking ();
  test_list ();
  test_null_err ();
  cleanup_free char *cmd = xasprintf ("rm -rf '%s'", root);
  if (system (cmd) != 0)
    tap_diag ("could not remove %s", root);
  return tap_done ();
}
