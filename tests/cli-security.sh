#!/bin/bash
# Process security, seen from inside the container (tests/helper): seccomp
# (every action, operator and flag, errnoRet, notify with the example agent,
# Docker- and podman-style profiles), no_new_privs, capabilities with a
# filter, masked and read-only paths (and a planted /dev/null), LSM labels;
# bad input leaving nothing behind.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"

need_root_rootfs "security tests"
B="$T/b"
H () { "$HUSK" --root "$ROOT" "$@"; }
host_mounts () { grep -c "$T" /proc/self/mountinfo; }
field () { printf '%s\n' "$out" | sed -n "s/^$1: //p"; }
AGENT=$TOP_BUILDDIR/contrib/seccomp-agent/husk-seccomp-agent

# seccomp: a filter with defaultAction ALLOW and rules, $1 = the rules.
with_filter () {
  edit_config "$B" ".linux.seccomp = {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"], \"syscalls\": $1}"
}

# ERRNO with the default errno (EPERM) and with errnoRet; unknown names are
# skipped; the filter is in place (mode 2, one filter) for the program.
make_bundle "$B" /bin/sh -c '/bin/helper try mkdir /dev/shm/x; /bin/helper try chmod /dev/shm; /bin/helper try getpid; /bin/helper seccomp; mkdir /dev/shm/y'
with_filter '[{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}, {"names": ["chmod", "fchmodat", "fchmodat2", "no_such_syscall_xyz"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]'
run_husk --root "$ROOT" run --bundle "$B" s1
is "$(field mkdir)" "errno 1" "seccomp: SCMP_ACT_ERRNO without errnoRet returns EPERM"
is "$(field chmod)" "errno 38" "seccomp: errnoRet 38 is returned"
is "$(field getpid)" ok "seccomp: other syscalls pass"
is "$(field Seccomp)" 2 "seccomp: filter mode for the program"
is "$(field Seccomp_filters)" 1 "seccomp: exactly one filter"
like "$err" "mkdir: can't create directory '/dev/shm/y': Operation not permitted" "seccomp: busybox mkdir fails with EPERM"

