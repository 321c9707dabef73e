/* husk - seccomp filters, see seccomp.h. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hooks.h"
#include "json.h"
#include "plumbing.h"
#include "util/fd.h"
#include "seccomp.h"
#include "sync.h"
#include "version.h"

#ifndef SECCOMP_FILTER_FLAG_NEW_LISTENER
#define SECCOMP_FILTER_FLAG_NEW_LISTENER (1UL << 3)
#endif
#ifndef SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH (1UL << 4)
#endif
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif
#ifndef SECCOMP_GET_ACTION_AVAIL
#define SECCOMP_GET_ACTION_AVAIL 2
#endif

struct lc_seccomp
{
  struct sock_fprog prog;
  unsigned long flags; /* seccomp(2) flags */
  bool notify;
};

static const struct
{
  unsigned spec;
  unsigned long kernel;
  const char *name;
} flag_map[] = {
  { LC_SECCOMP_FLAG_TSYNC, SECCOMP_FILTER_FLAG_TSYNC, "SECCOMP_FILTER_FLAG_TSYNC" },
  { LC_SECCOMP_FLAG_LOG, SECCOMP_FILTER_FLAG_LOG, "SECCOMP_FILTER_FLAG_LOG" },
  { LC_SECCOMP_FLAG_SPEC_ALLOW, SECCOMP_FILTER_FLAG_SPEC_ALLOW, "SECCOMP_FILTER_FLAG_SPEC_ALLOW" },
  { LC_SECCOMP_FLAG_WAIT_KILLABLE_RECV, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
    "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" },
};

static long
sys_seccomp (unsigned op, unsigned long flags, void *arg)
{
  return syscall (SYS_seccomp, op, flags, arg);
}

/* A flag the kernel knows fails with EFAULT on a NULL program; an unknown
   one with EINVAL. */
static bool
kernel_has_flags (unsigned long flags)
{
  return sys_seccomp (SECCOMP_SET_MODE_FILTER, flags, NULL) < 0 && errno == EFAULT;
}

/* WAIT_KILLABLE_RECV is only valid with a listener, so it is probed (and
   used) together with NEW_LISTENER. */
static unsigned long
probe_flags (unsigned long kernel_flag)
{
  return kernel_flag == SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV ? kernel_flag | SECCOMP_FILTER_FLAG_NEW_LISTENER
                                                                : kernel_flag;
}

bool
lc_seccomp_kernel_has_flag (unsigned spec_flag)
{
  for (size_t i = 0; i < sizeof flag_map / sizeof flag_map[0]; i++)
    if (flag_map[i].spec == spec_flag)
      return kernel_has_flags (probe_flags (flag_map[i].kernel));
  return false;
}

static uint32_t
action_value (enum lc_seccomp_action a, bool has_errno, uint32_t errno_ret)
{
  uint32_t e = has_errno ? errno_ret : EPERM;
  switch (a)
    {
    case LC_SCMP_ACT_KILL:
    case LC_SCMP_ACT_KILL_THREAD:
      return SCMP_ACT_KILL_THREAD;
    case LC_SCMP_ACT_KILL_PROCESS:
      return SCMP_ACT_KILL_PROCESS;
    case LC_SCMP_ACT_TRAP:
      return SCMP_ACT_TRAP;
    case LC_SCMP_ACT_ERRNO:
      return SCMP_ACT_ERRNO (e);
    case LC_SCMP_ACT_TRACE:
      return SCMP_ACT_TRACE (e);
    case LC_SCMP_ACT_LOG:
      return SCMP_ACT_LOG;
    case LC_SCMP_ACT_NOTIFY:
      return SCMP_ACT_NOTIFY;
    case LC_SCMP_ACT_ALLOW:
    default:
      return SCMP_ACT_ALLOW;
    }
}

bool
lc_seccomp_kernel_has_action (enum lc_seccomp_action a)
{
  uint32_t v = action_value (a, false, 0) & SECCOMP_RET_ACTION_FULL;
  return sys_seccomp (SECCOMP_GET_ACTION_AVAIL, 0, &v) == 0;
}

static const enum scmp_compare ops[LC_SCMP_CMP_COUNT] = {
  [LC_SCMP_CMP_NE] = SCMP_CMP_NE, [LC_SCMP_CMP_LT] = SCMP_CMP_LT, [LC_SCMP_CMP_LE] = SCMP_CMP_LE,
  [LC_SCMP_CMP_EQ] = SCMP_CMP_EQ, [LC_SCMP_CMP_GE] = SCMP_CMP_GE, [LC_SCMP_CMP_GT] = SCMP_CMP_GT,
  [LC_SCMP_CMP_MASKED_EQ] = SCMP_CMP_MASKED_EQ,
};

