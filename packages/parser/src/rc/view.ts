import { clipToCodePoint } from "../common/code-points.js";
import type { TextRange } from "../common/text-range.js";
import type { RcAssignment, RcConfFile, RcStatement, RcValuePiece } from "./ast.js";
import { type PfCommandLineMacro, pfFlagsMacros } from "./pf-flags.js";

/** Where a value comes from: a file (as the caller named it) and a range in that file. */
export interface RcProvenance {
  readonly file: string;
  readonly range: TextRange;
}

/** A `$name` the view could not expand: set nowhere in the files given (it may come from /etc/defaults/rc.conf). */
export interface RcUnresolvedReference {
  readonly name: string;
  readonly file: string;
  readonly range: TextRange;
}

/** An assignment a later one replaced. */
export interface RcOverriddenAssignment {
  readonly file: string;
  readonly assignment: RcAssignment;
  readonly value: string;
}

/** The effective value of one rc.conf variable after every file is applied in order. */
export interface RcVariable {
  readonly name: string;
  /** The value with references expanded from earlier assignments; unresolved ones expand to "". */
  readonly value: string;
  readonly file: string;
  readonly assignment: RcAssignment;
  /** Earlier assignments this one replaced, oldest first. */
  readonly overridden: readonly RcOverriddenAssignment[];
  readonly unresolved: readonly RcUnresolvedReference[];
}

/** A variable assigned only inside an opaque construct (an `if`, a function): the view does not apply it. */
export interface RcOpaqueAssignment {
  readonly name: string;
  readonly file: string;
  readonly range: TextRange;
}

/** rc.subr's checkyesno: YES/TRUE/ON/1 is yes, NO/FALSE/OFF/0 is no, anything else warns and counts as no. */
export interface RcYesNo {
  readonly name: string;
  readonly enabled: boolean;
  readonly state: "yes" | "no" | "unset" | "invalid";
  readonly value: string | undefined;
  readonly source: RcProvenance | undefined;
}

/** One word of a list variable (`jail_list`, `cloned_interfaces`). */
export interface RcWord {
  readonly text: string;
  readonly source: RcProvenance;
}

export interface RcClonedInterface {
  /** The name the interface is configured under (`epair0a` for `epair0`). */
  readonly name: string;
  /** What `cloned_interfaces` lists (`epair0`). */
  readonly createdAs: string;
  /** The cloner, which is also the interface group the kernel puts it in (`lo`, `bridge`, `epair`). */
  readonly cloner: string;
  /** `create_args_<if>`, when set. */
  readonly createArgs: string | undefined;
  /** `:sticky` / `:nosticky` from `cloned_interfaces="lo1:sticky"`. */
  readonly option: string | undefined;
  /** `ifconfig_<if>_name`, when the interface is renamed. */
  readonly renamedTo: string | undefined;
  readonly source: RcProvenance;
}

export type RcAddressFamily = "inet" | "inet6";

/** Which variable an address comes from (network.subr reads them in this order). */
export type RcAddressOrigin = "ifconfig" | "ipv6" | "aliases" | "alias" | "ipv4_addrs";

export interface RcInterfaceAddress {
  readonly interface: string;
  readonly family: RcAddressFamily;
  readonly address: string;
  /** From `/N`, `netmask` (dotted or hex) or `prefixlen`; 64 for inet6 without one; undefined for inet without one. */
  readonly prefixLength: number | undefined;
  readonly prefixFrom: "cidr" | "netmask" | "prefixlen" | "default" | "none";
  /** The netmask as written, when one was given. */
  readonly netmask: string | undefined;
  readonly origin: RcAddressOrigin;
  readonly variable: string;
  readonly source: RcProvenance;
}

export interface RcInterfaceAddresses {
  readonly interface: string;
  readonly addresses: readonly RcInterfaceAddress[];
  /** `DHCP` / `SYNCDHCP` / `NOSYNCDHCP` in `ifconfig_<if>`: addresses come from a DHCP server. */
  readonly dhcp: boolean;
}

export interface RcConfiguredInterface {
  readonly name: string;
  readonly cloned: boolean;
  readonly renamedTo: string | undefined;
  /** The variables that configure it. */
  readonly variables: readonly { readonly name: string; readonly source: RcProvenance }[];
}

