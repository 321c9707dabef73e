#!/bin/bash
# Rootless: husk run by an ordinary user (nobody, through setpriv) with the
# config of `husk spec --rootless` (a user namespace mapping that user to
# root), and as root of a user namespace of that user (unshare -r, the way
# rootless podman runs its runtime) with husk's default config.  Neither
# may make cgroups on this host: husk goes without one when nothing is asked
# of it (an empty or all-default linux.resources, device rules included) and
# names the limit when one is.  --rootless and the default --root follow
# runc's rules; ps, kill --all and delete work without a cgroup.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"

need_root_rootfs "rootless tests (they switch to nobody)"
command -v setpriv >/dev/null || skip_all "setpriv (util-linux) is not installed"
[ "$(cat /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null || echo 1)" = 1 ] || skip_all "unprivileged user namespaces are disabled"
U=65534
# A directory nobody can use: its own bundle, rootfs and state.
R="$T/rootless"
mkdir -p "$R/b" "$R/run"
cp -a "$T/rootfs" "$R/b/rootfs"
chown -R $U:$U "$R"
chmod 755 "$T"
AS () { setpriv --reuid=$U --regid=$U --clear-groups env HOME="$R" XDG_RUNTIME_DIR="$R/run" USER=nobody "$@"; }
HR () { AS "$HUSK" --root "$R/state" "$@"; }
# Root of a user namespace that maps only nobody (rootless podman's case:
# uid 0 with every capability, over nothing of the host's).  One namespace
# for the whole file, held by a process of ours and joined by each command,
# as podman's pause process holds its own: a container's processes are
# reachable only from the namespace that made it.
command -v unshare >/dev/null && command -v nsenter >/dev/null || skip_all "unshare and nsenter (util-linux) are not installed"
# (Not through AS: $! must be the process itself, not a subshell.)
setpriv --reuid=$U --regid=$U --clear-groups unshare --user --map-root-user sleep infinity </dev/null >/dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do
  [ "$(awk '{print $1 $2 $3}' /proc/$holder/uid_map 2>/dev/null)" = "0${U}1" ] && break
  sleep 0.05
done
[ "$(awk '{print $1 $2 $3}' /proc/$holder/uid_map 2>/dev/null)" = "0${U}1" ] || skip_all "nobody cannot make a user namespace here (unshare --user --map-root-user)"
USERNS () { AS nsenter --user --preserve-credentials --target "$holder" "$@"; }
HU () { USERNS "$HUSK" --root "$R/state" "$@"; }
cleanup_rootless () {
  local id
  for id in rl2 rl6; do HR delete --force $id >/dev/null 2>&1; HU delete --force $id >/dev/null 2>&1; done
  kill "$holder" 2>/dev/null
  wait "$holder" 2>/dev/null
}
at_exit cleanup_rootless
config () { AS sh -c "jq '$1' '$R/b/config.json' >'$R/b/c' && mv '$R/b/c' '$R/b/config.json'"; }
debug_line () { "$@" --debug list 2>&1 >/dev/null | sed -n 's/.*msg="state directory \(.*\)"$/root \1/p'; }

# ---- the default --root and --rootless auto, by runc's rules ----
is "$(debug_line AS "$HUSK")" "root $R/run/husk, rootless true" "not root: \$XDG_RUNTIME_DIR/husk, rootless"
is "$(stat -c %a "$R/run/husk" 2>&1)" 1700 "the state directory in \$XDG_RUNTIME_DIR is sticky (not cleaned away)"
is "$(debug_line AS env -u XDG_RUNTIME_DIR "$HUSK")" "root /run/user/$U/husk, rootless true" "not root, no \$XDG_RUNTIME_DIR: /run/user/UID/husk"
is "$(debug_line USERNS "$HUSK")" "root $R/run/husk, rootless true" "root of a user namespace: \$XDG_RUNTIME_DIR/husk, rootless"
is "$(debug_line USERNS env USER=root "$HUSK")" "root /run/husk, rootless true" "root of a user namespace with USER=root: /run/husk (runc's rule)"
is "$(debug_line env XDG_RUNTIME_DIR=/run/user/0 "$HUSK")" "root /run/husk, rootless false" "the host's root: /run/husk even with \$XDG_RUNTIME_DIR, not rootless"
is "$(debug_line "$HUSK" --rootless true)" "root /run/husk, rootless true" "--rootless true is honoured as root"
is "$(debug_line AS "$HUSK" --rootless false)" "root $R/run/husk, rootless false" "--rootless false is honoured when not root"