/* One entry of syscalls[] for one syscall number.  Conditions on distinct
   arguments are ANDed in one rule.  Several conditions on the same argument
   cannot be one libseccomp rule; like runc and crun, each then becomes a
   rule of its own (so they are ORed). */
static int
add_rule (scmp_filter_ctx ctx, uint32_t action, int nr, const lc_spec_syscall *c)
{
  struct scmp_arg_cmp cmp[6];
  bool same_index = false;
  for (size_t i = 0; i < c->n_args; i++)
    for (size_t j = 0; j < i; j++)
      same_index |= c->args[i].index == c->args[j].index;
  if (c->n_args == 0)
    return seccomp_rule_add_array (ctx, action, nr, 0, NULL);
  if (!same_index && c->n_args <= 6)
    {
      for (size_t i = 0; i < c->n_args; i++)
        cmp[i] = (struct scmp_arg_cmp) { .arg = c->args[i].index, .op = ops[c->args[i].op],
                                         .datum_a = c->args[i].value, .datum_b = c->args[i].value_two };
      return seccomp_rule_add_array (ctx, action, nr, (unsigned) c->n_args, cmp);
    }
  for (size_t i = 0; i < c->n_args; i++)
    {
      cmp[0] = (struct scmp_arg_cmp) { .arg = c->args[i].index, .op = ops[c->args[i].op],
                                       .datum_a = c->args[i].value, .datum_b = c->args[i].value_two };
      int r = seccomp_rule_add_array (ctx, action, nr, 1, cmp);
      if (r < 0)
        return r;
    }
  return 0;
}

/* The program the builder wrote into mfd. */
static int
read_bpf (int mfd, struct lc_seccomp *f, lc_error **err)
{
  off_t size = lseek (mfd, 0, SEEK_END);
  if (size <= 0 || size % (off_t) sizeof (struct sock_filter) != 0
      || size / (off_t) sizeof (struct sock_filter) > BPF_MAXINSNS)
    return lc_error_setc (err, E2BIG, "linux.seccomp: the filter has %lld bytes of BPF (at most %d instructions fit)",
                         (long long) size, BPF_MAXINSNS);
  f->prog.filter = xmalloc ((size_t) size);
  if (pread (mfd, f->prog.filter, (size_t) size, 0) != size)
    return lc_error_set (err, errno, "linux.seccomp: read the filter back");
  f->prog.len = (unsigned short) (size / (off_t) sizeof (struct sock_filter));
  return 0;
}

static void
lower_arch (const char *name, char *buf, size_t len)
{
  size_t i = 0;
  for (const char *p = name + strlen ("SCMP_ARCH_"); *p && i + 1 < len; p++)
    buf[i++] = (char) tolower ((unsigned char) *p);
  buf[i] = '\0';
}

/* The seccomp(2) flags for f, from the config and from what f does. */
static int
finish (const lc_spec_seccomp *s, struct lc_seccomp *f, lc_error **err)
{
  f->flags = 0;
  f->notify = false;
  for (size_t i = 0; i < s->n_syscalls; i++)
    f->notify |= s->syscalls[i].action == LC_SCMP_ACT_NOTIFY;
  for (size_t i = 0; i < sizeof flag_map / sizeof flag_map[0]; i++)
    if (s->flags & flag_map[i].spec)
      f->flags |= flag_map[i].kernel;
  /* WAIT_KILLABLE_RECV is about how an agent's notifications wait: the
     kernel refuses it on a filter without a listener, where it means
     nothing, so a profile that names it without NOTIFY rules loses it. */
  if (!f->notify)
    f->flags &= ~(unsigned long) SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
  if (f->notify)
    {
      f->flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
      /* TSYNC and a listener together need TSYNC_ESRCH (we are single
         threaded when installing, so it never triggers). */
      if (f->flags & SECCOMP_FILTER_FLAG_TSYNC)
        f->flags |= SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
    }
  /* Refuse flags this kernel lacks now, not in the container process. */
  for (size_t i = 0; i < sizeof flag_map / sizeof flag_map[0]; i++)
    if ((s->flags & flag_map[i].spec) && !kernel_has_flags (probe_flags (flag_map[i].kernel)))
      return lc_error_setc (err, EINVAL, "linux.seccomp.flags: this kernel does not support %s", flag_map[i].name);
  return 0;
}

