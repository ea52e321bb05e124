import {
  evaluateIpfwPacket,
  type IpfwAddress,
  type IpfwNumberedRule,
  type IpfwPacket,
  type IpfwRuleset,
  networkContains,
} from "@jaillint/parser";
import type { IpfwHostPolicy } from "./ipfw-host-policy.js";
import { addressKey, type JailAddressEntry } from "./jail-network.js";
import type { LoopbackReach, LoopJail, ReachEvidence, ReachSource, ReachVerdict } from "./jail-reachability.js";

const SAMPLE = 4;
const SOURCE_PORT = 50000;
const PROTOS = ["tcp", "udp"] as const;

/** Every `from`/`to` address element of the ruleset that tells addresses apart (not `any`, `me`). */
function elements(ruleset: IpfwRuleset): IpfwAddress[] {
  const seen = new Map<string, IpfwAddress>();
  for (const { rule } of ruleset.rules)
    for (const e of [rule.body?.from, rule.body?.to])
      for (const a of e?.addresses ?? []) {
        if (a.kind === "network") seen.set(`n${a.network}`, a);
        else if (a.kind === "table") seen.set(`t${a.name}`, a);
      }
  return [...seen.values()];
}

function inElement(a: IpfwAddress, ip: string, ruleset: IpfwRuleset): boolean {
  const inNet = (net: string): boolean => {
    const [n = "", len = "0"] = net.split("/");
    return networkContains(n, Number(len), ip);
  };
  if (a.kind === "network") return inNet(a.network);
  if (a.kind === "table") return (ruleset.tables.get(a.name) ?? []).some(inNet);
  return false;
}

/** Destination ports worth trying: one no rule names, and the edges of each rule's destination ports. */
function candidatePorts(ruleset: IpfwRuleset): number[] {
  const ports = new Set<number>([1]);
  for (const { rule } of ruleset.rules)
    for (const p of rule.body?.to.ports ?? [])
      for (const n of [p.low, p.high]) for (const d of [-1, 0, 1]) if (n + d >= 1 && n + d <= 65535) ports.add(n + d);
  return [...ports].sort((a, b) => a - b).slice(0, 64);
}

/**
 * A rule that passes every packet on an interface, whatever its addresses, protocol and direction: rc.firewall's
 * rule 100 `pass all from any to any via lo0`, the ipfw twin of pf's `set skip on lo0`.
 */
export function passesWholeInterface(r: IpfwNumberedRule): boolean {
  const b = r.rule.body;
  if (r.rule.action.kind !== "allow" || !b || r.rule.probability !== undefined) return false;
  const any = (e: typeof b.from): boolean =>
    !e.negated && e.ports.length === 0 && e.portNames.length === 0 && e.addresses.length === 1 && e.addresses[0]?.kind === "any";
  return (
    b.protos.some((p) => p === "ip" || p === "all") &&
    any(b.from) &&
    any(b.to) &&
    b.options.length === 1 &&
    b.options.every((o) => o.kind === "interface" && o.which === "via" && !o.negated)
  );
}

/** A rule written for particular hosts: every source and destination is a single address. */
function namesHosts(r: IpfwNumberedRule | undefined): boolean {
  const b = r?.rule.body;
  if (!b || b.from.negated || b.to.negated) return false;
  const host = (a: IpfwAddress): boolean => a.kind === "network" && /\/(32|128)$/.test(a.network);
  return b.from.addresses.length > 0 && b.to.addresses.length > 0 && b.from.addresses.every(host) && b.to.addresses.every(host);
}

function evidence(r: IpfwNumberedRule, message: string): ReachEvidence {
  return { file: r.file, range: r.range, message: `ipfw rule ${r.number} (\`${r.rule.text.replace(/^add /, "")}\`) ${message}` };
}

