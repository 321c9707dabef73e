#!/bin/bash
# cgroups on this host (v1, or v2 when the host has it): limits that bite
# (OOM kill with its event, pids.max against a fork bomb, a denied device),
# values landing in the right files, pause/resume, update, ps, events,
# kill --all, exec joining the cgroup, delete leaving no cgroup; bad input
# leaving nothing behind.  Every cgroup made here lives below
# husk-test-<pid> (relative cgroupsPath: below our own cgroup), removed at
# the end.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"

need_root_rootfs "cgroup tests"
[ -d /sys/fs/cgroup/memory ] || [ -f /sys/fs/cgroup/cgroup.controllers ] || skip_all "no cgroup filesystem at /sys/fs/cgroup"
B="$T/b"
H () { "$HUSK" --root "$ROOT" "$@"; }
P="husk-test-$$"
cleanup_cgroups () {
  find /sys/fs/cgroup -depth -type d -path "*/$P*" -exec rmdir {} \; 2>/dev/null
}
at_exit cleanup_cgroups
left_cgroups () { find /sys/fs/cgroup -type d -path "*/$P/*" 2>/dev/null | head -3; }
V2=false
[ -f /sys/fs/cgroup/cgroup.controllers ] && V2=true
# dir CONTROLLER ID: the container's directory for a controller, from its state.
dir () {
  local s
  s=$(H state "$2" >/dev/null 2>&1; cat "$ROOT/$2/state.json")
  if $V2; then printf '%s' "$s" | jq -r '.cgroupPaths.unified'
  else printf '%s' "$s" | jq -r --arg c "$1" '.cgroupPaths | to_entries[] | select(.key | split(",") | index($c)) | .value'; fi
}
bundle () { # bundle NAME ARGS...: $B with cgroupsPath $P/NAME
  local name=$1; shift
  make_bundle "$B" "$@"
  edit_config "$B" ".linux.cgroupsPath = \"$P/$name\""
}
wait_status () { # wait_status ID STATUS
  for _ in $(seq 100); do [ "$(H state "$1" 2>/dev/null | jq -r .status)" = "$2" ] && return 0; sleep 0.05; done
  return 1
}

# The container sees itself in its cgroup; state records the paths.
bundle c1 /bin/sh -c 'cat /proc/self/cgroup'
run_husk --root "$ROOT" run --bundle "$B" c1
like "$out" "$P/c1" "the container's process is in its cgroup"
is "$(left_cgroups)" "" "run: the cgroup is gone with the container"

# Values land in the right files.
bundle v1 /bin/helper sleep 3600
edit_config "$B" '.linux.resources = {"memory": {"limit": 67108864, "reservation": 33554432, "swap": 134217728}, "cpu": {"shares": 512, "quota": 50000, "period": 100000, "cpus": "0", "mems": "0"}, "pids": {"limit": 42}}'
track_container v1
H run -d --bundle "$B" v1 >/dev/null 2>"$T/v1.err"
is "$(H state v1 | jq -r .status)" running "a container with limits runs"
if $V2; then
  is "$(cat "$(dir memory v1)/memory.max")" 67108864 "memory.limit -> memory.max"
  is "$(cat "$(dir memory v1)/memory.low")" 33554432 "memory.reservation -> memory.low"
  is "$(cat "$(dir memory v1)/memory.swap.max")" 67108864 "memory.swap -> memory.swap.max = swap - limit"
  is "$(cat "$(dir cpu v1)/cpu.weight")" 59 "cpu.shares 512 -> cpu.weight 59 (runc's and crun's formula)"
  is "$(cat "$(dir cpu v1)/cpu.max")" "50000 100000" "cpu quota and period -> cpu.max"
  # unified keys are written last, verbatim; hugetlb is a v2 controller.
  bundle un1 /bin/true
  edit_config "$B" '.linux.resources = {"pids": {"limit": 5}, "unified": {"pids.max": "7", "memory.high": "50000000"}, "hugepageLimits": [{"pageSize": "2MB", "limit": 4194304}]}'
  track_container un1
  H create --bundle "$B" un1 2>"$T/un1.err"
  is "$(cat "$(dir pids un1)/pids.max") $(cat "$(dir memory un1)/memory.high") $(cat "$(dir hugetlb un1)/hugetlb.2MB.max" 2>&1)" "7 49999872 4194304" "unified keys win over pids.limit; hugepageLimits -> hugetlb.2MB.max"
  H delete --force un1
else
  is "$(cat "$(dir memory v1)/memory.limit_in_bytes")" 67108864 "memory.limit -> memory.limit_in_bytes"
  is "$(cat "$(dir memory v1)/memory.soft_limit_in_bytes")" 33554432 "memory.reservation -> memory.soft_limit_in_bytes"
  is "$(cat "$(dir memory v1)/memory.memsw.limit_in_bytes")" 134217728 "memory.swap -> memory.memsw.limit_in_bytes"
  is "$(cat "$(dir cpu v1)/cpu.shares")" 512 "cpu.shares"
  is "$(cat "$(dir cpu v1)/cpu.cfs_quota_us") $(cat "$(dir cpu v1)/cpu.cfs_period_us")" "50000 100000" "cpu quota and period"
