import { networkContains, type PfFilterRule, type PfTranslation, parseIp, type TextRange } from "@jaillint/parser";
import type { HostModel } from "../model/host-model.js";
import { addressKey, type JailNetwork } from "../model/jail-network.js";
import type { PacketEvaluator } from "../model/jail-reachability.js";
import { type FilterJudgement, hostPacketFilter } from "../model/packet-filter.js";

/** The version of the shape `jaillint flow --format json` prints; raised on any incompatible change. */
export const FLOW_FORMAT_VERSION = 1;

/** Stands for a host on the internet: TEST-NET-2 (RFC 5737), never one of the host's own addresses. */
export const INTERNET_ADDRESS = "198.51.100.1";
/** An ephemeral source port (net.inet.ip.portrange.first is 10000 and up), as JL202 uses. */
const SOURCE_PORT = 50000;

export type FlowProto = "tcp" | "udp" | "icmp";

export interface FlowQuery {
  /** A jail name, an IPv4 address, or `internet`. */
  readonly from: string;
  /** A jail name or an IPv4 address. */
  readonly to: string;
  readonly port?: number;
  readonly proto: FlowProto;
}

export interface FlowEndpoint {
  readonly kind: "jail" | "address" | "internet";
  readonly name: string;
  readonly address: string;
}

/** A place in a file that decides something. */
export interface FlowPlace {
  readonly file: string;
  readonly range: TextRange;
}

export interface FlowTranslation extends FlowPlace {
  readonly kind: PfTranslation["kind"];
  /** The packet's source and destination after it (the filter rules see these). */
  readonly src: string;
  readonly dst: string;
  readonly dport?: number;
  /** `rdr pass`, `nat pass`, or a translation on a pass rule: the filter rules are not asked. */
  readonly pass: boolean;
}

/** One evaluation by the packet filter: on one interface, in one direction. */
export interface FlowStep {
  readonly direction: "in" | "out";
  readonly iface: string;
  readonly src: string;
  readonly dst: string;
  readonly dport?: number;
  readonly translation?: FlowTranslation;
  readonly verdict: "pass" | "block" | "unknown";
  /**
   * `rule`: the deciding rule (`quick` when it ended the evaluation); `default`: no rule matched and pf passes;
   * `skip`: `set skip` covers the interface; `translation`: a `pass` translation passed it unfiltered, or whether
   * the translation applies (or where it sends the packet) is not known.
   */
  readonly decidedBy:
    | ({
        readonly kind: "rule";
        readonly action: PfFilterRule["action"];
        readonly quick: boolean;
        /** An ipfw rule's number (ipfw decides at the first match: `quick` is always true there). */
        readonly number?: number;
        /** ipfw: the packet met its connection's state at this rule number; the rule named made the state. */
        readonly stateAt?: number;
      } & FlowPlace)
    | { readonly kind: "default" }
    | ({ readonly kind: "skip"; readonly name: string } & FlowPlace)
    | ({ readonly kind: "translation" } & FlowPlace);
  /** For `unknown`: what only the running host knows; `table` when a table's contents decide. */
  readonly unknown?: { readonly detail: string; readonly table?: string };
}

export interface Flow {
  /** The packet filter that judges it: pf, or ipfw on a host whose rc.conf enables ipfw and not pf. */
  readonly filter: "pf" | "ipfw";
  readonly from: FlowEndpoint;
  readonly to: FlowEndpoint;
  readonly proto: FlowProto;
  readonly port?: number;
  readonly verdict: "pass" | "block" | "unknown";
  /** When no rule is asked: pf not enabled, ipfw rules that could not be read, or pf.conf not given. */
  readonly host?: { readonly verdict: "pass" | "unknown"; readonly reason: string; readonly place?: FlowPlace };
  readonly steps: readonly FlowStep[];
  /** Facts the verdict rests on, in words (which interface and why, what is left out). */
  readonly notes: readonly string[];
}

export type FlowResult = { readonly ok: true; readonly flow: Flow } | { readonly ok: false; readonly error: string };

