/* Unit tests of the config.json loader: the spec's own schema test documents,
 * a corpus of broken configs each with its exact message, parsed values of a
 * config that sets every field, bounds, and signal names. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "libcontainer/spec.h"
#include "libcontainer/util/util.h"
#include "tap.h"

/* Test documents are written with ' for " to stay readable. */
static char *
dq (const char *s)
{
  char *d = xstrdup (s);
  for (char *p = d; *p; p++)
    if (*p == '\'')
      *p = '"';
  return d;
}

static char *
load_error (const char *json)
{
  cleanup_free char *doc = dq (json);
  lc_spec *spec = NULL;
  lc_error *err = NULL;
  if (lc_spec_parse (doc, strlen (doc), "config.json", &spec, &err) == 0)
    {
      lc_spec_free (spec);
      return xstrdup ("(loaded)");
    }
  char *msg = xstrdup (err && err->msg ? err->msg : "(no message)");
  lc_error_free (err);
  return msg;
}

#define V "'ociVersion':'1.0.0'"
#define P "'process':{'cwd':'/','args':['sh']}"
#define R "'root':{'path':'rootfs'}"

static const struct
{
  const char *json, *msg;
} bad[] = {
  /* document */
  { "[]", "config.json: expected a JSON object at the top level, got an array" },
  { "{}", "config.json: ociVersion: is required" },
  { "{'ociVersion':1}", "config.json: ociVersion: expected a string, got 1" },
  { "{'ociVersion':'1.0'}", "config.json: ociVersion: \"1.0\" is not a SemVer 2.0.0 version (like \"1.3.0\")" },
  { "{'ociVersion':'01.0.0'}", "config.json: ociVersion: \"01.0.0\" is not a SemVer 2.0.0 version (like \"1.3.0\")" },
  { "{'ociVersion':'2.0.0'}",
    "config.json: ociVersion: version \"2.0.0\" is not supported (husk implements 1.x, up to 1.3.0)" },
  { "{" V ",'root':{'readonly':true}}", "config.json: root.path: is required" },
  { "{" V ",'root':{'path':''}}", "config.json: root.path: must not be empty" },
  { "{" V ",'root':{'path':'r','readonly':'yes'}}", "config.json: root.readonly: expected a boolean, got \"yes\"" },
  { "{" V ",'hostname':'h'}",
    "config.json: hostname: can only be set with a new uts namespace (linux.namespaces has none)" },
  { "{" V ",'annotations':{'a':1}}", "config.json: annotations.a: expected a string, got 1" },
  { "{" V ",'annotations':{'io.x':1}}", "config.json: annotations[\"io.x\"]: expected a string, got 1" },
  /* mounts */
  { "{" V ",'mounts':{}}", "config.json: mounts: expected an array, got an object" },
  { "{" V ",'mounts':[{'type':'proc'}]}", "config.json: mounts[0].destination: is required" },
  { "{" V ",'mounts':[{'destination':'/proc'},{'destination':'proc'}]}",
    "config.json: mounts[1].destination: must be an absolute path, got \"proc\"" },
  { "{" V ",'mounts':[{'destination':'/x','options':['ro',1]}]}",
    "config.json: mounts[0].options[1]: expected a string, got 1" },
  { "{" V ",'mounts':[{'destination':'/x','uidMappings':[{'containerID':0,'hostID':1,'size':1}]}]}",
    "config.json: mounts[0]: uidMappings and gidMappings must be given together" },
  /* process */
  { "{" V ",'process':{'args':['sh']}}", "config.json: process.cwd: is required" },
  { "{" V ",'process':{'cwd':'tmp','args':['sh']}}", "config.json: process.cwd: must be an absolute path, got \"tmp\"" },
  { "{" V ",'process':{'cwd':'/','args':[]}}", "config.json: process.args: must not be empty" },
  { "{" V ",'process':{'cwd':'/'}}", "config.json: process.args: is required" },
  { "{" V ",'process':{'cwd':'/','args':['']}}",
    "config.json: process.args: the first element (the program) must not be empty" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'env':['PATH']}}",
    "config.json: process.env[0]: expected \"NAME=value\", got \"PATH\"" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'terminal':1}}", "config.json: process.terminal: expected a boolean, got 1" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'user':{'uid':-1}}}",
    "config.json: process.user.uid: out of range (0 to 4294967295), got -1" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'user':{'uid':4294967296}}}",
    "config.json: process.user.uid: out of range (0 to 4294967295), got 4294967296" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'user':{'gid':1.5}}}",
    "config.json: process.user.gid: expected an integer, got 1.5" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'user':{'umask':1000}}}",
    "config.json: process.user.umask: must be between 0 and 511 (0777), got 1000" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'user':{'additionalGids':[1,'2']}}}",
    "config.json: process.user.additionalGids[1]: expected an integer, got \"2\"" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'capabilities':{'bounding':['CAP_KILL','CAP_FLY']}}}",
    "config.json: process.capabilities.bounding[1]: unknown capability \"CAP_FLY\"" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'capabilities':{'ambient':['kill']}}}",
    "config.json: process.capabilities.ambient[0]: unknown capability \"kill\"" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'rlimits':[{'type':'RLIMIT_FOO','soft':1,'hard':1}]}}",
    "config.json: process.rlimits[0].type: unknown rlimit \"RLIMIT_FOO\"" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'rlimits':[{'type':'RLIMIT_NOFILE','soft':1}]}}",
    "config.json: process.rlimits[0].hard: is required" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'rlimits':[{'type':'RLIMIT_NOFILE','soft':2,'hard':1}]}}",
    "config.json: process.rlimits[0]: soft limit 2 is greater than the hard limit 1" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'rlimits':[{'type':'RLIMIT_CORE','soft':1,'hard':1},"
         "{'type':'RLIMIT_CORE','soft':1,'hard':1}]}}",
    "config.json: process.rlimits[1].type: duplicate rlimit \"RLIMIT_CORE\"" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'oomScoreAdj':1001}}",
    "config.json: process.oomScoreAdj: must be between -1000 and 1000, got 1001" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'consoleSize':{'height':10,'width':10}}}",
    "config.json: process: consoleSize is set but terminal is not true" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'terminal':true,'consoleSize':{'height':10}}}",
    "config.json: process.consoleSize.width: is required" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'scheduler':{'policy':'SCHED_FAST'}}}",
    "config.json: process.scheduler.policy: unknown value \"SCHED_FAST\" (expected SCHED_OTHER, SCHED_FIFO, SCHED_RR, "
    "SCHED_BATCH, SCHED_ISO, SCHED_IDLE or SCHED_DEADLINE)" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'scheduler':{'policy':'SCHED_RR','flags':['SCHED_FLAG_X']}}}",
    "config.json: process.scheduler.flags[0]: unknown value \"SCHED_FLAG_X\" (expected SCHED_FLAG_RESET_ON_FORK, "
    "SCHED_FLAG_RECLAIM, SCHED_FLAG_DL_OVERRUN, SCHED_FLAG_KEEP_POLICY, SCHED_FLAG_KEEP_PARAMS, "
    "SCHED_FLAG_UTIL_CLAMP_MIN or SCHED_FLAG_UTIL_CLAMP_MAX)" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'ioPriority':{'class':'IOPRIO_CLASS_BE','priority':8}}}",
    "config.json: process.ioPriority.priority: must be between 0 and 7, got 8" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'execCPUAffinity':{'initial':'0-a'}}}",
    "config.json: process.execCPUAffinity.initial: invalid CPU list \"0-a\" (expected a list like \"0-3,6\")" },
  /* hooks */
  { "{" V ",'hooks':{'prestart':[{'args':['x']}]}}", "config.json: hooks.prestart[0].path: is required" },
  { "{" V ",'hooks':{'poststop':[{'path':'cleanup.sh'}]}}",
    "config.json: hooks.poststop[0].path: must be an absolute path, got \"cleanup.sh\"" },
  { "{" V ",'hooks':{'poststart':[{'path':'/x','timeout':0}]}}",
    "config.json: hooks.poststart[0].timeout: must be at least 1 second, got 0" },
  /* linux: namespaces and mappings */
  { "{" V ",'linux':{'namespaces':[{'type':'pid'},{'type':'foo'}]}}",
    "config.json: linux.namespaces[1].type: unknown value \"foo\" (expected pid, network, mount, ipc, uts, user, "
    "cgroup or time)" },
  { "{" V ",'linux':{'namespaces':[{'type':'pid'},{'type':'net'}]}}",
    "config.json: linux.namespaces[1].type: unknown value \"net\" (expected pid, network, mount, ipc, uts, user, "
    "cgroup or time)" },
  { "{" V ",'linux':{'namespaces':[{'type':'pid'},{'type':'mount'},{'type':'pid'}]}}",
    "config.json: linux.namespaces[2]: duplicate namespace type \"pid\" (also at linux.namespaces[0])" },
  { "{" V ",'linux':{'namespaces':[{'type':'network','path':'run/netns/x'}]}}",
    "config.json: linux.namespaces[0].path: must be an absolute path, got \"run/netns/x\"" },
  { "{" V ",'linux':{'namespaces':[{'type':'user'}]}}",
    "config.json: linux: a new user namespace needs uidMappings and gidMappings" },
  { "{" V ",'linux':{'uidMappings':[{'containerID':0,'hostID':0,'size':1}],'gidMappings':[{'containerID':0,'hostID':0,'size':1}]}}",
    "config.json: linux.uidMappings: set, but linux.namespaces has no user namespace" },
  { "{" V ",'linux':{'namespaces':[{'type':'user'}],'uidMappings':[{'containerID':0,'hostID':0,'size':0}]}}",
    "config.json: linux.uidMappings[0].size: must be greater than 0" },
  { "{" V ",'linux':{'namespaces':[{'type':'user'}],'uidMappings':[{'containerID':0,'hostID':4294967295,'size':2}]}}",
    "config.json: linux.uidMappings[0]: the range 4294967295+2 does not fit in 32-bit ids" },
  { "{" V ",'linux':{'namespaces':[{'type':'user'}],'uidMappings':[{'hostID':0,'size':1}]}}",
    "config.json: linux.uidMappings[0].containerID: is required" },
  { "{" V ",'linux':{'namespaces':[{'type':'pid'}],'timeOffsets':{'monotonic':{'secs':1}}}}",
    "config.json: linux.timeOffsets: need a new time namespace in linux.namespaces" },
  /* devices */
  { "{" V ",'linux':{'devices':[{'type':'x','path':'/dev/x','major':1,'minor':1}]}}",
    "config.json: linux.devices[0].type: unknown device type \"x\" (expected c, b, u or p)" },
  { "{" V ",'linux':{'devices':[{'type':'c','path':'dev/x','major':1,'minor':1}]}}",
    "config.json: linux.devices[0].path: must be an absolute path, got \"dev/x\"" },
  { "{" V ",'linux':{'devices':[{'type':'c','path':'/dev/x','minor':1}]}}",
    "config.json: linux.devices[0].major: is required for a device of type c" },
  { "{" V ",'linux':{'devices':[{'type':'c','path':'/dev/x','major':1,'minor':1,'fileMode':65536}]}}",
    "config.json: linux.devices[0].fileMode: is not a file mode: 65536 is above 65535 (0177777)" },
  /* resources */
  { "{" V ",'linux':{'resources':{'memory':{'limit':'64m'}}}}",
    "config.json: linux.resources.memory.limit: expected an integer, got \"64m\"" },
  { "{" V ",'linux':{'resources':{'memory':{'limit':-2}}}}",
    "config.json: linux.resources.memory.limit: must be -1 (unlimited) or at least 0, got -2" },
  { "{" V ",'linux':{'resources':{'memory':{'limit':1000,'swap':500}}}}",
    "config.json: linux.resources.memory.swap: 500 is less than the memory limit 1000 (swap counts memory plus swap)" },
  { "{" V ",'linux':{'resources':{'memory':{'limit':9223372036854775808}}}}",
    "config.json: linux.resources.memory.limit: out of range (-9223372036854775808 to 9223372036854775807), got "
    "9223372036854775808" },
  { "{" V ",'linux':{'resources':{'memory':{'swappiness':101}}}}",
    "config.json: linux.resources.memory.swappiness: must be between 0 and 100, got 101" },
  { "{" V ",'linux':{'resources':{'cpu':{'shares':-1}}}}",
    "config.json: linux.resources.cpu.shares: out of range (0 to 18446744073709551615), got -1" },
  { "{" V ",'linux':{'resources':{'cpu':{'cpus':'0-'}}}}",
    "config.json: linux.resources.cpu.cpus: invalid list \"0-\" (expected a list like \"0-3,5\")" },
  { "{" V ",'linux':{'resources':{'cpu':{'mems':'3-1'}}}}",
    "config.json: linux.resources.cpu.mems: invalid list \"3-1\" (expected a list like \"0-3,5\")" },
  { "{" V ",'linux':{'resources':{'pids':{}}}}", "config.json: linux.resources.pids.limit: is required" },
  { "{" V ",'linux':{'resources':{'blockIO':{'weight':5}}}}",
    "config.json: linux.resources.blockIO.weight: must be between 10 and 1000, got 5" },
  { "{" V ",'linux':{'resources':{'blockIO':{'weight':70000}}}}",
    "config.json: linux.resources.blockIO.weight: out of range (0 to 65535), got 70000" },
  { "{" V ",'linux':{'resources':{'blockIO':{'throttleReadBpsDevice':[{'major':8,'rate':1}]}}}}",
    "config.json: linux.resources.blockIO.throttleReadBpsDevice[0].minor: is required" },
  { "{" V ",'linux':{'resources':{'devices':[{'access':'rwm'}]}}}",
    "config.json: linux.resources.devices[0].allow: is required" },
  { "{" V ",'linux':{'resources':{'devices':[{'allow':true,'access':'rwx'}]}}}",
    "config.json: linux.resources.devices[0].access: must be made of the letters r, w and m, got \"rwx\"" },
  { "{" V ",'linux':{'resources':{'unified':{'memory':'1'}}}}",
    "config.json: linux.resources.unified: invalid cgroup file name \"memory\" (expected \"<controller>.<file>\")" },
  { "{" V ",'linux':{'resources':{'unified':{'memory.max':1}}}}",
    "config.json: linux.resources.unified[\"memory.max\"]: expected a string, got 1" },
  { "{" V ",'linux':{'resources':{'hugepageLimits':[{'pageSize':'2M','limit':1}]}}}",
    "config.json: linux.resources.hugepageLimits[0].pageSize: invalid page size \"2M\" (expected a size like \"2MB\" "
    "or \"1GB\")" },
  /* seccomp */
  { "{" V ",'linux':{'seccomp':{}}}", "config.json: linux.seccomp.defaultAction: is required" },
  { "{" V ",'linux':{'seccomp':{'defaultAction':'SCMP_ACT_MAYBE'}}}",
    "config.json: linux.seccomp.defaultAction: unknown value \"SCMP_ACT_MAYBE\" (expected SCMP_ACT_KILL, "
    "SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, "
    "SCMP_ACT_LOG or SCMP_ACT_NOTIFY)" },
  { "{" V ",'linux':{'seccomp':{'defaultAction':'SCMP_ACT_ALLOW','architectures':['SCMP_ARCH_X86_65']}}}",
    "config.json: linux.seccomp.architectures[0]: unknown architecture \"SCMP_ARCH_X86_65\" (expected a name like "
    "SCMP_ARCH_X86_64)" },
  { "{" V ",'linux':{'seccomp':{'defaultAction':'SCMP_ACT_ALLOW','flags':['SECCOMP_FILTER_FLAG_FAST']}}}",
    "config.json: linux.seccomp.flags[0]: unknown value \"SECCOMP_FILTER_FLAG_FAST\" (expected "
    "SECCOMP_FILTER_FLAG_TSYNC, SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_SPEC_ALLOW or "
    "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)" },
  { "{" V ",'linux':{'seccomp':{'defaultAction':'SCMP_ACT_ALLOW','syscalls':[{'names':[],'action':'SCMP_ACT_ERRNO'}]}}}",
    "config.json: linux.seccomp.syscalls[0].names: must not be empty" },
  { "{" V ",'linux':{'seccomp':{'defaultAction':'SCMP_ACT_ALLOW','syscalls':[{'names':['mkdir']}]}}}",
    "config.json: linux.seccomp.syscalls[0].action: is required" },
  { "{" V ",'linux':{'seccomp':{'defaultAction':'SCMP_ACT_ALLOW','syscalls':[{'names':['mkdir'],"
         "'action':'SCMP_ACT_ERRNO','args':[{'index':6,'value':1,'op':'SCMP_CMP_EQ'}]}]}}}",
    "config.json: linux.seccomp.syscalls[0].args[0].index: must be between 0 and 5, got 6" },
  { "{" V ",'linux':{'seccomp':{'defaultAction':'SCMP_ACT_ALLOW','syscalls':[{'names':['mkdir'],"
         "'action':'SCMP_ACT_ERRNO','args':[{'index':0,'value':1,'op':'SCMP_CMP_SAME'}]}]}}}",
    "config.json: linux.seccomp.syscalls[0].args[0].op: unknown value \"SCMP_CMP_SAME\" (expected SCMP_CMP_NE, "
    "SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_EQ, SCMP_CMP_GE, SCMP_CMP_GT or SCMP_CMP_MASKED_EQ)" },
  { "{" V ",'linux':{'seccomp':{'defaultAction':'SCMP_ACT_ALLOW','syscalls':[{'names':['mkdir'],'action':'SCMP_ACT_NOTIFY'}]}}}",
    "config.json: linux.seccomp: SCMP_ACT_NOTIFY is used but listenerPath is not set" },
  /* the rest of linux */
  { "{" V ",'linux':{'rootfsPropagation':'rshare'}}",
    "config.json: linux.rootfsPropagation: unknown value \"rshare\" (expected private, rprivate, shared, rshared, "
    "slave, rslave, unbindable or runbindable)" },
  { "{" V ",'linux':{'rootfsPropagation':'Shared'}}",
    "config.json: linux.rootfsPropagation: unknown value \"Shared\" (expected private, rprivate, shared, rshared, "
    "slave, rslave, unbindable or runbindable)" },
  { "{" V ",'linux':{'rootfsPropagation':1}}", "config.json: linux.rootfsPropagation: expected a string, got 1" },
  { "{" V ",'linux':{'maskedPaths':['/proc/kcore','proc/keys']}}",
    "config.json: linux.maskedPaths[1]: must be an absolute path, got \"proc/keys\"" },
  { "{" V ",'linux':{'sysctl':{'vm.swappiness':'1'}}}",
    "config.json: linux.sysctl[\"vm.swappiness\"]: not in a namespace of the container: setting it would change the host" },
  { "{" V ",'linux':{'sysctl':{'net.core.somaxconn':'1'}}}",
    "config.json: linux.sysctl[\"net.core.somaxconn\"]: needs its own network namespace in linux.namespaces (else it would change the host's)" },
  { "{" V ",'linux':{'namespaces':[{'type':'network'}],'sysctl':{'kernel.shmmax':'1'}}}",
    "config.json: linux.sysctl[\"kernel.shmmax\"]: needs its own ipc namespace in linux.namespaces (else it would change the host's)" },
  { "{" V ",'linux':{'sysctl':{'net.ipv4.ip_forward':1}}}",
    "config.json: linux.sysctl[\"net.ipv4.ip_forward\"]: expected a string, got 1" },
  { "{" V ",'linux':{'personality':{'domain':'LINUX64'}}}",
    "config.json: linux.personality.domain: unknown value \"LINUX64\" (expected LINUX or LINUX32)" },
  { "{" V ",'linux':{'intelRdt':{'memBwSchema':'L3:0=1'}}}",
    "config.json: linux.intelRdt.memBwSchema: must start with \"MB:\" and be one line, got \"L3:0=1\"" },
  { "{" V ",'linux':{'memoryPolicy':{'mode':'MPOL_FAST'}}}",
    "config.json: linux.memoryPolicy.mode: unknown value \"MPOL_FAST\" (expected MPOL_DEFAULT, MPOL_BIND, "
    "MPOL_INTERLEAVE, MPOL_WEIGHTED_INTERLEAVE, MPOL_PREFERRED, MPOL_PREFERRED_MANY or MPOL_LOCAL)" },
  { "{" V ",'linux':{'netDevices':{'eth0':{'name':'a/b'}}}}",
    "config.json: linux.netDevices.eth0.name: invalid interface name \"a/b\"" },
  /* duplicate keys: refused with the path of the second one, wherever it is */
  { "{" V "," R ",'ociVersion':'1.0.0'}", "config.json: ociVersion: duplicate key" },
  { "{" V ",'process':{'cwd':'/','args':['sh'],'env':[],'args':['true']}}", "config.json: process.args: duplicate key" },
  { "{" V ",'linux':{'resources':{'memory':{'limit':1,'swap':-1,'limit':2}}}}",
    "config.json: linux.resources.memory.limit: duplicate key" },
  { "{" V ",'mounts':[{'destination':'/a'},{'destination':'/proc','type':'proc','destination':'/b'}]}",
    "config.json: mounts[1].destination: duplicate key" },
  { "{" V ",'linux':{'seccomp':{'defaultAction':'SCMP_ACT_ALLOW','syscalls':[{'names':['mkdir'],"
         "'action':'SCMP_ACT_ERRNO','action':'SCMP_ACT_ALLOW'}]}}}",
    "config.json: linux.seccomp.syscalls[0].action: duplicate key" },
  { "{" V ",'annotations':{'io.x':'1','io.x':'2'}}", "config.json: annotations[\"io.x\"]: duplicate key" },
  /* even where the member is one husk ignores */
  { "{" V ",'windows':{'a':1,'a':1}}", "config.json: windows.a: duplicate key" },
  { "{" V ",'process':{'cwd':'/','args':['sh\\u0000']}}", "config.json: process.args[0]: must not contain a NUL character" },
  { "{" V ",'process':{'cwd':'/','args\\u0000':['sh']}}",
    "config.json: process[\"args\\x00\"]: a key must not contain a NUL character" },
  /* syntax */
  { "{\n  'ociVersion': '1.0.0',\n  }", "config.json: line 3, column 3: invalid JSON: invalid object key (must be a string)" },
  { "{'ociVersion': '1.0.0'", "config.json: line 1, column 23: invalid JSON: premature EOF" },
  { "", "config.json: line 1, column 1: invalid JSON: empty document" },
};

