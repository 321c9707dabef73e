#!/bin/bash
# The CVE-2019-5736 class: a container makes the runtime execute its own
# binary inside the container (a program that is a symlink to
# /proc/self/exe, a script whose interpreter is /proc/self/exe), then
# reopens it through /proc/<pid>/exe and writes to the host's file once the
# runtime has exited.  The target is a copy of husk; its hash must not
# change however often the attack runs, and each time the attacker must
# have got hold of husk's binary (else the test proves nothing).
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"

need_root_rootfs "exe attack tests"
TARGET="$T/husk-target"
ROOTFS="$T/rootfs"
OWNER=0
EXPECT_ERRNO=30 # EROFS: a read-only overlay
cp "$HUSK" "$TARGET"
H () { "$TARGET" --root "$ROOT" "$@"; }
sum () { sha256sum "$TARGET" | cut -d' ' -f1; }

# The image: /bin/evil is the runtime itself, /bin/evil.sh a script run by it.
ln -sfn /proc/self/exe "$T/rootfs/bin/evil"
printf '#!/proc/self/exe\n' >"$T/rootfs/bin/evil.sh"
chmod 0755 "$T/rootfs/bin/evil.sh"
B="$T/b"
make_bundle "$B" /bin/helper exe-watch /tmp/stop

# attack KEY WHAT COMMAND...: a watcher container (w-KEY) loops over
# /proc/*/exe while COMMAND (a shell function) makes husk run itself in it;
# then the checks.
attack () {
  local key=$1 name=$2; shift 2
  # A fresh target each time: every way in is proved on its own.
  rm -f "$TARGET" "$ROOTFS/tmp/stop"
  cp "$HUSK" "$TARGET"
  chown "$OWNER" "$TARGET"
  before=$(sum)
  [ "$OWNER" = 0 ] && track_container "exe-w-$key"
  H create --bundle "$B" "exe-w-$key" >"$T/$key.out" 2>&1
  H start "exe-w-$key"
  for _ in $(seq 100); do grep -q ready "$T/$key.out" && break; sleep 0.1; done
  wpid=$(H state "exe-w-$key" | jq -r .pid)
  "$@"
  # The watcher retries its writes while no husk runs (a running binary is
  # ETXTBSY), until told to stop.
  sleep 0.5
  touch "$ROOTFS/tmp/stop"
  for _ in $(seq 100); do grep -q '^written:' "$T/$key.out" && break; sleep 0.1; done
  H delete --force "exe-w-$key" >/dev/null 2>&1
  local grabbed written
  grabbed=$(sed -n 's/^grabbed: //p' "$T/$key.out")
  written=$(sed -n 's/^written: //p' "$T/$key.out")
  if [ "${grabbed:-0}" -gt 0 ]; then
    pass "$name: the attacker got hold of husk's binary through /proc/<pid>/exe"
  else
    fail "$name: the attacker got hold of husk's binary through /proc/<pid>/exe" "$(cat "$T/$key.out")"
  fi
  is "${written:-missing}" 0 "$name: no write through /proc/<pid>/exe succeeded"
  is "$(sum)" "$before" "$name: the runtime binary on the host is unchanged"
  if [ -n "$EXPECT_ERRNO" ]; then
    like "$(grep '^errno' "$T/$key.out" | tr '\n' ' ')" "errno $EXPECT_ERRNO:" "$name: the writes failed with errno $EXPECT_ERRNO"
  fi
}

# husk run in the container as "update --resources -" reads its stdin
# first: a pipe that stays open a moment keeps it there for the watcher.
exec_symlink () { for _ in $(seq 10); do sleep 0.2 | H exec "exe-w-$key" /bin/evil update --resources - x >/dev/null 2>&1; done; }
exec_script () { for _ in $(seq 60); do H exec "exe-w-$key" /bin/evil.sh >/dev/null 2>&1; done; }
# The pod pattern: a second container joins the watcher's pid namespace by
# path, and its program is the runtime.
pod () {
  make_bundle "$T/b2" /bin/evil update --resources - x
  edit_config "$T/b2" "del(.hostname) | .linux.namespaces = [{\"type\": \"mount\"}, {\"type\": \"pid\", \"path\": \"/proc/$wpid/ns/pid\"}]"
  ln -sfn "$ROOTFS" "$T/b2/rootfs"
  for i in $(seq 10); do
    sleep 0.2 | H run --bundle "$T/b2" "exe-pod$i" >/dev/null 2>&1
    H delete --force "exe-pod$i" >/dev/null 2>&1
  done
}
attack sym "exec of a symlink to /proc/self/exe" exec_symlink
attack script "exec of a script run by /proc/self/exe" exec_script
attack pod "a container joining the pid namespace" pod