/* ---- ENOSYS for syscalls the profile does not know ----
   A profile names the syscalls its author knew; its default action answers
   every other number, also syscalls the kernel gained since and numbers no
   kernel has.  With a denying default (Docker's and Kubernetes' EPERM) a
   newer libc gets EPERM for clone3, faccessat2, fchmodat2, ... where it falls
   back to the older syscall only on ENOSYS.  So, as runc does
   (libcontainer/seccomp/patchbpf), the program starts with a stub that
   answers ENOSYS to every number above the largest one the profile names
   (in any rule, with any action) for that ABI, before libseccomp's program
   runs; libseccomp's jumps are relative, so its program follows the stub
   unchanged.  Numbers up to the largest keep the default action, as with
   runc: a syscall numbered below a newer one gets the profile's errno
   (close_range, 436, came in Linux 5.9, after openat2, 437).  An ABI for
   which the profile names nothing gets no stub; an architecture the filter
   lacks falls through to libseccomp's bad-architecture action.  The stub
   is built in build()'s child with the program, and cached with it. */

/* Every ABI libseccomp may put in a filter; seccomp_arch_exist() tells
   which ones this filter has (the native one, and architectures[]). */
static const uint32_t known_abis[] = {
  SCMP_ARCH_X86_64, SCMP_ARCH_X86,       SCMP_ARCH_X32,
  SCMP_ARCH_ARM,    SCMP_ARCH_AARCH64,
  SCMP_ARCH_MIPS,   SCMP_ARCH_MIPS64,    SCMP_ARCH_MIPS64N32,
  SCMP_ARCH_MIPSEL, SCMP_ARCH_MIPSEL64,  SCMP_ARCH_MIPSEL64N32,
  SCMP_ARCH_PPC,    SCMP_ARCH_PPC64,     SCMP_ARCH_PPC64LE,
  SCMP_ARCH_S390,   SCMP_ARCH_S390X,
  SCMP_ARCH_PARISC, SCMP_ARCH_PARISC64,  SCMP_ARCH_RISCV64,
#ifdef SCMP_ARCH_LOONGARCH64
  SCMP_ARCH_LOONGARCH64,
#endif
#ifdef SCMP_ARCH_M68K
  SCMP_ARCH_M68K,
#endif
#ifdef SCMP_ARCH_SHEB
  SCMP_ARCH_SHEB,
#endif
#ifdef SCMP_ARCH_SH
  SCMP_ARCH_SH,
#endif
};
#define N_ABIS (sizeof known_abis / sizeof known_abis[0])

/* x32 processes enter as x86_64 (AUDIT_ARCH_X86_64) with this bit set in
   the syscall number; libseccomp's x32 token is not an AUDIT_ARCH value,
   every other token is.  libseccomp resolves x32 names with the bit. */
#define X32_SYSCALL_BIT 0x40000000u

static uint32_t
abi_audit_arch (uint32_t abi)
{
  return abi == SCMP_ARCH_X32 ? SCMP_ARCH_X86_64 : abi;
}

/* Whether the default action gets the stub: not when it lets the syscall
   through (ALLOW, LOG, and TRACE, whose tracer answers new syscalls itself,
   as runc decides), nor when it is ENOSYS already. */
static bool
enosys_stub_wanted (const lc_spec_seccomp *s)
{
  switch (s->default_action)
    {
    case LC_SCMP_ACT_ALLOW:
    case LC_SCMP_ACT_LOG:
    case LC_SCMP_ACT_TRACE:
      return false;
    case LC_SCMP_ACT_ERRNO:
      return !(s->has_default_errno_ret && s->default_errno_ret == ENOSYS);
    default:
      return true;
    }
}

/* The largest number on abi of the names in s; false when s names no
   syscall that abi has (libseccomp gives -1 for an unknown name and a
   negative pseudo number for a syscall of another ABI). */
static bool
abi_max_nr (const lc_spec_seccomp *s, uint32_t abi, uint32_t *max)
{
  bool found = false;
  for (size_t i = 0; i < s->n_syscalls; i++)
    for (size_t j = 0; j < s->syscalls[i].n_names; j++)
      {
        int nr = seccomp_syscall_resolve_name_arch (abi, s->syscalls[i].names[j]);
        if (nr < 0)
          continue;
        if (!found || (uint32_t) nr > *max)
          *max = (uint32_t) nr;
        found = true;
      }
  return found;
}

