#!/bin/bash
# Mounts that a container process cannot redirect while husk makes them.
#
# A read-only bind must be read-only wherever it lands: an attacker
# container shares a volume with the victim and swaps, as fast as it can,
# each directory the victim mounts a read-only host directory onto with a
# symlink to another mount of the victim's (a tmpfs at /decoy).  A runtime that applies "ro" by looking the
# destination up again after the mount remounts the wrong mount (the
# volume) and leaves the host directory writable (the CVE-2021-30465
# class).  The same again with the victim in a user namespace, where husk's
# create process opens the bind sources for it.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"

need_root_rootfs "mount attack tests"
H () { "$HUSK" --root "$ROOT" "$@"; }
NSUB=${HUSK_TEST_RACE_SUBS:-1}
RUNS=${HUSK_TEST_RACE_RUNS:-250}
VOL="$T/vol"
SECRET="$T/secret"
mkdir -p "$VOL" "$SECRET"
echo secret >"$SECRET/data"
swaps=()
for k in $(seq 0 $((NSUB - 1))); do
  mkdir "$VOL/d$k"
  ln -s /decoy "$VOL/l$k"
  swaps+=("/vol/d$k" "/vol/l$k")
done

# The attacker: the volume, and the swapper as its program.
make_bundle "$T/a" /bin/helper swap /vol/stop "${swaps[@]}"
edit_config "$T/a" ".mounts += [{\"destination\": \"/vol\", \"type\": \"bind\", \"source\": \"$VOL\", \"options\": [\"rbind\", \"rw\"]}]"
track_container mnt-racer
H run --detach --bundle "$T/a" mnt-racer >"$T/mnt-racer.out" 2>&1
at_exit 'touch "$VOL/stop"'

# The victim: the volume too, and the secret read-only on each d$k.
make_bundle "$T/b" /bin/cat /proc/self/mountinfo
mounts="{\"destination\": \"/decoy\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}, {\"destination\": \"/vol\", \"type\": \"bind\", \"source\": \"$VOL\", \"options\": [\"rbind\", \"rw\"]}"
for k in $(seq 0 $((NSUB - 1))); do
  mounts="$mounts, {\"destination\": \"/vol/d$k\", \"type\": \"bind\", \"source\": \"$SECRET\", \"options\": [\"bind\", \"ro\", \"nosuid\"]}"
done
edit_config "$T/b" ".mounts += [$mounts]"

# race BUNDLE PREFIX SECRET: RUNS containers of BUNDLE against the
# attacker; counts in ran, seen (mounts of SECRET) and writable.
race () {
  local secret_root secret_rel i
  secret_root=$(stat -c %m "$3")
  secret_rel=/${3#"${secret_root%/}/"}
  ran=0 writable=0 seen=0
  for i in $(seq "$RUNS"); do
    H run --bundle "$1" "$2$i" >"$T/mi" 2>"$T/mi.err" || { [ -n "${DEBUG_RACE:-}" ] && cat "$T/mi.err" >&2; H delete --force "$2$i" >/dev/null 2>&1; continue; }
    ran=$((ran + 1))
    [ -n "${DEBUG_RACE:-}" ] && cat "$T/mi.err" >&2
    # Every mount of the secret, wherever it landed, must be read-only.
    while read -r _ _ _ root _ opts _; do
      [ "$root" = "$secret_rel" ] || continue
      seen=$((seen + 1))
      case ",$opts," in *,ro,*) ;; *) writable=$((writable + 1)) ;; esac
    done <"$T/mi"
  done
}
# report WHAT: the counts of the last race.
report () {
  if [ "$ran" -ge $((RUNS / 4)) ] && [ "$seen" -gt 0 ]; then
    pass "read-only binds under a swapping attacker$1: $ran of $RUNS containers ran, $seen mounts of the host directory"
  else
    fail "read-only binds under a swapping attacker$1: too few containers ran to prove anything" "ran: $ran, mounts seen: $seen"
  fi
  is "$writable" 0 "every bind of the host directory is read-only, wherever the attacker sent it$1"
}
race "$T/b" mnt-v "$SECRET"
report ""

# The same victim in a user namespace, its secret below a 0700 directory of
# host root's: the create process opens that source, the container's init
# still resolves the destination and attaches the bind.
LOCKED="$T/locked/secret"
mkdir -p "$LOCKED"
echo secret >"$LOCKED/data"
chmod 700 "$T/locked"
chmod 755 "$T"
mkdir -p "$T/u"
jq --arg s "$LOCKED" --arg old "$SECRET" '.linux.namespaces += [{"type": "user"}]
  | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
  | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
  | .mounts |= map(if .source == $old then .source = $s else . end)' "$T/b/config.json" >"$T/u/config.json"
ln -sfn "$T/rootfs" "$T/u/rootfs"
race "$T/u" mnt-u "$LOCKED"
report " (a user namespace)"

touch "$VOL/stop"
for _ in $(seq 100); do grep -q '^swaps:' "$T/mnt-racer.out" && break; sleep 0.1; done
H delete --force mnt-racer >/dev/null 2>&1
nswaps=$(sed -n 's/^swaps: //p' "$T/mnt-racer.out")
if [ "${nswaps:-0}" -gt 1000 ]; then pass "the attacker swapped $nswaps times"; else fail "the attacker swapped" "$(cat "$T/mnt-racer.out")"; fi
is "$(cat "$SECRET/data") $(cat "$LOCKED/data")" "secret secret" "the host directories are untouched"
is "$(grep -c "$T" /proc/self/mountinfo)" 0 "no mount is left on the host"

# --no-pivot (chroot): the host's /proc and /sys stay in the container's
# mount namespace, under its root.  While a full procfs is there, the kernel
# lets a process of the container that makes a user namespace of its own
# mount a new procfs, unmasked (mount_too_revealing finds the host's fully
# visible).  husk detaches them first, as runc does, so that mount is
# refused as with pivot_root.  The process is an ordinary user without
# capabilities, as in any container.
make_bundle "$T/np" /bin/helper userns-proc /tmp
edit_config "$T/np" '.process.user = {"uid": 1000, "gid": 1000}'
if ! setpriv --reuid=1000 --regid=1000 --clear-groups -- "$HELPER" userns-proc "$T" | grep -q 'mount: ok'; then
  skip "--no-pivot: this host does not let an ordinary user mount a procfs in a user namespace"
else
  run_husk --root "$ROOT" run --bundle "$T/np" mnt-pivot
  is "$out$err" "mount: errno 1" "pivot_root: the container's user namespace cannot mount a new procfs"
  run_husk --root "$ROOT" run --no-pivot --bundle "$T/np" mnt-nopivot
  is "$out$err" "mount: errno 1" "--no-pivot: neither (the host's /proc and /sys are detached first)"
fi
done_testing