function isIpv4(text: string): boolean {
  return parseIp(text)?.kind() === "ipv4";
}

/**
 * Whether the host's packet filter (pf, or ipfw on an ipfw host) passes the first packet of a connection from one
 * jail or address to another, and why, asked of the same PacketFilter JL202 asks (hostPacketFilter). Which interfaces pf sees follows jail-networking.md
 * §3: to an address of the host, out and then in on the loopback interface that holds it, or on lo0 for an
 * address on a non-loopback interface (sys/netinet/in.c installs its host route on lo0; if_loop.c looutput loops
 * it back in on the same interface); to any other address, out on the interface whose network holds it, else
 * the one that holds the default router. From the internet: in on the interface holding the address (rdr applies
 * there), and a translated packet to a local address is delivered without another pass. IPv4 only (§3.2: the
 * interfaces pf sees for local IPv6 are unconfirmed).
 */
export function traceFlow(model: HostModel, query: FlowQuery, evaluate?: PacketEvaluator): FlowResult {
  const net = model.network;
  const jailOf = (name: string): JailNetwork | undefined => net.jails.find((j) => j.name === name);
  const notes: string[] = [];

  // The destination first: the source address a jail uses depends on it (jail-networking.md §3.3).
  let to: FlowEndpoint;
  const toJail = jailOf(query.to);
  if (toJail) {
    const e = toJail.primaryIp4;
    if (!e?.ip) return { ok: false, error: `jail "${toJail.name}" has no IPv4 address` };
    to = { kind: "jail", name: toJail.name, address: addressKey(e) };
  } else if (isIpv4(query.to)) to = { kind: "address", name: query.to, address: parseIp(query.to)?.toString() ?? query.to };
  else if (parseIp(query.to)) return { ok: false, error: "IPv6 flows are not traced: which interfaces pf sees for them is unconfirmed" };
  else return { ok: false, error: `--to ${query.to}: no jail of that name, and not an IPv4 address` };

  const local = localInterface(model, to.address);
  let from: FlowEndpoint;
  const fromJail = query.from === "internet" ? undefined : jailOf(query.from);
  if (query.from === "internet") from = { kind: "internet", name: "internet", address: INTERNET_ADDRESS };
  else if (fromJail) {
    // in_pcb.c in_pcbladdr (jail-networking.md §3.3, §7.1): the first of the jail's addresses on the interface that
    // holds a local destination, or on the route's interface for any other; else its primary.
    const route = local ?? egressInterface(model, to.address);
    const own = fromJail.ip4SourceSelection && route ? fromJail.ip4.find((e) => e.ip && net.interfaceOf(e) === route) : undefined;
    const e = own ?? fromJail.primaryIp4;
    if (!e?.ip) return { ok: false, error: `jail "${fromJail.name}" has no IPv4 address` };
    from = { kind: "jail", name: fromJail.name, address: addressKey(e) };
    if (own && own !== fromJail.primaryIp4)
      notes.push(`${fromJail.name} sends from ${from.address}, its first address on ${route} (in_pcb.c in_pcbladdr)`);
  } else if (isIpv4(query.from)) from = { kind: "address", name: query.from, address: parseIp(query.from)?.toString() ?? query.from };
  else if (parseIp(query.from)) return { ok: false, error: "IPv6 flows are not traced: which interfaces pf sees for them is unconfirmed" };
  else return { ok: false, error: `--from ${query.from}: no jail of that name, not an IPv4 address, and not \`internet\`` };

  // The host's packet filter judges it: pf, or ipfw on a host whose rc.conf enables ipfw and not pf.
  const filter = hostPacketFilter(model, evaluate);
  const base = {
    filter: filter.judging ?? "pf",
    from,
    to,
    proto: query.proto,
    ...(query.port !== undefined ? { port: query.port } : {}),
  };
  const dport = query.proto === "icmp" ? undefined : query.port;
  const host = filter.host;
  if (host !== undefined) {
    const h =
      host === "none"
        ? { verdict: "unknown" as const, reason: "neither rc.conf nor pf.conf was given" }
        : {
            verdict: host.verdict === "pass" ? ("pass" as const) : ("unknown" as const),
            reason: host.reason,
            ...(host.evidence[0] ? { place: { file: host.evidence[0].file, range: host.evidence[0].range } } : {}),
          };
    return { ok: true, flow: { ...base, verdict: h.verdict, host: h, steps: [], notes } };
  }
  const refused = filter.refuses({ proto: query.proto, dport });
  if (refused) return { ok: false, error: refused };
  notes.push(...filter.caveats);
  // A connection's legs in order: the state its first leg leaves (ipfw keep-state) is met by the next.
  let previous: FilterJudgement | undefined;
  const step: Stepper = (direction, iface, src, dst, dport) => {
    const j = filter.judge(
      {
        family: 4,
        proto: query.proto,
        src,
        dst,
        ...(query.proto !== "icmp" ? { sport: SOURCE_PORT, ...(dport !== undefined ? { dport } : {}) } : {}),
        iface,
        direction,
      },
      previous,
    );
    previous = j;
    return flowStep({ direction, iface, src, dst, ...(dport !== undefined ? { dport } : {}) }, j);
  };
  if (query.proto !== "icmp" && dport === undefined)
    notes.push("no destination port given: rules that name ports cannot be decided (write --to NAME:PORT)");
  return route(model, base, from, to, local, notes, step);
}

