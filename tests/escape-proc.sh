#!/bin/bash
# Writes into /proc that the image cannot redirect.  The config mounts the
# container's proc at /proc2, so /proc is the image's own directory, where
# it plants symlinks into /proc2/sys/kernel: a namespaced sysctl
# (net.ipv4.ip_unprivileged_port_start), oomScoreAdj (at create and in an
# exec'd process) and the time namespace offsets must not become writes to
# host-global kernel.* knobs.  husk writes through a /proc the container
# never had a hand in (its own mount namespace's, opened before any of the
# container's mounts), refusing symlinks and mount crossings.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/lib-bundle.sh"

need_root_rootfs "proc write attack tests"
H () { "$HUSK" --root "$ROOT" "$@"; }
KNOB=/proc/sys/kernel/printk_ratelimit_burst
KNOB2=/proc/sys/kernel/printk_ratelimit
orig=$(cat $KNOB) orig2=$(cat $KNOB2)
at_exit "echo $orig > $KNOB; echo $orig2 > $KNOB2"
knobs () { echo "$(cat $KNOB)/$(cat $KNOB2)"; }
before=$(knobs)

R="$T/evilroot"
cp -a "$T/rootfs" "$R"
rm -rf "$R/proc"
mkdir -p "$R/proc/sys/net/ipv4" "$R/proc2" "$R/evil"
ln -s /proc2/sys/kernel/printk_ratelimit_burst "$R/proc/sys/net/ipv4/ip_unprivileged_port_start"
ln -s /evil "$R/proc/self"
ln -s /proc2/sys/kernel/printk_ratelimit "$R/evil/oom_score_adj"
ln -s /proc2/sys/kernel/printk_ratelimit "$R/evil/timens_offsets"

B="$T/b"
make_bundle "$B" /bin/sh -c 'cat /proc2/sys/net/ipv4/ip_unprivileged_port_start; cat /proc2/self/oom_score_adj'
ln -sfn "$R" "$B/rootfs"
edit_config "$B" '(.mounts[] | select(.destination == "/proc")).destination = "/proc2" | .linux.sysctl = {"net.ipv4.ip_unprivileged_port_start": "777"} | .process.oomScoreAdj = 345'
run_husk --root "$ROOT" run --bundle "$B" pr-p1
is "$out$err" "$(printf '777\n345')" "sysctl and oomScoreAdj reach the container's own knobs"
is "$(knobs)" "$before" "a planted /proc/sys symlink and /proc/self do not redirect them to the host's kernel.*"

# exec: oomScoreAdj of an exec'd process, in a container whose /proc is the
# image's.
make_bundle "$B" /bin/helper sleep 3600
ln -sfn "$R" "$B/rootfs"
edit_config "$B" '(.mounts[] | select(.destination == "/proc")).destination = "/proc2"'
track_container pr-p2
H run --detach --bundle "$B" pr-p2 >/dev/null 2>&1
jq '.process | .args = ["/bin/cat", "/proc2/self/oom_score_adj"] | .oomScoreAdj = 456' "$B/config.json" >"$T/process.json"
run_husk --root "$ROOT" exec --process "$T/process.json" pr-p2
is "$out$err" 456 "exec: oomScoreAdj reaches the process"
is "$(knobs)" "$before" "exec: a planted /proc/self does not redirect it"
H delete --force pr-p2 >/dev/null 2>&1

# The time namespace offsets, written by the init into its own
# /proc/self/timens_offsets.
make_bundle "$B" /bin/true
ln -sfn "$R" "$B/rootfs"
edit_config "$B" '(.mounts[] | select(.destination == "/proc")).destination = "/proc2" | .linux.namespaces += [{"type": "time"}] | .linux.timeOffsets = {"boottime": {"secs": 31}}'
run_husk --root "$ROOT" run --bundle "$B" pr-p3
is "$rc$err" 0 "timeOffsets with a planted /proc/self"
is "$(knobs)" "$before" "timeOffsets: not redirected"
done_testing
