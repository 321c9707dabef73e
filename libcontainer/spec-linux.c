/* husk - config.json: the "linux" section (namespaces, id mappings, devices,
 * resources, seccomp, sysctl, masked paths, ...).  See spec.h. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <linux/mempolicy.h>
#include <string.h>
#include <sys/stat.h>

#include "spec-internal.h"
#include "util/cpulist.h"

#ifndef MPOL_WEIGHTED_INTERLEAVE
#define MPOL_WEIGHTED_INTERLEAVE 6
#endif
#ifndef MPOL_PREFERRED_MANY
#define MPOL_PREFERRED_MANY 5
#endif
#ifndef MPOL_F_NUMA_BALANCING
#define MPOL_F_NUMA_BALANCING (1 << 13)
#endif

static const char *const ns_names[LC_NS_TYPES + 1]
    = { "pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time", NULL };

const char *
lc_spec_ns_type_name(enum lc_ns_type t)
{
  return (unsigned)t < LC_NS_TYPES ? ns_names[t] : "?";
}

static const char *const action_names[LC_SCMP_ACT_COUNT + 1] = {
  "SCMP_ACT_KILL",  "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",   "SCMP_ACT_ERRNO",
  "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW",        "SCMP_ACT_LOG",         "SCMP_ACT_NOTIFY", NULL,
};

const char *
lc_spec_seccomp_action_name(enum lc_seccomp_action a)
{
  return (unsigned)a < LC_SCMP_ACT_COUNT ? action_names[a] : "?";
}

static const char *const op_names[LC_SCMP_CMP_COUNT + 1] = {
  "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ", NULL,
};

const char *
lc_spec_seccomp_op_name(enum lc_seccomp_op op)
{
  return (unsigned)op < LC_SCMP_CMP_COUNT ? op_names[op] : "?";
}

/* The SeccompArch enum of the runtime-spec schema (defs-linux.json). */
static const char *const arch_names[] = {
  "SCMP_ARCH_X86",         "SCMP_ARCH_X86_64",      "SCMP_ARCH_X32",    "SCMP_ARCH_ARM",
  "SCMP_ARCH_AARCH64",     "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K",   "SCMP_ARCH_MIPS",
  "SCMP_ARCH_MIPS64",      "SCMP_ARCH_MIPS64N32",   "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64",
  "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",         "SCMP_ARCH_PPC64",  "SCMP_ARCH_PPC64LE",
  "SCMP_ARCH_S390",        "SCMP_ARCH_S390X",       "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64",
  "SCMP_ARCH_RISCV64",     "SCMP_ARCH_SH",          "SCMP_ARCH_SHEB",   NULL,
};

const char *const *
lc_spec_seccomp_arch_names(void)
{
  return arch_names;
}

static const char *const seccomp_flag_names[] = {
  "SECCOMP_FILTER_FLAG_TSYNC",
  "SECCOMP_FILTER_FLAG_LOG",
  "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
  "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
  NULL,
};

const char *const *
lc_spec_seccomp_flag_names(void)
{
  return seccomp_flag_names;
}

/* ---- namespaces and id mappings ---- */

static int
parse_namespaces(struct rd *r, const lc_json *l, lc_spec_linux *out)
{
  const lc_json *a;
  if (rd_array(r, l, "namespaces", &a) < 0)
    return -1;
  if (a == NULL)
    return 0;
  size_t saved = rd_push_key(r, "namespaces");
  out->namespaces = xcalloc(a->len, sizeof(*out->namespaces));
  /* Counted up front: the array is zeroed, so a failure half-way frees cleanly. */
  out->n_namespaces = a->len;
  for (size_t i = 0; i < a->len; i++)
    {
      size_t s2 = rd_push_index(r, i);
      const lc_json *e = a->items[i];
      lc_spec_namespace *ns = &out->namespaces[i];
      int t = 0;
      if (rd_expect(r, e, LC_JSON_OBJECT) < 0 || rd_enum(r, e, "type", ns_names, true, &t, NULL) < 0
          || rd_string(r, e, "path", &ns->path) < 0)
        return -1;
      ns->type = (enum lc_ns_type)t;
      if (ns->path && ns->path[0] != '/')
        return rd_fail_at(r, "path", "must be an absolute path, got \"%s\"", ns->path);
      for (size_t j = 0; j < i; j++)
        if (out->namespaces[j].type == ns->type)
          return rd_fail(r, "duplicate namespace type \"%s\" (also at linux.namespaces[%zu])", ns_names[t], j);
      rd_pop(r, s2);
    }
  rd_pop(r, saved);
  return 0;
}

static bool
has_ns(const lc_spec_linux *l, enum lc_ns_type t, bool *joined)
{
  for (size_t i = 0; i < l->n_namespaces; i++)
    if (l->namespaces[i].type == t)
      {
        if (joined)
          *joined = l->namespaces[i].path != NULL;
        return true;
      }
  return false;
}

