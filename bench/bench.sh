#!/usr/bin/env bash
# husk benchmark: the same operations with husk, crun and runc in one run,
# reported as ratios to crun (lower is better).  Needs hyperfine, crun and runc
# (Debian packages of those names), jq, and GNU time (package time) for RSS.  Usage: bench/bench.sh [path/to/husk]
#
# Operations: process start-up (--version), `spec`, `state` of a container
# that does not exist (flag parsing, state lookup, error path), and `run` of
# /bin/true from a busybox bundle (create + start + wait + delete), with
# crun both with its cgroupfs manager and with cgroups disabled ("crun-nocg",
# for the cost of cgroups), the same run with a Docker-style seccomp
# profile, plus the peak RSS of each runtime's run.
#
# crun 1.8.1 refuses this hybrid-cgroup host unless /sys/fs/cgroup/unified is
# hidden, so the whole benchmark runs in a private mount namespace where it is
# covered by an empty tmpfs: every runtime sees the same host.
set -euo pipefail
if [ -z "${HUSK_BENCH_NS:-}" ] && [ "$(id -u)" = 0 ] && grep -q ' /sys/fs/cgroup/unified ' /proc/self/mountinfo; then
  exec env HUSK_BENCH_NS=1 unshare -m sh -c 'mount --make-rprivate / && mount -t tmpfs none /sys/fs/cgroup/unified && exec "$0" "$@"' "$0" "$@"
fi
HUSK=${1:-$(dirname "$0")/../husk}
HUSK=$(readlink -f "$HUSK")
for t in hyperfine crun runc jq; do
  command -v "$t" >/dev/null || { echo "bench: $t is not installed (apt-get install $t)" >&2; exit 1; }
done
W=$(mktemp -d)
mkdir -p "$W/spec"
trap 'rm -rf "$W"' EXIT
OUT=${BENCH_OUT:-$(dirname "$0")/results}
mkdir -p "$OUT"
RUNS=${BENCH_RUNS:-200}

run_case () { # name, command template with RT for the runtime, [extra runtimes]
  local name=$1 tmpl=$2 rt json
  json="$W/$name.json"
  local args=()
  for rt in husk crun runc ${3:-}; do
    local bin
    case $rt in husk) bin=$HUSK ;; crun-nocg) bin="$(command -v crun) --cgroup-manager=disabled" ;; *) bin=$(command -v "$rt") ;; esac
    args+=(-n "$rt" "${tmpl//RT/$bin}")
    # A runtime that fails would be timed on its error path: check first
    # (the state case fails by design).
    rm -f "$W/spec/config.json"
    if [ "$name" != state-missing ] && ! ${tmpl//RT/$bin} >/dev/null 2>"$W/err"; then
      echo "bench: $name with $rt fails: $(cat "$W/err")" >&2
      exit 1
    fi
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

# A bundle: busybox-static rootfs, /bin/true, no terminal.  ociVersion
# 1.0.2-dev because crun 1.8.1 does not know 1.3.0.
B="$W/bundle"
sh "$(dirname "$0")/../tests/mkrootfs.sh" "$B/rootfs" >/dev/null
"$HUSK" spec --bundle "$B"
jq '.ociVersion = "1.0.2-dev" | .process.terminal = false | .process.args = ["/bin/true"]' "$B/config.json" >"$B/c.json"
mv "$B/c.json" "$B/config.json"
run_case run-true "RT --root $W/rt run --bundle $B bench1" crun-nocg

# The same with a Docker-style default seccomp profile (~350 rules): the
# cost of compiling and loading a real filter per container.
S="$W/bundle-seccomp"
mkdir -p "$S"
jq --arg r "$B/rootfs" --argjson p "$(bash "$(dirname "$0")/../tests/seccomp-profile.sh" docker)" \
  '.root.path = $r | .linux.seccomp = $p' "$B/config.json" >"$S/config.json"
run_case run-seccomp "RT --root $W/rt run --bundle $S bench2" crun-nocg

echo "peak RSS of one run (KiB, max of 20; GNU time's %M, the runtime process that waits):"
for rt in husk crun runc; do
  case $rt in husk) bin=$HUSK ;; *) bin=$(command -v "$rt") ;; esac
  max=0
  for _ in $(seq 20); do
    kb=$(/usr/bin/time -f %M "$bin" --root "$W/rt" run --bundle "$B" rss1 2>&1 >/dev/null | tail -1)
    [ "$kb" -gt "$max" ] && max=$kb
  done
  printf '  %-6s %s\n' "$rt" "$max"
done