/** An old-style per-jail variable `jail_<name>_<param>` (rc.d/jail before jail.conf). */
export interface RcLegacyJailVariable {
  readonly jail: string;
  readonly parameter: string;
  readonly variable: RcVariable;
}

export interface RcValueWithSource {
  readonly value: string;
  /** Undefined when the value is FreeBSD's default (the variable is not set in the files given). */
  readonly source: RcProvenance | undefined;
}

const fileRank = (p: string): [number, string] => {
  const s = p.replace(/\\/g, "/");
  const d = s.lastIndexOf("/rc.conf.d/");
  const dd = d !== -1 ? d : s.startsWith("rc.conf.d/") ? -1 : -2;
  if (dd !== -2) {
    const prefix = dd === -1 ? "" : s.slice(0, dd);
    const rest = dd === -1 ? s.slice("rc.conf.d/".length) : s.slice(dd + "/rc.conf.d/".length);
    // /etc/rc.conf.d before ${local_startup}/../rc.conf.d (/usr/local/etc/rc.conf.d).
    return [prefix === "/etc" || prefix === "" || prefix === "etc" ? 2 : 3, rest];
  }
  const base = s.slice(s.lastIndexOf("/") + 1);
  if (base === "rc.conf") return [0, ""];
  if (base === "rc.conf.local") return [1, ""];
  return [4, ""];
};

/**
 * The order rc.subr's load_rc_config reads files in (later wins): /etc/rc.conf and /etc/rc.conf.local (the
 * default `rc_conf_files`, after /etc/defaults/rc.conf), then rc.conf.d/<service> and the files of an
 * rc.conf.d/<service>/ directory, /etc before /usr/local/etc. rc.subr reads a service's rc.conf.d file only for
 * that service; a host-wide view applies them all, by name. Other paths keep their order, at the end.
 */
export function orderRcFiles(paths: readonly string[]): string[] {
  return paths
    .map((p, i) => ({ p, i, r: fileRank(p) }))
    .sort((a, b) => a.r[0] - b.r[0] || (a.r[1] < b.r[1] ? -1 : a.r[1] > b.r[1] ? 1 : 0) || a.i - b.i)
    .map((x) => x.p);
}

/** Builds the effective-variables view of rc.conf files, given in the order FreeBSD reads them (see orderRcFiles). */
export function buildRcConfig(files: readonly { readonly path: string; readonly ast: RcConfFile }[]): RcConfig {
  return new RcConfig(files);
}

const yesWords = new Set(["yes", "true", "on", "1"]);
const noWords = new Set(["no", "false", "off", "0"]);

/** The effective rc.conf of a host and the questions rules ask of it. */
export class RcConfig {
  readonly variables: ReadonlyMap<string, RcVariable>;
  readonly opaqueAssignments: readonly RcOpaqueAssignment[];

  constructor(files: readonly { readonly path: string; readonly ast: RcConfFile }[]) {
    const vars = new Map<string, RcVariable>();
    const opaque: RcOpaqueAssignment[] = [];
    for (const { path, ast } of files) {
      const apply = (a: RcAssignment): void => {
        const unresolved: RcUnresolvedReference[] = [];
        const value = expand(a.value.pieces, vars, path, unresolved);
        const prev = vars.get(a.name);
        const overridden = prev ? [...prev.overridden, { file: prev.file, assignment: prev.assignment, value: prev.value }] : [];
        vars.set(a.name, { name: a.name, value, file: path, assignment: a, overridden, unresolved });
      };
      const walk = (st: RcStatement): void => {
        if (st.type === "Assignment") apply(st);
        else if (st.type === "Export") st.assignments.forEach(apply);
        else for (const name of st.assignedNames) opaque.push({ name, file: path, range: st.range });
      };
      ast.statements.forEach(walk);
    }
    this.variables = vars;
    this.opaqueAssignments = opaque;
  }

  get(name: string): RcVariable | undefined {
    return this.variables.get(name);
  }

  /** rc.subr checkyesno semantics. */
  yes(name: string): RcYesNo {
    const v = this.variables.get(name);
    if (!v) return { name, enabled: false, state: "unset", value: undefined, source: undefined };
    const w = v.value.toLowerCase();
    const state = yesWords.has(w) ? "yes" : noWords.has(w) ? "no" : "invalid";
    return { name, enabled: state === "yes", state, value: v.value, source: provenance(v) };
  }