static int
check_mappings(struct rd *r, lc_spec_linux *l)
{
  bool joined = false;
  bool userns = has_ns(l, LC_NS_USER, &joined);
  bool maps = l->n_uid_mappings || l->n_gid_mappings;
  if (userns && !joined && (l->n_uid_mappings == 0 || l->n_gid_mappings == 0))
    return rd_fail(r, "a new user namespace needs uidMappings and gidMappings");
  if (maps && !userns)
    return rd_fail_at(r, l->n_uid_mappings ? "uidMappings" : "gidMappings",
                      "set, but linux.namespaces has no user namespace");
  if (maps && joined)
    return rd_fail_at(r, l->n_uid_mappings ? "uidMappings" : "gidMappings",
                      "cannot be set when the user namespace is joined by path");
  /* The kernel allows at most 340 lines in a map file. */
  if (l->n_uid_mappings > 340 || l->n_gid_mappings > 340)
    return rd_fail_at(r, l->n_uid_mappings > 340 ? "uidMappings" : "gidMappings",
                      "more than 340 ranges (the kernel's limit)");
  return 0;
}

static int
parse_time_offsets(struct rd *r, const lc_json *l, lc_spec_linux *out)
{
  const lc_json *t;
  if (rd_object(r, l, "timeOffsets", &t) < 0)
    return -1;
  if (t == NULL)
    return 0;
  size_t saved = rd_push_key(r, "timeOffsets");
  static const char *const clocks[] = { "boottime", "monotonic" };
  struct lc_spec_time_offset *dst[] = { &out->time_boottime, &out->time_monotonic };
  for (int i = 0; i < 2; i++)
    {
      const lc_json *c;
      if (rd_object(r, t, clocks[i], &c) < 0)
        return -1;
      if (c == NULL)
        continue;
      size_t s2 = rd_push_key(r, clocks[i]);
      if (rd_i64(r, c, "secs", INT64_MIN, INT64_MAX, &dst[i]->secs, NULL) < 0
          || rd_u32(r, c, "nanosecs", &dst[i]->nanosecs, NULL) < 0)
        return -1;
      if (dst[i]->nanosecs >= 1000000000u)
        return rd_fail_at(r, "nanosecs", "must be below 1000000000, got %u", dst[i]->nanosecs);
      dst[i]->set = true;
      rd_pop(r, s2);
    }
  rd_pop(r, saved);
  bool joined = false;
  if ((out->time_boottime.set || out->time_monotonic.set) && (!has_ns(out, LC_NS_TIME, &joined) || joined))
    return rd_fail_at(r, "timeOffsets", "need a new time namespace in linux.namespaces");
  return 0;
}

/* ---- devices ---- */

static int
parse_devices(struct rd *r, const lc_json *l, lc_spec_linux *out)
{
  const lc_json *a;
  if (rd_array(r, l, "devices", &a) < 0)
    return -1;
  if (a == NULL)
    return 0;
  size_t saved = rd_push_key(r, "devices");
  out->devices = xcalloc(a->len, sizeof(*out->devices));
  /* Counted up front: the array is zeroed, so a failure half-way frees cleanly. */
  out->n_devices = a->len;
  for (size_t i = 0; i < a->len; i++)
    {
      size_t s2 = rd_push_index(r, i);
      const lc_json *e = a->items[i];
      lc_spec_device *d = &out->devices[i];
      cleanup_free char *type = NULL;
      bool has_major = false, has_minor = false;
      if (rd_expect(r, e, LC_JSON_OBJECT) < 0 || rd_req_string(r, e, "type", &type) < 0
          || rd_req_string(r, e, "path", &d->path) < 0
          || rd_i64(r, e, "major", INT64_MIN, INT64_MAX, &d->major, &has_major) < 0
          || rd_i64(r, e, "minor", INT64_MIN, INT64_MAX, &d->minor, &has_minor) < 0
          || rd_u32(r, e, "fileMode", &d->file_mode, &d->has_file_mode) < 0
          || rd_u32(r, e, "uid", &d->uid, &d->has_uid) < 0 || rd_u32(r, e, "gid", &d->gid, &d->has_gid) < 0)
        return -1;
      if (strlen(type) != 1 || strchr("cbup", type[0]) == NULL)
        return rd_fail_at(r, "type", "unknown device type \"%s\" (expected c, b, u or p)", type);
      d->type = type[0];
      if (d->path[0] != '/')
        return rd_fail_at(r, "path", "must be an absolute path, got \"%s\"", d->path);
      if (d->type != 'p' && (!has_major || !has_minor))
        return rd_fail_at(r, has_major ? "minor" : "major", "is required for a device of type %c", d->type);
      /* A mode, perhaps with the file-type bits (podman: 8630 = 020666), as
         runc takes it; the type bits are dropped, the device's type rules. */
      if (d->has_file_mode && d->file_mode > (S_IFMT | 07777))
        return rd_fail_at(r, "fileMode", "is not a file mode: %u is above 65535 (0177777)", d->file_mode);
      d->file_mode &= 07777;
      rd_pop(r, s2);
    }
  rd_pop(r, saved);
  return 0;
}

