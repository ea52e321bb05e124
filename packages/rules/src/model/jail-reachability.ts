import {
  evaluatePacket,
  isSkipped,
  LineIndex,
  networkContains,
  type PfAddressMatch,
  type PfFilterRule,
  type PfMatchCriteria,
  type PfPacket,
  type PfPolicy,
  type PfTable,
  type PfTranslation,
  type PfVerdict,
  rangeContains,
  type TextRange,
} from "@jaillint/parser";
import type { HostModel } from "./host-model.js";
import { addressKey, type JailAddressEntry, type JailNetwork } from "./jail-network.js";
import { hostPfPolicy } from "./pf-host-policy.js";
import { indexTable, type TableIndex } from "./pf-table-index.js";

/** A pf.conf or rc.conf place that decides a verdict. */
export interface ReachEvidence {
  readonly file: string;
  readonly range: TextRange;
  readonly message: string;
}

export interface ReachVerdict {
  /** `allowed`: passed, but only by rules that name this source and destination host by host (deliberate). */
  readonly verdict: "pass" | "block" | "allowed" | "unknown";
  /** Why, in words: "`set skip on lo` covers lo1", "pass rules let it out and in on lo1", … */
  readonly reason: string;
  readonly evidence: readonly ReachEvidence[];
  /** What lets it through: pf not running, a skipped interface, or the rules themselves. */
  readonly cause?: "pf-disabled" | "skipped" | "rules";
}

export interface ReachSource {
  readonly jail: string;
  readonly address: string;
}

/** Who reaches one destination jail's loopback address, grouped by how. */
export interface LoopbackReach {
  readonly destination: JailNetwork;
  readonly entry: JailAddressEntry;
  readonly iface: string;
  /** Other jails whose first packet pf passes out and in; `count` in all, `sample` the first few. */
  readonly passed: { readonly count: number; readonly sample: readonly ReachSource[]; readonly how: ReachVerdict } | undefined;
  /** Other jails for which the verdict hangs on something only the running host knows. */
  readonly unknown: { readonly count: number; readonly sample: readonly ReachSource[]; readonly how: ReachVerdict } | undefined;
}

type Groups = ReadonlyMap<string, readonly string[]>;

const SAMPLE = 4;
/** An ephemeral source port (net.inet.ip.portrange.first is 10000 and up): rules on source ports rarely matter here. */
const SOURCE_PORT = 50000;
const PROTOS = ["tcp", "udp"] as const;

interface Source extends ReachSource {
  readonly network: JailNetwork;
}

/** pf's evaluation of one packet; tests pass a counting one to hold the number of evaluations to account. */
export type PacketEvaluator = (policy: PfPolicy, packet: PfPacket, groups?: Groups) => PfVerdict;

/** A `from`/`to` element that names one address: the rules holding it can be looked up by that address. */
function hostKey(m: PfAddressMatch): string | undefined {
  if (m.kind !== "network" || m.negated) return undefined;
  const [n = "", len = ""] = m.network.split("/");
  return (len === "32" && !n.includes(":")) || len === "128" ? n : undefined;
}

function hostsOnly(addresses: readonly PfAddressMatch[]): string[] | undefined {
  if (addresses.length === 0) return undefined;
  const keys = addresses.map(hostKey);
  return keys.every((k): k is string => k !== undefined) ? keys : undefined;
}

type Matcher = (ip: string) => "1" | "0" | "u";

/**
 * The rules of a policy that can apply to traffic to one destination, found without trying every rule for every
 * destination: rules whose `to` names single addresses are indexed by them, and only the others (typically a
 * handful: `block in all`, `block in quick on lo1 from lo1 to lo1`) are tried against each destination class.
 * Destinations are grouped by how those other rules' `to` elements see them, so the work grows with jails plus
 * rules, not jails × rules.
 */