fi
is "$(cat "$(dir cpuset v1)/cpuset.cpus")" 0 "cpus -> cpuset.cpus"
is "$(cat "$(dir pids v1)/pids.max")" 42 "pids.limit -> pids.max"

# blockIO throttles (v1: blkio.throttle.*; v2: io.max), on the first disk.
disk=$(awk 'NR > 2 && $4 !~ /[0-9]$/ {print $1 ":" $2; exit}' /proc/partitions)
if [ -n "$disk" ]; then
  bundle io1 /bin/true
  edit_config "$B" ".linux.resources = {\"blockIO\": {\"throttleReadBpsDevice\": [{\"major\": ${disk%:*}, \"minor\": ${disk#*:}, \"rate\": 1048576}]}}"
  track_container io1
  H create --bundle "$B" io1 >/dev/null 2>&1
  if $V2; then
    like "$(cat "$(dir io io1)/io.max" 2>&1)" "^$disk rbps=1048576 " "blockIO throttleReadBpsDevice -> io.max"
  else
    is "$(cat "$(dir blkio io1)/blkio.throttle.read_bps_device" 2>&1)" "$disk 1048576" "blockIO throttleReadBpsDevice -> blkio.throttle.read_bps_device"
  fi
  H delete --force io1
else
  skip "no block device to throttle here"
fi

# A cgroup namespace is rooted at the container's cgroup.
bundle ns1 /bin/sh -c 'cat /proc/self/cgroup'
edit_config "$B" '.linux.namespaces += [{"type": "cgroup"}]'
run_husk --root "$ROOT" run --bundle "$B" ns1
is "$(printf '%s\n' "$out" | cut -d: -f3 | sort -u)" / "cgroup namespace: the container sees itself at /"

