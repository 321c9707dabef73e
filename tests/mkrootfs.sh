#!/bin/sh
# Build a minimal root filesystem for test containers: Debian's busybox-static
# with one link per applet, plus husk's static test helper as /bin/helper.
#   tests/mkrootfs.sh DIR [HELPER]
# Exits 77 (automake's "skipped") when busybox-static is not installed.
set -eu
dir=$1
helper=${2:-}
bb=/bin/busybox
# It must be busybox-static: a dynamic busybox finds no libc inside.
if [ ! -x "$bb" ]; then
  echo "mkrootfs: $bb missing: install the Debian package busybox-static" >&2; exit 77
fi
if ldd "$bb" >/dev/null 2>&1; then
  echo "mkrootfs: $bb is dynamically linked: install the Debian package busybox-static" >&2; exit 77
fi
mkdir -p "$dir"/bin "$dir"/etc "$dir"/proc "$dir"/sys "$dir"/dev "$dir"/tmp "$dir"/root "$dir"/var "$dir"/usr/bin "$dir"/sbin
cp "$bb" "$dir/bin/busybox"
# `busybox --list` names busybox itself: linking it would replace the binary
# with a link to itself.
for a in $("$bb" --list); do
  [ "$a" = busybox ] && continue
  ln -sf busybox "$dir/bin/$a"
done
[ -n "$helper" ] && cp "$helper" "$dir/bin/helper"
echo "root:x:0:0:root:/root:/bin/sh" >"$dir/etc/passwd"
echo "nobody:x:65534:65534:nobody:/:/bin/false" >>"$dir/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$dir/etc/group"
chmod 1777 "$dir/tmp"
