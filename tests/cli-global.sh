#!/bin/bash
# The command line: global flags in every form callers use, help for every
# command, version, usage errors, and the --log contract.
. "$TOP_SRCDIR/tests/lib.sh"

COMMANDS="checkpoint create delete events exec features kill list pause ps restore resume run spec start state update"

# A hand-made container so that flag forms can be checked by their effect.
mkdir -p "$ROOT/c1"
echo '{"id":"c1","pid":0,"bundle":"/b","phase":"created"}' >"$ROOT/c1/state.json"

run_husk --version
like "$out" '^husk version [0-9]+\.[0-9]+\.[0-9]+' "--version: husk version"
like "$out" $'\nspec: 1\\.3\\.0\n' "--version: spec version"
like "$out" $'\ncommit: ' "--version: commit"
like "$out" 'libseccomp: [0-9.]+' "--version: libseccomp"
like "$out" 'libcap: [0-9.]+' "--version: libcap"
like "$out" 'yajl: [0-9.]+' "--version: yajl"
run_husk -v
like "$out" '^husk version' "-v is --version"

run_husk --help
is "$rc" 0 "--help exits 0"
for c in $COMMANDS; do
  like "$out" "  $c " "--help lists $c"
done
run_husk
is "$rc" 1 "no command: exit 1"
like "$err" 'no command given' "no command: says so"

for c in $COMMANDS; do
  run_husk "$c" --help
  if [ "$rc" = 0 ] && printf '%s' "$out" | grep -q "^Usage: husk $c"; then pass "husk $c --help"; else fail "husk $c --help" "rc=$rc" "$out$err"; fi
  run_husk "$c" -h
  is "$rc" 0 "husk $c -h"
done

expect_fail "unknown command" 'unknown command "frobnicate"' frobnicate
expect_fail "unknown global flag is named" 'unknown global flag --frob' --frob list
expect_fail "unknown command flag is named" 'list: unknown flag --frob' list --frob
expect_fail "unknown short flag is named" 'list: unknown flag -z' list -z
expect_fail "missing value is named" 'flag --root needs a value' --root
expect_fail "command flag missing value" 'list: flag --format needs a value' list --format
expect_fail "bad --log-format" '--log-format: unknown format "xml", expected text or json' --log-format xml list
expect_fail "bad --rootless" '--rootless: unknown value "maybe", expected true, false or auto' --rootless maybe list
expect_fail "empty --root" '--root must not be empty' --root "" list

# --root in every form reaches the command.
for form in "--root $ROOT" "--root=$ROOT" "-root $ROOT" "-root=$ROOT"; do
  # shellcheck disable=SC2086
  run_husk $form list -q
  is "$out" "c1" "global flag form: $form"
done
for flags in "--log-format=json" "--log-format json" "-log-format json" "--debug" "--systemd-cgroup" \
             "--rootless true" "--rootless=false" "--rootless auto" "--rootless=1" "--rootless=F" "--rootless=AUTO" \
             "--rootless=" "--criu /usr/sbin/criu"; do
  # shellcheck disable=SC2086
  run_husk --root "$ROOT" $flags list -q
  if [ "$rc" = 0 ] && [ "$out" = c1 ]; then pass "accepted: $flags"; else fail "accepted: $flags" "rc=$rc" "$err"; fi
done
# Command flags in every form, including go-runc's single dash.
for form in "--format json" "--format=json" "-format json" "-format=json" "-f json"; do
  # shellcheck disable=SC2086
  run_husk --root "$ROOT" list $form
  like "$out" '^\[\{"ociVersion"' "command flag form: $form"
done
mkdir -p "$T/b"
for flags in "-no-pivot" "-pid-file=$T/p" "-pid-file $T/p" "--no-new-keyring" "-preserve-fds 2" "-console-socket $T/s"; do
  # shellcheck disable=SC2086
  run_husk --root "$ROOT" create -bundle "$T/b" $flags c9
  like "$err" "open \"$T/b/config.json\": No such file or directory" "create accepts $flags (then reads the bundle)"
