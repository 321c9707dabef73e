/* Fuzz target for the resources JSON of `husk update --resources FILE`
 * (lc_spec_parse_resources): every failure names the file and says why.
 *
 * With --enable-fuzz this is a libFuzzer target; without it, it replays
 * tests/fuzz-corpus/resources (see fuzz-replay.h). */
#include "config.h"

#include "libcontainer/spec.h"
#include "fuzz-replay.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  lc_error *err = NULL;
  lc_spec_resources *r = NULL;
  if (lc_spec_parse_resources ((const char *) data, size, "resources.json", &r, &err) == 0)
    {
      if (r == NULL)
        abort ();
      lc_spec_resources_free (r);
    }
  else
    {
      fuzz_check_error (err, "resources.json: ");
      if (r != NULL)
        abort ();
    }
  lc_error_clear (&err);
  return 0;
}

#ifndef HUSK_LIBFUZZER
int
main (int argc, char **argv)
{
  static const char *const corpus[] = { "tests/fuzz-corpus/resources", NULL };
  return fuzz_replay_main (argc, argv, corpus, NULL);
}
#endif
