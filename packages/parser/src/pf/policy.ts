import { canonicalNetwork, networkContains, parseIp, rangeContains } from "../common/ip.js";
import { SERVICES } from "../common/services.js";
import type { TextRange } from "../common/text-range.js";
import type {
  PfAddressSpec,
  PfAnchorRuleNode,
  PfConfFile,
  PfFilterRuleNode,
  PfHost,
  PfIfModifier,
  PfInclude,
  PfInterfaceItem,
  PfPortOp,
  PfRedirection,
  PfRuleMatch,
  PfStateMode,
  PfStatement,
} from "./ast.js";

/** A macro definition (the last one wins, as in pfctl). */
/** Where an element of a policy is written when it is not the policy's own file: the included file's name. */
interface PfFromFile {
  readonly file?: string;
}

export interface PfMacro extends PfFromFile {
  readonly name: string;
  readonly value: string;
  readonly nameRange: TextRange;
  readonly range: TextRange;
}

/** A `$name` reference; `defined` false means pfctl stops with "macro 'name' not defined" (JL401). */
export interface PfMacroRef {
  readonly name: string;
  readonly range: TextRange;
  readonly defined: boolean;
}

/** A `table <name>` definition. `static` is true when its whole content is known from the file. */
export interface PfTable extends PfFromFile {
  readonly name: string;
  readonly persist: boolean;
  readonly const: boolean;
  readonly counters: boolean;
  /** Inline literal networks, canonical (`10.0.0.0/8`), with negation. */
  readonly addresses: readonly { readonly network: string; readonly negated: boolean; readonly range: TextRange }[];
  /** Inline names resolved by pfctl at load time (interfaces, hostnames, `self`). */
  readonly names: readonly string[];
  readonly files: readonly string[];
  /** False for `file "…"`, names, or `persist` tables filled at run time (`pfctl -T add`). */
  readonly static: boolean;
  readonly range: TextRange;
}

/** A `<name>` reference (JL402 when no table of that name is defined). */
export interface PfTableRef {
  readonly name: string;
  readonly range: TextRange;
  readonly defined: boolean;
}

/** One interface or group named by `set skip on`. */
export interface PfSkipEntry extends PfFromFile {
  readonly name: string;
  readonly range: TextRange;
}

/** A normalized `from`/`to`/target element. Each keeps its own `!`, as pfctl expands lists into one rule each. */
export type PfAddressMatch =
  | {
      readonly kind: "network";
      readonly af: "inet" | "inet6";
      readonly network: string;
      readonly negated: boolean;
      readonly range: TextRange;
    }
  | { readonly kind: "range"; readonly from: string; readonly to: string; readonly negated: boolean; readonly range: TextRange }
  | { readonly kind: "table"; readonly name: string; readonly negated: boolean; readonly range: TextRange }
  /** An interface, group or host name; `dynamic` for the `(if)` forms that follow address changes. */
  | {
      readonly kind: "interface";
      readonly name: string;
      readonly modifier?: PfIfModifier;
      readonly dynamic: boolean;
      readonly negated: boolean;
      readonly range: TextRange;
    }
  | { readonly kind: "self" | "no-route" | "urpf-failed"; readonly dynamic: boolean; readonly negated: boolean; readonly range: TextRange };

export interface PfPortMatch {
  readonly op: PfPortOp;
  /** Numbers when the port is numeric or a well-known service name; undefined when unknown. */
  readonly low?: number;
  readonly high?: number;
  /** As written (`ssh`, `1024:2048`). */
  readonly text: string;
  readonly range: TextRange;
}

/** One side of a rule after normalization. An empty `addresses` means any. */
export interface PfEndpoint {
  readonly addresses: readonly PfAddressMatch[];
  readonly ports: readonly PfPortMatch[];
}

/** What a rule needs from a packet before its action applies. */
export interface PfMatchCriteria {
  readonly direction: "in" | "out" | "both";
  readonly interfaces: readonly PfInterfaceItem[];
  readonly af: "inet" | "inet6" | "any";
  readonly protos: readonly string[];
  readonly from: PfEndpoint;
  readonly to: PfEndpoint;
  /** Options whose outcome a static check cannot know (`user`, `tagged`, `os`, `probability` …). */
  readonly undecidable: readonly string[];
}

