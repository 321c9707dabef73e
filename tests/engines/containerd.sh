#!/bin/bash
# containerd 1.6 (ctr and its runc shim, containerd-shim-runc-v2) running
# husk unchanged (--runc-binary), and runc the same way for comparison:
# run --rm, -d + task exec + ps + pause/resume + kill + delete, -t, kill -a,
# a missing program's error surfacing from husk's log.json, Kubernetes'
# Bidirectional and HostToContainer volumes.  containerd is
# started here with a private config, root, state and socket, and stopped by
# its PID.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"
. "$TOP_SRCDIR/tests/engines/lib.sh"

for t in containerd ctr containerd-shim-runc-v2; do
  command -v $t >/dev/null || skip_all "containerd is not installed (apt-get install containerd): no $t"
done
need_root_rootfs "engine tests"
engine_image

D="$T/containerd"
mkdir -p "$D"
NS="husktest$$"
SOCK="$D/containerd.sock"
cat >"$D/config.toml" <<TOML
version = 2
root = "$D/root"
state = "$D/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$D/containerd.sock.ttrpc"
TOML
containerd --config "$D/config.toml" >"$D/containerd.log" 2>&1 &
CPID=$!
cleanup_containerd () {
  C () { ctr -a "$SOCK" -n "$NS" "$@"; }
  for t in $(C task ls -q 2>/dev/null); do C task kill -a -s SIGKILL "$t" >/dev/null 2>&1; C task delete -f "$t" >/dev/null 2>&1; done
  for c in $(C container ls -q 2>/dev/null); do C container delete "$c" >/dev/null 2>&1; done
  kill_started "$CPID"
  umount_below "$D"
  rm -rf "/run/containerd/runc/$NS"
  find /sys/fs/cgroup -depth -type d -path "*/$NS*" -exec rmdir {} \; 2>/dev/null
}
at_exit cleanup_containerd
for _ in $(seq 100); do [ -S "$SOCK" ] && break; sleep 0.1; done
C () { ctr -a "$SOCK" -n "$NS" "$@"; }
if ! C version >/dev/null 2>&1; then
  fail "containerd started" "$(tail -5 "$D/containerd.log")"; done_testing; exit 1
fi
C image import "$T/image.tar" >/dev/null 2>"$D/import.err"
is "$?" 0 "ctr image import of the test image"
IMG=localhost/husk-test:latest
touch "$T/.started"

