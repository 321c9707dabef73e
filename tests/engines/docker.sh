#!/bin/bash
# Docker 20.10 (dockerd --add-runtime, its own containerd and runc shim)
# running husk, and runc the same way: run --rm, -it, -d + exec + top +
# pause/unpause + update --memory + stop + kill + rm, --read-only,
# --cap-drop ALL, --security-opt no-new-privileges, --pids-limit.
# dockerd is started here with a private data root, exec root, pid file and
# socket, no iptables and no bridge, and stopped by its PID.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"
. "$TOP_SRCDIR/tests/engines/lib.sh"

DOCKER=/usr/bin/docker
command -v dockerd >/dev/null && [ -x "$DOCKER" ] || skip_all "Docker is not installed (apt-get install docker.io)"
need_root_rootfs "engine tests"
engine_image

# A short path: dockerd's containerd puts sockets below the exec root.
D=$(mktemp -d /tmp/hd.XXXXXX)
SOCK="$D/docker.sock"
echo '{}' >"$D/daemon.json"
had_docker_cgroup=$(ls -d /sys/fs/cgroup/*/docker 2>/dev/null | wc -l)
ADD=(--add-runtime "husk=$HUSK")
[ -n "$RUNC" ] && ADD+=(--add-runtime "runcx=$RUNC")
dockerd --config-file "$D/daemon.json" --data-root "$D/data" --exec-root "$D/exec" --pidfile "$D/docker.pid" \
  -H "unix://$SOCK" --iptables=false --ip6tables=false --bridge=none --ip-masq=false "${ADD[@]}" \
  >"$D/dockerd.log" 2>&1 &
DPID=$!
touch "$T/.started"
Dk () { "$DOCKER" -H "unix://$SOCK" "$@"; }
cleanup_docker () {
  Dk rm -f $(Dk ps -aq 2>/dev/null) >/dev/null 2>&1
  kill_started "$DPID"
  umount_below "$D"
  rm -rf "$D"
  [ "$had_docker_cgroup" = 0 ] && find /sys/fs/cgroup -maxdepth 3 -depth -type d -path "*/docker*" -exec rmdir {} \; 2>/dev/null
}
at_exit cleanup_docker
for _ in $(seq 150); do Dk version >/dev/null 2>&1 && break; sleep 0.2; done
if ! Dk version >/dev/null 2>&1; then
  fail "dockerd started" "$(tail -5 "$D/dockerd.log")"; done_testing; exit 1
fi
Dk load -i "$T/image.tar" >/dev/null 2>"$D/load.err"
is "$?" 0 "docker load of the test image"
IMG=localhost/husk-test:latest