static int
parse_net_devices(struct rd *r, const lc_json *l, lc_spec_linux *out)
{
  const lc_json *o;
  if (rd_object(r, l, "netDevices", &o) < 0)
    return -1;
  if (o == NULL)
    return 0;
  size_t saved = rd_push_key(r, "netDevices");
  out->net_devices = xcalloc(o->len, sizeof(*out->net_devices));
  /* Counted up front: the array is zeroed, so a failure half-way frees cleanly. */
  out->n_net_devices = o->len;
  for (size_t i = 0; i < o->len; i++)
    {
      size_t s2 = rd_push_key(r, o->keys[i]);
      struct lc_spec_netdev *nd = &out->net_devices[i];
      nd->host_name = xstrdup(o->keys[i]);
      if (rd_expect(r, o->items[i], LC_JSON_OBJECT) < 0 || rd_string(r, o->items[i], "name", &nd->name) < 0)
        return -1;
      /* Interface names: 1 to 15 bytes, no '/', no whitespace, not "." or "..". */
      const char *names[] = { nd->host_name, nd->name };
      for (int k = 0; k < 2; k++)
        {
          const char *n = names[k];
          if (n == NULL)
            continue;
          bool bad = n[0] == '\0' || strlen(n) > 15 || strcmp(n, ".") == 0 || strcmp(n, "..") == 0;
          for (const char *c = n; *c && !bad; c++)
            bad = *c == '/' || *c == ':' || isspace((unsigned char)*c);
          if (bad)
            return k == 0 ? rd_fail(r, "invalid interface name \"%s\"", n)
                          : rd_fail_at(r, "name", "invalid interface name \"%s\"", n);
        }
      rd_pop(r, s2);
    }
  rd_pop(r, saved);
  return 0;
}

/* ---- resources ---- */

static int
check_device_rule(struct rd *r, const lc_json *e, const struct rd_field *f, void *base)
{
  (void)f;
  lc_spec_device_rule *d = base;
  const lc_json *type = rd_member(e, "type");
  if (rd_member(e, "allow") == NULL)
    return rd_fail_at(r, "allow", "is required");
  d->type = type ? type->str[0] : 'a';
  if (type && (type->len != 1 || strchr("acb", type->str[0]) == NULL))
    return rd_fail_at(r, "type", "unknown device type \"%s\" (expected a, c or b)", type->str);
  if (d->access && (d->access[0] == '\0' || strspn(d->access, "rwm") != strlen(d->access)))
    return rd_fail_at(r, "access", "must be made of the letters r, w and m, got \"%s\"", d->access);
  return 0;
}

#define T lc_spec_device_rule
static const struct rd_field device_rule_fields[] = {
  RD_F(RD_BOOL, "allow", allow),
  RD_F(RD_STRING, "type", type, .flags = RD_TEMP),
  RD_F(RD_I64, "major", major, RD_HAS(has_major)),
  RD_F(RD_I64, "minor", minor, RD_HAS(has_minor)),
  RD_F(RD_STRING, "access", access),
  RD_CHECK(check_device_rule),
  { 0 },
};
#undef T

static int
check_memory(struct rd *r, const lc_json *o, const struct rd_field *f, void *base)
{
  (void)o, (void)f;
  struct lc_spec_memory *m = base;
  /* -1 means unlimited; other negative values mean nothing. */
  const struct
  {
    const char *key;
    bool has;
    int64_t v;
  } vals[] = { { "limit", m->has_limit, m->limit },
               { "reservation", m->has_reservation, m->reservation },
               { "swap", m->has_swap, m->swap } };
  for (size_t i = 0; i < LC_ARRAY_SIZE(vals); i++)
    if (vals[i].has && vals[i].v < -1)
      return rd_fail_at(r, vals[i].key, "must be -1 (unlimited) or at least 0, got %lld", (long long)vals[i].v);
  /* swap is memory+swap: below the memory limit it cannot be honoured. */
  if (m->has_limit && m->has_swap && m->limit > 0 && m->swap > 0 && m->swap < m->limit)
    return rd_fail_at(r, "swap", "%lld is less than the memory limit %lld (swap counts memory plus swap)",
                      (long long)m->swap, (long long)m->limit);
  if (m->has_swappiness && m->swappiness > 100)
    return rd_fail_at(r, "swappiness", "must be between 0 and 100, got %llu", (unsigned long long)m->swappiness);
  return 0;
}

#define T struct lc_spec_memory
static const struct rd_field memory_fields[] = {
  RD_F(RD_I64, "limit", limit, RD_HAS(has_limit)),
  RD_F(RD_I64, "reservation", reservation, RD_HAS(has_reservation)),
  RD_F(RD_I64, "swap", swap, RD_HAS(has_swap)),
  RD_F(RD_I64, "kernel", kernel, RD_HAS(has_kernel)),
  RD_F(RD_I64, "kernelTCP", kernel_tcp, RD_HAS(has_kernel_tcp)),
  RD_F(RD_U64, "swappiness", swappiness, RD_HAS(has_swappiness)),
  RD_F(RD_BOOL, "disableOOMKiller", disable_oom_killer, RD_HAS(has_disable_oom_killer)),
  RD_F(RD_BOOL, "useHierarchy", use_hierarchy, RD_HAS(has_use_hierarchy)),
  RD_F(RD_BOOL, "checkBeforeUpdate", check_before_update, RD_HAS(has_check_before_update)),
  RD_CHECK(check_memory),
  { 0 },
};
#undef T

/* cpu.cpus and cpu.mems: the syntax of the kernel's cpuset files, "0-3,5". */
static int
check_cpuset_list(struct rd *r, const char *key, const char *list)
{
  bool ok = *list != '\0' && lc_cpulist_parse(list, NULL) == 0;
  if (!ok)
    return rd_fail_at(r, key, "invalid list \"%s\" (expected a list like \"0-3,5\")", list);
  return 0;
}