/** `pass`/`block`/`match` in evaluation order; `anchor` marks where an anchor with no inline rules is evaluated. */
export interface PfFilterRule extends PfMatchCriteria, PfFromFile {
  readonly action: "pass" | "block" | "match" | "anchor";
  readonly quick: boolean;
  readonly log: boolean;
  /** `keep`, `modulate`, `synproxy`, `no`, or `default` (pass rules keep state by default). */
  readonly state: PfStateMode | "default";
  /** For `anchor` entries: the anchor's name. For rules inside inline anchors: the anchor path. */
  readonly anchor?: string;
  /** The enclosing inline anchors' conditions: the rule is reached only when all of them match. */
  readonly guards: readonly PfMatchCriteria[];
  /**
   * Offsets of the enclosing inline anchors written `anchor quick`: when a rule inside one matched, evaluation
   * ends as the anchor is left (pf.conf(5) ANCHORS).
   */
  readonly quickAnchors?: readonly number[];
  readonly labels: readonly string[];
  readonly range: TextRange;
}

export interface PfTranslationTarget {
  readonly addresses: readonly PfAddressMatch[];
  readonly port?: string;
  readonly pool: readonly string[];
  readonly range: TextRange;
}

/** Address translation: legacy `nat`/`rdr`/`binat` rules and FreeBSD 15 `nat-to`/`rdr-to`/`binat-to`/`af-to` options. */
export interface PfTranslation extends PfMatchCriteria, PfFromFile {
  readonly kind: "nat" | "rdr" | "binat" | "nat-to" | "rdr-to" | "binat-to" | "af-to";
  /** `no nat`, `no rdr`: an exemption. */
  readonly no: boolean;
  /** `nat pass`/`rdr pass`, or the filter rule is a pass rule: translated packets are passed without filtering. */
  readonly pass: boolean;
  readonly quick: boolean;
  readonly target?: PfTranslationTarget;
  readonly range: TextRange;
}

export interface PfPolicy {
  readonly macros: readonly PfMacro[];
  readonly macroRefs: readonly PfMacroRef[];
  readonly tables: readonly PfTable[];
  readonly tableRefs: readonly PfTableRef[];
  readonly skip: readonly PfSkipEntry[];
  readonly filterRules: readonly PfFilterRule[];
  readonly translations: readonly PfTranslation[];
  /**
   * Names of tables whose `table <name> …` line did not parse: pfctl reports the syntax error; a use of the
   * name is not reported as undefined on top of it.
   */
  readonly unparsedTables: readonly string[];
  /** `include` and `load anchor` files, which the linter cannot see from this file alone. */
  readonly externalFiles: readonly {
    readonly kind: "include" | "load-anchor" | "table-file";
    readonly path: string;
    readonly range: TextRange;
  }[];
}

const PROTOCOLS: Record<string, string> = { "1": "icmp", "6": "tcp", "17": "udp", "58": "ipv6-icmp", "132": "sctp", icmp6: "ipv6-icmp" };
const protoName = (p: string): string => PROTOCOLS[p.toLowerCase()] ?? p.toLowerCase();

function portNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  return SERVICES.get(text);
}

function hostToMatch(h: PfHost): PfAddressMatch | undefined {
  switch (h.kind) {
    case "any":
      return undefined;
    case "address": {
      const network = canonicalNetwork(h.address, h.mask) ?? h.address;
      return { kind: "network", af: h.af, network, negated: h.negated, range: h.range };
    }
    case "range":
      return { kind: "range", from: h.from, to: h.to, negated: h.negated, range: h.range };
    case "table":
      return { kind: "table", name: h.name, negated: h.negated, range: h.range };
    case "name":
      return {
        kind: "interface",
        name: h.name,
        ...(h.modifier ? { modifier: h.modifier } : {}),
        dynamic: false,
        negated: h.negated,
        range: h.range,
      };
    case "dynamic":
      if (h.ifname === "self") return { kind: "self", dynamic: true, negated: h.negated, range: h.range };
      return {
        kind: "interface",
        name: h.ifname,
        ...(h.modifier ? { modifier: h.modifier } : {}),
        dynamic: true,
        negated: h.negated,
        range: h.range,
      };
    case "self":
      return { kind: "self", dynamic: false, negated: h.negated, range: h.range };
    case "no-route":
    case "urpf-failed":
      return { kind: h.kind, dynamic: false, negated: h.negated, range: h.range };
  }
}

/** Expands a name that a macro filled with several words (`nets = "10.0.0.0/8 192.168.0.0/16"` is not valid pf, but a list is). */
function hostsToMatches(hosts: readonly PfHost[]): PfAddressMatch[] {
  return hosts.map(hostToMatch).filter((m): m is PfAddressMatch => m !== undefined);
}