# An absolute cgroupsPath is below the root of each hierarchy.  (Below our
# own memory cgroup, so that nothing leaves it; the directories this makes
# in the other hierarchies on the way are removed again.)
own=$(sed -n 's/^[0-9]*:memory://p' /proc/self/cgroup)
$V2 && own=
abs="${own%/}/$P/abs"
made=()
for h in /sys/fs/cgroup/*/; do
  [ -n "$own" ] && [ "$own" != / ] && [ ! -d "$h${own#/}" ] && made+=("$h${own#/}")
done
bundle abs /bin/sh -c 'cat /proc/self/cgroup'
edit_config "$B" ".linux.cgroupsPath = \"$abs\""
run_husk --root "$ROOT" run --bundle "$B" abs1
like "$out" ":$abs\$" "an absolute cgroupsPath"
for d in "${made[@]}"; do find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null; rmdir "$(dirname "$d")" 2>/dev/null; done

# update: flags and --resources, on the running container.
H update --memory 96m --memory-swap 192m --pids-limit 50 --cpu-share 256 v1 2>"$T/up.err"
is "$?" 0 "update with runc's flags"
if $V2; then
  is "$(cat "$(dir memory v1)/memory.max") $(cat "$(dir pids v1)/pids.max") $(cat "$(dir cpu v1)/cpu.weight")" "100663296 50 35" "update changed memory, pids and cpu weight (shares 256 -> weight 35)"
else
  is "$(cat "$(dir memory v1)/memory.limit_in_bytes") $(cat "$(dir memory v1)/memory.memsw.limit_in_bytes") $(cat "$(dir pids v1)/pids.max") $(cat "$(dir cpu v1)/cpu.shares")" "100663296 201326592 50 256" "update changed memory, swap, pids and cpu shares"
fi
echo '{"pids": {"limit": 60}, "cpu": {"quota": 20000}}' | H update --resources - v1
is "$(cat "$(dir pids v1)/pids.max")" 60 "update --resources - (JSON on stdin, as containerd sends it)"
expect_fail "update: swap below the limit is refused" 'linux.resources.memory.swap: 1048576 is less than the memory limit 100663296' --root "$ROOT" update --memory 96m --memory-swap 1m v1
expect_fail "update: a bad size names the flag" '--memory: expected a size such as 64m, 1g or -1, got "lots"' --root "$ROOT" update --memory lots v1
printf '{"memory": {"limit": "big"}}' >"$T/res.json"
expect_fail "update: a bad resources file names the file and field" "$T/res.json: memory.limit: expected an integer" --root "$ROOT" update --resources "$T/res.json" v1

# ps, exec joins the cgroup, events --stats.
pid=$(H state v1 | jq -r .pid)
is "$(H ps --format json v1)" "[$pid]" "ps --format json: the pids, as containerd's shim reads them"
run_husk --root "$ROOT" ps v1
like "$out" "PID" "ps: ps's header"
like "$out" "^[^ ]+ +$pid " "ps: the container's process"
run_husk --root "$ROOT" exec v1 /bin/sh -c 'cat /proc/self/cgroup'
like "$out" "$P/v1" "exec: the new process is in the container's cgroup"
# exec --cgroup: into an existing sub-cgroup (every hierarchy, or one).
# (A new v1 cpuset cgroup takes no process until it has cpus and mems.)
for d in $(jq -r '.cgroupPaths[]' "$ROOT/v1/state.json"); do
  mkdir -p "$d/sub"
  [ -f "$d/cpuset.cpus" ] && ! $V2 && cat "$d/cpuset.cpus" >"$d/sub/cpuset.cpus" && cat "$d/cpuset.mems" >"$d/sub/cpuset.mems"
done
run_husk --root "$ROOT" exec --cgroup sub v1 /bin/sh -c 'cat /proc/self/cgroup'
like "$out" "$P/v1/sub" "exec --cgroup sub: the process is in the sub-cgroup"
if ! $V2; then
  run_husk --root "$ROOT" exec --cgroup pids:sub v1 /bin/sh -c 'cat /proc/self/cgroup'
  is "$(printf '%s\n' "$out" | grep -c "/sub$")" 1 "exec --cgroup pids:sub: only the pids hierarchy"
fi
expect_fail "exec --cgroup of a missing sub-cgroup" '--cgroup "nosuch": the sub-cgroup' --root "$ROOT" exec --cgroup nosuch v1 true
expect_fail "exec --cgroup with .." '--cgroup "../x": must not contain ".."' --root "$ROOT" exec --cgroup ../x v1 true
run_husk --root "$ROOT" events --stats v1
is "$(printf '%s' "$out" | jq -r '.type + " " + .id')" "stats v1" "events --stats: a stats event"
is "$(printf '%s' "$out" | jq -r '.data.memory.usage.limit')" 100663296 "events --stats: the memory limit"
like "$(printf '%s' "$out" | jq -r '.data.pids.current')" '^[1-9]' "events --stats: pids.current"
timeout 1 "$HUSK" --root "$ROOT" events --interval 200ms v1 >"$T/ev.out" 2>&1
like "$(grep -c '"type":"stats"' "$T/ev.out")" '^[3-6]$' "events --interval 200ms: a stats event every interval"
H delete --force v1

# pause and resume: a counter stops and goes on.
mkdir -p "$T/cnt"
bundle p1 /bin/sh -c 'while :; do echo x >>/cnt/n; done'
edit_config "$B" ".mounts += [{\"destination\": \"/cnt\", \"type\": \"bind\", \"source\": \"$T/cnt\", \"options\": [\"bind\"]}]"
track_container p1
H run -d --bundle "$B" p1 >/dev/null 2>&1
for _ in $(seq 200); do [ -s "$T/cnt/n" ] && break; sleep 0.05; done
H pause p1
is "$?/$(H state p1 | jq -r .status)" "0/paused" "pause: the state says paused"
is "$(H list -f json | jq -r '.[] | select(.id == "p1") | .status')" paused "pause: list says paused (the freezer's state)"
a=$(wc -l <"$T/cnt/n"); sleep 0.3; b=$(wc -l <"$T/cnt/n")
is "$a" "$b" "pause: the counter stopped"
expect_fail "exec in a paused container is refused" 'cannot exec in a paused container (use --ignore-paused to override): "p1"' --root "$ROOT" exec p1 true
H resume p1
for _ in $(seq 200); do c=$(wc -l <"$T/cnt/n"); [ "$c" -gt "$b" ] && break; sleep 0.05; done
if [ "$b" -gt 0 ] && [ "$c" -gt "$b" ]; then pass "resume: the counter goes on"; else fail "resume: the counter goes on" "before $b, after $c"; fi
is "$(H state p1 | jq -r .status)" running "resume: running again"
expect_fail "resume of a running container" 'container not paused: cannot resume "p1": it is running' --root "$ROOT" resume p1
H pause p1
H delete --force p1
is "$?/$(left_cgroups)" "0/" "delete --force of a paused container kills it and removes the cgroup"

# kill --all reaches every process (also ones outside a pid namespace).
bundle k1 /bin/sh -c 'sleep 3600 & sleep 3600 & sleep 3600'
edit_config "$B" '.linux.namespaces = [.linux.namespaces[] | select(.type != "pid")]'
track_container k1
H run -d --bundle "$B" k1 >/dev/null 2>&1
for _ in $(seq 100); do [ "$(H ps --format json k1 | jq length)" = 3 ] && break; sleep 0.05; done
n=$(H ps --format json k1 | jq length)
is "$n" 3 "ps: the shell and its two children (the last command is exec'd)"
procs=$(dir pids k1)/cgroup.procs
H kill --all k1 KILL
for _ in $(seq 50); do [ -z "$(cat "$procs" 2>/dev/null)" ] && break; sleep 0.05; done
is "$(cat "$procs")" "" "kill --all: every process of the cgroup is gone"
H delete --force k1 >/dev/null 2>&1

# kill as runc, in the words containerd's shim matches: signal 0 checks
# liveness; kill of a stopped container fails with "container not running";
# kill --all of a stopped container succeeds and still reaches what is left
# in its cgroup (a container in another's pid namespace: its processes
# outlive its init, as in a Kubernetes pod).
bundle s1 /bin/helper sleep 3600
track_container s1
H run -d --bundle "$B" s1 >/dev/null 2>&1
ok "kill ID 0 of a running container: alive" H kill s1 0
spid=$(H state s1 | jq -r .pid)
bundle s2 /bin/sh -c 'sleep 3600 & exit 3'
edit_config "$B" "del(.hostname) | .linux.namespaces = [.linux.namespaces[] | select(.type != \"pid\" and .type != \"uts\")] + [{\"type\": \"pid\", \"path\": \"/proc/$spid/ns/pid\"}]"
track_container s2
H run -d --bundle "$B" s2 >/dev/null 2>&1
wait_status s2 stopped
procs=$(dir pids s2)/cgroup.procs
is "$(H state s2 | jq -r .status):$(wc -l <"$procs")" "stopped:1" "a container in another's pid namespace: stopped, its child left in its cgroup"
is "$(H ps --format json s2 | jq length)" 1 "ps of a stopped container lists what is left in its cgroup"
expect_fail "kill ID 0 of a stopped container" 'container not running: "s2" is stopped' --root "$ROOT" kill s2 0
expect_fail "kill of a stopped container: runc's words" 'container not running: "s2" is stopped' --root "$ROOT" kill s2 KILL
ok "kill --all of a stopped container succeeds" H kill --all s2 KILL
for _ in $(seq 100); do [ -z "$(cat "$procs")" ] && break; sleep 0.05; done
is "$(cat "$procs")" "" "kill --all after the init exited kills what is left in the cgroup"
ok "kill --all of a stopped container with nothing left succeeds" H kill --all s2 KILL
run_husk --root "$ROOT" ps s2
is "$rc:$(printf '%s\n' "$out" | wc -l):$(H ps --format json s2)" "0:1:[]" "ps of a stopped container: the header only, exit 0 (as runc); json: []"
ok "kill --all SIGTERM of a stopped container succeeds too" H kill --all s2 TERM
H delete s2
H delete --force s1
expect_fail "kill of a container that does not exist: runc's words" 'container does not exist: "s2"' --root "$ROOT" kill --all s2 KILL

# A cgroup frozen by someone else (the cgroup itself, or its parent when
# husk makes the cgroup below it): create fails at once, as runc's
# "container's cgroup unexpectedly frozen", instead of hanging with the
# container's lock held; nothing is left.  (runc 1.1.5 hangs on the parent
# case.)  Bounded by timeout, so that a hang fails the test.
if $V2; then FRZ=/sys/fs/cgroup/$P/frz; else FRZ=/sys/fs/cgroup/freezer/$P/frz; fi
mkdir -p "$FRZ"
if $V2; then echo 1 >"$FRZ/cgroup.freeze"; else echo FROZEN >"$FRZ/freezer.state"; fi
for where in frz frz/below; do
  bundle "$where" /bin/true
  err=$(timeout -s KILL 60 "$HUSK" --root "$ROOT" run --bundle "$B" frozen1 2>&1 </dev/null)
  rc=$?
  like "$rc:$err" "^1:.*container's cgroup unexpectedly frozen: \"$P/$where\" is frozen" "create into a frozen cgroup ($where) fails at once"
  is "$(ls "$ROOT" | grep -c frozen1):$(find /sys/fs/cgroup -type d -path "*/$P/frz/below" | wc -l)" "0:0" "frozen cgroup ($where): no state, no cgroup left"