static void
test_bad_corpus (void)
{
  for (size_t i = 0; i < LC_ARRAY_SIZE (bad); i++)
    {
      cleanup_free char *got = load_error (bad[i].json);
      tap_is (got, bad[i].msg, "bad config %zu: %.60s", i, bad[i].msg + 13);
    }
}

/* Every value runc takes for linux.rootfsPropagation, "" and absent
   included (both the default). */
static void
test_propagation_values (void)
{
  static const struct
  {
    const char *value;
    enum lc_propagation want;
  } cases[] = {
    { "'private'", LC_PROPAGATION_PRIVATE },       { "'rprivate'", LC_PROPAGATION_RPRIVATE },
    { "'shared'", LC_PROPAGATION_SHARED },         { "'rshared'", LC_PROPAGATION_RSHARED },
    { "'slave'", LC_PROPAGATION_SLAVE },           { "'rslave'", LC_PROPAGATION_RSLAVE },
    { "'unbindable'", LC_PROPAGATION_UNBINDABLE }, { "'runbindable'", LC_PROPAGATION_RUNBINDABLE },
    { "''", LC_PROPAGATION_DEFAULT },              { "null", LC_PROPAGATION_DEFAULT },
  };
  for (size_t i = 0; i < LC_ARRAY_SIZE (cases); i++)
    {
      cleanup_free char *json = xasprintf ("{" V ",'linux':{'rootfsPropagation':%s}}", cases[i].value);
      cleanup_free char *doc = dq (json);
      lc_spec *s = NULL;
      lc_error *err = NULL;
      int r = lc_spec_parse (doc, strlen (doc), "config.json", &s, &err);
      tap_ok (r == 0 && s->linux_cfg && s->linux_cfg->rootfs_propagation == cases[i].want,
              "rootfsPropagation %s (%s)", cases[i].value, err ? err->msg : "ok");
      lc_spec_free (s);
      lc_error_free (err);
    }
}

