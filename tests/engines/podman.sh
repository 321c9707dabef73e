#!/bin/bash
# podman 4.3 (rootful, cgroupfs manager, conmon) running husk, and runc the
# same way: run --rm, -d + exec + stop + rm, -it and exec -it (conmon's
# console socket), pause/unpause, kill -s, limits read back from inside,
# top, stats, exit codes 127 and 126, the default seccomp profile and
# capabilities in force, and husk's own error text shown by podman (which
# reads husk's --log-format=json file as one JSON object).  Storage, run
# and tmp dirs are private; CONTAINERS_CONF is a private containers.conf.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"
. "$TOP_SRCDIR/tests/engines/lib.sh"

for t in podman conmon; do
  command -v $t >/dev/null || skip_all "podman is not installed (apt-get install podman): no $t"
done
need_root_rootfs "engine tests"
engine_image

D="$T/podman"
mkdir -p "$D/tmp"
# Root here lacks CAP_SYS_RESOURCE: podman's default rlimits are too high.
cat >"$D/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$D/events.log"
runtime_supports_json = ["crun", "runc", "kata", "runsc", "krun", "husk"]
[engine.runtimes]
husk = ["$HUSK"]
CONF
export CONTAINERS_CONF="$D/containers.conf"
P () { podman --root "$D/storage" --runroot "$D/run" --tmpdir "$D/tmp" "$@"; }
# podman makes /libpod_parent (and libpod_parent/conmon) in every hierarchy:
# ours to remove when it was not there before.
had_libpod_parent=$(ls -d /sys/fs/cgroup/*/libpod_parent 2>/dev/null | wc -l)
cleanup_podman () {
  P rm -f -a -t 0 >/dev/null 2>&1
  P system reset -f >/dev/null 2>&1
  umount_below "$D"
  if [ "$had_libpod_parent" = 0 ]; then
    find /sys/fs/cgroup -mindepth 2 -maxdepth 6 -depth -type d -path "*/libpod_parent*" -exec rmdir {} \; 2>/dev/null
  else
    find /sys/fs/cgroup -depth -type d -path "*/libpod_parent/libpod-*" -newer "$T/.started" -exec rmdir {} \; 2>/dev/null
  fi
}
touch "$T/.started"
at_exit cleanup_podman
P load -i "$T/image.tar" >"$D/load.out" 2>&1
is "$?" 0 "podman load of the test image"
IMG=localhost/husk-test:latest