for rt in husk runc; do
  case $rt in husk) BIN=$HUSK ;; runc) BIN=$RUNC ;; esac
  [ -n "$BIN" ] || { skip "runc is not installed"; continue; }
  R=(--runtime io.containerd.runc.v2 --runc-binary "$BIN")
  out=$(C run --rm "${R[@]}" "$IMG" "r-$rt" echo hi 2>&1)
  is "$out" hi "[$rt] ctr run --rm: the output"
  out=$(C run --rm "${R[@]}" "$IMG" "x-$rt" sh -c 'exit 3' 2>&1; echo "status=$?")
  like "$out" "status=3" "[$rt] ctr run --rm: the exit status"

  C run -d "${R[@]}" "$IMG" "d-$rt" sleep 300 >/dev/null 2>"$D/run.err"
  # On failure the got: line carries ctr's message (with the runtime's from log.json).
  is "$(C task ls 2>/dev/null | awk -v id="d-$rt" '$1 == id {print $3}')$(cat "$D/run.err")" RUNNING "[$rt] ctr run -d: the task runs"
  out=$(C task exec --exec-id e1 "d-$rt" sh -c 'echo exec-ok' 2>&1)
  is "$out" exec-ok "[$rt] ctr task exec"
  pid=$(C task ls 2>/dev/null | awk -v id="d-$rt" '$1 == id {print $2}')
  like "$(C task ps "d-$rt" 2>&1)" "(^|[^0-9])$pid([^0-9]|$)" "[$rt] ctr task ps (runtime ps --format json) lists the init pid"
  C task pause "d-$rt" 2>"$D/pause.err"
  is "$(C task ls 2>/dev/null | awk -v id="d-$rt" '$1 == id {print $3}')" PAUSED "[$rt] ctr task pause"
  C task resume "d-$rt" 2>"$D/resume.err"
  is "$(C task ls 2>/dev/null | awk -v id="d-$rt" '$1 == id {print $3}')" RUNNING "[$rt] ctr task resume"
  C task exec --exec-id e2 "d-$rt" sh -c 'sleep 300 & sleep 300' >/dev/null 2>&1 &
  execpid=$!
  # Until both sleeps of the exec run (the init, sh, two sleeps).
  for _ in $(seq 100); do [ "$(C task ps "d-$rt" 2>/dev/null | tail -n +2 | wc -l)" -ge 3 ] && break; sleep 0.1; done
  C task kill -a -s SIGKILL "d-$rt" 2>"$D/kill.err"
  for _ in $(seq 50); do [ "$(C task ls 2>/dev/null | awk -v id="d-$rt" '$1 == id {print $3}')" = STOPPED ] && break; sleep 0.1; done
  is "$(C task ls 2>/dev/null | awk -v id="d-$rt" '$1 == id {print $3}')" STOPPED "[$rt] ctr task kill -a -s SIGKILL"
  wait "$execpid" 2>/dev/null
  C task delete "d-$rt" >/dev/null 2>&1
  C container delete "d-$rt" >/dev/null 2>&1
  is "$(C container ls -q 2>/dev/null | grep -c "^d-$rt$")" 0 "[$rt] task and container deleted"
  is "$(ls "/run/containerd/runc/$NS" 2>/dev/null | grep -c "^d-$rt$")" 0 "[$rt] no runtime state left"

  # The CRI pattern: a pod's container joins the sandbox's pid namespace by
  # path and its process exits, leaving a child behind.  The shim then
  # sends kill --all SIGKILL to the stopped container (and CRI does again
  # before delete); runc succeeds, so the task reads STOPPED, what was left
  # in its cgroup is killed, and delete works.
  C run -d "${R[@]}" "$IMG" "s-$rt" sleep 300 >/dev/null 2>&1
  spid=$(C task ls 2>/dev/null | awk -v id="s-$rt" '$1 == id {print $2}')
  C run -d --with-ns "pid:/proc/$spid/ns/pid" "${R[@]}" "$IMG" "p-$rt" sh -c 'sleep 300 & exit 3' >/dev/null 2>"$D/p.err"
  st () { C task ls 2>/dev/null | awk -v id="$1" '$1 == id {print $3}'; }
  for _ in $(seq 100); do [ "$(st "p-$rt")" = STOPPED ] && break; sleep 0.1; done
  is "$(st "p-$rt")$(cat "$D/p.err")" STOPPED "[$rt] CRI pattern: a container in the sandbox's pid namespace is STOPPED once its process exits"
  procs=$(ls -d /sys/fs/cgroup/pids/"$NS/p-$rt"/cgroup.procs /sys/fs/cgroup/"$NS/p-$rt"/cgroup.procs 2>/dev/null | head -1)
  for _ in $(seq 100); do [ -z "$(cat "$procs" 2>/dev/null)" ] && break; sleep 0.1; done
  is "${procs:+found}:$(cat "$procs" 2>/dev/null)" "found:" "[$rt] CRI pattern: the child it left in its cgroup is killed (kill --all after exit)"
  C task kill -a -s SIGKILL "p-$rt" >/dev/null 2>"$D/pk.err"
  is "$?:$(cat "$D/pk.err")" "0:" "[$rt] CRI pattern: kill --all SIGKILL of the stopped task succeeds"
  out=$(C task delete "p-$rt" 2>&1)
  like "$?:$out" '^0:.*exit with non-zero exit code 3"?$' "[$rt] CRI pattern: task delete works and reports exit status 3"
  C container delete "p-$rt" >/dev/null 2>&1
  C task kill -s SIGKILL "s-$rt" >/dev/null 2>&1
  for _ in $(seq 100); do [ "$(st "s-$rt")" = STOPPED ] && break; sleep 0.1; done
  C task delete "s-$rt" >/dev/null 2>&1
  C container delete "s-$rt" >/dev/null 2>&1

  out=$(script -qec "ctr -a '$SOCK' -n '$NS' run --rm -t ${R[*]} $IMG t-$rt sh -c 'tty; exit 0'" /dev/null 2>&1 | tr -d '\r')
  like "$out" "/dev/pts/[0-9]" "[$rt] ctr run -t: a pty from the console socket"

  out=$(C run --rm "${R[@]}" "$IMG" "m-$rt" /nonexistent 2>&1)
  like "$out" 'exec: \\?"/nonexistent\\?": stat /nonexistent: no such file or directory' "[$rt] a missing program: the runtime's error surfaces through log.json"
  C container delete "m-$rt" >/dev/null 2>&1

  # Kubernetes' volume propagation as containerd's CRI writes it, from a
  # shared host directory: Bidirectional is rbind + rshared under
  # rootfsPropagation rshared, HostToContainer rbind + rslave under rslave.
  # Propagation is done when mount(2) returns: no waiting.  CAP_SYS_ADMIN
  # rather than --privileged, which also lists the host's devices.
  HS="$D/hs-$rt"
  mkdir -p "$HS" && mount -t tmpfs hs "$HS" && mount --make-shared "$HS" && mkdir -p "$HS/h1" "$HS/c1"
  inside () { C task exec --exec-id "q$1" "$1" sh -c "grep -c ' $2 ' /proc/self/mountinfo" 2>&1; }
  on_host () { grep -c " $1 " /proc/self/mountinfo; }
  for mode in rshared rslave; do
    C run -d --cap-add CAP_SYS_ADMIN --rootfs-propagation "$mode" --mount "type=bind,src=$HS,dst=/v,options=rbind:$mode" \
      "${R[@]}" "$IMG" "v-$rt" sleep 300 >/dev/null 2>"$D/v.err"
    C task exec --exec-id m "v-$rt" mount -t tmpfs c /v/c1 2>>"$D/v.err"
    mount -t tmpfs h "$HS/h1"
    case $mode in rshared) want=1:1 what=Bidirectional ;; rslave) want=1:0 what=HostToContainer ;; esac
    is "$(inside "v-$rt" /v/h1):$(on_host "$HS/c1")$(cat "$D/v.err")" "$want" \
      "[$rt] $what (rootfsPropagation $mode, a $mode volume): host mount inside:container mount on the host"
    C task kill -s SIGKILL "v-$rt" >/dev/null 2>&1
    for _ in $(seq 100); do [ "$(C task ls 2>/dev/null | awk -v id="v-$rt" '$1 == id {print $3}')" = STOPPED ] && break; sleep 0.1; done
    C task delete "v-$rt" >/dev/null 2>&1
    C container delete "v-$rt" >/dev/null 2>&1
    umount_below "$HS/h1"; umount_below "$HS/c1"
  done
  umount_below "$HS"
done
is "$(C container ls -q 2>/dev/null)" "" "no container left in containerd"

done_testing
