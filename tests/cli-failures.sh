#!/bin/bash
# Every failure reaches the command that caused it.  What can fail before
# the container is released (user and groups, capabilities, rlimits, the
# seccomp filter without noNewPrivileges) fails create, with no residue;
# what can only fail after start (startContainer hooks, the filter with
# noNewPrivileges, execve) fails start with the init's message and leaves
# the container stopped.  exec the same, through the same pipeline, exit 255.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"

need_root_rootfs "failure tests"
# The mapped root of a user namespace must reach the rootfs (as with runc).
chmod 755 "$T"
B="$T/b"
H () { "$HUSK" --root "$ROOT" "$@"; }
host_mounts () { grep -c "$T/" /proc/self/mountinfo; }
mounts_before=$(host_mounts)
no_mounts () { is "$(host_mounts)" "$mounts_before" "$1"; }
ARCHES='"architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]'

# create_fails DESC WANT: create fails naming WANT; nothing is left.
create_fails () {
  track_container cf
  expect_fail "create fails: $1" "$2" --root "$ROOT" create --bundle "$B" cf
  no_residue "create fails: $1: no state left"
  no_mounts "create fails: $1: no mount left"
}
# start_fails DESC WANT: create succeeds, start fails with the init's
# message, the container is then stopped and deletes to nothing.
start_fails () {
  track_container sf
  run_husk --root "$ROOT" create --bundle "$B" sf
  is "$rc:$err" "0:" "$1: create succeeds"
  expect_fail "start fails: $1" "start \"sf\": the container process failed: $2" --root "$ROOT" start sf
  is "$(H state sf 2>&1 | jq -r .status)" stopped "start fails: $1: the container is stopped"
  H delete sf >/dev/null 2>&1
  no_residue "start fails: $1: delete leaves nothing"
}

# Capabilities the host cannot grant (root here lacks CAP_SYS_RESOURCE).
make_bundle "$B" /bin/true
if ! capsh --has-p=cap_sys_resource 2>/dev/null; then
  edit_config "$B" '.process.capabilities.bounding += ["CAP_SYS_RESOURCE"] | .process.capabilities.permitted += ["CAP_SYS_RESOURCE"] | .process.capabilities.effective += ["CAP_SYS_RESOURCE"]'
  create_fails "capabilities the host cannot grant" 'process.capabilities: set the effective, permitted and inheritable sets: Operation not permitted'
else
  skip "this host can grant CAP_SYS_RESOURCE: no capability it cannot grant"
fi

# A user the user namespace does not map.
make_bundle "$B" /bin/true
edit_config "$B" '.linux.namespaces += [{"type": "user"}] | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 1000}] | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 1000}] | .process.user = {"uid": 5000, "gid": 0}'
create_fails "a user the user namespace does not map" 'process.user.uid: setresuid 5000: Invalid argument'

# An rlimit above the hard limit (root lacks CAP_SYS_RESOURCE here).
make_bundle "$B" /bin/true
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && ! capsh --has-p=cap_sys_resource 2>/dev/null; then
  edit_config "$B" ".process.rlimits = [{\"type\": \"RLIMIT_NOFILE\", \"hard\": $((hard + 1)), \"soft\": $((hard + 1))}]"
  create_fails "an rlimit above the hard limit" 'process.rlimits'
else
  skip "no rlimit above the hard limit can be refused here"
fi

# A filter without noNewPrivileges that makes capset fail: it goes in
# before the capabilities are set, so create fails.
make_bundle "$B" /bin/true
edit_config "$B" ".process.noNewPrivileges = false | .linux.seccomp = {\"defaultAction\": \"SCMP_ACT_ALLOW\", $ARCHES, \"syscalls\": [{\"names\": [\"capset\"], \"action\": \"SCMP_ACT_ERRNO\"}]}"
create_fails "a filter without noNewPrivileges that denies capset" 'with linux.seccomp loaded (without process.noNewPrivileges the filter must allow capset and prctl)'

# A filter with noNewPrivileges goes in just before execve: one that denies
# execve fails start.
make_bundle "$B" /bin/true
edit_config "$B" ".process.noNewPrivileges = true | .linux.seccomp = {\"defaultAction\": \"SCMP_ACT_ALLOW\", $ARCHES, \"syscalls\": [{\"names\": [\"execve\", \"execveat\"], \"action\": \"SCMP_ACT_ERRNO\"}]}"
start_fails "a filter with noNewPrivileges that denies execve" 'exec: "/bin/true": operation not permitted'

# A failing startContainer hook.
make_bundle "$B" /bin/true
edit_config "$B" '.hooks = {"startContainer": [{"path": "/bin/sh", "args": ["sh", "-c", "exit 3"]}]}'
start_fails "a failing startContainer hook" 'hooks.startContainer[0]: "/bin/sh" exited with status 3'

# A program that is not executable (create finds it), and one execve
# refuses (ENOEXEC: start).
cp -a "$T/rootfs" "$T/rootfs2"
ln -sfn "$T/rootfs2" "$B/rootfs"
printf 'not a program\n' >"$T/rootfs2/bin/noexec"; chmod 644 "$T/rootfs2/bin/noexec"
printf '\177ELF garbage\n' >"$T/rootfs2/bin/badelf"; chmod 755 "$T/rootfs2/bin/badelf"
edit_config "$B" 'del(.hooks) | .process.args = ["/bin/noexec"]'
create_fails "a program that is not executable" 'exec: "/bin/noexec": permission denied'
edit_config "$B" '.process.args = ["/bin/badelf"]'
start_fails "a program execve refuses (ENOEXEC)" 'exec: "/bin/badelf": exec format error'

# run reports the same, and its status is non-zero.
run_husk --root "$ROOT" run --bundle "$B" rf
is "$rc" 1 "run of a program execve refuses: exit 1"
like "$err" 'start "rf": the container process failed: exec: "/bin/badelf": exec format error' "run: the init's message"
no_residue "run: nothing left"

# exec: the same pipeline, every failure is exec's, exit 255.
make_bundle "$B" /bin/helper sleep 3600
ln -sfn "$T/rootfs2" "$B/rootfs"
track_container ex
H run -d --bundle "$B" ex >/dev/null 2>&1
exec_fails () { # DESC WANT ARGS...
  local desc=$1 want=$2; shift 2
  run_husk --root "$ROOT" exec "$@"
  if [ "$rc" = 255 ] && printf '%s' "$err" | grep -Fq -- "$want"; then pass "exec fails: $desc"; else fail "exec fails: $desc" "exit $rc" "$err" "want 255 and: $want"; fi
}
exec_fails "a program execve refuses (ENOEXEC)" 'exec: "/bin/badelf": exec format error' ex /bin/badelf
exec_fails "a program that is not executable" 'exec: "/bin/noexec": permission denied' ex /bin/noexec
if ! capsh --has-p=cap_sys_resource 2>/dev/null; then
  exec_fails "a capability the host cannot grant" 'Operation not permitted' --cap CAP_SYS_RESOURCE ex /bin/true
else
  skip "this host can grant CAP_SYS_RESOURCE"
fi
is "$(H state ex | jq -r .status)" running "exec failures leave the container running"
H delete --force ex >/dev/null 2>&1
no_residue "exec failures: nothing left"

done_testing
