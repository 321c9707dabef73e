#!/bin/bash
# Run a command as root in a throw-away qemu guest with a pure cgroup v2
# hierarchy, seeing the host's files, and exit with its status.
#
#   tests/vm/vm.sh [--out FILE] COMMAND [ARGS...]
#
# The guest boots Debian's own kernel (the version linux-image-amd64 depends
# on, fetched with apt-get download and unpacked, never installed) with
# cgroup_no_v1=all, and an initramfs of busybox-static and the virtio/9p
# modules.  Its init mounts the host's / read-only and a results directory
# read-write over 9p, a tmpfs on /run, cgroup2 on /sys/fs/cgroup with
# every controller enabled, and runs COMMAND from the current directory
# with TMPDIR on a tmpfs (/run/tmp; the host's /tmp stays visible, read-only).
# COMMAND's output goes to --out (default: this script's stdout).
#
# Exit status: COMMAND's; 77 when the guest cannot be run here (the reason
# on stderr); 125 when the guest did not report a status.
#
# Everything downloaded or built is cached in $HUSK_VM_CACHE (default
# /var/tmp/husk-vm-cache).  Needs root (9p passthrough), qemu-system-x86,
# busybox-static, python3 and apt-get access to Debian's archive.
set -euo pipefail
OUT=
if [ "${1:-}" = --out ]; then OUT=$2; shift 2; fi
[ $# -gt 0 ] || { echo "usage: $0 [--out FILE] COMMAND [ARGS...]" >&2; exit 2; }
unavailable () { echo "vm: $*" >&2; exit 77; }
[ "$(id -u)" = 0 ] || unavailable "needs root (9p passthrough of the host's files)"
QEMU=$(command -v qemu-system-x86_64 || true)
[ -n "$QEMU" ] || unavailable "qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)"
[ -x /bin/busybox ] || unavailable "busybox-static is not installed"
CACHE=${HUSK_VM_CACHE:-/var/tmp/husk-vm-cache}
mkdir -p "$CACHE"

# ---- the kernel: Debian's, cached per version ----
prepare_kernel () {
  local pkg deb
  pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -1)
  [ -n "$pkg" ] || unavailable "apt-cache cannot tell which kernel linux-image-amd64 depends on"
  K="$CACHE/$pkg"
  # The initramfs is this script's: rebuilt when the script changes.
  INITRD="$K/initrd-$(sha256sum "$0" | cut -c1-12).cpio"
  [ -f "$K/vmlinux" ] && [ -f "$INITRD" ] && return 0
  rm -rf "$K.tmp" && mkdir -p "$K.tmp"
  (cd "$K.tmp" && apt-get download "$pkg" >/dev/null 2>&1) || unavailable "apt-get download $pkg failed"
  deb=$(ls "$K.tmp"/*.deb)
  dpkg -x "$deb" "$K.tmp/x"
  # Debian's vmlinuz is a bzImage with an xz-compressed ELF inside; the ELF
  # boots directly (PVH) and saves the guest ~3 s of decompression under TCG.
  python3 - "$K.tmp"/x/boot/vmlinuz-* "$K.tmp/vmlinux" <<'PY'
import lzma, sys
data = open(sys.argv[1], "rb").read()
i = data.find(b"\xfd7zXZ\x00")
if i < 0:
    sys.exit("no xz stream in " + sys.argv[1])
d = lzma.LZMADecompressor()
out = d.decompress(data[i:])
if not out.startswith(b"\x7fELF"):
    sys.exit("the xz stream is not an ELF kernel")
open(sys.argv[2], "wb").write(out)
PY
  build_initrd "$K.tmp"
  rm -rf "$K" && mkdir -p "$K"
  mv "$K.tmp/vmlinux" "$K/"
  mv "$K.tmp/initrd.cpio" "$INITRD"
  rm -rf "$K.tmp"
}

build_initrd () {
  local t=$1 ir="$1/ir" mods ver
  ver=$(ls "$t/x/lib/modules")
  mods="$t/x/lib/modules/$ver/kernel"
  mkdir -p "$ir/bin" "$ir/mod" "$ir/proc" "$ir/sys" "$ir/dev" "$ir/newroot"
  cp /bin/busybox "$ir/bin/busybox"
  for m in drivers/virtio/virtio drivers/virtio/virtio_ring drivers/virtio/virtio_pci_legacy_dev \
           drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci drivers/virtio/virtio_mmio \
           drivers/block/virtio_blk \
           fs/netfs/netfs fs/fscache/fscache net/9p/9pnet net/9p/9pnet_virtio fs/9p/9p fs/overlayfs/overlay; do
    if [ -f "$mods/$m.ko" ]; then cp "$mods/$m.ko" "$ir/mod/"; fi
  done
  cat >"$ir/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_mmio virtio_blk netfs fscache 9pnet 9pnet_virtio 9p; do
  [ -f /mod/$m.ko ] && /bin/busybox insmod /mod/$m.ko
done
opts=trans=virtio,version=9p2000.L,msize=262144
/bin/busybox mount -t 9p -o ro,cache=loose,$opts hostroot /newroot || { echo "vm: cannot mount the host's /"; /bin/busybox poweroff -f; }
/bin/busybox mount -t tmpfs tmpfs /newroot/run
# The overlay module, for tests that need it, from inside the new root.
/bin/busybox mkdir -p /newroot/run/husk-vm
/bin/busybox cp /mod/overlay.ko /newroot/run/husk-vm/ 2>/dev/null
work=$(/bin/busybox sed -n 's/.*husk_work=\([^ ]*\).*/\1/p' /proc/cmdline)
/bin/busybox mkdir -p /newroot/run/husk-vm/work
/bin/busybox mount -t 9p -o $opts work /newroot/run/husk-vm/work
/bin/busybox mount --move /dev /newroot/dev
/bin/busybox mount --move /proc /newroot/proc
/bin/busybox mount --move /sys /newroot/sys
exec /bin/busybox switch_root /newroot /bin/busybox sh /run/husk-vm/work/stage2.sh
INIT
  chmod +x "$ir/init"
  (cd "$ir" && find . | /bin/busybox cpio -o -H newc 2>/dev/null) >"$t/initrd.cpio"
}

prepare_kernel

# ---- the run ----
W=$(mktemp -d "${TMPDIR:-/tmp}/husk-vm.XXXXXX")
trap 'rm -rf "$W"' EXIT
printf '%q ' "$@" >"$W/cmd"
# An empty disk, so that the guest has a block device (io.max needs one).
truncate -s 16M "$W/disk.img"
cat >"$W/stage2.sh" <<STAGE2
#!/bin/busybox sh
# In the guest, after switch_root into the host's (read-only) /.
W=/run/husk-vm/work
[ -e /proc/self ] || mount -t proc proc /proc
[ -e /sys/kernel ] || mount -t sysfs sysfs /sys
[ -e /dev/null ] || mount -t devtmpfs devtmpfs /dev
mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup
for c in \$(cat /sys/fs/cgroup/cgroup.controllers); do echo "+\$c" >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null; done
mkdir -p /dev/pts /dev/shm /dev/mqueue
mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
ln -sf /proc/self/fd /dev/fd 2>/dev/null
ln -sf /proc/self/fd/0 /dev/stdin 2>/dev/null
ln -sf /proc/self/fd/1 /dev/stdout 2>/dev/null
ln -sf /proc/self/fd/2 /dev/stderr 2>/dev/null
insmod /run/husk-vm/overlay.ko 2>/dev/null
hostname husk-vm
# /tmp stays the host's (read-only: build trees live there); scratch space
# is a tmpfs under /run.
mkdir -p /run/tmp
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TMPDIR=/run/tmp
cd $(printf '%q' "$PWD") 2>/dev/null || cd /
$(for v in HUSK TOP_SRCDIR TOP_BUILDDIR OCI_SPEC_DIR PYTHON3 HUSK_TEST_IN_VM; do [ -n "${!v:-}" ] && printf 'export %s=%q\n' "$v" "${!v}"; done)
export HUSK_TEST_IN_VM=1
sh -c "\$(cat \$W/cmd)" >\$W/out 2>&1 </dev/null
echo \$? >\$W/status
sync
echo b >/proc/sysrq-trigger
STAGE2

if [ -e /sys/module/kvm_pvm ] || [ ! -w /dev/kvm ]; then
  # A nested paravirtual KVM cannot run a stock kernel: emulate.
  ACCEL=(-accel tcg -cpu max)
else
  ACCEL=(-accel kvm -cpu host)
fi
timeout "${HUSK_VM_TIMEOUT:-1800}" "$QEMU" -M q35 -nodefaults -no-reboot -display none -serial file:"$W/console" \
  "${ACCEL[@]}" -smp 2 -m 1536 \
  -kernel "$K/vmlinux" -initrd "$INITRD" \
  -append "console=ttyS0 quiet loglevel=1 panic=-1 cgroup_no_v1=all systemd.unified_cgroup_hierarchy=1 husk_work=1" \
  -fsdev local,id=hostroot,path=/,security_model=passthrough,readonly=on,multidevs=remap \
  -device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
  -fsdev local,id=work,path="$W",security_model=passthrough \
  -device virtio-9p-pci,fsdev=work,mount_tag=work \
  -drive file="$W/disk.img",if=virtio,format=raw >/dev/null 2>"$W/qemu.err" || true
if [ -n "$OUT" ]; then cp "$W/out" "$OUT" 2>/dev/null || : >"$OUT"; else cat "$W/out" 2>/dev/null || true; fi
if [ ! -f "$W/status" ]; then
  echo "vm: the guest reported no status; console:" >&2
  tail -20 "$W/console" >&2 2>/dev/null || true
  cat "$W/qemu.err" >&2 2>/dev/null || true
  exit 125
fi
exit "$(cat "$W/status")"
