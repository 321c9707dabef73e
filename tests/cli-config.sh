#!/bin/bash
# create and run with broken bundles and configs: each gives its exact
# message, a non-zero exit, and leaves nothing under --root; an existing
# container is not harmed.
. "$TOP_SRCDIR/tests/lib.sh"

B="$T/bundle"
mkdir -p "$B/rootfs"
good='{"ociVersion":"1.0.0","root":{"path":"rootfs"},"process":{"cwd":"/","args":["sh"]},"linux":{"namespaces":[{"type":"pid"},{"type":"mount"}]}}'

# An existing container that every failure below must leave alone.
mkdir -p "$ROOT/keep"
echo '{"id":"keep","pid":0,"bundle":"/b","phase":"created"}' >"$ROOT/keep/state.json"
cp "$ROOT/keep/state.json" "$T/keep.before"

check () { # desc config-json-or-@file expected-message
  local desc=$1 cfg=$2 want=$3 cmd
  if [ "${cfg#@}" != "$cfg" ]; then cp "${cfg#@}" "$B/config.json"; else printf '%s' "$cfg" >"$B/config.json"; fi
  for cmd in create run; do
    run_husk --root "$ROOT" --log "$T/log" --log-format json "$cmd" --bundle "$B" cfg1
    if [ "$rc" -ne 0 ] && [ "$err" = "husk: $want" ]; then pass "$cmd: $desc"; else fail "$cmd: $desc" "rc=$rc" "got:  $err" "want: husk: $want"; fi
    if [ "$(jq -r .msg "$T/log")" = "$want" ]; then pass "$cmd: $desc: the log has the same message"; else fail "$cmd: $desc: log" "$(cat "$T/log")"; fi
    rm -f "$T/log"
    if [ -e "$ROOT/cfg1" ]; then fail "$cmd: $desc: no residue" "$(ls -la "$ROOT")"; else pass "$cmd: $desc: no residue"; fi
  done
}

check "memory limit as a string" \
  '{"ociVersion":"1.0.0","root":{"path":"rootfs"},"process":{"cwd":"/","args":["sh"]},"linux":{"resources":{"memory":{"limit":"64m"}}}}' \
  'config.json: linux.resources.memory.limit: expected an integer, got "64m"'
check "empty args" '{"ociVersion":"1.0.0","root":{"path":"rootfs"},"process":{"cwd":"/","args":[]}}' \
  'config.json: process.args: must not be empty'
check "invalid JSON" $'{\n  "ociVersion": "1.0.0",\n  }' \
  'config.json: line 3, column 3: invalid JSON: invalid object key (must be a string)'
check "duplicate key" '{"ociVersion":"1.0.0","root":{"path":"rootfs"},"process":{"cwd":"/","args":["sh"],"args":["true"]}}' \
  'config.json: process.args: duplicate key'
check "no process" '{"ociVersion":"1.0.0","root":{"path":"rootfs"}}' \
  'config.json: process: is required to create a container'
check "no root" '{"ociVersion":"1.0.0","process":{"cwd":"/","args":["sh"]}}' \
  'config.json: root: is required to create a container'
check "unknown namespace" '{"ociVersion":"1.0.0","root":{"path":"rootfs"},"process":{"cwd":"/","args":["sh"]},"linux":{"namespaces":[{"type":"pid"},{"type":"foo"}]}}' \
  'config.json: linux.namespaces[1].type: unknown value "foo" (expected pid, network, mount, ipc, uts, user, cgroup or time)'
check "relative mount destination" '{"ociVersion":"1.0.0","root":{"path":"rootfs"},"process":{"cwd":"/","args":["sh"]},"mounts":[{"destination":"proc","type":"proc"}]}' \
  'config.json: mounts[0].destination: must be an absolute path, got "proc"'
check "unknown capability" '{"ociVersion":"1.0.0","root":{"path":"rootfs"},"process":{"cwd":"/","args":["sh"],"capabilities":{"bounding":["CAP_FLY"]}}}' \
  'config.json: process.capabilities.bounding[0]: unknown capability "CAP_FLY"'
check "unknown seccomp action" '{"ociVersion":"1.0.0","root":{"path":"rootfs"},"process":{"cwd":"/","args":["sh"]},"linux":{"seccomp":{"defaultAction":"SCMP_ACT_NOPE"}}}' \
  'config.json: linux.seccomp.defaultAction: unknown value "SCMP_ACT_NOPE" (expected SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG or SCMP_ACT_NOTIFY)'
check "user namespace without mappings" '{"ociVersion":"1.0.0","root":{"path":"rootfs"},"process":{"cwd":"/","args":["sh"]},"linux":{"namespaces":[{"type":"user"}]}}' \
  'config.json: linux: a new user namespace needs uidMappings and gidMappings'
check "the spec's own bad example" "@$TOP_SRCDIR/tests/configs/hugepage-bad.json" \
  'config.json: linux.resources.hugepageLimits[0].pageSize: invalid page size "64kB" (expected a size like "2MB" or "1GB")'
# Bounded input: a 17 MiB file is refused by its size.
head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' ' ' >"$T/huge.json"
check "oversized config.json" "@$T/huge.json" 'config.json: file is larger than 16 MiB'
python3 -c 'print("{\"ociVersion\":\"1.0.0\",\"annotations\":" + "[" * 100 + "]" * 100 + "}")' >"$T/deep.json" 2>/dev/null \
  || printf '{"ociVersion":"1.0.0","annotations":%s%s}' "$(printf '[%.0s' $(seq 100))" "$(printf ']%.0s' $(seq 100))" >"$T/deep.json"
check "nesting too deep" "@$T/deep.json" \
  'config.json: annotations[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nesting is too deep (limit 64)'