for rt in husk runc; do
  case $rt in husk) RT=husk ;; runc) RT=${RUNC:-} ;; esac
  [ -n "$RT" ] || { skip "runc is not installed"; continue; }
  R=(--runtime "$RT" --network none)
  is "$(P run --rm "${R[@]}" "$IMG" echo hi 2>&1)" hi "[$rt] podman run --rm"
  P run -d --name "d-$rt" "${R[@]}" "$IMG" sleep 300 >/dev/null 2>"$D/run.err"
  # On failure the got: line carries podman's message (with husk's in it).
  is "$(P inspect --format '{{.State.Status}}' "d-$rt" 2>&1)$(cat "$D/run.err")" running "[$rt] podman run -d"
  is "$(P exec "d-$rt" echo exec-ok 2>&1)" exec-ok "[$rt] podman exec"
  like "$(P top "d-$rt" 2>&1)" "sleep 300" "[$rt] podman top"
  like "$(P stats --no-stream --format '{{.Name}}' "d-$rt" 2>&1)" "d-$rt" "[$rt] podman stats"
  P pause "d-$rt" >/dev/null 2>&1
  is "$(P inspect --format '{{.State.Status}}' "d-$rt" 2>&1)" paused "[$rt] podman pause"
  P unpause "d-$rt" >/dev/null 2>&1
  is "$(P inspect --format '{{.State.Status}}' "d-$rt" 2>&1)" running "[$rt] podman unpause"
  out=$(script -qec "podman --root '$D/storage' --runroot '$D/run' --tmpdir '$D/tmp' exec -it d-$rt sh -c 'tty'" /dev/null 2>&1 | tr -d '\r')
  like "$out" "/dev/pts/[0-9]" "[$rt] podman exec -it: a pty"
  P stop -t 1 "d-$rt" >/dev/null 2>&1
  is "$(P inspect --format '{{.State.Status}}' "d-$rt" 2>&1)" exited "[$rt] podman stop"
  P rm "d-$rt" >/dev/null 2>&1
  is "$(P ps -a -q --filter name="d-$rt" | wc -l)" 0 "[$rt] podman rm"

  # podman's attach to a short-lived -it container can miss its output when
  # the machine is busy (seen with runc too): one retry.
  for _ in 1 2; do
    out=$(script -qec "podman --root '$D/storage' --runroot '$D/run' --tmpdir '$D/tmp' run -it --rm --runtime $RT --network none $IMG sh -c 'tty; sleep 0.2'" /dev/null 2>&1 | tr -d '\r')
    case $out in */dev/pts/*) break ;; esac
  done
  like "$out" "/dev/pts/[0-9]" "[$rt] podman run -it: a pty from conmon's console socket"
  for _ in 1 2; do
    out=$(script -qec "podman --root '$D/storage' --runroot '$D/run' --tmpdir '$D/tmp' run -it --rm -u 1000 --runtime $RT --network none $IMG sh -c 'stat -c \"%u %t:%T\" \$(tty) /dev/console; sleep 0.2'" /dev/null 2>&1 | tr -d '\r' | sed 's/^\^@//')
    case $out in 1000*) break ;; esac
  done
  dev=$(printf '%s\n' "$out" | sed -n '1s/^[0-9]* //p')
  is "$(printf '%s\n' "$out" | head -2 | tr '\n' ' ')" "1000 $dev 1000 $dev " "[$rt] podman run -it -u 1000: the user's pty, also at /dev/console"

  P run -d --name "k-$rt" "${R[@]}" "$IMG" sh -c 'trap "echo got-usr1" USR1; while :; do sleep 0.1; done' >/dev/null 2>&1
  # Until the trap is set the signal may be lost: send it again until the
  # output shows it (bounded).
  for _ in $(seq 100); do
    P kill -s USR1 "k-$rt" >/dev/null 2>&1
    P logs "k-$rt" 2>&1 | grep -q got-usr1 && break
    sleep 0.1
  done
  like "$(P logs "k-$rt" 2>&1)" got-usr1 "[$rt] podman kill -s USR1 reaches the process"
  P rm -f -t 0 "k-$rt" >/dev/null 2>&1

  out=$(P run --rm "${R[@]}" --memory 64m --pids-limit 50 --cpus 0.5 "$IMG" sh -c '
    cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes
    cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max
    cat /sys/fs/cgroup/cpu.max 2>/dev/null || cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us' 2>&1)
  is "$(printf '%s\n' "$out" | tr '\n' ' ')" "67108864 50 50000 " "[$rt] --memory, --pids-limit and --cpus read back from inside"

  out=$(P run --rm "${R[@]}" "$IMG" sh -c 'grep -E "^(Seccomp|CapEff):" /proc/self/status' 2>&1)
  like "$out" "Seccomp:.2" "[$rt] podman's default seccomp profile is in force"
  like "$out" "CapEff:.00000000a80425fb|CapEff:.00000000800405fb" "[$rt] podman's default capabilities, not all"

  # Devices at the paths the runtime provides by default replace them;
  # podman's fileMode carries the file-type bits.
  out=$(P run --rm "${R[@]}" --device /dev/full "$IMG" sh -c 'stat -c "%t:%T %a" /dev/full' 2>&1)
  is "$out" "1:7 666" "[$rt] podman run --device /dev/full"
  out=$(P run --rm "${R[@]}" --privileged "$IMG" sh -c 'stat -c %t:%T /dev/null /dev/full; echo x >/dev/null && echo ok' 2>&1)
  is "$(printf '%s\n' "$out" | tr '\n' ' ')" "1:3 1:7 ok " "[$rt] podman run --privileged"

  P run --rm "${R[@]}" "$IMG" /nonexistent >"$D/missing.out" 2>&1
  is "$?" 127 "[$rt] a missing command exits 127"
  P run --rm "${R[@]}" "$IMG" /etc/passwd >"$D/perm.out" 2>&1
  is "$?" 126 "[$rt] a command that cannot be executed exits 126"
  if [ "$rt" = husk ]; then
    like "$(cat "$D/missing.out")" 'exec: \\?"/nonexistent\\?": stat /nonexistent: no such file or directory' "[husk] podman shows husk's own error text (from its JSON log)"
  fi
done
is "$(P ps -a -q | wc -l)" 0 "no container left in podman"

done_testing
