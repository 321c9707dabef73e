#!/bin/bash
# tests/cli-cgroup.sh again, in a qemu guest with a pure cgroup v2 hierarchy
# (tests/vm/vm.sh): this host has v1 controllers only.  The guest's TAP is
# passed through, each description marked "(v2 guest)".
if [ "$(id -u)" != 0 ]; then echo "1..0 # SKIP the v2 guest needs root"; exit 0; fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
bash "$TOP_SRCDIR/tests/vm/vm.sh" --out "$out" bash "$TOP_SRCDIR/tests/cli-cgroup.sh" 2>"$out.err"
rc=$?
if [ $rc = 77 ]; then
  echo "1..0 # SKIP $(tail -1 "$out.err")"
  rm -f "$out.err"
  exit 0
fi
sed -e 's/^\(\(not \)\{0,1\}ok [0-9]* - \)/\1(v2 guest) /' "$out"
if ! grep -q '^1\.\.[0-9]' "$out"; then
  echo "not ok 1 - the v2 guest ran the cgroup tests (status $rc)"
  sed 's/^/# /' "$out.err"
  echo "1..1"
fi
rm -f "$out.err"
exit $rc