# What runs is the sealed binary: the created container's init, still the
# runtime until start, executes a read-only overlay of it, not the host file.
make_bundle "$T/b3" /bin/true
track_container exe-probe
H create --bundle "$T/b3" exe-probe >/dev/null 2>&1
ipid=$(H state exe-probe | jq -r .pid)
is "$(stat -L -f -c %T "/proc/$ipid/exe" 2>&1)" overlayfs "the init executes husk from an overlay"
like "$(sh -c 'exec 3>>"$1"' _ "/proc/$ipid/exe" 2>&1)" "Read-only file system" "even host root cannot open it for writing"
H delete --force exe-probe >/dev/null 2>&1

# Rootless: an ordinary user cannot mount an overlay, so a binary it can
# write is copied into a sealed memfd; one that is root's and not writable
# by others runs as it is (nothing of the user's containers can write it).
if ! command -v setpriv >/dev/null; then
  skip "rootless attack: setpriv (util-linux) is not installed"
  done_testing
  exit
fi
U=65534
R="$T/rl"
mkdir -p "$R/run"
cp -a "$T/rootfs" "$R/rootfs"
chown -R $U:$U "$R"
chmod 755 "$T"
AS () { setpriv --reuid=$U --regid=$U --clear-groups env HOME="$R" XDG_RUNTIME_DIR="$R/run" "$@"; }
TARGET="$R/husk-target"
ROOTFS="$R/rootfs"
OWNER=$U
EXPECT_ERRNO="" # a sealed memfd opens, but every write fails
H () { AS "$TARGET" --root "$R/state" "$@"; }
_cleanup_rl () { for id in exe-w-rlsym exe-w-rlscript exe-w-rlroot exe-probe-rl; do H delete --force $id >/dev/null 2>&1; done; }
at_exit _cleanup_rl
B="$R/b"
mkdir -p "$B"
ln -sfn "$ROOTFS" "$B/rootfs"
chown $U:$U "$B"
(cd "$B" && AS "$HUSK" spec --rootless)
edit_config "$B" '.process.terminal = false | .process.args = ["/bin/helper", "exe-watch", "/tmp/stop"]'
chown -R $U:$U "$B"
attack rlsym "rootless, exec of a symlink to /proc/self/exe" exec_symlink
attack rlscript "rootless, exec of a script run by /proc/self/exe" exec_script
cp "$HUSK" "$TARGET"
chown $U "$TARGET"
edit_config "$B" '.process.args = ["/bin/true"]'
H create --bundle "$B" exe-probe-rl >/dev/null 2>&1
ipid=$(H state exe-probe-rl | jq -r .pid)
like "$(readlink "/proc/$ipid/exe")" "^/memfd:husk" "rootless: the init executes a memfd copy of a binary the user can write"
H delete --force exe-probe-rl >/dev/null 2>&1
TARGET="$T/husk-root"
OWNER=0
EXPECT_ERRNO=13 # EACCES: the container's users are not root on the host
edit_config "$B" '.process.args = ["/bin/helper", "exe-watch", "/tmp/stop"]'
attack rlroot "rootless, a binary only root can write, exec of a symlink to /proc/self/exe" exec_symlink
edit_config "$B" '.process.args = ["/bin/true"]'
H create --bundle "$B" exe-probe-rl >/dev/null 2>&1
ipid=$(H state exe-probe-rl | jq -r .pid)
is "$(readlink "/proc/$ipid/exe")" "$TARGET" "rootless: a binary only root can write is not copied"
H delete --force exe-probe-rl >/dev/null 2>&1
done_testing