/** The jails' loopback traffic through ipfw: out on the destination's loopback interface, then in on it (§5.2). */
function decide(
  ruleset: IpfwRuleset,
  iface: string,
  src: string,
  dst: string,
  ports: readonly number[],
  local: (a: string) => boolean,
): ReachVerdict {
  let unknown: ReachVerdict | undefined;
  let blocked: ReachVerdict | undefined;
  for (const proto of PROTOS) {
    for (const dport of ports) {
      const base = { ifname: iface, proto, src, dst, sport: SOURCE_PORT, dport, local } as const;
      const out = evaluateIpfwPacket(ruleset, { ...base, direction: "out" });
      if (out.verdict === "block") {
        blocked ??= { verdict: "block", reason: "blocked", evidence: [] };
        continue;
      }
      if (out.verdict === "unknown") {
        unknown ??= { verdict: "unknown", reason: out.reason ?? "", evidence: out.rule ? [evidence(out.rule, "decides it")] : [] };
        continue;
      }
      const packet: IpfwPacket = { ...base, direction: "in", ...(out.keepsState && out.rule ? { state: out.rule } : {}) };
      const inn = evaluateIpfwPacket(ruleset, packet);
      if (inn.verdict === "block") {
        blocked ??= { verdict: "block", reason: "blocked", evidence: [] };
        continue;
      }
      if (namesHosts(out.rule) && (inn.verdict === "pass" ? namesHosts(inn.rule) : true)) {
        blocked ??= { verdict: "allowed", reason: "passed by a rule that names both jails", evidence: [] };
        continue;
      }
      if (inn.verdict === "unknown") {
        unknown ??= { verdict: "unknown", reason: inn.reason ?? "", evidence: inn.rule ? [evidence(inn.rule, "decides it")] : [] };
        continue;
      }
      const portText = ports.length === 1 ? " traffic to any port" : dport === 1 ? " traffic to ports no rule names" : ` port ${dport}`;
      const what = `${proto}${portText}`;
      const o = out.rule as IpfwNumberedRule;
      const i = inn.rule as IpfwNumberedRule;
      const ev =
        o === i && !inn.byState
          ? [evidence(o, `passes it out and in on ${iface}`)]
          : [
              evidence(o, `passes it out on ${iface}${inn.byState ? " and keeps state" : ""}`),
              evidence(i, inn.byState ? `passes it in on ${iface} by that state` : `passes it in on ${iface}`),
            ];
      const reason = inn.byState
        ? `ipfw rule ${o.number} passes ${what} out on ${iface} and keeps state, which passes it back in at rule ${i.number}`
        : o === i
          ? `ipfw rule ${o.number} passes ${what} out and then in on ${iface}`
          : `ipfw rules ${o.number} and ${i.number} pass ${what} out and then in on ${iface}`;
      // A rule passing the whole interface is JL212's finding (ipfw-passes-loopback), at that rule.
      const cause = o === i && passesWholeInterface(o) ? "ipfw-interface" : "ipfw-rules";
      return { verdict: "pass", cause, reason, evidence: ev };
    }
  }
  return unknown ?? blocked ?? { verdict: "block", reason: "blocked", evidence: [] };
}

/**
 * Which jails reach each other's loopback address through the host's ipfw rules. Addresses are grouped by how the
 * rules' address elements see them, so each pair of groups is evaluated once: the work grows with jails times the
 * groups the rules tell apart, not with jails squared, unless the rules name every jail one by one.
 */
export function ipfwLoopbackReachability(
  loopJails: readonly LoopJail[],
  policy: IpfwHostPolicy,
  interfaceOf: (e: JailAddressEntry) => string | undefined,
  /** The host's own addresses, which `me` matches. */
  local: (address: string) => boolean,
): LoopbackReach[] {
  const ruleset = policy.ruleset;
  const elems = elements(ruleset);
  const classOf = new Map<string, string>();
  const klass = (ip: string): string => {
    let k = classOf.get(ip);
    if (k === undefined) {
      k = elems.map((e) => (inElement(e, ip, ruleset) ? "1" : "0")).join("");
      classOf.set(ip, k);
    }
    return k;
  };
  const ports = candidatePorts(ruleset);
  // Addresses a rule names one by one: a pair of them may be passed on purpose (namesHosts), so it is judged alone.
  const named = new Set(
    elems.flatMap((e) => (e.kind === "network" && /\/(32|128)$/.test(e.network) ? [e.network.split("/")[0] as string] : [])),
  );
  const memo = new Map<string, ReachVerdict>();
  const out: LoopbackReach[] = [];
  for (const d of loopJails) {
    const dst = addressKey(d.entry);
    const groups: Record<"pass" | "unknown", { count: number; sample: ReachSource[]; how: ReachVerdict | undefined }> = {
      pass: { count: 0, sample: [], how: undefined },
      unknown: { count: 0, sample: [], how: undefined },
    };
    for (const s of loopJails) {
      if (s.network.name === d.network.name) continue;
      // The source address on that interface (§3.3): the jail's first address on it, else its primary.
      const own = s.network.ip4SourceSelection ? s.network.ip4.find((e) => e.ip && interfaceOf(e) === d.iface) : undefined;
      const e = own ?? s.network.primaryIp4;
      if (!e?.ip) continue;
      const src = addressKey(e);
      // Rules that name one address tell it apart from its group: it is a group of its own.
      const key = `${d.iface}\0${klass(src)}\0${klass(dst)}\0${named.has(src) ? src : ""}>${named.has(dst) ? dst : ""}`;
      let v = memo.get(key);
      if (!v) {
        v = decide(ruleset, d.iface, src, dst, ports, local);
        memo.set(key, v);
      }
      if (v.verdict !== "pass" && v.verdict !== "unknown") continue;
      const g = groups[v.verdict];
      g.count++;
      g.how ??= v;
      if (g.sample.length < SAMPLE) g.sample.push({ jail: s.network.name, address: src });
    }
    const side = (v: "pass" | "unknown"): LoopbackReach["passed"] => {
      const g = groups[v];
      return g.how ? { count: g.count, sample: g.sample, how: g.how } : undefined;
    };
    out.push({ destination: d.network, entry: d.entry, iface: d.iface, passed: side("pass"), unknown: side("unknown") });
  }
  return out;
}
