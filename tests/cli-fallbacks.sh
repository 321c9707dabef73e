#!/bin/bash
# husk in a sandbox without the newer syscalls, as Docker's default seccomp
# profile (ENOSYS for clone3) and valgrind make it: clone3, openat2 and
# close_range answer ENOSYS, each alone and all together, to husk and to
# everything it starts (tests/seccomp-deny), and create, start, exec, kill
# and delete still work, with the container as asked: its cgroup joined, its
# mounts made inside the rootfs, sysctl and oomScoreAdj written through
# /proc, no fd of husk's inherited.  The new mount API has no safe fallback:
# without it create fails naming the calls and the kernel that has them,
# leaving nothing behind.  On a host without a pure cgroup v2 hierarchy the
# clone3 parts run again in the v2 guest (tests/vm/), where the init is
# otherwise born in its cgroup with clone3(CLONE_INTO_CGROUP).
# tests/cli-lifecycle.sh passes whole in the same sandbox:
#   tests/seccomp-deny clone3,openat2,close_range 38 make check TESTS=tests/cli-lifecycle.sh
# It is not run from here: its container ids (and so cgroups) would meet
# those of the cli-lifecycle.sh that make check runs beside this file.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"

need_root_rootfs "fallback tests"
# Set in the v2 guest: only what differs with cgroup v2.
V2_ONLY=${FALLBACKS_V2_ONLY:-}
DENY="$TOP_BUILDDIR/tests/seccomp-deny"
ENOSYS=38
"$DENY" clone3 $ENOSYS true || skip_all "cannot run under a seccomp filter here"
# S CALLS ARGS...: husk in a sandbox answering ENOSYS to CALLS.
S () { local calls=$1; shift; timeout 30 "$DENY" "$calls" $ENOSYS "$HUSK" --root "$ROOT" "$@"; }
H () { timeout 30 "$HUSK" --root "$ROOT" "$@"; }
# Container ids (and so cgroup names) of our own: other test runs may
# share this host's cgroups.
P=fb$$
host_mounts () { grep -c "$T" /proc/self/mountinfo; }
# cgroups_named ID: the directories of that name below /sys/fs/cgroup.
cgroups_named () { find /sys/fs/cgroup -maxdepth 6 -type d -name "$1" 2>/dev/null; }
# wait_for FILE REGEX: a bounded poll (10 s) for a line in FILE.
wait_for () { for _ in $(seq 100); do grep -Eq "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
wait_status () { for _ in $(seq 100); do [ "$(H state "$1" 2>/dev/null | jq -r .status)" = "$2" ] && return 0; sleep 0.1; done; return 1; }

B="$T/b"
mkdir -p "$T/data" "$T/hostside"
echo secret >"$T/data/s"
# A symlink planted in the rootfs: the mount through it must land inside.
ln -sfn "$T/hostside" "$T/rootfs/lnk"
at_exit "rm -f '$T/rootfs/lnk'"
mkdir -p "$ROOT"
make_bundle "$B" /bin/sh -c 'cat /proc/sys/net/ipv4/ip_forward /proc/self/oom_score_adj /data/s /lnk/x/s; touch /data/t 2>/dev/null && echo rw || echo ro; sed "s/^[^:]*:[^:]*://" /proc/self/cgroup | sort -u | tr "\n" " "; echo; exec /bin/helper wait-signal'
edit_config "$B" ".linux.sysctl = {\"net.ipv4.ip_forward\": \"1\"} | .process.oomScoreAdj = 123
  | .linux.namespaces += [{\"type\": \"cgroup\"}]
  | .mounts += [{\"destination\": \"/data\", \"type\": \"bind\", \"source\": \"$T/data\", \"options\": [\"bind\", \"ro\"]},
                {\"destination\": \"/lnk/x\", \"type\": \"bind\", \"source\": \"$T/data\", \"options\": [\"bind\"]}]"

# lifecycle CALLS: the whole lifecycle in a sandbox refusing CALLS.
lifecycle () {
  local calls=$1 id=$P-$2 pid out missing=
  track_container "$id"
  # fds 7 and 8: the host's root and the state root, as a leak would hold them.
  S "$calls" create --bundle "$B" "$id" >"$T/$id.out" 2>&1 7</ 8<"$ROOT" </dev/null
  is "$?" 0 "$calls: create"
  pid=$(H state "$id" | jq -r .pid)
  for d in $(jq -r '.cgroupPaths[]' "$ROOT/$id/state.json" 2>/dev/null); do
    grep -qx "$pid" "$d/cgroup.procs" 2>/dev/null || missing="$missing $d"
  done
  if [ -n "$(jq -r '.cgroupPaths[]' "$ROOT/$id/state.json" 2>/dev/null)" ] && [ -z "$missing" ]; then
    pass "$calls: the init is in its cgroup ($(jq -r '.cgroupPaths | length' "$ROOT/$id/state.json") directories)"
  else
    fail "$calls: the init is in its cgroup" "not in:${missing:- (no cgroup in the state)}" "$(cat "/proc/$pid/cgroup")"
  fi
  ok "$calls: start" S "$calls" start "$id"
  wait_for "$T/$id.out" '^ready'
  out=$(sed -n '1,6p' "$T/$id.out" | tr '\n' '|')
  is "$out" "1|123|secret|secret|ro|/ |" "$calls: sysctl, oomScoreAdj, a read-only bind, a bind through a symlink, the cgroup namespace at its cgroup"
  ok "$calls: nothing was made on the host side of the symlink" test ! -e "$T/hostside/x"
  is "$(ls "/proc/$pid/fd" | tr '\n' ' ')" "0 1 2 " "$calls: the init holds stdio only"
  out=$(S "$calls" exec "$id" /bin/helper fds 7</ 8<"$ROOT" 2>&1 </dev/null)
  is "$?:$(printf '%s\n' "$out" | grep -c '^fd ')" 0:3 "$calls: exec, and the exec'd process holds stdio only"
  out=$(S "$calls" exec "$id" cat /proc/self/cgroup 2>&1 </dev/null)
  is "$out" "$(H exec "$id" cat /proc/1/cgroup 2>&1 </dev/null)" "$calls: exec joins the init's cgroups"
  ok "$calls: kill" S "$calls" kill "$id" USR1
  wait_for "$T/$id.out" '^signal:'
  is "$(sed -n 's/^signal: //p' "$T/$id.out")" 10 "$calls: the container got SIGUSR1"
  wait_status "$id" stopped
  ok "$calls: delete" S "$calls" delete "$id"
  no_residue "$calls: nothing is left under --root"
  is "$(cgroups_named "$id")" "" "$calls: no cgroup is left"
  is "$(host_mounts)" 0 "$calls: no mount is left"
  # run, detached, and delete --force of a running one.
  S "$calls" run --detach --bundle "$B" "$id" >/dev/null 2>&1 </dev/null
  is "$?" 0 "$calls: run --detach"
  ok "$calls: delete --force" S "$calls" delete --force "$id"
  no_residue "$calls: nothing is left of it"
}
lifecycle clone3 c3
if [ -z "$V2_ONLY" ]; then
  lifecycle openat2 o2
  lifecycle close_range cr
fi
lifecycle clone3,openat2,close_range all

# Each probe and fallback is learnt once: one failed call of each in all of
# create, whatever the container does.
if command -v strace >/dev/null; then
  id=$P-st
  track_container "$id"
  make_bundle "$T/b-st" /bin/true
  edit_config "$T/b-st" '.linux.sysctl = {"net.ipv4.ip_forward": "1"} | .process.oomScoreAdj = 1'
  timeout 60 strace -f -qq -e trace=clone3,openat2,close_range -e status=failed -o "$T/strace" \
    "$DENY" clone3,openat2,close_range $ENOSYS "$HUSK" --root "$ROOT" run --bundle "$T/b-st" "$id" >/dev/null 2>&1 </dev/null
  is "$(grep -o '^[0-9]* *[a-z0-9_]*(' "$T/strace" | sed 's/^[0-9]* *//' | sort | uniq -c | awk '{print $2 $1}' | tr '\n' ' ')" \
    "clone3(1 close_range(1 openat2(1 " "one failed clone3, openat2 and close_range in all of run"
else
  skip "strace is not installed: the count of failed calls is not checked"
fi

[ -n "$V2_ONLY" ] && { done_testing; exit; }

# --debug says which fallback was taken.
id=$P-dbg
track_container "$id"
err=$(S clone3,openat2,close_range --debug run --bundle "$T/b-st" "$id" 2>&1 >/dev/null </dev/null)
like "$err" 'clone3: Function not implemented: the container process is made with clone\(2\)' "--debug names the clone3 fallback"
like "$err" 'openat2: Function not implemented: paths in the rootfs and under /proc are resolved one component' "--debug names the openat2 fallback"
like "$err" 'close_range: Function not implemented: fds are closed one by one' "--debug names the close_range fallback"

# The new mount API: no safe fallback, a clear error, nothing left.
make_bundle "$B" /bin/true
for calls in open_tree move_mount fsopen fsconfig fsmount mount_setattr open_tree,move_mount,fsopen,mount_setattr; do
  id=$P-m
  track_container "$id"
  case $calls in mount_setattr) kernel=5.12 ;; *) kernel=5.2 ;; esac
  for cmd in create run; do
    out=$(S "$calls" $cmd --bundle "$B" "$id" 2>&1 </dev/null)
    rc=$?
    want="create \"$id\": husk needs the new mount API (open_tree, move_mount, fsopen, fsconfig, fsmount: Linux 5.2; mount_setattr: Linux 5.12): ${calls//,/, }: Function not implemented (a kernel older than $kernel, or a seccomp filter around husk)"
    if [ "$rc" != 0 ] && printf '%s' "$out" | grep -Fq -- "$want"; then
      pass "$calls: $cmd fails naming the calls and Linux $kernel"
    else
      fail "$calls: $cmd fails naming the calls and Linux $kernel" "exit: $rc" "got: $out" "want: $want"
    fi
    no_residue "$calls: $cmd leaves no state"
    is "$(cgroups_named "$id")$(host_mounts)" 0 "$calls: $cmd leaves no cgroup and no mount"
  done
done
# exec mounts nothing: it needs none of it.
make_bundle "$B" /bin/helper wait-signal
id=$P-mx
track_container "$id"
H run --detach --bundle "$B" "$id" >/dev/null 2>&1 </dev/null
out=$(S open_tree,move_mount,mount_setattr,fsopen,fsconfig,fsmount exec "$id" /bin/helper fds 2>&1 </dev/null)
is "$?:$(printf '%s\n' "$out" | grep -c '^fd ')" 0:3 "exec works without the new mount API"
H delete --force "$id" >/dev/null 2>&1

# The sealed re-exec (exeseal.h): without fsopen the read-only overlay
# cannot be made, and husk runs from a sealed memfd copy instead; without
# memfd_create too, it fails saying so.  Without execveat (valgrind) the
# sealed copy is run through its /proc/self/fd link.
make_bundle "$B" /bin/true
err=$(S fsopen --debug create --bundle "$B" "$P-s" 2>&1 </dev/null)
like "$err" 'running from a sealed memfd copy' "without fsopen: the sealed re-exec takes a memfd copy"
err=$(S fsopen,memfd_create create --bundle "$B" "$P-s" 2>&1 </dev/null)
like "$err" 'seal the runtime binary against overwriting from a container \(CVE-2019-5736\): fsopen overlay: Function not implemented; memfd_create: Function not implemented' "without memfd_create too: a clear error"
no_residue "the failed re-exec leaves nothing"
id=$P-x
track_container "$id"
err=$(S execveat --debug run --bundle "$B" "$id" 2>&1 </dev/null)
is "$?:$(printf '%s\n' "$err" | sed -n 's/.*msg="running from \(.*\)"$/\1/p')" "0:a read-only overlay" \
  "without execveat: run works, from the read-only overlay"
err=$(S execveat,fsopen --debug create --bundle "$B" "$id" 2>&1 </dev/null)
is "$(printf '%s\n' "$err" | sed -n 's/.*msg="running from \(.*\)"$/\1/p')" "a sealed memfd copy" \
  "without execveat and fsopen: from the memfd copy (and create then fails without fsopen)"
no_residue "and leaves nothing"

# Again in the cgroup v2 guest, unless this is it (or a v2 host).
if [ -n "${HUSK_TEST_IN_VM:-}" ] || [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
  :
else
  bash "$TOP_SRCDIR/tests/vm/vm.sh" --out "$T/vm.out" env FALLBACKS_V2_ONLY=1 bash "$TOP_SRCDIR/tests/cli-fallbacks.sh" 2>"$T/vm.err"
  vmrc=$?
  if [ $vmrc = 77 ]; then
    skip "the cgroup v2 guest: $(tail -1 "$T/vm.err")"
  elif ! grep -q '^1\.\.[0-9]' "$T/vm.out"; then
    fail "the v2 guest ran this file (status $vmrc)" "$(tail -5 "$T/vm.err")" "$(tail -5 "$T/vm.out")"
  else
    while IFS= read -r line; do
      case $line in
        "not ok "*) fail "(v2 guest) ${line#not ok * - }" ;;
        "ok "*"# SKIP"*) skip "(v2 guest) ${line#*# SKIP }" ;;
        "ok "*) pass "(v2 guest) ${line#ok * - }" ;;
        "#"*) echo "$line" ;;
      esac
    done <"$T/vm.out"
  fi
fi
done_testing
