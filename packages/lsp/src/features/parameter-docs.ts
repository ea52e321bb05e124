import { type FreeBsdVersion, type JailParamInfo, lookupJailParam, paramAvailableIn } from "@jaillint/parser";
import { code } from "./context.js";
import { JAIL_PARAM_EXTRAS } from "./parameter-extras.js";

/** One value a parameter takes, with what it means: for value completion and for hovers on a value. */
export interface ParamValueDoc {
  readonly value: string;
  readonly doc: string;
}

/** security(7) "Secure levels"; jail.8: a jail never has a lower securelevel than its parent. */
const SECURELEVELS: readonly ParamValueDoc[] = [
  { value: "-1", doc: "Permanently insecure: the kernel default. The jail still runs at its parent's level when that is higher." },
  { value: "0", doc: "Insecure mode: immutable and append-only flags may be turned off." },
  {
    value: "1",
    doc: "Secure mode: system immutable and append-only flags cannot be turned off; disks of mounted file systems, /dev/mem and /dev/kmem cannot be opened for writing; kernel modules cannot be loaded or unloaded.",
  },
  {
    value: "2",
    doc: "Highly secure mode: as 1, and no disk can be opened for writing (except by mount(2)), mounted or not; time changes are clamped to one second.",
  },
  { value: "3", doc: "Network secure mode: as 2, and packet filter rules (pf, ipfw) and dummynet cannot be changed." },
];

/** jail.8 enforce_statfs. */
const ENFORCE_STATFS: readonly ParamValueDoc[] = [
  { value: "0", doc: "Every mount point of the host is visible in the jail." },
  { value: "1", doc: "Only mount points below the jail's root are visible (with the root's path stripped)." },
  { value: "2", doc: "Only the mount point the jail's root is on is visible (the default, and the strictest)." },
];

/** The rulesets /etc/defaults/devfs.rules defines. */
const DEVFS_RULESETS: readonly ParamValueDoc[] = [
  { value: "0", doc: "No ruleset: the jail's devfs shows every device of the host. Disk devices let jail root escape the jail." },
  { value: "1", doc: "devfsrules_hide_all: hide every node." },
  { value: "2", doc: "devfsrules_unhide_basic: only basic nodes (null, zero, random, …)." },
  { value: "3", doc: "devfsrules_unhide_login: basic nodes and terminals (pts, ttyp)." },
  { value: "4", doc: "devfsrules_jail: the ruleset for jails (what mount.devfs uses when devfs_ruleset is unset)." },
  { value: "5", doc: "devfsrules_jail_vnet: devfsrules_jail plus pf(4) for vnet jails." },
];

const JAILSYS: Readonly<Record<string, string>> = {
  new: "The jail gets its own (restricted by the parameters that go with it).",
  inherit: "The jail shares the parent's.",
  disable: "The jail gets none.",
};

const BOOLEAN: readonly ParamValueDoc[] = [
  { value: "true", doc: "On (the same as writing the parameter bare)." },
  { value: "false", doc: "Off (the same as writing it with the `no` prefix)." },
];

/** Values a parameter takes, known in advance; empty when any string (or number) goes. */
export function paramValues(canonical: string, info: JailParamInfo): readonly ParamValueDoc[] {
  if (canonical === "securelevel") return SECURELEVELS;
  if (canonical === "enforce_statfs") return ENFORCE_STATFS;
  if (canonical === "devfs_ruleset") return DEVFS_RULESETS;
  if (info.type === "jailsys") return (info.values ?? []).map((v) => ({ value: String(v), doc: JAILSYS[String(v)] ?? "" }));
  if (info.type === "bool") return BOOLEAN;
  if (info.values) return info.values.map((v) => ({ value: String(v), doc: "" }));
  return [];
}

/** What replaces a deprecated parameter, in words a hover shows. */
const REPLACED_BY: Readonly<Record<string, string>> = {
  "allow.sysvipc":
    "`sysvmsg`, `sysvsem` and `sysvshm`: `new` gives the jail a System V IPC namespace of its own, `inherit` is what allow.sysvipc did (every IPC object of the host is visible).",
  "allow.dying": "nothing: remove it (jail(8) ignores it).",
};

const TYPE_WORDS: Readonly<Record<JailParamInfo["type"], string>> = {
  int: "integer",
  bool: "boolean",
  string: "string",
  ip4list: "list of IPv4 addresses",
  ip6list: "list of IPv6 addresses",
  list: "list",
  jailsys: "new / inherit / disable",
};

/** One line saying what a parameter is: its type and who reads it. */
export function paramDetail(info: JailParamInfo): string {
  const who = info.kernel ? "kernel parameter" : "jail(8) parameter";
  return `${TYPE_WORDS[info.type]} · ${who}`;
}

/**
 * The documentation of a parameter name as written (`allow.nomount` is allow.mount, negated), in Markdown, or
 * undefined for a name the catalog does not know.
 */
export function paramMarkdown(name: string, version: FreeBsdVersion): string | undefined {
  const found = lookupJailParam(name);
  if (!found) return undefined;
  const { info, canonical, negated } = found;
  const extra = JAIL_PARAM_EXTRAS[info.name] ?? JAIL_PARAM_EXTRAS[canonical];
  const lines: string[] = [];
  lines.push(`**${canonical}** · ${paramDetail(info)}${negated ? ` · written ${code(name)}: sets it to false` : ""}`);
  lines.push("", info.summary);
  if (info.deprecated) {
    lines.push("", `**Deprecated.** ${info.deprecated}`);
    const instead = REPLACED_BY[canonical];
    if (instead) lines.push("", `Use instead: ${instead}`);
  }
  if (info.readonly) lines.push("", "Read-only: jail.conf cannot set it.");
  const facts: string[] = [];
  if (extra?.default) facts.push(`Default: ${extra.default}`);
  if (extra?.createOnly) facts.push("Set at creation only: a running jail keeps its value.");
  if (extra?.requires) facts.push(`Needs: ${extra.requires}`);
  if (info.since !== undefined)
    facts.push(`Since FreeBSD ${info.since}.0${paramAvailableIn(info, version) ? "" : ` (not in FreeBSD ${version})`}`);
  if (facts.length > 0) lines.push("", facts.map((f) => `- ${f}`).join("\n"));
  if (extra?.notes) lines.push("", extra.notes);
  return lines.join("\n");
}
