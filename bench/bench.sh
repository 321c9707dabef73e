#!/usr/bin/env bash
# husk benchmark: the same operations with husk, crun and runc in one run,
# reported as ratios to crun (lower is better).  Needs hyperfine, crun and runc
# (Debian packages of those names).  Usage: bench/bench.sh [path/to/husk]
#
# This release has no container lifecycle yet, so the operations are the ones
# every engine call pays for: process start-up (--version), `spec`, and
# `state` of a container that does not exist (flag parsing, state lookup,
# error path).  Container create/run/exec/delete join when they exist.
set -euo pipefail
HUSK=${1:-$(dirname "$0")/../husk}
HUSK=$(readlink -f "$HUSK")
for t in hyperfine crun runc; do
  command -v "$t" >/dev/null || { echo "bench: $t is not installed (apt-get install $t)" >&2; exit 1; }
done
W=$(mktemp -d)
mkdir -p "$W/spec"
trap 'rm -rf "$W"' EXIT
OUT=${BENCH_OUT:-$(dirname "$0")/results}
mkdir -p "$OUT"
RUNS=${BENCH_RUNS:-200}

declare -A CMD
run_case () { # name, then one command template with RT for the runtime
  local name=$1 tmpl=$2 rt json
  json="$W/$name.json"
  local args=()
  for rt in husk crun runc; do
    local bin
    case $rt in husk) bin=$HUSK ;; *) bin=$(command -v "$rt") ;; esac
    args+=(-n "$rt" "${tmpl//RT/$bin}")
  done
  hyperfine -N --warmup 10 --runs "$RUNS" --ignore-failure --export-json "$json" \
    --prepare "rm -f $W/spec/config.json" "${args[@]}" >/dev/null 2>&1
  python3 - "$json" "$name" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["results"]
med = {r["command"]: r["median"] * 1000 for r in d}
base = med["crun"]
print(f"{sys.argv[2]:<18}" + "".join(f"{k}={v:7.3f}ms ({v / base:4.2f}x)  " for k, v in med.items()))
PY
}

echo "runs per case: $RUNS; medians; ratio to crun"
run_case version "RT --version"
run_case spec "RT spec --bundle $W/spec"
run_case state-missing "RT --root $W/root state nosuch"
