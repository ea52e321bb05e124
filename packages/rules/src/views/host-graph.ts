import { networkContains, type PfAddressMatch, type PfTable, type PfTranslation, rangeContains, type TextRange } from "@jaillint/parser";
import type { Diagnostic, Severity } from "../engine/diagnostic.js";
import type { HostModel } from "../model/host-model.js";
import type { JailIpMode } from "../model/jail-network.js";
import { loopbackReachability, type ReachGroup, reachGroups } from "../model/jail-reachability.js";
import { hostPfPolicy } from "../model/pf-host-policy.js";
import { indexTable, type TableIndex } from "../model/pf-table-index.js";

/** A finding as the graph shows it: on a node, an address or an edge. */
export interface GraphFinding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
}

export interface GraphInterface {
  /** Node id: `if:NAME`. */
  readonly id: string;
  readonly name: string;
  readonly loopback: boolean;
  /**
   * rc.conf creates or configures it (lo0 always exists); false for a name only a jail uses; undefined when no
   * rc.conf was given, and so nothing is known about the host's interfaces.
   */
  readonly known: boolean | undefined;
  /** Addresses rc.conf gives the host on it, canonical, with their prefix when written. */
  readonly hostAddresses: readonly string[];
}

export interface GraphAddress {
  readonly family: 4 | 6;
  /** Canonical address (or the item as written when it is not an address). */
  readonly address: string;
  readonly prefix: number;
  readonly interface: string | undefined;
  /** The first of its family: the jail's primary address (kern_jail.c prison_ip_copyin keeps element 0 first). */
  readonly primary: boolean;
  /** Findings at this item of ip4.addr / ip6.addr. */
  readonly findings: readonly GraphFinding[];
}

export interface GraphJail {
  /** Node id: `jail:NAME`. */
  readonly id: string;
  readonly name: string;
  readonly vnet: boolean;
  readonly ip4Mode: JailIpMode | undefined;
  readonly ip6Mode: JailIpMode | undefined;
  /** IPv4 items in jail(8) order, then IPv6 items: each family's primary first. */
  readonly addresses: readonly GraphAddress[];
  /** The interface of the primary address: the group the jail is drawn in; undefined when it has none. */
  readonly group: string | undefined;
  /** JL201: inside the jail localhost is a global address. */
  readonly exposedLoopback: boolean;
  /** Every finding inside the jail's block, its addresses' included. */
  readonly findings: readonly GraphFinding[];
}

/** A public port pf redirects (`rdr on em0 proto tcp to port 80 -> 127.0.1.1`). */
export interface GraphPublicPort {
  /** Node id: `rdr:N`, N the translation's place in the ruleset. */
  readonly id: string;
  /** The interfaces the rule is on (`any` when it names none). */
  readonly interfaces: readonly string[];
  readonly protos: readonly string[];
  /** Destination ports as written (`80`, `8000:8080`); empty for every port. */
  readonly ports: readonly string[];
  /** The rule's text, its first line. */
  readonly rule: string;
}

/** An rdr target no jail or host interface holds. */
export interface GraphNowhere {
  /** Node id: `nowhere:ADDRESS`. */
  readonly id: string;
  readonly address: string;
}

export type GraphEdge =
  /** A jail holds addresses on an interface. */
  | { readonly kind: "member"; readonly from: string; readonly to: string; readonly addresses: readonly string[] }
  /** A nat rule translates the addresses of these jails on `from` (an interface) to the internet. */
  | { readonly kind: "nat"; readonly from: string; readonly to: "internet"; readonly rule: string; readonly jails: readonly string[] }
  /** Traffic from the internet to a public port. */
  | { readonly kind: "public"; readonly from: "internet"; readonly to: string }
  /** A public port redirected to a jail, a host interface or nowhere. */
  | {
      readonly kind: "rdr";
      readonly from: string;
      readonly to: string;
      readonly address: string;
      readonly port: string | undefined;
      readonly findings: readonly GraphFinding[];
    }
  /**
   * Jails reach other jails' loopback addresses, one edge per finding (JL202 or JL203): from the first source to the
   * first destination, every destination in `destinations`. `verdict` unknown is JL202's "could not decide".
   */
  | {
      readonly kind: "reach";
      readonly from: string;
      readonly to: string;
      readonly verdict: "pass" | "unknown";
      readonly finding: GraphFinding;
      readonly destinations: readonly string[];
      /** How many jails reach the first destination. */
      readonly sources: number;
      readonly reason: string;
    };

export interface HostGraph {
  readonly interfaces: readonly GraphInterface[];
  readonly jails: readonly GraphJail[];
  readonly ports: readonly GraphPublicPort[];
  readonly nowhere: readonly GraphNowhere[];
  /** Whether anything leads to or from the internet (a nat or an rdr). */
  readonly internet: boolean;
  readonly edges: readonly GraphEdge[];
}

