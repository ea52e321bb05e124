import { evaluatePacket, type RcProvenance, type TextRange } from "@jaillint/parser";
import type { HostModel } from "./host-model.js";
import { ipfwPacketFilter } from "./ipfw-packet-filter.js";
import type { LoopbackReach, LoopJail, PacketEvaluator, ReachVerdict } from "./jail-reachability.js";
import { hostVerdictReachability } from "./jail-reachability.js";
import { pfPacketFilter } from "./pf-packet-filter.js";

/** A program that filters packets at pfil(9)'s hooks. */
export type FilterProgram = "pf" | "ipfw";

/**
 * The first packet of a connection as the filter sees it: on one interface, in one direction. The interface is the
 * one pfil(9) runs the hook with, not the one a reader might expect: traffic to a local address is seen out and then
 * in on the loopback that holds it, or on lo0 for an address of em0 and the like (jail-networking.md §3.2,
 * HostNetwork.localTrafficInterface).
 */
export interface FilterPacket {
  readonly family: 4 | 6;
  readonly proto: "tcp" | "udp" | "icmp";
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  readonly iface: string;
  readonly direction: "in" | "out";
}

/** A place in a file that decides something. */
export interface FilterPlace {
  readonly file: string;
  readonly range: TextRange;
}

/** What decided a packet, as data: the message is written where it is shown. */
export type FilterDecider =
  | ({
      readonly kind: "rule";
      readonly program: FilterProgram;
      /** How a message names it: "pf rule `block in on lo1 …`", "ipfw rule 400", "rc.firewall's rule 100". */
      readonly label: string;
      /** The rule as written (its first line, for pf; without `add`, for ipfw). */
      readonly text: string;
      readonly action: "pass" | "block" | "match";
      /** It ended the evaluation on its own (pf `quick`; every deciding ipfw rule). */
      readonly quick: boolean;
      /** An ipfw rule's number. */
      readonly number?: number;
      /** ipfw: the packet met its connection's dynamic state at this rule number; the rule named made the state. */
      readonly stateAt?: number;
      /** A rule jaillint models as data (rc.firewall's own): `range` is the rc.conf line that chose it. */
      readonly generated?: boolean;
      /**
       * The rule passes every packet on the interface, whatever its addresses, protocol and direction (ipfw's
       * `allow ip from any to any via lo0`): the rules after it never filter that interface, as under pf's `set skip`.
       */
      readonly wholeInterface: boolean;
    } & FilterPlace)
  /** pf's `set skip on` covers the interface: pf.conf(5) "as if pf was disabled". */
  | ({ readonly kind: "skip"; readonly program: "pf"; readonly name: string; readonly label: string } & FilterPlace)
  /** A translation decided: a `pass` translation passed it unfiltered, or what it does is not known. */
  | ({ readonly kind: "translation"; readonly program: "pf"; readonly label: string } & FilterPlace)
  /** No rule decided: pf passes; ipfw's rule 65535 does what the kernel option says. */
  | { readonly kind: "default"; readonly program: FilterProgram; readonly label: string };

export interface FilterTranslation extends FilterPlace {
  readonly kind: string;
  /** The packet's source and destination after it (the filter rules see these). */
  readonly src: string;
  readonly dst: string;
  readonly dport?: number;
  /** `rdr pass`, `nat pass`, or a translation on a pass rule: the filter rules are not asked. */
  readonly pass: boolean;
}

/** The filter's answer for one packet. */
export interface FilterJudgement {
  /**
   * `runtime`: the rules were read, and something only the running host knows decides (a table filled at run time,
   * an anchor loaded at run time, ipfw's default rule whose action is the kernel's, a `prob`); `unknown`: jaillint
   * cannot follow the packet further (a translation to an address it cannot name, an ipfw action that hands it on).
   */
  readonly verdict: "pass" | "block" | "runtime" | "unknown";
  readonly decidedBy: FilterDecider;
  readonly translation?: FilterTranslation;
  /** For `runtime` and `unknown`: why, in words; `table` when a table's contents decide. */
  readonly detail?: string;
  readonly table?: string;
  /** The state this leg leaves for the connection's next leg (ipfw keep-state); hand the judgement back as `previous`. */
  readonly state?: object;
}

/** What one evaluator cannot answer: flow says so instead of guessing. */
export interface FilterQuestion {
  readonly proto: "tcp" | "udp" | "icmp";
  readonly dport: number | undefined;
}

/**
 * The host's packet filter: which program filters, enabled by which rc.conf line, and one question: what it does
 * with a packet. pf and ipfw implement it (pf-packet-filter.ts, ipfw-packet-filter.ts); the rules and views that
 * judge traffic (JL202, JL210, JL212, `flow`, the graph) ask it, not the programs.
 */
