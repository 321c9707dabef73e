#!/bin/bash
# Print a Docker- or podman-style default seccomp profile as linux.seccomp
# JSON, written from their documented format (not copied from either):
#   defaultAction SCMP_ACT_ERRNO (Docker: EPERM; podman: ENOSYS, with the
#   dangerous syscalls denied explicitly with EPERM), an allow list of every
#   x86_64 syscall but the ones Docker's documentation lists as blocked
#   (taken from the kernel headers, plus a few 32-bit-only names and one that
#   no kernel has, as real profiles contain), personality allowed only for
#   the usual personas, clone only without namespace flags, clone3 -> ENOSYS.
# Usage: tests/seccomp-profile.sh docker|podman
set -eu
blocked="acct add_key bpf clock_adjtime clock_settime create_module delete_module finit_module get_kernel_syms get_mempolicy init_module ioperm iopl kcmp kexec_file_load kexec_load keyctl lookup_dcookie mbind mount move_pages name_to_handle_at nfsservctl open_by_handle_at perf_event_open personality pivot_root process_vm_readv process_vm_writev ptrace query_module quotactl reboot request_key set_mempolicy setns settimeofday stime swapon swapoff sysfs _sysctl umount umount2 unshare uselib userfaultfd ustat vm86 vm86old clone clone3"
header=/usr/include/x86_64-linux-gnu/asm/unistd_64.h
[ -r "$header" ] || { echo "seccomp-profile: $header is missing (apt-get install linux-libc-dev)" >&2; exit 1; }
case ${1:-} in
  docker) errno=1 deny=false ;;
  podman) errno=38 deny=true ;;
  *) echo "usage: $0 docker|podman" >&2; exit 2 ;;
esac
allowed=$(sed -n 's/^#define __NR_\([a-z0-9_]*\) .*/\1/p' "$header" | grep -vxF -f <(tr ' ' '\n' <<<"$blocked"))
allowed=$(printf '%s\n' $allowed socketcall _llseek fcntl64 stat64 ipc a_syscall_from_the_future | jq -R . | jq -s -c .)
extra=""
for v in 0 8 131072 131080 4294967295; do
  extra="$extra, {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": $v, \"op\": \"SCMP_CMP_EQ\"}]}"
done
if [ "$deny" = true ]; then
  extra="$extra, {\"names\": $(printf '%s\n' $blocked | grep -vx 'clone\|clone3\|personality' | jq -R . | jq -s -c .), \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1}"
fi
printf '{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": %s, "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], "syscalls": [{"names": %s, "action": "SCMP_ACT_ALLOW"}%s, {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]}, {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}\n' "$errno" "$allowed" "$extra"