/** One evaluation as flow shows it, from the filter's judgement. */
function flowStep(shown: Pick<FlowStep, "direction" | "iface" | "src" | "dst" | "dport">, j: FilterJudgement): FlowStep {
  const d = j.decidedBy;
  const decidedBy: FlowStep["decidedBy"] =
    d.kind === "rule"
      ? {
          kind: "rule",
          action: d.action,
          quick: d.quick,
          ...(d.number !== undefined ? { number: d.number } : {}),
          ...(d.stateAt !== undefined ? { stateAt: d.stateAt } : {}),
          file: d.file,
          range: d.range,
        }
      : d.kind === "skip"
        ? { kind: "skip", name: d.name, file: d.file, range: d.range }
        : d.kind === "translation"
          ? { kind: "translation", file: d.file, range: d.range }
          : { kind: "default" };
  const translation: FlowTranslation | undefined = j.translation
    ? {
        kind: j.translation.kind as PfTranslation["kind"],
        file: j.translation.file,
        range: j.translation.range,
        src: j.translation.src,
        dst: j.translation.dst,
        ...(j.translation.dport !== undefined ? { dport: j.translation.dport } : {}),
        pass: j.translation.pass,
      }
    : undefined;
  const withTr = translation ? { translation } : {};
  if (j.verdict === "runtime" || j.verdict === "unknown")
    return {
      ...shown,
      ...withTr,
      verdict: "unknown",
      decidedBy,
      unknown: { detail: j.detail ?? "", ...(j.table !== undefined ? { table: j.table } : {}) },
    };
  return { ...shown, ...withTr, verdict: j.verdict, decidedBy };
}

type Stepper = (direction: "in" | "out", iface: string, src: string, dst: string, dport: number | undefined) => FlowStep;

/**
 * The evaluations the packet meets on its way (jail-networking.md §3): to an address of the host, out and then in
 * on the loopback that holds it, or on lo0 for an address on another interface; from the internet, in on the
 * interface that holds the address; to anywhere else, out on the route's interface. pf and ipfw both see the
 * packet at pfil(9)'s hooks in ip_output.c and ip_input.c, so both meet it on the same interfaces.
 */
