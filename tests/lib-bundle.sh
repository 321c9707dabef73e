# husk - helpers for tests that need OCI bundles (sourced after tests/lib.sh).
#
#   make_rootfs            builds $T/rootfs once (busybox-static + tests/helper)
#   make_bundle DIR [ARGS...]  DIR/config.json from `husk spec` with the given
#                          process args (default: helper all), rootfs linked
#   edit_config DIR JQ-EXPR    rewrites DIR/config.json with jq
#
# Every container a test creates must be deleted by it; register ids with
# track_container so that a failing test still cleans up (delete --force,
# then the pid is killed by number if husk could not).

HELPER=${HELPER:-$TOP_BUILDDIR/tests/helper}

# skip_all REASON: the whole file cannot run here; say why and stop.
skip_all () { skip "$1"; done_testing; exit 0; }

# need_root_rootfs WHAT: skip the file unless we are root and the test
# rootfs (busybox-static) can be built.
need_root_rootfs () {
  [ "$(id -u)" = 0 ] || skip_all "$1 need root"
  make_rootfs
  [ $? = 77 ] && skip_all "busybox-static is not installed"
  return 0
}

make_rootfs () {
  [ -d "$T/rootfs" ] && return 0
  sh "$TOP_SRCDIR/tests/mkrootfs.sh" "$T/rootfs" "$HELPER"
}

make_bundle () {
  local dir=$1; shift
  mkdir -p "$dir"
  make_rootfs || return $?
  ln -sfn "$T/rootfs" "$dir/rootfs"
  rm -f "$dir/config.json"
  "$HUSK" spec --bundle "$dir" || return 1
  local args
  if [ $# -eq 0 ]; then set -- /bin/helper all; fi
  args=$(printf '%s\n' "$@" | jq -R . | jq -s .)
  edit_config "$dir" ".process.terminal = false | .process.args = $args"
}

edit_config () {
  local dir=$1 expr=$2
  jq "$expr" "$dir/config.json" >"$dir/config.json.new" && mv "$dir/config.json.new" "$dir/config.json"
}

_tracked=()
track_container () { _tracked+=("$1"); }
_cleanup_containers () {
  local id pid
  for id in "${_tracked[@]}"; do
    # The pid from the file, without the lock: a broken husk may hold it.
    pid=$(jq -r '.pid // 0' "$ROOT/$id/state.json" 2>/dev/null)
    timeout 30 "$HUSK" --root "$ROOT" delete --force "$id" >/dev/null 2>&1
    if [ -n "$pid" ] && [ "$pid" != 0 ] && kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null; fi
  done
}
at_exit _cleanup_containers
