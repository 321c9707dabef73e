#!/bin/bash
# The container lifecycle on this host, as root: run, create/start/state,
# kill, delete, exit statuses, isolation seen from inside (tests/helper), and
# broken bundles leaving nothing behind.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"

need_root_rootfs "lifecycle tests"
B="$T/b"
H () { "$HUSK" --root "$ROOT" "$@"; }
host_mounts () { grep -c "$T" /proc/self/mountinfo; }

# run: isolation seen from inside.
make_bundle "$B" /bin/helper all
track_container r1
run_husk --root "$ROOT" run --bundle "$B" r1
is "$rc" 0 "run helper: exit 0"
for ns in pid mnt net ipc uts; do
  inside=$(printf '%s\n' "$out" | sed -n "s/^ns $ns: //p")
  host=$(stat -L -c %i /proc/self/ns/$ns)
  if [ -n "$inside" ] && [ "$inside" != "$host" ]; then pass "new $ns namespace"; else fail "new $ns namespace" "inside=$inside host=$host"; fi
done
is "$(printf '%s\n' "$out" | sed -n 's/^hostname: //p')" husk "hostname from config.json"
is "$(printf '%s\n' "$out" | grep -c '^fd ')" 3 "only fds 0, 1 and 2 reach the container"
is "$(printf '%s\n' "$out" | sed -n 's/^cwd: //p')" / "cwd"
is "$(printf '%s\n' "$out" | sed -n 's/^NoNewPrivs: //p')" 1 "noNewPrivileges"
is "$(printf '%s\n' "$out" | sed -n 's/^RLIMIT_NOFILE: //p')" "1024 1024" "rlimits"
is "$(ls "$ROOT")" "" "run without --keep removes the container"
is "$(host_mounts)" 0 "no mount of the container is left in the host's namespace"

# --no-pivot (MS_MOVE + chroot), sysctl, domainname, oomScoreAdj,
# rootfsPropagation.
make_bundle "$B" /bin/sh -c 'cat /proc/sys/net/ipv4/ip_forward /proc/self/oom_score_adj; hostname; cat /proc/sys/kernel/domainname'
edit_config "$B" '.linux.sysctl = {"net.ipv4.ip_forward": "1"} | .process.oomScoreAdj = 123 | .domainname = "example.test" | .linux.rootfsPropagation = "private"'
run_husk --root "$ROOT" run --no-pivot --bundle "$B" np1
is "$out$err" "$(printf '1\n123\nhusk\nexample.test')" "--no-pivot, sysctl, oomScoreAdj, hostname and domainname"

# Socket activation: LISTEN_FDS fds pass through with LISTEN_FDS/LISTEN_PID.
make_bundle "$B" /bin/sh -c 'echo "$LISTEN_FDS $LISTEN_PID"; test -e /proc/self/fd/4 && echo fd4 || echo no-fd4; cat <&3'
echo activated >"$T/fd3"
out=$(LISTEN_FDS=1 "$HUSK" --root "$ROOT" run --bundle "$B" lfd 3<"$T/fd3" 2>&1)
is "$out" "$(printf '1 1\nno-fd4\nactivated')" "LISTEN_FDS: fd 3 passed (and nothing past it), LISTEN_FDS and LISTEN_PID set"

# A symlink planted in the rootfs cannot redirect a mount to the host (the
# CVE-2021-30465 class): the destination resolves inside the rootfs.
mkdir -p "$T/hostside" "$T/bindsrc"
ln -sfn "$T/hostside" "$T/rootfs/evil"
echo secret >"$T/bindsrc/s"
make_bundle "$B" /bin/sh -c 'cat /evil/x/s'
edit_config "$B" ".mounts += [{\"destination\": \"/evil/x\", \"type\": \"bind\", \"source\": \"$T/bindsrc\", \"options\": [\"bind\"]}]"
run_husk --root "$ROOT" run --bundle "$B" sym1
is "$out" secret "the mount through the symlink is visible inside"
ok "nothing was created or mounted on the host side of the symlink" test ! -e "$T/hostside/x"
ok "it landed inside the rootfs instead" test -d "$T/rootfs$T/hostside/x"
rm -f "$T/rootfs/evil"; rm -rf "$T/rootfs$T"
is "$(host_mounts)" 0 "no mount left on the host"

# Exit statuses.
make_bundle "$B" /bin/sh -c 'exit 3'
run_husk --root "$ROOT" run --bundle "$B" r2
is "$rc" 3 "run: the container's exit status"
make_bundle "$B" /bin/helper sleep 3600
track_container r3
( "$HUSK" --root "$ROOT" run --bundle "$B" r3 >/dev/null 2>&1; echo $? >"$T/r3.rc" ) &
for _ in $(seq 50); do [ "$(H state r3 2>/dev/null | jq -r .status)" = running ] && break; sleep 0.1; done
H kill r3 KILL
wait
is "$(cat "$T/r3.rc")" 137 "run: killed by SIGKILL exits 137"

# create / start / state / kill / delete.
make_bundle "$B" /bin/helper wait-signal
track_container c1
H create --bundle "$B" --pid-file "$T/c1.pid" c1 >"$T/c1.out" 2>&1
is "$?" 0 "create"
is "$(H state c1 | jq -r .status)" created "state: created"
is "$(cat "$T/c1.pid")" "$(H state c1 | jq -r .pid)" "pid file holds the init pid"
ok "the init process exists" kill -0 "$(cat "$T/c1.pid")"
expect_fail "create with an id in use" 'container with given ID already exists: "c1"' --root "$ROOT" create --bundle "$B" c1
ok "start" H start c1
is "$(H state c1 | jq -r .status)" running "state: running"
expect_fail "start twice" 'cannot start an already running container: "c1"' --root "$ROOT" start c1
for _ in $(seq 50); do grep -q ready "$T/c1.out" && break; sleep 0.1; done
ok "kill by name" H kill c1 SIGUSR1
for _ in $(seq 50); do grep -q 'signal:' "$T/c1.out" && break; sleep 0.1; done
is "$(sed -n 's/^signal: //p' "$T/c1.out")" 10 "the container got SIGUSR1"
for _ in $(seq 50); do [ "$(H state c1 | jq -r .status)" = stopped ] && break; sleep 0.1; done
is "$(H state c1 | jq -r .status)" stopped "state: stopped after the process exited"
expect_fail "kill a stopped container" 'container not running: "c1" is stopped' --root "$ROOT" kill c1
ok "delete a stopped container" H delete c1
no_residue "delete leaves nothing under --root"

make_bundle "$B" /bin/helper sleep 3600
track_container c2
H create --bundle "$B" c2 >/dev/null 2>&1 && H start c2
pid=$(H state c2 | jq -r .pid)
expect_fail "delete a running container without --force" 'cannot delete container c2 that is not stopped: running' --root "$ROOT" delete c2
ok "delete --force kills and removes" H delete --force c2
ok "the process is gone" test ! -d "/proc/$pid" -o "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z
no_residue "delete --force leaves nothing"
H create --bundle "$B" c3 >/dev/null 2>&1
pid=$(H state c3 | jq -r .pid)
track_container c3
ok "delete --force of a created container" H delete --force c3
no_residue "nothing left of the created container"

