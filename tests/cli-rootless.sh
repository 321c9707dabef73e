#!/bin/bash
# Rootless: husk run by an ordinary user (nobody, through setpriv) with the
# config of `husk spec --rootless`: a user namespace mapping that user to
# root, no cgroups; resources are refused with a clear message.
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
AS () { setpriv --reuid=$U --regid=$U --clear-groups env HOME="$R" XDG_RUNTIME_DIR="$R/run" "$@"; }
HR () { AS "$HUSK" --root "$R/state" "$@"; }
cleanup_rootless () { HR delete --force rl2 >/dev/null 2>&1; }
at_exit cleanup_rootless

(cd "$R/b" && AS "$HUSK" spec --rootless)
AS sh -c "jq '.process.terminal = false | .process.args = [\"/bin/sh\", \"-c\", \"id -u; cat /proc/self/uid_map\"]' '$R/b/config.json' >'$R/b/c' && mv '$R/b/c' '$R/b/config.json'"
out=$(HR run --bundle "$R/b" rl1 2>&1)
is "$(printf '%s\n' "$out" | head -1)" 0 "rootless run: root inside"
like "$(printf '%s\n' "$out" | sed -n 2p)" "^ +0 +$U +1$" "rootless run: mapped to the calling user"

AS sh -c "jq '.process.args = [\"/bin/sleep\", \"30\"]' '$R/b/config.json' >'$R/b/c' && mv '$R/b/c' '$R/b/config.json'"
HR create --bundle "$R/b" rl2 2>"$T/rl2.err"
is "$(HR state rl2 | jq -r .status)$(cat "$T/rl2.err")" created "rootless create"
is "$(jq -c .cgroupPaths "$R/state/rl2/state.json")" "{}" "rootless: no cgroup is made"
HR start rl2
is "$(HR state rl2 | jq -r .status)" running "rootless start"
# exec joins the container's user namespace before its pid namespace (an
# ordinary user has no say over the pid namespace from outside).
out=$(HR exec rl2 /bin/sh -c 'id -u; tr "\\0" " " </proc/1/cmdline' 2>&1)
is "$out" "$(printf '0\n/bin/sleep 30 ')" "rootless exec: root in the container, in its pid namespace"
HR delete --force rl2
is "$(ls "$R/state")" "" "rootless delete leaves nothing"

AS sh -c "jq '.linux.resources = {\"pids\": {\"limit\": 10}}' '$R/b/config.json' >'$R/b/c' && mv '$R/b/c' '$R/b/config.json'"
out=$(HR run --bundle "$R/b" rl3 2>&1)
like "$out" 'linux.resources: husk does not manage cgroups when rootless yet' "rootless with resources: a clear error"
is "$(ls "$R/state")" "" "and no residue"

done_testing