const REACH_CODES = { cross: "JL202", skipped: "JL203" } as const;
const EXPOSED_LOOPBACK = "JL201";

/**
 * The host as a graph: interfaces, jails with their addresses (primary first), nat and rdr from public ports, and the
 * lint findings drawn on it. Findings are matched to what they are about by place (file and range), never by
 * reading their messages: a finding suppressed or turned off is not drawn.
 */
export function hostGraph(model: HostModel, diagnostics: readonly Diagnostic[]): HostGraph {
  const net = model.network;
  const at = new Map<string, Diagnostic[]>();
  const place = (file: string, r: TextRange): string => `${file}\0${r.start}\0${r.end}`;
  for (const d of diagnostics) {
    const k = place(d.file, d.range);
    const l = at.get(k);
    if (l) l.push(d);
    else at.set(k, [d]);
  }
  const findingsAt = (file: string, r: TextRange, code?: string): GraphFinding[] =>
    (at.get(place(file, r)) ?? []).filter((d) => code === undefined || d.code === code).map(finding);

  // Interfaces: the host's (rc.conf order, lo0 first), then the names only jails use, in jail order.
  const interfaces = new Map<string, GraphInterface>();
  const hostAddrs = new Map<string, string[]>();
  for (const a of net.interfaces.addresses) {
    const l = hostAddrs.get(a.interface) ?? [];
    l.push(a.prefix === undefined ? a.address : `${a.address}/${a.prefix}`);
    hostAddrs.set(a.interface, l);
  }
  const addInterface = (name: string, created: boolean): void => {
    if (interfaces.has(name)) return;
    const known = net.interfaces.known || created ? created : undefined;
    interfaces.set(name, { id: `if:${name}`, name, loopback: net.isLoopback(name), known, hostAddresses: hostAddrs.get(name) ?? [] });
  };
  for (const i of net.interfaces.interfaces.values()) addInterface(i.name, true);

  const diagsByFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const l = diagsByFile.get(d.file);
    if (l) l.push(d);
    else diagsByFile.set(d.file, [d]);
  }
  const jails: GraphJail[] = [];
  const edges: GraphEdge[] = [];
  for (const j of net.jails) {
    const addresses: GraphAddress[] = [];
    const onIf = new Map<string, string[]>();
    let exposed = false;
    for (const e of [...j.ip4, ...j.ip6]) {
      const iface = net.interfaceOf(e);
      const f = findingsAt(e.file, e.range);
      if (f.some((x) => x.code === EXPOSED_LOOPBACK)) exposed = true;
      addresses.push({ family: e.family, address: e.key, prefix: e.prefix, interface: iface, primary: e.index === 0, findings: f });
      if (iface !== undefined) {
        addInterface(iface, net.interfaces.interfaces.has(iface));
        const l = onIf.get(iface) ?? [];
        l.push(e.key);
        onIf.set(iface, l);
      }
    }
    const block = j.jail.block.range;
    const inside = (diagsByFile.get(j.jail.file) ?? []).filter((d) => d.range.start >= block.start && d.range.end <= block.end);
    const primary = j.primaryIp4 ?? j.primaryIp6 ?? j.ip4[0] ?? j.ip6[0];
    jails.push({
      id: `jail:${j.name}`,
      name: j.name,
      vnet: j.vnet,
      ip4Mode: j.ip4Mode,
      ip6Mode: j.ip6Mode,
      addresses,
      group: primary ? net.interfaceOf(primary) : undefined,
      exposedLoopback: exposed,
      findings: inside.map(finding),
    });
    for (const [iface, addrs] of onIf) edges.push({ kind: "member", from: `jail:${j.name}`, to: `if:${iface}`, addresses: addrs });
  }

  const ports: GraphPublicPort[] = [];
  const nowhere = new Map<string, GraphNowhere>();
  let internet = false;
  const pf = model.pf;
  if (pf) {
    const policy = hostPfPolicy(pf.main.policy, net);
    const ruleText = (t: PfTranslation): string => {
      const text = model.texts.get(t.file ?? pf.main.file) ?? "";
      return (text.slice(t.range.start, t.range.end).split("\n")[0] ?? "").trim();
    };
    const covers = coverage(policy.tables);
    policy.translations.forEach((t, n) => {
      if (t.no) return;
      if (t.kind === "rdr" || t.kind === "rdr-to") {
        const id = `rdr:${n}`;
        ports.push({
          id,
          interfaces: t.interfaces.length > 0 ? t.interfaces.map((i) => `${i.negated ? "!" : ""}${i.name}`) : ["any"],
          protos: t.protos,
          ports: t.to.ports.map((p) => p.text),
          rule: ruleText(t),
        });
        internet = true;
        edges.push({ kind: "public", from: "internet", to: id });
        for (const a of t.target?.addresses ?? []) {
          if (a.kind !== "network" || a.negated) continue;
          const address = a.network.replace(/\/(32|128)$/, "");
          const holders = net.addresses.jailsHolding(address);
          const hostIf = net.addresses.hostHolding(address)[0]?.interface;
          let to: string;
          if (holders.length > 0) to = `jail:${holders[0]?.jail}`;
          else if (hostIf !== undefined) to = `if:${hostIf}`;
          else {
            to = `nowhere:${address}`;
            if (!nowhere.has(address)) nowhere.set(address, { id: to, address });
          }
          const file = t.file ?? pf.main.file;
          edges.push({ kind: "rdr", from: id, to, address, port: t.target?.port, findings: findingsAt(file, a.range) });
        }
      } else if (t.kind === "nat" || t.kind === "nat-to" || t.kind === "binat" || t.kind === "binat-to") {
        if (t.af === "inet6") return;
        // The jails whose IPv4 addresses the rule's source covers, by the interface they are on.
        const byIf = new Map<string, string[]>();
        for (const j of net.jails) {
          for (const e of j.ip4) {
            const iface = e.ip ? net.interfaceOf(e) : undefined;
            if (iface === undefined || !covers(t.from.addresses, e.key)) continue;
            const l = byIf.get(iface) ?? [];
            if (!l.includes(j.name)) l.push(j.name);
            byIf.set(iface, l);
          }
        }
        for (const [iface, names] of byIf) {
          internet = true;
          edges.push({ kind: "nat", from: `if:${iface}`, to: "internet", rule: ruleText(t), jails: names });
        }
      }
    });
  }

  // Cross-jail loopback reachability, one edge per finding that reports it: JL203 reports every interface one
  // `set skip` entry covers at once, so the groups of one finding make one edge.
  const reach = new Map<Diagnostic, Extract<GraphEdge, { kind: "reach" }>>();
  for (const g of reachGroups(loopbackReachability(model))) {
    const d = reachFinding(g, (file, r, code) => (at.get(place(file, r)) ?? []).find((x) => x.code === code));
    const first = g.members[0];
    const source = first?.side.sample[0];
    if (!d || !first || !source) continue;
    const destinations = g.members.map((m) => m.reach.destination.name);
    const known = reach.get(d);
    if (known) {
      reach.set(d, { ...known, destinations: [...known.destinations, ...destinations], reason: `${known.reason}; ${g.how.reason}` });
      continue;
    }
    reach.set(d, {
      kind: "reach",
      from: `jail:${source.jail}`,
      to: `jail:${first.reach.destination.name}`,
      verdict: g.verdict,
      finding: finding(d),
      destinations,
      sources: first.side.count,
      reason: g.how.reason,
    });
  }
  edges.push(...reach.values());
  return { interfaces: [...interfaces.values()], jails, ports, nowhere: [...nowhere.values()], internet, edges };
}