function endpoint(spec: PfAddressSpec | undefined): PfEndpoint {
  if (!spec) return { addresses: [], ports: [] };
  const ports = spec.ports.map((p): PfPortMatch => {
    const low = portNumber(p.low);
    const high = p.high === undefined ? undefined : p.high === "*" ? low : portNumber(p.high);
    const text =
      p.high === undefined
        ? p.op === "="
          ? p.low
          : `${p.op} ${p.low}`
        : p.op === ":"
          ? `${p.low}:${p.high}`
          : `${p.low} ${p.op} ${p.high}`;
    return { op: p.op, ...(low !== undefined ? { low } : {}), ...(high !== undefined ? { high } : {}), text, range: p.range };
  });
  return { addresses: hostsToMatches(spec.hosts), ports };
}

const UNDECIDABLE = new Set([
  "user",
  "group",
  "tagged",
  "received-on",
  "probability",
  "tos",
  "prio",
  "icmp-type",
  "icmp6-type",
  "os",
  "once",
]);

function criteria(rule: PfRuleMatch, options: readonly { name: string }[] = []): PfMatchCriteria {
  const undecidable = options.map((o) => o.name).filter((n) => UNDECIDABLE.has(n));
  if (rule.os.length > 0) undecidable.push("os");
  return {
    direction: rule.direction ?? "both",
    interfaces: rule.interfaces,
    af: rule.af ?? "any",
    protos: rule.protos.flatMap((p) => p.value.split(/\s+/).filter((x) => x !== "")).map(protoName),
    from: endpoint(rule.from),
    to: endpoint(rule.to),
    undecidable,
  };
}

function target(r: PfRedirection | undefined): PfTranslationTarget | undefined {
  if (!r) return undefined;
  return { addresses: hostsToMatches(r.hosts), ...(r.port ? { port: r.port.value } : {}), pool: r.pool, range: r.range };
}

export interface PfPolicyOptions {
  /**
   * The file an `include` statement reads, when it was read (pf/resolve.ts): its macros, tables, skip entries and
   * rules join the policy where the include stands, each marked with that file's name.
   */
  readonly include?: (st: PfInclude) => { readonly file: string; readonly ast: PfConfFile } | undefined;
}

