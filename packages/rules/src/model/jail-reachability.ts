import {
  evaluatePacket,
  isSkipped,
  LineIndex,
  networkContains,
  type PfAddressMatch,
  type PfFilterRule,
  type PfMatchCriteria,
  type PfPolicy,
  type PfTable,
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

/**
 * Decides, for each jail holding an IPv4 alias on a loopback interface, which other such jails can open a
 * connection to it (jail-networking.md §5.2). Linear in jails for a fixed ruleset: destinations and sources are
 * grouped by how the ruleset's address matchers see their addresses, and each group pair is evaluated once.
 * IPv6 is left out: which interfaces pf sees for local IPv6 traffic is unconfirmed (§3.2).
 */
export function loopbackReachability(model: HostModel): LoopbackReach[] {
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

  // Source address per loopback interface (§3.3): the jail's first address on it, else its primary.
  const sourcesOn = new Map<string, Source[]>();
  const sources = (iface: string): Source[] => {
    let s = sourcesOn.get(iface);
    if (s) return s;
    s = [];
    for (const lj of loopJails) {
      const j = lj.network;
      const own = j.ip4SourceSelection ? j.ip4.find((e) => e.ip && net.interfaceOf(e) === iface) : undefined;
      const e = own ?? j.primaryIp4;
      if (e?.ip) s.push({ jail: j.name, address: addressKey(e), network: j });
    }
    sourcesOn.set(iface, s);
    return s;
  };

  const out: LoopbackReach[] = [];
  const tables = new Map<string, TableIndex>();
  const tableIndex = (t: PfTable | undefined): TableIndex | undefined => {
    if (!t?.static) return undefined;
    let ti = tables.get(t.name);
    if (!ti) {
      ti = indexTable(t);
      tables.set(t.name, ti);
    }
    return ti;
  };
  const tablesByName = new Map((policy?.tables ?? []).map((t) => [t.name, t]));
  const matcher = (m: PfAddressMatch): ((ip: string) => "1" | "0" | "u") => {
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

  // Destinations are grouped by interface and by how every `to` matcher sees them.
  const destGroups = new Map<string, { iface: string; members: typeof loopJails; rules: PfFilterRule[] }>();
  const toMatchers = policy ? collectMatchers([...policy.filterRules, ...policy.translations], "to").map(matcher) : [];
  for (const lj of loopJails) {
    const sig = `${lj.iface}\0${toMatchers.map((f) => f(lj.entry.address)).join("")}`;
    let g = destGroups.get(sig);
    if (!g) {
      g = { iface: lj.iface, members: [], rules: [] };
      destGroups.set(sig, g);
    }
    g.members.push(lj);
  }

  for (const g of destGroups.values()) {
    const rep = g.members[0];
    if (!rep) continue;
    const srcs = sources(g.iface);
    // Source groups, by how the `from` matchers of the rules that can see this destination see them.
    type Klass = { members: Source[]; verdict: ReachVerdict };
    const klasses: Klass[] = [];
    if (fixed) klasses.push({ members: srcs, verdict: fixed });
    else if (policy) {
      const skip = isSkipped(policy, g.iface, net.groups);
      if (skip) {
        klasses.push({
          members: srcs,
          verdict: {
            verdict: "pass",
            cause: "skipped",
            reason: `\`set skip on ${skip.name}\` covers ${g.iface}, so pf does not filter it`,
            evidence: [{ file: skip.file ?? pfFile, range: skip.range, message: `set skip on ${skip.name}` }],
          },
        });
      } else {
        const relevant = relevantPolicy(policy, g.iface, rep.entry.address, net.groups);
        const fromMatchers = collectMatchers([...relevant.filterRules, ...relevant.translations], "from").map(matcher);
        const bySig = new Map<string, Source[]>();
        for (const s of srcs) {
          const sig = fromMatchers.map((f) => f(s.address)).join("");
          const l = bySig.get(sig);
          if (l) l.push(s);
          else bySig.set(sig, [s]);
        }
        const ports = candidatePorts(relevant);
        for (const members of bySig.values()) {
          const s = members[0] as Source;
          const v = decide(relevant, pfFile, g.iface, s.address, rep.entry.address, ports, net.groups);
          klasses.push({ members, verdict: { ...v, reason: readable(v.reason) } });
        }
      }
    }
    // Per destination, count each class once (minus the destination itself) and name only the first few: no loop
    // over all sources per destination.
    const memberSets = klasses.map((k) => new Set(k.members.map((s) => s.jail)));
    for (const d of g.members) {
      const collect = (v: "pass" | "unknown"): LoopbackReach["passed"] => {
        let count = 0;
        const sample: ReachSource[] = [];
        let how: ReachVerdict | undefined;
        klasses.forEach((k, i) => {
          if (k.verdict.verdict !== v) return;
          const self = memberSets[i]?.has(d.network.name) ? 1 : 0;
          if (k.members.length - self === 0) return;
          count += k.members.length - self;
          how ??= k.verdict;
          for (const s of k.members) {
            if (sample.length >= SAMPLE) break;
            if (s.jail !== d.network.name) sample.push({ jail: s.jail, address: s.address });
          }
        });
        return how ? { count, sample, how } : undefined;
      };
      out.push({ destination: d.network, entry: d.entry, iface: d.iface, passed: collect("pass"), unknown: collect("unknown") });
    }
  }
  return out;
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

/** The rules that can apply to traffic on `iface` to `dst`: fewer rules, fewer source groups. */
function relevantPolicy(policy: PfPolicy, iface: string, dst: string, groups: Groups): PfPolicy {
  // Ask pf's own matcher whether the rule can match this interface and destination for some source: drop its
  // source, protocol and port conditions and evaluate it alone.
  const probe = (c: PfMatchCriteria): boolean => {
    const loose = asQuickPass({ ...c, from: { addresses: [], ports: [] }, protos: [], to: { ...c.to, ports: [] }, undecidable: [] });
    const one: PfPolicy = { ...policy, skip: [], filterRules: [loose] };
    return (["in", "out"] as const).some((direction) => {
      const v = evaluatePacket(one, { direction, ifname: iface, af: "inet", proto: "tcp", src: "0.0.0.0", dst }, groups);
      return v.rule !== undefined || v.verdict === "unknown";
    });
  };
  return {
    ...policy,
    filterRules: policy.filterRules.filter((r) => r.action === "anchor" || (r.guards.every(probe) && probe(r))),
    translations: policy.translations.filter((t) => !t.no && probe(t)),
  };
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
): ReachVerdict {
  let unknown: ReachVerdict | undefined;
  let blocked: ReachVerdict | undefined;
  for (const proto of PROTOS) {
    for (const dport of ports) {
      const packet = { ifname: iface, af: "inet" as const, proto, src, dst, sport: SOURCE_PORT, dport };
      const tr = translated(policy, packet, groups);
      if (tr) {
        unknown ??= {
          verdict: "unknown",
          reason: `a ${tr.kind} rule translates it on ${iface}, so the outcome depends on the translated address`,
          evidence: [line(file, tr, `${tr.kind} rule`)],
        };
        continue;
      }
      const out = evaluatePacket(policy, { ...packet, direction: "out" }, groups);
      const inn = evaluatePacket(policy, { ...packet, direction: "in" }, groups);
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
): { kind: string; range: TextRange } | undefined {
  for (const t of policy.translations) {
    const direction = t.kind === "nat" || t.kind === "nat-to" ? "out" : "in";
    if (t.direction !== "both" && t.direction !== direction) continue;
    const one: PfPolicy = { ...policy, skip: [], filterRules: [asQuickPass({ ...t, direction: "both" })] };
    const v = evaluatePacket(one, { ...packet, direction }, groups);
    if (v.rule || v.verdict === "unknown") return { kind: t.kind, range: t.range };
  }
  return undefined;
}
