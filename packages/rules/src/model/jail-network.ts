import type { EffectiveJail, EffectiveParam, EffectiveValue, TextRange } from "@jaillint/parser";
import { parseIp } from "@jaillint/parser";
import { type AddressScope, addressScope, type JailAddress, parseJailAddress } from "./jail-address.js";
import { jailBool, lastValue } from "./jail-params.js";

/** One `ip4.addr`/`ip6.addr` item of one jail, with where it is written. */
export interface JailAddressEntry extends JailAddress {
  readonly jail: string;
  /** addressKey of the item, worked out once: rules and indexes ask for it many times. */
  readonly key: string;
  /**
   * Position in the jail(8) list: 0 is the primary address (kern_jail.c prison_ip_copyin keeps element 0 first).
   * -1 after a value with an undefined variable: how many items that value holds, and so this one's place, is unknown.
   */
  readonly index: number;
  /** The interface jail(8) puts the alias on: the `IF|` prefix, else the jail's `interface` parameter. */
  readonly interface: string | undefined;
  /**
   * For an item jail(8) adds to no interface: the interface the jail's own host-side `exec.*` command puts the
   * address on (`exec.prestart = "ifconfig lo1 alias ${ip4.addr}"`), and which parameter says so.
   */
  readonly execAlias: { readonly interface: string; readonly param: string } | undefined;
  readonly scope: AddressScope | undefined;
  /** The item's own text in the file when it can be cut out exactly, else the whole value. */
  readonly file: string;
  readonly range: TextRange;
  /** The whole value the item is part of (a quoted string may hold several comma-separated items). */
  readonly value: EffectiveValue;
  /** True when `range` covers exactly `raw`, so an edit may replace the item alone. */
  readonly exact: boolean;
}

export type JailIpMode = "new" | "inherit" | "disable";

/** What jail(8) and the kernel make of a jail's network parameters (jail-networking.md §0, §1). */
export interface JailNetwork {
  readonly jail: EffectiveJail;
  readonly name: string;
  /** A VNET jail has a stack of its own: no address lists (kern_jail.c rejects them). */
  readonly vnet: boolean;
  readonly ip4Mode: JailIpMode | undefined;
  readonly ip6Mode: JailIpMode | undefined;
  /** Items in jail(8) order; empty for VNET jails and `inherit`/`disable`. */
  readonly ip4: readonly JailAddressEntry[];
  readonly ip6: readonly JailAddressEntry[];
  readonly primaryIp4: JailAddressEntry | undefined;
  readonly primaryIp6: JailAddressEntry | undefined;
  /** `ip4.saddrsel` (default on); off means every unbound socket uses the primary. */
  readonly ip4SourceSelection: boolean;
  readonly ip6SourceSelection: boolean;
  /** The `interface` parameter: jail(8) puts every item without `IF|` on it. */
  readonly interfaceParam: { readonly name: string; readonly value: EffectiveValue } | undefined;
  /** `vnet.interface` values. */
  readonly vnetInterfaces: readonly { readonly name: string; readonly value: EffectiveValue }[];
  /** Interfaces the jail's own `exec.*` commands create or rename (`ifconfig epair0 create` → epair0a, epair0b). */
  readonly execInterfaces: ReadonlySet<string>;
  /** Cloners the jail's `exec.*` commands create from without a unit (`ifconfig epair create`): any unit may result. */
  readonly execCloners: ReadonlySet<string>;
  /** Every word of the jail's `exec.*` commands, for "the jail's own scripts mention it". */
  readonly execWords: ReadonlySet<string>;
}

const IP_MODES: Record<string, JailIpMode> = {
  new: "new",
  "1": "new",
  inherit: "inherit",
  "2": "inherit",
  disable: "disable",
  "0": "disable",
};

function ipMode(jail: EffectiveJail, key: "ip4" | "ip6", hasAddrs: boolean): JailIpMode | undefined {
  const v = jail.params.get(key);
  const last = v && lastValue(v);
  if (last && !last.unresolved) return IP_MODES[last.text.toLowerCase()];
  // jail(8): setting ip4.addr implies ip4 = new.
  return hasAddrs ? "new" : undefined;
}

