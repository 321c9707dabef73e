/* Fuzz target for the config.json and process.json parsers.
 *
 * With --enable-fuzz (clang) this is a libFuzzer target:
 *   ./configure CC=clang --enable-fuzz && make tests/fuzz-spec
 *   tests/fuzz-spec -max_len=65536 tests/configs
 * Without it, main() replays every file under the directories given as
 * arguments through the same entry point and reports TAP, so `make check`
 * keeps the corpus from regressing (under --enable-asan, memory errors too). */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "libcontainer/spec.h"
#include "libcontainer/util/util.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  lc_error *err = NULL;
  lc_spec *spec = NULL;
  if (lc_spec_parse ((const char *) data, size, "config.json", &spec, &err) == 0)
    lc_spec_free (spec);
  else if (err == NULL || err->msg == NULL || err->msg[0] == '\0')
    abort (); /* every failure must say why */
  lc_error_clear (&err);

  lc_spec_process *proc = NULL;
  if (lc_spec_parse_process ((const char *) data, size, "process.json", &proc, &err) == 0)
    lc_spec_process_free (proc);
  else if (err == NULL || err->msg == NULL || err->msg[0] == '\0')
    abort ();
  lc_error_clear (&err);
  return 0;
}

#ifndef HUSK_LIBFUZZER
static int n;

static void
replay_dir (const char *dir)
{
  DIR *d = opendir (dir);
  if (d == NULL)
    {
      printf ("ok %d # SKIP %s: not readable\n", ++n, dir);
      return;
    }
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    {
      if (e->d_name[0] == '.')
        continue;
      cleanup_free char *path = xasprintf ("%s/%s", dir, e->d_name);
      struct stat st;
      if (stat (path, &st) < 0)
        continue;
      if (S_ISDIR (st.st_mode))
        {
          replay_dir (path);
          continue;
        }
      char *buf = NULL;
      size_t len = 0;
      lc_error *err = NULL;
      if (lc_read_file (path, 64 * 1024 * 1024, &buf, &len, &err) < 0)
        {
          lc_error_free (err);
          continue;
        }
      LLVMFuzzerTestOneInput ((const uint8_t *) buf, len);
      /* Every prefix of the file too: truncated input is the classic crash. */
      for (size_t cut = 0; cut < len; cut += len / 16 + 1)
        LLVMFuzzerTestOneInput ((const uint8_t *) buf, cut);
      free (buf);
      printf ("ok %d - replayed %s\n", ++n, path);
    }
  closedir (d);
}

int
main (int argc, char **argv)
{
  const char *top = getenv ("TOP_SRCDIR");
  const char *spec = getenv ("OCI_SPEC_DIR");
  if (argc > 1)
    for (int i = 1; i < argc; i++)
      replay_dir (argv[i]);
  else
    {
      cleanup_free char *ours = xasprintf ("%s/tests/configs", top ? top : ".");
      replay_dir (ours);
      if (spec)
        {
          cleanup_free char *theirs = xasprintf ("%s/schema/test/config", spec);
          replay_dir (theirs);
        }
    }
  printf ("1..%d\n", n);
  return 0;
}
#endif