/* At most one section of 9 instructions per ABI. */
#define STUB_MAX (9 * N_ABIS)
/* jt/jf placeholders, resolved when a section ends: its ENOSYS return, the
   next section.  Every `ja` jumps to libseccomp's program, resolved when
   the stub ends. */
#define TO_RET 0xff
#define TO_NEXT 0xfe

struct stub
{
  struct sock_filter ins[STUB_MAX];
  unsigned n;
};

static void
stub_emit (struct stub *st, uint16_t code, uint8_t jt, uint8_t jf, uint32_t k)
{
  st->ins[st->n++] = (struct sock_filter) BPF_JUMP (code, k, jt, jf);
}

/* ENOSYS above max, else on to the filter: 2 instructions; or only the
   jump to the filter (1) when this ABI has no maximum. */
static unsigned
stub_cmp (struct stub *st, bool has, uint32_t max)
{
  if (has)
    stub_emit (st, BPF_JMP | BPF_JGT | BPF_K, TO_RET, 0, max);
  stub_emit (st, BPF_JMP | BPF_JA, 0, 0, 0);
  return has ? 2 : 1;
}

/* The section for one AUDIT_ARCH: its native ABI's maximum (has_a, a) and,
   on x86_64, the x32 one (has_x, x). */
static void
stub_section (struct stub *st, uint32_t audit, bool has_a, uint32_t a, bool has_x, uint32_t x)
{
  unsigned start = st->n;
  stub_emit (st, BPF_LD | BPF_W | BPF_ABS, 0, 0, offsetof (struct seccomp_data, arch));
  stub_emit (st, BPF_JMP | BPF_JEQ | BPF_K, 0, TO_NEXT, audit);
  stub_emit (st, BPF_LD | BPF_W | BPF_ABS, 0, 0, offsetof (struct seccomp_data, nr));
  /* On s390 and s390x a number the kernel does not know arrives as 0 (the
     long-gone setup(2), through which large numbers are multiplexed):
     ENOSYS for it too, as runc does. */
  if (audit == SCMP_ARCH_S390 || audit == SCMP_ARCH_S390X)
    stub_emit (st, BPF_JMP | BPF_JEQ | BPF_K, TO_RET, 0, 0);
  if (audit == SCMP_ARCH_X86_64)
    {
      unsigned jset = st->n;
      stub_emit (st, BPF_JMP | BPF_JSET | BPF_K, 0, 0, X32_SYSCALL_BIT);
      st->ins[jset].jt = (uint8_t) stub_cmp (st, has_a, a);
      stub_cmp (st, has_x, x);
    }
  else
    stub_cmp (st, has_a, a);
  unsigned ret = st->n;
  stub_emit (st, BPF_RET | BPF_K, 0, 0, SCMP_ACT_ERRNO (ENOSYS));
  for (unsigned i = start; i < st->n; i++)
    {
      if (BPF_CLASS (st->ins[i].code) != BPF_JMP || BPF_OP (st->ins[i].code) == BPF_JA)
        continue;
      if (st->ins[i].jt == TO_RET)
        st->ins[i].jt = (uint8_t) (ret - i - 1);
      if (st->ins[i].jf == TO_NEXT)
        st->ins[i].jf = (uint8_t) (st->n - i - 1);
    }
}

/* The stub for the filter ctx built from s (st->n is 0 when it gets
   none): the native architecture's section first, as the one nearly every
   syscall takes. */
static void
enosys_stub (scmp_filter_ctx ctx, const lc_spec_seccomp *s, struct stub *st)
{
  st->n = 0;
  if (!enosys_stub_wanted (s))
    return;
  uint32_t order[N_ABIS + 1], done[N_ABIS + 1];
  size_t n_order = 0, n_done = 0;
  order[n_order++] = abi_audit_arch (seccomp_arch_native ());
  for (size_t i = 0; i < N_ABIS; i++)
    order[n_order++] = abi_audit_arch (known_abis[i]);
  for (size_t o = 0; o < n_order; o++)
    {
      uint32_t audit = order[o];
      bool seen = false;
      for (size_t d = 0; d < n_done; d++)
        seen |= done[d] == audit;
      if (seen)
        continue;
      done[n_done++] = audit;
      bool has_a = false, has_x = false;
      uint32_t a = 0, x = 0;
      for (size_t i = 0; i < N_ABIS; i++)
        {
          if (abi_audit_arch (known_abis[i]) != audit || seccomp_arch_exist (ctx, known_abis[i]) != 0)
            continue;
          if (known_abis[i] == SCMP_ARCH_X32)
            has_x = abi_max_nr (s, known_abis[i], &x);
          else
            has_a = abi_max_nr (s, known_abis[i], &a);
        }
      if (has_a || has_x)
        stub_section (st, audit, has_a, a, has_x, x);
    }
  for (unsigned i = 0; i < st->n; i++)
    if (st->ins[i].code == (BPF_JMP | BPF_JA))
      st->ins[i].k = st->n - i - 1;
}