/** Splits a value into its comma-separated items with exact ranges where the source text allows. */
function items(value: EffectiveValue, text: string | undefined): { raw: string; range: TextRange; exact: boolean }[] {
  const parts = value.text.split(",");
  const src = text?.slice(value.range.start, value.range.end);
  const offset = src === value.text ? 0 : src === `"${value.text}"` || src === `'${value.text}'` ? 1 : undefined;
  const out: { raw: string; range: TextRange; exact: boolean }[] = [];
  let pos = 0;
  for (const part of parts) {
    const lead = part.length - part.trimStart().length;
    const raw = part.trim();
    if (raw !== "") {
      const start = value.range.start + (offset ?? 0) + pos + lead;
      out.push(
        offset === undefined ? { raw, range: value.range, exact: false } : { raw, range: { start, end: start + raw.length }, exact: true },
      );
    }
    pos += part.length + 1;
  }
  return out;
}

function addressList(
  jail: EffectiveJail,
  param: EffectiveParam | undefined,
  family: 4 | 6,
  iface: string | undefined,
  texts: ReadonlyMap<string, string>,
  execAliases: ReadonlyMap<string, ExecAlias>,
): JailAddressEntry[] {
  if (!param) return [];
  const out: JailAddressEntry[] = [];
  let placed = true;
  for (const value of param.values) {
    // An unexpanded `$var` may stand for any number of items: the items after it have no known place, and none of
    // them may be taken for the primary.
    if (value.unresolved) {
      placed = false;
      continue;
    }
    for (const it of items(value, texts.get(value.file))) {
      const a = parseJailAddress(it.raw, family);
      const ifname = a.iface ?? iface;
      const key = a.ip ? a.ip.toString() : a.address;
      const alias = ifname === undefined && a.ip ? execAliases.get(key) : undefined;
      // Field by field, not `...a`: V8 builds a spread-then-extended literal on a slow path, and this runs per item.
      out.push({
        family: a.family,
        raw: a.raw,
        iface: a.iface,
        address: a.address,
        zone: a.zone,
        prefix: a.prefix,
        extra: a.extra,
        ip: a.ip,
        error: a.error,
        jail: jail.name,
        key,
        index: placed ? out.length : -1,
        interface: ifname,
        execAlias: alias ? { interface: alias.interface, param: alias.param } : undefined,
        scope: a.ip ? addressScope(a.ip) : undefined,
        file: value.file,
        range: it.range,
        value,
        exact: it.exact,
      });
    }
  }
  return out;
}

/** An address an `ifconfig` command puts on an interface. */
export interface ExecAlias {
  readonly interface: string;
  /** Canonical address text (addressKey). */
  readonly address: string;
  readonly family: 4 | 6;
  /** The exec.* parameter the command is in. */
  readonly param: string;
}

/**
 * The addresses `ifconfig` commands add to interfaces, as ifconfig(8) reads its arguments: `ifconfig IF [inet|inet6]
 * ADDR[/N] [netmask M|prefixlen N] [alias]`, `ifconfig IF alias ADDR`. A command with `-alias` or `delete` removes
 * the address and is not counted. Words are split as sh(1) would after jail(8) expanded the variables.
 */