# Compiled filters are cached in the state root, one file per profile; a
# changed profile is compiled anew, a damaged cache file is not trusted.
n_cache () { find "$ROOT/@seccomp-cache" -type f 2>/dev/null | wc -l; }
make_bundle "$B" /bin/helper try mkdir /dev/shm/x
rm -rf "$ROOT/@seccomp-cache"
with_filter '[{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5}]'
run_husk --root "$ROOT" run --bundle "$B" ca1
run_husk --root "$ROOT" run --bundle "$B" ca2
is "$out/$(n_cache)" "mkdir: errno 5/1" "seccomp cache: one file for one profile, the filter works from it"
with_filter '[{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 6}]'
run_husk --root "$ROOT" run --bundle "$B" ca3
is "$out/$(n_cache)" "mkdir: errno 6/2" "seccomp cache: a changed profile is compiled, not taken from the cache"
for f in "$ROOT"/@seccomp-cache/*; do printf 'HUSKBPF1garbage' >"$f"; done
run_husk --root "$ROOT" run --bundle "$B" ca4
is "$out" "mkdir: errno 6" "seccomp cache: a damaged file is ignored (and rewritten)"
is "$(H list -q)" "" "the cache is not listed as a container"

# Each action.
action_run () { # action_run ACTION [errnoRet]: the exit status and output of mkdir under it
  make_bundle "$B" /bin/sh -c '/bin/helper try mkdir /dev/shm/x; echo "status: $?"; test -d /dev/shm/x && echo created'
  local extra=""
  [ -n "${2:-}" ] && extra=", \"errnoRet\": $2"
  with_filter "[{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"$1\"$extra}]"
  run_husk --root "$ROOT" run --bundle "$B" "a$RANDOM"
}
action_run SCMP_ACT_KILL
is "$(field status)" 159 "SCMP_ACT_KILL: killed by SIGSYS"
action_run SCMP_ACT_KILL_THREAD
is "$(field status)" 159 "SCMP_ACT_KILL_THREAD: killed by SIGSYS"
action_run SCMP_ACT_KILL_PROCESS
is "$(field status)" 159 "SCMP_ACT_KILL_PROCESS: killed by SIGSYS"
action_run SCMP_ACT_TRAP
is "$(field status)" 159 "SCMP_ACT_TRAP: SIGSYS (not handled, so fatal)"
action_run SCMP_ACT_TRACE
is "$(field mkdir)" "errno 38" "SCMP_ACT_TRACE without a tracer: ENOSYS"
action_run SCMP_ACT_LOG
is "$(field mkdir)/$(printf '%s\n' "$out" | grep -c created)" "ok/1" "SCMP_ACT_LOG: allowed (and logged)"
action_run SCMP_ACT_ERRNO 13
is "$(field mkdir)" "errno 13" "SCMP_ACT_ERRNO with errnoRet 13"

# All seven operators on personality(2)'s argument, each with a value that
# matches (EAGAIN) and one that does not.  0xffffffff only queries.
op_check () { # op_check OP VALUE VALUETWO MATCH NOMATCH
  make_bundle "$B" /bin/sh -c "/bin/helper try personality $4; /bin/helper try personality $5"
  with_filter "[{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 11, \"args\": [{\"index\": 0, \"value\": $2, \"valueTwo\": $3, \"op\": \"$1\"}]}]"
  run_husk --root "$ROOT" run --bundle "$B" "o$RANDOM"
  is "$out" "$(printf 'personality: errno 11\npersonality: ok')" "seccomp operator $1"
}
op_check SCMP_CMP_NE 0 0 0xffffffff 0
op_check SCMP_CMP_LT 1 0 0 0xffffffff
op_check SCMP_CMP_LE 0 0 0 0xffffffff
op_check SCMP_CMP_EQ 0 0 0 0xffffffff
op_check SCMP_CMP_GE 1 0 0xffffffff 0
op_check SCMP_CMP_GT 0 0 0xffffffff 0
op_check SCMP_CMP_MASKED_EQ 255 255 0xffffffff 0

# Two conditions on one argument: each is a rule (ORed), as runc does.
make_bundle "$B" /bin/sh -c '/bin/helper try personality 0; /bin/helper try personality 8; /bin/helper try personality 0xffffffff'
with_filter '[{"names": ["personality"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}, {"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]'
run_husk --root "$ROOT" run --bundle "$B" or1
is "$out" "$(printf 'personality: errno 1\npersonality: errno 1\npersonality: ok')" "seccomp: conditions on the same argument are ORed"

# Every flag this kernel has.
make_bundle "$B" /bin/helper seccomp
flags=$(H features | jq -c '.linux.seccomp.supportedFlags')
with_filter '[{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO"}]'
edit_config "$B" ".linux.seccomp.flags = $flags"
run_husk --root "$ROOT" run --bundle "$B" fl1
is "$rc/$(field Seccomp)" 0/2 "seccomp flags $flags are accepted"
for f in SECCOMP_FILTER_FLAG_TSYNC SECCOMP_FILTER_FLAG_LOG SECCOMP_FILTER_FLAG_SPEC_ALLOW SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV; do
  like "$flags" "$f" "features: the kernel's $f is reported"
done
is "$(H features | jq -r '.linux.seccomp.actions | length')" 9 "features: all nine actions are available on this kernel"

# Without no_new_privs, as a non-root user with few capabilities: the filter
# still goes in (with CAP_SYS_ADMIN raised for it), and the capabilities are
# exactly the configured ones.
make_bundle "$B" /bin/sh -c '/bin/helper try mkdir /dev/shm/x; /bin/helper caps; /bin/helper seccomp'
with_filter '[{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}]'
edit_config "$B" '.process.noNewPrivileges = false | .process.user.uid = 1000 | .process.capabilities = {"bounding": ["CAP_KILL", "CAP_CHOWN"], "effective": ["CAP_KILL"], "permitted": ["CAP_KILL"], "inheritable": ["CAP_KILL"], "ambient": ["CAP_KILL"]}'
run_husk --root "$ROOT" run --bundle "$B" nn1
is "$(field mkdir)/$(field Seccomp)/$(field NoNewPrivs)" "errno 1/2/0" "seccomp without no_new_privs for a non-root user"
is "$(field CapEff)/$(field CapPrm)/$(field CapBnd)/$(field CapInh)/$(field CapAmb)" "0000000000000020/0000000000000020/0000000000000021/0000000000000020/0000000000000020" "capabilities after the filter are exactly the configured ones (no CAP_SYS_ADMIN left)"
edit_config "$B" '.process.user.uid = 0'
run_husk --root "$ROOT" run --bundle "$B" nn2
# root's execve raises permitted and effective to the bounding set.
is "$(field CapEff)/$(field Seccomp)" "0000000000000021/2" "same for root (which execve gives the bounding set)"
# A filter that denies capset cannot be loaded before the capabilities are
# set without no_new_privs: a clear error.
with_filter '[{"names": ["capset"], "action": "SCMP_ACT_ERRNO"}]'
expect_fail "a filter that denies capset without noNewPrivileges is explained" 'with linux.seccomp loaded (without process.noNewPrivileges the filter must allow capset and prctl)' --root "$ROOT" run --bundle "$B" nn3
no_residue "no residue after the capset failure"

# An empty capabilities object (Docker's --cap-drop ALL) leaves nothing,
# not even a bounding set for root's execve to fill the others from.
make_bundle "$B" /bin/helper caps
edit_config "$B" '.process.capabilities = {}'
run_husk --root "$ROOT" run --bundle "$B" cz1
is "$(field CapEff)/$(field CapPrm)/$(field CapBnd)" "0000000000000000/0000000000000000/0000000000000000" "capabilities {}: no capability at all"

# no_new_privs.
make_bundle "$B" /bin/helper caps
edit_config "$B" '.process.noNewPrivileges = false'
run_husk --root "$ROOT" run --bundle "$B" np1
is "$(field NoNewPrivs)" 0 "noNewPrivileges false"
edit_config "$B" '.process.noNewPrivileges = true'
run_husk --root "$ROOT" run --bundle "$B" np2
is "$(field NoNewPrivs)" 1 "noNewPrivileges true"

# exec: the container's filter applies to exec'd processes; --no-new-privs.
make_bundle "$B" /bin/helper sleep 3600
with_filter '[{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 28}]'
edit_config "$B" '.process.noNewPrivileges = false'
track_container ex1
H run -d --bundle "$B" ex1 >/dev/null 2>&1
cp "$B/config.json" "$T/saved.json"
edit_config "$B" '.linux.seccomp = null'
run_husk --root "$ROOT" exec ex1 /bin/helper try mkdir /dev/shm/x
is "$out" "mkdir: errno 28" "exec: the container's seccomp filter (as created, not as edited since) applies"
run_husk --root "$ROOT" exec --no-new-privs ex1 /bin/helper caps
is "$(field NoNewPrivs)" 1 "exec --no-new-privs"
run_husk --root "$ROOT" exec ex1 /bin/helper caps
is "$(field NoNewPrivs)" 0 "exec without --no-new-privs follows the config"
H delete --force ex1 >/dev/null 2>&1
cp "$T/saved.json" "$B/config.json"

# SCMP_ACT_NOTIFY: the example agent gets the state and the fd, and answers
# mkdir with a fake success (nothing is created).  With every flag (TSYNC
# needs TSYNC_ESRCH next to a listener; WAIT_KILLABLE_RECV needs one).
"$AGENT" --log "$T/agent.log" "$T/agent.sock" &
agent=$!
at_exit "kill $agent 2>/dev/null; wait $agent 2>/dev/null"
for _ in $(seq 50); do [ -S "$T/agent.sock" ] && break; sleep 0.1; done
make_bundle "$B" /bin/sh -c '/bin/helper try mkdir /dev/shm/n; test -d /dev/shm/n && echo created || echo not-created; /bin/helper try chmod /dev/shm'
edit_config "$B" ".annotations = {\"k\": \"v\"} | .linux.seccomp = {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"$T/agent.sock\", \"listenerMetadata\": \"meta-1\", \"flags\": $flags, \"syscalls\": [{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}"
run_husk --root "$ROOT" run --bundle "$B" nt1
is "$out" "$(printf 'mkdir: ok\nnot-created\nchmod: ok')" "notify: the agent answered mkdir (a fake success), other calls are untouched"
state=$(grep '^state: ' "$T/agent.log" | head -1 | sed 's/^state: //')
is "$(printf '%s' "$state" | jq -c '[.ociVersion, .fds, .metadata, .state.id, .state.status, .state.bundle, .state.annotations.k, (.pid == .state.pid)]')" "[\"1.3.0\",[\"seccompFd\"],\"meta-1\",\"nt1\",\"creating\",\"$B\",\"v\",true]" "notify: the container process state sent to the agent"
like "$(cat "$T/agent.log")" "notify: mkdir pid [0-9]+" "notify: the agent saw the mkdir"
# exec gets its own filter and its own state (status running).
make_bundle "$B" /bin/helper sleep 3600
edit_config "$B" ".linux.seccomp = {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"$T/agent.sock\", \"syscalls\": [{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}"
track_container nt2
H run -d --bundle "$B" nt2 >/dev/null 2>&1
run_husk --root "$ROOT" exec nt2 /bin/sh -c '/bin/helper try mkdir /dev/shm/e; test -d /dev/shm/e || echo not-created'
is "$out" "$(printf 'mkdir: ok\nnot-created')" "notify: exec'd processes go to the agent too"
is "$(grep '^state: ' "$T/agent.log" | tail -1 | sed 's/^state: //' | jq -r '.state.status + " " + .state.id')" "running nt2" "notify: exec sends a running state"
H delete --force nt2 >/dev/null 2>&1
kill $agent; wait $agent 2>/dev/null
expect_fail "notify: an agent that is not listening fails create" "create \"x\": linux.seccomp.listenerPath \"$T/agent.sock\": connect:" --root "$ROOT" create --bundle "$B" x
no_residue "notify: nothing left after the failed hand-off"
is "$(host_mounts)" 0 "notify: no mount left"

# Docker- and podman-style default profiles, written from their documented
# format: default ERRNO (Docker EPERM, podman ENOSYS), an allow list, the
# argument rules for personality and clone, clone3 -> ENOSYS, dangerous
# syscalls denied.  Busybox must keep working under them.
workload='mkdir /dev/shm/d && echo hello >/dev/shm/d/f && cat /dev/shm/d/f && ls /bin | grep -c . >/dev/null && (sleep 0 &) && wait && echo forked; unshare -n true 2>/dev/null || echo unshare-denied; /bin/helper try personality 0x0400000; /bin/helper try personality 0xffffffff; /bin/helper try mkdir /dev/shm/e'
make_bundle "$B" /bin/sh -c "$workload"
edit_config "$B" ".linux.seccomp = $(bash "$TOP_SRCDIR/tests/seccomp-profile.sh" docker)"
run_husk --root "$ROOT" run --bundle "$B" dk1
is "$rc" 0 "Docker-style profile: busybox runs"
is "$out" "$(printf 'hello\nforked\nunshare-denied\npersonality: errno 1\npersonality: ok\nmkdir: ok')" "Docker-style profile: files, fork, denied unshare, personality by argument (EPERM by default)"
make_bundle "$B" /bin/sh -c "$workload"
edit_config "$B" ".linux.seccomp = $(bash "$TOP_SRCDIR/tests/seccomp-profile.sh" podman)"
run_husk --root "$ROOT" run --bundle "$B" pm1
is "$out" "$(printf 'hello\nforked\nunshare-denied\npersonality: errno 38\npersonality: ok\nmkdir: ok')" "podman-style profile: ENOSYS by default, EPERM for the denied ones"

# ENOSYS for syscalls the profile does not know, per ABI, as runc decides
# (and side by side with runc when it is installed): the Docker-style
# profile (default EPERM) without the syscalls numbered from 449 (its
# largest is then 448) and with mkdir and mkdirat denied with EIO.  A number
# above the largest the profile names for the ABI gets ENOSYS (an existing
# syscall, 449, and one no kernel has, 1000); a named one its action; an
# unnamed one below the largest the default EPERM (unshare).  x32's largest
# is 547 (its own syscalls start at 512), so x32 449 gets EPERM.  i386 goes
# through int $0x80; x32 numbers reach the filter even where the kernel has
# no x32 (it answers ENOSYS after the filter allowed it).
if [ "$(uname -m)" = x86_64 ]; then
  runc_bin=$(command -v runc || true)
  # side_by_side ID: run $B with husk, then (with .root.path absolute, which
  # runc wants) with runc; $out and $runc_out hold what the container said.
  side_by_side () {
    edit_config "$B" ".root.path = \"$T/rootfs\""
    run_husk --root "$ROOT" run --bundle "$B" "$1"
    runc_out=""
    if [ -n "$runc_bin" ]; then
      at_exit "'$runc_bin' --root '$T/runc-root' delete --force '$1' >/dev/null 2>&1"
      runc_out=$(timeout 60 "$runc_bin" --root "$T/runc-root" run --bundle "$B" "$1" </dev/null 2>"$T/runc.err")
    fi
  }
  # compare_runc DESC: runc printed what husk printed (skips without runc).
  compare_runc () {
    if [ -z "$runc_bin" ]; then skip "runc is not installed: $1"; return; fi
    is "$runc_out" "$out" "$1"
  }
  newest=$(sed -n 's/^#define __NR_\([a-z0-9_]*\) \([0-9]*\)$/\2 \1/p' /usr/include/x86_64-linux-gnu/asm/unistd_64.h \
    | awk '$1 >= 449 { print $2 }' | jq -R . | jq -s -c .)
  enosys_profile=$(bash "$TOP_SRCDIR/tests/seccomp-profile.sh" docker | jq -c --argjson drop "$newest" \
    '.syscalls[0].names -= (["mkdir", "mkdirat"] + $drop) | .syscalls += [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5}]')
  calls="1000 449 272 83 39"
  want="1000: errno 38
449: errno 38
272: errno 1
83: errno 5
39: ok"
  # int $0x80 needs the kernel's ia32 emulation.
  if "$HELPER" syscall i386-20 >/dev/null 2>&1; then
    calls="$calls i386-1000 i386-449 i386-310 i386-39 i386-20"
    want="$want
i386-1000: errno 38
i386-449: errno 38
i386-310: errno 1
i386-39: errno 5
i386-20: ok"
  fi
  calls="$calls x32-1000 x32-600 x32-449 x32-272 x32-83"
  want="$want
x32-1000: errno 38
x32-600: errno 38
x32-449: errno 1
x32-272: errno 1
x32-83: errno 5"
  # shellcheck disable=SC2086
  make_bundle "$B" /bin/helper syscall $calls
  edit_config "$B" ".linux.seccomp = $enosys_profile"
  rm -rf "$ROOT/@seccomp-cache"
  side_by_side en1
  is "$out" "$want" "ENOSYS above the profile's largest syscall of each ABI, its errno for a named one, EPERM below"
  compare_runc "ENOSYS per ABI: runc answers each call the same"
  run_husk --root "$ROOT" run --bundle "$B" en2
  is "$out/$(n_cache)" "$want/1" "ENOSYS: the same from the cached filter"

  # The cache holds the program with its stub.  A planted entry under the
  # profile's name and key is used (so the second run above took the cached
  # path); an entry of the format before the stub (HUSKBPF1) is not, whether
  # under the name the old key hashes to or under the current one.
  cache_file=$(find "$ROOT/@seccomp-cache" -type f | head -1)
  plant () { # plant current|old: a program answering EXDEV (18) to syscall 1000
    "${PYTHON3:-python3}" - "$cache_file" "$1" <<'PY'
import os, struct, sys
path, mode = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
klen, _ = struct.unpack("=II", data[8:16])
key = data[16:16 + klen]
def name(k):
    h = 14695981039346656037
    for c in k:
        h = ((h ^ c) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h
assert data[:8] == b"HUSKBPF2" and key.startswith(b"HUSKBPF2\0") and name(key) == os.path.basename(path)
ins = lambda code, jt, jf, k: struct.pack("=HBBI", code, jt, jf, k)
# ld nr; jeq 1000 ? ret ERRNO(EXDEV) : ret ALLOW
prog = ins(0x20, 0, 0, 0) + ins(0x15, 0, 1, 1000) + ins(0x06, 0, 0, 0x50000 | 18) + ins(0x06, 0, 0, 0x7FFF0000)
def entry(magic, k):
    return magic + struct.pack("=II", len(k), len(prog)) + k + prog
if mode == "current":
    open(path, "wb").write(entry(b"HUSKBPF2", key))
else:
    old = key.replace(b"HUSKBPF2\0", b"HUSKBPF1\0", 1)
    open(os.path.join(os.path.dirname(path), name(old)), "wb").write(entry(b"HUSKBPF1", old))
    open(path, "wb").write(entry(b"HUSKBPF1", key))
PY
  }
  make_bundle "$B" /bin/helper syscall 1000
  edit_config "$B" ".linux.seccomp = $enosys_profile"
  if plant current; then
    run_husk --root "$ROOT" run --bundle "$B" en3
    is "$out" "1000: errno 18" "seccomp cache: an entry under the profile's name and key is what runs"
    plant old
    run_husk --root "$ROOT" run --bundle "$B" en4
    is "$out/$(head -c 8 "$cache_file")" "1000: errno 38/HUSKBPF2" "seccomp cache: an entry of the format before the ENOSYS stub is not used (and is rewritten)"
  else
    fail "seccomp cache: the entry has the expected format (HUSKBPF2, key, fnv1a name)"
  fi

  # Only a denying default gets the stub.  ALLOW: unshare (272), above the
  # largest named syscall (mkdir, 83), still runs; 1000 is the kernel's
  # ENOSYS.  KILL_PROCESS: 1000 gets ENOSYS, unshare kills.
  make_bundle "$B" /bin/helper syscall 1000 272 83
  with_filter '[{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5}]'
  side_by_side en5
  is "$out" "$(printf '1000: errno 38\n272: ok\n83: errno 5')" "defaultAction ALLOW: no ENOSYS stub, a syscall above the largest named one runs"
  compare_runc "defaultAction ALLOW: runc answers the same"
  make_bundle "$B" /bin/sh -c '/bin/helper syscall 1000 449; /bin/helper syscall 272; echo "status: $?"'
  edit_config "$B" ".linux.seccomp = ($enosys_profile | .defaultAction = \"SCMP_ACT_KILL_PROCESS\" | del(.defaultErrnoRet))"
  side_by_side en6
  is "$out" "$(printf '1000: errno 38\n449: errno 38\nstatus: 159')" "defaultAction KILL_PROCESS: ENOSYS above the largest, killed below"
  compare_runc "defaultAction KILL_PROCESS: runc answers the same"

  # No architectures: the filter has the native one, which gets the stub
  # (as runc since 1.1.15 and 1.2; runc 1.1.5 gives EPERM here).
  make_bundle "$B" /bin/helper syscall 1000 272 83
  edit_config "$B" ".linux.seccomp = ($enosys_profile | del(.architectures))"
  run_husk --root "$ROOT" run --bundle "$B" en7
  is "$out" "$(printf '1000: errno 38\n272: errno 1\n83: errno 5')" "no architectures: the native ABI gets the ENOSYS stub"
  no_residue "ENOSYS tests: no residue"
else
  skip_n=11
  for _ in $(seq $skip_n); do skip "the ENOSYS tests are written for x86_64"; done
fi

# Masked and read-only paths (runc's defaults from `husk spec`).
make_bundle "$B" /bin/sh -c 'wc -c </proc/keys; wc -c </proc/timer_list; ls -A /proc/acpi /sys/firmware | grep -v ":$" | grep -c .; echo 1 >/proc/sys/kernel/ostype 2>/dev/null || echo sys-ro; grep " /proc/sys " /proc/self/mountinfo | cut -d" " -f6 | cut -d, -f1'
run_husk --root "$ROOT" run --bundle "$B" m1
is "$out" "$(printf '0\n0\n0\nsys-ro\nro')" "maskedPaths: files read empty, directories are empty; readonlyPaths: /proc/sys refuses writes"
make_bundle "$B" /bin/sh -c 'stat -c "%t:%T %F" /proc/keys; grep -c " /proc/acpi .* - tmpfs " /proc/self/mountinfo'
run_husk --root "$ROOT" run --bundle "$B" m2
is "$out" "$(printf '1:3 character special file\n1')" "maskedPaths: a file gets the null device, a directory a tmpfs"
make_bundle "$B" /bin/true
edit_config "$B" '.linux.maskedPaths = ["/no/such/path"] | .linux.readonlyPaths = ["/no/such/dir"]'
run_husk --root "$ROOT" run --bundle "$B" m3
is "$rc" 0 "masked and read-only paths that do not exist are skipped"

# A planted /dev/null (the CVE-2025-31133 class): with no /dev mount the
# rootfs's own /dev is used; a symlink or a file there is refused.
R2="$T/rootfs2"
cp -a "$T/rootfs" "$R2"
mkdir -p "$R2/dev" "$T/hostfile.d"
echo host >"$T/hostfile.d/f"
rm -f "$R2/dev/null"
ln -s /proc/sys/kernel/core_pattern "$R2/dev/null"
make_bundle "$B" /bin/true
edit_config "$B" ".root.path = \"$R2\" | .mounts = [.mounts[] | select(.destination != \"/dev\" and (.destination | startswith(\"/dev/\") | not))]"
expect_fail "maskedPaths: a symlink at /dev/null is refused" 'linux.maskedPaths: /dev/null in the container is not the null device (char 1:3); refusing to mask paths with it' --root "$ROOT" run --bundle "$B" pl1
rm -f "$R2/dev/null"; echo fake >"$R2/dev/null"
expect_fail "maskedPaths: a regular file at /dev/null is refused" 'linux.maskedPaths: /dev/null in the container is not the null device' --root "$ROOT" run --bundle "$B" pl2
no_residue "planted /dev/null: no residue"
is "$(host_mounts)" 0 "planted /dev/null: no mount left"
# A masked or read-only path that is a symlink to a host path resolves in
# the container's root, never on the host.
rm -f "$R2/dev/null"; mknod -m 666 "$R2/dev/null" c 1 3
ln -s "$T/hostfile.d" "$R2/ro-link"
ln -s "$T/hostfile.d/f" "$R2/mask-link"
make_bundle "$B" /bin/sh -c "cat $T/hostfile.d/f 2>&1; echo x >$T/hostfile.d/new 2>/dev/null || echo ro"
edit_config "$B" ".root.path = \"$R2\" | .root.readonly = false | .mounts = [.mounts[] | select(.destination != \"/dev\" and (.destination | startswith(\"/dev/\") | not))] | .linux.readonlyPaths = [\"/ro-link\"] | .linux.maskedPaths = [\"/mask-link\"]"
mkdir -p "$R2$T/hostfile.d"; echo inside >"$R2$T/hostfile.d/f"
run_husk --root "$ROOT" run --bundle "$B" sl1
is "$out" ro "symlinked masked/read-only paths act on the container's own copy (masked: reads nothing)"
is "$(cat "$T/hostfile.d/f")" host "the host file behind the symlink is untouched"
ok "and still writable on the host" sh -c "echo y >'$T/hostfile.d/new'"

# LSM labels: this host has neither AppArmor nor SELinux.
make_bundle "$B" /bin/true
if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" != Y ]; then
  edit_config "$B" '.process.apparmorProfile = "docker-default"'
  expect_fail "apparmorProfile without AppArmor is an error" 'create "x": process.apparmorProfile: "docker-default" is set, but AppArmor is not enabled on this host' --root "$ROOT" run --bundle "$B" x
  no_residue "apparmorProfile: no residue"
  edit_config "$B" '.process.apparmorProfile = "unconfined"'
  run_husk --root "$ROOT" run --bundle "$B" aa2
  is "$rc" 0 "apparmorProfile \"unconfined\" needs no AppArmor"
else
  skip "AppArmor is enabled on this host: the error path cannot be tested"
  skip "AppArmor is enabled on this host"
  skip "AppArmor is enabled on this host"
fi
if [ ! -e /sys/fs/selinux/enforce ]; then
  make_bundle "$B" /bin/true
  edit_config "$B" '.process.selinuxLabel = "system_u:system_r:container_t:s0"'
  expect_fail "selinuxLabel without SELinux is an error" 'process.selinuxLabel: "system_u:system_r:container_t:s0" is set, but SELinux is not enabled on this host' --root "$ROOT" run --bundle "$B" x
  edit_config "$B" '.process.selinuxLabel = "" | .linux.mountLabel = "system_u:object_r:container_file_t:s0"'
  expect_fail "mountLabel without SELinux is an error" 'linux.mountLabel: "system_u:object_r:container_file_t:s0" is set, but SELinux is not enabled on this host' --root "$ROOT" run --bundle "$B" x
  no_residue "LSM labels: no residue"
else
  skip "SELinux is enabled on this host"; skip "SELinux is enabled on this host"; skip "SELinux is enabled on this host"
fi
make_bundle "$B" /bin/helper sleep 3600
track_container lx1
H run -d --bundle "$B" lx1 >/dev/null 2>&1
expect_fail "exec --apparmor without AppArmor is an error" 'process.apparmorProfile: "foo" is set, but AppArmor is not enabled' --root "$ROOT" exec --apparmor foo lx1 true
expect_fail "exec --process-label without SELinux is an error" 'process.selinuxLabel: "l" is set, but SELinux is not enabled' --root "$ROOT" exec --process-label l lx1 true
H delete --force lx1 >/dev/null 2>&1

# Bad seccomp input: a clear message naming the field, nothing left.
make_bundle "$B" /bin/true
bad () { # bad DESC JQ WANT
  cp "$B/config.json" "$T/good.json"
  edit_config "$B" "$2"
  expect_fail "$1" "$3" --root "$ROOT" run --bundle "$B" x
  cp "$T/good.json" "$B/config.json"
}
bad "unknown action" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_MAYBE"}]}' 'linux.seccomp.syscalls[0].action'
bad "unknown default action" '.linux.seccomp = {"defaultAction": "ALLOW"}' 'linux.seccomp.defaultAction'
bad "unknown architecture" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_Z80"]}' 'linux.seccomp.architectures[0]: unknown architecture "SCMP_ARCH_Z80"'
bad "unknown operator" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_SIMILAR"}]}]}' 'linux.seccomp.syscalls[0].args[0].op'
bad "argument index past 5" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 6, "value": 1, "op": "SCMP_CMP_EQ"}]}]}' 'linux.seccomp.syscalls[0].args[0].index: must be between 0 and 5, got 6'
bad "errnoRet on an action without errno" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_KILL", "errnoRet": 1}]}' 'linux.seccomp.syscalls[0].errnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE return an errno, not SCMP_ACT_KILL'
bad "defaultErrnoRet with ALLOW" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "defaultErrnoRet": 1}' 'linux.seccomp.defaultErrnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE return an errno, not SCMP_ACT_ALLOW'
bad "notify without listenerPath" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}]}' 'linux.seccomp: SCMP_ACT_NOTIFY is used but listenerPath is not set'
bad "listenerMetadata without listenerPath" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "listenerMetadata": "m"}' 'linux.seccomp.listenerMetadata: must not be set without listenerPath'
bad "notify as the default action" '.linux.seccomp = {"defaultAction": "SCMP_ACT_NOTIFY", "listenerPath": "/x"}' 'linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action'
bad "notify on sendmsg" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/x", "syscalls": [{"names": ["sendmsg"], "action": "SCMP_ACT_NOTIFY"}]}' 'linux.seccomp.syscalls[0].names: SCMP_ACT_NOTIFY cannot be used for "sendmsg"'
bad "unknown flag" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_FAST"]}' 'linux.seccomp.flags'
bad "unknown capability" '.process.capabilities.bounding += ["CAP_TELEPORT"]' 'process.capabilities.bounding[3]: unknown capability "CAP_TELEPORT"'
no_residue "bad seccomp and capability input: no residue"
is "$(host_mounts)" 0 "bad input: no mount left"

done_testing