done
run_husk --root "$ROOT" run -no-subreaper -d -bundle "$T/b" c9
like "$err" "open \"$T/b/config.json\"" "run accepts -no-subreaper and -d"
expect_fail "bad --preserve-fds" 'create: --preserve-fds: expected a number of fds, got "x"' create --preserve-fds x c9
err=$(echo '{"pids": {"limit": 5}}' | "$HUSK" --root "$ROOT" update --resources=- -memory 1000 c1 2>&1)
like "$err" 'container not running: "c1" is stopped' "update accepts --resources=- and -memory (then looks the container up)"
run_husk --root "$ROOT" exec -t -e A=1 --env=B=2 -u 0:0 --cwd / c1 sh -c 'echo hi'
like "$err" 'open "/b/config.json"' "exec stops its flags at the container id (then loads the container's config)"
run_husk --root "$ROOT" exec c1 ls -l
like "$err" 'open "/b/config.json"' "exec keeps the program's own flags"
run_husk --root "$ROOT" kill c1 KILL
like "$err" 'container not running: "c1" is stopped' "kill accepts a signal name"
run_husk --root "$ROOT" kill --all c1 9
is "$rc:$err" "0:" "kill accepts --all and a number (a stopped container without a cgroup: nothing to signal)"
# Options after the operands, as runc's command line takes them (it
# reorders them); after "--" everything is an operand; exec and ps stop at
# the id (what follows is another command line).
expect_fail "update ID --memory: options after the id" 'container does not exist: "nosuch"' --root "$ROOT" update nosuch --memory 64m
expect_fail "kill ID SIGNAL --all" 'container does not exist: "nosuch"' --root "$ROOT" kill nosuch KILL --all
run_husk --root "$ROOT" delete nosuch --force
is "$rc:$err" "0:" "delete ID --force: an unknown id with --force is no error"
expect_fail "an unknown flag after the id is still refused" 'state: unknown flag --bogus' --root "$ROOT" state c1 --bogus
expect_fail "after -- a dash is an operand" 'container does not exist: "-x"' --root "$ROOT" state -- -x
run_husk --root "$ROOT" ps c1 -ef
case $err in *"unknown flag"*) fail "ps ID ARGS: what follows the id is ps's, not husk's flags" "$err" ;; *) pass "ps ID ARGS: what follows the id is ps's, not husk's flags" ;; esac
expect_fail "kill: bad signal" 'kill: unknown signal "SIGFOO"' --root "$ROOT" kill c1 SIGFOO
expect_fail "start of unknown container" 'container does not exist: "nosuch"' --root "$ROOT" start nosuch
expect_fail "too many arguments" 'state: too many arguments' --root "$ROOT" state c1 c2
expect_fail "missing id" 'state: missing the container ID' --root "$ROOT" state
expect_fail "ps: bad format" 'ps: --format: unknown format "xml"' --root "$ROOT" ps --format xml c1
expect_fail "events: bad interval" 'events: --interval: invalid duration "soon"' --root "$ROOT" events --interval soon c1
expect_fail "restore: not planned" 'restore: not implemented yet' --root "$ROOT" restore c1

# The log contract.
LOG="$T/log.json"
run_husk --root "$ROOT" --log "$LOG" --log-format json state nosuch
is "$rc" 1 "json log: failing command exits 1"
is "$err" 'husk: container does not exist: "nosuch"' "json log: error also on stderr"
is "$(wc -l <"$LOG")" 1 "json log: exactly one line"
if jq -e . "$LOG" >/dev/null 2>&1; then pass "json log: the file is one JSON object"; else fail "json log: the file is one JSON object" "$(cat "$LOG")"; fi
is "$(jq -r .level "$LOG")" error "json log: level error"
is "$(jq -r .msg "$LOG")" 'container does not exist: "nosuch"' "json log: msg is the error"
like "$(jq -r .time "$LOG")" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$' "json log: RFC 3339 time"
is "$(jq -r 'keys|join(",")' "$LOG")" "level,msg,time" "json log: exactly level, msg, time"
run_husk --root "$ROOT" --log-format=json --log="$LOG" state nosuch2
is "$(wc -l <"$LOG")" 2 "json log: appended, one record per command"
is "$(tail -1 "$LOG" | jq -r .msg)" 'container does not exist: "nosuch2"' "json log: --flag=value forms"
rm -f "$LOG"
run_husk --root "$ROOT" --log "$LOG" --log-format json list -q
is "$(cat "$LOG")" "" "json log: a successful command writes nothing"
TLOG="$T/log.txt"
run_husk --root "$ROOT" --log "$TLOG" state 'bad"id'
like "$(cat "$TLOG")" '^time="[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z" level=error msg=' "text log: logrus line"
is "$(sed 's/^time="[^"]*" //' "$TLOG")" 'level=error msg="invalid container ID format: \"bad\\\"id\": only letters, digits, \"_\", \"+\", \"-\" and \".\" are allowed"' "text log: quotes escaped as Go's %q"
run_husk --root "$ROOT" --log "$TLOG" --debug list -q
like "$(tail -1 "$TLOG")" 'level=debug msg="husk [0-9.]+: command list"' "--debug writes a debug record"
run_husk --root "$ROOT" --log "/nonexistent/dir/log" list
is "$rc" 1 "unwritable --log fails"
like "$err" '--log: open "/nonexistent/dir/log": No such file or directory' "unwritable --log is named"

done_testing