export function addressesAddedBy(command: string, param: string): ExecAlias[] {
  const out: ExecAlias[] = [];
  for (const m of command.matchAll(/\bifconfig\s+([^;&|\n]*)/g)) {
    const words = (m[1] as string)
      .trim()
      .split(/\s+/)
      .map((w) => w.replace(/^["']|["']$/g, ""));
    const ifname = words[0];
    if (!ifname || !/^[A-Za-z][\w.]*$/.test(ifname)) continue;
    const rest = words.slice(1);
    if (rest.some((w) => w === "-alias" || w === "delete" || w === "destroy")) continue;
    let family: 4 | 6 | undefined;
    let address: string | undefined;
    for (const w of rest) {
      if (w === "inet") family ??= 4;
      else if (w === "inet6") family ??= 6;
      else if (w === "alias" || w === "add") continue;
      else {
        // The first word that is an address (prefix cut off) is the address; netmask/prefixlen values come after it.
        const a = w.replace(/\/\d+$/, "").replace(/%.*$/, "");
        const ip = parseIp(a);
        if (ip) {
          address = ip.toString();
          family ??= ip.kind() === "ipv6" ? 6 : 4;
        }
        break;
      }
    }
    if (address === undefined || family === undefined) continue;
    if ((family === 6) !== address.includes(":")) continue;
    out.push({ interface: ifname, address, family, param });
  }
  return out;
}

const NO_ALIASES: ReadonlyMap<string, ExecAlias> = new Map();
const NONE: ReadonlySet<string> = new Set();

/** exec.* commands jail(8) runs on the host, where an `ifconfig … alias` changes the host's interfaces. */
const HOST_SIDE_EXEC = new Set(["exec.prestart", "exec.created", "exec.poststart"]);

/** `ifconfig X create`, `ifconfig epairN create`, `ifconfig X name Y`, jib/jng: the interfaces a command makes. */
export function interfacesCreatedBy(command: string): string[] {
  const out: string[] = [];
  for (const m of command.matchAll(/\bifconfig\s+([A-Za-z][\w.]*\d[ab]?)\s+create\b(?:[^;&|]*?\bname\s+([\w.]+))?/g)) {
    const ifn = m[1] as string;
    if (/^epair\d+$/.test(ifn)) out.push(`${ifn}a`, `${ifn}b`);
    else out.push(ifn);
    if (m[2]) out.push(m[2]);
  }
  for (const m of command.matchAll(/\bifconfig\s+[\w.]+\s+name\s+([\w.]+)/g)) out.push(m[1] as string);
  // /usr/share/examples/jails/jib addm NAME IF…: one epair pair per interface, e<i>a_NAME / e<i>b_NAME.
  for (const m of command.matchAll(/\bjib\s+addm\s+(?:-b\s+\S+\s+)?(\S+)((?:\s+[\w.]+)+)/g)) {
    const name = m[1] as string;
    const ifs = (m[2] as string).trim().split(/\s+/);
    for (let i = 0; i < ifs.length; i++) out.push(`e${i}a_${name}`, `e${i}b_${name}`);
  }
  // jng bridge NAME IF…: one ng_eiface per interface, ng<i>_NAME.
  for (const m of command.matchAll(/\bjng\s+bridge\s+(\S+)((?:\s+[\w.]+)+)/g)) {
    const name = m[1] as string;
    const ngs = (m[2] as string).trim().split(/\s+/);
    for (let i = 0; i < ngs.length; i++) out.push(`ng${i}_${name}`);
  }
  return out;
}

/** `ifconfig epair create`, `$(ifconfig bridge create)`: the cloners a command creates from, the kernel picking the unit. */
export function clonersCreatedBy(command: string): string[] {
  return [...command.matchAll(/\bifconfig\s+([A-Za-z]+)\s+create\b/g)].map((m) => m[1] as string);
}

/** What one `exec.*` command says about interfaces, worked out once per distinct text. */
interface ExecFacts {
  readonly aliases: readonly ExecAlias[] | undefined;
  readonly created: readonly string[];
  readonly cloners: readonly string[];
  readonly words: readonly string[];
}

/**
 * A cache of ExecFacts by command text and parameter, shared by the jails of one host: a global
 * `exec.start = "/bin/sh /etc/rc"` is the same text in every jail, and its regular expressions need running once.
 */
export type ExecFactsCache = Map<string, ExecFacts>;

function execFacts(text: string, param: string, cache: ExecFactsCache | undefined): ExecFacts {
  const key = `${param}\0${text}`;
  const hit = cache?.get(key);
  if (hit) return hit;
  const facts: ExecFacts = {
    aliases: HOST_SIDE_EXEC.has(param) ? addressesAddedBy(text, param) : undefined,
    created: interfacesCreatedBy(text),
    cloners: clonersCreatedBy(text),
    words: text.split(/[^\w.]+/).filter((w) => w !== ""),
  };
  cache?.set(key, facts);
  return facts;
}

/**
 * The network view of one jail. `texts` lets items of a list written in one string get ranges of their own;
 * `cache`, shared by the jails of one host, keeps what their common `exec.*` commands say.
 */
export function jailNetwork(jail: EffectiveJail, texts: ReadonlyMap<string, string>, cache?: ExecFactsCache): JailNetwork {
  const vnetParam = jail.params.get("vnet");
  const vnetLast = vnetParam && lastValue(vnetParam);
  // `vnet;` or `vnet = new` (1); `vnet = inherit` (2) shares the parent's stack, which is no VNET of its own.
  const vnet = vnetParam !== undefined && (vnetLast === undefined || ["new", "1"].includes(vnetLast.text.toLowerCase()));
  const ifParam = jail.params.get("interface");
  const ifValue = ifParam && lastValue(ifParam);
  const interfaceParam = ifValue && !ifValue.unresolved && ifValue.text !== "" ? { name: ifValue.text, value: ifValue } : undefined;
  let execAliases: Map<string, ExecAlias> | undefined;
  for (const key of HOST_SIDE_EXEC) {
    for (const v of jail.params.get(key)?.values ?? []) {
      if (v.unresolved) continue;
      for (const a of execFacts(v.text, key, cache).aliases ?? []) {
        execAliases ??= new Map();
        if (!execAliases.has(a.address)) execAliases.set(a.address, a);
      }
    }
  }
  const a4 = jail.params.get("ip4.addr");
  const a6 = jail.params.get("ip6.addr");
  const ip4Mode = ipMode(jail, "ip4", (a4?.values.length ?? 0) > 0);
  const ip6Mode = ipMode(jail, "ip6", (a6?.values.length ?? 0) > 0);
  const aliases = execAliases ?? NO_ALIASES;
  const ip4 = vnet || ip4Mode !== "new" ? [] : addressList(jail, a4, 4, interfaceParam?.name, texts, aliases);
  const ip6 = vnet || ip6Mode !== "new" ? [] : addressList(jail, a6, 6, interfaceParam?.name, texts, aliases);
  const vnetIf = jail.params.get("vnet.interface");
  const vnetInterfaces = vnetIf
    ? vnetIf.values
        .filter((v) => !v.unresolved)
        .flatMap((v) => items(v, texts.get(v.file)).map((it) => ({ name: it.raw, value: { ...v, range: it.range } })))
    : [];
  const facts: ExecFacts[] = [];
  for (const [key, p] of jail.params) {
    if (!key.startsWith("exec.")) continue;
    for (const v of p.values) facts.push(execFacts(v.text, key, cache));
  }
  // Most jails' commands create no interface: those share one empty set.
  const created = facts.some((f) => f.created.length > 0) ? new Set(facts.flatMap((f) => f.created)) : undefined;
  const cloners = facts.some((f) => f.cloners.length > 0) ? new Set(facts.flatMap((f) => f.cloners)) : undefined;
  const execWords = new Set<string>();
  for (const f of facts) for (const w of f.words) execWords.add(w);
  return {
    jail,
    name: jail.name,
    vnet,
    ip4Mode,
    ip6Mode,
    ip4,
    ip6,
    primaryIp4: ip4.find((e) => e.ip !== undefined && e.index === 0),
    primaryIp6: ip6.find((e) => e.ip !== undefined && e.index === 0),
    ip4SourceSelection: jailBool(jail, "ip4.saddrsel")?.value ?? true,
    ip6SourceSelection: jailBool(jail, "ip6.saddrsel")?.value ?? true,
    interfaceParam,
    vnetInterfaces,
    execInterfaces: created ?? NONE,
    execCloners: cloners ?? NONE,
    execWords,
  };
}

/** The canonical text of an address, the key of every address index (`2001:db8::1`, `127.0.1.1`). */
export function addressKey(e: Pick<JailAddress, "ip" | "address"> & { readonly key?: string }): string {
  return e.key ?? (e.ip ? e.ip.toString() : e.address);
}