done
if $V2; then echo 0 >"$FRZ/cgroup.freeze"; else echo THAWED >"$FRZ/freezer.state"; fi
# (frz itself, in the other hierarchies, is the parent husk made for frz/below)
find /sys/fs/cgroup -depth -type d -path "*/$P/frz" -exec rmdir {} \; 2>/dev/null

# memory.kernelTCP: v1's memory.kmem.tcp.limit_in_bytes where the kernel
# has it (this host's does), a warning where it has not (v2).
bundle ktcp /bin/helper sleep 3600
edit_config "$B" '.linux.resources = {"memory": {"kernelTCP": 16777216}}'
track_container ktcp
run_husk --root "$ROOT" run -d --bundle "$B" ktcp
if ! $V2 && [ -f "$(dir memory ktcp)/memory.kmem.tcp.limit_in_bytes" ]; then
  is "$rc:$err:$(cat "$(dir memory ktcp)/memory.kmem.tcp.limit_in_bytes")" "0::16777216" "memory.kernelTCP is set on v1 (memory.kmem.tcp.limit_in_bytes)"
else
  is "$rc:$err" "0:husk: warning: linux.resources.memory.kernelTCP: kernel memory limits are not supported by this kernel and are ignored" "memory.kernelTCP without the v1 file: a warning"
fi
H delete --force ktcp >/dev/null 2>&1