# Bundle problems.
printf '%s' "$good" >"$B/config.json"
expect_fail "missing bundle is named" "--bundle: \"$T/nope\": No such file or directory" --root "$ROOT" create --bundle "$T/nope" cfg1
mkdir -p "$T/empty"
expect_fail "bundle without config.json names the file" "open \"$T/empty/config.json\": No such file or directory" --root "$ROOT" create --bundle "$T/empty" cfg1
mkdir -p "$T/dirconf/config.json"
expect_fail "config.json that is a directory" "read \"$T/dirconf/config.json\": Is a directory" --root "$ROOT" create --bundle "$T/dirconf" cfg1
# Files that are not regular are refused at once, by name: open(2) of a FIFO
# without a writer would block for ever, and opening a device can act on it.
# Each run is bounded by timeout(1): exit 124 (or 137, killed: `run` passes
# SIGTERM on to its container and lives on) would mean husk hung.
bounded_fail () { # desc expected-message husk-args...  (BOUND: seconds, default 10)
  local desc=$1 want=$2 bound=${BOUND:-10}; shift 2
  set +e
  timeout -k 5 "$bound" "$HUSK" "$@" >"$T/.out" 2>"$T/.err" </dev/null
  rc=$?
  err=$(cat "$T/.err")
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then fail "$desc" "husk did not return within $bound s"
  elif [ "$rc" -ne 0 ] && [ "$err" = "husk: $want" ]; then pass "$desc"
  else fail "$desc" "exit: $rc" "got:  $err" "want: husk: $want"; fi
}
mkdir -p "$T/fifo" "$T/dev"
mkfifo "$T/fifo/config.json" "$T/fifo/process.json" "$T/fifo/resources.json"
ln -s /dev/zero "$T/dev/config.json"
for cmd in create run; do
  bounded_fail "$cmd: a FIFO config.json fails at once, named" \
    "read \"$T/fifo/config.json\": not a regular file (a FIFO)" --root "$T/fifo-root" "$cmd" --bundle "$T/fifo" cfg1
  ROOT="$T/fifo-root" no_residue "$cmd: a FIFO config.json: no residue"
  bounded_fail "$cmd: a config.json that is a device is refused" \
    "read \"$T/dev/config.json\": not a regular file (a character device)" --root "$T/fifo-root" "$cmd" --bundle "$T/dev" cfg1
  ROOT="$T/fifo-root" no_residue "$cmd: a device config.json: no residue"
done
bounded_fail "exec --process with a FIFO fails at once, named" \
  "read \"$T/fifo/process.json\": not a regular file (a FIFO)" --root "$ROOT" exec --process "$T/fifo/process.json" keep
bounded_fail "update --resources with a FIFO fails at once, named" \
  "read \"$T/fifo/resources.json\": not a regular file (a FIFO)" --root "$ROOT" update --resources "$T/fifo/resources.json" keep
mkdir -p "$T/fifo-root/ff" && mkfifo "$T/fifo-root/ff/state.json"
bounded_fail "a FIFO state.json fails state at once, named" \
  'state of container "ff": read "state.json": not a regular file (a FIFO)' --root "$T/fifo-root" state ff
if timeout -k 5 10 "$HUSK" --root "$T/fifo-root" list >/dev/null 2>&1; then pass "list skips a FIFO state.json at once"
else fail "list skips a FIFO state.json at once" "exit: $?"; fi
rm -rf "$T/fifo-root/ff"
# A profile on which libseccomp 2.5.4 loops for ever (found by
# tests/fuzz-seccomp): create fails once the 10 s given to libseccomp are up.
mkdir -p "$T/loop/rootfs"
jq -c --slurpfile p "$TOP_SRCDIR/tests/fuzz-corpus/seccomp/libseccomp-loop.json" '.linux.seccomp = $p[0]' \
  <<<"$good" >"$T/loop/config.json"
BOUND=40 bounded_fail "create: a profile libseccomp loops on fails in bounded time" \
  'create "cfg1": linux.seccomp: libseccomp did not finish building the filter within 10 s (it can loop for ever on some combinations of argument conditions)' \
  --root "$T/fifo-root" create --bundle "$T/loop" cfg1
ROOT="$T/fifo-root" no_residue "create: a profile libseccomp loops on: no residue"
expect_fail "id with a slash" 'invalid container ID format: "a/b": only letters, digits, "_", "+", "-" and "." are allowed' --root "$ROOT" create --bundle "$B" a/b
expect_fail "id that is .." 'invalid container ID format: ".."' --root "$ROOT" create --bundle "$B" ..
expect_fail "duplicate id" 'container with given ID already exists: "keep"' --root "$ROOT" create --bundle "$B" keep
expect_fail "duplicate id (run)" 'container with given ID already exists: "keep"' --root "$ROOT" run --bundle "$B" keep
expect_fail "missing id" 'create: missing the container ID' --root "$ROOT" create --bundle "$B"
cmp -s "$ROOT/keep/state.json" "$T/keep.before" && pass "the existing container is untouched" || fail "the existing container is untouched"
is "$(ls "$ROOT")" keep "nothing else under --root"

# A valid config passes every check: with an empty rootfs, create gets as far
# as looking for the program.
run_husk --root "$ROOT" create --bundle "$B" cfg1
is "$err" 'husk: create "cfg1": exec: "sh": executable file not found in $PATH' "a valid config is accepted"
(cd "$B" && "$HUSK" --root "$ROOT" create cfg1 2>&1) | grep -q 'exec: "sh"' && pass "default bundle is the current directory" || fail "default bundle is the current directory"
is "$(ls "$ROOT")" keep "and nothing is left of it"

done_testing
