/* husk - the config.json model: OCI runtime-spec 1.3, Linux.
 *
 * lc_spec_load_file() reads and validates the whole document into these
 * structs.  Strings are NUL-terminated copies; arrays come with their count.
 * Optional scalars that must be told apart from "absent" have a has_ flag;
 * optional objects are pointers (NULL when absent).  Names with a fixed set
 * of values are C enums, so later code never compares strings.  Unknown
 * properties are ignored, as the spec requires. */
#ifndef LC_SPEC_H
#define LC_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct lc_spec lc_spec;
typedef struct lc_spec_process lc_spec_process;

typedef struct lc_strmap
{
  size_t len;
  char **keys;
  char **values; /* in document order */
} lc_strmap;

typedef struct lc_idmap
{
  uint32_t container_id, host_id, size;
} lc_idmap;

typedef struct lc_spec_mount
{
  char *destination;
  char *type;   /* NULL when absent */
  char *source; /* NULL when absent */
  char **options;
  size_t n_options;
  lc_idmap *uid_mappings, *gid_mappings;
  size_t n_uid_mappings, n_gid_mappings;
} lc_spec_mount;

typedef struct lc_spec_rlimit
{
  int resource; /* RLIMIT_* */
  char *type;   /* "RLIMIT_NOFILE" */
  uint64_t soft, hard;
} lc_spec_rlimit;

enum lc_sched_policy
{
  LC_SCHED_OTHER,
  LC_SCHED_FIFO,
  LC_SCHED_RR,
  LC_SCHED_BATCH,
  LC_SCHED_ISO,
  LC_SCHED_IDLE,
  LC_SCHED_DEADLINE,
};

enum lc_ioprio_class
{
  LC_IOPRIO_CLASS_RT = 1,
  LC_IOPRIO_CLASS_BE = 2,
  LC_IOPRIO_CLASS_IDLE = 3,
};

typedef struct lc_spec_user
{
  uint32_t uid, gid;
  bool has_umask;
  uint32_t umask;
  uint32_t *additional_gids;
  size_t n_additional_gids;
  char *username;
} lc_spec_user;

/* Capability sets as bitmasks of CAP_* numbers (bit n = capability n). */
typedef struct lc_spec_caps
{
  bool has_bounding, has_effective, has_inheritable, has_permitted, has_ambient;
  uint64_t bounding, effective, inheritable, permitted, ambient;
} lc_spec_caps;

struct lc_spec_process
{
  bool terminal;
  bool has_console_size;
  uint64_t console_height, console_width;
  lc_spec_user user;
  char **args;
  size_t n_args;
  char *command_line;
  char **env;
  size_t n_env;
  char *cwd;
  lc_spec_caps *capabilities; /* NULL when absent */
  lc_spec_rlimit *rlimits;
  size_t n_rlimits;
  bool no_new_privileges;
  char *apparmor_profile;
  char *selinux_label;
  bool has_oom_score_adj;
  int oom_score_adj;
  struct lc_spec_scheduler
  {
    enum lc_sched_policy policy;
    int32_t nice, priority;
    uint64_t flags; /* SCHED_FLAG_* bits */
    uint64_t runtime, deadline, period;
  } *scheduler;
  struct lc_spec_ioprio
  {
    enum lc_ioprio_class class;
    int32_t priority;
  } *io_priority;
  struct lc_spec_cpu_affinity
  {
    char *initial, *final;
  } *exec_cpu_affinity;
};

typedef struct lc_spec_hook
{
  char *path;
  char **args;
  size_t n_args;
  char **env;
  size_t n_env;
  bool has_timeout;
  int64_t timeout; /* seconds, >= 1 */
} lc_spec_hook;

enum lc_hook_kind
{
  LC_HOOK_PRESTART,
  LC_HOOK_CREATE_RUNTIME,
  LC_HOOK_CREATE_CONTAINER,
  LC_HOOK_START_CONTAINER,
  LC_HOOK_POSTSTART,
  LC_HOOK_POSTSTOP,
  LC_HOOK_KINDS
};

enum lc_ns_type
{
  LC_NS_PID,
  LC_NS_NETWORK,
  LC_NS_MOUNT,
  LC_NS_IPC,
  LC_NS_UTS,
  LC_NS_USER,
  LC_NS_CGROUP,
  LC_NS_TIME,
  LC_NS_TYPES
};

typedef struct lc_spec_namespace
{
  enum lc_ns_type type;
  char *path; /* NULL: create a new one */
} lc_spec_namespace;

typedef struct lc_spec_device
{
  char type; /* 'c', 'b', 'u', 'p' */
  char *path;
  int64_t major, minor;
  bool has_file_mode, has_uid, has_gid;
  uint32_t file_mode, uid, gid; /* file_mode: permission bits, the file-type bits dropped */
} lc_spec_device;

typedef struct lc_spec_device_rule
{
  bool allow;
  char type; /* 'a', 'c', 'b'; 'a' when absent */
  bool has_major, has_minor;
  int64_t major, minor; /* -1 is a wildcard too */
  char *access;         /* NULL when absent (= "rwm") */
} lc_spec_device_rule;