# Limits that bite: OOM kill (and its event), pids.max, devices.
bundle o1 /bin/sh -c 'tail /dev/zero'
edit_config "$B" '.linux.resources = {"memory": {"limit": 33554432, "swap": 33554432}}'
track_container o1
H create --bundle "$B" o1 >/dev/null 2>&1
H events --interval 100ms o1 >"$T/events.out" 2>&1 &
ev=$!
H start o1
wait_status o1 stopped
for _ in $(seq 40); do kill -0 $ev 2>/dev/null || break; sleep 0.1; done
kill $ev 2>/dev/null; wait $ev 2>/dev/null
like "$(grep -c '"type":"oom"' "$T/events.out")" '^[1-9]' "a 32 MiB container that allocates more is OOM-killed and events reports it"
H delete o1 >/dev/null 2>&1

fork_bomb='for i in $(seq 20); do sleep 5 & done; echo forked-20; kill $(jobs -p)'
bundle f1 /bin/sh -c "$fork_bomb"
edit_config "$B" '.linux.resources = {"pids": {"limit": 10}}'
run_husk --root "$ROOT" run --bundle "$B" f1
like "$rc $err" "^[1-9].*can't fork" "pids.max 10: the 11th fork fails"
edit_config "$B" '.linux.resources = {"pids": {"limit": 30}}'
run_husk --root "$ROOT" run --bundle "$B" f2
is "$rc/$out" "0/forked-20" "pids.max 30: the same 20 forks succeed"

# /dev/kmsg (1:11) takes writes from root; runc's default rules do not
# allow it.  /dev is a tmpfs without nodev, so only the device rules stand
# in the way.
kmsg='mknod /dev/k c 1 11 && echo mknod-ok; echo "husk device test" >/dev/k && echo write-ok; echo x >/dev/null && echo null-ok'
bundle d1 /bin/sh -c "$kmsg"
edit_config "$B" '.process.capabilities.bounding += ["CAP_MKNOD"] | .process.capabilities.effective += ["CAP_MKNOD"] | .process.capabilities.permitted += ["CAP_MKNOD"]'
run_husk --root "$ROOT" run --bundle "$B" d1
is "$out" "$(printf 'mknod-ok\nnull-ok')" "devices: mknod is allowed, writing a denied device is not, /dev/null is"
like "$err" "Operation not permitted" "devices: the denied open fails with EPERM"
bundle d2 /bin/sh -c "$kmsg"
edit_config "$B" '.process.capabilities.bounding += ["CAP_MKNOD"] | .process.capabilities.effective += ["CAP_MKNOD"] | .process.capabilities.permitted += ["CAP_MKNOD"] | .linux.resources.devices += [{"allow": true, "type": "c", "major": 1, "minor": 11, "access": "w"}]'
run_husk --root "$ROOT" run --bundle "$B" d2
is "$out" "$(printf 'mknod-ok\nwrite-ok\nnull-ok')" "devices: a rule allowing c 1:11 w lets the write through"
# Listing a device in linux.devices creates its node, it grants nothing:
# with the rules denying everything, the container may not read or write
# the host's kernel log through it (runc: Operation not permitted).
bundle d3 /bin/sh -c 'ls -l /dev/kmsg >/dev/null && echo node-ok; echo "husk device test" >/dev/kmsg && echo write-ok; echo x >/dev/null && echo null-ok'
edit_config "$B" '.linux.devices = [{"path": "/dev/kmsg", "type": "c", "major": 1, "minor": 11, "fileMode": 438}] | .linux.resources.devices = [{"allow": false, "access": "rwm"}]'
run_husk --root "$ROOT" run --bundle "$B" d3
is "$out" "$(printf 'node-ok\nnull-ok')" "devices: a linux.devices node is not allowed by being listed"
like "$err" "/dev/kmsg: Operation not permitted" "devices: opening it fails with EPERM"

# The cgroup of a running container is not taken by another one.
bundle u1 /bin/helper sleep 3600
track_container u1
H run -d --bundle "$B" u1 >/dev/null 2>&1
expect_fail "a cgroup in use by another container is refused" "linux.cgroupsPath: the cgroup \"$P/u1\" already has 1 process(es) in it" --root "$ROOT" run --bundle "$B" u2
is "$(H state u1 | jq -r .status)" running "the first container is unharmed"
H delete --force u1

# cgroup v1 details, side by side with runc where it is installed: each
# runtime gets the same config under its own name (NAME-husk, NAME-runc)
# and the same commands, and what they leave is compared, names aside.
RUNC=$(command -v runc || true)
RR () { runc --root "$T/runc-root" "$@"; }
rbundle () { # rbundle NAME ARGS...: $T/rb for runc (cgroupsPath $P/NAME; a rootfs path without symlink)
  local name=$1; shift
  make_bundle "$T/rb" "$@"
  edit_config "$T/rb" ".linux.cgroupsPath = \"$P/$name\" | .root.path = \"$T/rootfs\""
}
rdirs () { jq -r '.cgroup_paths[]' "$T/runc-root/$1/state.json" | sort -u; } # rdirs ID: runc's directories
norm () { sed -e 's/-husk\b/-RT/g' -e 's/-runc\b/-RT/g'; }
no_runc () { skip "runc is not installed: no side-by-side check of $1"; }
if [ -n "$RUNC" ]; then at_exit 'for c in $(runc --root "$T/runc-root" list -q 2>/dev/null); do runc --root "$T/runc-root" delete -f "$c"; done'; fi

