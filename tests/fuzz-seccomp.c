/* Fuzz target for seccomp profiles: the input is a linux.seccomp object,
 * read from a config.json as create reads it and compiled to BPF with
 * libseccomp as create compiles it, without the cache (rootfd -1: no
 * directory is touched) and without installing anything.  The program is
 * then run here, as the kernel would run it, on a syscall number no
 * profile names: ENOSYS when the default action denies (the stub), the
 * default action when it allows or when the profile names nothing of the
 * native ABI; and on an architecture no filter has: killed, never ENOSYS.
 *
 * With --enable-fuzz this is a libFuzzer target; without it, it replays
 * tests/fuzz-corpus/seccomp (see fuzz-replay.h). */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>

#include "libcontainer/seccomp.h"
#include "libcontainer/spec.h"
#include "libcontainer/util/util.h"
#include "fuzz-replay.h"

/* Run prog on d as the kernel would, for the instructions libseccomp and
   the ENOSYS stub emit; anything else, a jump out of the program or
   running off its end is a bug (or a libseccomp this harness must learn). */
static uint32_t
bpf_run (const struct sock_fprog *prog, const struct seccomp_data *d)
{
  uint32_t a = 0;
  for (unsigned pc = 0; pc < prog->len; pc++)
    {
      const struct sock_filter *f = &prog->filter[pc];
      unsigned skip = 0;
      switch (f->code)
        {
        case BPF_LD | BPF_W | BPF_ABS:
          if (f->k % 4 != 0 || f->k > sizeof *d - 4)
            goto bad;
          memcpy (&a, (const char *) d + f->k, 4);
          break;
        case BPF_ALU | BPF_AND | BPF_K:
          a &= f->k;
          break;
        case BPF_JMP | BPF_JA:
          skip = f->k;
          break;
        case BPF_JMP | BPF_JEQ | BPF_K:
          skip = a == f->k ? f->jt : f->jf;
          break;
        case BPF_JMP | BPF_JGT | BPF_K:
          skip = a > f->k ? f->jt : f->jf;
          break;
        case BPF_JMP | BPF_JGE | BPF_K:
          skip = a >= f->k ? f->jt : f->jf;
          break;
        case BPF_JMP | BPF_JSET | BPF_K:
          skip = (a & f->k) ? f->jt : f->jf;
          break;
        case BPF_RET | BPF_K:
          return f->k;
        default:
          goto bad;
        }
      if (skip >= prog->len - pc - 1)
        goto bad;
      pc += skip;
    }
bad:
  fprintf (stderr, "fuzz-seccomp: the program of %u instructions is not one this harness can run\n", prog->len);
  abort ();
}

static uint32_t
action_of (enum lc_seccomp_action a, bool has_errno, uint32_t errno_ret)
{
  uint32_t e = has_errno ? errno_ret : EPERM;
  switch (a)
    {
    case LC_SCMP_ACT_KILL_PROCESS:
      return SCMP_ACT_KILL_PROCESS;
    case LC_SCMP_ACT_TRAP:
      return SCMP_ACT_TRAP;
    case LC_SCMP_ACT_ERRNO:
      return SCMP_ACT_ERRNO (e);
    case LC_SCMP_ACT_TRACE:
      return SCMP_ACT_TRACE (e);
    case LC_SCMP_ACT_LOG:
      return SCMP_ACT_LOG;
    case LC_SCMP_ACT_ALLOW:
      return SCMP_ACT_ALLOW;
    default:
      return SCMP_ACT_KILL_THREAD;
    }
}

/* See the top. */
static void
check_program (const lc_spec_seccomp *s, const struct lc_seccomp *f)
{
  const struct sock_fprog *prog = lc_seccomp_program (f);
  uint32_t native = seccomp_arch_native ();
  if (native == SCMP_ARCH_X32)
    native = SCMP_ARCH_X86_64;
  bool names_native = false;
  for (size_t i = 0; i < s->n_syscalls; i++)
    for (size_t j = 0; j < s->syscalls[i].n_names; j++)
      names_native |= seccomp_syscall_resolve_name_arch (SCMP_ARCH_NATIVE, s->syscalls[i].names[j]) >= 0;
  uint32_t def = action_of (s->default_action, s->has_default_errno_ret, s->default_errno_ret);
  bool denies = s->default_action != LC_SCMP_ACT_ALLOW && s->default_action != LC_SCMP_ACT_LOG
                && s->default_action != LC_SCMP_ACT_TRACE;
  uint32_t want = denies && names_native ? SCMP_ACT_ERRNO (ENOSYS) : def;
  /* Above every syscall of every ABI, and without x32's bit 30. */
  struct seccomp_data d = { .nr = 0x3ffffff0, .arch = native };
  uint32_t got = bpf_run (prog, &d);
  if (got != want)
    {
      fprintf (stderr, "fuzz-seccomp: syscall %#x gets %#x, want %#x\n", (unsigned) d.nr, got, want);
      abort ();
    }
  d.arch = 0x0badc0de;
  got = bpf_run (prog, &d);
  if (got != SCMP_ACT_KILL_THREAD)
    {
      fprintf (stderr, "fuzz-seccomp: an unknown architecture gets %#x, not killed\n", got);
      abort ();
    }
}

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
      if (f != NULL)
        check_program (s, f);
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
