# husk - helpers for the engine tests (sourced after tests/lib.sh).
#
# Each engine test runs its scenarios once per runtime in $RUNTIMES (husk,
# then runc: the README records which pass with each) and cleans up what
# the engine made: daemons are stopped by the PID we started them with,
# their private roots unmounted and removed.
#
#   engine_image           $T/image.tar: a docker-archive of the test rootfs
#   kill_started PID...    SIGTERM, then SIGKILL after 10 s, by PID only
# (umount_below is in tests/lib.sh.)

RUNC=$(command -v runc || true)

engine_image () {
  [ -f "$T/image.tar" ] && return 0
  make_rootfs || return $?
  python3 "$TOP_SRCDIR/tests/engines/mkimage.py" "$T/rootfs" localhost/husk-test:latest "$T/image.tar" /bin/sh
}

kill_started () {
  local p
  for p in "$@"; do kill "$p" 2>/dev/null; done
  for _ in $(seq 100); do
    local alive=0
    for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && return 0
    sleep 0.1
  done
  for p in "$@"; do kill -9 "$p" 2>/dev/null; done
}

