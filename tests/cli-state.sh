#!/bin/bash
# state, list and delete on hand-made state directories (the format is
# documented in libcontainer/state.h).
. "$TOP_SRCDIR/tests/lib.sh"

# A live process of ours to stand for a container's init, killed at exit.
sleep 300 &
LIVE=$!
at_exit "kill $LIVE 2>/dev/null; wait $LIVE 2>/dev/null"
START=$(awk '{sub(/.*\) /, ""); print $20}' "/proc/$LIVE/stat")

mk () { # id pid pidStart phase [extra json members]
  mkdir -p "$ROOT/$1"
  printf '{"id":"%s","pid":%s,"pidStart":%s,"bundle":"/bundles/%s","rootfs":"/bundles/%s/rootfs","created":"2026-11-22T10:00:00.000000001Z","owner":0,"phase":"%s"%s}' \
    "$1" "$2" "$3" "$1" "$1" "$4" "${5:-}" >"$ROOT/$1/state.json"
}

mk run1 "$LIVE" "$START" running ',"annotations":{"org.example":"x"}'
mk made1 "$LIVE" "$START" created
mkfifo "$ROOT/made1/exec.fifo" # not started yet
mk dead1 999999 1 running
mk reused "$LIVE" 1 running
mk paused1 "$LIVE" "$START" running ',"paused":true'

run_husk --root "$ROOT" state run1
is "$rc" 0 "state: exit 0"
is "$(printf '%s' "$out" | jq -r .status)" running "state: running"
is "$(printf '%s' "$out" | jq -r .pid)" "$LIVE" "state: pid"
is "$(printf '%s' "$out" | jq -r .bundle)" /bundles/run1 "state: bundle"
is "$(printf '%s' "$out" | jq -r .rootfs)" /bundles/run1/rootfs "state: rootfs"
is "$(printf '%s' "$out" | jq -r .created)" 2026-11-22T10:00:00.000000001Z "state: created"
is "$(printf '%s' "$out" | jq -r .owner)" root "state: owner"
is "$(printf '%s' "$out" | jq -r .ociVersion)" 1.3.0 "state: ociVersion"
is "$(printf '%s' "$out" | jq -r '.annotations["org.example"]')" x "state: annotations"
if [ -n "${PYTHON3:-}" ] && [ -d "${OCI_SPEC_DIR:-}/schema" ]; then
  printf '%s' "$out" >"$T/state.json"
  "$PYTHON3" "$TOP_SRCDIR/tests/validate-schema.py" "$OCI_SPEC_DIR/schema/state-schema.json" "$T/state.json" >"$T/v" 2>&1
  v=$?
  if [ $v = 77 ]; then skip "state schema: $(cat "$T/v")"; elif [ $v = 0 ]; then pass "state validates against state-schema.json"; else fail "state validates against state-schema.json" "$(cat "$T/v")"; fi
else
  skip "state schema: no python3 or no runtime-spec at OCI_SPEC_DIR"
fi
mk started1 "$LIVE" "$START" created
run_husk --root "$ROOT" state started1
is "$(printf '%s' "$out" | jq -r .status)" running "state: created and its exec fifo gone (start removed it): running"
rm -rf "$ROOT/started1"
run_husk --root "$ROOT" state made1
is "$(printf '%s' "$out" | jq -r .status)" created "state: created"
run_husk --root "$ROOT" state dead1
is "$(printf '%s' "$out" | jq -r .status)/$(printf '%s' "$out" | jq -r .pid)" stopped/0 "state: dead pid is stopped, pid 0"
run_husk --root "$ROOT" state reused
is "$(printf '%s' "$out" | jq -r .status)" stopped "state: recycled pid (start time differs) is stopped"
run_husk --root "$ROOT" state paused1
is "$(printf '%s' "$out" | jq -r .status)" running "state: \"paused\" in a state file is not trusted, the freezer says (it has no cgroup: running)"
expect_fail "state: unknown id" 'container does not exist: "nosuch"' --root "$ROOT" state nosuch
expect_fail "state: bad id" 'invalid container ID format: "../x"' --root "$ROOT" state ../x
expect_fail "state: missing root" 'container does not exist: "x"' --root "$T/none" state x
mkdir -p "$ROOT/broken"; echo '{"id":' >"$ROOT/broken/state.json"
expect_fail "state: corrupt state.json is named" 'state of container "broken": state.json: line 1' --root "$ROOT" state broken
rm -rf "$ROOT/broken"