# A parent made with a plain mkdir has an empty cpuset, and a cgroup below
# it takes no process (ENOSPC) until every level from the top has cpus and
# mems: filled from the parent chain, as runc does.  Two empty levels.
cs_own=$(sed -n 's/^[0-9]*:cpuset://p' /proc/self/cgroup)
CS=/sys/fs/cgroup/cpuset${cs_own%/}
if ! $V2 && [ -f "$CS/cpuset.cpus" ]; then
  cs_view () { # cs_view RT: cpus/mems of the two levels made with mkdir
    printf '%s/%s %s/%s' "$(cat "$CS/$P/mk-$1/cpuset.cpus")" "$(cat "$CS/$P/mk-$1/cpuset.mems")" \
      "$(cat "$CS/$P/mk-$1/a/cpuset.cpus")" "$(cat "$CS/$P/mk-$1/a/cpuset.mems")"
  }
  show='echo $(grep -E "^(Cpus|Mems)_allowed_list" /proc/self/status | tr -d "\t")'
  mkdir -p "$CS/$P/mk-husk/a" "$CS/$P/mk-runc/a"
  is "$(cs_view husk)" "/ /" "mkdir leaves a v1 cpuset empty"
  bundle mk-husk/a/c /bin/sh -c "$show"
  run_husk --root "$ROOT" run --bundle "$B" cs-husk
  husk_cs="$rc: $out: $(cs_view husk)"
  c=$(cat "$CS/cpuset.cpus"); m=$(cat "$CS/cpuset.mems")
  is "$husk_cs" "0: Cpus_allowed_list:$c Mems_allowed_list:$m: $c/$m $c/$m" \
    "below parents made with mkdir the container runs, their cpuset filled from the chain above"
  if [ -n "$RUNC" ]; then
    rbundle mk-runc/a/c /bin/sh -c "$show"
    rout=$(RR run --bundle "$T/rb" cs-runc 2>&1 </dev/null)
    is "$husk_cs" "$?: $rout: $(cs_view runc)" "the same run, cpus and mems as runc's"
  else
    no_runc "a cpuset filled from its parents"
  fi
  # (and the parents both made on the way in the other hierarchies)
  find /sys/fs/cgroup -depth -type d -path "*/$P/mk-*" -exec rmdir {} \;
else
  skip "no v1 cpuset hierarchy here (on v2 an empty cpuset means the parent's)"
fi

# One container each, with a memory and a swap limit, for the rest.
mx_res='{"memory": {"limit": 67108864, "swap": 134217728}}'
bundle mx-husk /bin/helper sleep 3600
edit_config "$B" ".linux.resources = $mx_res"
track_container mx-husk
H run -d --bundle "$B" mx-husk >/dev/null 2>&1 </dev/null
is "$(H state mx-husk | jq -r .status)" running "a container with memory and swap limits"
if [ -n "$RUNC" ]; then
  rbundle mx-runc /bin/helper sleep 3600
  edit_config "$T/rb" ".linux.resources = $mx_res"
  RR run -d --bundle "$T/rb" mx-runc >/dev/null 2>&1 </dev/null
fi

# update --memory -1 with a swap limit set: memory+swap may never be below
# memory, so the two writes go in the order that keeps it (runc's
# setMemoryAndSwap), and -1 alone lifts swap with memory.  The same
# updates, each read back from the files, compared with runc's.
mem_dir () { if [ "$1" = husk ]; then dir memory mx-husk; else jq -r '.cgroup_paths.memory // .cgroup_paths[""]' "$T/runc-root/mx-runc/state.json"; fi; }
mem_of () { # mem_of DIR: memory and memory+swap (v2: swap) as the files say
  if $V2; then echo "$(cat "$1/memory.max") $(cat "$1/memory.swap.max")"
  else echo "$(cat "$1/memory.limit_in_bytes") $(cat "$1/memory.memsw.limit_in_bytes")"; fi
}
mem_steps () { # mem_steps husk|runc: a line per update, "ok|fail: memory swap"
  local d s
  d=$(mem_dir "$1")
  for s in "--memory -1" "--memory 32m --memory-swap 48m" "--memory 256m --memory-swap 512m" "--memory-swap -1" \
           "--memory 64m --memory-swap 128m" "--memory 1g"; do
    # shellcheck disable=SC2086
    if [ "$1" = husk ]; then H update $s mx-husk 2>>"$T/mem.err"; else RR update $s mx-runc 2>/dev/null; fi \
      && printf 'ok: ' || printf 'fail: '
    mem_of "$d"
  done
}
if [ -e "$(dir memory mx-husk)/memory.memsw.limit_in_bytes" ] || [ -e "$(dir memory mx-husk)/memory.swap.max" ]; then
  husk_mem=$(mem_steps husk)
  if $V2; then
    want=$(printf 'ok: max max\nok: 33554432 16777216\nok: 268435456 268435456\nok: 268435456 max\nok: 67108864 67108864\nok: 1073741824 67108864')
  else
    u=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)
    want=$(printf 'ok: %s %s\nok: 33554432 50331648\nok: 268435456 536870912\nok: 268435456 %s\nok: 67108864 134217728\nfail: 67108864 134217728' "$u" "$u" "$u")
  fi
  is "$husk_mem" "$want" "update: --memory -1 with a swap limit lifts both; limits go down, up, to unlimited and back"
  $V2 || like "$(cat "$T/mem.err")" 'linux.resources.memory.limit: 1073741824 is above the memory\+swap limit \(134217728\) of the cgroup: raise linux.resources.memory.swap \(--memory-swap\) with it' \
    "update: a memory limit above memory+swap says so"
  if [ -n "$RUNC" ]; then is "$husk_mem" "$(mem_steps runc)" "update: the same limits as runc leaves"; else no_runc "memory updates"; fi