static int
check_cpu(struct rd *r, const lc_json *o, const struct rd_field *f, void *base)
{
  (void)o, (void)f;
  struct lc_spec_cpu *c = base;
  if ((c->cpus && check_cpuset_list(r, "cpus", c->cpus) < 0) || (c->mems && check_cpuset_list(r, "mems", c->mems) < 0))
    return -1;
  if (c->has_idle && c->idle != 0 && c->idle != 1)
    return rd_fail_at(r, "idle", "must be 0 or 1, got %lld", (long long)c->idle);
  return 0;
}

#define T struct lc_spec_cpu
static const struct rd_field cpu_fields[] = {
  RD_F(RD_U64, "shares", shares, RD_HAS(has_shares)),
  RD_F(RD_I64, "quota", quota, RD_HAS(has_quota)),
  RD_F(RD_U64, "burst", burst, RD_HAS(has_burst)),
  RD_F(RD_U64, "period", period, RD_HAS(has_period)),
  RD_F(RD_I64, "realtimeRuntime", realtime_runtime, RD_HAS(has_realtime_runtime)),
  RD_F(RD_U64, "realtimePeriod", realtime_period, RD_HAS(has_realtime_period)),
  RD_F(RD_I64, "idle", idle, RD_HAS(has_idle)),
  RD_F(RD_STRING, "cpus", cpus),
  RD_F(RD_STRING, "mems", mems),
  RD_CHECK(check_cpu),
  { 0 },
};
#undef T

#define T lc_spec_throttle
static const struct rd_field throttle_fields[] = {
  RD_F(RD_I64, "major", major, .flags = RD_REQ),
  RD_F(RD_I64, "minor", minor, .flags = RD_REQ),
  RD_F(RD_U64, "rate", rate),
  { 0 },
};
#undef T

/* blkio weights: 10..1000 (0 is "unset" for runc and Docker). */
static int
check_weight(struct rd *r, const char *key, bool has, uint64_t v)
{
  if (has && v != 0 && (v < 10 || v > 1000))
    return rd_fail_at(r, key, "must be between 10 and 1000, got %llu", (unsigned long long)v);
  return 0;
}

static int
check_weights(struct rd *r, const lc_json *o, const struct rd_field *f, void *base)
{
  (void)o;
  /* The same members in lc_spec_weight_device and struct lc_spec_blockio. */
  const uint16_t *w = (const uint16_t *)((char *)base + f[-2].off), *lw = (const uint16_t *)((char *)base + f[-1].off);
  const bool *has_w = (const bool *)((char *)base + f[-2].has - 1), *has_lw = (const bool *)((char *)base + f[-1].has - 1);
  return check_weight(r, "weight", *has_w, *w) < 0 || check_weight(r, "leafWeight", *has_lw, *lw) < 0 ? -1 : 0;
}

#define T lc_spec_weight_device
static const struct rd_field weight_device_fields[] = {
  RD_F(RD_I64, "major", major, .flags = RD_REQ),
  RD_F(RD_I64, "minor", minor, .flags = RD_REQ),
  RD_F(RD_U16, "weight", weight, RD_HAS(has_weight)),
  RD_F(RD_U16, "leafWeight", leaf_weight, RD_HAS(has_leaf_weight)),
  RD_CHECK(check_weights), /* right after weight and leafWeight */
  { 0 },
};
#undef T

#define T struct lc_spec_blockio
#define THROTTLE(key, m) RD_F(RD_ARRAY, key, m, RD_N(n_##m), RD_SUB(lc_spec_throttle, throttle_fields))
static const struct rd_field blockio_fields[] = {
  RD_F(RD_U16, "weight", weight, RD_HAS(has_weight)),
  RD_F(RD_U16, "leafWeight", leaf_weight, RD_HAS(has_leaf_weight)),
  RD_CHECK(check_weights), /* right after weight and leafWeight */
  THROTTLE("throttleReadBpsDevice", throttle_read_bps),
  THROTTLE("throttleWriteBpsDevice", throttle_write_bps),
  THROTTLE("throttleReadIOPSDevice", throttle_read_iops),
  THROTTLE("throttleWriteIOPSDevice", throttle_write_iops),
  RD_F(RD_ARRAY, "weightDevice", weight_device, RD_N(n_weight_device),
       RD_SUB(lc_spec_weight_device, weight_device_fields)),
  { 0 },
};
#undef THROTTLE
#undef T

static bool
is_page_size(const char *s)
{
  /* ^[1-9][0-9]*[KMG]B$ */
  if (*s < '1' || *s > '9')
    return false;
  while (isdigit((unsigned char)*s))
    s++;
  return (s[0] == 'K' || s[0] == 'M' || s[0] == 'G') && s[1] == 'B' && s[2] == '\0';
}

static int
check_hugepage(struct rd *r, const lc_json *o, const struct rd_field *f, void *base)
{
  (void)o, (void)f;
  struct lc_spec_hugepage *h = base;
  if (!is_page_size(h->page_size))
    return rd_fail_at(r, "pageSize", "invalid page size \"%s\" (expected a size like \"2MB\" or \"1GB\")",
                      h->page_size);
  return 0;
}

#define T struct lc_spec_hugepage
static const struct rd_field hugepage_fields[] = {
  RD_F(RD_STRING, "pageSize", page_size, .flags = RD_REQ),
  RD_F(RD_U64, "limit", limit, .flags = RD_REQ),
  RD_CHECK(check_hugepage),
  { 0 },
};
#undef T

#define T struct lc_spec_netprio
static const struct rd_field netprio_fields[] = {
  RD_F(RD_STRING, "name", name, .flags = RD_REQ),
  RD_F(RD_U32, "priority", priority, .flags = RD_REQ),
  { 0 },
};
#undef T