for rt in husk runc; do
  case $rt in husk) RT=husk ;; runc) RT=runcx; [ -n "$RUNC" ] || { skip "runc is not installed"; continue; } ;; esac
  R=(--runtime "$RT" --network none)
  is "$(Dk run --rm "${R[@]}" "$IMG" echo hi 2>&1)" hi "[$rt] docker run --rm"
  out=$(script -qec "$DOCKER -H unix://$SOCK run -it --rm --runtime $RT --network none $IMG sh -c tty" /dev/null 2>&1 | tr -d '\r')
  like "$out" "/dev/pts/[0-9]" "[$rt] docker run -it: a pty"
  # As a non-root user the pty is the user's, and /dev/console is the pty.
  out=$(script -qec "$DOCKER -H unix://$SOCK run -it --rm -u 1000 --runtime $RT --network none $IMG sh -c 'stat -c \"%u %t:%T\" \$(tty) /dev/console'" /dev/null 2>&1 | tr -d '\r' | sed 's/^\^@//')
  dev=$(printf '%s\n' "$out" | sed -n '1s/^[0-9]* //p')
  is "$(printf '%s\n' "$out" | head -2 | tr '\n' ' ')" "1000 $dev 1000 $dev " "[$rt] docker run -it -u 1000: the user's pty, also at /dev/console"

  Dk run -d --name "d-$rt" "${R[@]}" "$IMG" sleep 300 >/dev/null 2>"$D/run.err"
  # On failure the got: line carries Docker's message (with the runtime's in it).
  is "$(Dk inspect --format '{{.State.Status}}' "d-$rt" 2>&1)$(cat "$D/run.err")" running "[$rt] docker run -d"
  is "$(Dk exec "d-$rt" echo exec-ok 2>&1)" exec-ok "[$rt] docker exec"
  like "$(Dk top "d-$rt" 2>&1)" "sleep 300" "[$rt] docker top (runtime ps --format json)"
  Dk pause "d-$rt" >/dev/null 2>&1
  is "$(Dk inspect --format '{{.State.Status}}' "d-$rt" 2>&1)" paused "[$rt] docker pause"
  Dk unpause "d-$rt" >/dev/null 2>&1
  is "$(Dk inspect --format '{{.State.Status}}' "d-$rt" 2>&1)" running "[$rt] docker unpause"
  Dk update --memory 128m --memory-swap 256m --pids-limit 77 "d-$rt" >/dev/null 2>"$D/update.err"
  out=$(Dk exec "d-$rt" sh -c 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes; cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max' 2>&1)
  is "$(printf '%s\n' "$out" | tr '\n' ' ')$(cat "$D/update.err")" "134217728 77 " "[$rt] docker update --memory --pids-limit (runtime update --resources -)"
  Dk stop -t 1 "d-$rt" >/dev/null 2>&1
  is "$(Dk inspect --format '{{.State.Status}}' "d-$rt" 2>&1)" exited "[$rt] docker stop"
  Dk rm "d-$rt" >/dev/null 2>&1

  Dk run -d --name "k-$rt" "${R[@]}" "$IMG" sleep 300 >/dev/null 2>&1
  Dk kill "k-$rt" >/dev/null 2>&1
  for _ in $(seq 50); do [ "$(Dk inspect --format '{{.State.Status}}' "k-$rt" 2>&1)" = exited ] && break; sleep 0.1; done
  is "$(Dk inspect --format '{{.State.Status}} {{.State.ExitCode}}' "k-$rt" 2>&1)" "exited 137" "[$rt] docker kill"
  Dk rm -f "k-$rt" >/dev/null 2>&1

  like "$(Dk run --rm "${R[@]}" --read-only "$IMG" sh -c 'touch /x' 2>&1)" "Read-only file system" "[$rt] --read-only"
  like "$(Dk run --rm "${R[@]}" --cap-drop ALL "$IMG" grep CapEff /proc/self/status 2>&1)" "CapEff:.0000000000000000" "[$rt] --cap-drop ALL"
  like "$(Dk run --rm "${R[@]}" --security-opt no-new-privileges "$IMG" grep NoNewPrivs /proc/self/status 2>&1)" "NoNewPrivs:.1" "[$rt] --security-opt no-new-privileges"
  out=$(Dk run --rm "${R[@]}" --pids-limit 50 "$IMG" sh -c 'cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max' 2>&1)
  is "$out" 50 "[$rt] --pids-limit"
  Dk run --rm "${R[@]}" "$IMG" /nonexistent >/dev/null 2>&1
  is "$?" 127 "[$rt] a missing command exits 127"
  # Devices at the paths the runtime provides by default replace them.
  out=$(Dk run --rm "${R[@]}" --device /dev/full "$IMG" sh -c 'stat -c %t:%T /dev/full; { echo x >/dev/full; } 2>/dev/null || echo full' 2>&1)
  is "$(printf '%s\n' "$out" | tr '\n' ' ')" "1:7 full " "[$rt] docker run --device /dev/full"
  # (--privileged itself asks for CAP_SYS_RESOURCE, which root lacks on
  # this host: runc fails it too.  It sends these nodes among the rest.)
  out=$(Dk run --rm "${R[@]}" --device /dev/null --device /dev/zero --device /dev/tty "$IMG" sh -c 'stat -c %t:%T /dev/null /dev/zero /dev/tty; echo x >/dev/null && echo ok' 2>&1)
  is "$(printf '%s\n' "$out" | tr '\n' ' ')" "1:3 1:5 5:0 ok " "[$rt] docker run --device for /dev/null, /dev/zero, /dev/tty (as --privileged sends them)"
done
is "$(Dk ps -aq | wc -l)" 0 "no container left in Docker"

done_testing