static void
test_good_values (void)
{
  const char *json
      = "{" V ",'root':{'path':'rootfs','readonly':true},'hostname':'h',"
        "'process':{'terminal':true,'consoleSize':{'height':24,'width':80},'cwd':'/w','args':['sh','-c','x'],"
        "'env':['A=1','B=='],'user':{'uid':1000,'gid':100,'umask':18,'additionalGids':[5,4294967295]},"
        "'capabilities':{'bounding':['CAP_KILL','CAP_SYS_ADMIN'],'ambient':[]},"
        "'rlimits':[{'type':'RLIMIT_NOFILE','soft':1024,'hard':18446744073709551615}],'oomScoreAdj':-1000,"
        "'scheduler':{'policy':'SCHED_BATCH','nice':5,'flags':['SCHED_FLAG_RECLAIM']},"
        "'ioPriority':{'class':'IOPRIO_CLASS_IDLE','priority':7},'unknownField':{'ignored':[1,2]}},"
        "'mounts':[{'destination':'/proc','type':'proc','source':'proc','options':['nosuid','ro']}],"
        "'hooks':{'poststop':[{'path':'/bin/x','args':['x','y'],'timeout':3}]},"
        "'annotations':{'z':'1','a':'2'},"
        "'linux':{'namespaces':[{'type':'uts'},{'type':'user'},{'type':'network','path':'/run/netns/n'},"
        "{'type':'time'}],'uidMappings':[{'containerID':0,'hostID':100000,'size':65536}],"
        "'gidMappings':[{'containerID':0,'hostID':100000,'size':65536}],"
        "'timeOffsets':{'boottime':{'secs':-5,'nanosecs':7}},"
        "'resources':{'memory':{'limit':-1,'swap':-1},'cpu':{'quota':-1,'cpus':'0-1,3'},'pids':{'limit':-1},"
        "'hugepageLimits':[{'pageSize':'1GB','limit':18446744073709551615}],'unified':{'io.weight':'100'},"
        "'rdma':{'mlx5_1':{'hcaHandles':3}}},"
        "'seccomp':{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':1,'architectures':['SCMP_ARCH_X86_64'],"
        "'flags':['SECCOMP_FILTER_FLAG_LOG'],'syscalls':[{'names':['read','write'],'action':'SCMP_ACT_ALLOW',"
        "'args':[{'index':0,'value':18446744073709551615,'valueTwo':2,'op':'SCMP_CMP_MASKED_EQ'}]}]},"
        "'rootfsPropagation':'shared','cgroupsPath':'/a/b','sysctl':{'net.core.somaxconn':'256'},"
        "'maskedPaths':['/proc/kcore'],'readonlyPaths':['/proc/sys']},"
        "'windows':{'whatever':true}}";
  cleanup_free char *doc = dq (json);
  lc_spec *s = NULL;
  lc_error *err = NULL;
  int r = lc_spec_parse (doc, strlen (doc), "config.json", &s, &err);
  if (!tap_ok (r == 0, "config with every kind of field loads (%s)", err ? err->msg : "ok"))
    {
      lc_error_free (err);
      return;
    }
  lc_spec_process *p = s->process;
  tap_ok (s->root && s->root->readonly && strcmp (s->root->path, "rootfs") == 0, "root");
  tap_ok (p->terminal && p->has_console_size && p->console_width == 80, "terminal and console size");
  tap_ok (p->n_args == 3 && strcmp (p->args[2], "x") == 0 && p->n_env == 2 && strcmp (p->env[1], "B==") == 0,
          "args and env");
  tap_ok (p->user.uid == 1000 && p->user.has_umask && p->user.umask == 18 && p->user.n_additional_gids == 2
              && p->user.additional_gids[1] == UINT32_MAX,
          "user");
  tap_ok (p->capabilities && p->capabilities->bounding == ((1ULL << 5) | (1ULL << 21))
              && p->capabilities->has_ambient && p->capabilities->ambient == 0 && !p->capabilities->has_effective,
          "capabilities as bitmasks, absent set told from empty set");
  tap_ok (p->n_rlimits == 1 && p->rlimits[0].resource == RLIMIT_NOFILE && p->rlimits[0].hard == UINT64_MAX, "rlimits");
  tap_ok (p->has_oom_score_adj && p->oom_score_adj == -1000, "oomScoreAdj");
  tap_ok (p->scheduler && p->scheduler->policy == LC_SCHED_BATCH && p->scheduler->nice == 5
              && p->scheduler->flags == 2,
          "scheduler");
  tap_ok (p->io_priority && p->io_priority->class == LC_IOPRIO_CLASS_IDLE && p->io_priority->priority == 7,
          "ioPriority");
  tap_ok (s->n_mounts == 1 && s->mounts[0].n_options == 2 && strcmp (s->mounts[0].type, "proc") == 0, "mounts");
  tap_ok (s->n_hooks[LC_HOOK_POSTSTOP] == 1 && s->hooks[LC_HOOK_POSTSTOP][0].timeout == 3
              && s->n_hooks[LC_HOOK_PRESTART] == 0,
          "hooks");
  tap_ok (s->annotations.len == 2 && strcmp (s->annotations.keys[0], "z") == 0, "annotations keep document order");
  lc_spec_linux *l = s->linux_cfg;
  tap_ok (l && l->n_namespaces == 4 && l->namespaces[1].type == LC_NS_USER && l->namespaces[2].path
              && strcmp (l->namespaces[2].path, "/run/netns/n") == 0,
          "namespaces");
  tap_ok (l->n_uid_mappings == 1 && l->uid_mappings[0].host_id == 100000 && l->uid_mappings[0].size == 65536,
          "uid mappings");
  tap_ok (l->time_boottime.set && l->time_boottime.secs == -5 && !l->time_monotonic.set, "time offsets");
  lc_spec_resources *rs = l->resources;
  tap_ok (rs && rs->memory && rs->memory->has_limit && rs->memory->limit == -1 && !rs->memory->has_reservation,
          "memory -1 is unlimited, absent stays absent");
  tap_ok (rs->cpu && rs->cpu->has_quota && rs->cpu->quota == -1 && strcmp (rs->cpu->cpus, "0-1,3") == 0, "cpu");
  tap_ok (rs->pids && rs->pids->limit == -1, "pids");
  tap_ok (rs->n_hugepage_limits == 1 && rs->hugepage_limits[0].limit == UINT64_MAX, "hugepage limits");
  tap_ok (rs->unified.len == 1 && strcmp (rs->unified.values[0], "100") == 0, "unified");
  tap_ok (rs->n_rdma == 1 && rs->rdma[0].has_hca_handles && !rs->rdma[0].has_hca_objects, "rdma");
  lc_spec_seccomp *sc = l->seccomp;
  tap_ok (sc && sc->default_action == LC_SCMP_ACT_ERRNO && sc->has_default_errno_ret && sc->default_errno_ret == 1
              && sc->flags == LC_SECCOMP_FLAG_LOG,
          "seccomp defaults");
  tap_ok (sc->n_syscalls == 1 && sc->syscalls[0].n_args == 1 && sc->syscalls[0].args[0].value == UINT64_MAX
              && sc->syscalls[0].args[0].op == LC_SCMP_CMP_MASKED_EQ,
          "seccomp syscall args");
  tap_ok (l->rootfs_propagation == LC_PROPAGATION_SHARED && strcmp (l->cgroups_path, "/a/b") == 0,
          "propagation and cgroupsPath");
  lc_spec_free (s);
}