# ---- an ordinary user with a user namespace of the container's own ----
(cd "$R/b" && AS "$HUSK" spec --rootless)
config '.process.terminal = false | .process.args = ["/bin/sh", "-c", "id -u; cat /proc/self/uid_map"]'
out=$(HR run --bundle "$R/b" rl1 2>&1)
is "$(printf '%s\n' "$out" | head -1)" 0 "rootless run: root inside"
like "$(printf '%s\n' "$out" | sed -n 2p)" "^ +0 +$U +1$" "rootless run: mapped to the calling user"
# A bind from below a 0700 directory of the user's own: the container's
# root is that user, it finds the source itself (husk has no privilege to
# open it for it, nor needs any).
mkdir -p "$R/own/vol" "$R/b/rootfs/mnt/vol"
echo own >"$R/own/vol/f"
chown -R $U:$U "$R/own" "$R/b/rootfs/mnt/vol"
chmod 700 "$R/own"
config ".process.args = [\"cat\", \"/mnt/vol/f\"] | .mounts += [{\"destination\": \"/mnt/vol\", \"type\": \"bind\", \"source\": \"$R/own/vol\", \"options\": [\"rbind\", \"ro\"]}]"
out=$(HR run --bundle "$R/b" rl1b 2>&1)
is "$out" own "rootless run: a bind from below the user's own 0700 directory"
config 'del(.mounts[-1])'

config '.process.args = ["/bin/sleep", "3600"]'
HR create --bundle "$R/b" rl2 2>"$T/rl2.err"
track_container rl2
is "$(HR state rl2 | jq -r .status)$(cat "$T/rl2.err")" created "rootless create"
is "$(jq -c .cgroupPaths "$R/state/rl2/state.json")" "{}" "rootless: no cgroup is made"
HR start rl2
is "$(HR state rl2 | jq -r .status)" running "rootless start"
# exec joins the container's user namespace before its pid namespace (an
# ordinary user has no say over the pid namespace from outside).
out=$(HR exec rl2 /bin/sh -c 'id -u; tr "\\0" " " </proc/1/cmdline' 2>&1)
is "$out" "$(printf '0\n/bin/sleep 3600 ')" "rootless exec: root in the container, in its pid namespace"
is "$(HR ps --format json rl2 2>&1)" "[$(HR state rl2 | jq .pid)]" "rootless ps: the processes of its pid namespace, without a cgroup"
HR delete --force rl2
is "$(ls "$R/state")" "" "rootless delete leaves nothing"

config '.process.args = ["/bin/true"] | .linux.resources = {}'
out=$(HR run --bundle "$R/b" rl3 2>&1)
is "$?$out" 0 "rootless: an empty linux.resources asks for nothing (podman's)"
config '.linux.resources = {"memory": {"limit": -1, "swap": -1}, "pids": {"limit": -1}, "cpu": {"shares": 0, "quota": -1, "period": 100000}, "blockIO": {}, "hugepageLimits": [], "devices": [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"}]}'
out=$(HR run --bundle "$R/b" rl4 2>&1)
is "$?$out" 0 "rootless: defaults (unlimited, zero shares) and device rules ask for nothing"
config '.linux.resources = {"pids": {"limit": 10}}'
out=$(HR run --bundle "$R/b" rl5 2>&1)
like "$out" '^husk: create "rl5": linux.resources.pids.limit: a limit, but rootless husk may not make the cgroup to set it in: cgroup: create ".*/rl5": Permission denied$' "rootless with a limit: the error names it and why"
config '.linux.resources = {"memory": {"limit": 67108864}}'
out=$(HR run --bundle "$R/b" rl5 2>&1)
like "$out" 'linux.resources.memory.limit: a limit, but rootless' "rootless with a memory limit: named too"
config '.linux.resources = {} | .linux.cgroupsPath = "/husk-rootless-test"'
if ls -d /sys/fs/cgroup/husk-rootless-test /sys/fs/cgroup/*/husk-rootless-test >/dev/null 2>&1; then
  skip "a cgroup /husk-rootless-test exists here"
else
  out=$(HR run --bundle "$R/b" rl5 2>&1)
  like "$out" 'linux.cgroupsPath "/husk-rootless-test": rootless husk may not make or join it: cgroup: create .*Permission denied' "rootless with linux.cgroupsPath: an error (asked for a cgroup)"
fi
config 'del(.linux.cgroupsPath)'
out=$(HR --rootless false run --bundle "$R/b" rl5 2>&1)
like "$out" '^husk: create "rl5": cgroup: create ".*/rl5": Permission denied$' "--rootless false: a cgroup that cannot be made is an error"
is "$(ls "$R/state")" "" "and no residue"