/** Builds the normalized view the rules engine queries: macros, tables, skip, filter rules in order, translations. */
export function buildPfPolicy(file: PfConfFile, options: PfPolicyOptions = {}): PfPolicy {
  const macros: PfMacro[] = [];
  const tables: PfTable[] = [];
  const skip: PfSkipEntry[] = [];
  const filterRules: PfFilterRule[] = [];
  const translations: PfTranslation[] = [];
  const externalFiles: PfPolicy["externalFiles"][number][] = [];
  const tableUses: { name: string; range: TextRange }[] = [];

  const collectTables = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) collectTables(v);
    } else if (value && typeof value === "object") {
      const o = value as Record<string, unknown>;
      if (o.kind === "table" && typeof o.name === "string" && o.range) tableUses.push({ name: o.name, range: o.range as TextRange });
      // for…in, not Object.entries: no array of pairs per node (this visits every node of every statement).
      for (const k in o) {
        if (k === "range" || k === "body") continue;
        const v = o[k];
        if (v !== null && typeof v === "object") collectTables(v);
      }
    }
  };

  let quickAnchors: number[] = [];
  const filterRule = (st: PfFilterRuleNode, anchor: string | undefined, guards: PfMatchCriteria[]): PfFilterRule => ({
    action: st.action,
    ...criteria(st, st.options),
    quick: st.quick,
    log: st.log,
    state: st.state?.mode ?? "default",
    ...(anchor !== undefined ? { anchor } : {}),
    guards,
    ...(quickAnchors.length > 0 ? { quickAnchors } : {}),
    labels: st.options.filter((o) => o.name === "label").map((o) => o.args[0]?.value ?? ""),
    range: st.range,
  });

  // Inside an included file: its references are judged in its own policy, not here.
  let included = false;
  const walk = (statements: readonly PfStatement[], anchorPath: string | undefined, guards: PfMatchCriteria[]): void => {
    for (const st of statements) {
      if (!included) collectTables(st);
      switch (st.type) {
        case "MacroDefinition":
          macros.push({ name: st.name, value: st.value, nameRange: st.nameRange, range: st.range });
          break;
        case "TableDefinition": {
          const addresses: PfTable["addresses"][number][] = [];
          const names: string[] = [];
          for (const h of st.addresses) {
            if (h.kind === "address")
              addresses.push({ network: canonicalNetwork(h.address, h.mask) ?? h.address, negated: h.negated, range: h.range });
            else if (h.kind === "name") names.push(h.name);
            else if (h.kind === "self") names.push("self");
          }
          for (const f of st.files) externalFiles.push({ kind: "table-file", path: f.value, range: f.range });
          tables.push({
            name: st.name,
            persist: st.persist,
            const: st.const,
            counters: st.counters,
            addresses,
            names,
            files: st.files.map((f) => f.value),
            // A const table holds exactly what the file says; any other table can be changed with pfctl -T at run time,
            // but one given inline addresses is what the admin meant, so only persist-without-content is run-time filled.
            static: st.files.length === 0 && names.length === 0 && (st.addresses.length > 0 || !st.persist),
            range: st.range,
          });
          break;
        }
        case "SetOption":
          if (st.option === "skip") for (const i of st.interfaces) if (i.name !== "none") skip.push({ name: i.name, range: i.range });
          break;
        case "Include": {
          const inc = options.include?.(st);
          if (!inc) {
            externalFiles.push({ kind: "include", path: st.path.value, range: st.range });
            break;
          }
          const mark = [macros.length, tables.length, skip.length, filterRules.length, translations.length] as const;
          const outer = included;
          included = true;
          walk(inc.ast.statements, anchorPath, guards);
          included = outer;
          // A file the included one includes in turn keeps its own name.
          const tag = <T extends PfFromFile>(list: T[], from: number): void => {
            for (let i = from; i < list.length; i++) list[i] = { ...(list[i] as T), file: (list[i] as T).file ?? inc.file };
          };
          tag(macros, mark[0]);
          tag(tables, mark[1]);
          tag(skip, mark[2]);
          tag(filterRules, mark[3]);
          tag(translations, mark[4]);
          break;
        }
        case "LoadAnchor":
          externalFiles.push({ kind: "load-anchor", path: st.path.value, range: st.range });
          break;
        case "FilterRule": {
          const rule = filterRule(st, anchorPath, guards);
          filterRules.push(rule);
          const base = { ...criteria(st, st.options), quick: st.quick, no: false, pass: st.action === "pass", range: st.range };
          if (st.natTo) translations.push({ kind: "nat-to", ...base, ...optTarget(st.natTo) });
          if (st.rdrTo) translations.push({ kind: "rdr-to", ...base, ...optTarget(st.rdrTo) });
          if (st.binatTo) translations.push({ kind: "binat-to", ...base, ...optTarget(st.binatTo) });
          if (st.afTo) translations.push({ kind: "af-to", ...base, ...optTarget(st.afTo.from) });
          break;
        }
        case "TranslationRule":
          translations.push({
            kind: st.kind,
            ...criteria(st, st.options),
            no: st.no,
            pass: st.pass,
            quick: false,
            ...optTarget(st.redirect),
            range: st.range,
          });
          break;
        case "AnchorRule":
          anchorEntry(st, anchorPath, guards);
          break;
        case "Antispoof":
          // `antispoof for IF` blocks, inbound on any other interface, packets claiming IF's network (pf.conf.5).
          for (const i of st.interfaces) {
            filterRules.push({
              action: "block",
              direction: "in",
              interfaces: [{ name: i.name, negated: true, range: i.range }],
              af: st.af ?? "any",
              protos: [],
              from: {
                addresses: [{ kind: "interface", name: i.name, modifier: "network", dynamic: i.dynamic, negated: false, range: i.range }],
                ports: [],
              },
              to: { addresses: [], ports: [] },
              undecidable: [],
              quick: st.quick,
              log: st.log,
              state: "default",
              ...(anchorPath !== undefined ? { anchor: anchorPath } : {}),
              guards,
              labels: [],
              range: st.range,
            });
          }
          break;
        default:
          break;
      }
    }
  };

  const anchorEntry = (st: PfAnchorRuleNode, anchorPath: string | undefined, guards: PfMatchCriteria[]): void => {
    const name = st.name?.value ?? "";
    const path = anchorPath ? `${anchorPath}/${name || "_"}` : name || "_";
    if (st.kind !== "anchor" && st.kind !== "ether-anchor") {
      translations.push({
        kind: st.kind === "nat-anchor" ? "nat" : st.kind === "rdr-anchor" ? "rdr" : "binat",
        ...criteria(st, st.options),
        no: false,
        pass: false,
        quick: false,
        range: st.range,
      });
      return;
    }
    if (st.kind === "ether-anchor") return;
    if (st.body) {
      const outer = quickAnchors;
      if (st.quick) quickAnchors = [...outer, st.range.start];
      walk(st.body, path, [...guards, criteria(st, st.options)]);
      quickAnchors = outer;
      return;
    }
    filterRules.push({
      action: "anchor",
      ...criteria(st, st.options),
      quick: st.quick,
      log: st.log,
      state: "default",
      anchor: name,
      guards,
      labels: [],
      range: st.range,
    });
  };

  walk(file.statements, undefined, []);
  const unparsedTables = file.unparsed.flatMap((u) => u.tables.map((t) => t.name));
  const tableNames = new Set([...tables.map((t) => t.name), ...unparsedTables]);
  // A statement that did not parse yields its syntax error and nothing else: its references are not judged.
  const inUnparsed = (r: TextRange): boolean => file.unparsed.some((u) => r.start >= u.range.start && r.start < u.range.end);
  // pfctl checks a reference against the definitions made before it; the lexer recorded that in `defined`.
  return {
    macros,
    macroRefs: file.macroUses.filter((u) => !inUnparsed(u.range)).map((u) => ({ name: u.name, range: u.range, defined: u.defined })),
    tables,
    tableRefs: tableUses.sort((a, b) => a.range.start - b.range.start).map((u) => ({ ...u, defined: tableNames.has(u.name) })),
    skip,
    filterRules,
    translations,
    unparsedTables,
    externalFiles,
  };
}