static void
test_schema_examples (void)
{
  const char *dir = getenv ("OCI_SPEC_DIR");
  cleanup_free char *good = xasprintf ("%s/schema/test/config/good", dir ? dir : "/nonexistent");
  cleanup_free char *badd = xasprintf ("%s/schema/test/config/bad", dir ? dir : "/nonexistent");
  DIR *d = opendir (good);
  if (d == NULL)
    {
      tap_skip ("runtime-spec schema tests not found at %s (set OCI_SPEC_DIR)", good);
      return;
    }
  struct dirent *e;
  int n = 0;
  while ((e = readdir (d)) != NULL)
    {
      if (e->d_name[0] == '.')
        continue;
      cleanup_free char *path = xasprintf ("%s/%s", good, e->d_name);
      lc_spec *s = NULL;
      lc_error *err = NULL;
      int r = lc_spec_load_file (path, &s, &err);
      tap_ok (r == 0, "spec's good example %s loads%s%s", e->d_name, err ? ": " : "", err ? err->msg : "");
      lc_spec_free (s);
      lc_error_free (err);
      n++;
    }
  closedir (d);
  tap_ok (n >= 5, "found the spec's good examples (%d)", n);
  /* Each of the spec's bad examples, with the message we give for it. */
  static const struct
  {
    const char *file, *msg;
  } want[] = {
    { "invalid-json.json", "invalid-json.json: line 1, column 2: invalid JSON: invalid object key (must be a string)" },
    { "linux-hugepage.json", "linux-hugepage.json: linux.resources.hugepageLimits[0].pageSize: invalid page size "
                             "\"64kB\" (expected a size like \"2MB\" or \"1GB\")" },
    { "linux-netdevice.json", "linux-netdevice.json: linux.netDevices.eth0.name: expected a string, got 23" },
    { "linux-rdma.json", "linux-rdma.json: linux.resources.rdma.mlx5_1.hcaHandles: expected an integer, got \"not a "
                         "uint32\"" },
  };
  for (size_t i = 0; i < LC_ARRAY_SIZE (want); i++)
    {
      cleanup_free char *path = xasprintf ("%s/%s", badd, want[i].file);
      lc_spec *s = NULL;
      lc_error *err = NULL;
      lc_spec_load_file (path, &s, &err);
      tap_is (err ? err->msg : "(loaded)", want[i].msg, "spec's bad example %s", want[i].file);
      lc_spec_free (s);
      lc_error_free (err);
    }
}