  get jailEnable(): RcYesNo {
    return this.yes("jail_enable");
  }
  get pfEnable(): RcYesNo {
    return this.yes("pf_enable");
  }
  /** ipfw: rc.d/ipfw loads the rules of rc.firewall (firewall_type / firewall_script) when this is YES. */
  get firewallEnable(): RcYesNo {
    return this.yes("firewall_enable");
  }
  /**
   * `firewall_enable` when the host filters with ipfw and not with pf: what jaillint cannot judge yet, and where
   * advice to enable pf would have the host run two firewalls. Undefined otherwise.
   */
  get ipfwInsteadOfPf(): RcYesNo | undefined {
    const ipfw = this.firewallEnable;
    return ipfw.enabled && !this.pfEnable.enabled ? ipfw : undefined;
  }
  get gatewayEnable(): RcYesNo {
    return this.yes("gateway_enable");
  }

  /**
   * The securelevel rc.d/securelevel raises the host to at the end of boot: `kern_securelevel` when
   * `kern_securelevel_enable` is YES and the level is 0 or more (securelevel_start), else undefined (-1).
   */
  get hostSecurelevel(): (RcValueWithSource & { level: number }) | undefined {
    if (!this.yes("kern_securelevel_enable").enabled) return undefined;
    const v = this.variables.get("kern_securelevel");
    const level = v && /^-?\d+$/.test(v.value.trim()) ? Number(v.value.trim()) : undefined;
    if (!v || level === undefined || level < 0) return undefined;
    return { value: v.value.trim(), level, source: provenance(v) };
  }

  /** `jail_list`, split into words (rc.d/jail starts every jail in jail.conf when it is empty). */
  get jailList(): RcWord[] {
    return this.words("jail_list");
  }

  /** `pf_rules`; /etc/defaults/rc.conf sets /etc/pf.conf. */
  get pfRules(): RcValueWithSource {
    const v = this.variables.get("pf_rules");
    return v ? { value: v.value, source: provenance(v) } : { value: "/etc/pf.conf", source: undefined };
  }

  /** The macros `pf_flags` defines with `-D name=value` (rc.d/pf passes them to pfctl with pf_rules). */
  get pfFlagsMacros(): PfCommandLineMacro[] {
    const v = this.variables.get("pf_flags");
    return v ? pfFlagsMacros(v.value) : [];
  }

  /** `defaultrouter`, unless unset or the default `NO`. */
  get defaultRouter(): RcValueWithSource | undefined {
    return this.router("defaultrouter");
  }

  /** `ipv6_defaultrouter`, unless unset or the default `NO`. */
  get ipv6DefaultRouter(): RcValueWithSource | undefined {
    return this.router("ipv6_defaultrouter");
  }

  private router(name: string): RcValueWithSource | undefined {
    const v = this.variables.get(name);
    if (!v || v.value.trim() === "" || v.value.toUpperCase() === "NO") return undefined;
    return { value: v.value.trim(), source: provenance(v) };
  }

  /** The whitespace-separated words of a variable, each with its own range where the source allows. */
  words(name: string): RcWord[] {
    const v = this.variables.get(name);
    return v ? splitWords(v) : [];
  }

  /** `cloned_interfaces`, with `epairN` expanded to `epairNa` and `epairNb` (network.subr clone_up). */
  clonedInterfaces(): RcClonedInterface[] {
    const out: RcClonedInterface[] = [];
    for (const w of this.words("cloned_interfaces")) {
      const [ifn = "", option] = w.text.split(":");
      if (ifn === "") continue;
      const cloner = clonerOf(ifn);
      const createArgs = this.ifVar(ifn, "create_args_IF")?.value;
      const names = /^epair[0-9]+$/.test(ifn) ? [`${ifn}a`, `${ifn}b`] : [ifn];
      for (const name of names) {
        out.push({
          name,
          createdAs: ifn,
          cloner,
          createArgs,
          option,
          renamedTo: this.ifVar(name, "ifconfig_IF_name")?.value,
          source: w.source,
        });
      }
    }
    return out;
  }