#define T struct lc_spec_network
static const struct rd_field network_fields[] = {
  RD_F(RD_U32, "classID", class_id, RD_HAS(has_class_id)),
  RD_F(RD_ARRAY, "priorities", priorities, RD_N(n_priorities), RD_SUB(struct lc_spec_netprio, netprio_fields)),
  { 0 },
};
#undef T

#define T struct lc_spec_rdma
static const struct rd_field rdma_fields[] = {
  RD_F(RD_U32, "hcaHandles", hca_handles, RD_HAS(has_hca_handles)),
  RD_F(RD_U32, "hcaObjects", hca_objects, RD_HAS(has_hca_objects)),
  { 0 },
};
#undef T

#define T struct lc_spec_pids
static const struct rd_field pids_fields[] = {
  RD_F(RD_I64, "limit", limit, .flags = RD_REQ),
  { 0 },
};
#undef T

/* unified keys are file names in the container's cgroup: "<controller>.<name>". */
static int
check_unified(struct rd *r, const lc_json *o, const struct rd_field *f, void *base)
{
  (void)o, (void)f;
  lc_spec_resources *rs = base;
  for (size_t i = 0; i < rs->unified.len; i++)
    {
      const char *k = rs->unified.keys[i];
      const char *dot = strchr(k, '.');
      if (dot == NULL || dot == k || dot[1] == '\0' || strchr(k, '/') || strcmp(k, "..") == 0)
        {
          size_t s2 = rd_push_key(r, "unified");
          rd_fail(r, "invalid cgroup file name \"%s\" (expected \"<controller>.<file>\")", k);
          rd_pop(r, s2);
          return -1;
        }
    }
  return 0;
}

#define T lc_spec_resources
const struct rd_field lc_spec_resources_fields[] = {
  RD_F(RD_ARRAY, "devices", devices, RD_N(n_devices), RD_SUB(lc_spec_device_rule, device_rule_fields)),
  RD_F(RD_OBJECT, "memory", memory, RD_SUB(struct lc_spec_memory, memory_fields)),
  RD_F(RD_OBJECT, "cpu", cpu, RD_SUB(struct lc_spec_cpu, cpu_fields)),
  RD_F(RD_OBJECT, "blockIO", block_io, RD_SUB(struct lc_spec_blockio, blockio_fields)),
  RD_F(RD_ARRAY, "hugepageLimits", hugepage_limits, RD_N(n_hugepage_limits),
       RD_SUB(struct lc_spec_hugepage, hugepage_fields)),
  RD_F(RD_OBJECT, "network", network, RD_SUB(struct lc_spec_network, network_fields)),
  RD_F(RD_MAP, "rdma", rdma, RD_N(n_rdma), RD_SUB(struct lc_spec_rdma, rdma_fields),
       .name_off = offsetof(struct lc_spec_rdma, device)),
  RD_F(RD_STRMAP, "unified", unified),
  RD_F(RD_OBJECT, "pids", pids, RD_SUB(struct lc_spec_pids, pids_fields)),
  RD_CHECK(check_unified),
  { 0 },
};
#undef T

static int
parse_resources(struct rd *r, const lc_json *l, lc_spec_linux *out)
{
  static const struct rd_field f
      = { "resources", RD_OBJECT, .size = sizeof(lc_spec_resources), .sub = lc_spec_resources_fields };
  return rd_field(r, l, &f, &out->resources);
}

int
lc_spec_parse_resources_obj(struct rd *r, const lc_json *res, lc_spec_resources **out)
{
  *out = xcalloc(1, sizeof(**out));
  return rd_fields(r, res, lc_spec_resources_fields, *out);
}

/* ---- seccomp ---- */