static void
test_bounds (void)
{
  /* A file over the size limit is refused before parsing. */
  char tmpl[] = "/tmp/husk-spec-XXXXXX";
  int fd = mkstemp (tmpl);
  if (ftruncate (fd, LC_SPEC_MAX_FILE + 1) < 0)
    tap_diag ("ftruncate failed");
  close (fd);
  lc_spec *s = NULL;
  lc_error *err = NULL;
  lc_spec_load_file (tmpl, &s, &err);
  const char *base = strrchr (tmpl, '/') + 1;
  cleanup_free char *want = xasprintf ("%s: file is larger than 16 MiB", base);
  tap_is (err ? err->msg : "(loaded)", want, "oversized file");
  lc_error_clear (&err);
  unlink (tmpl);

  size_t depth = 200;
  char *deep = xmalloc (depth * 6 + 64);
  size_t n = (size_t) sprintf (deep, "{\"ociVersion\":\"1.0.0\",\"annotations\":");
  for (size_t i = 0; i < depth; i++)
    n += (size_t) sprintf (deep + n, "[");
  for (size_t i = 0; i < depth; i++)
    n += (size_t) sprintf (deep + n, "]");
  sprintf (deep + n, "}");
  lc_spec_parse (deep, strlen (deep), "config.json", &s, &err);
  tap_ok (err && strstr (err->msg, "config.json: annotations[0]") && strstr (err->msg, "nesting is too deep (limit 64)"),
          "deep nesting refused with its path (%s)", err ? err->msg : "loaded");
  lc_error_clear (&err);
  free (deep);

  size_t items = 100001;
  char *wide = xmalloc (items * 2 + 128);
  n = (size_t) sprintf (wide, "{\"ociVersion\":\"1.0.0\",\"process\":{\"cwd\":\"/\",\"args\":[");
  for (size_t i = 0; i < items; i++)
    n += (size_t) sprintf (wide + n, "%s0", i ? "," : "");
  sprintf (wide + n, "]}}");
  lc_spec_parse (wide, strlen (wide), "config.json", &s, &err);
  tap_is (err ? err->msg : "(loaded)", "config.json: process.args[100000]: array has too many elements (limit 100000)",
          "over-long array refused with its path");
  lc_error_clear (&err);
  free (wide);
}

