#!/bin/bash
# husk features: valid against the spec's schema, and true.
. "$TOP_SRCDIR/tests/lib.sh"

run_husk features
is "$rc" 0 "features exits 0"
printf '%s' "$out" >"$T/features.json"
ok "features is JSON" jq -e . "$T/features.json"
j () { jq -r "$1" "$T/features.json"; }

if [ -z "${PYTHON3:-}" ] || [ ! -d "${OCI_SPEC_DIR:-}/schema" ]; then
  skip "schema validation: no python3 or no runtime-spec at OCI_SPEC_DIR"
else
  V="$TOP_SRCDIR/tests/validate-schema.py"
  S="$OCI_SPEC_DIR/schema/features-schema.json"
  "$PYTHON3" "$V" "$S" "$T/features.json" >"$T/v" 2>&1
  case $? in
    0) pass "features validates against features-schema.json" ;;
    77) skip "schema validation: $(cat "$T/v")" ;;
    *) fail "features validates against features-schema.json" "$(cat "$T/v")" ;;
  esac
  # The validator itself must be able to say no: the spec's own examples.
  for f in "$OCI_SPEC_DIR"/schema/test/features/good/*.json; do
    "$PYTHON3" "$V" "$S" "$f" >/dev/null 2>&1 && pass "validator accepts good $(basename "$f")" || fail "validator accepts good $(basename "$f")"
  done
  for f in "$OCI_SPEC_DIR"/schema/test/features/bad/*.json; do
    "$PYTHON3" "$V" "$S" "$f" >/dev/null 2>&1 && fail "validator refuses bad $(basename "$f")" || pass "validator refuses bad $(basename "$f")"
  done
  jq '.linux.seccomp.actions += ["SCMP_ACT_BOGUS"]' "$T/features.json" >"$T/broken.json"
  "$PYTHON3" "$V" "$S" "$T/broken.json" >/dev/null 2>&1 && fail "validator refuses an unknown seccomp action" || pass "validator refuses an unknown seccomp action"
fi

is "$(j .ociVersionMin)" 1.0.0 "ociVersionMin"
is "$(j .ociVersionMax)" 1.3.0 "ociVersionMax"
is "$(j '.hooks|join(",")')" "prestart,createRuntime,createContainer,startContainer,poststart,poststop" "six hooks"
for o in rro rbind tmpcopyup idmap ridmap nosymfollow rnosuid; do
  is "$(j ".mountOptions|index(\"$o\") != null")" true "mount option $o"
done
is "$(j '.linux.namespaces|sort|join(",")')" "cgroup,ipc,mount,network,pid,time,user,uts" "all eight namespaces"
for c in CAP_CHOWN CAP_SYS_ADMIN CAP_CHECKPOINT_RESTORE; do
  is "$(j ".linux.capabilities|index(\"$c\") != null")" true "capability $c"
done
# libcap's own count of the capabilities it knows: capsh --supports on each, or
# the kernel's last cap (both are >= what libcap names).
last=$(cat /proc/sys/kernel/cap_last_cap 2>/dev/null || echo 40)
n=$(j '.linux.capabilities|length')
if [ "$n" -ge 38 ] && [ "$n" -le $((last + 1 > 41 ? last + 1 : 41)) ]; then pass "capabilities: $n names"; else fail "capabilities: $n names" "kernel cap_last_cap=$last"; fi
is "$(j '.linux.capabilities|map(test("^CAP_[A-Z_]+$"))|all')" true "capability names are CAP_ upper case"
is "$(j '.linux.seccomp.enabled')" true "seccomp enabled"
is "$(j '.linux.seccomp.actions|length')" 9 "nine seccomp actions"
is "$(j '.linux.seccomp.actions|index("SCMP_ACT_NOTIFY") != null')" true "SCMP_ACT_NOTIFY"
is "$(j '.linux.seccomp.operators|length')" 7 "seven operators"
is "$(j '.linux.seccomp.archs|index("SCMP_ARCH_X86_64") != null')" true "SCMP_ARCH_X86_64"
is "$(j '.linux.seccomp.knownFlags|length')" 4 "four known flags"
is "$(j '.linux.seccomp.supportedFlags|index("SECCOMP_FILTER_FLAG_TSYNC") != null')" true "TSYNC supported"
is "$(j '.linux.cgroup.v1 and .linux.cgroup.v2')" true "cgroup v1 and v2"
is "$(j '.linux.mountExtensions.idmap.enabled')" true "idmapped mounts"
is "$(j '.annotations["io.github.husk.version"]')" "$("$HUSK" --version | sed -n 's/^husk version //p')" "annotation: husk version"
expect_fail "features takes no arguments" 'features: too many arguments' features extra

done_testing