  /** network.subr get_if_var: the variable for an interface, with `.`, `-`, `/`, `+` in its name mapped to `_`. */
  ifVar(ifname: string, pattern: string): RcVariable | undefined {
    return this.variables.get(pattern.replace("IF", ifVarKey(ifname)));
  }

  /**
   * Every interface named by an `ifconfig_*`, `ipv4_addrs_*` or `create_args_*` variable or cloned. Variable names
   * lose `.` and `-` (get_if_var maps them to `_`), so a name is read back through the interfaces the files name
   * elsewhere (cloned, renamed, `vlans_<if>`); otherwise `em0_100` is taken to be the VLAN `em0.100`.
   */
  configuredInterfaces(): RcConfiguredInterface[] {
    const byName = new Map<string, { cloned: boolean; variables: { name: string; source: RcProvenance }[] }>();
    const entry = (name: string) => {
      let e = byName.get(name);
      if (!e) {
        e = { cloned: false, variables: [] };
        byName.set(name, e);
      }
      return e;
    };
    for (const c of this.clonedInterfaces()) entry(c.name).cloned = true;
    for (const [key, vars] of this.interfaceVariables()) {
      const e = entry(this.interfaceName(key));
      for (const v of vars) e.variables.push({ name: v.name, source: provenance(v) });
    }
    return [...byName.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, e]) => ({ name, cloned: e.cloned, renamedTo: this.ifVar(name, "ifconfig_IF_name")?.value, variables: e.variables }));
  }

  /** Per interface, the addresses network.subr would configure (ifconfig_up, ifalias). */
  interfaceAddresses(): RcInterfaceAddresses[] {
    const out: RcInterfaceAddresses[] = [];
    for (const iface of this.configuredInterfaces()) {
      const name = iface.name;
      const addresses: RcInterfaceAddress[] = [];
      let dhcp = false;
      const main = this.ifVar(name, "ifconfig_IF");
      if (main) {
        const words = splitWords(main);
        dhcp = words.some((w) => /^(?:sync|nosync)?dhcp$/i.test(w.text));
        const a = addressFromArgs(stripPseudoArgs(words), undefined);
        if (a) addresses.push(toAddress(name, a, "ifconfig", main));
      }
      const v6 = this.ifVar(name, "ifconfig_IF_ipv6");
      if (v6) {
        // network.subr: a value starting with an IPv6 address gets `inet6` put in front (with a warning).
        const a = addressFromArgs(splitWords(v6), "inet6");
        if (a) addresses.push(toAddress(name, a, "ipv6", v6));
      }
      for (const g of this.aliasGroups(name)) {
        for (const a of expandAliasGroup(g.words)) addresses.push(toAddress(name, a, g.origin, g.variable));
      }
      if (addresses.length > 0 || dhcp) out.push({ interface: name, addresses, dhcp });
    }
    return out;
  }

  /**
   * network.subr ifalias_af_common: `ifconfig_IF_aliases`, then every `ifconfig_IF_aliasN` in numeric order up to
   * the first empty one (current rc.subr lists the variables that are set, so a gap in the numbers does not stop
   * it; FreeBSD 8 and older counted up from 0 and stopped at the first unset number), then `ipv4_addrs_IF`.
   * Each part is cut into groups at the `inet`/`inet6`/`link`/`ether` keywords.
   */
  private aliasGroups(name: string): { words: RcWord[]; origin: RcAddressOrigin; variable: RcVariable }[] {
    const groups: { words: RcWord[]; origin: RcAddressOrigin; variable: RcVariable }[] = [];
    const cut = (words: RcWord[], origin: RcAddressOrigin, variable: RcVariable): void => {
      let cur: RcWord[] | undefined;
      for (const w of words) {
        if (/^(?:inet6?|link|ether)$/.test(w.text) || !cur) {
          cur = [w];
          groups.push({ words: cur, origin, variable });
        } else cur.push(w);
      }
    };
    const aliases = this.ifVar(name, "ifconfig_IF_aliases");
    if (aliases) cut(splitWords(aliases), "aliases", aliases);
    const key = ifVarKey(name);
    const prefix = `ifconfig_${key}_alias`;
    const numbered = [...this.variables.values()]
      .filter((v) => v.name.startsWith(prefix) && /^[0-9]+$/.test(v.name.slice(prefix.length)))
      .sort((a, b) => Number(a.name.slice(prefix.length)) - Number(b.name.slice(prefix.length)));
    for (const v of numbered) {
      // network.subr breaks on an empty value only; a value of blanks is prefixed with `inet` and gives nothing.
      if (v.value === "") break;
      const words = splitWords(v);
      const first = words[0];
      if (!first) continue;
      if (/^(?:inet6?|link|ether)$/.test(first.text)) cut(words, "alias", v);
      else cut([{ text: "inet", source: first.source }, ...words], "alias", v);
    }
    const v4 = this.ifVar(name, "ipv4_addrs_IF");
    if (v4) for (const w of splitWords(v4)) cut([{ text: "inet", source: w.source }, w], "ipv4_addrs", v4);
    return groups;
  }

  /** `ifconfig_<key>…`, `ipv4_addrs_<key>`, `create_args_<key>` variables grouped by interface key. */
  private interfaceVariables(): Map<string, RcVariable[]> {
    const out = new Map<string, RcVariable[]>();
    for (const v of this.variables.values()) {
      const key = interfaceKeyOf(v.name);
      if (key === undefined) continue;
      const list = out.get(key) ?? [];
      list.push(v);
      out.set(key, list);
    }
    return out;
  }

  private knownNames: Map<string, string> | undefined;
  /** Reads an interface name back from a variable-name key (`em0_100` → `em0.100`). */
  private interfaceName(key: string): string {
    if (!this.knownNames) {
      const known = new Map<string, string>();
      const add = (n: string): void => {
        if (n !== "") known.set(ifVarKey(n), n);
      };
      for (const c of this.clonedInterfaces()) add(c.name);
      for (const v of this.variables.values()) {
        if (/^ifconfig_.+_name$/.test(v.name)) add(v.value.trim());
        const vl = /^vlans_(.+)$/.exec(v.name);
        if (vl) {
          const parent = known.get(vl[1] as string) ?? (vl[1] as string);
          for (const w of v.value.split(/\s+/)) add(/^[1-9][0-9]*$/.test(w) ? `${parent}.${w}` : w);
        }
      }
      this.knownNames = known;
    }
    const hit = this.knownNames.get(key);
    if (hit) return hit;
    const vlan = /^([a-z]+[0-9]+)_([0-9]+)$/.exec(key);
    return vlan ? `${vlan[1]}.${vlan[2]}` : key;
  }

  /**
   * Old-style per-jail variables (`jail_www_ip`, `jail_www_rootdir`). rc.d/jail's global knobs (`jail_enable`,
   * `jail_list`, `jail_conf`, …) and the `jail_<param>` defaults its extract_var falls back to are not included.
   */
  legacyJailVariables(): RcLegacyJailVariable[] {
    const out: RcLegacyJailVariable[] = [];
    for (const v of this.variables.values()) {
      if (!v.name.startsWith("jail_")) continue;
      const rest = v.name.slice(5);
      if (isGlobalJailKnob(rest)) continue;
      const split = splitLegacyJailName(rest);
      if (split) out.push({ jail: split.jail, parameter: split.parameter, variable: v });
    }
    return out;
  }
}