typedef struct lc_spec_throttle
{
  int64_t major, minor;
  uint64_t rate;
} lc_spec_throttle;

typedef struct lc_spec_weight_device
{
  int64_t major, minor;
  bool has_weight, has_leaf_weight;
  uint16_t weight, leaf_weight;
} lc_spec_weight_device;

typedef struct lc_spec_resources
{
  lc_spec_device_rule *devices;
  size_t n_devices;
  struct lc_spec_memory
  {
    bool has_limit, has_reservation, has_swap, has_kernel, has_kernel_tcp, has_swappiness;
    int64_t limit, reservation, swap, kernel, kernel_tcp;
    uint64_t swappiness;
    bool has_disable_oom_killer, has_use_hierarchy, has_check_before_update;
    bool disable_oom_killer, use_hierarchy, check_before_update;
  } *memory;
  struct lc_spec_cpu
  {
    bool has_shares, has_quota, has_burst, has_period, has_realtime_runtime, has_realtime_period, has_idle;
    uint64_t shares, burst, period, realtime_period;
    int64_t quota, realtime_runtime, idle;
    char *cpus, *mems;
  } *cpu;
  struct lc_spec_pids
  {
    int64_t limit;
  } *pids;
  struct lc_spec_blockio
  {
    bool has_weight, has_leaf_weight;
    uint16_t weight, leaf_weight;
    lc_spec_weight_device *weight_device;
    size_t n_weight_device;
    lc_spec_throttle *throttle_read_bps, *throttle_write_bps, *throttle_read_iops, *throttle_write_iops;
    size_t n_throttle_read_bps, n_throttle_write_bps, n_throttle_read_iops, n_throttle_write_iops;
  } *block_io;
  struct lc_spec_hugepage
  {
    char *page_size;
    uint64_t limit;
  } *hugepage_limits;
  size_t n_hugepage_limits;
  struct lc_spec_network
  {
    bool has_class_id;
    uint32_t class_id;
    struct lc_spec_netprio
    {
      char *name;
      uint32_t priority;
    } *priorities;
    size_t n_priorities;
  } *network;
  struct lc_spec_rdma
  {
    char *device;
    bool has_hca_handles, has_hca_objects;
    uint32_t hca_handles, hca_objects;
  } *rdma;
  size_t n_rdma;
  lc_strmap unified;
} lc_spec_resources;

enum lc_seccomp_action
{
  LC_SCMP_ACT_KILL,
  LC_SCMP_ACT_KILL_PROCESS,
  LC_SCMP_ACT_KILL_THREAD,
  LC_SCMP_ACT_TRAP,
  LC_SCMP_ACT_ERRNO,
  LC_SCMP_ACT_TRACE,
  LC_SCMP_ACT_ALLOW,
  LC_SCMP_ACT_LOG,
  LC_SCMP_ACT_NOTIFY,
  LC_SCMP_ACT_COUNT
};

enum lc_seccomp_op
{
  LC_SCMP_CMP_NE,
  LC_SCMP_CMP_LT,
  LC_SCMP_CMP_LE,
  LC_SCMP_CMP_EQ,
  LC_SCMP_CMP_GE,
  LC_SCMP_CMP_GT,
  LC_SCMP_CMP_MASKED_EQ,
  LC_SCMP_CMP_COUNT
};

enum lc_seccomp_flag
{
  LC_SECCOMP_FLAG_TSYNC = 1 << 0,
  LC_SECCOMP_FLAG_LOG = 1 << 1,
  LC_SECCOMP_FLAG_SPEC_ALLOW = 1 << 2,
  LC_SECCOMP_FLAG_WAIT_KILLABLE_RECV = 1 << 3,
};

typedef struct lc_spec_syscall_arg
{
  uint32_t index;
  uint64_t value, value_two;
  enum lc_seccomp_op op;
} lc_spec_syscall_arg;

typedef struct lc_spec_syscall
{
  char **names;
  size_t n_names;
  enum lc_seccomp_action action;
  bool has_errno_ret;
  uint32_t errno_ret;
  lc_spec_syscall_arg *args;
  size_t n_args;
} lc_spec_syscall;

typedef struct lc_spec_seccomp
{
  enum lc_seccomp_action default_action;
  bool has_default_errno_ret;
  uint32_t default_errno_ret;
  char **architectures; /* "SCMP_ARCH_X86_64", validated */
  size_t n_architectures;
  unsigned flags; /* enum lc_seccomp_flag bits */
  char *listener_path, *listener_metadata;
  lc_spec_syscall *syscalls;
  size_t n_syscalls;
} lc_spec_seccomp;

/* linux.rootfsPropagation; the R* values are the recursive ones (rshared:
   the whole tree, shared: the root mount only). */