function optTarget(r: PfRedirection | undefined): { target?: PfTranslationTarget } {
  const t = target(r);
  return t ? { target: t } : {};
}

// ---- interfaces and skip --------------------------------------------------------------------------

/**
 * The group FreeBSD puts a cloned interface in: the cloner's name (`lo1` → `lo`, `epair0a` → `epair`,
 * `bridge0` → `bridge`). jail-networking.md §4.1.
 */
export function clonerGroup(ifname: string): string | undefined {
  const m = /^([A-Za-z_.]+?)\d+[ab]?$/.exec(ifname);
  const name = m?.[1];
  // Only if_clone.c adds the cloner group: a physical interface (em0, vtnet1) is in no group named after its driver.
  return name !== undefined && CLONERS.has(name) && (name === "epair" || !/[ab]$/.test(ifname)) ? name : undefined;
}

/** FreeBSD's interface cloners (`ifconfig -C`), whose interfaces join a group of the cloner's name. */
const CLONERS = new Set([
  "bridge",
  "disc",
  "edsc",
  "enc",
  "epair",
  "geneve",
  "gif",
  "gre",
  "ipsec",
  "lagg",
  "lo",
  "me",
  "ovpn",
  "pflog",
  "pfsync",
  "stf",
  "tap",
  "tun",
  "vlan",
  "vmnet",
  "vxlan",
  "wg",
  "wlan",
]);

/** Whether `ifname` belongs to `name`: the same interface, or a member of the group `name`. */
export function interfaceInGroup(name: string, ifname: string, groups?: ReadonlyMap<string, readonly string[]>): boolean {
  if (name === ifname) return true;
  // pf_if.c pfi_skip_if: "group names may not end in a digit".
  if (/\d$/.test(name)) return false;
  if (groups?.get(name)?.includes(ifname)) return true;
  if (name === "all") return true;
  return clonerGroup(ifname) === name;
}

/** Whether `set skip on …` covers `ifname` (by name or by interface group), as pf_if.c's pfi_skip_if decides. */
export function isSkipped(policy: PfPolicy, ifname: string, groups?: ReadonlyMap<string, readonly string[]>): PfSkipEntry | undefined {
  return policy.skip.find((s) => interfaceInGroup(s.name, ifname, groups));
}

// ---- evaluation --------------------------------------------------------------------------------------

export interface PfPacket {
  readonly direction: "in" | "out";
  readonly ifname: string;
  readonly af: "inet" | "inet6";
  readonly proto: string;
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
}

export interface PfVerdict {
  readonly verdict: "pass" | "block" | "skipped" | "unknown";
  readonly rule?: PfFilterRule;
  readonly reason: string;
  /** For `skipped`: the `set skip` entry that covers the interface. */
  readonly skip?: PfSkipEntry;
  /** For `unknown`: what only the running host knows, without the rule (`table <t> is filled at run time …`). */
  readonly detail?: string;
  /** For `unknown` because of a table whose contents are not in pf.conf: its name. */
  readonly table?: string;
}

type Tri = true | false | { readonly unknown: string; readonly table?: string };

// The evaluator runs for every rule of every packet a rule check asks about (JL202 asks thousands), so the code
// below allocates nothing per rule on the common paths: no result lists, no closures, addresses parsed once.

const familyOf = (ip: string): "inet" | "inet6" => (ip.includes(":") ? "inet6" : "inet");