# ---- root of a user namespace (rootless podman's case), default config ----
rm -f "$R/b/config.json"
(cd "$R/b" && AS "$HUSK" spec)
# A devpts gid=5 is not mapped in a namespace that maps only root.
config '.process.terminal = false | .process.args = ["/bin/sh", "-c", "id -u; cat /proc/self/uid_map"] | .mounts |= map(if .type == "devpts" then .options |= map(select(startswith("gid=") | not)) else . end)'
is "$(jq -c .linux.resources "$R/b/config.json")" '{"devices":[{"allow":false,"access":"rwm"}]}' "the default config has a device rule and no limit"
out=$(HU run --bundle "$R/b" rl6 2>&1)
like "$(printf '%s\n' "$out" | tr '\n' ' ')" "^0 +0 +$U +1 $" "in a user namespace: run with the default config, no cgroup"
config '.process.args = ["/bin/sh", "-c", "sleep 3600 & exec sleep 3601"]'
HU create --bundle "$R/b" rl6 2>"$T/rl6.err"
track_container rl6
HU start rl6
is "$(HU state rl6 | jq -r .status)$(cat "$T/rl6.err")" running "in a user namespace: create and start"
is "$(jq -c .cgroupPaths "$R/state/rl6/state.json")" "{}" "in a user namespace: no cgroup is made"
n=0
for _ in $(seq 50); do n=$(HU ps --format json rl6 2>/dev/null | jq length); [ "$n" = 2 ] && break; sleep 0.1; done
is "$n" 2 "in a user namespace: ps lists both processes (by pid namespace)"
out=$(HU exec rl6 /bin/sh -c 'id -u' 2>&1)
is "$out" 0 "in a user namespace: exec"
out=$(HU pause rl6 2>&1)
like "$out" 'container "rl6" has no cgroup' "pause without a cgroup: a clear error"
HU kill --all rl6 KILL
st=
for _ in $(seq 100); do st=$(HU state rl6 | jq -r .status); [ "$st" = stopped ] && break; sleep 0.1; done
is "$st" stopped "in a user namespace: kill --all reaches the processes"
HU delete rl6
is "$(ls "$R/state")" "" "in a user namespace: delete leaves nothing"
config '.process.args = ["/bin/true"] | .linux.resources.pids = {"limit": 10}'
out=$(HU run --bundle "$R/b" rl7 2>&1)
like "$out" 'linux.resources.pids.limit: a limit, but rootless husk may not make the cgroup' "in a user namespace with a limit: the error names it"
out=$(HU --rootless false run --bundle "$R/b" rl8 2>&1)
like "$out" 'cgroup: create ".*/rl8": Permission denied' "in a user namespace with --rootless false: the cgroup error"
is "$(ls "$R/state")" "" "and no residue"

# ---- a user namespace of the container's own inside root's of several ids ----
# Rootless podman with --userns=auto: husk runs as root of a user namespace
# mapping nobody and a range of subordinate ids (0 -> nobody, 1.. ->
# 200000..), and the container's namespace maps its root to id 1 there, a
# host uid that may not search a 0700 directory of nobody's.  husk, root of
# the outer namespace, has the privilege over the inner one to open the
# bind sources for it.
setpriv --reuid=$U --regid=$U --clear-groups unshare --user sleep 600 </dev/null >/dev/null 2>&1 &
holder2=$!
at_exit "kill $holder2 2>/dev/null; wait $holder2 2>/dev/null"
for _ in $(seq 100); do
  [ "$(readlink /proc/$holder2/ns/user)" != "$(readlink /proc/self/ns/user)" ] && break
  sleep 0.05
done
# Each map in one write(2), as the kernel wants; root writes them (a range
# of other ids needs privilege over the parent namespace).
for f in uid_map gid_map; do
  python3 -c 'import os, sys; fd = os.open(sys.argv[1], os.O_WRONLY); os.write(fd, b"0 65534 1\n1 200000 65536\n")' "/proc/$holder2/$f" 2>/dev/null
done
if [ "$(awk '{print $1 $2 $3}' /proc/$holder2/uid_map 2>/dev/null | tr '\n' ' ')" != "0${U}1 120000065536 " ]; then
  skip "a user namespace of several ids cannot be made here"
else
  HU2 () { AS nsenter --user --preserve-credentials --target "$holder2" "$HUSK" --root "$R/state" "$@"; }
  mkdir -p "$R/b2" "$R/p2/vol"
  cp -a "$T/rootfs" "$R/b2/rootfs"
  mkdir -p "$R/b2/rootfs/mnt/vol"
  echo nested >"$R/p2/vol/f"
  chown -R $U:$U "$R/b2" "$R/p2"
  chmod 700 "$R/p2"
  (cd "$R/b2" && AS "$HUSK" spec)
  AS sh -c "jq '.process.terminal = false | .process.args = [\"sh\", \"-c\", \"cat /proc/self/uid_map; cat /mnt/vol/f\"]
    | .linux.namespaces += [{\"type\": \"user\"}] | .linux.uidMappings = [{\"containerID\": 0, \"hostID\": 1, \"size\": 65536}]
    | .linux.gidMappings = [{\"containerID\": 0, \"hostID\": 1, \"size\": 65536}]
    | .mounts += [{\"destination\": \"/mnt/vol\", \"type\": \"bind\", \"source\": \"$R/p2/vol\", \"options\": [\"rbind\"]}]' '$R/b2/config.json' >'$R/b2/c' && mv '$R/b2/c' '$R/b2/config.json'"
  out=$(HU2 run --bundle "$R/b2" rl9 2>&1)
  like "$(printf '%s\n' "$out" | tr -s ' \n' '  ')" "^ 0 1 65536 nested $" "root of a user namespace of several ids: a bind from below its 0700 directory, for a container root of its id 1"
  is "$(ls "$R/state")" "" "and no residue"
fi

done_testing