function provenance(v: RcVariable): RcProvenance {
  return { file: v.file, range: v.assignment.range };
}

/**
 * How many characters references may add to one value. sh has no limit, but `a="$a $a"` repeated doubles the
 * value each time; past this the view stops expanding and lists the reference as unresolved.
 */
const MAX_EXPANSION = 1 << 16;

function expand(
  pieces: readonly RcValuePiece[],
  vars: ReadonlyMap<string, RcVariable>,
  file: string,
  unresolved: RcUnresolvedReference[],
): string {
  let s = "";
  let expanded = 0;
  for (const p of pieces) {
    if (p.kind === "reference" && expanded >= MAX_EXPANSION) {
      unresolved.push({ name: p.name, file, range: p.range });
      continue;
    }
    const before = s.length;
    if (p.kind === "literal") {
      s += p.text;
      continue;
    }
    if (p.kind === "command") {
      unresolved.push({ name: p.text, file, range: p.range });
      continue;
    }
    const v = vars.get(p.name);
    const word = (): string => expand(p.word ?? [], vars, file, unresolved);
    switch (p.operator) {
      case undefined:
        if (v) s += v.value;
        else unresolved.push({ name: p.name, file, range: p.range });
        break;
      case ":-":
      case ":=":
        s += v && v.value !== "" ? v.value : word();
        break;
      case "-":
      case "=":
        s += v ? v.value : word();
        break;
      case ":+":
        s += v && v.value !== "" ? word() : "";
        break;
      case "+":
        s += v ? word() : "";
        break;
      case "length":
        if (v) s += String(v.value.length);
        else unresolved.push({ name: p.name, file, range: p.range });
        break;
      default:
        // `${x%pattern}`, `${x#pattern}`, `${x:?msg}`: patterns are not evaluated.
        unresolved.push({ name: p.name, file, range: p.range });
    }
    const added = s.length - before;
    if (expanded + added > MAX_EXPANSION) {
      s = clipToCodePoint(s, before + MAX_EXPANSION - expanded);
      unresolved.push({ name: p.name, file, range: p.range });
    }
    expanded += added;
  }
  return s;
}