# list
touch "$ROOT/not-a-dir"; mkdir -p "$ROOT/no-state" "$ROOT/bad id"
run_husk --root "$ROOT" list -q
is "$out" "$(printf 'dead1\nmade1\npaused1\nreused\nrun1')" "list -q: sorted ids, junk skipped"
run_husk --root "$ROOT" list
# runc's tabwriter: each column as wide as its widest cell plus 3, at least 12.
# Widest BUNDLE is /bundles/paused1 (16), CREATED 30.
is "$(printf '%s\n' "$out" | head -1)" "$(printf '%-12s%-12s%-12s%-19s%-33s%s' ID PID STATUS BUNDLE CREATED OWNER)" "list: runc's header"
is "$(printf '%s\n' "$out" | grep '^run1 ')" "$(printf '%-12s%-12s%-12s%-19s%-33s%s' run1 "$LIVE" running /bundles/run1 2026-11-22T10:00:00.000000001Z root)" "list: a row"
like "$(printf '%s\n' "$out" | grep '^dead1 ')" '^dead1 +0 +stopped ' "list: stopped row has pid 0"
run_husk --root "$ROOT" list --format json
is "$(printf '%s' "$out" | jq -r 'map(.id + "=" + .status) | join(" ")')" "dead1=stopped made1=created paused1=running reused=stopped run1=running" "list json"
is "$(printf '%s' "$out" | jq -r '.[4].annotations["org.example"]')" x "list json: annotations"
run_husk --root "$T/empty" list --format json
is "$out" "[]" "list json of no containers: []"
run_husk --root "$T/empty" list
is "$out" "ID          PID         STATUS      BUNDLE      CREATED     OWNER" "list of no containers: header only"
expect_fail "list: bad format" 'list: --format: unknown format "yaml", expected table or json' --root "$ROOT" list --format yaml
rm -rf "$ROOT/not-a-dir" "$ROOT/no-state" "$ROOT/bad id"

# delete
run_husk --root "$ROOT" delete dead1
is "$rc" 0 "delete a stopped container"
ok "delete removes its directory" test ! -e "$ROOT/dead1"
expect_fail "delete: running without --force" 'cannot delete container run1 that is not stopped: running (stop it first or use --force)' --root "$ROOT" delete run1
ok "refused delete leaves the container" test -f "$ROOT/run1/state.json"
expect_fail "delete: unknown" 'container does not exist: "nosuch"' --root "$ROOT" delete nosuch
run_husk --root "$ROOT" delete --force nosuch
is "$rc/$err" "0/" "delete --force of an unknown id succeeds silently"
run_husk --root "$T/none" delete -f nosuch
is "$rc" 0 "delete --force with no state directory succeeds"
expect_fail "delete: bad id even with --force" 'invalid container ID format: "a/b"' --root "$ROOT" delete -f a/b
mkdir -p "$ROOT/halfmade"
run_husk --root "$ROOT" delete halfmade
is "$rc" 0 "delete a directory left by a create that died before writing state"
ok "its directory is gone" test ! -e "$ROOT/halfmade"
for id in reused made1 paused1 run1; do
  kill -0 "$LIVE"
done
run_husk --root "$ROOT" delete reused
is "$rc" 0 "delete a container whose pid was recycled (not killing the new owner)"
ok "the process that reused the pid is untouched" kill -0 "$LIVE"
rm -rf "${ROOT:?}"/*
no_residue "nothing left under --root"

done_testing