export class RelevantRules {
  readonly #policy: PfPolicy;
  readonly #groups: Groups;
  readonly #evaluate: PacketEvaluator;
  readonly #general: number[] = [];
  readonly #generalTrans: number[] = [];
  readonly #byHost = new Map<string, { filter: number[]; trans: number[] }>();
  readonly #toMatchers: Matcher[];
  readonly #cache = new Map<string, PfPolicy>();
  readonly #probeCache = new Map<string, boolean>();

  constructor(policy: PfPolicy, groups: Groups, evaluate: PacketEvaluator, matcher: (m: PfAddressMatch) => Matcher) {
    this.#policy = policy;
    this.#groups = groups;
    this.#evaluate = evaluate;
    const general: (PfMatchCriteria & { guards?: readonly PfMatchCriteria[] })[] = [];
    const slot = (k: string): { filter: number[]; trans: number[] } => {
      let e = this.#byHost.get(k);
      if (!e) {
        e = { filter: [], trans: [] };
        this.#byHost.set(k, e);
      }
      return e;
    };
    policy.filterRules.forEach((r, i) => {
      const hosts = r.action === "anchor" ? undefined : hostsOnly(r.to.addresses);
      if (hosts) for (const h of new Set(hosts)) slot(h).filter.push(i);
      else {
        this.#general.push(i);
        general.push(r);
      }
    });
    policy.translations.forEach((t, i) => {
      if (t.no) return;
      const hosts = hostsOnly(t.to.addresses);
      if (hosts) for (const h of new Set(hosts)) slot(h).trans.push(i);
      else {
        this.#generalTrans.push(i);
        general.push(t);
      }
    });
    this.#toMatchers = collectMatchers(general, "to").map(matcher);
  }

  /** Destinations with the same key meet the same rules the same way. */
  key(iface: string, dst: string): string {
    const named = this.#byHost.has(dst) ? dst : "";
    return `${iface}\0${named}\0${this.#toMatchers.map((f) => f(dst)).join("")}`;
  }

