#!/bin/bash
# Bind mounts of a container in a user namespace (uidMappings 0 -> 100000),
# whose root is a host uid with no privilege over the host's files: the
# sources are opened by husk's create process, in the container's mount
# namespace, before the container's root could be refused them (kubelet's
# pod volumes, podman --userns).  Each case runs side by side with runc
# (1.1.5 here) when it is installed: the container must see what runc's
# sees.  Then what the host's mounts keep (their locks, their
# propagation), and failures.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"

need_root_rootfs "user namespace mount tests"
H () { "$HUSK" --root "$ROOT" "$@"; }
B="$T/b"
runc_bin=$(command -v runc || true)
# The container's root is host uid 100000: it must reach the rootfs, whose
# directories it cannot create mount points in (runc's cannot either).
chmod 755 "$T"
mkdir -p "$T/rootfs/mnt/priv" "$T/rootfs/mnt/vol" "$T/rootfs/mnt/rw" "$T/rootfs/mnt/tree" "$T/rootfs/mnt/lk" \
  "$T/rootfs/mnt/idm" "$T/rootfs/mnt/many"
touch "$T/rootfs/mnt/file" "$T/rootfs/mnt/zero" "$T/rootfs/mnt/ostype"
at_exit umount_below "$T"

# The host side: $T/priv is host root's, 0700, and everything bound is in
# it.  vol and file are root's too (readable by all, not writable); rw is
# the container root's; tree is a shared tmpfs (as on a systemd host: host
# mounts made below it propagate) with a tmpfs below it (sub); lk a
# read-only bind of a tmpfs with a tmpfs over lk/sub hiding a file.
P="$T/priv"
mkdir -p "$P/vol" "$P/rw" "$P/tree" "$P/lk"
echo in-vol >"$P/vol/f"
echo a-file >"$P/file"
chown 100000:100000 "$P/rw"
mount -t tmpfs tree "$P/tree" && mount --make-shared "$P/tree" && mkdir "$P/tree/sub" && mount -t tmpfs sub "$P/tree/sub" ||
  skip_all "cannot mount a tmpfs here"
mount -t tmpfs lk "$P/lk" && mkdir "$P/lk/sub" && echo hidden >"$P/lk/sub/under" && mount -t tmpfs lksub "$P/lk/sub" &&
  mount -o remount,bind,ro "$P/lk" || skip_all "cannot make a read-only bind here"
chmod 700 "$P"
host_mounts () { grep -c "$T" /proc/self/mountinfo; }
mounts_before=$(host_mounts)

userns='.linux.namespaces += [{"type": "user"}] | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
  | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
# bundle SCRIPT MOUNTS-JSON [JQ]: $B runs sh -c SCRIPT in a user namespace
# with these mounts added (root.path absolute: runc wants it).
bundle () {
  make_bundle "$B" /bin/sh -c "$1"
  edit_config "$B" "$userns | .root.path = \"$T/rootfs\" | .mounts += [$2] | ${3:-.}"
}
# side_by_side ID: run $B with husk ($rc, $out, $err), then with runc
# ($runc_out: its stdout and stderr).
n=0
side_by_side () {
  n=$((n + 1))
  track_container "h$n"
  run_husk --root "$ROOT" run --bundle "$B" "h$n"
  runc_out=""
  if [ -n "$runc_bin" ]; then
    at_exit "'$runc_bin' --root '$T/runc-root' delete --force 'r$n' >/dev/null 2>&1"
    runc_out=$(timeout 60 "$runc_bin" --root "$T/runc-root" run --bundle "$B" "r$n" </dev/null 2>&1)
  fi
}
# compare_runc DESC: runc's container printed what husk's did.
compare_runc () {
  if [ -z "$runc_bin" ]; then skip "runc is not installed: $1"; return; fi
  is "$runc_out" "$out$err" "$1"
}
bind () { # bind SOURCE DEST [OPTIONS-JSON]
  printf '{"destination": "%s", "type": "bind", "source": "%s", "options": %s}' "$2" "$1" "${3:-[\"rbind\"]}"
}