else
  skip "no swap accounting in this kernel"
fi

if ! $V2; then
  # exec --cgroup with a list of controllers joins the sub-cgroup in each
  # hierarchy holding one of them (cpu and cpuacct are apart on some hosts,
  # together on others), and only there.  (A new v1 cpuset cgroup takes no
  # process until it has cpus and mems.)
  mk_sub () { local d; for d; do mkdir -p "$d/sub"; [ -f "$d/cpuset.cpus" ] && cat "$d/cpuset.cpus" >"$d/sub/cpuset.cpus" && cat "$d/cpuset.mems" >"$d/sub/cpuset.mems"; done; }
  # shellcheck disable=SC2046
  mk_sub $(jq -r '.cgroupPaths[]' "$ROOT/mx-husk/state.json")
  in_sub () { awk -F: '$3 ~ /\/sub$/ {print $2}' | paste -sd' '; } # the hierarchies a process is in sub in
  cpu_hiers=$(awk -F: '$2 ~ /(^|,)cpu(acct)?(,|$)/ {print $2}' /proc/self/cgroup | paste -sd' ')
  for arg in cpu,cpuacct:sub cpuacct,cpu:sub; do
    run_husk --root "$ROOT" exec --cgroup "$arg" mx-husk cat /proc/self/cgroup
    is "$rc: $(printf '%s\n' "$out" | in_sub)" "0: $cpu_hiers" "exec --cgroup $arg: in sub in the hierarchies of cpu and cpuacct only"
  done
  v1_only () { grep -v '^0::' | norm; } # (the v2 hierarchy of a hybrid host: below)
  husk_ex=$(printf '%s\n' "$out" | v1_only)
  if [ -n "$RUNC" ]; then
    # shellcheck disable=SC2046
    mk_sub $(rdirs mx-runc)
    is "$husk_ex" "$(RR exec --cgroup cpuacct,cpu:sub mx-runc cat /proc/self/cgroup 2>&1 | v1_only)" "exec --cgroup cpuacct,cpu:sub: the same v1 cgroups as runc's"
  else
    no_runc "exec --cgroup with a list of controllers"
  fi
  expect_fail "exec --cgroup: an empty controller name" '--cgroup ":sub": an empty controller name' --root "$ROOT" exec --cgroup :sub mx-husk true
  expect_fail "exec --cgroup: an unknown controller in a list" '--cgroup "cpu,nosuch:sub": no nosuch hierarchy here' --root "$ROOT" exec --cgroup cpu,nosuch:sub mx-husk true
  expect_fail "exec --cgroup: a hierarchy given twice" '--cgroup "cpu:sub": the cpu' --root "$ROOT" exec --cgroup cpu,pids:sub --cgroup cpu:sub mx-husk true
  expect_fail "exec --cgroup: a path for every hierarchy and another" '--cgroup "sub": a sub-cgroup for every hierarchy must be the only --cgroup' --root "$ROOT" exec --cgroup sub --cgroup pids:sub mx-husk true
else
  skip "cgroup v2: one hierarchy, no controller lists for exec --cgroup"
fi

