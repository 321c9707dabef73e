#!/bin/bash
# Rootless podman 4.3 (an ordinary user, cgroupfs manager, conmon, a user
# namespace of its own from newuidmap/newgidmap and /etc/subuid ranges,
# --network none) running husk, and runc the same way: run --rm, run -d,
# exec, exec -it, top, kill -s, stop, rm, run -it, exit code 127.  podman
# runs the runtime as root of its user namespace, with its
# XDG_RUNTIME_DIR and no --root, and writes "resources": {}: husk must
# take $XDG_RUNTIME_DIR/husk for its state and do without a cgroup.
#
# The user is made for this file (useradd, which also gives it subordinate
# id ranges, or usermod when it does not) and removed at exit with its
# ranges (userdel), after its processes (podman's pause process, by the pid
# it writes) are gone.  Its HOME, XDG_RUNTIME_DIR, storage (vfs), run root
# and tmp dir are under $T; CONTAINERS_CONF is a private containers.conf.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"
. "$TOP_SRCDIR/tests/engines/lib.sh"

for t in podman conmon; do
  command -v $t >/dev/null || skip_all "podman is not installed (apt-get install podman): no $t"
done
for t in newuidmap newgidmap; do
  command -v $t >/dev/null || skip_all "rootless podman needs $t: apt-get install uidmap"
done
for t in setpriv useradd userdel usermod script; do
  command -v $t >/dev/null || skip_all "$t is not installed"
done
[ "$(cat /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null || echo 1)" = 1 ] || skip_all "unprivileged user namespaces are disabled"
[ "$(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo 1)" != 0 ] || skip_all "user.max_user_namespaces is 0"
need_root_rootfs "rootless podman tests (they make a user)"
engine_image