/* Build the program for s with libseccomp and write it into fd; *skipped
   counts the names libseccomp does not know.  Runs in the child of
   build_bounded. */
static int
build (const lc_spec_seccomp *s, int fd, size_t *skipped, lc_error **err)
{
  uint32_t def = action_value (s->default_action, s->has_default_errno_ret, s->default_errno_ret);
  scmp_filter_ctx ctx = seccomp_init (def);
  if (ctx == NULL)
    return lc_error_set (err, EINVAL, "linux.seccomp.defaultAction: libseccomp refused %s",
                         lc_spec_seccomp_action_name (s->default_action));
  int ret = -1;
  /* no_new_privs is ours to set (process.noNewPrivileges); a binary tree
     keeps a 400-syscall profile cheap for every syscall. */
  seccomp_attr_set (ctx, SCMP_FLTATR_CTL_NNP, 0);
  seccomp_attr_set (ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
  for (size_t i = 0; i < s->n_architectures; i++)
    {
      char lower[32];
      lower_arch (s->architectures[i], lower, sizeof lower);
      uint32_t arch = seccomp_arch_resolve_name (lower);
      if (arch == 0)
        {
          lc_error_setc (err, EINVAL, "linux.seccomp.architectures[%zu]: %s is not supported by this libseccomp", i,
                        s->architectures[i]);
          goto out;
        }
      int r = seccomp_arch_add (ctx, arch);
      if (r < 0 && r != -EEXIST)
        {
          lc_error_set (err, -r, "linux.seccomp.architectures[%zu]: add %s", i, s->architectures[i]);
          goto out;
        }
    }
  for (size_t i = 0; i < s->n_syscalls; i++)
    {
      const lc_spec_syscall *c = &s->syscalls[i];
      uint32_t action = action_value (c->action, c->has_errno_ret, c->errno_ret);
      /* A rule that does what the default does changes nothing (and
         libseccomp refuses it). */
      if (action == def)
        continue;
      for (size_t j = 0; j < c->n_names; j++)
        {
          int nr = seccomp_syscall_resolve_name (c->names[j]);
          if (nr == __NR_SCMP_ERROR)
            {
              (*skipped)++;
              continue;
            }
          int r = add_rule (ctx, action, nr, c);
          if (r < 0)
            {
              lc_error_set (err, -r, "linux.seccomp.syscalls[%zu]: add the rule for \"%s\"", i, c->names[j]);
              goto out;
            }
        }
    }
  /* The stub goes first; seccomp_export_bpf appends libseccomp's program. */
  struct stub st;
  enosys_stub (ctx, s, &st);
  if (st.n > 0 && lc_write_all (fd, st.ins, st.n * sizeof st.ins[0]) < 0)
    {
      lc_error_set (err, errno, "linux.seccomp: write the ENOSYS stub");
      goto out;
    }
  int r = seccomp_export_bpf (ctx, fd);
  if (r < 0)
    {
      lc_error_set (err, -r, "linux.seccomp: libseccomp could not build the filter");
      goto out;
    }
  ret = 0;
out:
  seccomp_release (ctx);
  return ret;
}

/* libseccomp can loop for ever while it adds rules: 2.5.4 does on two rules
   for one syscall that compare one argument with a range operator and
   another argument too (tests/fuzz-corpus/seccomp/libseccomp-loop.json,
   found by tests/fuzz-seccomp), and a create must fail, not hang.  So the
   program is built in a child process, which writes it into mfd (shared
   with us) and its outcome into a pipe, and which is killed when it takes
   longer than lc_seccomp_build_timeout_ms; a crash of libseccomp is an
   error too.  It costs a fork on a cache miss only. */
unsigned lc_seccomp_build_timeout_ms = 10000;

struct build_result
{
  int failed, errnum;
  uint64_t skipped;
  char msg[1024];
};

static long
elapsed_ms (const struct timespec *since)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (ts.tv_sec - since->tv_sec) * 1000 + (ts.tv_nsec - since->tv_nsec) / 1000000;
}