  /** The policy cut down to the rules that can match some packet on `iface` to `dst`, in their order. */
  relevant(iface: string, dst: string): PfPolicy {
    const key = this.key(iface, dst);
    const hit = this.#cache.get(key);
    if (hit) return hit;
    const policy = this.#policy;
    const own = this.#byHost.get(dst);
    const filterIdx = merge(this.#general, own?.filter ?? []);
    const transIdx = merge(this.#generalTrans, own?.trans ?? []);
    const filterRules = filterIdx
      .map((i) => policy.filterRules[i] as PfFilterRule)
      .filter(
        (r, n) =>
          r.action === "anchor" ||
          (r.guards.every((g) => this.#probe(g, iface, dst, -1)) && this.#probe(r, iface, dst, filterIdx[n] as number)),
      );
    const translations = transIdx.map((i) => policy.translations[i] as PfTranslation).filter((t) => this.#probe(t, iface, dst, -1));
    const out: PfPolicy = { ...policy, filterRules, translations };
    this.#cache.set(key, out);
    return out;
  }

  // Asks pf's own matcher whether the rule can match this interface and destination for some source: its source,
  // protocol and port conditions dropped, evaluated alone. A rule that names no destination is asked once per
  // interface.
  #probe(c: PfMatchCriteria, iface: string, dst: string, index: number): boolean {
    const cacheKey = index >= 0 && c.to.addresses.length === 0 ? `${iface}\0${index}` : undefined;
    if (cacheKey !== undefined) {
      const known = this.#probeCache.get(cacheKey);
      if (known !== undefined) return known;
    }
    const loose = asQuickPass({ ...c, from: { addresses: [], ports: [] }, protos: [], to: { ...c.to, ports: [] }, undecidable: [] });
    const one: PfPolicy = { ...this.#policy, skip: [], filterRules: [loose] };
    const result = (["in", "out"] as const).some((direction) => {
      const v = this.#evaluate(one, { direction, ifname: iface, af: "inet", proto: "tcp", src: "0.0.0.0", dst }, this.#groups);
      return v.rule !== undefined || v.verdict === "unknown";
    });
    if (cacheKey !== undefined) this.#probeCache.set(cacheKey, result);
    return result;
  }
}

function merge(a: readonly number[], b: readonly number[]): number[] {
  if (b.length === 0) return [...a];
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

/** The addresses `from` names one by one in these rules (their guards included). */
function hostSources(policy: PfPolicy): Set<string> {
  const out = new Set<string>();
  for (const r of [...policy.filterRules, ...policy.translations]) {
    for (const c of [r, ...("guards" in r ? r.guards : [])])
      for (const a of c.from.addresses) {
        const k = hostKey(a);
        if (k !== undefined) out.add(k);
      }
  }
  return out;
}

/**
 * Decides, for each jail holding an IPv4 alias on a loopback interface, which other such jails can open a
 * connection to it (jail-networking.md §5.2). Linear in jails plus rules: destinations are grouped by how the
 * ruleset's address matchers see their addresses (RelevantRules), sources by how the `from` elements that name
 * networks see theirs, with the few sources a rule names one by one split off; each group pair is evaluated once.
 * IPv6 is left out: which interfaces pf sees for local IPv6 traffic is unconfirmed (§3.2).
 */
export function loopbackReachability(model: HostModel, evaluate: PacketEvaluator = evaluatePacket): LoopbackReach[] {
  const net = model.network;
  const loopJails: { network: JailNetwork; entry: JailAddressEntry; iface: string }[] = [];
  for (const j of net.jails) {
    const entry = j.ip4.find((e) => {
      const i = e.ip && net.interfaceOf(e);
      return i !== undefined && net.isLoopback(i) && addressKey(e) !== "127.0.0.1";
    });
    if (entry) loopJails.push({ network: j, entry, iface: net.interfaceOf(entry) as string });
  }
  if (loopJails.length < 2) return [];

  const rc = model.rc?.config;
  const pfEnabled = rc?.pfEnable;
  let fixed: ReachVerdict | undefined;
  if (rc && pfEnabled && !pfEnabled.enabled) {
    const where = pfEnabled.source;
    fixed = {
      verdict: "pass",
      cause: "pf-disabled",
      reason: where
        ? `rc.conf sets pf_enable="${pfEnabled.value}", so pf filters nothing`
        : 'rc.conf does not set pf_enable="YES", so pf filters nothing',
      evidence: where ? [{ file: where.file, range: where.range, message: "pf is not enabled here" }] : [],
    };
  } else if (!model.pf) {
    if (!rc) return [];
    fixed = { verdict: "unknown", reason: "pf is enabled but its pf.conf was not given", evidence: [] };
  }
  const pfFile = model.pf?.main.file ?? "";
  const pfLines = new LineIndex(model.texts.get(pfFile) ?? "");
  // evaluatePacket names rules by offset; people read lines.
  const readable = (reason: string): string =>
    reason.replace(/at offset (\d+)/g, (_, o: string) => `on line ${pfLines.position(Number(o)).line}`);
  const policy = model.pf ? hostPfPolicy(model.pf.main.policy, net) : undefined;
  const matcher = addressMatcher(policy);
  const index = policy ? new RelevantRules(policy, net.groups, evaluate, matcher) : undefined;
  // Elements of `from` that are not single addresses split the sources into classes once per interface.
  const networkFrom = policy
    ? collectMatchers([...policy.filterRules, ...policy.translations], "from")
        .filter((m) => hostKey(m) === undefined)
        .map(matcher)
    : [];

  // Source address per loopback interface (§3.3): the jail's first address on it, else its primary.
  interface SourceClasses {
    readonly byJail: Map<string, { source: Source; klass: number }>;
    readonly byAddress: Map<string, Source[]>;
    readonly classes: Source[][];
  }
  const sourcesOn = new Map<string, SourceClasses>();
  const sources = (iface: string): SourceClasses => {
    let sc = sourcesOn.get(iface);
    if (sc) return sc;
    sc = { byJail: new Map(), byAddress: new Map(), classes: [] };
    const bySig = new Map<string, number>();
    for (const lj of loopJails) {
      const j = lj.network;
      const own = j.ip4SourceSelection ? j.ip4.find((e) => e.ip && net.interfaceOf(e) === iface) : undefined;
      const e = own ?? j.primaryIp4;
      if (!e?.ip) continue;
      const s: Source = { jail: j.name, address: addressKey(e), network: j };
      const sig = networkFrom.map((f) => f(s.address)).join("");
      let k = bySig.get(sig);
      if (k === undefined) {
        k = sc.classes.length;
        bySig.set(sig, k);
        sc.classes.push([]);
      }
      sc.classes[k]?.push(s);
      sc.byJail.set(j.name, { source: s, klass: k });
      const l = sc.byAddress.get(s.address);
      if (l) l.push(s);
      else sc.byAddress.set(s.address, [s]);
    }
    sourcesOn.set(iface, sc);
    return sc;
  };

  // Destinations are grouped by interface and by how the rules' `to` elements see them.
  const destGroups = new Map<string, { iface: string; members: typeof loopJails }>();
  for (const lj of loopJails) {
    const sig = index ? index.key(lj.iface, lj.entry.address) : lj.iface;
    let g = destGroups.get(sig);
    if (!g) {
      g = { iface: lj.iface, members: [] };
      destGroups.set(sig, g);
    }
    g.members.push(lj);
  }

  const out: LoopbackReach[] = [];
  for (const g of destGroups.values()) {
    const rep = g.members[0];
    if (!rep) continue;
    const sc = sources(g.iface);
    // A class of sources: members of one source class, less those split off (`excluded`), or the sources of one
    // address a rule names.
    type Klass = {
      members: readonly Source[];
      size: number;
      excluded: ReadonlySet<string>;
      verdict: ReachVerdict;
      /** The source class it is part of, or the one address a rule names. */
      of: { klass: number } | { address: string };
    };
    const klasses: Klass[] = [];
    const none: ReadonlySet<string> = new Set();
    const all = (verdict: ReachVerdict): void => {
      sc.classes.forEach((members, klass) => {
        klasses.push({ members, size: members.length, excluded: none, verdict, of: { klass } });
      });
    };
    if (fixed) all(fixed);
    else if (policy && index) {
      const skip = isSkipped(policy, g.iface, net.groups);
      if (skip) {
        all({
          verdict: "pass",
          cause: "skipped",
          reason: `\`set skip on ${skip.name}\` covers ${g.iface}, so pf does not filter it`,
          evidence: [{ file: skip.file ?? pfFile, range: skip.range, message: `set skip on ${skip.name}` }],
        });
      } else {
        const relevant = index.relevant(g.iface, rep.entry.address);
        const ports = candidatePorts(relevant);
        const hosts = [...hostSources(relevant)].filter((a) => sc.byAddress.has(a));
        const named: ReadonlySet<string> = new Set(hosts);
        const verdictFor = (s: Source): ReachVerdict => {
          const v = decide(relevant, pfFile, g.iface, s.address, rep.entry.address, ports, net.groups, evaluate);
          return { ...v, reason: readable(v.reason) };
        };
        for (const a of hosts) {
          const members = sc.byAddress.get(a) ?? [];
          const first = members[0];
          if (first) klasses.push({ members, size: members.length, excluded: none, verdict: verdictFor(first), of: { address: a } });
        }
        const peeled = new Map<number, number>();
        for (const a of hosts) {
          for (const s of sc.byAddress.get(a) ?? []) {
            const k = sc.byJail.get(s.jail)?.klass as number;
            peeled.set(k, (peeled.get(k) ?? 0) + 1);
          }
        }
        sc.classes.forEach((members, k) => {
          const size = members.length - (peeled.get(k) ?? 0);
          if (size === 0) return;
          const first = members.find((s) => !named.has(s.address)) as Source;
          klasses.push({ members, size, excluded: named, verdict: verdictFor(first), of: { klass: k } });
        });
      }
    }
    // Per destination, count each class once (minus the destination itself) and name only the first few: no loop
    // over all sources per destination.
    for (const d of g.members) {
      const self = sc.byJail.get(d.network.name);
      const inKlass = (k: Klass): boolean => {
        if (!self) return false;
        if ("address" in k.of) return k.of.address === self.source.address;
        return k.of.klass === self.klass && !k.excluded.has(self.source.address);
      };
      const collect = (v: "pass" | "unknown"): LoopbackReach["passed"] => {
        let count = 0;
        const sample: ReachSource[] = [];
        let how: ReachVerdict | undefined;
        for (const k of klasses) {
          if (k.verdict.verdict !== v) continue;
          const n = k.size - (inKlass(k) ? 1 : 0);
          if (n === 0) continue;
          count += n;
          how ??= k.verdict;
          for (const s of k.members) {
            if (sample.length >= SAMPLE) break;
            if (s.jail !== d.network.name && !k.excluded.has(s.address)) sample.push({ jail: s.jail, address: s.address });
          }
        }
        return how ? { count, sample, how } : undefined;
      };
      out.push({ destination: d.network, entry: d.entry, iface: d.iface, passed: collect("pass"), unknown: collect("unknown") });
    }
  }
  return out;
}

/** How one `from`/`to` element sees an address: "1", "0", or "u" when only the running host knows. */
export function addressMatcher(policy: PfPolicy | undefined): (m: PfAddressMatch) => Matcher {
  const tables = new Map<string, TableIndex>();
  const tablesByName = new Map((policy?.tables ?? []).map((t) => [t.name, t]));
  const tableIndex = (t: PfTable | undefined): TableIndex | undefined => {
    if (!t?.static) return undefined;
    let ti = tables.get(t.name);
    if (!ti) {
      ti = indexTable(t);
      tables.set(t.name, ti);
    }
    return ti;
  };
  return (m) => {
    const flip = (b: boolean): "1" | "0" => (b !== m.negated ? "1" : "0");
    switch (m.kind) {
      case "network": {
        const [n = "", len = "0"] = m.network.split("/");
        return (ip) => flip(networkContains(n, Number(len), ip));
      }
      case "range":
        return (ip) => flip(rangeContains(m.from, m.to, ip));
      case "table": {
        const ti = tableIndex(tablesByName.get(m.name));
        return ti ? (ip) => flip(ti.has(ip)) : () => "u";
      }
      default:
        return () => "u";
    }
  };
}

function collectMatchers(
  rules: readonly (PfMatchCriteria & { guards?: readonly PfMatchCriteria[] })[],
  side: "from" | "to",
): PfAddressMatch[] {
  const seen = new Map<string, PfAddressMatch>();
  for (const r of rules) {
    for (const c of [r, ...(r.guards ?? [])]) {
      for (const a of c[side].addresses) {
        const { range: _r, ...rest } = a;
        const key = JSON.stringify(rest);
        if (!seen.has(key)) seen.set(key, a);
      }
    }
  }
  return [...seen.values()];
}

function asQuickPass(c: PfMatchCriteria): PfFilterRule {
  return {
    ...c,
    action: "pass",
    quick: true,
    log: false,
    state: "default",
    guards: [],
    labels: [],
    range: "range" in c ? (c as { range: TextRange }).range : { start: 0, end: 0 },
  };
}

/** Destination ports worth trying: one outside every rule's ports, and the edges of each port condition. */
function candidatePorts(policy: PfPolicy): number[] {
  const ports = new Set<number>([1]);
  for (const r of [...policy.filterRules, ...policy.translations]) {
    for (const p of r.to.ports) {
      for (const n of [p.low, p.high]) {
        if (n === undefined) continue;
        for (const d of [-1, 0, 1]) if (n + d >= 1 && n + d <= 65535) ports.add(n + d);
      }
    }
  }
  return [...ports].sort((a, b) => a - b).slice(0, 64);
}

function line(policyFile: string, r: { range: TextRange; file?: string }, message: string): ReachEvidence {
  // A rule from an included file names that file.
  return { file: r.file ?? policyFile, range: r.range, message };
}

/** §5.2 steps 3 and 4 for one source and destination: translation, then out on X, then in on X. */
function decide(
  policy: PfPolicy,
  file: string,
  iface: string,
  src: string,
  dst: string,
  ports: readonly number[],
  groups: Groups,
  evaluate: PacketEvaluator,
): ReachVerdict {
  let unknown: ReachVerdict | undefined;
  let blocked: ReachVerdict | undefined;
  for (const proto of PROTOS) {
    for (const dport of ports) {
      const packet = { ifname: iface, af: "inet" as const, proto, src, dst, sport: SOURCE_PORT, dport };
      const tr = translated(policy, packet, groups, evaluate);
      if (tr) {
        unknown ??= {
          verdict: "unknown",
          reason: `a ${tr.kind} rule translates it on ${iface}, so the outcome depends on the translated address`,
          evidence: [line(file, tr, `${tr.kind} rule`)],
        };
        continue;
      }
      const out = evaluate(policy, { ...packet, direction: "out" }, groups);
      const inn = evaluate(policy, { ...packet, direction: "in" }, groups);
      if (out.verdict === "block" || inn.verdict === "block") {
        blocked ??= { verdict: "block", reason: "blocked", evidence: [] };
        continue;
      }
      if (out.verdict === "unknown" || inn.verdict === "unknown") {
        const u = (out.verdict === "unknown" ? out : inn) as PfVerdict;
        unknown ??= {
          verdict: "unknown",
          reason: u.reason,
          evidence: u.rule ? [line(file, u.rule, "the verdict depends on this rule")] : [],
        };
        continue;
      }
      if ([out.rule, inn.rule].some(namesHosts)) {
        blocked ??= { verdict: "allowed", reason: "passed by a rule that names both jails", evidence: [] };
        continue;
      }
      const evidence: ReachEvidence[] = [];
      if (out.rule) evidence.push(line(file, out.rule, `passes it out on ${iface}`));
      if (inn.rule && inn.rule !== out.rule) evidence.push(line(file, inn.rule, `passes it in on ${iface}`));
      else if (inn.rule) evidence[0] = line(file, inn.rule, `passes it out and in on ${iface}`);
      // Port 1 is the probe for "a port no rule names": say that, not "port 1".
      const portText = ports.length === 1 ? " traffic to any port" : dport === 1 ? " traffic to ports no rule names" : ` port ${dport}`;
      const what = `${proto}${proto === "tcp" || proto === "udp" ? portText : ""}`;
      const reason =
        !out.rule && !inn.rule
          ? `no pf rule matches ${what} on ${iface}, and pf passes by default`
          : `pf passes ${what} out and then in on ${iface}${!out.rule || !inn.rule ? " (one way by default: no rule matches)" : ""}`;
      return { verdict: "pass", cause: "rules", reason, evidence };
    }
  }
  return unknown ?? blocked ?? { verdict: "block", reason: "blocked", evidence: [] };
}

/** A pass rule written for particular hosts: every source and destination is a single address. */
function namesHosts(r: PfFilterRule | undefined): boolean {
  if (!r) return false;
  const host = (a: PfAddressMatch): boolean => a.kind === "network" && !a.negated && /\/(32|128)$/.test(a.network);
  return r.from.addresses.length > 0 && r.to.addresses.length > 0 && r.from.addresses.every(host) && r.to.addresses.every(host);
}

function translated(
  policy: PfPolicy,
  packet: { ifname: string; af: "inet"; proto: string; src: string; dst: string; sport: number; dport: number },
  groups: Groups,
  evaluate: PacketEvaluator,
): { kind: string; range: TextRange } | undefined {
  for (const t of policy.translations) {
    const direction = t.kind === "nat" || t.kind === "nat-to" ? "out" : "in";
    if (t.direction !== "both" && t.direction !== direction) continue;
    const one: PfPolicy = { ...policy, skip: [], filterRules: [asQuickPass({ ...t, direction: "both" })] };
    const v = evaluate(one, { ...packet, direction }, groups);
    if (v.rule || v.verdict === "unknown") return { kind: t.kind, range: t.range };
  }
  return undefined;
}