static int
parse_syscalls(struct rd *r, const lc_json *sc, lc_spec_seccomp *s)
{
  const lc_json *a;
  if (rd_array(r, sc, "syscalls", &a) < 0)
    return -1;
  if (a == NULL)
    return 0;
  size_t saved = rd_push_key(r, "syscalls");
  s->syscalls = xcalloc(a->len, sizeof(*s->syscalls));
  /* Counted up front: the array is zeroed, so a failure half-way frees cleanly. */
  s->n_syscalls = a->len;
  for (size_t i = 0; i < a->len; i++)
    {
      size_t s2 = rd_push_index(r, i);
      const lc_json *e = a->items[i];
      lc_spec_syscall *c = &s->syscalls[i];
      int act = 0;
      if (rd_expect(r, e, LC_JSON_OBJECT) < 0 || rd_strv(r, e, "names", &c->names, &c->n_names) < 0
          || rd_enum(r, e, "action", action_names, true, &act, NULL) < 0
          || rd_u32(r, e, "errnoRet", &c->errno_ret, &c->has_errno_ret) < 0)
        return -1;
      c->action = (enum lc_seccomp_action)act;
      if (c->has_errno_ret && c->action != LC_SCMP_ACT_ERRNO && c->action != LC_SCMP_ACT_TRACE)
        return rd_fail_at(r, "errnoRet", "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE return an errno, not %s",
                          action_names[act]);
      /* husk hands the notify fd to the runtime with sendmsg after the
         filter is in: notifying sendmsg would wait for an agent that has
         no fd yet. */
      if (c->action == LC_SCMP_ACT_NOTIFY)
        for (size_t j = 0; j < c->n_names; j++)
          if (strcmp(c->names[j], "sendmsg") == 0)
            return rd_fail_at(r, "names", "SCMP_ACT_NOTIFY cannot be used for \"sendmsg\" (husk passes the "
                                          "notify fd to the agent with it)");
      if (c->n_names == 0)
        return rd_fail_at(r, "names", lc_json_get(e, "names") ? "must not be empty" : "is required");
      const lc_json *args;
      if (rd_array(r, e, "args", &args) < 0)
        return -1;
      if (args)
        {
          size_t s3 = rd_push_key(r, "args");
          c->args = xcalloc(args->len, sizeof(*c->args));
          /* Counted up front: the array is zeroed, so a failure half-way frees cleanly. */
          c->n_args = args->len;
          for (size_t j = 0; j < args->len; j++)
            {
              size_t s4 = rd_push_index(r, j);
              lc_spec_syscall_arg *g = &c->args[j];
              uint64_t idx;
              int op = 0;
              if (rd_expect(r, args->items[j], LC_JSON_OBJECT) < 0
                  || rd_req_u64(r, args->items[j], "index", UINT32_MAX, &idx) < 0
                  || rd_req_u64(r, args->items[j], "value", UINT64_MAX, &g->value) < 0
                  || rd_u64(r, args->items[j], "valueTwo", UINT64_MAX, &g->value_two, NULL) < 0
                  || rd_enum(r, args->items[j], "op", op_names, true, &op, NULL) < 0)
                return -1;
              /* Syscalls take six arguments at most. */
              if (idx > 5)
                return rd_fail_at(r, "index", "must be between 0 and 5, got %llu", (unsigned long long)idx);
              g->index = (uint32_t)idx;
              g->op = (enum lc_seccomp_op)op;
              rd_pop(r, s4);
            }
          rd_pop(r, s3);
        }
      rd_pop(r, s2);
    }
  rd_pop(r, saved);
  return 0;
}

static int
parse_seccomp(struct rd *r, const lc_json *l, lc_spec_linux *out)
{
  const lc_json *sc;
  if (rd_object(r, l, "seccomp", &sc) < 0)
    return -1;
  if (sc == NULL)
    return 0;
  size_t saved = rd_push_key(r, "seccomp");
  lc_spec_seccomp *s = out->seccomp = xcalloc(1, sizeof(*s));
  int act = 0;
  uint64_t flags = 0;
  if (rd_enum(r, sc, "defaultAction", action_names, true, &act, NULL) < 0
      || rd_u32(r, sc, "defaultErrnoRet", &s->default_errno_ret, &s->has_default_errno_ret) < 0
      || rd_strv(r, sc, "architectures", &s->architectures, &s->n_architectures) < 0
      || rd_flags(r, sc, "flags", seccomp_flag_names, &flags) < 0
      || rd_string(r, sc, "listenerPath", &s->listener_path) < 0
      || rd_string(r, sc, "listenerMetadata", &s->listener_metadata) < 0 || parse_syscalls(r, sc, s) < 0)
    return -1;
  s->default_action = (enum lc_seccomp_action)act;
  s->flags = (unsigned)flags;
  if (s->has_default_errno_ret && act != LC_SCMP_ACT_ERRNO && act != LC_SCMP_ACT_TRACE)
    return rd_fail_at(r, "defaultErrnoRet", "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE return an errno, not %s",
                      action_names[act]);
  if (s->listener_metadata && (s->listener_path == NULL || s->listener_path[0] == '\0'))
    return rd_fail_at(r, "listenerMetadata", "must not be set without listenerPath");
  for (size_t i = 0; i < s->n_architectures; i++)
    {
      size_t k;
      for (k = 0; arch_names[k]; k++)
        if (strcmp(arch_names[k], s->architectures[i]) == 0)
          break;
      if (arch_names[k] == NULL)
        {
          size_t s2 = rd_push_key(r, "architectures");
          size_t s3 = rd_push_index(r, i);
          rd_fail(r, "unknown architecture \"%s\" (expected a name like SCMP_ARCH_X86_64)", s->architectures[i]);
          rd_pop(r, s3);
          rd_pop(r, s2);
          return -1;
        }
    }
  /* NOTIFY hands the syscall to an agent: without one it cannot work. */
  bool notify = s->default_action == LC_SCMP_ACT_NOTIFY;
  for (size_t i = 0; i < s->n_syscalls; i++)
    notify |= s->syscalls[i].action == LC_SCMP_ACT_NOTIFY;
  if (notify && (s->listener_path == NULL || s->listener_path[0] == '\0'))
    return rd_fail(r, "SCMP_ACT_NOTIFY is used but listenerPath is not set");
  if (s->listener_path && s->listener_path[0] && s->listener_path[0] != '/')
    return rd_fail_at(r, "listenerPath", "must be an absolute path, got \"%s\"", s->listener_path);
  if (s->default_action == LC_SCMP_ACT_NOTIFY)
    return rd_fail_at(r, "defaultAction",
                      "SCMP_ACT_NOTIFY cannot be the default action (the agent itself would "
                      "be blocked)");
  rd_pop(r, saved);
  return 0;
}

/* ---- the rest ---- */

/* In the order of enum lc_propagation (after LC_PROPAGATION_DEFAULT). */
static const char *const propagation_names[]
    = { "private", "rprivate", "shared", "rshared", "slave", "rslave", "unbindable", "runbindable", NULL };