# process settings.
make_bundle "$B" /bin/helper ids
edit_config "$B" '.process.user = {"uid": 1000, "gid": 1001, "additionalGids": [5, 7], "umask": 63} | .root.readonly = true'
run_husk --root "$ROOT" run --bundle "$B" u1
is "$(printf '%s\n' "$out" | sed -n 's/^uid: //p')" "1000 1000 1000" "process.user.uid"
is "$(printf '%s\n' "$out" | sed -n 's/^gid: //p')" "1001 1001 1001" "process.user.gid"
is "$(printf '%s\n' "$out" | sed -n 's/^groups: //p')" "5 7" "process.user.additionalGids"
is "$(printf '%s\n' "$out" | sed -n 's/^umask: //p')" "0077" "process.user.umask"
make_bundle "$B" /bin/sh -c 'touch /x 2>/dev/null && echo writable || echo read-only; echo "$FOO"'
edit_config "$B" '.root.readonly = true | .process.env += ["FOO=bar baz"]'
run_husk --root "$ROOT" run --bundle "$B" u2
is "$out" "$(printf 'read-only\nbar baz')" "root.readonly and process.env"

# Capabilities: runc's default sets (CAP_KILL, CAP_NET_BIND_SERVICE,
# CAP_AUDIT_WRITE = 0x20000420) bound root in the container.
make_bundle "$B" /bin/helper caps
run_husk --root "$ROOT" run --bundle "$B" k1
for set in CapBnd CapPrm CapEff; do
  is "$(printf '%s\n' "$out" | sed -n "s/^$set: //p")" 0000000020000420 "capabilities: $set of root"
done
is "$(printf '%s\n' "$out" | sed -n 's/^CapAmb: //p')" 0000000000000000 "capabilities: ambient not inheritable is skipped, as runc does"
edit_config "$B" '.process.user.uid = 1000 | .process.capabilities.inheritable = ["CAP_KILL"] | .process.capabilities.ambient = ["CAP_KILL"]'
run_husk --root "$ROOT" run --bundle "$B" k2
is "$(printf '%s\n' "$out" | sed -n 's/^CapEff: //p')" 0000000000000020 "capabilities: a non-root user keeps its ambient CAP_KILL across exec"
is "$(printf '%s\n' "$out" | sed -n 's/^CapBnd: //p')" 0000000020000420 "capabilities: bounding set for a non-root user"