# The 0700 directory itself: bound (its own mode is no bar to a bind), and
# as the container's root sees it, an unmapped owner's 0700 directory that
# it may not list, with runc as with husk.
bundle 'stat -c "%U:%G %a" /mnt/priv; ls /mnt/priv 2>&1 || echo not-listed' "$(bind "$P" /mnt/priv)"
side_by_side
is "$rc:$out$err" "0:$(printf 'nobody:nogroup 700\nls: can'"'"'t open '"'"'/mnt/priv'"'"': Permission denied\nnot-listed')" \
  "a 0700 directory of host root's is bound; its owner is unmapped inside and it cannot be listed"
compare_runc "... as with runc"

# What is below it: a directory and a single file.  The container's root
# could not reach them (the previous husk: bind source: Permission denied).
bundle 'cat /mnt/vol/f /mnt/file; stat -c "%U %F" /mnt/vol /mnt/file' "$(bind "$P/vol" /mnt/vol), $(bind "$P/file" /mnt/file '["bind"]')"
side_by_side
is "$rc:$out$err" "0:$(printf 'in-vol\na-file\nnobody directory\nnobody regular file')" \
  "a directory and a file below a 0700 directory: bound and readable"
compare_runc "... as with runc"
# exec does not mount: it sees what the init mounted.
edit_config "$B" '.process.args = ["sleep", "600"]'
track_container ex1
H run --detach --bundle "$B" ex1 >/dev/null 2>&1
run_husk --root "$ROOT" exec ex1 cat /mnt/vol/f /mnt/file
is "$rc:$out$err" "0:$(printf 'in-vol\na-file')" "exec sees them"
H delete --force ex1

# Their options hold as for any bind: ro and the others on the mount, the
# r* ones on every mount of an rbind (tree and tree/sub), and writes where
# nothing forbids them.
fields='grep -E " /mnt/(rw|tree|tree/sub) " /proc/self/mountinfo | cut -d" " -f5,6'
bundle "$fields; touch /mnt/rw/new 2>&1 | sed 's/.*: //'; touch /mnt/tree/sub/new 2>&1 | sed 's/.*: //'" \
  "$(bind "$P/rw" /mnt/rw '["bind", "ro", "nosuid", "nodev", "noexec"]'), $(bind "$P/tree" /mnt/tree '["rbind", "rro", "rnosuid"]')"
side_by_side
is "$rc:$out$err" "0:$(printf '/mnt/rw ro,nosuid,nodev,noexec,relatime\n/mnt/tree ro,nosuid,relatime\n/mnt/tree/sub ro,nosuid,relatime\nRead-only file system\nRead-only file system')" \
  "ro, nosuid, nodev, noexec and the recursive rro and rnosuid hold"
edit_config "$B" '.mounts[-2].options = ["bind"] | .mounts[-1].options = ["rbind"] | .process.args[2] = "touch /mnt/rw/new && echo wrote"'
run_husk --root "$ROOT" run --bundle "$B" rw1
is "$rc:$out$err" "0:wrote" "without ro the container's root writes in its own directory"
ok "... onto the host's" test -e "$P/rw/new"
rm -f "$P/rw/new"

# The host's own mounts keep their locks: a clone made from the container's
# copy of the host's mounts, as a bind made by the container's root would
# be.  Its root, even with CAP_SYS_ADMIN, can neither make the host's
# read-only mount writable nor unmount what covers a host directory (a tree
# cloned in the host's mount namespace would let it do both).
bundle 'mount -o remount,bind,rw /mnt/lk 2>/dev/null && echo made-writable; umount /mnt/lk/sub 2>/dev/null && echo uncovered; ls /mnt/lk/sub; touch /mnt/lk/x 2>&1 | sed "s/.*: //"' \
  "$(bind "$P/lk" /mnt/lk)" '.process.capabilities.bounding += ["CAP_SYS_ADMIN"] | .process.capabilities.effective += ["CAP_SYS_ADMIN"] | .process.capabilities.permitted += ["CAP_SYS_ADMIN"]'
