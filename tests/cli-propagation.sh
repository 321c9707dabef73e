#!/bin/bash
# linux.rootfsPropagation, every value runc takes, seen from the host: for
# each, a container that runs until it is deleted, host mounts made under
# the directories it binds (and under its rootfs) and mounts it makes in
# them, with pivot_root and with --no-pivot.  Then what must never reach the
# host whatever the value (its rootfs bind, an unmount of /proc, a mount on
# its /dev/null, anything from a user namespace), and invalid values.
#
# Mount propagation is done when mount(2) returns, on the host as in the
# container (husk exec returns once its mount has), so each check below is
# exact at once: no waiting.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"

need_root_rootfs "propagation tests"
command -v unshare >/dev/null || skip_all "unshare (util-linux) is not installed"
H () { "$HUSK" --root "$ROOT" "$@"; }

# The host side, all below $T and unmounted at exit whatever happens:
#   $T/sh  a shared tmpfs holding the rootfs, as /run or /tmp often is on a
#          systemd host (the mount holding the rootfs is then shared, which
#          pivot_root refuses unless husk makes it private or a slave)
#   $T/hs  a shared tmpfs, bound into the container: /vol (rbind), /bidi
#          (rbind + rshared: Kubernetes' Bidirectional) and /h2c (rbind +
#          rslave: HostToContainer), and /idm (idmapped) below
at_exit umount_below "$T"
mkdir -p "$T/sh" "$T/hs"
mount -t tmpfs sh "$T/sh" && mount --make-shared "$T/sh" && mount -t tmpfs hs "$T/hs" && mount --make-shared "$T/hs" ||
  skip_all "cannot make shared tmpfs mounts here"
R="$T/sh/rootfs"
cp -a "$T/rootfs" "$R"
mkdir -p "$R/mnt/h1" "$R/mnt/c1" "$R/tmp/b" "$R/vol" "$R/bidi" "$R/h2c" "$R/idm"
for d in vol bidi h2c idm; do mkdir -p "$T/hs/$d/h1" "$T/hs/$d/c1"; done
B="$T/b"

# mounted PID PATH: PATH is a mount point in PID's view (PID "self": ours).
mounted () { awk -v p="$2" '$5 == p {f = 1} END {exit !f}' "/proc/$1/mountinfo"; }
# prop PID PATH: the propagation of the top mount at PATH in PID's view.
prop () {
  awk -v p="$2" '$5 == p {t = ""; for (i = 7; $i != "-"; i++) {
      if ($i ~ /^shared:/) t = t "shared"; else if ($i ~ /^master:/) t = t (t == "" ? "" : "+") "slave"
      else if ($i == "unbindable") t = "unbindable" }
    r = (t == "" ? "private" : t)} END {print r}' "/proc/$1/mountinfo"
}
# Our own mounts below the rootfs, on the host: the test's own h1, nothing
# else (husk's bind of the rootfs onto itself must not show here).
leaked () { awk -v d="$R" 'index($5, d) == 1 && $5 != d "/mnt/h1"' /proc/self/mountinfo | wc -l; }

