#!/bin/bash
# State that never contradicts the kernel, and nothing left behind.
#
# A state directory (--root) on a full tmpfs, then on a read-only one: every
# command completes or changes nothing (pause does not write the state: the
# freezer is the truth; start removes the exec fifo before it releases the
# process, and writes no state), kill and delete --force work, create fails
# with no residue.
# Then create killed with SIGKILL at random moments: delete --force leaves
# no state directory, no cgroup and no process.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"

need_root_rootfs "state robustness tests"
S="$T/small"
mkdir -p "$S"
mount -t tmpfs -o size=512k,mode=700 tmpfs "$S" || skip_all "cannot mount a tmpfs"
at_exit "umount -l '$S' 2>/dev/null"
ROOT="$S/root"
H () { timeout 30 "$HUSK" --root "$ROOT" "$@"; }
status () { H state "$1" 2>/dev/null | jq -r .status; }
wait_status () { for _ in $(seq 100); do [ "$(status "$1")" = "$2" ] && return 0; sleep 0.05; done; return 1; }
cgroups_of () { find /sys/fs/cgroup -maxdepth 5 -type d -name "$1" 2>/dev/null | head -3; }
B="$T/b"
make_bundle "$B" /bin/helper sleep 3600
# Before the unmount above (at_exit runs in reverse order).
at_exit "mount -o remount,rw '$S' 2>/dev/null; for id in rs-run rs-made rs-new rs-new2; do timeout 30 '$HUSK' --root '$ROOT' delete --force \$id >/dev/null 2>&1; done"
H run --detach --bundle "$B" rs-run >/dev/null 2>&1
H create --bundle "$B" rs-made >/dev/null 2>&1
is "$(status rs-run)/$(status rs-made)" "running/created" "two containers before the state directory fills up"
fill () { dd if=/dev/zero of="$S/fill" bs=4k >/dev/null 2>&1; sync; }
fill

# Full.
ok "full: pause" H pause rs-run
is "$(status rs-run)" paused "full: the state says paused (the freezer does)"
ok "full: resume" H resume rs-run
is "$(status rs-run)" running "full: running again"
ok "full: start (it writes nothing, it removes the exec fifo)" H start rs-made
is "$(status rs-made)" running "full: running"
make_bundle "$T/b2" /bin/true
run_husk --root "$ROOT" create --bundle "$T/b2" rs-new
like "$rc $err" "^1 .*No space left on device" "full: create fails saying why"
is "$(ls "$ROOT" | grep -c rs-new)/$(cgroups_of rs-new)" 0/ "full: no state directory and no cgroup of it"
ok "full: exec" H exec rs-run /bin/true
rm -f "$S/fill"
H create --bundle "$B" rs-new >/dev/null 2>&1

# Read-only.
mount -o remount,ro "$S"
run_husk --root "$ROOT" start rs-new
like "$rc $err" "^1 .*remove the exec fifo: Read-only file system" "read-only: start fails saying why"
is "$(status rs-new)" created "read-only: and the container is still created, its program not started"
ok "read-only: pause" H pause rs-run
is "$(status rs-run)" paused "read-only: paused"
ok "read-only: kill KILL of the paused container" H kill rs-run KILL
ok "read-only: it stops" wait_status rs-run stopped
run_husk --root "$ROOT" create --bundle "$T/b2" rs-new2
like "$rc $err" "^1 .*Read-only file system" "read-only: create fails saying why"
pid=$(jq -r .pid "$ROOT/rs-made/state.json")
run_husk --root "$ROOT" delete --force rs-made
like "$rc $err" "^1 .*Read-only file system" "read-only: delete --force reports that it cannot remove the state"
ok "read-only: but the container's process is gone" sh -c "! kill -0 $pid 2>/dev/null || [ \"\$(awk '{print \$3}' /proc/$pid/stat)\" = Z ]"
is "$(cgroups_of rs-made)" "" "read-only: and so is its cgroup"
mount -o remount,rw "$S"
ok "writable again: delete" H delete --force rs-made
ok "writable again: start the one that could not" H start rs-new
is "$(status rs-new)" running "writable again: it runs"
ok "writable again: delete it" H delete --force rs-new
ok "writable again: delete the stopped one" H delete rs-run
is "$(ls "$ROOT" | grep -v '^@')" "" "nothing left in the state directory"

# SIGKILL during create, at random moments, then delete --force.
ROOT="$T/root"
bad=""
kills=0
make_bundle "$T/b3" /bin/helper sleep 3600
cp -a "$T/b3" "$T/b4"
edit_config "$T/b4" '.linux.namespaces += [{"type": "user"}] | .linux.uidMappings = [{"containerID": 0, "hostID": 0, "size": 65536}] | .linux.gidMappings = [{"containerID": 0, "hostID": 0, "size": 65536}]'
for i in $(seq "${HUSK_TEST_KILLS:-120}"); do
  id="rs-k$i"
  b="$T/b3"
  [ $((i % 3)) = 0 ] && b="$T/b4"
  "$HUSK" --root "$ROOT" create --bundle "$b" "$id" >/dev/null 2>&1 &
  cpid=$!
  sleep "$(printf '0.%06d' $((RANDOM % 12000)))"
  kill -9 "$cpid" 2>/dev/null && kills=$((kills + 1))
  wait "$cpid" 2>/dev/null
  timeout 30 "$HUSK" --root "$ROOT" delete --force "$id" >/dev/null 2>"$T/del.err" || bad="$bad $id:delete($(cat "$T/del.err"))"
  [ -e "$ROOT/$id" ] && bad="$bad $id:state"
  [ -n "$(cgroups_of "$id")" ] && bad="$bad $id:cgroup"
  # A process still around for this id: its command line names the id.
  for p in $(pgrep -f -- "--root $ROOT create --bundle $b $id\$"); do
    bad="$bad $id:process"
    kill -9 "$p" 2>/dev/null
  done
done
is "$bad" "" "SIGKILL of create at random moments ($kills killed), then delete --force: nothing left"
make_bundle "$T/b5" /bin/true
run_husk --root "$ROOT" run --bundle "$T/b5" rs-k1
is "$rc$err" 0 "an id whose create was killed can be used again"
done_testing