enum lc_propagation
{
  LC_PROPAGATION_DEFAULT, /* absent or "" */
  LC_PROPAGATION_PRIVATE,
  LC_PROPAGATION_RPRIVATE,
  LC_PROPAGATION_SHARED,
  LC_PROPAGATION_RSHARED,
  LC_PROPAGATION_SLAVE,
  LC_PROPAGATION_RSLAVE,
  LC_PROPAGATION_UNBINDABLE,
  LC_PROPAGATION_RUNBINDABLE,
};

typedef struct lc_spec_linux
{
  lc_spec_namespace *namespaces;
  size_t n_namespaces;
  lc_idmap *uid_mappings, *gid_mappings;
  size_t n_uid_mappings, n_gid_mappings;
  struct lc_spec_time_offset
  {
    bool set;
    int64_t secs;
    uint32_t nanosecs;
  } time_boottime, time_monotonic;
  lc_spec_device *devices;
  size_t n_devices;
  struct lc_spec_netdev
  {
    char *host_name; /* the key: the interface on the host */
    char *name;      /* the name inside; NULL = same */
  } *net_devices;
  size_t n_net_devices;
  char *cgroups_path;
  enum lc_propagation rootfs_propagation;
  lc_spec_resources *resources;
  struct lc_spec_intel_rdt
  {
    char *clos_id, *l3_cache_schema, *mem_bw_schema;
    char **schemata;
    size_t n_schemata;
    bool enable_monitoring;
  } *intel_rdt;
  lc_strmap sysctl;
  lc_spec_seccomp *seccomp;
  char **masked_paths, **readonly_paths;
  size_t n_masked_paths, n_readonly_paths;
  char *mount_label;
  struct lc_spec_personality
  {
    bool linux32; /* domain LINUX32 (else LINUX) */
    char **flags;
    size_t n_flags;
  } *personality;
  struct lc_spec_memory_policy
  {
    int mode; /* MPOL_* */
    char *nodes;
    unsigned flags; /* MPOL_F_* */
  } *memory_policy;
} lc_spec_linux;

struct lc_spec
{
  char *oci_version;
  struct lc_spec_root
  {
    char *path;
    bool readonly;
  } *root;
  lc_spec_mount *mounts;
  size_t n_mounts;
  lc_spec_process *process;
  char *hostname, *domainname;
  lc_spec_hook *hooks[LC_HOOK_KINDS];
  size_t n_hooks[LC_HOOK_KINDS];
  lc_strmap annotations;
  lc_spec_linux *linux_cfg; /* "linux" (a macro name in GNU C); NULL when absent */
  char *source;             /* the JSON text this was parsed from (create saves it) */
  size_t source_len;
};

/* Largest config.json we read: far above any real one (Docker's with its
   seccomp profile is ~40 KiB), small enough to refuse a hostile file. */
#define LC_SPEC_MAX_FILE (16 * 1024 * 1024)

/* Load and validate a config.json.  Every error message starts with
   "config.json: " followed by the JSON path of the field and what is wrong. */
LC_EXPORT int lc_spec_load_file (const char *path, lc_spec **out, lc_error **err);
/* Same from memory; name is the prefix of messages ("config.json"). */
LC_EXPORT int lc_spec_parse (const char *buf, size_t len, const char *name, lc_spec **out, lc_error **err);
LC_EXPORT void lc_spec_free (lc_spec *spec);

/* What the document may leave out but a container cannot: root and process
   (the schema makes both optional).  Called by create and run. */
LC_EXPORT int lc_spec_check_runnable (const lc_spec *spec, lc_error **err);

/* A process.json as given to `exec --process`: the "process" object alone. */
LC_EXPORT int lc_spec_parse_process (const char *buf, size_t len, const char *name, lc_spec_process **out,
                                     lc_error **err);
LC_EXPORT void lc_spec_process_free (lc_spec_process *p);

/* A linux.resources object on its own (husk update --resources, as Docker
   and containerd send it); errors name the file and the field. */
LC_EXPORT int lc_spec_parse_resources (const char *buf, size_t len, const char *name, lc_spec_resources **out,
                                       lc_error **err);
LC_EXPORT void lc_spec_resources_free (lc_spec_resources *r);

/* Names of enum values, as written in config.json. */
LC_EXPORT const char *lc_spec_ns_type_name (enum lc_ns_type t);    /* "pid", "network", ... */
LC_EXPORT const char *lc_spec_seccomp_action_name (enum lc_seccomp_action a); /* "SCMP_ACT_ALLOW" */
LC_EXPORT const char *lc_spec_seccomp_op_name (enum lc_seccomp_op op);       /* "SCMP_CMP_EQ" */
LC_EXPORT const char *const *lc_spec_seccomp_arch_names (void);    /* NULL-terminated, the schema's list */
LC_EXPORT const char *const *lc_spec_seccomp_flag_names (void);    /* NULL-terminated, bit i = entry i */

/* Signals: "KILL", "SIGKILL", "9", "RTMIN+3".  0 or -EINVAL. */
LC_EXPORT int lc_signal_parse (const char *s, int *signo);
/* "SIGKILL"; NULL for an unknown number. */
LC_EXPORT const char *lc_signal_name (int signo);

#endif