make_bundle "$B" sleep 3600
edit_config "$B" ".root.path = \"$R\" | .process.capabilities.bounding += [\"CAP_SYS_ADMIN\"]
  | .process.capabilities.effective += [\"CAP_SYS_ADMIN\"] | .process.capabilities.permitted += [\"CAP_SYS_ADMIN\"]
  | .mounts += [{\"destination\": \"/vol\", \"type\": \"bind\", \"source\": \"$T/hs/vol\", \"options\": [\"rbind\"]},
                {\"destination\": \"/bidi\", \"type\": \"bind\", \"source\": \"$T/hs/bidi\", \"options\": [\"rbind\", \"rshared\"]},
                {\"destination\": \"/h2c\", \"type\": \"bind\", \"source\": \"$T/hs/h2c\", \"options\": [\"rbind\", \"rslave\"]}]"
cp "$B/config.json" "$T/base.json"

# scenario VALUE [--no-pivot]: what goes where for rootfsPropagation VALUE
# (ABSENT: none, EMPTY: ""), as one line: the propagation of / and /proc inside, for
# each volume whether a host mount shows inside and a container mount on the
# host, the same under the rootfs, whether / can be bound from inside, and
# how many mounts showed up below the rootfs on the host.
n=0
scenario () {
  local v=$1 np=${2:-} id pid s d in out
  n=$((n + 1)); id=p$n
  case $v in
    ABSENT) jq 'del(.linux.rootfsPropagation)' "$T/base.json" >"$B/config.json" ;;
    EMPTY) jq '.linux.rootfsPropagation = ""' "$T/base.json" >"$B/config.json" ;;
    *) jq --arg v "$v" '.linux.rootfsPropagation = $v' "$T/base.json" >"$B/config.json" ;;
  esac
  track_container "$id"
  if ! H create $np --bundle "$B" "$id" >"$T/create.err" 2>&1 || ! H start "$id" >>"$T/create.err" 2>&1; then
    echo "failed: $(cat "$T/create.err")"; H delete --force "$id" >/dev/null 2>&1; return
  fi
  pid=$(H state "$id" | jq -r .pid)
  s="root=$(prop "$pid" /) proc=$(prop "$pid" /proc)"
  for d in vol bidi h2c; do
    mount -t tmpfs h "$T/hs/$d/h1"
    in=no; mounted "$pid" "/$d/h1" && in=in
    H exec "$id" mount -t tmpfs c "/$d/c1"
    out=no; mounted self "$T/hs/$d/c1" && out=out
    s="$s $d=$in,$out"
  done
  mount -t tmpfs h "$R/mnt/h1"
  in=no; mounted "$pid" /mnt/h1 && in=in
  H exec "$id" mount -t tmpfs c /mnt/c1
  out=no; mounted self "$R/mnt/c1" && out=out
  s="$s rootfs=$in,$out"
  if H exec "$id" sh -c 'mount --bind / /tmp/b && umount /tmp/b' 2>/dev/null; then s="$s bind=ok"; else s="$s bind=refused"; fi
  s="$s leaked=$(leaked)"
  # A shared root is a peer group of its own, none of the host's.
  local g
  g=$(awk '$5 == "/" {for (i = 7; $i != "-"; i++) if ($i ~ /^shared:/) print $i " "}' "/proc/$pid/mountinfo")
  [ -n "$g" ] && grep -qF -- "$g" /proc/self/mountinfo && s="$s root-peer-of-host"
  H delete --force "$id" >/dev/null 2>&1
  for d in vol bidi h2c; do umount_below "$T/hs/$d"; done
  umount_below "$R/mnt"
  echo "$s"
}

# What each value gives.  Without "r" a value changes the root mount only:
# the host's mounts keep their propagation in the container's namespace, so
# a volume bound from a shared one is its peer (as with runc).  The rootfs
# sees host mounts below it in the slave modes (the mount holding it is made
# a slave, not private).  Kubernetes: Bidirectional is /bidi under rshared,
# HostToContainer /h2c under rslave.
declare -A want=(
  [ABSENT]="root=slave proc=private vol=in,no bidi=in,no h2c=in,no rootfs=in,no bind=ok leaked=0"
  [private]="root=private proc=private vol=in,out bidi=in,out h2c=in,no rootfs=no,no bind=ok leaked=0"
  [rprivate]="root=private proc=private vol=no,no bidi=no,no h2c=no,no rootfs=no,no bind=ok leaked=0"
  [slave]="root=slave proc=private vol=in,out bidi=in,out h2c=in,no rootfs=in,no bind=ok leaked=0"
  [rslave]="root=slave proc=private vol=in,no bidi=in,no h2c=in,no rootfs=in,no bind=ok leaked=0"
  [shared]="root=shared proc=private vol=in,out bidi=in,out h2c=in,no rootfs=no,no bind=ok leaked=0"
  [rshared]="root=shared proc=shared vol=in,out bidi=in,out h2c=in,no rootfs=no,no bind=ok leaked=0"
  [unbindable]="root=unbindable proc=private vol=in,out bidi=in,out h2c=in,no rootfs=no,no bind=refused leaked=0"
  [runbindable]="root=unbindable proc=unbindable vol=no,no bidi=no,no h2c=no,no rootfs=no,no bind=refused leaked=0"
)
want[EMPTY]=${want[ABSENT]}
for np in "" --no-pivot; do
  for v in ABSENT EMPTY private rprivate slave rslave shared rshared unbindable runbindable; do
    is "$(scenario "$v" $np)" "${want[$v]}" "rootfsPropagation $v${np:+ with $np}"
  done
done
is "$(awk -v d="$T/" 'index($5, d) == 1' /proc/self/mountinfo | wc -l)" 2 "only the test's own two tmpfs are left on the host"

# Idmapped mounts are cloned by husk's create process, in the host's mount
# namespace, so they start as peers of the host's mount: they get what a
# plain bind starts from before their own options.  And nothing a container
# in a user namespace mounts propagates to the host, rshared or not.
cp "$T/base.json" "$B/config.json"
edit_config "$B" ".mounts += [{\"destination\": \"/idm\", \"type\": \"bind\", \"source\": \"$T/hs/idm\", \"options\": [\"rbind\", \"idmap\"],
  \"uidMappings\": [{\"containerID\": 0, \"hostID\": 0, \"size\": 65536}], \"gidMappings\": [{\"containerID\": 0, \"hostID\": 0, \"size\": 65536}]}]"
cp "$B/config.json" "$T/idm.json"
userns='.linux.namespaces += [{"type": "user"}] | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
  | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
idm () { # idm VALUE [USERNS-JQ]: for /idm and /vol, host mount inside?, container mount on the host?
  local id s="" d in out
  n=$((n + 1)); id=i$n
  jq --arg v "$1" "(if \$v == \"ABSENT\" then . else .linux.rootfsPropagation = \$v end) | ${2:-.}" "$T/idm.json" >"$B/config.json"
  track_container "$id"
  if ! H run --detach --bundle "$B" "$id" >"$T/create.err" 2>&1; then echo "failed: $(cat "$T/create.err")"; return; fi
  local pid
  pid=$(H state "$id" | jq -r .pid)
  for d in idm vol; do
    mount -t tmpfs h "$T/hs/$d/h1"
    in=no; mounted "$pid" "/$d/h1" && in=in
    H exec "$id" mount -t tmpfs c "/$d/c1" 2>>"$T/create.err"
    out=no; mounted self "$T/hs/$d/c1" && out=out
    s="$s$d=$in,$out "
  done
  H delete --force "$id" >/dev/null 2>&1
  for d in idm vol; do umount_below "$T/hs/$d"; done
  echo "${s% }"
}
is "$(idm ABSENT)" "idm=in,no vol=in,no" "an idmapped volume, like a plain one, propagates nothing out by default"
is "$(idm rprivate)" "idm=no,no vol=no,no" "... nothing either way with rprivate"
is "$(idm rshared)" "idm=in,out vol=in,out" "... both ways with rshared"
# The user namespace's root is host uid 100000: it must reach the rootfs.
chmod 755 "$T"
is "$(idm rshared "$userns")" "idm=in,no vol=in,no" "in a user namespace nothing propagates out, even with rshared"

# Where the host's own / and /dev are shared (as on a systemd host; here in
# a mount namespace of the test's own, so that a failure hurts nothing but
# it), the container must not reach them: with --no-pivot an unmount of the
# host's /proc propagated from its parent, and the MS_MOVE of the rootfs
# onto / would reach the host's /; a bind of the host's /dev/null for the
# container's would be a peer of the host's /dev, so the container's mount
# on its /dev/null would cover the host's.
make_bundle "$B" sh -c 'mount --bind /etc/passwd /dev/null && mount -t tmpfs t /tmp/b && mount -t tmpfs t /mnt/c1 && echo mounted'
edit_config "$B" ".root.path = \"$R\" | .process.capabilities.bounding += [\"CAP_SYS_ADMIN\"]
  | .process.capabilities.effective += [\"CAP_SYS_ADMIN\"] | .process.capabilities.permitted += [\"CAP_SYS_ADMIN\"]"
cp "$B/config.json" "$T/ns.json"
cat >"$T/in-ns.sh" <<'EOF'
# Runs in a new mount namespace: make it all shared, run the container,
# then print what changed in this namespace's mount table.
set -u
mount --make-rshared /
mounts () { awk '{print $1, $5}' /proc/self/mountinfo; }
before=$(mounts)
out=$("$HUSK" --root "$ROOT" run $NP --bundle "$B" "$ID" 2>&1)
after=$(mounts)
[ "$before" = "$after" ] && echo "$out, no change" || { echo "$out, changed:"; diff <(echo "$before") <(echo "$after"); }
[ -c /dev/null ] && [ "$(head -c 8 /dev/null | wc -c)" = 0 ] || echo "/dev/null is not the null device any more"
EOF
for np in "" --no-pivot; do
  for v in shared rshared; do
    n=$((n + 1))
    jq --arg v "$v" '.linux.rootfsPropagation = $v' "$T/ns.json" >"$B/config.json"
    track_container "ns$n"
    out=$(HUSK="$HUSK" ROOT="$ROOT" NP="$np" B="$B" ID="ns$n" unshare -m --propagation unchanged bash "$T/in-ns.sh" 2>&1)
    is "$out" "mounted, no change" "host / and /dev shared, $v${np:+ with $np}: nothing reaches the host's mounts"
  done
done
is "$(leaked)" 0 "nothing left below the rootfs"

# Invalid values: the field named, nothing left behind.
for v in rshare Shared "shared,rslave"; do
  jq --arg v "$v" '.linux.rootfsPropagation = $v' "$T/base.json" >"$B/config.json"
  expect_fail "rootfsPropagation \"$v\" is refused" "config.json: linux.rootfsPropagation: unknown value \"$v\" (expected private, rprivate, shared, rshared, slave, rslave, unbindable or runbindable)" --root "$ROOT" create --bundle "$B" x
done
jq '.linux.rootfsPropagation = 1' "$T/base.json" >"$B/config.json"
expect_fail "a rootfsPropagation that is not a string" "config.json: linux.rootfsPropagation: expected a string, got 1" --root "$ROOT" run --bundle "$B" x
no_residue "invalid values leave no container"
is "$(leaked)" 0 "... and no mount"

done_testing