static void
test_process_json (void)
{
  cleanup_free char *ok = dq ("{'cwd':'/','args':['ls'],'env':['A=b'],'user':{'uid':3,'gid':4}}");
  lc_spec_process *p = NULL;
  lc_error *err = NULL;
  tap_ok (lc_spec_parse_process (ok, strlen (ok), "process.json", &p, &err) == 0 && p->user.uid == 3,
          "process.json loads");
  lc_spec_process_free (p);
  p = NULL;
  cleanup_free char *badp = dq ("{'cwd':'/','args':[]}");
  lc_spec_parse_process (badp, strlen (badp), "process.json", &p, &err);
  tap_is (err ? err->msg : "(loaded)", "process.json: args: must not be empty", "process.json message has its path");
  lc_error_clear (&err);
  lc_spec_process_free (p);
  p = NULL;
  cleanup_free char *dupp = dq ("{'cwd':'/','args':['ls'],'user':{'uid':0,'gid':0,'uid':3}}");
  tap_ok (lc_spec_parse_process (dupp, strlen (dupp), "process.json", &p, &err) < 0, "process.json: duplicate key");
  tap_is (err ? err->msg : "(loaded)", "process.json: user.uid: duplicate key", "and its path");
  lc_error_clear (&err);
  lc_spec_process_free (p);
}

