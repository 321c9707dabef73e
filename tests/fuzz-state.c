/* Fuzz target for the state.json reader (lc_state_parse, what
 * lc_state_read runs on the file), for container "c1".  A state that is
 * read must have what every command relies on (the id of its directory, a
 * bundle, a known phase, a pid that is no process group), and the OCI state
 * husk prints from it must be JSON that husk itself reads back.
 *
 * With --enable-fuzz this is a libFuzzer target; without it, it replays
 * tests/fuzz-corpus/state (see fuzz-replay.h). */
#include "config.h"

#include "libcontainer/json.h"
#include "libcontainer/state-internal.h"
#include "libcontainer/util/util.h"
#include "fuzz-replay.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  lc_error *err = NULL;
  lc_state *st = NULL;
  if (lc_state_parse ((const char *) data, size, "c1", &st, &err) < 0)
    {
      fuzz_check_error (err, "state of container \"c1\": ");
      if (st != NULL)
        abort ();
      lc_error_free (err);
      return 0;
    }
  if (st == NULL || st->id == NULL || strcmp (st->id, "c1") != 0 || st->bundle == NULL || st->pid < 0
      || st->phase > LC_PHASE_RUNNING)
    abort ();
  /* No process to look at: pid 0 is "stopped" without asking the kernel. */
  st->pid = 0;
  cleanup_free char *json = lc_state_oci_json (st, "root", false);
  lc_json *back = lc_json_parse (json, strlen (json), NULL, &err);
  if (back == NULL)
    {
      fprintf (stderr, "fuzz: husk's own OCI state does not parse: %s\n%s\n", err ? err->msg : "", json);
      abort ();
    }
  const lc_json *id = lc_json_get (back, "id");
  if (id == NULL || id->type != LC_JSON_STRING || strcmp (id->str, "c1") != 0)
    abort ();
  lc_json_free (back);
  lc_state_free (st);
  return 0;
}

#ifndef HUSK_LIBFUZZER
int
main (int argc, char **argv)
{
  static const char *const corpus[] = { "tests/fuzz-corpus/state", NULL };
  return fuzz_replay_main (argc, argv, corpus, NULL);
}
#endif
