// What the jail(8) catalog in @jaillint/parser (parameters-data.ts) does not carry, for hovers and completion
// documentation: the documented default, what the parameter needs, whether it is fixed at creation, and notes
// (exact error texts, interactions). Taken from the reference catalog jail-params.json (fields `default`,
// `requires`, `create_only`, `notes`); parameter-docs.test.ts checks it against that file when it is present.

export interface JailParamExtra {
  readonly default?: string;
  readonly requires?: string;
  readonly createOnly?: boolean;
  readonly notes?: string;
}

export const JAIL_PARAM_EXTRAS: Readonly<Record<string, JailParamExtra>> = {
  jid: {
    default: "next free ID (kernel)",
    createOnly: true,
    notes:
      "jail.conf: a block whose name is a nonzero integer sets jid instead of name. jail(8) treats jid as immutable ('cannot redefine parameter \"jid\".'). Kernel: 'negative jid', 'jail N already exists'.",
  },
  name: {
    default: "the jid as a decimal string",
    notes:
      "Max MAXHOSTNAMELEN incl. parent prefix. '.' separates hierarchy levels. A name whose last part is all digits must equal the jid ('name cannot be numeric (unless it is the jid)'). jail(8) treats it as immutable: setting it inside a named block gives 'cannot redefine parameter \"name\".'",
  },
  path: {
    default: "/ of the creating process (kernel)",
    createOnly: true,
    notes: "jail(8) errors: 'path P: not an absolute pathname', 'path P: <errno>'. Kernel: 'path cannot be changed after creation'.",
  },
  "ip4.addr": {
    requires: "INET kernel",
    notes:
      "jail(8) extension per item: 'IFACE|ADDR/MASK ifconfig-params' (alias added to IFACE, or to 'interface'); only ADDR reaches the kernel. Setting it implies ip4=new. Max security.jail.jail_max_af_ips (default 255). Not allowed on vnet jails ('vnet jails cannot have IP address restrictions'). libjail: 'ip4.addr: not an IPv4 address: X'.",
  },
  "ip4.saddrsel": {
    default: "true",
    requires: "INET kernel",
    notes: "Written as ip4.nosaddrsel to disable; not inherited by child jails.",
  },
  ip4: {
    requires: "INET kernel",
    createOnly: true,
    notes:
      "Kernel: 'ip4 cannot be changed after creation'. If neither ip4 nor ip4.addr is set, kern_jail.c gives a new non-vnet jail an empty address restriction (no IPv4); how this is reported back was not checked.",
  },
  "ip6.addr": {
    requires: "INET6 kernel",
    notes: "jail(8) extension: 'IFACE|ADDR/PREFIX params'. Implies ip6=new. Not allowed on vnet jails.",
  },
  "ip6.saddrsel": { default: "true", requires: "INET6 kernel" },
  ip6: { requires: "INET6 kernel", createOnly: true, notes: "Kernel: 'ip6 cannot be changed after creation'." },
  vnet: {
    default: "inherit (kern_jail.c: a new jail uses the parent's vnet unless vnet=new)",
    requires: "kernel option VIMAGE",
    createOnly: true,
    notes:
      "'disable' is rejected (EINVAL). A bare 'vnet;' means new. Kernel: 'vnet cannot be changed after creation', 'vnet jails cannot have IP address restrictions'.",
  },
  "host.hostname": { notes: "Setting any host.* implies host=new. Max MAXHOSTNAMELEN." },
  "host.domainname": { notes: "Implies host=new." },
  "host.hostuuid": { notes: "Implies host=new. Max HOSTUUIDLEN." },
  "host.hostid": { notes: "Implies host=new." },
  host: { notes: "'disable' is rejected. kern_jail.c sets PR_HOST (new) on newly created jails; jail.8 states no default." },
  securelevel: { default: "parent's securelevel (kernel)", notes: "Lower than parent: EPERM." },
  devfs_ruleset: {
    default: "0 (jail.8); kern_jail.c copies the parent's value into new jails",
    notes:
      "Range 0..65535 (EINVAL otherwise). Nested jails always get the parent's ruleset; a different non-zero value gives EPERM. mount.devfs uses 4 if this is unset.",
  },
  "children.max": { default: "0", notes: "Must be below the parent's limit (EPERM). Kernel: 'prison limit exceeded'." },
  enforce_statfs: { default: "2", notes: "Outside 0..2: EINVAL. Lower than the parent's: EPERM. allow.mount* takes effect only when < 2." },
  persist: {
    default: "false",
    notes:
      "Written as nopersist to turn it off. A new jail needs persist, exec.start or command (kernel: 'new jail must persist or attach'). jail(8) sets persist temporarily while exec.start/command/exec.poststart run.",
  },
  "mac.label": {
    requires: "kernel option MAC",
    notes:
      "Kernel type 'S,mac' (struct), converted by libjail with mac_from_text. Only in the newest jail.8/kern_jail.c copies read (5BSD 2025); a 'jail' entry in mac.conf(5) may be needed to read it back. First release not confirmed.",
  },
  osrelease: {
    default: "parent's value (kernel)",
    createOnly: true,
    notes: "Kernel: 'osrelease cannot be changed after creation', 'osrelease string must be 1-N bytes long' (N = OSRELEASELEN-1).",
  },
  osreldate: {
    default: "parent's value (kernel)",
    createOnly: true,
    notes: "Kernel: 'osreldate cannot be changed after creation', 'osreldate cannot be 0'.",
  },
  meta: {
    notes:
      "Key/value form (libjail JP_KEYVALUE, sysctl type 'A,keyvalue'): 'meta.k=v' sets, 'meta.k=' empties, bare 'meta.k' removes a key. Max size security.jail.meta_maxbufsize (default 4096); allowed characters security.jail.meta_allowedchars. In main Q1 2025 (FreeBSD status report).",
  },
  env: { notes: "Same key/value rules and size limit as meta, but visible inside the jail, so do not store secrets in it." },
  "allow.set_hostname": { default: "true" },
  "allow.sysvipc": { default: "false" },
  "allow.raw_sockets": { default: "false" },
  "allow.chflags": { default: "false" },
  "allow.mount": { default: "false", notes: "Takes effect only when enforce_statfs < 2." },
  "allow.quotas": { default: "false" },
  "allow.socket_af": { default: "false" },
  "allow.mlock": { default: "false" },
  "allow.reserved_ports": { default: "true" },
  "allow.read_msgbuf": { default: "false" },
  "allow.unprivileged_proc_debug": { default: "true per kern_jail.c JAIL_DEFAULT_ALLOW (the jail.8 allow.* intro implies false)" },
  "allow.unprivileged_parent_tampering": {
    default: "false",
    notes: "Newest jail.8 and kern_jail.c (also in HardenedBSD main); first release not confirmed.",
  },
  "allow.suser": { default: "true" },
  "allow.nfsd": {
    default: "false",
    requires: "kernel option VIMAGE",
    notes:
      "Jail root must be a mount point; enforce_statfs must not be 0 (1 to export filesystems mounted below the root). nfsd.ko must be loaded on the host.",
  },
  "allow.extattr": { default: "false" },
  "allow.adjtime": { default: "false" },
  "allow.settime": { default: "false" },
  "allow.routing": {
    default: "false",
    notes: "Newest jail.8 and kern_jail.c (also in HardenedBSD main); not in the 2024-era jail.8 read. First release not confirmed.",
  },
  "allow.setaudit": {
    default: "false",
    requires: "kernel option AUDIT",
    notes: "jail.8: can change or disable audit session state; configure with care. First release not confirmed.",
  },
  "allow.mount.devfs": {
    default: "false",
    requires: "devfs filesystem present in the kernel",
    notes:
      "Only together with allow.mount and enforce_statfs < 2. Registered by the filesystem (prison_add_vfs); libjail tries to kldload the filesystem module if the parameter is unknown. The devfs ruleset should be restricted with devfs_ruleset (jail.8).",
  },
  "allow.mount.fdescfs": {
    default: "false",
    requires: "fdescfs filesystem present in the kernel",
    notes:
      "Only together with allow.mount and enforce_statfs < 2. Registered by the filesystem (prison_add_vfs); libjail tries to kldload the filesystem module if the parameter is unknown.",
  },
  "allow.mount.fusefs": {
    default: "false",
    requires: "fusefs filesystem present in the kernel",
    notes:
      "Only together with allow.mount and enforce_statfs < 2. Registered by the filesystem (prison_add_vfs); libjail tries to kldload the filesystem module if the parameter is unknown.",
  },
  "allow.mount.nullfs": {
    default: "false",
    requires: "nullfs filesystem present in the kernel",
    notes:
      "Only together with allow.mount and enforce_statfs < 2. Registered by the filesystem (prison_add_vfs); libjail tries to kldload the filesystem module if the parameter is unknown.",
  },
  "allow.mount.procfs": {
    default: "false",
    requires: "procfs filesystem present in the kernel",
    notes:
      "Only together with allow.mount and enforce_statfs < 2. Registered by the filesystem (prison_add_vfs); libjail tries to kldload the filesystem module if the parameter is unknown.",
  },
  "allow.mount.linprocfs": {
    default: "false",
    requires: "linprocfs filesystem present in the kernel",
    notes:
      "Only together with allow.mount and enforce_statfs < 2. Registered by the filesystem (prison_add_vfs); libjail tries to kldload the filesystem module if the parameter is unknown.",
  },
  "allow.mount.linsysfs": {
    default: "false",
    requires: "linsysfs filesystem present in the kernel",
    notes:
      "Only together with allow.mount and enforce_statfs < 2. Registered by the filesystem (prison_add_vfs); libjail tries to kldload the filesystem module if the parameter is unknown.",
  },
  "allow.mount.tmpfs": {
    default: "false",
    requires: "tmpfs filesystem present in the kernel",
    notes:
      "Only together with allow.mount and enforce_statfs < 2. Registered by the filesystem (prison_add_vfs); libjail tries to kldload the filesystem module if the parameter is unknown.",
  },
  "allow.mount.zfs": {
    default: "false",
    requires: "zfs filesystem present in the kernel",
    notes:
      "Only together with allow.mount and enforce_statfs < 2. Registered by the filesystem (prison_add_vfs); libjail tries to kldload the filesystem module if the parameter is unknown. See zfs-jail(8). Also needed by zfs.dataset and to mount snapshots with zfs.mount_snapshot.",
  },
  "allow.vmm": { default: "false", requires: "vmm.ko loaded" },
  "allow.vmm_ppt": {
    default: "false",
    requires: "vmm.ko loaded",
    notes:
      "jail.8: must not be set for untrusted jails. Only in the newest jail.8 copy (5BSD, Dec 2025); upstream review D55066 (PR 292750) adds it, after 15.0. First release not confirmed.",
  },
  linux: {
    requires: "linux.ko (libjail kldloads it on demand)",
    notes: "jail.8 documents inherit/new; the kernel node is a jailsys node, so disable is accepted syntactically.",
  },
  "linux.osname": { requires: "linux.ko", notes: "Setting it implies linux=new." },
  "linux.osrelease": { requires: "linux.ko", notes: "Setting it implies linux=new." },
  "linux.oss_version": { requires: "linux.ko" },
  sysvmsg: {
    default:
      "none set; allow.sysvipc maps to inherit, allow.nosysvipc to disable (read in sysv_msg.c; sysv_sem.c/sysv_shm.c assumed to match); effectively disabled otherwise (inferred)",
    requires: "sysvmsg support (libjail kldloads sysvmsg.ko on demand)",
    notes: "new or inherit needs the parent to have it (EPERM otherwise).",
  },
  sysvsem: {
    default:
      "none set; allow.sysvipc maps to inherit, allow.nosysvipc to disable (read in sysv_msg.c; sysv_sem.c/sysv_shm.c assumed to match); effectively disabled otherwise (inferred)",
    requires: "sysvsem support (libjail kldloads sysvsem.ko on demand)",
    notes: "new or inherit needs the parent to have it (EPERM otherwise).",
  },
  sysvshm: {
    default:
      "none set; allow.sysvipc maps to inherit, allow.nosysvipc to disable (read in sysv_msg.c; sysv_sem.c/sysv_shm.c assumed to match); effectively disabled otherwise (inferred)",
    requires: "sysvshm support (libjail kldloads sysvshm.ko on demand)",
    notes: "new or inherit needs the parent to have it (EPERM otherwise).",
  },
  zfs: { requires: "ZFS loaded", notes: "Not documented in jail.8; only its sub-parameter zfs.mount_snapshot is." },
  "zfs.mount_snapshot": { default: "0", requires: "ZFS loaded" },
  "exec.prepare": { notes: "Runs on the host. In main by 2024 (ihoro/freebsd-src jail.8); first release not confirmed." },
  "exec.prestart": { notes: "Runs on the host." },
  "exec.created": { notes: "Runs on the host. Not in the 2018-era jail.8." },
  "exec.start": { notes: "Runs in the jail as exec.jail_user. Output goes to exec.consolelog if set." },
  "exec.poststart": { notes: "Runs on the host." },
  "exec.prestop": { notes: "Runs on the host." },
  "exec.poststop": { notes: "Runs on the host." },
  "exec.release": { notes: "Runs on the host. In main by 2024; first release not confirmed." },
  "exec.clean": { default: "false" },
  "exec.jail_user": { default: "the invoking user" },
  "exec.system_jail_user": { default: "false" },
  "exec.system_user": { default: "the invoking user" },
  "exec.timeout": { default: "none (0 = no timeout)" },
  "exec.consolelog": { notes: "command.c applies it only to in-jail commands (exec.start, command, exec.stop). Must be an absolute path." },
  "stop.timeout": { default: "10" },
  interface: { requires: "INET or INET6" },
  "vnet.interface": { notes: "Needs vnet=new." },
  "zfs.dataset": {
    requires: "allow.mount.zfs",
    notes: "Listed in the FreeBSD 15.0 RELNOTES (commit e0dfe185cbca); MFC to 14.x not checked.",
  },
  ip_hostname: { default: "false", requires: "INET or INET6", notes: "Resolver failure: 'host.hostname NAME: <gai error>'." },
  mount: {
    notes: "Fewer than 3 fields: 'mount: LINE: missing information'. Mount point must be absolute without symlinks inside the jail.",
  },
  "mount.fstab": { notes: "Unreadable file: 'mount.fstab: FILE: <errno>'." },
  "mount.devfs": { default: "false", notes: "Needs path ('mount.devfs: no path')." },
  "mount.fdescfs": { default: "false" },
  "mount.procfs": { default: "false" },
  depend: {
    notes: "Errors: 'depends on undefined jail \"X\"', 'dependency loop'. A jail a.b also depends implicitly on a when both are defined.",
  },
};