/* update --resources: the linux.resources object alone. */
static void
test_resources_json (void)
{
  cleanup_free char *ok = dq ("{'memory':{'limit':1048576},'pids':{'limit':10}}");
  lc_spec_resources *r = NULL;
  lc_error *err = NULL;
  tap_ok (lc_spec_parse_resources (ok, strlen (ok), "r.json", &r, &err) == 0 && r->memory && r->memory->limit == 1048576,
          "resources JSON loads");
  lc_spec_resources_free (r);
  r = NULL;
  cleanup_free char *dup = dq ("{'memory':{'limit':1},'cpu':{'shares':2},'memory':{'limit':2}}");
  tap_ok (lc_spec_parse_resources (dup, strlen (dup), "r.json", &r, &err) < 0, "resources JSON: duplicate key");
  tap_is (err ? err->msg : "(loaded)", "r.json: memory: duplicate key", "and its path");
  lc_error_clear (&err);
  cleanup_free char *dup2 = dq ("{'devices':[{'allow':true},{'allow':false,'access':'r','allow':true}]}");
  lc_spec_parse_resources (dup2, strlen (dup2), "r.json", &r, &err);
  tap_is (err ? err->msg : "(loaded)", "r.json: devices[1].allow: duplicate key", "in an array element");
  lc_error_clear (&err);
  lc_spec_resources_free (r);
}