static void
build_child (const lc_spec_seccomp *s, int mfd, int out, pid_t parent)
{
  /* Not a process to outlive the runtime that waits for it. */
  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (getppid () != parent)
    _exit (1);
  struct build_result res = { 0 };
  size_t skipped = 0;
  lc_error *e = NULL;
  if (build (s, mfd, &skipped, &e) < 0)
    {
      res.failed = 1;
      res.errnum = e ? e->errnum : 0;
      snprintf (res.msg, sizeof res.msg, "%s", e ? e->msg : "linux.seccomp: libseccomp failed");
    }
  res.skipped = skipped;
  _exit (lc_write_all (out, &res, sizeof res) < 0);
}

/* Read the child's result (sizeof *res bytes) by the deadline; returns the
   bytes read, or -1 when the time ran out. */
static ssize_t
read_result (int fd, struct build_result *res, const struct timespec *start)
{
  size_t have = 0;
  while (have < sizeof *res)
    {
      long left = (long) lc_seccomp_build_timeout_ms - elapsed_ms (start);
      if (left <= 0)
        return -1;
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      int r = poll (&pfd, 1, (int) left);
      if (r < 0 && errno != EINTR)
        break;
      if (r <= 0)
        continue; /* EINTR, or the time is up: the loop head decides */
      ssize_t n = read (fd, (char *) res + have, sizeof *res - have);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      have += (size_t) n;
    }
  return (ssize_t) have;
}

static int
build_bounded (const lc_spec_seccomp *s, int mfd, size_t *skipped, lc_error **err)
{
  int p[2];
  if (pipe2 (p, O_CLOEXEC) < 0)
    return lc_error_set (err, errno, "linux.seccomp: pipe");
  struct timespec start;
  clock_gettime (CLOCK_MONOTONIC, &start);
  pid_t parent = getpid ();
  pid_t pid = fork ();
  if (pid < 0)
    {
      int e = errno;
      close (p[0]);
      close (p[1]);
      return lc_error_set (err, e, "linux.seccomp: fork");
    }
  if (pid == 0)
    {
      close (p[0]);
      build_child (s, mfd, p[1], parent);
    }
  close (p[1]);
  struct build_result res;
  ssize_t got = read_result (p[0], &res, &start);
  close (p[0]);
  if (got < 0)
    kill (pid, SIGKILL);
  int status = 0;
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (got < 0)
    {
      unsigned ms = lc_seccomp_build_timeout_ms;
      return lc_error_setc (err, ETIMEDOUT,
                           "linux.seccomp: libseccomp did not finish building the filter within %u %s (it can loop "
                           "for ever on some combinations of argument conditions)",
                           ms % 1000 ? ms : ms / 1000, ms % 1000 ? "ms" : "s");
    }
  if ((size_t) got != sizeof res)
    {
      if (WIFSIGNALED (status))
        return lc_error_setc (err, EPROTO, "linux.seccomp: libseccomp crashed building the filter (%s)",
                             strsignal (WTERMSIG (status)));
      return lc_error_setc (err, EPROTO, "linux.seccomp: the process building the filter exited without a result");
    }
  if (res.failed)
    {
      res.msg[sizeof res.msg - 1] = '\0';
      return lc_error_setc (err, res.errnum, "%s", res.msg);
    }
  if (skipped)
    *skipped = (size_t) res.skipped;
  return 0;
}

static int
compile (const lc_spec_seccomp *s, struct lc_seccomp **out, size_t *skipped, lc_error **err)
{
  cleanup_close int mfd = memfd_create ("husk-seccomp", MFD_CLOEXEC);
  if (mfd < 0)
    return lc_error_set (err, errno, "linux.seccomp: memfd_create");
  if (build_bounded (s, mfd, skipped, err) < 0)
    return -1;
  struct lc_seccomp *f = xcalloc (1, sizeof *f);
  if (read_bpf (mfd, f, err) < 0 || finish (s, f, err) < 0)
    {
      lc_seccomp_free (f);
      return -1;
    }
  *out = f;
  return 0;
}

void
lc_seccomp_free (struct lc_seccomp *f)
{
  if (f == NULL)
    return;
  free (f->prog.filter);
  free (f);
}

const struct sock_fprog *
lc_seccomp_program (const struct lc_seccomp *f)
{
  return &f->prog;
}

bool
lc_seccomp_has_notify (const struct lc_seccomp *f)
{
  return f && f->notify;
}

