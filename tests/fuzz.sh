#!/bin/bash
# The fuzz targets (tests/fuzz-*.c), each run by libFuzzer for a bounded
# time, in a separate build made with CC=clang --enable-fuzz: libcontainer
# instrumented for coverage, AddressSanitizer and UBSan.  Passes when no
# target finds anything; on a finding it fails with the reproducer (kept
# under $TOP_BUILDDIR/tests/fuzz-findings/, replayable in any build with
# `tests/fuzz-<name> FILE`) and the first lines of the report.  Skips, with
# the reason, where clang or its libFuzzer is missing (Debian: clang and
# libclang-rt-14-dev).
#
# HUSK_FUZZ_SECONDS: seconds per target (default 30).
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"

SECONDS_EACH=${HUSK_FUZZ_SECONDS:-30}
case $SECONDS_EACH in "" | *[!0-9]* | 0) SECONDS_EACH=30 ;; esac
TARGETS="spec seccomp mount-options state resources"

# The inner builds are not part of the make running this test: its flags
# (-j with a jobserver, TESTS=...) must not leak into them.
unset MAKEFLAGS MFLAGS MAKELEVEL

command -v clang >/dev/null 2>&1 || skip_all "clang is not installed (apt-get install clang libclang-rt-14-dev)"
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
  'int LLVMFuzzerTestOneInput (const uint8_t *d, size_t n) { (void) d; (void) n; return 0; }' >"$T/probe.c"
clang -fsanitize=fuzzer "$T/probe.c" -o "$T/probe" >"$T/probe.log" 2>&1 \
  || skip_all "clang cannot build a libFuzzer target (apt-get install libclang-rt-14-dev): $(head -1 "$T/probe.log")"

# A clean source tree for the VPATH build.  The tree under test is usually
# configured in place (./configure && make check, as CI does), and automake
# refuses a VPATH build from a source tree that is configured in place.
# `make distdir` gives one from the build under test, with its generated
# configure (no autotools run, unlike `git archive`), from the work tree as
# it is rather than the last commit, and without needing git (a release
# tarball has none); it also proves that the distribution holds every file
# the fuzz build needs.
SRC="$T/src"
BUILD="$T/build"
if ! make -C "$TOP_BUILDDIR" distdir distdir="$SRC" >"$T/distdir.log" 2>&1; then
  fail "make distdir for a clean source tree"
  tail -20 "$T/distdir.log" | sed 's/^/#   /'
  done_testing; exit 1
fi
pass "a clean source tree (make distdir)"

mkdir -p "$BUILD"
if (cd "$BUILD" && "$SRC/configure" CC=clang --enable-fuzz) >"$T/configure.log" 2>&1; then
  pass "configure CC=clang --enable-fuzz (VPATH)"
else
  fail "configure CC=clang --enable-fuzz (VPATH)"
  tail -20 "$T/configure.log" | sed 's/^/#   /'
  done_testing; exit 1
fi
progs=""
for t in $TARGETS; do progs="$progs tests/fuzz-$t"; done
# shellcheck disable=SC2086
if make -C "$BUILD" -j"$(nproc 2>/dev/null || echo 2)" $progs >"$T/make.log" 2>&1; then
  pass "the fuzz targets build, libcontainer instrumented"
else
  fail "the fuzz targets build"
  grep -E 'error|warning' "$T/make.log" | head -20 | sed 's/^/#   /'
  done_testing; exit 1
fi

# Each target from its seed corpus, copied: libFuzzer adds what it finds to
# the first directory.  -timeout: one input that runs for 10 s is a finding
# too (a hang); timeout(1) bounds the whole run whatever happens.
FINDINGS="$TOP_BUILDDIR/tests/fuzz-findings"
for t in $TARGETS; do
  corpus="$T/corpus-$t"
  mkdir -p "$corpus" "$T/artifacts"
  seeds=("$TOP_SRCDIR/tests/fuzz-corpus/$t")
  [ "$t" = spec ] && seeds+=("$TOP_SRCDIR/tests/configs")
  for s in "${seeds[@]}"; do cp "$s"/* "$corpus"/ 2>/dev/null; done
  log="$T/fuzz-$t.log"
  (cd "$T" && timeout -k 10 $((SECONDS_EACH + 60)) "$BUILD/tests/fuzz-$t" -max_total_time="$SECONDS_EACH" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$T/artifacts/$t-" "$corpus") >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  found=$(ls "$T/artifacts/" 2>/dev/null | grep "^$t-" | head -1)
  if [ "$rc" -eq 0 ] && [ -z "$found" ]; then
    pass "fuzz-$t: ${runs:-?} inputs in ${SECONDS_EACH} s, no crash"
    continue
  fi
  # Keep the reproducer where it outlives $T, and show the report.
  repro="(none saved)"
  if [ -n "$found" ]; then
    mkdir -p "$FINDINGS"
    cp "$T/artifacts/$found" "$FINDINGS/$found"
    repro="$FINDINGS/$found"
  fi
  report=$(grep -n -m1 -E '^==[0-9]+==|^fuzz: |deadly signal|ALARM|out-of-memory|runtime error' "$log" | cut -d: -f1)
  fail "fuzz-$t found a bug (exit $rc)" "reproducer: $repro" \
    "replay it: tests/fuzz-$t '$repro' (any build; --enable-asan for memory errors)"
  sed -n "${report:-1},\$p" "$log" | head -25 | sed 's/^/#   /'
done

done_testing
