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
import { type AddressClass, AddressClassifier, type Matcher, overrideId } from "./address-classes.js";
import type { HostModel } from "./host-model.js";
import type { HostNetwork } from "./host-network.js";
import { addressKey, type JailAddressEntry, type JailNetwork } from "./jail-network.js";
import { hostPacketFilter } from "./packet-filter.js";
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
  readonly cause?: "pf-disabled" | "pf-unread" | "ipfw" | "ipfw-rules" | "ipfw-interface" | "skipped" | "rules";
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

/** One destination of a ReachGroup and the side of its reachability the group is about. */
export interface ReachGroupMember {
  readonly reach: LoopbackReach;
  readonly side: NonNullable<LoopbackReach["passed"]>;
}

/**
 * Destinations whose reachability has one cause: the same verdict, reason and evidence (pf off, one `set skip`
 * entry, one pass rule). JL202 reports one finding per group at its first member's address, JL203 one per
 * skipped entry; the graph draws one edge per group.
 */
export interface ReachGroup {
  readonly verdict: "pass" | "unknown";
  readonly how: ReachVerdict;
  readonly members: readonly ReachGroupMember[];
}

/** The reachability of loopbackReachability grouped by cause, in the order of each group's first destination. */
export function reachGroups(reaches: readonly LoopbackReach[]): ReachGroup[] {
  const groups = new Map<string, { verdict: "pass" | "unknown"; how: ReachVerdict; members: ReachGroupMember[] }>();
  for (const reach of reaches) {
    const side = reach.passed ?? reach.unknown;
    if (!side) continue;
    const verdict = reach.passed ? "pass" : "unknown";
    const key = `${verdict}\0${side.how.cause ?? ""}\0${side.how.reason}\0${side.how.evidence.map((e) => `${e.file}:${e.range.start}`).join(",")}`;
    let g = groups.get(key);
    if (!g) {
      g = { verdict, how: side.how, members: [] };
      groups.set(key, g);
    }
    g.members.push({ reach, side });
  }
  return [...groups.values()];
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
  // Asked for every element of every rule: string tests, no split.
  const net = m.network;
  const slash = net.indexOf("/");
  if (slash < 0) return undefined;
  const end = net.indexOf("/", slash + 1);
  const len = net.slice(slash + 1, end < 0 ? undefined : end);
  const n = net.slice(0, slash);
  return len === "128" || (len === "32" && !n.includes(":")) ? n : undefined;
}