side_by_side
is "$rc:$out$err" "0:Read-only file system" "with CAP_SYS_ADMIN in its user namespace the container cannot unlock the host's read-only mount, nor uncover what it hides"
compare_runc "... as with runc"

# Propagation as for a bind made inside: a host mount made below a volume
# after the container started shows inside (the default rslave).
bundle 'sleep 600' "$(bind "$P/tree" /mnt/tree)"
track_container pr1
H run --detach --bundle "$B" pr1 >/dev/null 2>&1
pid=$(H state pr1 | jq -r .pid)
mkdir -p "$P/tree/later"
mount -t tmpfs later "$P/tree/later"
ok "a host mount made later below the volume shows inside" grep -q " /mnt/tree/later " "/proc/$pid/mountinfo"
H delete --force pr1
umount "$P/tree/later"

# Sources that are themselves under /dev and /proc, and an idmapped mount
# (made before the clone: not opened again) among plain binds.
bundle 'head -c 4 /mnt/zero | wc -c; cat /mnt/ostype; cat /mnt/vol/f; stat -c %u /mnt/idm/f' \
  "$(bind /dev/zero /mnt/zero '["bind"]'), $(bind /proc/sys/kernel/ostype /mnt/ostype '["bind", "ro"]'), $(bind "$P/vol" /mnt/idm '["rbind", "idmap"]'), $(bind "$P/vol" /mnt/vol)"
run_husk --root "$ROOT" run --bundle "$B" dp1
is "$rc:$out$err" "0:$(printf '4\nLinux\nin-vol\n0')" "sources under /dev and /proc; an idmapped mount among plain binds"

# Many sources, each to its own place and in order.
mounts="" want=""
for i in $(seq 0 39); do
  mkdir -p "$P/many/$i" "$T/rootfs/mnt/many/$i"
  echo "$i" >"$P/many/$i/n"
  mounts="${mounts:+$mounts, }$(bind "$P/many/$i" "/mnt/many/$i" '["bind"]')"
  want="$want $i"
done
bundle 'for i in $(seq 0 39); do printf " %s" "$(cat /mnt/many/$i/n)"; done' "$mounts"
run_husk --root "$ROOT" run --bundle "$B" many1
is "$rc:$out$err" "0:$want" "40 binds from below a 0700 directory, each where it belongs"

# Failures: the mount is named with its source, and nothing is left (no
# state, no mount on the host, no process).
bundle 'true' "$(bind "$P/vol" /mnt/vol), $(bind "$P/nosuch" /mnt/rw)"
expect_fail "a missing source below the 0700 directory: named with its index" \
  "create \"f1\": mounts[8]: mount \"/mnt/rw\": bind source \"$P/nosuch\": No such file or directory" --root "$ROOT" create --bundle "$B" f1
edit_config "$B" '.mounts[-1].source = "relative/nosuch"'
expect_fail "a missing relative source" \
  'create "f2": mounts[8]: mount "/mnt/rw": bind source "relative/nosuch": No such file or directory' --root "$ROOT" create --bundle "$B" f2
edit_config "$B" ".mounts[-1] = {\"destination\": \"/mnt/rw\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [\"bogus=1\"]}"
expect_fail "a mount failing after the sources were opened" 'create "f3": mounts[8]: mount "tmpfs" (tmpfs) on "/mnt/rw"' --root "$ROOT" create --bundle "$B" f3
no_residue "failures leave no container"
is "$(host_mounts)" "$mounts_before" "... and no mount on the host"
is "$(grep -l " $T/rootfs" /proc/[0-9]*/mountinfo 2>/dev/null | wc -l)" 0 "... and no process holding the rootfs"
done_testing