/** One packet address, looked at once: its family, canonical text, and as a number when it is IPv4. */
interface Addr {
  readonly text: string;
  readonly family: "inet" | "inet6";
  /** parseIp(text)?.toString(), or the text when it is not an address. */
  readonly canonical: string;
  readonly v4: number | undefined;
}

const addrCache = new Map<string, Addr>();
const ADDR_CACHE_LIMIT = 100_000;

function addrOf(text: string): Addr {
  let a = addrCache.get(text);
  if (a === undefined) {
    if (addrCache.size >= ADDR_CACHE_LIMIT) addrCache.clear();
    const ip = parseIp(text);
    a = {
      text,
      family: familyOf(text),
      canonical: ip?.toString() ?? text,
      v4: ip?.kind() === "ipv4" ? v4Number(ip.toByteArray()) : undefined,
    };
    addrCache.set(text, a);
  }
  return a;
}

const v4Number = (b: readonly number[]): number =>
  (((b[0] as number) << 24) | ((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number)) >>> 0;

/**
 * `a` in `net`/`len` as networkContains says, by integer arithmetic when both are IPv4 (ipaddr.js matches a
 * prefix of 0, NaN or below as everything and one above 32 as the whole address; so does this).
 */
function inNetwork(net: CompiledNet, a: Addr): boolean {
  if (net.v4 !== undefined && a.v4 !== undefined) {
    const len = net.len;
    if (!(len > 0)) return true;
    if (len >= 32) return a.v4 === net.v4;
    const mask = (0xffffffff << (32 - len)) >>> 0;
    return ((a.v4 ^ net.v4) & mask) >>> 0 === 0;
  }
  return networkContains(net.net, net.len, a.text);
}

interface CompiledNet {
  readonly net: string;
  readonly len: number;
  /** The network as a number when it is IPv4, else undefined (then networkContains decides). */
  readonly v4: number | undefined;
}

function compileNet(net: string, len: number): CompiledNet {
  const ip = parseIp(net);
  return { net, len, v4: ip?.kind() === "ipv4" ? v4Number(ip.toByteArray()) : undefined };
}

const networks = new WeakMap<PfAddressMatch, CompiledNet>();

function networkOf(m: PfAddressMatch & { kind: "network" }): CompiledNet {
  let c = networks.get(m);
  if (!c) {
    const [net = "", len = "0"] = m.network.split("/");
    c = compileNet(net, Number(len));
    networks.set(m, c);
  }
  return c;
}

/**
 * A table's known entries indexed once, for the evaluator and for the rules that ask about tables themselves
 * (JL202's address classes, JL210): host entries by hash, the others scanned (jail tables are mostly /32s).
 */
export interface PfTableIndex {
  /** Host entries: canonical address text → member (false for a negated entry); the last entry for an address wins. */
  readonly exact: ReadonlyMap<string, boolean>;
  /** How many entries are networks, which `has` scans. */
  readonly networks: number;
  /** Whether the table holds the address, as pf's radix tree answers it: the longest matching prefix decides. */
  has(ip: string): boolean;
}

class TableLookup implements PfTableIndex {
  readonly exact = new Map<string, boolean>();
  readonly #nets: { net: CompiledNet; family: "inet" | "inet6"; negated: boolean }[] = [];

  constructor(t: PfTable) {
    for (const a of t.addresses) {
      // `net/len` as split("/") reads it, without the list: a table may hold one entry per jail.
      const text = a.network;
      const slash = text.indexOf("/");
      const end = slash < 0 ? -1 : text.indexOf("/", slash + 1);
      const net = slash < 0 ? text : text.slice(0, slash);
      const bits = slash < 0 ? 0 : Number(end < 0 ? text.slice(slash + 1) : text.slice(slash + 1, end));
      if (bits === (net.includes(":") ? 128 : 32)) this.exact.set(net, !a.negated);
      else this.#nets.push({ net: compileNet(net, bits), family: familyOf(net), negated: a.negated });
    }
  }

  get networks(): number {
    return this.#nets.length;
  }

  has(ip: string): boolean {
    return this.hasAddr(addrOf(ip));
  }

  hasAddr(ip: Addr): boolean {
    // A negated entry at the longest matching prefix means no match; a host entry is the longest prefix there is.
    // Entries are canonical; the packet's address is tried as written and in canonical form.
    const exact = this.exact;
    const e = exact.get(ip.text) ?? (exact.size > 0 && ip.canonical !== ip.text ? exact.get(ip.canonical) : undefined);
    if (e !== undefined) return e;
    let best = -1;
    let hit = false;
    for (const n of this.#nets) {
      if (n.net.len > best && n.family === ip.family && inNetwork(n.net, ip)) {
        best = n.net.len;
        hit = !n.negated;
      }
    }
    return hit;
  }
}

const tableLookups = new WeakMap<PfTable, TableLookup>();

function tableLookup(t: PfTable): TableLookup {
  let l = tableLookups.get(t);
  if (!l) {
    l = new TableLookup(t);
    tableLookups.set(t, l);
  }
  return l;
}

/** The index of a table's entries, built once per table whoever asks first. */
export function pfTableIndex(t: PfTable): PfTableIndex {
  return tableLookup(t);
}

const tablesByName = new WeakMap<readonly PfTable[], ReadonlyMap<string, PfTable>>();

function tableMap(tables: readonly PfTable[]): ReadonlyMap<string, PfTable> {
  let m = tablesByName.get(tables);
  if (!m) {
    m = new Map(tables.map((t) => [t.name, t]));
    tablesByName.set(tables, m);
  }
  return m;
}

function matchAddress(m: PfAddressMatch, ip: Addr, tables: ReadonlyMap<string, PfTable>): Tri {
  switch (m.kind) {
    case "network":
      // pfctl gives a rule the family of its address, so `! 10.0.0.0/8` never matches an IPv6 packet.
      if (m.af !== ip.family) return false;
      return inNetwork(networkOf(m), ip) !== m.negated;
    case "range":
      if (familyOf(m.from) !== ip.family) return false;
      return rangeContains(m.from, m.to, ip.text) !== m.negated;
    case "table": {
      const t = tables.get(m.name);
      if (!t) return { unknown: `table <${m.name}> is not defined in this file (filled at run time)`, table: m.name };
      if (!t.static) return { unknown: `table <${m.name}> is filled at run time or from a file`, table: m.name };
      return tableLookup(t).hasAddr(ip) !== m.negated;
    }
    case "interface":
      return {
        unknown: `address \`${m.dynamic ? `(${m.name})` : m.name}\` is the interface's or host's addresses, known only on the host`,
      };
    default:
      return { unknown: `address \`${m.kind}\` cannot be decided statically` };
  }
}

function matchPort(p: PfPortMatch, port: number): Tri {
  if (p.low === undefined || (p.high === undefined && (p.op === ":" || p.op === "><" || p.op === "<>")))
    return { unknown: `port \`${p.text}\` is not a known number` };
  const lo = p.low;
  const hi = p.high ?? lo;
  switch (p.op) {
    case "=":
      return port === lo;
    case "!=":
      return port !== lo;
    case "<":
      return port < lo;
    case "<=":
      return port <= lo;
    case ">":
      return port > lo;
    case ">=":
      return port >= lo;
    case ":":
      return port >= lo && port <= hi;
    case "><":
      return port > lo && port < hi;
    case "<>":
      return port < lo || port > hi;
  }
  return false;
}

/** Any of the list matching: true if one does, else the first that may, else false. */
function matchPorts(ports: readonly PfPortMatch[], port: number | undefined, side: string): Tri {
  if (ports.length === 0) return true;
  if (port === undefined) return { unknown: `the rule matches on the ${side} port, which the packet does not give` };
  let maybe: Tri = false;
  for (const p of ports) {
    const r = matchPort(p, port);
    if (r === true) return true;
    if (r !== false && maybe === false) maybe = r;
  }
  return maybe;
}

/** One side of a rule: any of its addresses, and then any of its ports (false first, then the first "may"). */
function matchSide(e: PfEndpoint, ip: Addr, port: number | undefined, name: string, tables: ReadonlyMap<string, PfTable>): Tri {
  let addr: Tri = true;
  if (e.addresses.length > 0) {
    addr = false;
    for (const a of e.addresses) {
      const r = matchAddress(a, ip, tables);
      if (r === true) {
        addr = true;
        break;
      }
      if (r !== false && addr === false) addr = r;
    }
  }
  // A rule with addresses only of the other family cannot match (pfctl drops such expansions).
  if (addr === false) return false;
  const ports = matchPorts(e.ports, port, name);
  if (ports === false) return false;
  return addr === true ? ports : addr;
}

/** A packet as the matcher reads it: its addresses looked at once, its protocol named once. */
interface Prepared {
  readonly packet: PfPacket;
  readonly proto: string;
  readonly src: Addr;
  readonly dst: Addr;
}

function matchCriteria(
  c: PfMatchCriteria,
  q: Prepared,
  tables: ReadonlyMap<string, PfTable>,
  groups?: ReadonlyMap<string, readonly string[]>,
): Tri {
  const p = q.packet;
  if (c.direction !== "both" && c.direction !== p.direction) return false;
  if (c.af !== "any" && c.af !== p.af) return false;
  // The common `on lo1`: one plain interface, decided without building a list.
  const only = c.interfaces.length === 1 ? c.interfaces[0] : undefined;
  if (only && !only.undefinedMacro && only.name !== "any" && interfaceInGroup(only.name, p.ifname, groups) === only.negated) return false;
  if (c.interfaces.length > 0) {
    let on: Tri = false;
    for (const i of c.interfaces) {
      if (i.undefinedMacro) {
        if (on === false) on = { unknown: `interface \`${i.name}\` is an undefined macro` };
        continue;
      }
      if ((i.name === "any" || interfaceInGroup(i.name, p.ifname, groups)) !== i.negated) {
        on = true;
        break;
      }
    }
    if (on !== true) return on;
  }
  if (c.protos.length > 0 && !c.protos.includes(q.proto)) return false;
  const from = matchSide(c.from, q.src, p.sport, "source", tables);
  if (from === false) return false;
  const to = matchSide(c.to, q.dst, p.dport, "destination", tables);
  if (to === false) return false;
  if (from !== true) return from;
  if (to !== true) return to;
  return c.undecidable.length > 0 ? { unknown: `it depends on \`${c.undecidable[0]}\`, which a static check cannot know` } : true;
}

function describeRule(r: PfFilterRule): string {
  return `${r.action}${r.quick ? " quick" : ""} rule at offset ${r.range.start}${r.anchor ? ` (anchor ${r.anchor})` : ""}`;
}

/**
 * Decides what pf does with the first packet of a connection, by pf's rules: skipped interfaces are not
 * filtered; the last matching pass/block rule wins unless a `quick` rule matches first; `match` rules decide
 * nothing; no match means pass. Returns `unknown` as soon as a deciding rule depends on something only the host
 * knows (a run-time table, interface addresses, an external anchor).
 */
export function evaluatePacket(policy: PfPolicy, packet: PfPacket, groups?: ReadonlyMap<string, readonly string[]>): PfVerdict {
  const skipped = isSkipped(policy, packet.ifname, groups);
  if (skipped)
    return { verdict: "skipped", skip: skipped, reason: `\`set skip on ${skipped.name}\` covers ${packet.ifname}: pf does not filter it` };
  const tables = tableMap(policy.tables);
  const q: Prepared = { packet, proto: protoName(packet.proto), src: addrOf(packet.src), dst: addrOf(packet.dst) };
  let last: PfFilterRule | undefined;
  let matchedIn: Set<number> | undefined;
  const rules = policy.filterRules;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as PfFilterRule;
    // The enclosing anchors' conditions and the rule's own must all hold: false if one fails, else the first "may".
    let m: Tri = true;
    for (let g = 0; g <= rule.guards.length; g++) {
      const r = matchCriteria(g < rule.guards.length ? (rule.guards[g] as PfMatchCriteria) : rule, q, tables, groups);
      if (r === false) {
        m = false;
        break;
      }
      if (r !== true && m === true) m = r;
    }
    if (m !== false && rule.action !== "match") {
      if (rule.action === "anchor") {
        const detail = `anchor "${rule.anchor}" may apply, and its rules are loaded at run time`;
        return { verdict: "unknown", rule, reason: detail, detail };
      }
      if (m !== true)
        return {
          verdict: "unknown",
          rule,
          reason: `the ${describeRule(rule)} may match: ${m.unknown}`,
          detail: m.unknown,
          ...(m.table !== undefined ? { table: m.table } : {}),
        };
      last = rule;
      if (rule.quick) return { verdict: rule.action, rule, reason: `the ${describeRule(rule)} matches first` };
      if (rule.quickAnchors) {
        matchedIn ??= new Set();
        for (const a of rule.quickAnchors) matchedIn.add(a);
      }
    }
    // Leaving an `anchor quick` in which a rule matched ends the evaluation with that match.
    if (rule.quickAnchors && matchedIn && last) {
      const next = rules[i + 1]?.quickAnchors ?? [];
      const inside = matchedIn;
      if (rule.quickAnchors.some((a) => inside.has(a) && !next.includes(a))) {
        return {
          verdict: last.action === "block" ? "block" : "pass",
          rule: last,
          reason: `the ${describeRule(last)} matches inside a quick anchor`,
        };
      }
    }
  }
  if (!last) return { verdict: "pass", reason: "no rule matches, and pf passes by default" };
  return { verdict: last.action === "block" ? "block" : "pass", rule: last, reason: `the ${describeRule(last)} is the last match` };
}

export type { PfInterfaceItem };