function hostsOnly(addresses: readonly PfAddressMatch[]): string[] | undefined {
  if (addresses.length === 0) return undefined;
  // Asked for every rule: no list unless every element is a single address.
  for (let i = 0; i < addresses.length; i++) if (hostKey(addresses[i] as PfAddressMatch) === undefined) return undefined;
  return addresses.map(hostKey) as string[];
}

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
  readonly #to: AddressClassifier;
  readonly #cache = new Map<string, PfPolicy>();
  readonly #probeCache = new Map<string, boolean>();
  readonly #loose = new Map<PfMatchCriteria, PfPolicy>();

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
    this.#to = new AddressClassifier(collectMatchers(general, "to").elements, policy, matcher);
  }

  /** Destinations with the same key meet the same rules the same way. */
  key(iface: string, dst: string): string {
    const named = this.#byHost.has(dst) ? dst : "";
    return `${iface}\0${named}\0${this.#to.classify(dst).key}`;
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
    // The loosened rule as a policy of its own, made once per rule (each destination group asks again).
    let one = this.#loose.get(c);
    if (!one) {
      const loose = asQuickPass({ ...c, from: { addresses: [], ports: [] }, protos: [], to: { ...c.to, ports: [] }, undecidable: [] });
      one = { ...this.#policy, skip: [], filterRules: [loose] };
      this.#loose.set(c, one);
    }
    const loose = one;
    const result = (["in", "out"] as const).some((direction) => {
      const v = this.#evaluate(loose, { direction, ifname: iface, af: "inet", proto: "tcp", src: "0.0.0.0", dst }, this.#groups);
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

/** The sources on one interface, in classes that every `from` element of the policy sees alike. */
interface SourceSide {
  readonly byJail: Map<string, { source: Source; klass: number }>;
  readonly byAddress: Map<string, Source[]>;
  readonly classes: Source[][];
  /** What the `from` elements say about each class's addresses. */
  readonly info: AddressClass[];
  /** `from` element → the classes it answers otherwise than by default, ascending. */
  readonly hits: Map<number, number[]>;
  readonly total: number;
}

/** A class of sources for one destination group: the sources of one address a rule names, or a source class less those. */
interface Klass {
  readonly members: readonly Source[];
  readonly size: number;
  readonly excluded: ReadonlySet<string>;
  readonly verdict: ReachVerdict;
  /** The source class it is part of, or the one address a rule names. */
  readonly of: { readonly klass: number } | { readonly address: string };
}

/**
 * The rules of a destination group's policy that can match a source, found by the source's address and class: a
 * rule whose `from` lists only single addresses and listing elements (tables) is indexed by them, the others are
 * tried for every source. Rules left out cannot match (their `from` says no), so the verdict is the same.
 */
class SourceRules {
  readonly #policy: PfPolicy;
  readonly #always: number[] = [];
  readonly #alwaysTrans: number[] = [];
  readonly #byHost = new Map<string, { filter: number[]; trans: number[] }>();
  readonly #byElement = new Map<number, { filter: number[]; trans: number[] }>();
  /** Every `from` element (not a single address) that the policy's rules, guards and translations hold. */
  readonly elements = new Set<number>();

  constructor(policy: PfPolicy, idOf: ReadonlyMap<PfAddressMatch, number>, classifier: AddressClassifier) {
    this.#policy = policy;
    const place = (c: PfMatchCriteria, i: number, always: boolean, kind: "filter" | "trans"): void => {
      const hosts: string[] = [];
      const listed: number[] = [];
      let anyone = always || c.from.addresses.length === 0;
      for (const a of c.from.addresses) {
        const h = hostKey(a);
        if (h !== undefined) {
          hosts.push(h);
          continue;
        }
        const id = idOf.get(a);
        if (id !== undefined && classifier.defaultOf(id) === "0") listed.push(id);
        else anyone = true;
      }
      if (anyone) (kind === "filter" ? this.#always : this.#alwaysTrans).push(i);
      else {
        for (const h of new Set(hosts)) slotOf(this.#byHost, h)[kind].push(i);
        for (const id of new Set(listed)) slotOf(this.#byElement, id)[kind].push(i);
      }
    };
    const note = (c: PfMatchCriteria): void => {
      for (const a of c.from.addresses) {
        const id = hostKey(a) === undefined ? idOf.get(a) : undefined;
        if (id !== undefined) this.elements.add(id);
      }
    };
    policy.filterRules.forEach((r, i) => {
      place(r, i, r.action === "anchor", "filter");
      note(r);
      for (const g of r.guards) note(g);
    });
    policy.translations.forEach((t, i) => {
      place(t, i, false, "trans");
      note(t);
    });
  }

  /** The policy cut down to the rules that can match traffic from `address` (of class `klass`), in their order. */
  for(address: string, klass: AddressClass): PfPolicy {
    const filter = [this.#always];
    const trans = [this.#alwaysTrans];
    const own = this.#byHost.get(address);
    if (own) {
      filter.push(own.filter);
      trans.push(own.trans);
    }
    for (const code of klass.overrides) {
      const e = this.#byElement.get(overrideId(code));
      if (e) {
        filter.push(e.filter);
        trans.push(e.trans);
      }
    }
    const p = this.#policy;
    const f = union(filter);
    const t = union(trans);
    if (f.length === p.filterRules.length && t.length === p.translations.length) return p;
    return {
      ...p,
      filterRules: f.map((i) => p.filterRules[i] as PfFilterRule),
      translations: t.map((i) => p.translations[i] as PfTranslation),
    };
  }
}

function slotOf<K>(m: Map<K, { filter: number[]; trans: number[] }>, k: K): { filter: number[]; trans: number[] } {
  let e = m.get(k);
  if (!e) {
    e = { filter: [], trans: [] };
    m.set(k, e);
  }
  return e;
}

function union(lists: readonly (readonly number[])[]): number[] {
  if (lists.length === 1) return lists[0] as number[];
  return [...new Set(lists.flat())].sort((x, y) => x - y);
}

/**
 * Decides, for each jail holding an IPv4 alias on a loopback interface, which other such jails can open a
 * connection to it (jail-networking.md §5.2), by the host's packet filter (hostPacketFilter): pf's rules here,
 * ipfw's in ipfw-reachability.ts, one verdict for all when the filter is off or its rules unread. For pf: linear in jails plus rules: destinations are grouped by how the
 * ruleset's address elements see their addresses (RelevantRules), sources by how the `from` elements that are not
 * single addresses see theirs (AddressClassifier), with the few sources a rule names one by one split off. For each
 * destination group only the source classes its rules tell apart are evaluated (those a table or address of its
 * rules lists, and one for all the others), each against the rules that can match it; each destination then takes
 * its counts and first few sources from its group's totals, not from a walk over all sources.
 * IPv6 is left out: which interfaces pf sees for local IPv6 traffic is unconfirmed (§3.2).
 */
export function loopbackReachability(model: HostModel, evaluate?: PacketEvaluator): LoopbackReach[] {
  const loopJails = loopbackJails(model.network);
  if (loopJails.length < 2) return [];
  return hostPacketFilter(model, evaluate).loopbackReach(loopJails);
}

/** A jail holding an IPv4 alias on a loopback interface (not 127.0.0.1): what JL202 asks about. */
export interface LoopJail {
  readonly network: JailNetwork;
  readonly entry: JailAddressEntry;
  readonly iface: string;
}

/** Each jail's first IPv4 address on a loopback interface, other than the host's own 127.0.0.1. */
export function loopbackJails(net: HostNetwork): LoopJail[] {
  const out: LoopJail[] = [];
  for (const j of net.jails) {
    const entry = j.ip4.find((e) => {
      const i = e.ip && net.interfaceOf(e);
      return i !== undefined && net.isLoopback(i) && addressKey(e) !== "127.0.0.1";
    });
    if (entry) out.push({ network: j, entry, iface: net.interfaceOf(entry) as string });
  }
  return out;
}

/** The reachability pf's rules decide (the packet filter's implementation for pf). */
export function pfLoopbackReachability(
  model: HostModel,
  loopJails: readonly LoopJail[],
  policy: PfPolicy,
  evaluate: PacketEvaluator,
): LoopbackReach[] {
  return classReachability(model, loopJails, policy, undefined, evaluate);
}

/** Every pair alike: the filter is off, or its rules could not be read (`fixed` says what that means). */
export function hostVerdictReachability(
  model: HostModel,
  loopJails: readonly LoopJail[],
  fixed: ReachVerdict,
  evaluate: PacketEvaluator,
): LoopbackReach[] {
  return classReachability(model, loopJails, undefined, fixed, evaluate);
}

function classReachability(
  model: HostModel,
  loopJails: readonly LoopJail[],
  policy: PfPolicy | undefined,
  fixed: ReachVerdict | undefined,
  evaluate: PacketEvaluator,
): LoopbackReach[] {
  const net = model.network;
  const pfFile = model.pf?.main.file ?? "";
  let pfLines: LineIndex | undefined;
  // evaluatePacket names rules by offset; people read lines.
  const readable = (reason: string): string =>
    reason.replace(/at offset (\d+)/g, (_, o: string) => {
      pfLines ??= new LineIndex(model.texts.get(pfFile) ?? "");
      return `on line ${pfLines.position(Number(o)).line}`;
    });
  const matcher = addressMatcher(policy);
  const index = policy ? new RelevantRules(policy, net.groups, evaluate, matcher) : undefined;
  // Elements of `from` that are not single addresses split the sources into classes once per interface.
  const from = policy
    ? collectMatchers([...policy.filterRules, ...policy.translations], "from", (m) => hostKey(m) === undefined)
    : { elements: [], idOf: new Map<PfAddressMatch, number>() };
  const classifier = new AddressClassifier(from.elements, policy, matcher);
  const dynamicIds = classifier.dynamicIds;

  // Source address per loopback interface (§3.3): the jail's first address on it, else its primary.
  const sourcesOn = new Map<string, SourceSide>();
  const sources = (iface: string): SourceSide => {
    const known = sourcesOn.get(iface);
    if (known) return known;
    const sc: SourceSide = { byJail: new Map(), byAddress: new Map(), classes: [], info: [], hits: new Map(), total: 0 };
    const bySig = new Map<string, number>();
    let total = 0;
    for (const lj of loopJails) {
      const j = lj.network;
      const own = j.ip4SourceSelection ? j.ip4.find((e) => e.ip && net.interfaceOf(e) === iface) : undefined;
      const e = own ?? j.primaryIp4;
      if (!e?.ip) continue;
      const s: Source = { jail: j.name, address: addressKey(e), network: j };
      const c = classifier.classify(s.address);
      let k = bySig.get(c.key);
      if (k === undefined) {
        k = sc.classes.length;
        bySig.set(c.key, k);
        sc.classes.push([]);
        sc.info.push(c);
        for (const code of c.overrides) {
          const id = overrideId(code);
          const h = sc.hits.get(id);
          if (h) h.push(k);
          else sc.hits.set(id, [k]);
        }
      }
      sc.classes[k]?.push(s);
      sc.byJail.set(j.name, { source: s, klass: k });
      const l = sc.byAddress.get(s.address);
      if (l) l.push(s);
      else sc.byAddress.set(s.address, [s]);
      total++;
    }
    const out = { ...sc, total };
    sourcesOn.set(iface, out);
    return out;
  };

  // Destinations are grouped by interface and by how the rules' `to` elements see them.
  const destGroups = new Map<string, { iface: string; members: LoopJail[] }>();
  for (const lj of loopJails) {
    const sig = index ? index.key(lj.iface, lj.entry.address) : lj.iface;
    let g = destGroups.get(sig);
    if (!g) {
      g = { iface: lj.iface, members: [] };
      destGroups.set(sig, g);
    }
    g.members.push(lj);
  }

  const none: ReadonlySet<string> = new Set();
  const out: LoopbackReach[] = [];
  for (const g of destGroups.values()) {
    const rep = g.members[0];
    if (!rep) continue;
    const sc = sources(g.iface);
    // The group's classes of sources, in order: the sources of each address a rule names (`named`), then each
    // source class less those. A source class the group's rules do not tell apart from the others takes
    // `baseline`; the others (`special`) have verdicts of their own.
    let named: Klass[] = [];
    let excluded: ReadonlySet<string> = none;
    const sizes = (k: number): number => (sc.classes[k]?.length ?? 0) - (peeled.get(k) ?? 0);
    const peeled = new Map<number, number>();
    let baseline: ReachVerdict | undefined;
    const special = new Map<number, ReachVerdict>();
    let specialIds: number[] = [];
    if (fixed) baseline = fixed;
    else if (policy && index) {
      const skip = isSkipped(policy, g.iface, net.groups);
      if (skip) {
        baseline = {
          verdict: "pass",
          cause: "skipped",
          reason: `\`set skip on ${skip.name}\` covers ${g.iface}, so pf does not filter it`,
          evidence: [{ file: skip.file ?? pfFile, range: skip.range, message: `set skip on ${skip.name}` }],
        };
      } else {
        const relevant = index.relevant(g.iface, rep.entry.address);
        const ports = candidatePorts(relevant);
        const hosts = [...hostSources(relevant)].filter((a) => sc.byAddress.has(a));
        excluded = new Set(hosts);
        const rules = new SourceRules(relevant, from.idOf, classifier);
        const verdictFor = (s: Source, k: number): ReachVerdict => {
          const v = decide(
            rules.for(s.address, sc.info[k] as AddressClass),
            pfFile,
            g.iface,
            s.address,
            rep.entry.address,
            ports,
            net.groups,
            evaluate,
          );
          return { ...v, reason: readable(v.reason) };
        };
        const klassOf = (s: Source): number => sc.byJail.get(s.jail)?.klass as number;
        named = hosts.map((a) => {
          const members = sc.byAddress.get(a) ?? [];
          const first = members[0] as Source;
          return { members, size: members.length, excluded: none, verdict: verdictFor(first, klassOf(first)), of: { address: a } };
        });
        for (const a of hosts) {
          for (const s of sc.byAddress.get(a) ?? []) {
            const k = klassOf(s);
            peeled.set(k, (peeled.get(k) ?? 0) + 1);
          }
        }
        // Classes differ for this group only in what its rules' `from` elements say: a class no element of them lists
        // is seen as every other such class is, and is evaluated once for all of them.
        const relevantDynamic = dynamicIds.filter((id) => rules.elements.has(id));
        const restricted = (k: number): string => {
          const info = sc.info[k] as AddressClass;
          let key = "";
          for (const code of info.overrides) if (rules.elements.has(overrideId(code))) key += `${code},`;
          key += "|";
          for (let i = 0; i < dynamicIds.length; i++) if (rules.elements.has(dynamicIds[i] as number)) key += info.dynamic[i];
          return key;
        };
        if (relevantDynamic.length > 0) specialIds = sc.classes.map((_, k) => k);
        else {
          const ids = new Set<number>();
          for (const id of rules.elements) for (const k of sc.hits.get(id) ?? []) ids.add(k);
          specialIds = [...ids].sort((x, y) => x - y);
        }
        const memo = new Map<string, ReachVerdict>();
        const verdictOfClass = (k: number): ReachVerdict => {
          const key = restricted(k);
          let v = memo.get(key);
          if (!v) {
            const first = sc.classes[k]?.find((s) => !excluded.has(s.address)) as Source;
            v = verdictFor(first, k);
            memo.set(key, v);
          }
          return v;
        };
        for (const k of specialIds) if (sizes(k) > 0) special.set(k, verdictOfClass(k));
        if (relevantDynamic.length === 0) {
          const isSpecial = new Set(specialIds);
          const k = sc.classes.findIndex((_, i) => !isSpecial.has(i) && sizes(i) > 0);
          if (k >= 0) baseline = verdictOfClass(k);
        }
      }
    }
    const view = new GroupView(sc, named, excluded, sizes, baseline, special, specialIds, peeled);
    for (const d of g.members) {
      out.push({
        destination: d.network,
        entry: d.entry,
        iface: d.iface,
        passed: view.collect("pass", d.network.name),
        unknown: view.collect("unknown", d.network.name),
      });
    }
  }
  return out;
}

/**
 * One destination group's classes of sources, with what every destination of the group is told worked out once:
 * per verdict the number of sources, the first two classes (the first may be the destination alone) and the
 * first few sources. A destination then only takes itself off.
 */
class GroupView {
  readonly #sc: SourceSide;
  readonly #named: readonly Klass[];
  readonly #excluded: ReadonlySet<string>;
  readonly #sizes: (k: number) => number;
  readonly #baseline: ReachVerdict | undefined;
  readonly #special: ReadonlyMap<number, ReachVerdict>;
  readonly #specialIds: readonly number[];
  readonly #totals = new Map<string, { count: number; leaders: Klass[]; sample: Source[]; more: boolean }>();

  constructor(
    sc: SourceSide,
    named: readonly Klass[],
    excluded: ReadonlySet<string>,
    sizes: (k: number) => number,
    baseline: ReachVerdict | undefined,
    special: ReadonlyMap<number, ReachVerdict>,
    specialIds: readonly number[],
    peeled: ReadonlyMap<number, number>,
  ) {
    this.#sc = sc;
    this.#named = named;
    this.#excluded = excluded;
    this.#sizes = sizes;
    this.#baseline = baseline;
    this.#special = special;
    this.#specialIds = specialIds;
    for (const v of ["pass", "unknown"] as const) {
      let count = 0;
      for (const k of named) if (k.verdict.verdict === v) count += k.size;
      for (const [k, verdict] of special) if (verdict.verdict === v) count += sizes(k);
      if (baseline?.verdict === v) {
        let peeledAll = 0;
        for (const n of peeled.values()) peeledAll += n;
        let specialAll = 0;
        for (const k of special.keys()) specialAll += sizes(k);
        count += sc.total - peeledAll - specialAll;
      }
      const leaders: Klass[] = [];
      const sample: Source[] = [];
      let more = false;
      for (const k of this.#klasses(v)) {
        if (leaders.length < 2) leaders.push(k);
        for (const s of k.members) {
          if (k.excluded.has(s.address)) continue;
          if (sample.length > SAMPLE) {
            more = true;
            break;
          }
          sample.push(s);
        }
        if (more || (leaders.length >= 2 && sample.length > SAMPLE)) {
          more = true;
          break;
        }
      }
      this.#totals.set(v, { count, leaders, sample, more });
    }
  }

  /** The group's classes with verdict `v`, in order, none empty; iterate lazily (callers stop early). */
  *#klasses(v: "pass" | "unknown"): Generator<Klass> {
    for (const k of this.#named) if (k.verdict.verdict === v) yield k;
    const ids = this.#baseline?.verdict === v ? this.#sc.classes.keys() : this.#specialIds.values();
    for (const k of ids) {
      const size = this.#sizes(k);
      if (size === 0) continue;
      const verdict = this.#special.get(k) ?? this.#baseline;
      if (verdict?.verdict !== v) continue;
      yield { members: this.#sc.classes[k] as Source[], size, excluded: this.#excluded, verdict, of: { klass: k } };
    }
  }

  /** Who reaches destination jail `dest` with verdict `v`: every class counted, less the destination itself. */
  collect(v: "pass" | "unknown", dest: string): LoopbackReach["passed"] {
    const t = this.#totals.get(v);
    if (!t) return undefined;
    const self = this.#sc.byJail.get(dest);
    const inKlass = (k: Klass): boolean => {
      if (!self) return false;
      if ("address" in k.of) return k.of.address === self.source.address;
      return k.of.klass === self.klass && !k.excluded.has(self.source.address);
    };
    const lead = t.leaders.find((k) => k.size - (inKlass(k) ? 1 : 0) > 0);
    if (!lead) return undefined;
    // The destination's own class holds it once; it is not among the jails that reach it.
    let selfVerdict: string | undefined;
    if (self) {
      const a = self.source.address;
      const own = this.#named.find((k) => "address" in k.of && k.of.address === a);
      selfVerdict = own ? own.verdict.verdict : (this.#special.get(self.klass) ?? this.#baseline)?.verdict;
    }
    const count = t.count - (selfVerdict === v ? 1 : 0);
    let sample = t.sample.filter((s) => s.jail !== dest).slice(0, SAMPLE);
    if (sample.length < SAMPLE && t.more) sample = this.#slowSample(v, dest);
    return { count, sample: sample.map((s) => ({ jail: s.jail, address: s.address })), how: lead.verdict };
  }

  #slowSample(v: "pass" | "unknown", dest: string): Source[] {
    const out: Source[] = [];
    for (const k of this.#klasses(v)) {
      for (const s of k.members) {
        if (out.length >= SAMPLE) return out;
        if (s.jail !== dest && !k.excluded.has(s.address)) out.push(s);
      }
    }
    return out;
  }
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

/** The distinct `from` or `to` elements of these rules (their guards included), and which one each element is. */
function collectMatchers(
  rules: readonly (PfMatchCriteria & { guards?: readonly PfMatchCriteria[] })[],
  side: "from" | "to",
  keep: (m: PfAddressMatch) => boolean = () => true,
): { elements: PfAddressMatch[]; idOf: Map<PfAddressMatch, number> } {
  const seen = new Map<string, number>();
  const elements: PfAddressMatch[] = [];
  const idOf = new Map<PfAddressMatch, number>();
  const add = (a: PfAddressMatch): void => {
    if (!keep(a)) return;
    const key = elementKey(a);
    let id = seen.get(key);
    if (id === undefined) {
      id = elements.length;
      seen.set(key, id);
      elements.push(a);
    }
    idOf.set(a, id);
  };
  for (const r of rules) {
    for (const a of r[side].addresses) add(a);
    for (const g of r.guards ?? []) for (const a of g[side].addresses) add(a);
  }
  return { elements, idOf };
}

/** Equal for elements that match alike (their place in the file aside). */
function elementKey(a: PfAddressMatch): string {
  const not = a.negated ? "!" : "";
  switch (a.kind) {
    case "network":
      return `n${not}${a.af} ${a.network}`;
    case "table":
      return `t${not}${a.name}`;
    case "range":
      return `r${not}${a.from} ${a.to}`;
    default: {
      const { range: _r, ...rest } = a;
      return `o${JSON.stringify(rest)}`;
    }
  }
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
      const packet = (direction: "in" | "out"): PfPacket => ({
        direction,
        ifname: iface,
        af: "inet",
        proto,
        src,
        dst,
        sport: SOURCE_PORT,
        dport,
      });
      const tr = translated(policy, packet, groups, evaluate);
      if (tr) {
        unknown ??= {
          verdict: "unknown",
          reason: `a ${tr.kind} rule translates it on ${iface}, so the outcome depends on the translated address`,
          evidence: [line(file, tr, `${tr.kind} rule`)],
        };
        continue;
      }
      const out = evaluate(policy, packet("out"), groups);
      const inn = evaluate(policy, packet("in"), groups);
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
  packet: (direction: "in" | "out") => PfPacket,
  groups: Groups,
  evaluate: PacketEvaluator,
): { kind: string; range: TextRange } | undefined {
  for (const t of policy.translations) {
    const direction = t.kind === "nat" || t.kind === "nat-to" ? "out" : "in";
    if (t.direction !== "both" && t.direction !== direction) continue;
    const v = evaluate(alone(policy, t), packet(direction), groups);
    if (v.rule || v.verdict === "unknown") return { kind: t.kind, range: t.range };
  }
  return undefined;
}

// A translation as a one-rule policy, made once per translation and tables (every packet of every class asks).
const alones = new WeakMap<PfTranslation, { tables: PfPolicy["tables"]; policy: PfPolicy }>();

function alone(policy: PfPolicy, t: PfTranslation): PfPolicy {
  const known = alones.get(t);
  if (known?.tables === policy.tables) return known.policy;
  const one: PfPolicy = { ...policy, skip: [], filterRules: [asQuickPass({ ...t, direction: "both" })] };
  alones.set(t, { tables: policy.tables, policy: one });
  return one;
}

/**
 * The translation pf applies to a packet before its filter rules (pf.conf(5) TRANSLATION: "the filter engine will
 * see packets as they look after any addresses and ports have been translated"): the first `nat`/`nat-to` rule
 * that matches it on the way out, or `rdr`/`rdr-to`/`binat` rule on the way in, each asked of pf's own matcher as
 * JL202 asks it. `unknown` when only the running host can tell whether it matches; a `no nat`/`no rdr` that
 * matches first means no translation.
 */
export function translationOn(
  policy: PfPolicy,
  packet: PfPacket,
  groups: Groups,
  evaluate: PacketEvaluator = evaluatePacket,
): { readonly translation: PfTranslation; readonly unknown: boolean } | undefined {
  for (const t of policy.translations) {
    const direction =
      t.kind === "nat" || t.kind === "nat-to" ? "out" : t.kind === "binat" || t.kind === "binat-to" ? packet.direction : "in";
    if (direction !== packet.direction || (t.direction !== "both" && t.direction !== direction)) continue;
    const v = evaluate(alone(policy, t), packet, groups);
    if (v.verdict === "unknown") return { translation: t, unknown: true };
    if (v.rule) return t.no ? undefined : { translation: t, unknown: false };
  }
  return undefined;
}