static const char *const mpol_modes[]
    = { "MPOL_DEFAULT",   "MPOL_BIND",           "MPOL_INTERLEAVE", "MPOL_WEIGHTED_INTERLEAVE",
        "MPOL_PREFERRED", "MPOL_PREFERRED_MANY", "MPOL_LOCAL",      NULL };
static const int mpol_values[] = { MPOL_DEFAULT,   MPOL_BIND,           MPOL_INTERLEAVE, MPOL_WEIGHTED_INTERLEAVE,
                                   MPOL_PREFERRED, MPOL_PREFERRED_MANY, MPOL_LOCAL };
static const char *const mpol_flags[]
    = { "MPOL_F_NUMA_BALANCING", "MPOL_F_RELATIVE_NODES", "MPOL_F_STATIC_NODES", NULL };
static const unsigned mpol_flag_values[] = { MPOL_F_NUMA_BALANCING, MPOL_F_RELATIVE_NODES, MPOL_F_STATIC_NODES };
static const char *const personality_domains[] = { "LINUX", "LINUX32", NULL };

static int
parse_memory_policy(struct rd *r, const lc_json *l, lc_spec_linux *out)
{
  const lc_json *o;
  if (rd_object(r, l, "memoryPolicy", &o) < 0)
    return -1;
  if (o == NULL)
    return 0;
  size_t saved = rd_push_key(r, "memoryPolicy");
  struct lc_spec_memory_policy *m = out->memory_policy = xcalloc(1, sizeof(*m));
  int mode = 0;
  uint64_t bits = 0;
  if (rd_enum(r, o, "mode", mpol_modes, true, &mode, NULL) < 0 || rd_string(r, o, "nodes", &m->nodes) < 0
      || rd_flags(r, o, "flags", mpol_flags, &bits) < 0)
    return -1;
  m->mode = mpol_values[mode];
  for (size_t i = 0; i < LC_ARRAY_SIZE(mpol_flag_values); i++)
    if (bits & (UINT64_C(1) << i))
      m->flags |= mpol_flag_values[i];
  rd_pop(r, saved);
  return 0;
}

/* Only sysctls that live in a namespace of the container's own may be set
   (runc's list): any other would change the host. */
static int
check_sysctl(struct rd *r, const lc_spec_linux *l, const char *key)
{
  static const char *const ipc_keys[]
      = { "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni",          "kernel.sem", "kernel.shmall",
          "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced", NULL };
  enum lc_ns_type need = LC_NS_TYPES;
  for (size_t i = 0; ipc_keys[i]; i++)
    if (strcmp(key, ipc_keys[i]) == 0)
      need = LC_NS_IPC;
  if (strncmp(key, "fs.mqueue.", 10) == 0)
    need = LC_NS_IPC;
  else if (strncmp(key, "net.", 4) == 0)
    need = LC_NS_NETWORK;
  else if (strcmp(key, "kernel.hostname") == 0 || strcmp(key, "kernel.domainname") == 0)
    need = LC_NS_UTS;
  size_t s = rd_push_key(r, "sysctl");
  size_t s2 = rd_push_key(r, key);
  int ret = 0;
  if (strstr(key, "..") || strchr(key, '/'))
    ret = rd_fail(r, "invalid key");
  else if (need == LC_NS_TYPES)
    ret = rd_fail(r, "not in a namespace of the container: setting it would change the host");
  else if (!has_ns(l, need, NULL))
    ret = rd_fail(r, "needs its own %s namespace in linux.namespaces (else it would change the host's)",
                  lc_spec_ns_type_name(need));
  rd_pop(r, s2);
  rd_pop(r, s);
  return ret;
}