# A hybrid host (v1 controllers, the v2 hierarchy at /sys/fs/cgroup/unified):
# the container is placed in the v2 hierarchy too, as runc does; the state
# records it, exec joins it, ps, pause and kill go on as before, and delete
# removes it.
if ! $V2 && [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
  uni=$(dir unified mx-husk)
  pid=$(H state mx-husk | jq -r .pid)
  is "$(cat "$uni/cgroup.procs" 2>&1)" "$pid" "hybrid: the container's process is in the v2 hierarchy too (cgroupPaths.unified)"
  run_husk --root "$ROOT" exec mx-husk cat /proc/self/cgroup
  husk_ex=$(printf '%s\n' "$out" | norm)
  own2=$(sed -n 's/^0:://p' /proc/self/cgroup)
  like "$husk_ex" "^0::${own2%/}/$P/mx-RT\$" "hybrid: exec joins the container's v2 cgroup"
  is "$(H ps --format json mx-husk)" "[$pid]" "hybrid: ps"
  H pause mx-husk
  is "$(H state mx-husk | jq -r .status)" paused "hybrid: pause (the v1 freezer)"
  H resume mx-husk
  if [ -n "$RUNC" ]; then
    is "$(jq -r '.cgroupPaths.unified' "$ROOT/mx-husk/state.json" | norm)" "$(jq -r '.cgroup_paths[""]' "$T/runc-root/mx-runc/state.json" | norm)" "hybrid: the v2 directory is runc's"
    is "$husk_ex" "$(RR exec mx-runc cat /proc/self/cgroup 2>&1 | norm)" "hybrid: exec is in the same cgroups as runc's"
  else
    no_runc "the hybrid host's v2 hierarchy"
  fi
  H delete --force mx-husk
  is "$?:$(ls -d "$uni" 2>&1)" "0:ls: cannot access '$uni': No such file or directory" "hybrid: delete removes the v2 directory"
  # A v2 hierarchy that husk may not write (read-only, in a mount namespace
  # of the test's own): it only places, no limit lives there, so the
  # container runs without it, as with runc (which says nothing); husk
  # warns.
  ro_run () { # ro_run RUNTIME ARGS...
    unshare -m --propagation private sh -c 'mount --bind /sys/fs/cgroup/unified /sys/fs/cgroup/unified &&
      mount -o remount,bind,ro /sys/fs/cgroup/unified && exec "$@"' sh "$@" </dev/null
  }
  bundle ro-husk /bin/sh -c 'grep "^0::" /proc/self/cgroup'
  ro_out=$(ro_run "$HUSK" --root "$ROOT" run --bundle "$B" ro-husk 2>"$T/ro.err"; echo "rc $?")
  is "$ro_out" "$(printf '0::%s\nrc 0' "$own2")" "hybrid, the v2 hierarchy read-only: the container runs, not placed there"
  like "$(cat "$T/ro.err")" "^husk: warning: cgroup: create \"/sys/fs/cgroup/unified${own2%/}/$P/ro-husk\": Read-only file system; the container is not placed in the v2 hierarchy\$" \
    "hybrid, the v2 hierarchy read-only: a warning says so"
  if [ -n "$RUNC" ]; then
    rbundle ro-runc /bin/sh -c 'grep "^0::" /proc/self/cgroup'
    is "$ro_out" "$(ro_run runc --root "$T/runc-root" run --bundle "$T/rb" ro-runc 2>/dev/null; echo "rc $?")" "hybrid, the v2 hierarchy read-only: as with runc"
  else
    no_runc "a read-only v2 hierarchy"
  fi
else
  skip "not a hybrid host (no cgroup2 at /sys/fs/cgroup/unified beside v1)"
fi
H delete --force mx-husk >/dev/null 2>&1
if [ -n "$RUNC" ]; then RR delete --force mx-runc; fi
is "$(left_cgroups)" "" "the containers with memory limits leave no cgroup"

# Bad input: the field is named, nothing is left.
bad () { # bad DESC JQ WANT
  bundle bad /bin/true
  edit_config "$B" "$2"
  expect_fail "$1" "$3" --root "$ROOT" run --bundle "$B" x
}
bad "swap below the limit" '.linux.resources = {"memory": {"limit": 67108864, "swap": 1048576}}' 'linux.resources.memory.swap: 1048576 is less than the memory limit 67108864'
bad "cgroupsPath escaping with .." ".linux.cgroupsPath = \"$P/../../escape\"" "linux.cgroupsPath: \"$P/../../escape\" must not contain \"..\""
bad "unified key with /" '.linux.resources = {"unified": {"memory.max/x": "1"}}' 'linux.resources.unified: invalid cgroup file name "memory.max/x"'
if $V2; then
  bad "unknown unified key" '.linux.resources = {"unified": {"memory.nosuch": "1"}}' 'linux.resources.unified["memory.nosuch"]'
  bad "realtime on v2" '.linux.resources = {"cpu": {"realtimeRuntime": 1000}}' 'linux.resources.cpu.realtimeRuntime: cgroup v2 has no real-time scheduling limits'
else
  bad "unified on a v1 host" '.linux.resources = {"unified": {"memory.max": "1"}}' 'linux.resources.unified: needs cgroup v2 (this host has v1)'
fi
[ -d /sys/fs/cgroup/net_cls ] || bad "a controller the host lacks (net_cls)" '.linux.resources = {"network": {"classID": 1}}' 'linux.resources.network'
[ -d /sys/fs/cgroup/hugetlb ] || $V2 || bad "a controller the host lacks (hugetlb)" '.linux.resources = {"hugepageLimits": [{"pageSize": "2MB", "limit": 2097152}]}' 'linux.resources.hugepageLimits[0]: the hugetlb controller is not available on this host'
expect_fail "--systemd-cgroup says it is not available" '--systemd-cgroup: the systemd cgroup driver is not available in husk yet' --root "$ROOT" --systemd-cgroup run --bundle "$B" x
no_residue "bad input: no state left"
is "$(left_cgroups)" "" "bad input: no cgroup left"

done_testing
