/* husk - what the fuzz targets (tests/fuzz-*.c) share.
 *
 * Each target defines LLVMFuzzerTestOneInput().  Built with --enable-fuzz
 * (HUSK_LIBFUZZER), libFuzzer supplies main() and fuzzes it.  In a normal
 * build the target's own main() calls fuzz_replay_main(), which feeds it
 * every file below the directories given as arguments (or the files
 * given, or the target's default corpus) and every prefix of each, and
 * reports TAP, so `make check`
 * keeps the corpus from regressing (under --enable-asan, memory errors
 * too).  A target finding a bug calls abort(): a crash either way.
 * Header-only: each target includes it once. */
#ifndef HUSK_FUZZ_REPLAY_H
#define HUSK_FUZZ_REPLAY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libcontainer/error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A failure without a message is a bug in itself: every error must say
   why.  When prefix is not NULL the message must also start with it (the
   file or the container it is about). */
__attribute__ ((unused)) static void
fuzz_check_error (const lc_error *err, const char *prefix)
{
  if (err == NULL || err->msg == NULL || err->msg[0] == '\0')
    {
      fprintf (stderr, "fuzz: failed without a message\n");
      abort ();
    }
  if (prefix != NULL && strncmp (err->msg, prefix, strlen (prefix)) != 0)
    {
      fprintf (stderr, "fuzz: the message does not start with '%s': %s\n", prefix, err->msg);
      abort ();
    }
}

#ifndef HUSK_LIBFUZZER
#include <dirent.h>
#include <sys/stat.h>

#include "libcontainer/util/util.h"

static int fuzz_replayed;

/* One input, and every prefix of it: truncated input is the classic crash. */
static void
fuzz_replay_file (const char *path)
{
  char *buf = NULL;
  size_t len = 0;
  lc_error *err = NULL;
  if (lc_read_file (path, 64 * 1024 * 1024, &buf, &len, &err) < 0)
    {
      printf ("not ok %d - %s\n", ++fuzz_replayed, err->msg);
      lc_error_free (err);
      return;
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) buf, len);
  for (size_t cut = 0; cut < len; cut += len / 16 + 1)
    LLVMFuzzerTestOneInput ((const uint8_t *) buf, cut);
  free (buf);
  printf ("ok %d - replayed %s\n", ++fuzz_replayed, path);
  fflush (stdout);
}

/* Every file below dir; a file given instead of a directory is replayed
   alone (a reproducer that libFuzzer saved). */
static void
fuzz_replay_dir (const char *dir)
{
  struct stat st;
  if (stat (dir, &st) == 0 && !S_ISDIR (st.st_mode))
    {
      fuzz_replay_file (dir);
      return;
    }
  DIR *d = opendir (dir);
  if (d == NULL)
    {
      printf ("ok %d # SKIP %s: not readable\n", ++fuzz_replayed, dir);
      return;
    }
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    {
      if (e->d_name[0] == '.')
        continue;
      cleanup_free char *path = xasprintf ("%s/%s", dir, e->d_name);
      if (stat (path, &st) < 0)
        continue;
      if (S_ISDIR (st.st_mode))
        fuzz_replay_dir (path);
      else
        fuzz_replay_file (path);
    }
  closedir (d);
}

/* Replay the directories (or files) in argv, or else each of defaults (relative to
   $TOP_SRCDIR, NULL-terminated); prints the TAP plan.  extra (may be NULL)
   is one more directory replayed by default. */
static int
fuzz_replay_main (int argc, char **argv, const char *const *defaults, const char *extra)
{
  if (argc > 1)
    for (int i = 1; i < argc; i++)
      fuzz_replay_dir (argv[i]);
  else
    {
      const char *top = getenv ("TOP_SRCDIR");
      for (size_t i = 0; defaults[i] != NULL; i++)
        {
          cleanup_free char *dir = xasprintf ("%s/%s", top ? top : ".", defaults[i]);
          fuzz_replay_dir (dir);
        }
      if (extra)
        fuzz_replay_dir (extra);
    }
  printf ("1..%d\n", fuzz_replayed);
  return 0;
}
#endif

#endif