int
lc_seccomp_install (const struct lc_seccomp *f, int *notify_fd, lc_error **err)
{
  *notify_fd = -1;
  long r = sys_seccomp (SECCOMP_SET_MODE_FILTER, f->flags, (void *) &f->prog);
  if (r < 0)
    {
      if (errno == EACCES)
        return lc_error_set (err, errno, "linux.seccomp: install the filter (it needs process.noNewPrivileges or "
                                         "CAP_SYS_ADMIN)");
      return lc_error_set (err, errno, "linux.seccomp: install the filter");
    }
  if (f->notify)
    *notify_fd = (int) r;
  return 0;
}

int
lc_seccomp_send_to_listener (const lc_spec_seccomp *s, int notify_fd, pid_t pid, const char *state_json,
                             lc_error **err)
{
  cleanup_close int sock = lc_unix_connect (s->listener_path, "linux.seccomp.listenerPath", err);
  if (sock < 0)
    return -1;
  lc_json *state = lc_json_parse (state_json, strlen (state_json), NULL, err);
  if (state == NULL)
    return -1;
  lc_json_gen *g = lc_json_gen_new (false);
  lc_json_gen_map_open (g);
  lc_json_gen_kv_string (g, "ociVersion", LC_OCI_VERSION);
  lc_json_gen_string (g, "fds");
  lc_json_gen_array_open (g);
  lc_json_gen_string (g, "seccompFd");
  lc_json_gen_array_close (g);
  lc_json_gen_kv_int (g, "pid", pid);
  if (s->listener_metadata)
    lc_json_gen_kv_string (g, "metadata", s->listener_metadata);
  lc_json_gen_string (g, "state");
  lc_json_gen_value (g, state);
  lc_json_gen_map_close (g);
  lc_json_free (state);
  size_t len = 0;
  const char *buf = lc_json_gen_buf (g, &len);
  int r = lc_send_fd (sock, notify_fd, buf, len);
  lc_json_gen_free (g);
  if (r < 0)
    return lc_error_set (err, -r, "linux.seccomp.listenerPath \"%s\": send the seccomp fd and state",
                         s->listener_path);
  return 0;
}

int
lc_seccomp_forward (int sync, const lc_spec_seccomp *s, const char *id, const char *status, pid_t pid,
                    const char *bundle, const lc_strmap *annotations, lc_error **err)
{
  bool notify = false;
  for (size_t i = 0; i < s->n_syscalls; i++)
    notify |= s->syscalls[i].action == LC_SCMP_ACT_NOTIFY;
  if (!notify)
    return 0;
  cleanup_close int fd = -1;
  if (lc_sync_expect (sync, LC_SYNC_SECCOMP, &fd, NULL, err) < 0)
    return -1;
  if (fd < 0)
    return lc_error_setc (err, EPROTO, "linux.seccomp: no notify fd from the container process");
  cleanup_free char *state = lc_hooks_state_json (id, status, pid, bundle, annotations);
  return lc_seccomp_send_to_listener (s, fd, pid, state, err);
}

/* ---- the cache of compiled filters ----
   Compiling Docker's profile for three architectures takes libseccomp
   ~8 ms, more than the rest of a container's start; engines start every
   container with the same profile.  So the BPF is kept in
   <root>/@seccomp-cache/ ('@' is not allowed in container ids), one file per
   profile, named by a hash of everything that shapes the program and
   holding that whole key, compared byte for byte on use: a hash collision
   can only cost a compile. */

#define CACHE_DIR "@seccomp-cache"
/* HUSKBPF2: the program starts with the ENOSYS stub.  The magic is part of
   the key too, so an entry of another format is neither found by its name
   nor accepted. */
#define CACHE_MAGIC "HUSKBPF2"

struct buf
{
  char *p;
  size_t len, cap;
};

static void
buf_add (struct buf *b, const void *data, size_t len)
{
  if (b->len + len > b->cap)
    {
      b->cap = (b->len + len) * 2 + 256;
      b->p = xrealloc (b->p, b->cap);
    }
  memcpy (b->p + b->len, data, len);
  b->len += len;
}

static void
buf_str (struct buf *b, const char *str)
{
  buf_add (b, str ? str : "", strlen (str ? str : "") + 1);
}

static void
buf_u64 (struct buf *b, uint64_t v)
{
  buf_add (b, &v, sizeof v);
}

/* Everything the BPF depends on: the libseccomp version, the native
   architecture, and the profile but for listenerPath and its metadata. */
