#!/bin/bash
# husk spec: runc's default config.json, --rootless, never overwriting.
. "$TOP_SRCDIR/tests/lib.sh"

schema_check () { # desc schema doc
  if [ -z "${PYTHON3:-}" ] || [ ! -d "${OCI_SPEC_DIR:-}/schema" ]; then skip "$1: no python3 or no runtime-spec at OCI_SPEC_DIR"; return; fi
  "$PYTHON3" "$TOP_SRCDIR/tests/validate-schema.py" "$OCI_SPEC_DIR/schema/$2" "$3" >"$T/v" 2>&1
  case $? in
    0) pass "$1" ;;
    77) skip "$1: $(cat "$T/v")" ;;
    *) fail "$1" "$(cat "$T/v")" ;;
  esac
}

mkdir -p "$T/b1" "$T/b2" "$T/b3"
run_husk spec --bundle "$T/b1"
is "$rc" 0 "spec --bundle DIR"
ok "config.json is JSON" jq -e . "$T/b1/config.json"
is "$(jq -r .ociVersion "$T/b1/config.json")" 1.3.0 "ociVersion is husk's"
is "$(jq -r '.process.args|join(" ")' "$T/b1/config.json")" sh "args sh"
is "$(jq -r .process.terminal "$T/b1/config.json")" true "terminal true"
is "$(jq -r '[.linux.namespaces[].type]|join(",")' "$T/b1/config.json")" "pid,network,ipc,uts,mount" "namespaces"
is "$(jq -r '.mounts|length' "$T/b1/config.json")" 7 "seven default mounts"
is "$(jq -r '.linux.maskedPaths|length' "$T/b1/config.json")" 10 "masked paths"
schema_check "default config validates against config-schema.json" config-schema.json "$T/b1/config.json"
like "$(stat -c %a "$T/b1/config.json")" '^6[0-6][0-6]$' "mode 0666 less the umask"
(cd "$T/b2" && "$HUSK" spec) && pass "spec writes into the current directory" || fail "spec writes into the current directory"
cmp -s "$T/b1/config.json" "$T/b2/config.json" && pass "same content either way" || fail "same content either way"
run_husk spec -b "$T/b3" --rootless
is "$rc" 0 "spec -b DIR --rootless"
is "$(jq -r '[.linux.namespaces[].type]|join(",")' "$T/b3/config.json")" "pid,ipc,uts,mount,user" "rootless: user namespace, no network namespace"
is "$(jq -c '.linux.uidMappings' "$T/b3/config.json")" "[{\"containerID\":0,\"hostID\":$(id -u),\"size\":1}]" "rootless: maps the caller"
is "$(jq -c '.linux.resources' "$T/b3/config.json")" null "rootless: no cgroup resources"
is "$(jq -c '.mounts[]|select(.destination=="/sys")|.type' "$T/b3/config.json")" '"none"' "rootless: /sys is a bind"
schema_check "rootless config validates against config-schema.json" config-schema.json "$T/b3/config.json"

# Same content as runc's, but for the version and the hostname.
if command -v runc >/dev/null; then
  mkdir -p "$T/r1" "$T/r2"
  (cd "$T/r1" && runc spec) && (cd "$T/r2" && runc spec --rootless)
  norm='del(.ociVersion, .hostname)'
  is "$(jq -S "$norm" "$T/b1/config.json")" "$(jq -S "$norm" "$T/r1/config.json")" "same as runc spec"
  is "$(jq -S "$norm" "$T/b3/config.json")" "$(jq -S "$norm" "$T/r2/config.json")" "same as runc spec --rootless"
else
  skip "runc is not installed: cannot compare with runc spec"
  skip "runc is not installed: cannot compare with runc spec --rootless"
fi

# husk's own loader takes it: create gets past config.json (and stops at the
# terminal, which needs a console socket for create).
mkdir -p "$T/b1/rootfs" "$T/b3/rootfs"
for b in b1 b3; do
  run_husk --root "$ROOT" create --bundle "$T/$b" c1
  is "$err" 'husk: create "c1": process.terminal is true: --console-socket is required (the pty master is sent there)' "husk's loader accepts the $b config"
done

# Never overwrite.
echo '{"mine":true}' >"$T/b2/config.json"
expect_fail "refuses to overwrite" "spec: \"$T/b2/config.json\" already exists; remove it first" spec --bundle "$T/b2"
is "$(cat "$T/b2/config.json")" '{"mine":true}' "existing file untouched"
ln -s /nonexistent/target "$T/b2/link" && mkdir -p "$T/b4" && ln -s /etc/hostname "$T/b4/config.json"
expect_fail "refuses a symlink at config.json" "already exists" spec --bundle "$T/b4"
expect_fail "missing bundle dir is named" "spec: --bundle: \"$T/nope\": No such file or directory" spec --bundle "$T/nope"
expect_fail "bundle that is a file" "Not a directory" spec --bundle "$T/b2/config.json"
expect_fail "no operands" 'spec: too many arguments' spec extra
expect_fail "bad flag" 'spec: unknown flag --frob' spec --frob
no_residue "spec leaves nothing under --root"

done_testing
