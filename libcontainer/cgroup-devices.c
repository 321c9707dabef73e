/* husk - device rules on cgroup v2: an eBPF program of type
 * BPF_PROG_TYPE_CGROUP_DEVICE built from the rules, attached to the
 * container's cgroup (replacing the one there before, on update).
 *
 * The rules read as on v1: later rules override earlier ones, and a
 * cgroup without an "a" rule allows everything.  So the program tries the
 * rules from the last to the first, and the first that matches decides;
 * when none does, the answer is "allow" unless a deny-all rule exists
 * (which then has matched). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup-internal.h"

/* The few instructions we need, as the kernel's filter.h spells them. */
#define INSN(CODE, DST, SRC, OFF, IMM)                                                                               \
  ((struct bpf_insn) { .code = (CODE), .dst_reg = (DST), .src_reg = (SRC), .off = (OFF), .imm = (IMM) })
#define LDX_W(DST, SRC, OFF) INSN (BPF_LDX | BPF_W | BPF_MEM, DST, SRC, OFF, 0)
#define AND_K(DST, IMM) INSN (BPF_ALU | BPF_AND | BPF_K, DST, 0, 0, IMM)
#define RSH_K(DST, IMM) INSN (BPF_ALU | BPF_RSH | BPF_K, DST, 0, 0, IMM)
#define MOV_X(DST, SRC) INSN (BPF_ALU64 | BPF_MOV | BPF_X, DST, SRC, 0, 0)
#define MOV_K(DST, IMM) INSN (BPF_ALU64 | BPF_MOV | BPF_K, DST, 0, 0, IMM)
#define JNE_K(DST, IMM, OFF) INSN (BPF_JMP | BPF_JNE | BPF_K, DST, 0, OFF, IMM)
#define EXIT() INSN (BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static int
access_bits (const char *access)
{
  int bits = 0;
  for (const char *p = access && *access ? access : "rwm"; *p; p++)
    bits |= *p == 'r' ? BPF_DEVCG_ACC_READ : *p == 'w' ? BPF_DEVCG_ACC_WRITE : *p == 'm' ? BPF_DEVCG_ACC_MKNOD : 0;
  return bits;
}

/* The program for rules; *n instructions. */
static struct bpf_insn *
build (const lc_spec_device_rule *rules, size_t nrules, size_t *n)
{
  struct bpf_insn *p = xcalloc (6 + nrules * 8 + 2, sizeof *p);
  size_t k = 0;
  /* r2 = type, r3 = access, r4 = major, r5 = minor (struct bpf_cgroup_dev_ctx). */
  p[k++] = LDX_W (BPF_REG_2, BPF_REG_1, 0);
  p[k++] = AND_K (BPF_REG_2, 0xFFFF);
  p[k++] = LDX_W (BPF_REG_3, BPF_REG_1, 0);
  p[k++] = RSH_K (BPF_REG_3, 16);
  p[k++] = LDX_W (BPF_REG_4, BPF_REG_1, 4);
  p[k++] = LDX_W (BPF_REG_5, BPF_REG_1, 8);
  bool deny_all = false;
  for (size_t i = nrules; i-- > 0;)
    {
      const lc_spec_device_rule *r = &rules[i];
      bool any_type = r->type == 'a' || r->type == 0;
      int acc = access_bits (r->access);
      bool any_major = !r->has_major || r->major < 0, any_minor = !r->has_minor || r->minor < 0;
      if (any_type && any_major && any_minor && acc == (BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD))
        {
          /* Matches everything: nothing before it (in our order: after it)
             can be reached. */
          p[k++] = MOV_K (BPF_REG_0, r->allow ? 1 : 0);
          p[k++] = EXIT ();
          deny_all = true;
          break;
        }
      /* Each test jumps to the end of this block when it fails. */
      size_t start = k;
      size_t len = (any_type ? 0 : 1) + 3 + (any_major ? 0 : 1) + (any_minor ? 0 : 1) + 2;
#define TO_END() ((short) (start + len - (k + 1)))
      if (!any_type)
        {
          p[k] = JNE_K (BPF_REG_2, r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR, TO_END ());
          k++;
        }
      /* The access asked for must be within the rule's: r6 = r3 & ~acc. */
      p[k++] = MOV_X (BPF_REG_6, BPF_REG_3);
      p[k++] = AND_K (BPF_REG_6, ~acc);
      p[k] = JNE_K (BPF_REG_6, 0, TO_END ());
      k++;
      if (!any_major)
        {
          p[k] = JNE_K (BPF_REG_4, (int) r->major, TO_END ());
          k++;
        }
      if (!any_minor)
        {
          p[k] = JNE_K (BPF_REG_5, (int) r->minor, TO_END ());
          k++;
        }
#undef TO_END
      p[k++] = MOV_K (BPF_REG_0, r->allow ? 1 : 0);
      p[k++] = EXIT ();
    }
  if (!deny_all)
    {
      p[k++] = MOV_K (BPF_REG_0, 1);
      p[k++] = EXIT ();
    }
  *n = k;
  return p;
}