static void
test_runnable (void)
{
  cleanup_free char *doc = dq ("{" V "," R "}");
  lc_spec *s = NULL;
  lc_error *err = NULL;
  lc_spec_parse (doc, strlen (doc), "config.json", &s, &err);
  tap_ok (s && lc_spec_check_runnable (s, &err) < 0, "a config without process loads but cannot run");
  tap_is (err ? err->msg : NULL, "config.json: process: is required to create a container", "runnable message");
  lc_error_clear (&err);
  lc_spec_free (s);
  cleanup_free char *doc2 = dq ("{" V "," R "," P "}");
  lc_spec_parse (doc2, strlen (doc2), "config.json", &s, &err);
  tap_ok (s && lc_spec_check_runnable (s, &err) == 0, "minimal runnable config");
  lc_spec_free (s);
}

static void
test_signals (void)
{
  int s = 0;
  tap_ok (lc_signal_parse ("KILL", &s) == 0 && s == SIGKILL, "KILL");
  tap_ok (lc_signal_parse ("SIGTERM", &s) == 0 && s == SIGTERM, "SIGTERM");
  tap_ok (lc_signal_parse ("10", &s) == 0 && s == 10, "10");
  tap_ok (lc_signal_parse ("RTMIN+2", &s) == 0 && s == SIGRTMIN + 2, "RTMIN+2");
  tap_ok (lc_signal_parse ("SIGRTMAX-1", &s) == 0 && s == SIGRTMAX - 1, "SIGRTMAX-1");
  tap_ok (lc_signal_parse ("kill", &s) == -EINVAL, "lower case is not a signal name");
  tap_ok (lc_signal_parse ("0", &s) == 0 && s == 0, "0: no signal, a liveness check");
  tap_ok (lc_signal_parse ("-1", &s) == -EINVAL && lc_signal_parse ("65", &s) == -EINVAL, "-1 and 65 refused");
  tap_ok (lc_signal_parse ("SIGFOO", &s) == -EINVAL, "unknown name");
  tap_is (lc_signal_name (SIGKILL), "SIGKILL", "name of 9");
}

int
main (void)
{
  test_bad_corpus ();
  test_good_values ();
  test_propagation_values ();
  test_schema_examples ();
  test_bounds ();
  test_process_json ();
  test_resources_json ();
  test_runnable ();
  test_signals ();
  return tap_done ();
}