static int
parse_misc(struct rd *r, const lc_json *l, lc_spec_linux *out)
{
  int prop = 0;
  bool has_prop = false;
  /* "" is the default, as runc reads it (containerd leaves it so). */
  const lc_json *rp = lc_json_get(l, "rootfsPropagation");
  bool empty_prop = rp && rp->type == LC_JSON_STRING && rp->len == 0;
  if (rd_string(r, l, "cgroupsPath", &out->cgroups_path) < 0
      || (!empty_prop && rd_enum(r, l, "rootfsPropagation", propagation_names, false, &prop, &has_prop) < 0)
      || rd_strmap(r, l, "sysctl", &out->sysctl) < 0
      || rd_strv(r, l, "maskedPaths", &out->masked_paths, &out->n_masked_paths) < 0
      || rd_strv(r, l, "readonlyPaths", &out->readonly_paths, &out->n_readonly_paths) < 0
      || rd_string(r, l, "mountLabel", &out->mount_label) < 0)
    return -1;
  out->rootfs_propagation = has_prop ? (enum lc_propagation)(prop + 1) : LC_PROPAGATION_DEFAULT;
  const char *lists[] = { "maskedPaths", "readonlyPaths" };
  char **paths[] = { out->masked_paths, out->readonly_paths };
  size_t counts[] = { out->n_masked_paths, out->n_readonly_paths };
  for (int k = 0; k < 2; k++)
    for (size_t i = 0; i < counts[k]; i++)
      if (paths[k][i][0] != '/')
        {
          size_t s = rd_push_key(r, lists[k]);
          size_t s2 = rd_push_index(r, i);
          rd_fail(r, "must be an absolute path, got \"%s\"", paths[k][i]);
          rd_pop(r, s2);
          rd_pop(r, s);
          return -1;
        }
  const lc_json *p;
  if (rd_object(r, l, "personality", &p) < 0)
    return -1;
  if (p)
    {
      size_t s = rd_push_key(r, "personality");
      struct lc_spec_personality *pe = out->personality = xcalloc(1, sizeof(*pe));
      int dom = 0;
      if (rd_enum(r, p, "domain", personality_domains, false, &dom, NULL) < 0
          || rd_strv(r, p, "flags", &pe->flags, &pe->n_flags) < 0)
        return -1;
      pe->linux32 = dom == 1;
      rd_pop(r, s);
    }
  const lc_json *rdt;
  if (rd_object(r, l, "intelRdt", &rdt) < 0)
    return -1;
  if (rdt)
    {
      size_t s = rd_push_key(r, "intelRdt");
      struct lc_spec_intel_rdt *i = out->intel_rdt = xcalloc(1, sizeof(*i));
      if (rd_string(r, rdt, "closID", &i->clos_id) < 0 || rd_string(r, rdt, "l3CacheSchema", &i->l3_cache_schema) < 0
          || rd_string(r, rdt, "memBwSchema", &i->mem_bw_schema) < 0
          || rd_strv(r, rdt, "schemata", &i->schemata, &i->n_schemata) < 0
          || rd_bool(r, rdt, "enableMonitoring", &i->enable_monitoring, NULL) < 0)
        return -1;
      if (i->mem_bw_schema && (strncmp(i->mem_bw_schema, "MB:", 3) != 0 || strchr(i->mem_bw_schema, '\n')))
        return rd_fail_at(r, "memBwSchema", "must start with \"MB:\" and be one line, got \"%s\"", i->mem_bw_schema);
      if (i->clos_id
          && (i->clos_id[0] == '\0' || strchr(i->clos_id, '/') || strcmp(i->clos_id, ".") == 0
              || strcmp(i->clos_id, "..") == 0))
        return rd_fail_at(r, "closID", "invalid name \"%s\"", i->clos_id);
      rd_pop(r, s);
    }
  for (size_t i = 0; i < out->sysctl.len; i++)
    if (check_sysctl(r, out, out->sysctl.keys[i]) < 0)
      return -1;
  return 0;
}

int
lc_spec_parse_linux(struct rd *r, const lc_json *l, lc_spec_linux **out)
{
  lc_spec_linux *lx = xcalloc(1, sizeof(*lx));
  *out = lx;
  if (parse_namespaces(r, l, lx) < 0 || rd_idmaps(r, l, "uidMappings", &lx->uid_mappings, &lx->n_uid_mappings) < 0
      || rd_idmaps(r, l, "gidMappings", &lx->gid_mappings, &lx->n_gid_mappings) < 0 || check_mappings(r, lx) < 0
      || parse_time_offsets(r, l, lx) < 0 || parse_devices(r, l, lx) < 0 || parse_net_devices(r, l, lx) < 0
      || parse_resources(r, l, lx) < 0 || parse_seccomp(r, l, lx) < 0 || parse_memory_policy(r, l, lx) < 0
      || parse_misc(r, l, lx) < 0)
    return -1;
  return 0;
}

void
lc_spec_resources_free(lc_spec_resources *rs)
{
  if (rs == NULL)
    return;
  rd_free_fields(lc_spec_resources_fields, rs);
  free(rs);
}

static void
seccomp_free(lc_spec_seccomp *s)
{
  if (s == NULL)
    return;
  lc_strv_free(s->architectures, s->n_architectures);
  free(s->listener_path);
  free(s->listener_metadata);
  for (size_t i = 0; i < s->n_syscalls; i++)
    {
      lc_strv_free(s->syscalls[i].names, s->syscalls[i].n_names);
      free(s->syscalls[i].args);
    }
  free(s->syscalls);
  free(s);
}

void
lc_spec_linux_free(lc_spec_linux *l)
{
  if (l == NULL)
    return;
  for (size_t i = 0; i < l->n_namespaces; i++)
    free(l->namespaces[i].path);
  free(l->namespaces);
  free(l->uid_mappings);
  free(l->gid_mappings);
  for (size_t i = 0; i < l->n_devices; i++)
    free(l->devices[i].path);
  free(l->devices);
  for (size_t i = 0; i < l->n_net_devices; i++)
    {
      free(l->net_devices[i].host_name);
      free(l->net_devices[i].name);
    }
  free(l->net_devices);
  free(l->cgroups_path);
  lc_spec_resources_free(l->resources);
  if (l->intel_rdt)
    {
      free(l->intel_rdt->clos_id);
      free(l->intel_rdt->l3_cache_schema);
      free(l->intel_rdt->mem_bw_schema);
      lc_strv_free(l->intel_rdt->schemata, l->intel_rdt->n_schemata);
    }
  free(l->intel_rdt);
  lc_strmap_free(&l->sysctl);
  seccomp_free(l->seccomp);
  lc_strv_free(l->masked_paths, l->n_masked_paths);
  lc_strv_free(l->readonly_paths, l->n_readonly_paths);
  free(l->mount_label);
  if (l->personality)
    lc_strv_free(l->personality->flags, l->personality->n_flags);
  free(l->personality);
  if (l->memory_policy)
    free(l->memory_policy->nodes);
  free(l->memory_policy);
  free(l);
}