# The cgroup mount of the default config (read-only): on this v1/hybrid host
# a tmpfs with one directory per hierarchy, with or without a cgroup
# namespace.
expect_hier=$(for d in /sys/fs/cgroup/*; do [ -e "$d" ] && basename "$d"; done | sort | tr '\n' ' ')
for ns in with without; do
  make_bundle "$B" /bin/sh -c 'ls /sys/fs/cgroup | sort | tr "\n" " "; echo; test -e /sys/fs/cgroup/pids/cgroup.procs && echo has-pids; echo $$ > /sys/fs/cgroup/pids/cgroup.procs 2>/dev/null && echo written || echo read-only'
  if [ $ns = with ]; then edit_config "$B" '.linux.namespaces += [{"type": "cgroup"}]'; fi
  run_husk --root "$ROOT" run --bundle "$B" cg-$ns
  if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
    skip "cgroup mount $ns a cgroup namespace: this host is cgroup v2 (tested in the cgroup v2 guest)"
  else
    is "$out" "$(printf '%s\nhas-pids\nread-only' "$expect_hier")" "cgroup mount $ns a cgroup namespace: the host's hierarchies, read-only"
  fi
done

# A namespace type left out of linux.namespaces is the runtime's (the spec;
# runc runs these too): for each type, the container's equals husk's, the
# listed ones do not.  Without a mount namespace the init only chroots into
# the rootfs, and what would mount in the host's namespace is refused.
for t in mount uts ipc network pid cgroup; do
  case $t in mount) f=mnt ;; network) f=net ;; *) f=$t ;; esac
  make_bundle "$B" /bin/helper sleep 3600
  edit_config "$B" ".linux.namespaces = [.linux.namespaces[] | select(.type != \"$t\")] + (if \"$t\" == \"cgroup\" then [] else [{\"type\": \"cgroup\"}] end)"
  [ $t = uts ] && edit_config "$B" 'del(.hostname)'
  [ $t = mount ] && edit_config "$B" '.mounts = [] | del(.linux.maskedPaths) | del(.linux.readonlyPaths) | .root.readonly = false'
  track_container "nons-$t"
  run_husk --root "$ROOT" run -d --bundle "$B" "nons-$t"
  pid=$(H state "nons-$t" 2>/dev/null | jq -r .pid)
  same=$( [ "$(stat -L -c %i "/proc/$pid/ns/$f" 2>/dev/null)" = "$(stat -L -c %i "/proc/self/ns/$f")" ] && echo same || echo differs)
  others=$(for o in mnt uts ipc net pid cgroup; do [ $o = $f ] && continue; [ "$(stat -L -c %i "/proc/$pid/ns/$o")" = "$(stat -L -c %i "/proc/self/ns/$o")" ] && echo "$o"; done | tr '\n' ' ')
  is "$rc:$same:$others" "0:same:" "no $t namespace listed: the container has husk's, and its own of every listed type"
  if [ $t = mount ]; then
    is "$(readlink "/proc/$pid/root")" "$(cd "$B/rootfs" && pwd -P)" "no mount namespace: the init is chrooted into the rootfs"
    is "$(H exec "nons-$t" /bin/sh -c 'test -x /bin/helper && echo inside' 2>&1)" inside "no mount namespace: exec runs in the container's root too"
  fi
  H delete --force "nons-$t" >/dev/null 2>&1
done
make_bundle "$B" /bin/true
edit_config "$B" '.linux.namespaces = [.linux.namespaces[] | select(.type != "mount")]'
expect_fail "no mount namespace, but mounts: refused" 'mounts: needs a mount namespace of the container'"'"'s own (linux.namespaces has no "mount"): without one husk would mount in the host'"'"'s' --root "$ROOT" create --bundle "$B" x
edit_config "$B" '.mounts = [] | del(.linux.readonlyPaths) | .root.readonly = false'
expect_fail "no mount namespace, but masked paths: refused" 'linux.maskedPaths: needs a mount namespace' --root "$ROOT" create --bundle "$B" x
no_residue "no mount namespace: refused configs leave nothing"

# Joining namespaces by path: a second container in the first one's pid and
# network namespaces.
make_bundle "$B" /bin/helper sleep 3600
track_container pj1
H run --detach --bundle "$B" pj1
p1=$(H state pj1 | jq -r .pid)
make_bundle "$T/b2" /bin/helper ns
edit_config "$T/b2" "del(.hostname) | .linux.namespaces = [{\"type\": \"mount\"}, {\"type\": \"pid\", \"path\": \"/proc/$p1/ns/pid\"}, {\"type\": \"network\", \"path\": \"/proc/$p1/ns/net\"}]"
run_husk --root "$ROOT" run --bundle "$T/b2" pj2
is "$(printf '%s\n' "$out" | sed -n 's/^ns pid: //p')" "$(stat -L -c %i /proc/$p1/ns/pid)" "joined the other container's pid namespace by path"
is "$(printf '%s\n' "$out" | sed -n 's/^ns net: //p')" "$(stat -L -c %i /proc/$p1/ns/net)" "joined its network namespace by path"
H delete --force pj1

# A time namespace with offsets: the container's boot clock is a million
# seconds ahead of the host's.
make_bundle "$B" /bin/sh -c 'cut -d. -f1 /proc/uptime'
edit_config "$B" '.linux.namespaces += [{"type": "time"}] | .linux.timeOffsets = {"boottime": {"secs": 1000000, "nanosecs": 0}, "monotonic": {"secs": 500000}}'
run_husk --root "$ROOT" run --bundle "$B" tm1
host_up=$(cut -d. -f1 /proc/uptime)
if [ "$rc" = 0 ] && [ "$out" -ge $((host_up + 999990)) ] && [ "$out" -le $((host_up + 1000010)) ]; then
  pass "timeOffsets: boottime moved by 1000000 s"
else
  fail "timeOffsets: boottime moved by 1000000 s" "inside: $out$err host: $host_up"
fi

# Scheduling, I/O priority, CPU affinity, personality.
make_bundle "$B" /bin/sh -c 'uname -m; sed -n "s/^Cpus_allowed_list:\t*//p" /proc/self/status; sed -n "s/^policy *: *//p" /proc/self/sched; cut -d" " -f19 /proc/self/stat; ionice -p $$'
edit_config "$B" '.process.execCPUAffinity = {"final": "0"} | .process.ioPriority = {"class": "IOPRIO_CLASS_IDLE", "priority": 0} | .process.scheduler = {"policy": "SCHED_BATCH", "nice": 5} | .linux.personality = {"domain": "LINUX32"}'
run_husk --root "$ROOT" run --bundle "$B" sch1
is "$out" "$(printf 'i686\n0\n3\n5\nidle')" "personality LINUX32, execCPUAffinity, SCHED_BATCH, nice, ioprio idle"

# Terminals: the pty master goes over --console-socket, as conmon and
# containerd's shim receive it; without a socket, run proxies it.
PY=${PYTHON3:-python3}
make_bundle "$B" /bin/sh -c 'tty; read line; echo "got $line"; stty size'
edit_config "$B" '.process.terminal = true | .process.consoleSize = {"height": 33, "width": 101}'
track_container tty1
"$PY" "$TOP_SRCDIR/tests/console-recv.py" "$T/console.sock" "$T/console.out" $'hello\n' >"$T/recv.ready" &
recv=$!
for _ in $(seq 50); do [ -s "$T/recv.ready" ] && break; sleep 0.1; done
run_husk --root "$ROOT" create --bundle "$B" --console-socket "$T/console.sock" tty1
is "$rc" 0 "create with --console-socket"
ok "start the terminal container" H start tty1
wait "$recv"
is "$(head -1 "$T/console.out")" "name: /dev/ptmx" "the console socket gets the pty master with runc's name"
like "$(tr -d '\r' <"$T/console.out")" $'/dev/pts/0\n' "the process's stdio is the container's pty"
like "$(tr -d '\r' <"$T/console.out")" 'got hello' "input written to the master reaches the process"
like "$(tr -d '\r' <"$T/console.out")" '33 101' "process.consoleSize"
H delete --force tty1 >/dev/null 2>&1
make_bundle "$B" /bin/sh -c 'tty; exit 7'
edit_config "$B" '.process.terminal = true'
run_husk --root "$ROOT" run --bundle "$B" tty2
is "$rc" 7 "run with a terminal and no socket: exit status"
like "$(printf '%s' "$out" | tr -d '\r')" '^/dev/pts/0' "run proxies the pty"
expect_fail "create with a terminal needs a console socket" 'create "x": process.terminal is true: --console-socket is required' --root "$ROOT" create --bundle "$B" x
expect_fail "unreachable console socket is named" "create \"x\": --console-socket \"$T/nosock\": connect: No such file or directory" --root "$ROOT" create --bundle "$B" --console-socket "$T/nosock" x
no_residue "terminal failures leave nothing"
# The terminal belongs to the process's user (its group stays), as runc
# makes it, for run, exec -t and --console-socket alike; compared with runc's.
make_bundle "$B" /bin/sh -c 'stat -c "%u:%g %a" "$(tty)"; echo reopened >"$(tty)"'
edit_config "$B" '.process.terminal = true | .process.user = {"uid": 1000, "gid": 1000}'
run_husk --root "$ROOT" run --bundle "$B" tty3
is "$rc:$(printf '%s' "$out" | tr -d '\r' | tr '\n' ' ')" "0:1000:5 620 reopened" "run -t as uid 1000: the pty is the user's, who can reopen it"
if command -v runc >/dev/null && command -v script >/dev/null; then
  mkdir -p "$T/b-tty" && jq --arg r "$T/rootfs" '.root.path = $r' "$B/config.json" >"$T/b-tty/config.json"
  rout=$(script -qec "runc --root '$T/runc-root' run --bundle '$T/b-tty' tty3r" /dev/null </dev/null 2>&1 | tr -d '\r\000' | tr '\n' ' ' | sed 's/ $//; s/^\^@//')
  is "$rout" "1000:5 620 reopened" "run -t as uid 1000: the same as runc"
  rm -rf "$T/runc-root"
else
  skip "runc or script is not installed: no side-by-side check of the pty's owner"
fi
make_bundle "$B" /bin/helper sleep 3600
track_container tty4
H run -d --bundle "$B" tty4 >/dev/null 2>&1
run_husk --root "$ROOT" exec -t -u 1000:1000 tty4 sh -c 'stat -c "%u:%g %a" "$(tty)"'
is "$rc:$(printf '%s' "$out" | tr -d '\r')" "0:1000:5 620" "exec -t -u 1000: the pty is the user's"
run_husk --root "$ROOT" exec -t tty4 sh -c 'stat -c "%u:%g" "$(tty)"'
is "$(printf '%s' "$out" | tr -d '\r')" "0:5" "exec -t as root: the pty stays root's"
H delete --force tty4 >/dev/null 2>&1

# /dev/console is the container's pty, as runc binds it (also with a
# read-only root); a /dev/console that is a symlink (into /proc, say) is
# refused, never followed, in an image whose /dev is not husk's tmpfs.
make_bundle "$B" /bin/sh -c 'stat -c %t:%T /dev/console "$(tty)"; grep -c " /dev/console " /proc/self/mountinfo; echo hi >/dev/console'
edit_config "$B" '.process.terminal = true | .root.readonly = true'
run_husk --root "$ROOT" run --bundle "$B" con1
out=$(printf '%s' "$out" | tr -d '\r')
is "$rc:$(printf '%s\n' "$out" | sed -n 1p)" "0:$(printf '%s\n' "$out" | sed -n 2p)" "/dev/console is the process's pty"
is "$(printf '%s\n' "$out" | sed -n '3,4p' | tr '\n' ' ')" "1 hi " "/dev/console: one bind mount, writable, with a read-only root"
edit_config "$B" '.root.readonly = false | .mounts = [.mounts[] | select(.destination != "/dev")]'
rm -rf "$T/conroot" && cp -a "$T/rootfs" "$T/conroot" && mkdir -p "$T/conroot/dev/pts" && ln -s pts/ptmx "$T/conroot/dev/ptmx" && mknod "$T/conroot/dev/null" c 1 3 && ln -sfn "$T/conroot" "$B/rootfs"
: >"$T/conroot/dev/console"
run_husk --root "$ROOT" run --bundle "$B" con2
is "$rc:$(printf '%s\n' "$out" | tr -d '\r' | sed -n 3p)" "0:1" "/dev/console over the image's own (a file), without husk's /dev"
rm -f "$T/conroot/dev/console" && ln -s /proc/sysrq-trigger "$T/conroot/dev/console"
expect_fail "a /dev/console symlink is refused, not followed" 'process.terminal: /dev/console in the container is a symlink, not a file or a device node: refused' --root "$ROOT" run --bundle "$B" con3
no_residue "refused /dev/console: no residue"
ln -sfn "$T/rootfs" "$B/rootfs"
edit_config "$B" '.process.terminal = false'
expect_fail "console socket without a terminal" '--console-socket given, but process.terminal is not true' --root "$ROOT" create --bundle "$B" --console-socket "$T/console.sock" x

# A read-only /dev (mounts[] says ro): mounted read-write for its nodes,
# /dev/pts and the console, then made read-only itself, as runc does; what
# is below it stays as asked.  Compared with runc's.
make_bundle "$B" /bin/sh -c 'touch /dev/x 2>/dev/null && echo dev-rw || echo dev-ro; echo x >/dev/null && echo null-ok; touch /dev/shm/x && echo shm-rw; ls /dev/pts/ptmx >/dev/null && echo pts-ok'
edit_config "$B" ".root.path = \"$T/rootfs\" | .mounts = [.mounts[] | if .destination == \"/dev\" then .options += [\"ro\"] else . end]"
run_husk --root "$ROOT" run --bundle "$B" rodev
is "$rc:$(printf '%s\n' "$out" | tr '\n' ' ')" "0:dev-ro null-ok shm-rw pts-ok " "a read-only /dev: read-only, with its nodes, /dev/pts and /dev/shm"
if command -v runc >/dev/null; then
  is "$(runc --root "$T/runc-root" run --bundle "$B" rodevr 2>&1 | tr '\n' ' ')" "dev-ro null-ok shm-rw pts-ok " "a read-only /dev: the same as runc"
  rm -rf "$T/runc-root"
else
  skip "runc is not installed: no side-by-side check of a read-only /dev"
fi

# Mount options: recursive ones reach submounts; tmpcopyup keeps what the
# tmpfs covers; filesystem options reach the filesystem.
mkdir -p "$T/src/sub"
mount -t tmpfs tmpfs "$T/src/sub" && at_exit "umount '$T/src/sub' 2>/dev/null"
make_bundle "$B" /bin/sh -c 'touch /mnt/a 2>/dev/null && echo top-rw || echo top-ro; touch /mnt/sub/a 2>/dev/null && echo sub-rw || echo sub-ro; touch /mnt2/sub/a 2>/dev/null && echo plain-sub-rw || echo plain-sub-ro; cat /etc/passwd | head -1; grep " /etc " /proc/self/mountinfo | grep -c tmpfs; grep " /dev/shm " /proc/self/mounts | grep -o "size=[0-9]*k"'
edit_config "$B" ".root.readonly = false | .mounts += [
  {\"destination\": \"/mnt\", \"type\": \"bind\", \"source\": \"$T/src\", \"options\": [\"rbind\", \"rro\"]},
  {\"destination\": \"/mnt2\", \"type\": \"bind\", \"source\": \"$T/src\", \"options\": [\"rbind\", \"ro\"]},
  {\"destination\": \"/etc\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [\"tmpcopyup\", \"mode=755\"]}]"
run_husk --root "$ROOT" run --bundle "$B" mo1
is "$out" "$(printf 'top-ro\nsub-ro\nplain-sub-rw\nroot:x:0:0:root:/root:/bin/sh\n1\nsize=65536k')" "rro reaches submounts, ro does not; tmpcopyup; size= reaches tmpfs"
ok "rro kept the container's write off the host; plain ro let the submount write through" test ! -e "$T/src/a" -a -e "$T/src/sub/a"
umount "$T/src/sub"

# Options go onto the new mount itself (fsmount attributes, mount_setattr on
# the detached bind): what they set is set, what they clear is cleared, the
# source's other flags stay; propagation is set once the mount is attached.
# A filesystem's own complaint is in the message.  MS_I_VERSION, which
# fsconfig has no name for, takes mount(2).
mkdir -p "$T/nosuid"
mount -t tmpfs -o nosuid,nodev tmpfs "$T/nosuid" && at_exit "umount '$T/nosuid' 2>/dev/null"
make_bundle "$B" /bin/sh -c 'for m in /a /b /c /d; do grep " $m " /proc/self/mountinfo | cut -d" " -f6,7 | sed "s/:[0-9]*//"; done; touch /c/x 2>/dev/null || echo c-ro'
edit_config "$B" ".mounts += [
  {\"destination\": \"/a\", \"type\": \"bind\", \"source\": \"$T/nosuid\", \"options\": [\"bind\", \"ro\"]},
  {\"destination\": \"/b\", \"type\": \"bind\", \"source\": \"$T/nosuid\", \"options\": [\"bind\", \"ro\", \"suid\", \"dev\", \"noexec\", \"shared\"]},
  {\"destination\": \"/c\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [\"ro\", \"noatime\", \"private\"]},
  {\"destination\": \"/d\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [\"iversion\", \"nodev\", \"shared\"]}]"
run_husk --root "$ROOT" run --bundle "$B" mo2
is "$out$err" "$(printf 'ro,nosuid,nodev,relatime -\nro,noexec,relatime shared\nro,noatime -\nrw,nodev,relatime shared\nc-ro')" "mount options set, cleared and kept; propagation; mount(2) for iversion"
umount "$T/nosuid"
make_bundle "$B" /bin/true
edit_config "$B" '.mounts += [{"destination": "/x", "type": "tmpfs", "source": "tmpfs", "options": ["size=1k", "bogus=1"]}]'
expect_fail "a filesystem's own error is in the message" 'mounts[7]: mount "tmpfs" (tmpfs) on "/x": option "bogus=1": tmpfs: Unknown parameter '"'"'bogus'"'"': Invalid argument' --root "$ROOT" create --bundle "$B" x
edit_config "$B" '.mounts[-1] = {"destination": "/x", "type": "nosuchfs", "source": "x"}'
expect_fail "an unknown filesystem type" 'mounts[7]: mount "x" (nosuchfs) on "/x": unknown filesystem type: No such device' --root "$ROOT" create --bundle "$B" x
no_residue "mount failures leave nothing"

# Idmapped mounts: the mapping is written as is (runc's semantics), so a
# file of uid 0 on disk shows as the mapping's hostID; with "idmap" and no
# maps of its own the mount takes the container's (user namespace) maps.
mkdir -p "$T/idsrc"; echo data >"$T/idsrc/f"; chown 0:0 "$T/idsrc/f"
make_bundle "$B" /bin/sh -c 'stat -c %u:%g /idm/f /plain/f'
edit_config "$B" ".mounts += [{\"destination\": \"/idm\", \"type\": \"bind\", \"source\": \"$T/idsrc\", \"options\": [\"bind\"], \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}], \"gidMappings\": [{\"containerID\": 0, \"hostID\": 2000, \"size\": 1}]}, {\"destination\": \"/plain\", \"type\": \"bind\", \"source\": \"$T/idsrc\", \"options\": [\"bind\"]}]"
run_husk --root "$ROOT" run --bundle "$B" idm1
is "$out$err" "$(printf '1000:2000\n0:0')" "idmapped bind mount shows disk uid 0 as the mapping's hostID"
make_bundle "$B" /bin/sh -c 'grep " /idm " /proc/self/mountinfo | cut -d" " -f6; touch /idm/new 2>/dev/null || echo read-only'
edit_config "$B" ".mounts += [{\"destination\": \"/idm\", \"type\": \"bind\", \"source\": \"$T/idsrc\", \"options\": [\"bind\", \"ro\", \"nosuid\"], \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}], \"gidMappings\": [{\"containerID\": 0, \"hostID\": 2000, \"size\": 1}]}]"
run_husk --root "$ROOT" run --bundle "$B" idm2
is "$out$err" "$(printf 'ro,nosuid,relatime,idmapped\nread-only')" "an idmapped mount takes its options too"
edit_config "$B" '.mounts[-2].options = ["bind", "idmap"] | del(.mounts[-2].uidMappings, .mounts[-2].gidMappings)'
expect_fail "idmap without any mappings" 'an idmapped mount needs a source and uid/gid mappings' --root "$ROOT" create --bundle "$B" x
no_residue "idmap failure: no residue"

# OverlayFS mounts: a short lowerdir list through mount(2), a list longer
# than a page through fsconfig.
mkdir -p "$T/ov/l1" "$T/ov/l2" "$T/ov/up" "$T/ov/work"
echo one >"$T/ov/l1/a"; echo two >"$T/ov/l2/b"; echo under >"$T/ov/l2/a"
make_bundle "$B" /bin/sh -c 'cat /ov/a /ov/b; echo new > /ov/c && echo wrote'
edit_config "$B" ".mounts += [{\"destination\": \"/ov\", \"type\": \"overlay\", \"source\": \"overlay\", \"options\": [\"lowerdir=$T/ov/l1:$T/ov/l2\", \"upperdir=$T/ov/up\", \"workdir=$T/ov/work\"]}]"
run_husk --root "$ROOT" run --bundle "$B" ov1
is "$out" "$(printf 'one\ntwo\nwrote')" "overlay: upper layer first, writes go up"
is "$(cat "$T/ov/up/c" 2>/dev/null)" new "overlay: the write is in upperdir"
lowers=""
for i in $(seq 60); do
  d="$T/ov/lower-with-a-rather-long-name-to-fill-the-page-$i"; mkdir -p "$d"; echo "$i" >"$d/f$i"
  lowers="${lowers:+$lowers:}$d"
done
rm -rf "$T/ov/up"/* "$T/ov/work"/*
make_bundle "$B" /bin/sh -c 'cat /ov/f1 /ov/f60; ls /ov | wc -l'
edit_config "$B" ".mounts += [{\"destination\": \"/ov\", \"type\": \"overlay\", \"source\": \"overlay\", \"options\": [\"lowerdir=$lowers\", \"upperdir=$T/ov/up\", \"workdir=$T/ov/work\"]}]"
if [ ${#lowers} -gt 4096 ]; then pass "lowerdir list is longer than a page (${#lowers} bytes)"; else fail "lowerdir list is longer than a page"; fi
run_husk --root "$ROOT" run --bundle "$B" ov2
is "$out$err" "$(printf '1\n60\n60')" "overlay with 60 lower layers (fsconfig lowerdir+)"

# OverlayFS as the rootfs (how podman and containerd prepare it): the
# container writes to the upper layer, the lower one is untouched.
mkdir -p "$T/ovr/up" "$T/ovr/work" "$T/ovr/merged"
if mount -t overlay overlay -o "lowerdir=$T/rootfs,upperdir=$T/ovr/up,workdir=$T/ovr/work" "$T/ovr/merged"; then
  make_bundle "$B" /bin/sh -c 'echo hi > /written-here && cat /written-here'
  edit_config "$B" ".root = {\"path\": \"$T/ovr/merged\", \"readonly\": false}"
  run_husk --root "$ROOT" run --bundle "$B" ovroot
  is "$out$err" hi "overlay as the rootfs"
  ok "the write went to the upper layer only" test -e "$T/ovr/up/written-here" -a ! -e "$T/rootfs/written-here"
  umount "$T/ovr/merged"
else
  fail "overlay as the rootfs: could not mount the overlay on the host"
fi

# Container root in a user namespace is a host uid that must be able to reach
# the rootfs (as with runc): open up the scratch directory.
chmod 755 "$T"

# linux.devices: created with their type, numbers, mode and owner.
make_bundle "$B" /bin/sh -c 'stat -c "%F %t:%T %a %u:%g" /dev/fuse /dev/sub/mynull; echo hi > /dev/fuse 2>/dev/null; echo hi > /dev/sub/mynull 2>/dev/null || echo "0600 of uid 7 is closed to a root without CAP_DAC_OVERRIDE"'
edit_config "$B" '.linux.devices = [{"type": "c", "path": "/dev/fuse", "major": 10, "minor": 229, "fileMode": 438, "uid": 0, "gid": 0}, {"type": "c", "path": "/dev/sub/mynull", "major": 1, "minor": 3, "fileMode": 384, "uid": 7, "gid": 8}]'
run_husk --root "$ROOT" run --bundle "$B" dev1
is "$out" "$(printf 'character special file a:e5 666 0:0\ncharacter special file 1:3 600 7:8\n0600 of uid 7 is closed to a root without CAP_DAC_OVERRIDE')" "linux.devices: type, major:minor, mode, owner"
# Devices at the default paths (docker --privileged, --device /dev/full,
# podman --privileged): the entry replaces husk's default node, with its
# own numbers and mode; podman's fileMode carries the type bits (020666).
# A /dev/ptmx entry leaves the link to the container's devpts (as runc).
make_bundle "$B" /bin/sh -c 'stat -c "%n %F %t:%T %a %u:%g" /dev/full /dev/null /dev/tty; readlink /dev/ptmx; echo x >/dev/null && head -c 1 /dev/zero | wc -c'
edit_config "$B" '.linux.devices = [{"type": "c", "path": "/dev/full", "major": 1, "minor": 7, "fileMode": 8630, "uid": 0, "gid": 0}, {"type": "c", "path": "/dev/null", "major": 1, "minor": 3, "fileMode": 8624, "uid": 0, "gid": 5}, {"type": "c", "path": "/dev/tty", "major": 5, "minor": 0, "fileMode": 438}, {"type": "c", "path": "/dev/ptmx", "major": 5, "minor": 2, "fileMode": 438}, {"type": "c", "path": "/dev/zero", "major": 1, "minor": 5}]'
run_husk --root "$ROOT" run --bundle "$B" dev2
is "$rc:$out$err" "0:$(printf '/dev/full character special file 1:7 666 0:0\n/dev/null character special file 1:3 660 0:5\n/dev/tty character special file 5:0 666 0:0\npts/ptmx\n1')" "linux.devices at default paths replace the default nodes; fileMode type bits dropped"
ok "the replaced nodes are made, not bound: nothing of the host's mounted there" sh -c "! grep -q ' /dev/full ' /proc/self/mountinfo"
mkdir -p "$T/devdir"
edit_config "$B" ".linux.devices = [{\"type\": \"c\", \"path\": \"/dev/mnt\", \"major\": 1, \"minor\": 7}] | .mounts += [{\"destination\": \"/dev/mnt\", \"type\": \"bind\", \"source\": \"$T/devdir\", \"options\": [\"bind\"]}]"
expect_fail "a device where a mount is: a clear error" 'linux.devices[0]: "/dev/mnt" is a mount point (a mounts[] entry puts something there)' --root "$ROOT" create --bundle "$B" dev3
no_residue "device on a mount point: no residue"
edit_config "$B" '.linux.devices = [{"type": "b", "path": "/dev/x", "major": 8, "minor": 0}] | .linux.namespaces += [{"type": "user"}] | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}] | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
expect_fail "a device in a user namespace is bound from the host, which must have it" 'linux.devices[0] (in a user namespace, bound from the host): mount "/dev/x": bind source "/dev/x": No such file or directory' --root "$ROOT" create --bundle "$B" x
no_residue "device failure: no residue"

# A user namespace: container root is host uid 100000.
make_bundle "$B" /bin/sh -c 'id -u; cat /proc/self/uid_map; stat -c %u /bin/busybox'
edit_config "$B" '.linux.namespaces += [{"type": "user"}] | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}] | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
run_husk --root "$ROOT" run --bundle "$B" us1
is "$rc/$err" "0/" "run in a new user namespace"
is "$(printf '%s\n' "$out" | head -1)" 0 "root inside"
is "$(printf '%s\n' "$out" | sed -n 2p | tr -s ' ' | sed 's/^ //')" "0 100000 65536" "uid_map written by the parent"
is "$(printf '%s\n' "$out" | sed -n 3p)" 65534 "host root's files show as the overflow uid"
# ... and an idmap mount that takes the container's maps: host root's file
# (uid 0 on disk) is root's inside, where without it it is the overflow uid.
mkdir -p "$T/idsrc2"; echo x >"$T/idsrc2/f"
make_bundle "$B" /bin/sh -c 'stat -c %u /idm/f /plain/f'
edit_config "$B" ".linux.namespaces += [{\"type\": \"user\"}] | .linux.uidMappings = [{\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}] | .linux.gidMappings = [{\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}] | .mounts += [{\"destination\": \"/idm\", \"type\": \"bind\", \"source\": \"$T/idsrc2\", \"options\": [\"bind\", \"idmap\"]}, {\"destination\": \"/plain\", \"type\": \"bind\", \"source\": \"$T/idsrc2\", \"options\": [\"bind\"]}]"
run_husk --root "$ROOT" run --bundle "$B" us2
is "$out$err" "$(printf '0\n65534')" "idmap with the container's maps in a user namespace"
edit_config "$B" '.linux.uidMappings = [{"containerID": 1, "hostID": 100000, "size": 10}]'
expect_fail "mappings that leave out container root" 'create "x": linux.uidMappings and gidMappings must map root (0) of the container' --root "$ROOT" create --bundle "$B" x
no_residue "user namespace failure: no residue"

# exec: into the container's namespaces, with its defaults and the flags.
make_bundle "$B" /bin/helper sleep 3600
edit_config "$B" '.process.env += ["FROMCONFIG=1"]'
track_container e1
H run --detach --bundle "$B" e1
is "$(H state e1 | jq -r .status)" running "run --detach leaves it running"
run_husk --root "$ROOT" exec e1 /bin/helper ns
inside=$(printf '%s\n' "$out" | sed -n 's/^ns pid: //p')
initns=$(stat -L -c %i "/proc/$(H state e1 | jq -r .pid)/ns/pid")
is "$inside" "$initns" "exec joins the container's pid namespace"
run_husk --root "$ROOT" exec e1 sh -c 'echo $$; exit 4'
is "$rc" 4 "exec: exit status"
like "$out" '^[2-9][0-9]*$' "exec: a small pid of the container's pid namespace, not 1"
run_husk --root "$ROOT" exec -e FOO=bar --env=BAZ=1 --cwd /tmp -u 1000:1001 -g 7 e1 sh -c 'echo "$FROMCONFIG $FOO $BAZ $(pwd) $(id -u):$(id -g) $(id -G)"'
is "$out" "1 bar 1 /tmp 1000:1001 1001 7" "exec: env from config and flags, cwd, user, groups"
run_husk --root "$ROOT" exec --cap CAP_SYS_ADMIN e1 /bin/helper caps
is "$(printf '%s\n' "$out" | sed -n 's/^CapBnd: //p')" 0000000020200420 "exec --cap adds to the process's capabilities"
cat >"$T/process.json" <<'PJ'
{"cwd": "/", "args": ["/bin/sh", "-c", "echo from-process-json; id -u"], "user": {"uid": 42, "gid": 42}, "env": ["PATH=/bin"]}
PJ
run_husk --root "$ROOT" exec --process "$T/process.json" --pid-file "$T/e.pid" e1
is "$out" "$(printf 'from-process-json\n42')" "exec --process process.json"
ok "exec --pid-file written" test -s "$T/e.pid"
run_husk --root "$ROOT" exec -t e1 tty
like "$(printf '%s' "$out" | tr -d '\r')" '^/dev/pts/[0-9]+' "exec -t proxies a pty"
expect_fail "exec: missing program" 'exec in "e1": exec: "nosuch": executable file not found in $PATH' --root "$ROOT" exec e1 nosuch
echo '{"cwd": "/", "args": []}' >"$T/bad-process.json"
expect_fail "exec: bad process.json names the file and field" 'bad-process.json: args: must not be empty' --root "$ROOT" exec --process "$T/bad-process.json" e1
expect_fail "exec: unknown container" 'container does not exist: "nosuch"' --root "$ROOT" exec nosuch true
expect_fail "exec: --user must be numeric" '--user: expected UID[:GID] as numbers, got "bob"' --root "$ROOT" exec -u bob e1 true
# Exit 255 when husk fails, as runc: a caller tells it from the command's own 1.
run_husk --root "$ROOT" exec e1 nosuch
is "$rc" 255 "exec: a runtime failure (missing program) exits 255"
run_husk --root "$ROOT" exec nosuch true
is "$rc" 255 "exec: a runtime failure (unknown container) exits 255"
run_husk --root "$ROOT" exec e1 sh -c 'exit 1'
is "$rc" 1 "exec: the command's own exit status 1 stays 1"
run_husk --root "$ROOT" exec e1 sh -c 'exit 255'
is "$rc" 255 "exec: and its 255 is passed through as is"
# A program embedding the library: lc_container_exec joins the pid and
# time namespaces for the exec'd process only; the caller's own children
# stay in its namespaces.
make_bundle "$T/b-ns" /bin/helper sleep 3600
edit_config "$T/b-ns" '.linux.namespaces += [{"type": "time"}]'
track_container ens
H run -d --bundle "$T/b-ns" ens >/dev/null 2>&1
out=$("$TOP_BUILDDIR/tests/exec-ns" "$ROOT" ens 2>&1)
is "$(printf '%s\n' "$out" | tr '\n' ' ')" "pid same time same child in our pid namespace " "a library caller of exec keeps its own pid and time namespaces"
H delete --force ens >/dev/null 2>&1
H kill e1 KILL
for _ in $(seq 50); do [ "$(H state e1 | jq -r .status)" = stopped ] && break; sleep 0.1; done
expect_fail "exec in a stopped container" 'exec failed: cannot exec in a stopped container: "e1"' --root "$ROOT" exec e1 true
H delete e1

# Hooks: each kind at its point, with the state on stdin.
HL="$T/hooks.log"
hook () { # kind -> a hook that appends "kind <state json>" to $HL
  printf '{"path": "/bin/sh", "args": ["sh", "-c", "echo \\"%s $(cat)\\" >> %s"]}' "$1" "$2"
}
make_bundle "$B" /bin/true
edit_config "$B" ".root.readonly = false | .annotations = {\"org.example.k\": \"v\"} | .hooks = {
  \"prestart\": [$(hook prestart "$HL")], \"createRuntime\": [$(hook createRuntime "$HL")],
  \"createContainer\": [$(hook createContainer "$HL")], \"startContainer\": [$(hook startContainer /tmp/hooks.log)],
  \"poststart\": [$(hook poststart "$HL")], \"poststop\": [$(hook poststop "$HL")]}"
rm -f "$HL" "$T/rootfs/tmp/hooks.log"
track_container h1
run_husk --root "$ROOT" run --bundle "$B" h1
is "$rc" 0 "run with every kind of hook"
is "$(cut -d' ' -f1 "$HL" | tr '\n' ' ')" "prestart createRuntime createContainer poststart poststop " "host hooks ran in order"
is "$(cut -d' ' -f1 "$T/rootfs/tmp/hooks.log")" startContainer "startContainer ran inside the container"
rm -f "$T/rootfs/tmp/hooks.log"
is "$(grep '^createRuntime ' "$HL" | cut -d' ' -f2- | jq -r '[.id, .status, .bundle, .annotations["org.example.k"]] | join(" ")')" "h1 creating $B v" "createRuntime gets the state on stdin"
pid=$(grep '^createRuntime ' "$HL" | cut -d' ' -f2- | jq -r .pid)
is "$(grep '^createContainer ' "$HL" | cut -d' ' -f2- | jq -r .pid)" "$pid" "createContainer sees the host pid of the init"
is "$(grep '^poststart ' "$HL" | cut -d' ' -f2- | jq -r .status)" running "poststart: status running"
is "$(grep '^poststop ' "$HL" | cut -d' ' -f2- | jq -r .status)" stopped "poststop: status stopped"
make_bundle "$B" /bin/true
edit_config "$B" '.hooks = {"createRuntime": [{"path": "/bin/sh", "args": ["sh", "-c", "exit 3"]}]}'
expect_fail "a failing createRuntime hook fails create" 'create "x": hooks.createRuntime[0]: "/bin/sh" exited with status 3' --root "$ROOT" create --bundle "$B" x
no_residue "failing hook: no residue"
edit_config "$B" '.hooks = {"prestart": [{"path": "/bin/sleep", "args": ["sleep", "5"], "timeout": 1}]}'
expect_fail "a hook past its timeout is killed" 'create "x": hooks.prestart[0]: "/bin/sleep" timed out after 1 s' --root "$ROOT" create --bundle "$B" x
edit_config "$B" '.hooks = {"createContainer": [{"path": "/nonexistent/hook"}]}'
expect_fail "a missing hook is named" 'create "x": hooks.createContainer[0]: "/nonexistent/hook": No such file or directory' --root "$ROOT" create --bundle "$B" x
no_residue "missing hook: no residue"
# poststart: a failure is an error that stops the container (spec 1.3,
# runc); poststop: every hook runs, each failure a warning (spec: MUST).
make_bundle "$B" /bin/helper sleep 3600
edit_config "$B" '.hooks = {"poststart": [{"path": "/bin/false"}]}'
track_container ps1
H create --bundle "$B" ps1 >/dev/null 2>&1
pid=$(H state ps1 | jq -r .pid)
expect_fail "a failing poststart hook fails start" 'start "ps1" (the container is stopped): hooks.poststart[0]: "/bin/false" exited with status 1' --root "$ROOT" start ps1
is "$(H state ps1 | jq -r .status)" stopped "a failing poststart hook stops the container"
H delete ps1
no_residue "failing poststart: delete leaves nothing"
make_bundle "$B" /bin/true
edit_config "$B" ".hooks = {\"poststop\": [{\"path\": \"/bin/false\"}, {\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"exit 4\"]}, {\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"echo ran > $T/poststop3\"]}]}"
rm -f "$T/poststop3"
run_husk --root "$ROOT" run --bundle "$B" x
is "$rc:$(cat "$T/poststop3" 2>/dev/null)" "0:ran" "failing poststop hooks: the rest still run, run succeeds"
is "$err" "$(printf 'husk: warning: container "x": hooks.poststop[0]: "/bin/false" exited with status 1\nhusk: warning: container "x": hooks.poststop[1]: "/bin/sh" exited with status 4')" "each failing poststop hook is a warning"
no_residue "hooks: nothing left"

# Signals: hooks and the container start with default dispositions and an
# empty mask, whatever husk had (run blocks everything; writing a hook's
# stdin ignores SIGPIPE in the init, which runs createContainer and
# startContainer hooks).
sighook () { printf '{"path": "/bin/sh", "args": ["sh", "-c", "grep -E ^Sig[BI] /proc/self/status | tr -s \\"\\\\t\\" \\" \\" | tr \\"\\\\n\\" \\" \\" >> %s; echo >> %s"]}' "$2" "$2"; }
make_bundle "$B" /bin/sh -c 'grep -E "^Sig[BI]" /proc/self/status | tr -s "\t" " " | tr "\n" " "'
edit_config "$B" ".root.readonly = false | .hooks = {\"prestart\": [$(sighook prestart "$T/sig.log")], \"createContainer\": [$(sighook cc "$T/sig.log")], \"startContainer\": [$(sighook sc /tmp/sig.log)], \"poststop\": [$(sighook ps "$T/sig.log")]}"
rm -f "$T/sig.log" "$T/rootfs/tmp/sig.log"
run_husk --root "$ROOT" run --bundle "$B" sig1
is "$out" "SigBlk: 0000000000000000 SigIgn: 0000000000000000 " "the container: no signal blocked or ignored"
is "$(cat "$T/sig.log" "$T/rootfs/tmp/sig.log" | sort -u)" "SigBlk: 0000000000000000 SigIgn: 0000000000000000 " "every hook: no signal blocked or ignored"
is "$(cat "$T/sig.log" "$T/rootfs/tmp/sig.log" | wc -l)" 4 "(each of the four hooks reported)"
rm -f "$T/rootfs/tmp/sig.log"

# Each hook's working directory, as runc's: the bundle for the hooks the
# runtime runs (runc chdirs to it), the rootfs for createContainer,
# process.cwd for startContainer; run from / so that the caller's does not
# count.  Compared with runc's when it is installed.
make_bundle "$B" /bin/true
hookpwd () { printf '{"path": "/bin/sh", "args": ["sh", "-c", "echo %s $(pwd -P) >> %s"]}' "$1" "$2"; }
edit_config "$B" ".root.path = \"$T/rootfs\" | .root.readonly = false | .process.cwd = \"/tmp\" | .hooks = {
  \"prestart\": [$(hookpwd prestart "$T/pwd.log")], \"createRuntime\": [$(hookpwd createRuntime "$T/pwd.log")],
  \"createContainer\": [$(hookpwd createContainer "$T/pwd.log")], \"startContainer\": [$(hookpwd startContainer /tmp/pwd.log)],
  \"poststart\": [$(hookpwd poststart "$T/pwd.log")], \"poststop\": [$(hookpwd poststop "$T/pwd.log")]}"
hook_dirs () { # RUNTIME...: the directories each hook ran in, one line
  rm -f "$T/pwd.log" "$T/rootfs/tmp/pwd.log"
  (cd / && "$@" run --bundle "$B" hookdir >/dev/null 2>&1)
  cat "$T/pwd.log" "$T/rootfs/tmp/pwd.log" 2>/dev/null | tr '\n' ' '
}
bd=$(cd "$B" && pwd -P); rd=$(cd "$B/rootfs" && pwd -P)
husk_dirs=$(hook_dirs "$HUSK" --root "$ROOT")
is "$husk_dirs" "prestart $bd createRuntime $bd createContainer $rd poststart $bd poststop $bd startContainer /tmp " "hooks run in the bundle, createContainer in the rootfs, startContainer in process.cwd"
if command -v runc >/dev/null; then
  is "$(hook_dirs runc --root "$T/runc-root")" "$husk_dirs" "hooks' working directories: the same as runc's"
else
  skip "runc is not installed: no side-by-side check of hooks' working directories"
fi
rm -rf "$T/runc-root" "$T/rootfs/tmp/pwd.log"

# create killed half-way (SIGKILL while a createRuntime hook runs), then
# delete --force: nothing is left, no process, no state, no mount.
make_bundle "$B" /bin/true
edit_config "$B" '.hooks = {"createRuntime": [{"path": "/bin/sleep", "args": ["sleep", "31.7"]}]}'
"$HUSK" --root "$ROOT" create --bundle "$B" half >/dev/null 2>&1 &
cpid=$!
for _ in $(seq 100); do pgrep -f 'sleep 31[.]7' >/dev/null && break; sleep 0.05; done
kill -9 "$cpid"; wait "$cpid" 2>/dev/null
ok "the killed create left its state (creating)" test -d "$ROOT/half"
run_husk --root "$ROOT" delete --force half
is "$rc" 0 "delete --force of a half-made container"
no_residue "no state left"
# The hook dies with the create that ran it (PR_SET_PDEATHSIG): soon.
for _ in $(seq 100); do pgrep -f 'sleep 31[.]7' >/dev/null || break; sleep 0.05; done
ok "no stray hook process" sh -c "! pgrep -f 'sleep 31[.]7'"
is "$(host_mounts)" 0 "no mount left"

# Broken bundles: exact message, exit 1, nothing left, the host untouched.
make_bundle "$B" nosuch
expect_fail "missing program (engines map it to 127)" 'create "x": exec: "nosuch": executable file not found in $PATH' --root "$ROOT" create --bundle "$B" x
no_residue "missing program: no residue"
make_bundle "$B" /nosuch
expect_fail "missing absolute program" 'create "x": exec: "/nosuch": stat /nosuch: no such file or directory' --root "$ROOT" run --bundle "$B" x
no_residue "missing absolute program: no residue"
edit_config "$B" '.process.args = ["/etc/passwd"]'
expect_fail "a program that is not executable fails create (engines map it to 126)" 'create "x": exec: "/etc/passwd": permission denied' --root "$ROOT" create --bundle "$B" x
edit_config "$B" '.process.args = ["/etc"]'
expect_fail "a directory as the program" 'create "x": exec: "/etc": is a directory: permission denied' --root "$ROOT" create --bundle "$B" x
no_residue "not executable: no residue"
make_bundle "$B"
edit_config "$B" '.mounts += [{"destination": "/mnt", "type": "bind", "source": "/nonexistent/src", "options": ["bind"]}]'
expect_fail "bad bind source" 'create "x": mounts[7]: mount "/mnt": bind source "/nonexistent/src": No such file or directory' --root "$ROOT" create --bundle "$B" x
no_residue "bad bind source: no residue"
make_bundle "$B"
edit_config "$B" '.root.path = "/nonexistent/rootfs"'
expect_fail "missing rootfs" 'create "x": root.path: "/nonexistent/rootfs": No such file or directory' --root "$ROOT" create --bundle "$B" x
no_residue "missing rootfs: no residue"
make_bundle "$B"
edit_config "$B" 'del(.hostname) | .linux.namespaces = [{"type": "mount"}, {"type": "network", "path": "/nonexistent/netns"}]'
expect_fail "unknown namespace path" 'create "x": linux.namespaces[1]: open "/nonexistent/netns": No such file or directory' --root "$ROOT" create --bundle "$B" x
no_residue "unknown namespace path: no residue"
# Root here lacks CAP_SYS_RESOURCE: a hard limit above ours fails, and says which step.
hard=$(ulimit -Hn)
make_bundle "$B"
edit_config "$B" ".process.rlimits = [{\"type\": \"RLIMIT_NOFILE\", \"soft\": $((hard + 1)), \"hard\": $((hard + 1))}]"
run_husk --root "$ROOT" create --bundle "$B" x
if [ "$rc" = 0 ]; then
  H delete --force x >/dev/null 2>&1
  skip "this host allows raising RLIMIT_NOFILE above $hard (CAP_SYS_RESOURCE)"
else
  like "$err" "process.rlimits\\[0\\]: setrlimit RLIMIT_NOFILE \\(soft $((hard + 1)), hard $((hard + 1))\\): Operation not permitted" "rlimit above the hard limit names the step"
fi
no_residue "rlimit failure: no residue"
is "$(host_mounts)" 0 "no mount left on the host after all of it"

done_testing
