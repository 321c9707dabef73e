/* Fuzz target for seccomp profiles: the input is a linux.seccomp object,
 * read from a config.json as create reads it and compiled to BPF with
 * libseccomp as create compiles it, without the cache (rootfd -1: no
 * directory is touched) and without installing anything.
 *
 * With --enable-fuzz this is a libFuzzer target; without it, it replays
 * tests/fuzz-corpus/seccomp (see fuzz-replay.h). */
#include "config.h"

#include "libcontainer/seccomp.h"
#include "libcontainer/spec.h"
#include "libcontainer/util/util.h"
#include "fuzz-replay.h"

static const char head[] = "{\"ociVersion\":\"1.0.0\",\"linux\":{\"seccomp\":";
static const char tail[] = "}}";

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* Inputs on which libseccomp loops (see seccomp.c) fail after 2 s, well
     within libFuzzer's -timeout in tests/fuzz.sh. */
  lc_seccomp_build_timeout_ms = 2000;
  size_t len = sizeof head - 1 + size + sizeof tail - 1;
  cleanup_free char *doc = xmalloc (len);
  memcpy (doc, head, sizeof head - 1);
  memcpy (doc + sizeof head - 1, data, size);
  memcpy (doc + sizeof head - 1 + size, tail, sizeof tail - 1);

  lc_error *err = NULL;
  lc_spec *spec = NULL;
  if (lc_spec_parse (doc, len, "config.json", &spec, &err) < 0)
    {
      fuzz_check_error (err, "config.json: ");
      lc_error_free (err);
      return 0;
    }
  const lc_spec_seccomp *s = spec->linux_cfg ? spec->linux_cfg->seccomp : NULL;
  struct lc_seccomp *f = NULL;
  size_t skipped = 0;
  if (lc_seccomp_compile (s, -1, &f, &skipped, &err) < 0)
    {
      fuzz_check_error (err, "linux.seccomp");
      if (f != NULL)
        abort (); /* a failure hands out nothing */
      lc_error_free (err);
    }
  else
    {
      /* A profile gives a program (and none without a profile), which has a
         notify fd exactly when a rule notifies. */
      bool notify = false;
      for (size_t i = 0; s != NULL && i < s->n_syscalls; i++)
        notify |= s->syscalls[i].action == LC_SCMP_ACT_NOTIFY;
      size_t names = 0;
      for (size_t i = 0; s != NULL && i < s->n_syscalls; i++)
        names += s->syscalls[i].n_names;
      if ((s != NULL) != (f != NULL) || lc_seccomp_has_notify (f) != notify || skipped > names)
        abort ();
    }
  lc_seccomp_free (f);
  lc_spec_free (spec);
  return 0;
}

#ifndef HUSK_LIBFUZZER
int
main (int argc, char **argv)
{
  static const char *const corpus[] = { "tests/fuzz-corpus/seccomp", NULL };
  return fuzz_replay_main (argc, argv, corpus, NULL);
}
#endif