/** Splits a variable's value at blanks; a word gets its exact range when the value is one plain literal. */
function splitWords(v: RcVariable): RcWord[] {
  const out: RcWord[] = [];
  const pieces = v.assignment.value.pieces;
  const only = pieces.length === 1 ? pieces[0] : undefined;
  const exact = only?.kind === "literal" && only.text === v.value && only.range.end - only.range.start === only.text.length;
  const fallback = { file: v.file, range: v.assignment.value.range };
  for (const m of v.value.matchAll(/\S+/g)) {
    const start = (only?.range.start ?? 0) + m.index;
    out.push({ text: m[0], source: exact ? { file: v.file, range: { start, end: start + m[0].length } } : fallback });
  }
  return out;
}

/** get_if_var's name mapping: `.`, `-`, `/` and `+` become `_` in variable names (`em0.100` → `em0_100`). */
export function ifVarKey(ifname: string): string {
  return ifname.replace(/[.\-/+]/g, "_");
}

function clonerOf(ifn: string): string {
  const m = /^([A-Za-z]+?)[0-9]+$/.exec(ifn);
  return m ? (m[1] as string) : ifn.replace(/[0-9]+$/, "");
}

const ifconfigVar = /^ifconfig_(.+?)(?:_(?:ipv6|alias[0-9]+|aliases|name|descr))?$/;
function interfaceKeyOf(name: string): string | undefined {
  const m = ifconfigVar.exec(name);
  if (m) return m[1] === "DEFAULT" ? undefined : m[1];
  const o = /^(?:ipv4_addrs|create_args)_(.+)$/.exec(name);
  return o ? o[1] : undefined;
}