static void
cache_key (const lc_spec_seccomp *s, struct buf *b)
{
  const struct scmp_version *v = seccomp_version ();
  buf_str (b, CACHE_MAGIC);
  buf_u64 (b, ((uint64_t) v->major << 32) | ((uint64_t) v->minor << 16) | v->micro);
  buf_u64 (b, seccomp_arch_native ());
  buf_u64 (b, action_value (s->default_action, s->has_default_errno_ret, s->default_errno_ret));
  buf_u64 (b, s->n_architectures);
  for (size_t i = 0; i < s->n_architectures; i++)
    buf_str (b, s->architectures[i]);
  buf_u64 (b, s->n_syscalls);
  for (size_t i = 0; i < s->n_syscalls; i++)
    {
      const lc_spec_syscall *c = &s->syscalls[i];
      buf_u64 (b, action_value (c->action, c->has_errno_ret, c->errno_ret));
      buf_u64 (b, c->n_names);
      for (size_t j = 0; j < c->n_names; j++)
        buf_str (b, c->names[j]);
      buf_u64 (b, c->n_args);
      for (size_t j = 0; j < c->n_args; j++)
        {
          buf_u64 (b, c->args[j].index);
          buf_u64 (b, c->args[j].op);
          buf_u64 (b, c->args[j].value);
          buf_u64 (b, c->args[j].value_two);
        }
    }
}

static uint64_t
fnv1a (const char *p, size_t len)
{
  uint64_t h = UINT64_C (14695981039346656037);
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char) p[i]) * UINT64_C (1099511628211);
  return h;
}

/* The cached program for key, or false. */
static bool
cache_read (int rootfd, const char *name, const struct buf *key, struct lc_seccomp *f)
{
  cleanup_close int dfd = openat (rootfd, CACHE_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dfd < 0)
    return false;
  cleanup_close int fd = openat (dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat (fd, &st) < 0 || !S_ISREG (st.st_mode) || st.st_size < 16
      || (size_t) st.st_size > 16 + key->len + BPF_MAXINSNS * sizeof (struct sock_filter))
    return false;
  cleanup_free char *data = xmalloc ((size_t) st.st_size);
  if (pread (fd, data, (size_t) st.st_size, 0) != st.st_size)
    return false;
  uint32_t klen, blen;
  memcpy (&klen, data + 8, 4);
  memcpy (&blen, data + 12, 4);
  if (memcmp (data, CACHE_MAGIC, 8) != 0 || klen != key->len || blen == 0 || blen % sizeof (struct sock_filter)
      || (size_t) st.st_size != 16 + (size_t) klen + blen || memcmp (data + 16, key->p, klen) != 0)
    return false;
  f->prog.filter = xmalloc (blen);
  memcpy (f->prog.filter, data + 16 + klen, blen);
  f->prog.len = (unsigned short) (blen / sizeof (struct sock_filter));
  return true;
}

/* Best effort: a cache that cannot be written only costs time. */
static void
cache_write (int rootfd, const char *name, const struct buf *key, const struct lc_seccomp *f)
{
  if (mkdirat (rootfd, CACHE_DIR, 0700) < 0 && errno != EEXIST)
    return;
  cleanup_close int dfd = openat (rootfd, CACHE_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dfd < 0)
    return;
  uint32_t klen = (uint32_t) key->len, blen = (uint32_t) (f->prog.len * sizeof (struct sock_filter));
  struct buf b = { 0 };
  buf_add (&b, CACHE_MAGIC, 8);
  buf_add (&b, &klen, 4);
  buf_add (&b, &blen, 4);
  buf_add (&b, key->p, key->len);
  buf_add (&b, f->prog.filter, blen);
  lc_write_file_atomic (dfd, name, b.p, b.len, 0600, NULL);
  free (b.p);
}

int
lc_seccomp_compile (const lc_spec_seccomp *s, int rootfd, struct lc_seccomp **out, size_t *skipped, lc_error **err)
{
  *out = NULL;
  if (skipped)
    *skipped = 0;
  if (s == NULL)
    return 0;
  if (rootfd < 0)
    return compile (s, out, skipped, err);
  struct buf key = { 0 };
  cache_key (s, &key);
  char name[32];
  snprintf (name, sizeof name, "%016llx", (unsigned long long) fnv1a (key.p, key.len));
  struct lc_seccomp *f = xcalloc (1, sizeof *f);
  int ret;
  if (cache_read (rootfd, name, &key, f))
    {
      ret = finish (s, f, err);
      if (ret == 0)
        *out = f;
      else
        lc_seccomp_free (f);
    }
  else
    {
      lc_seccomp_free (f);
      ret = compile (s, out, skipped, err);
      if (ret == 0)
        cache_write (rootfd, name, &key, *out);
    }
  free (key.p);
  return ret;
}