export interface PacketFilter {
  /** What rc.conf enables: pf (`pf_enable`), ipfw (`firewall_enable`), both, or none; without rc.conf, pf when a pf.conf was given. */
  readonly program: FilterProgram | "both" | "none";
  /** The program whose rules judge: pf when both are enabled (JL305 says so); undefined when no rules can be asked. */
  readonly judging: FilterProgram | undefined;
  /** The rc.conf line that enables the judging program (or, with none enabled, the pf_enable that turns pf off). */
  readonly enabledBy: RcProvenance | undefined;
  /** How a message names it: "the packet filter (pf)". */
  readonly title: string;
  /**
   * Set when no rule is asked: the filter is off (every packet passes), or its rules could not be read (unknown).
   * `none` when neither rc.conf nor a pf.conf was given: nothing is known about the filter at all.
   */
  readonly host: ReachVerdict | "none" | undefined;
  /** Facts about the rules the verdicts rest on (pfctl refuses the file: pf runs other rules than these). */
  readonly caveats: readonly string[];
  /** Why this filter's evaluator cannot answer a question, or undefined when it can. */
  refuses(q: FilterQuestion): string | undefined;
  /** The one question: what the filter does with this packet. `previous`: the judgement of this connection's last leg. */
  judge(packet: FilterPacket, previous?: FilterJudgement): FilterJudgement;
  /** JL202's question asked in bulk: which of these jails reach each other's loopback address. */
  loopbackReach(jails: readonly LoopJail[]): LoopbackReach[];
}

const cache = new WeakMap<HostModel, PacketFilter>();

const titleOf = (p: FilterProgram): string => `the packet filter (${p})`;

/**
 * The host's packet filter, as rc(8) starts it: rc.d/pf loads pf_rules when pf_enable is YES, rc.d/ipfw runs
 * firewall_script when firewall_enable is YES. `evaluate` replaces pf's evaluator (tests count its calls).
 */
export function hostPacketFilter(model: HostModel, evaluate?: PacketEvaluator): PacketFilter {
  if (!evaluate) {
    const known = cache.get(model);
    if (known) return known;
  }
  const made = build(model, evaluate ?? evaluatePacket);
  if (!evaluate) cache.set(model, made);
  return made;
}

function build(model: HostModel, evaluate: PacketEvaluator): PacketFilter {
  const rc = model.rc?.config;
  const pfOn = rc ? rc.pfEnable.enabled : model.pf !== undefined;
  const ipfwOn = rc?.firewallEnable.enabled ?? false;
  const program = pfOn && ipfwOn ? "both" : pfOn ? "pf" : ipfwOn ? "ipfw" : "none";
  if (program === "ipfw" && model.ipfw) return ipfwPacketFilter(model, model.ipfw, rc?.firewallEnable.source);
  if ((program === "pf" || program === "both") && model.pf) return pfPacketFilter(model, program, rc?.pfEnable.source, evaluate);
  return offFilter(model, program, hostVerdict(model), evaluate);
}

/**
 * What decides every packet when no rules can be asked: an ipfw host whose rules could not be read (unknown), pf
 * not enabled in rc.conf (nothing filtered), or pf enabled without its pf.conf (unknown); `none` when neither rc.conf
 * nor pf.conf was given.
 */
function hostVerdict(model: HostModel): ReachVerdict | "none" {
  const rc = model.rc?.config;
  if (!rc) return "none";
  const ipfw = rc.ipfwInsteadOfPf;
  if (ipfw) {
    // Its filter is not pf, and telling it to enable pf would have the admin run two firewalls; say instead that the
    // traffic was not judged.
    const where = ipfw.source;
    return {
      verdict: "unknown",
      cause: "ipfw",
      reason: model.ipfwUnread
        ? `rc.conf enables ipfw (firewall_enable="${ipfw.value}"), but its rules (${model.ipfwUnread.path}) could not be read, so they were not judged; check that they block between the jails' loopback addresses`
        : `rc.conf enables ipfw (firewall_enable="${ipfw.value}"), whose rules jaillint does not judge yet; check that they block between the jails' loopback addresses`,
      evidence: where ? [{ file: where.file, range: where.range, message: "ipfw is enabled here" }] : [],
    };
  }
  const pfEnabled = rc.pfEnable;
  if (!pfEnabled.enabled) {
    const where = pfEnabled.source;
    return {
      verdict: "pass",
      cause: "pf-disabled",
      reason: where
        ? `rc.conf sets pf_enable="${pfEnabled.value}", so pf filters nothing`
        : 'rc.conf does not set pf_enable="YES", so pf filters nothing',
      evidence: where ? [{ file: where.file, range: where.range, message: "pf is not enabled here" }] : [],
    };
  }
  return { verdict: "unknown", cause: "pf-unread", reason: "pf is enabled but its pf.conf was not given", evidence: [] };
}

/** A filter whose rules are not asked: `host` says what happens to every packet. */
function offFilter(
  model: HostModel,
  program: PacketFilter["program"],
  host: ReachVerdict | "none",
  evaluate: PacketEvaluator,
): PacketFilter {
  const judging = program === "ipfw" ? "ipfw" : "pf";
  const rc = model.rc?.config;
  const enabledBy = program === "ipfw" ? rc?.firewallEnable.source : rc?.pfEnable.source;
  return {
    program,
    judging: undefined,
    enabledBy,
    title: titleOf(judging),
    host,
    caveats: [],
    refuses: () => undefined,
    judge: () => {
      const detail = host === "none" ? "neither rc.conf nor pf.conf was given" : host.reason;
      return host !== "none" && host.verdict === "pass"
        ? { verdict: "pass", decidedBy: { kind: "default", program: judging, label: detail } }
        : { verdict: "unknown", decidedBy: { kind: "default", program: judging, label: detail }, detail };
    },
    loopbackReach: (jails) => (host === "none" ? [] : hostVerdictReachability(model, jails, host, evaluate)),
  };
}

export { titleOf as filterTitle };