function route(
  model: HostModel,
  base: Omit<Flow, "verdict" | "steps" | "notes">,
  from: FlowEndpoint,
  to: FlowEndpoint,
  local: string | undefined,
  notes: string[],
  step: Stepper,
): FlowResult {
  const net = model.network;
  const fw = base.filter;
  const dport = base.proto === "icmp" ? undefined : base.port;
  const steps: FlowStep[] = [];
  if (from.kind === "internet") {
    // Arriving from the wire: on the interface that holds the address, else the one toward the default router.
    const onWire = local && !net.isLoopback(local) ? local : egressInterface(model, to.address);
    if (!onWire) return { ok: false, error: `no interface of the host holds ${to.address}, and rc.conf names no default router's network` };
    const s = step("in", onWire, from.address, to.address, dport);
    steps.push(s);
    const arrived = s.translation?.dst ?? to.address;
    const where = localInterface(model, arrived);
    const held = heldBy(model, arrived);
    // ip_input.c drops 127/8 that arrives on a non-loopback interface before pf sees it: only rdr to it helps.
    if (!s.translation && where && net.isLoopback(where))
      return {
        ok: true,
        flow: {
          ...base,
          verdict: "block",
          steps: [],
          notes: [...notes, `${to.address} is on ${where}, a loopback: the internet reaches it only through an rdr rule on ${onWire}`],
        },
      };
    if (held) notes.push(`${arrived} is ${held}'s address: the packet is delivered there after this evaluation`);
    else if (s.translation) notes.push(`${arrived} is no address of this host or its jails: nothing answers there (JL209)`);
  } else if (local) {
    const x = net.localTrafficInterface(local);
    notes.push(
      net.isLoopback(local)
        ? `${to.address} is on ${local}: ${fw} sees the packet out and then in on ${local} (in.c installs its host route on that loopback; ip_output.c runs pfil(9)'s out hook on the route's interface, if_loop.c's if_simloop hands the packet back in on the same one)`
        : `${to.address} is on ${local}, a non-loopback interface: its host route is on lo0, so ${fw} sees the packet out and in on lo0 (in.c, ia_need_loopback_route: an address on a broadcast interface gets its host route on lo0; ip_output.c and if_loop.c run pfil(9)'s out and in hooks on that route's interface)`,
    );
    const out = step("out", x, from.address, to.address, dport);
    steps.push(out);
    const src = out.translation?.src ?? from.address;
    const dst = out.translation?.dst ?? to.address;
    steps.push(step("in", x, src, dst, out.translation?.dport ?? dport));
  } else {
    const x = egressInterface(model, to.address);
    if (!x)
      return { ok: false, error: `no interface of the host reaches ${to.address}: rc.conf names no network or default router for it` };
    notes.push(`${to.address} is not an address of this host: ${fw} sees the packet out on ${x}`);
    steps.push(step("out", x, from.address, to.address, dport));
  }
  const verdict = steps.some((s) => s.verdict === "block") ? "block" : steps.some((s) => s.verdict === "unknown") ? "unknown" : "pass";
  return { ok: true, flow: { ...base, verdict, steps, notes } };
}

/** Who holds an address: a jail's name, `the host` for rc.conf's and 127.0.0.1, else undefined. */
function heldBy(model: HostModel, address: string): string | undefined {
  const j = model.network.addresses.jailsHolding(address)[0];
  if (j) return j.jail;
  return model.network.addresses.hostHolding(address).length > 0 || address === "127.0.0.1" ? "the host" : undefined;
}

/** The interface that holds a local address: a jail's, rc.conf's, or lo0 for 127.0.0.0/8. */
function localInterface(model: HostModel, address: string): string | undefined {
  const net = model.network;
  for (const e of net.addresses.jailsHolding(address)) {
    const i = net.interfaceOf(e);
    if (i) return i;
  }
  const h = net.addresses.hostHolding(address)[0];
  if (h) return h.interface;
  return networkContains("127.0.0.0", 8, address) ? "lo0" : undefined;
}

/** The non-loopback interface whose rc.conf network holds the address, else the one holding the default router. */
function egressInterface(model: HostModel, address: string): string | undefined {
  const hosts = model.network.interfaces.addresses.filter((a) => a.family === 4 && !model.network.isLoopback(a.interface));
  const holding = (ip: string) => hosts.find((a) => a.prefix !== undefined && networkContains(a.address, a.prefix, ip))?.interface;
  const router = model.rc?.config.defaultRouter?.value;
  return holding(address) ?? (router && isIpv4(router) ? holding(router) : undefined);
}
