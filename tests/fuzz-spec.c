/* Fuzz target for the config.json and process.json parsers.
 *
 * With --enable-fuzz (clang) this is a libFuzzer target:
 *   ./configure CC=clang --enable-fuzz && make tests/fuzz-spec
 *   cp -r tests/configs /tmp/corpus && tests/fuzz-spec -max_len=65536 /tmp/corpus
 * Without it, it replays tests/configs and the runtime-spec's schema test
 * documents and reports TAP (see fuzz-replay.h). */
#include "config.h"

#include "libcontainer/spec.h"
#include "fuzz-replay.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  lc_error *err = NULL;
  lc_spec *spec = NULL;
  if (lc_spec_parse ((const char *) data, size, "config.json", &spec, &err) == 0)
    lc_spec_free (spec);
  else
    fuzz_check_error (err, "config.json: ");
  lc_error_clear (&err);

  lc_spec_process *proc = NULL;
  if (lc_spec_parse_process ((const char *) data, size, "process.json", &proc, &err) == 0)
    lc_spec_process_free (proc);
  else
    fuzz_check_error (err, "process.json: ");
  lc_error_clear (&err);
  return 0;
}

#ifndef HUSK_LIBFUZZER
int
main (int argc, char **argv)
{
  static const char *const corpus[] = { "tests/configs", "tests/fuzz-corpus/spec", NULL };
  const char *spec = getenv ("OCI_SPEC_DIR");
  cleanup_free char *theirs = spec ? xasprintf ("%s/schema/test/config", spec) : NULL;
  return fuzz_replay_main (argc, argv, corpus, theirs);
}
#endif