/** network.subr ifconfig_getargs: pseudo-arguments handled by rc itself, and `vnet <jail>`. */
function stripPseudoArgs(words: RcWord[]): RcWord[] {
  const out: RcWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as RcWord;
    if (/^(?:dhcp|noauto|syncdhcp|nosyncdhcp|wpa|hostap)$/i.test(w.text)) continue;
    if (w.text === "vnet") {
      i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

interface ParsedAddress {
  readonly family: RcAddressFamily;
  readonly address: string;
  readonly prefixLength: number | undefined;
  readonly prefixFrom: RcInterfaceAddress["prefixFrom"];
  readonly netmask: string | undefined;
  readonly source: RcProvenance;
}

// ifconfig(8) options that take one argument, which is never the interface address.
const oneArg = new Set(
  (
    "broadcast mtu metric vlan vlandev vlanproto vlanpcp laggproto laggport -laggport lagghash addm deletem stp -stp edge -edge " +
    "autoedge -autoedge ptp -ptp span -span priority ifpriority ifpathcost maxaddr timeout descr description group -group ether " +
    "lladdr link name ssid wlandev wlanmode country channel vhid advskew advbase pass state fib tunnelfib vnet -vnet pltime vltime " +
    "media mediaopt -mediaopt mode inst authmode wepkey weptxkey bssid regdomain carpdev peer maclabel txpower bintval dtimperiod"
  ).split(" "),
);

/** The address an ifconfig argument list sets: the first address-shaped argument that is not an option's value. */
function addressFromArgs(words: RcWord[], forceFamily: RcAddressFamily | undefined): ParsedAddress | undefined {
  let family: RcAddressFamily | undefined = forceFamily;
  let i = 0;
  const first = words[0]?.text;
  if (first === "inet" || first === "inet6") {
    family = first;
    i = 1;
  } else if (first === "link" || first === "ether") return undefined;
  let addr: RcWord | undefined;
  let netmask: string | undefined;
  let prefixlen: string | undefined;
  for (; i < words.length; i++) {
    const w = (words[i] as RcWord).text;
    if (w === "netmask") netmask = words[++i]?.text;
    else if (w === "prefixlen") prefixlen = words[++i]?.text;
    else if (w === "tunnel") i += 2;
    else if (oneArg.has(w)) i++;
    else if (!addr && addressFamilyOf(w)) addr = words[i];
  }
  if (!addr) return undefined;
  const [ip = "", cidr] = addr.text.split("/");
  const fam = addressFamilyOf(addr.text) ?? family ?? "inet";
  let prefixLength: number | undefined;
  let prefixFrom: ParsedAddress["prefixFrom"] = "none";
  if (cidr !== undefined && /^[0-9]+$/.test(cidr)) {
    prefixLength = Number(cidr);
    prefixFrom = "cidr";
  } else if (netmask !== undefined && fam === "inet") {
    prefixLength = netmaskToPrefix(netmask);
    prefixFrom = "netmask";
  } else if (prefixlen !== undefined && /^[0-9]+$/.test(prefixlen)) {
    prefixLength = Number(prefixlen);
    prefixFrom = "prefixlen";
  } else if (fam === "inet6") {
    // ifconfig(8) gives an IPv6 address a /64 when no prefix length is written.
    prefixLength = 64;
    prefixFrom = "default";
  }
  return { family: fam, address: ip, prefixLength, prefixFrom, netmask, source: addr.source };
}

const v4 = /^(?:[0-9]{1,3})(?:\.[0-9]{1,3}){3}$/;
function isIPv4(s: string): boolean {
  return v4.test(s) && s.split(".").every((o) => Number(o) <= 255);
}
function isIPv6(s: string): boolean {
  const addr = s.replace(/%[^%]+$/, "");
  if (!/^[0-9A-Fa-f:.]+$/.test(addr) || !addr.includes(":")) return false;
  const halves = addr.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === "" ? [] : h.split(":")));
  const tail = groups[groups.length - 1] ?? "";
  const v4tail = tail.includes(".") ? isIPv4(tail) : undefined;
  if (v4tail === false) return false;
  const count = groups.length + (v4tail ? 1 : 0);
  if (!groups.every((g, i) => (i === groups.length - 1 && v4tail ? true : /^[0-9A-Fa-f]{1,4}$/.test(g)))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}
function addressFamilyOf(word: string): RcAddressFamily | undefined {
  const ip = word.split("/")[0] ?? "";
  if (isIPv4(ip)) return "inet";
  if (isIPv6(ip)) return "inet6";
  return undefined;
}

/** Dotted (`255.255.255.0`) or hex (`0xffffff00`) netmask → prefix length; undefined when not contiguous. */
export function netmaskToPrefix(mask: string): number | undefined {
  let n: number;
  if (/^0x[0-9a-f]{1,8}$/i.test(mask)) n = Number.parseInt(mask.slice(2), 16);
  else if (isIPv4(mask)) n = mask.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
  else return undefined;
  let len = 0;
  let bit = 0x80000000;
  while (len < 32 && n >= bit) {
    n -= bit;
    bit /= 2;
    len++;
  }
  return n === 0 ? len : undefined;
}

/** netif_ipexpand_max's default: how many addresses one range may give. */
const IPEXPAND_MAX = 2048;

/**
 * One `inet …`/`inet6 …` alias group, with network.subr's range form expanded: `inet 10.0.0.1-12/24` is
 * 10.0.0.1/24 then 10.0.0.2/32 … 10.0.0.12/32 (every address after the first gets /32).
 */
function expandAliasGroup(words: RcWord[]): ParsedAddress[] {
  const af = words[0]?.text;
  if (af !== "inet" && af !== "inet6") return [];
  const addrWord = words[1];
  if (addrWord === undefined || !addrWord.text.includes("-") || !/^[0-9a-fA-F]/.test(addrWord.text)) {
    const a = addressFromArgs(words, af);
    return a ? [a] : [];
  }
  const [range = "", plen] = addrWord.text.split("/");
  const out: ParsedAddress[] = [];
  const push = (address: string, prefixLength: number | undefined, prefixFrom: ParsedAddress["prefixFrom"]): void => {
    out.push({ family: af, address, prefixLength, prefixFrom, netmask: undefined, source: addrWord.source });
  };
  if (af === "inet") {
    const parts = range.split(".");
    const at = parts.findIndex((p) => /^[0-9]+-[0-9]+$/.test(p));
    if (at === -1) return [];
    const [lo = 0, hi = 0] = (parts[at] as string).split("-").map(Number);
    let first = true;
    for (let n = lo; n <= hi && n <= lo + IPEXPAND_MAX; n++) {
      const addr = [...parts.slice(0, at), String(n), ...parts.slice(at + 1)].join(".");
      if (first && plen !== undefined) push(addr, Number(plen), "cidr");
      else push(addr, 32, "default");
      first = false;
    }
    return out;
  }
  const dash = range.indexOf("-");
  const left = range.slice(0, dash);
  const right = range.slice(dash + 1);
  const head = left.slice(0, left.lastIndexOf(":"));
  const lo = Number.parseInt(left.slice(left.lastIndexOf(":") + 1), 16);
  const colon = right.indexOf(":");
  const hi = Number.parseInt(colon === -1 ? right : right.slice(0, colon), 16);
  const tail = colon === -1 ? "" : right.slice(colon);
  if (Number.isNaN(lo) || Number.isNaN(hi)) return [];
  for (let n = lo; n <= hi && n <= lo + IPEXPAND_MAX; n++) {
    push(
      `${head}:${n.toString(16).padStart(4, "0")}${tail}`,
      plen !== undefined ? Number(plen) : 64,
      plen !== undefined ? "cidr" : "default",
    );
  }
  return out;
}

function toAddress(iface: string, a: ParsedAddress, origin: RcAddressOrigin, v: RcVariable): RcInterfaceAddress {
  return { interface: iface, ...a, origin, variable: v.name };
}

// rc.d/jail's global knobs, and the `jail_<param>` defaults extract_var reads when `jail_<name>_<param>` is unset.
const perJailParams = [
  "hostname",
  "rootdir",
  "ip",
  "interface",
  "fib",
  "flags",
  "program",
  "consolecmd",
  "exec",
  "exec_start",
  "exec_stop",
  "exec_prestart",
  "exec_poststart",
  "exec_prestop",
  "exec_poststop",
  "exec_afterstart",
  "conf",
  "fstab",
  "devfs_enable",
  "devfs_ruleset",
  "fdescfs_enable",
  "procfs_enable",
  "mount_enable",
  "set_hostname_allow",
  "sysvipc_allow",
  "chflags_allow",
  "enforce_statfs",
  "socket_unixiproute_only",
  "osreldate",
  "osrelease",
  "parameters",
  "consolelog",
  "vnet_interface",
  "ip_multi",
];
const globalOnly = ["enable", "list", "jexec", "jexec_user", "jls", "confwarn", "parallel_start", "reverse_stop"];

function isGlobalJailKnob(rest: string): boolean {
  const base = rest.replace(/[0-9]+$/, "");
  return globalOnly.includes(rest) || perJailParams.includes(rest) || (base !== rest && perJailParams.includes(base));
}

/** `www_exec_prestart0` → jail `www`, parameter `exec_prestart0`; the longest known parameter suffix wins. */
function splitLegacyJailName(rest: string): { jail: string; parameter: string } | undefined {
  let best: { jail: string; parameter: string } | undefined;
  for (const p of perJailParams) {
    const m = new RegExp(`^(.+)_(${p}[0-9]*)$`).exec(rest);
    if (m && (!best || (m[2] as string).length > best.parameter.length)) best = { jail: m[1] as string, parameter: m[2] as string };
  }
  if (best) return best;
  const u = rest.indexOf("_");
  return u > 0 ? { jail: rest.slice(0, u), parameter: rest.slice(u + 1) } : undefined;
}