RU=husk-rl-$$
getent passwd "$RU" >/dev/null && skip_all "a user $RU exists already"
D="$T/rl"
mkdir -p "$D/home" "$D/xdg" "$D/tmp"
chmod 700 "$D/xdg"
chmod 755 "$T"
made_user=
cleanup_user () {
  [ -n "$made_user" ] || return 0
  "$D/podman" rm -f -a -t 0 >/dev/null 2>&1
  # podman's pause process holds its user namespace: ours to stop, by the
  # pid it wrote.  Whatever else runs as the user was started by this file.
  local f pids=()
  for f in "$D/tmp/pause.pid" "$D/xdg/libpod/tmp/pause.pid"; do [ -s "$f" ] && pids+=("$(cat "$f")"); done
  [ ${#pids[@]} -gt 0 ] && kill_started "${pids[@]}"
  for _ in $(seq 100); do [ -z "$(ps -o pid= -u "$RU" 2>/dev/null)" ] && break; sleep 0.1; done
  # shellcheck disable=SC2046
  [ -n "$(ps -o pid= -u "$RU" 2>/dev/null)" ] && kill_started $(ps -o pid= -u "$RU")
  userdel "$RU" 2>/dev/null || echo "# userdel $RU failed: remove the user by hand" >&2
  # userdel removes the subordinate ranges; a shadow that does not gets it done here.
  for f in /etc/subuid /etc/subgid; do grep -q "^$RU:" "$f" 2>/dev/null && sed -i "/^$RU:/d" "$f"; done
}
at_exit cleanup_user
useradd -M -d "$D/home" -s /usr/sbin/nologin -c "husk tests/engines/podman-rootless.sh" "$RU" || skip_all "useradd $RU failed"
made_user=1
# Subordinate ids: useradd gives a range when /etc/subuid exists; else one
# above every range there is.
if ! grep -q "^$RU:" /etc/subuid 2>/dev/null || ! grep -q "^$RU:" /etc/subgid 2>/dev/null; then
  start=$(cat /etc/subuid /etc/subgid 2>/dev/null | awk -F: 'BEGIN {m = 100000} $2 + $3 > m {m = $2 + $3} END {print m}')
  usermod --add-subuids "$start-$((start + 65535))" --add-subgids "$start-$((start + 65535))" "$RU" \
    || skip_all "usermod --add-subuids failed: $RU has no subordinate ids"
fi
RUID=$(id -u "$RU")
chown -R "$RU:" "$D"

# The runtimes as the user can run them: husk copied when the user cannot
# reach the build tree (a root-only home, say).
HUSK_RL=$HUSK
if ! setpriv --reuid="$RU" --regid="$RU" --init-groups test -x "$HUSK"; then
  mkdir -p "$T/bin" && cp "$HUSK" "$T/bin/husk" && chmod 755 "$T/bin" "$T/bin/husk"
  HUSK_RL=$T/bin/husk
fi
cat >"$D/containers.conf" <<CONF
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$D/events.log"
runtime_supports_json = ["crun", "runc", "kata", "runsc", "krun", "husk"]
[engine.runtimes]
husk = ["$HUSK_RL"]
CONF
# podman as the user, with a clean environment (no root's XDG_RUNTIME_DIR
# or HOME), as a file so that script(1) can run it for -it.
cat >"$D/podman" <<SH
#!/bin/sh
exec setpriv --reuid=$RU --regid=$RU --init-groups env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=$D/home USER=$RU LOGNAME=$RU XDG_RUNTIME_DIR=$D/xdg TMPDIR=$D/tmp CONTAINERS_CONF=$D/containers.conf \
  podman --root $D/storage --runroot $D/run --tmpdir $D/tmp --storage-driver vfs "\$@"
SH
chmod 755 "$D/podman"
P () { "$D/podman" "$@"; }

P load -i "$T/image.tar" >"$D/load.out" 2>&1
is "$?" 0 "podman load of the test image, as $RU"
is "$(P info --format '{{.Host.Security.Rootless}}' 2>&1)" true "podman runs rootless"
CGV=$(P info --format '{{.Host.CgroupsVersion}}' 2>/dev/null)
IMG=localhost/husk-test:latest

for rt in husk runc; do
  case $rt in husk) RT=husk ;; runc) RT=${RUNC:-} ;; esac
  [ -n "$RT" ] || { skip "runc is not installed"; continue; }
  R=(--runtime "$RT" --network none)
  is "$(P run --rm "${R[@]}" "$IMG" echo hi 2>&1)" hi "[$rt] rootless podman run --rm"
  out=$(P run --rm "${R[@]}" "$IMG" sh -c 'id -u; head -1 /proc/self/uid_map' 2>&1)
  like "$(printf '%s' "$out" | tr '\n' ' ')" "^0 +0 +$RUID +1$" "[$rt] root inside is $RU outside"

  P run -d --name "d-$rt" "${R[@]}" "$IMG" sleep 300 >/dev/null 2>"$D/run.err"
  is "$(P inspect --format '{{.State.Status}}' "d-$rt" 2>&1)$(cat "$D/run.err")" running "[$rt] rootless podman run -d"
  id=$(P inspect --format '{{.Id}}' "d-$rt" 2>/dev/null)
  is "$(jq -c .linux.resources "$(P inspect --format '{{.OCIConfigPath}}' "d-$rt" 2>/dev/null)" 2>&1)" "{}" \
    "[$rt] podman wrote \"resources\": {}"
  # The runtime's state under podman's XDG_RUNTIME_DIR (runc's rule),
  # not /run/husk.
  ok "[$rt] its state is in \$XDG_RUNTIME_DIR/$rt" test -f "$D/xdg/$rt/$id/state.json"
  # Rootless podman on cgroup v1 has no cgroup to give: husk must go on
  # without one (runc's state is its own format).
  if [ "$rt" = husk ] && [ "$CGV" = v1 ]; then
    is "$(jq -c .cgroupPaths "$D/xdg/$rt/$id/state.json" 2>&1)$(ls -d /sys/fs/cgroup/*/"$id" 2>/dev/null)" "{}" \
      "[husk] no cgroup (rootless on cgroup v1), none made"
  elif [ "$rt" = husk ]; then
    skip "[husk] the no-cgroup check is for cgroup v1 hosts (this one is $CGV)"
  fi
  is "$(P exec "d-$rt" echo exec-ok 2>&1)" exec-ok "[$rt] rootless podman exec"
  out=$(script -qec "$D/podman exec -it d-$rt sh -c tty" /dev/null 2>&1 | tr -d '\r')
  like "$out" "/dev/pts/[0-9]" "[$rt] rootless podman exec -it: a pty"
  like "$(P top "d-$rt" 2>&1)" "sleep 300" "[$rt] rootless podman top"
  P stop -t 1 "d-$rt" >/dev/null 2>&1
  is "$(P inspect --format '{{.State.Status}}' "d-$rt" 2>&1)" exited "[$rt] rootless podman stop"
  P rm "d-$rt" >/dev/null 2>&1
  is "$(P ps -a -q --filter name="d-$rt" | wc -l)" 0 "[$rt] rootless podman rm"
  ok "[$rt] rm leaves no state behind" test ! -e "$D/xdg/$rt/$id"

  P run -d --name "k-$rt" "${R[@]}" "$IMG" sh -c 'trap "echo got-usr1" USR1; echo ready; while :; do sleep 0.1; done' >/dev/null 2>&1
  for _ in $(seq 100); do P logs "k-$rt" 2>/dev/null | grep -q ready && break; sleep 0.1; done
  P kill -s USR1 "k-$rt" >/dev/null 2>&1
  for _ in $(seq 100); do P logs "k-$rt" 2>/dev/null | grep -q got-usr1 && break; sleep 0.1; done
  like "$(P logs "k-$rt" 2>&1)" got-usr1 "[$rt] rootless podman kill -s USR1 reaches the process"
  P rm -f -t 0 "k-$rt" >/dev/null 2>&1

  # podman's attach to a short-lived -it container can miss its output when
  # the machine is busy (seen with runc too): one retry.
  for _ in 1 2; do
    out=$(script -qec "$D/podman run -it --rm --runtime $RT --network none $IMG sh -c 'tty; sleep 0.2'" /dev/null 2>&1 | tr -d '\r')
    case $out in */dev/pts/*) break ;; esac
  done
  like "$out" "/dev/pts/[0-9]" "[$rt] rootless podman run -it: a pty from conmon's console socket"

  P run --rm "${R[@]}" "$IMG" /nonexistent >"$D/missing.out" 2>&1
  is "$?" 127 "[$rt] a missing command exits 127"
done
is "$(P ps -a -q | wc -l)" 0 "no container left in podman"

done_testing
