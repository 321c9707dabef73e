# husk - shell test helpers producing TAP (sourced by tests/*.sh).
#
# Environment (set by `make check`): HUSK (the binary), TOP_SRCDIR,
# TOP_BUILDDIR, OCI_SPEC_DIR (runtime-spec docs and schemas), PYTHON3.
# Each test script gets a private scratch directory $T, removed at exit
# whatever happens, and a private --root under it.

set -u
: "${HUSK:?HUSK must name the husk binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/husk-test.XXXXXX")
ROOT="$T/root"
_tap_n=0
_tap_failed=0
_cleanup_hooks=()

# Register a command to run at exit (in reverse order), e.g. an unmount.
at_exit () { _cleanup_hooks+=("$*"); }

# umount_below DIR: unmount DIR, if it is a mount point, and everything
# mounted below it in our mount namespace, deepest first.
umount_below () {
  awk -v d="$1" '$5 == d || index($5, d "/") == 1 {print $5}' /proc/self/mountinfo | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null; done
}

_tap_exit () {
  local i
  for ((i = ${#_cleanup_hooks[@]} - 1; i >= 0; i--)); do eval "${_cleanup_hooks[$i]}" || true; done
  rm -rf "$T"
}
trap _tap_exit EXIT

ok () { # ok DESCRIPTION COMMAND... : passes when COMMAND succeeds
  local desc=$1; shift
  _tap_n=$((_tap_n + 1))
  if "$@" >"$T/.ok.out" 2>&1; then
    echo "ok $_tap_n - $desc"
  else
    echo "not ok $_tap_n - $desc"; _tap_failed=$((_tap_failed + 1))
    sed 's/^/#   /' "$T/.ok.out" | head -40
  fi
}

pass () { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $1"; }
fail () {
  _tap_n=$((_tap_n + 1)); _tap_failed=$((_tap_failed + 1)); echo "not ok $_tap_n - $1"
  shift; [ $# -gt 0 ] && printf '#   %s\n' "$@"
  return 0
}
skip () { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n # SKIP $1"; }

# is GOT WANT DESCRIPTION: string equality with a diagnostic.
is () {
  if [ "$1" = "$2" ]; then pass "$3"; else fail "$3" "got:  $1" "want: $2"; fi
}

# like GOT REGEX DESCRIPTION: extended-regex match.
like () {
  if printf '%s' "$1" | grep -Eq -- "$2"; then pass "$3"; else fail "$3" "got:  $1" "want: /$2/"; fi
}

# run_husk ARGS...: runs $HUSK, stores stdout in $out, stderr in $err and the
# exit status in $rc.  Never fails the script.
run_husk () {
  set +e
  "$HUSK" "$@" >"$T/.out" 2>"$T/.err" </dev/null
  rc=$?
  set -e 2>/dev/null; set +e
  out=$(cat "$T/.out"); err=$(cat "$T/.err")
}

# expect_fail DESC EXPECTED_STDERR_SUBSTRING ARGS...: husk must exit non-zero
# and print the substring on stderr.
expect_fail () {
  local desc=$1 want=$2; shift 2
  run_husk "$@"
  if [ "$rc" -ne 0 ] && printf '%s' "$err" | grep -Fq -- "$want"; then
    pass "$desc"
  else
    fail "$desc" "exit: $rc" "stderr: $err" "want stderr to contain: $want"
  fi
}

# no_residue DESC: the private --root holds no container directory (the
# compiled seccomp filter cache is shared by all containers, not residue).
no_residue () {
  local left
  left=$(find "$ROOT" -mindepth 1 -maxdepth 1 ! -name @seccomp-cache 2>/dev/null | head -5)
  if [ -z "$left" ]; then pass "$1"; else fail "$1" "left in --root: $left"; fi
}

done_testing () {
  echo "1..$_tap_n"
  [ "$_tap_failed" -eq 0 ]
}
