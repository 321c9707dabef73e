/* Fuzz target for mount options (config.json mounts[].options): the input
 * is the option list, one option per line (a NUL byte also ends one, as it
 * would end the C string), read by lc_mount_options_parse.  Parsing cannot
 * fail, so what is checked is what must hold whatever the options:
 *   - no attribute is both set and cleared, in attr or in rec, except the
 *     atime field (MOUNT_ATTR__ATIME), which mount_setattr(2) takes as
 *     "clear the field, then set this value";
 *   - an atime value in attr_set comes with MOUNT_ATTR__ATIME in attr_clr
 *     (the kernel refuses it otherwise), and is one value, not a mix;
 *   - a per-mount flag and its attribute agree (MS_RDONLY and
 *     MOUNT_ATTR_RDONLY, ...): the mount is made with one and changed with
 *     the other;
 *   - propagation is one of the eight values or 0;
 *   - data is never NULL and holds only what the input held;
 *   - later options win, so reading the list twice in a row gives the same
 *     flags and attributes as reading it once.
 * Any violation aborts.  With --enable-fuzz this is a libFuzzer target;
 * without it, it replays tests/fuzz-corpus/mount-options (see fuzz-replay.h). */
#include "config.h"

#include "libcontainer/mount-options.h"
#include "fuzz-replay.h"

static void
check_attr (const struct mount_attr *a)
{
  uint64_t atime = a->attr_set & MOUNT_ATTR__ATIME;
  if ((a->attr_set & a->attr_clr & ~(uint64_t) MOUNT_ATTR__ATIME) != 0)
    abort ();
  if (atime != 0 && !(a->attr_clr & MOUNT_ATTR__ATIME))
    abort ();
  if (atime != 0 && atime != MOUNT_ATTR_NOATIME && atime != MOUNT_ATTR_STRICTATIME)
    abort ();
  if (a->propagation != 0 || a->userns_fd != 0)
    abort ();
}

static void
check (const struct lc_mount_options *m, size_t input_len)
{
  static const struct
  {
    unsigned long flag;
    uint64_t attr;
  } pairs[] = {
    { MS_RDONLY, MOUNT_ATTR_RDONLY }, { MS_NOSUID, MOUNT_ATTR_NOSUID },
    { MS_NODEV, MOUNT_ATTR_NODEV },   { MS_NOEXEC, MOUNT_ATTR_NOEXEC },
    { MS_NODIRATIME, MOUNT_ATTR_NODIRATIME },
#if defined(MS_NOSYMFOLLOW) && defined(MOUNT_ATTR_NOSYMFOLLOW)
    { MS_NOSYMFOLLOW, MOUNT_ATTR_NOSYMFOLLOW },
#endif
  };
  check_attr (&m->attr);
  check_attr (&m->rec);
  for (size_t i = 0; i < LC_ARRAY_SIZE (pairs); i++)
    if (((m->flags & pairs[i].flag) != 0) != ((m->attr.attr_set & pairs[i].attr) != 0))
      abort ();
  unsigned long prop = m->propagation & ~(unsigned long) MS_REC;
  if (m->propagation != 0 && prop != MS_PRIVATE && prop != MS_SHARED && prop != MS_SLAVE && prop != MS_UNBINDABLE)
    abort ();
  if (m->data == NULL || strlen (m->data) > input_len)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* One string per option, in a copy that ends every one with a NUL. */
  cleanup_free char *text = xmalloc (size + 1);
  memcpy (text, data, size);
  text[size] = '\0';
  size_t n = 1;
  for (size_t i = 0; i < size; i++)
    n += text[i] == '\n' || text[i] == '\0';
  cleanup_free char **opts = xcalloc (2 * n, sizeof (char *));
  size_t k = 0;
  opts[k++] = text;
  for (size_t i = 0; i < size; i++)
    if (text[i] == '\n' || text[i] == '\0')
      {
        text[i] = '\0';
        opts[k++] = text + i + 1;
      }
  struct lc_mount_options once, twice;
  lc_mount_options_parse (opts, n, &once);
  check (&once, size);
  memcpy (opts + n, opts, n * sizeof (char *));
  lc_mount_options_parse (opts, 2 * n, &twice);
  check (&twice, 2 * size + 1);
  if (once.flags != twice.flags || once.propagation != twice.propagation
      || memcmp (&once.attr, &twice.attr, sizeof once.attr) != 0 || memcmp (&once.rec, &twice.rec, sizeof once.rec) != 0
      || once.tmpcopyup != twice.tmpcopyup || once.idmap != twice.idmap || once.ridmap != twice.ridmap)
    abort ();
  lc_mount_options_free (&once);
  lc_mount_options_free (&twice);
  return 0;
}

#ifndef HUSK_LIBFUZZER
int
main (int argc, char **argv)
{
  static const char *const corpus[] = { "tests/fuzz-corpus/mount-options", NULL };
  return fuzz_replay_main (argc, argv, corpus, NULL);
}
#endif