/** The finding that reports a group: JL203 at the first `set skip` entry covering it (its evidence), JL202 at its first destination's address. */
function reachFinding(g: ReachGroup, findAt: (file: string, r: TextRange, code: string) => Diagnostic | undefined): Diagnostic | undefined {
  const first = g.members[0];
  if (!first) return undefined;
  if (g.how.cause !== "skipped") return findAt(first.reach.entry.file, first.reach.entry.range, REACH_CODES.cross);
  const evidence = g.how.evidence[0];
  return evidence ? findAt(evidence.file, evidence.range, REACH_CODES.skipped) : undefined;
}

function finding(d: Diagnostic): GraphFinding {
  return { code: d.code, severity: d.severity, message: d.message };
}

/** Whether a source list covers an address: literal networks, ranges and the known contents of tables. */
function coverage(tables: readonly PfTable[]): (list: readonly PfAddressMatch[], ip: string) => boolean {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const indexes = new Map<string, TableIndex>();
  const one = (m: PfAddressMatch, ip: string): boolean => {
    switch (m.kind) {
      case "network": {
        const [n = "", len = "0"] = m.network.split("/");
        return networkContains(n, Number(len), ip) !== m.negated;
      }
      case "range":
        return rangeContains(m.from, m.to, ip) !== m.negated;
      case "table": {
        const t = byName.get(m.name);
        if (!t?.static) return false;
        let ti = indexes.get(t.name);
        if (!ti) {
          ti = indexTable(t);
          indexes.set(t.name, ti);
        }
        return ti.has(ip) !== m.negated;
      }
      default:
        return false;
    }
  };
  return (list, ip) => list.length === 0 || list.some((m) => one(m, ip));
}
