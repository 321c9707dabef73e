#!/bin/bash
# No fd of the runtime reaches the container, even where close_range(2)
# fails: husk runs in a seccomp sandbox that answers EPERM to close_range,
# with host directories open on extra fds (the CVE-2024-21626 building
# block: a host directory as the container's cwd, or its lock held by the
# container's init so that husk deadlocks on it).
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"

need_root_rootfs "fd leak tests"
DENY="$TOP_BUILDDIR/tests/seccomp-deny"
H () { timeout 20 "$HUSK" --root "$ROOT" "$@"; }
SH () { timeout 20 "$DENY" close_range 1 "$HUSK" --root "$ROOT" "$@"; }
"$DENY" close_range 1 sh -c 'exec 9</; ls /proc/self/fd >/dev/null' || skip_all "cannot run under a seccomp filter here"

B="$T/b"
mkdir -p "$ROOT"
make_bundle "$B" /bin/helper fds
# fds 7 and 8: the host's root and the state root, as a leak would hold them.
out=$(SH run --bundle "$B" fd-f1 7</ 8<"$ROOT" 2>&1 </dev/null)
rc=$?
is "$rc" 0 "run under a sandbox that refuses close_range"
is "$(printf '%s\n' "$out" | grep -c '^fd ')" 3 "the container sees stdio only: $(printf '%s' "$out" | tr '\n' ' ')"
no_residue "and nothing is left"

# exec: the same for a process added to a running container.
make_bundle "$B" /bin/helper sleep 3600
track_container fd-f2
H run --detach --bundle "$B" fd-f2 >/dev/null 2>&1
out=$(SH exec fd-f2 /bin/helper fds 7</ 8<"$ROOT" 2>&1 </dev/null)
is "$?" 0 "exec under the same sandbox"
is "$(printf '%s\n' "$out" | grep -c '^fd ')" 3 "the exec'd process sees stdio only: $(printf '%s' "$out" | tr '\n' ' ')"
# The container's init holds no lock of husk's: delete --force does not wait.
ok "delete --force is not blocked by the container" H delete --force fd-f2
no_residue "delete leaves nothing"

# A create in the sandbox, with the state directory's lock: start and
# delete must not deadlock on a lock the init inherited.
make_bundle "$B" /bin/helper sleep 3600
track_container fd-f3
SH create --bundle "$B" fd-f3 7</ >/dev/null 2>&1 </dev/null
ok "start after a sandboxed create" H start fd-f3
ok "delete --force after a sandboxed create" H delete --force fd-f3
no_residue "nothing is left of it"
done_testing