static long
sys_bpf (int cmd, union bpf_attr *attr)
{
  return syscall (SYS_bpf, cmd, attr, sizeof *attr);
}

/* The ids of the device programs attached to cg itself (not inherited),
   all of them: the kernel says how many there are when given no room, and
   fills what it is given, ENOSPC when that was too little (a program
   attached in between), asked again then.  Returns 0, or -1 with errno. */
static int
query_attached (int cg, uint32_t **ids, uint32_t *n)
{
  uint32_t room = 0;
  *ids = NULL;
  *n = 0;
  for (int tries = 0; tries < 16; tries++)
    {
      union bpf_attr q;
      memset (&q, 0, sizeof q);
      q.query.target_fd = (uint32_t) cg;
      q.query.attach_type = BPF_CGROUP_DEVICE;
      q.query.prog_ids = (uint64_t) (uintptr_t) *ids;
      q.query.prog_cnt = room;
      long r = sys_bpf (BPF_PROG_QUERY, &q);
      if (r < 0 && errno != ENOSPC)
        return -1;
      if (r == 0 && (room > 0 || q.query.prog_cnt == 0))
        {
          *n = q.query.prog_cnt;
          return 0;
        }
      /* q.query.prog_cnt is how many there are: make room for them all. */
      room = q.query.prog_cnt;
      *ids = xreallocarray (*ids, room, sizeof (uint32_t));
    }
  errno = EAGAIN;
  return -1;
}

static int
prog_fd (uint32_t id)
{
  union bpf_attr a;
  memset (&a, 0, sizeof a);
  a.prog_id = id;
  return (int) sys_bpf (BPF_PROG_GET_FD_BY_ID, &a);
}

int
lc_cgroup_v2_devices (const char *dir, const lc_spec_device_rule *rules, size_t nrules, lc_error **err)
{
  size_t n = 0;
  cleanup_free struct bpf_insn *insns = build (rules, nrules, &n);
  union bpf_attr load;
  memset (&load, 0, sizeof load);
  load.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  load.insns = (uint64_t) (uintptr_t) insns;
  load.insn_cnt = (uint32_t) n;
  load.license = (uint64_t) (uintptr_t) "Apache";
  cleanup_close int prog = (int) sys_bpf (BPF_PROG_LOAD, &load);
  if (prog < 0)
    {
      /* Again with the verifier's log, for the message. */
      int e = errno;
      cleanup_free char *log = xcalloc (1, 65536);
      load.log_buf = (uint64_t) (uintptr_t) log;
      load.log_size = 65536;
      load.log_level = 1;
      close (TAKE_FD (prog));
      prog = (int) sys_bpf (BPF_PROG_LOAD, &load);
      size_t ll = strlen (log);
      return lc_error_set (err, e, "linux.resources.devices: load the device filter (eBPF)%s%s",
                           ll ? ": " : "", ll > 300 ? log + ll - 300 : log);
    }
  cleanup_close int cg = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (cg < 0)
    return lc_error_set (err, errno, "linux.resources.devices: open \"%s\"", dir);
  /* The programs there now, to take off once ours is on. */
  cleanup_free uint32_t *old = NULL;
  uint32_t nold = 0;
  if (query_attached (cg, &old, &nold) < 0)
    return lc_error_set (err, errno, "linux.resources.devices: list the device filters of \"%s\"", dir);
  union bpf_attr at;
  memset (&at, 0, sizeof at);
  at.target_fd = (uint32_t) cg;
  at.attach_bpf_fd = (uint32_t) prog;
  at.attach_type = BPF_CGROUP_DEVICE;
  at.attach_flags = BPF_F_ALLOW_MULTI;
  if (sys_bpf (BPF_PROG_ATTACH, &at) < 0)
    {
      /* The kernel takes 64 programs per cgroup (BPF_CGROUP_MAX_PROGS),
         also where one would replace another: ours cannot go on without
         taking one off first, which would loosen the filter meanwhile. */
      if (errno == E2BIG)
        return lc_error_setc (err, E2BIG,
                              "linux.resources.devices: \"%s\" has %u device programs attached already, the most "
                              "the kernel takes: husk's cannot be added",
                              dir, nold);
      return lc_error_set (err, errno, "linux.resources.devices: attach the device filter to \"%s\"", dir);
    }
  for (uint32_t i = 0; i < nold; i++)
    {
      int fd = prog_fd (old[i]);
      if (fd < 0)
        continue; /* gone meanwhile */
      union bpf_attr de;
      memset (&de, 0, sizeof de);
      de.target_fd = (uint32_t) cg;
      de.attach_bpf_fd = (uint32_t) fd;
      de.attach_type = BPF_CGROUP_DEVICE;
      sys_bpf (BPF_PROG_DETACH, &de);
      close (fd);
    }
  return 0;
}
