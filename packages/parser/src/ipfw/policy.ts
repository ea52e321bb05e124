import { networkContains, parseIp } from "../common/ip.js";
import { SERVICES } from "../common/services.js";
import type { TextRange } from "../common/text-range.js";
import type { IpfwAddress, IpfwCommand, IpfwEndpoint, IpfwNatConfig, IpfwOption, IpfwRule } from "./ast.js";

/** ipfw's default rule (ip_fw2.c IPFW_DEFAULT_RULE): last, and never replaced. */
export const IPFW_DEFAULT_RULE = 65535;
/** net.inet.ip.fw.autoinc_step's default: a rule added without a number gets the highest number so far plus this. */
export const IPFW_AUTOINC_STEP = 100;

/** A rule as the kernel holds it: with the number it was given, and the file it came from. */
export interface IpfwNumberedRule {
  readonly number: number;
  readonly rule: IpfwRule;
  readonly file: string;
  /** Where to point a reader: the rule's range in `file` (for a generated rule, the rc.conf line that chose it). */
  readonly range: TextRange;
  /** Added by a script jaillint models as data (rc.firewall), not read from a file: `range` is the line choosing it. */
  readonly generated?: true;
}

/** One batch of commands, in the order rc.d/ipfw runs them. */
export interface IpfwSource {
  readonly file: string;
  readonly commands: readonly IpfwCommand[];
  /** A range every command of the batch is reported at (rc.firewall's built-in rules: the rc.conf line choosing them). */
  readonly at?: TextRange;
}

export interface IpfwRuleset {
  /** In evaluation order: by number, rules of one number in the order they were added (ip_fw_sockopt.c). */
  readonly rules: readonly IpfwNumberedRule[];
  /** Tables filled with `table N add`: their entries, as `address/prefix`. */
  readonly tables: ReadonlyMap<string, readonly string[]>;
  /** Tables created (`table N create`) or filled: a rule naming another table names one that does not exist. */
  readonly definedTables: ReadonlySet<string>;
  readonly nats: readonly (IpfwNatConfig & { readonly file: string })[];
}

/** Applies the commands in order as ipfw would: `flush` empties the ruleset, unnumbered rules are numbered. */
export function buildIpfwRuleset(sources: readonly IpfwSource[]): IpfwRuleset {
  let rules: { n: IpfwNumberedRule; seq: number }[] = [];
  const tables = new Map<string, string[]>();
  const defined = new Set<string>();
  const nats: (IpfwNatConfig & { file: string })[] = [];
  let seq = 0;
  let highest = 0;
  for (const src of sources) {
    for (const c of src.commands) {
      if (c.type === "Rule") {
        // ip_fw_sockopt.c commit_rules: a rule without a number gets the highest number below the default rule plus
        // autoinc_step, unless that would reach the default rule.
        let number = c.written;
        if (number === undefined) number = highest + IPFW_AUTOINC_STEP < IPFW_DEFAULT_RULE ? highest + IPFW_AUTOINC_STEP : highest;
        if (number > 0 && number < IPFW_DEFAULT_RULE) {
          highest = Math.max(highest, number);
          rules.push({
            n: { number, rule: c, file: src.file, range: src.at ?? c.range, ...(src.at ? { generated: true as const } : {}) },
            seq: seq++,
          });
        }
      } else if (c.type === "Table") {
        if (c.op === "flush") tables.set(c.name, []);
        else if (c.op === "destroy") {
          tables.delete(c.name);
          defined.delete(c.name);
        } else if (c.op === "add" || c.op === "create") {
          defined.add(c.name);
          const list = tables.get(c.name) ?? [];
          for (const e of c.entries) list.push(e.network);
          tables.set(c.name, list);
        }
      } else if (c.type === "NatConfig") nats.push({ ...c, file: src.file });
      else if (c.words.includes("flush") && !c.words.some((w) => w === "pipe" || w === "queue" || w === "sched" || w === "table")) {
        // `-f flush` / `flush`: every rule but the default one is deleted.
        rules = [];
        highest = 0;
      }
    }
  }
  rules.sort((a, b) => a.n.number - b.n.number || a.seq - b.seq);
  return { rules: rules.map((r) => r.n), tables, definedTables: defined, nats };
}

/** The first packet of a connection, on one interface and in one direction; IPv4 or IPv6, as its addresses are. */
export interface IpfwPacket {
  readonly direction: "in" | "out";
  readonly ifname: string;
  readonly proto: "tcp" | "udp";
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
  /**
   * Addresses of the host itself, of either family: `me` matches an IPv4 one (ip_fw2.c O_IP_SRC_ME, in_localip) and,
   * falling through to O_IP6_SRC_ME, an IPv6 one; `me6` only an IPv6 one.
   */
  readonly local: (address: string) => boolean;
  /** A state an earlier leg of this connection created, by the rule that created it. */
  readonly state?: IpfwNumberedRule;
}

export interface IpfwVerdict {
  readonly verdict: "pass" | "block" | "unknown";
  /** The rule that decided, or undefined for the default rule. */
  readonly rule: IpfwNumberedRule | undefined;
  /** For "unknown": why only the running host can tell. */
  readonly reason?: string;
  /** Set when the deciding rule keeps state (the next leg then meets that state at check-state). */
  readonly keepsState?: boolean;
  /** The packet matched the dynamic state this rule created on an earlier leg (at `rule`, a check-state or stateful rule). */
  readonly byState?: IpfwNumberedRule;
  /** The rule is the default rule 65535, whose action is the kernel's (net.inet.ip.fw.default_to_accept). */
  readonly defaultRule?: boolean;
  /** For "unknown": the rule hands the packet on (nat, a pipe, a divert socket), and what follows is not evaluated. */
  readonly handedOn?: boolean;
}

type Tri = "1" | "0" | "u";
const not = (x: Tri): Tri => (x === "u" ? "u" : x === "1" ? "0" : "1");
const and = (a: Tri, b: Tri): Tri => (a === "0" || b === "0" ? "0" : a === "u" || b === "u" ? "u" : "1");

function addressMatch(a: IpfwAddress, ip: string, p: IpfwPacket, ruleset: IpfwRuleset): Tri {
  switch (a.kind) {
    case "any":
      return "1";
    case "me":
      return p.local(ip) ? "1" : "0";
    case "me6":
      return parseIp(ip)?.kind() === "ipv6" && p.local(ip) ? "1" : "0";
    // O_IP_SRC_MASK and O_IP6_SRC_MASK match only a packet of their own family (networkContains says no across them).
    case "network": {
      const [n = "", len = "0"] = a.network.split("/");
      return networkContains(n, Number(len), ip) ? "1" : "0";
    }
    case "table": {
      const entries = ruleset.tables.get(a.name);
      if (!entries) return "u";
      return entries.some((e) => {
        const [n = "", len = "0"] = e.split("/");
        return networkContains(n, Number(len), ip);
      })
        ? "1"
        : "0";
    }
    default:
      return "u";
  }
}

function endpointMatch(e: IpfwEndpoint, ip: string, port: number, p: IpfwPacket, ruleset: IpfwRuleset): Tri {
  let addr: Tri = "0";
  for (const a of e.addresses) {
    const m = addressMatch(a, ip, p, ruleset);
    if (m === "1") {
      addr = "1";
      break;
    }
    if (m === "u") addr = "u";
  }
  if (e.negated) addr = not(addr);
  if (e.ports.length === 0 && e.portNames.length === 0) return addr;
  let portMatch: Tri = e.ports.some((r) => r.low <= port && port <= r.high) ? "1" : "0";
  if (portMatch === "0")
    for (const name of e.portNames) {
      const n = SERVICES.get(name);
      if (n === undefined) portMatch = "u";
      else if (n === port) portMatch = "1";
    }
  return and(addr, portMatch);
}

/** Interface names with shell wildcards match as fnmatch(3) does (ip_fw2.c iface_match for a glob name). */
function ifaceMatch(pattern: string, ifname: string): Tri {
  if (parseIp(pattern) || pattern === "any") return pattern === "any" ? "1" : "u";
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^$()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
  return re.test(ifname) ? "1" : "0";
}

function optionMatch(o: IpfwOption, p: IpfwPacket): Tri {
  let m: Tri;
  switch (o.kind) {
    case "direction":
      m = o.direction === p.direction ? "1" : "0";
      break;
    case "interface":
      // `recv` names the interface a packet came in on, `xmit` the one it leaves by, `via` either (ipfw(8)).
      if (o.which === "recv") m = p.direction === "in" ? ifaceMatch(o.iface, p.ifname) : "0";
      else if (o.which === "xmit") m = p.direction === "out" ? ifaceMatch(o.iface, p.ifname) : "0";
      else m = ifaceMatch(o.iface, p.ifname);
      break;
    case "state":
      m = "1";
      break;
    case "setup":
      // The first packet of a TCP connection is a SYN without ACK: `setup` matches it, `established` does not.
      m = p.proto === "tcp" ? "1" : "0";
      break;
    case "established":
    case "frag":
      m = "0";
      break;
    case "proto":
      m = o.protos.some((x) => protoMatches(x, p)) ? "1" : "0";
      break;
    case "or": {
      m = "0";
      for (const x of o.options) {
        const r = optionMatch(x, p);
        if (r === "1") {
          m = "1";
          break;
        }
        if (r === "u") m = "u";
      }
      break;
    }
    default:
      m = "u";
  }
  return o.negated ? not(m) : m;
}

const isIpv6 = (p: IpfwPacket): boolean => parseIp(p.dst)?.kind() === "ipv6";

/**
 * sbin/ipfw/ipfw2.c add_proto_compat: `ip` and `all` set no protocol opcode (any packet, either family), `ip4`/`ipv4`
 * compile to O_IP4 and `ip6`/`ipv6` to O_IP6, which ip_fw2.c matches by the packet's family (is_ipv4, is_ipv6).
 */
function protoMatches(name: string, p: IpfwPacket): boolean {
  if (name === "ip" || name === "all") return true;
  if (name === "ip4" || name === "ipv4") return !isIpv6(p);
  if (name === "ip6" || name === "ipv6") return isIpv6(p);
  return name === p.proto || (name === "6" && p.proto === "tcp") || (name === "17" && p.proto === "udp");
}

function ruleMatch(r: IpfwRule, p: IpfwPacket, ruleset: IpfwRuleset): Tri {
  const b = r.body;
  if (!b) return "1";
  let m: Tri = b.protos.some((x) => protoMatches(x, p)) ? "1" : "0";
  if (m === "0") return "0";
  m = and(m, endpointMatch(b.from, p.src, p.sport, p, ruleset));
  if (m === "0") return "0";
  m = and(m, endpointMatch(b.to, p.dst, p.dport, p, ruleset));
  for (const o of b.options) {
    if (m === "0") return "0";
    m = and(m, optionMatch(o, p));
  }
  if (m === "1" && r.probability !== undefined && r.probability < 1) return "u";
  return m;
}

const keepsState = (r: IpfwRule): boolean => r.body?.options.some((o) => o.kind === "state" && !o.negated) ?? false;

/**
 * ipfw's verdict on one packet (ip_fw2.c ipfw_chk): rules in number order, the first whose body matches decides;
 * `count` and a failed `check-state` go on; `skipto N` goes on at the first rule numbered N or more, never back
 * (jump_fast: a target not above the current rule means the next rule); `call`/`return` as a subroutine. A packet
 * that no rule decides meets the default rule 65535, whose action is the kernel's: deny, unless
 * net.inet.ip.fw.default_to_accept (IPFIREWALL_DEFAULT_TO_ACCEPT) is set, which the files do not show.
 */
export function evaluateIpfwPacket(ruleset: IpfwRuleset, p: IpfwPacket): IpfwVerdict {
  const rules = ruleset.rules;
  const firstAtOrAbove = (n: number, from: number): number => {
    let i = from;
    while (i < rules.length && (rules[i] as IpfwNumberedRule).number < n) i++;
    return i;
  };
  const stack: number[] = [];
  let steps = 0;
  for (let i = 0; i < rules.length; ) {
    // call/return loops are the kernel's to stop (IP_FW_CALLSTACK_SIZE); a bound keeps this one finite.
    if (++steps > rules.length * 4 + 64) return { verdict: "unknown", rule: rules[i], reason: "the rules call each other in a loop" };
    const nr = rules[i] as IpfwNumberedRule;
    const r = nr.rule;
    // A stateful rule begins with O_PROBE_STATE, before its body (sbin/ipfw/ipfw2.c compile_rule): the first
    // keep-state or check-state rule the packet reaches looks up the dynamic rules, whatever the rule's own body
    // says (ipfw(8): "dynamic rules are checked at the first check-state, keep-state or limit rule"), and the
    // connection's own state jumps to the action of the rule that made it (ip_fw2.c ipfw_chk). A `prob` comes first.
    if (p.state && r.probability === undefined && (keepsState(r) || r.action.kind === "check-state")) return byState(p.state, nr);
    const m = ruleMatch(r, p, ruleset);
    if (m === "0") {
      i++;
      continue;
    }
    if (m === "u") {
      // A rule whose match only the running host knows: if it decides, so does the host.
      if (r.action.kind !== "count") {
        return {
          verdict: "unknown",
          rule: nr,
          reason: `whether ipfw rule ${nr.number} matches depends on what only the running host knows`,
        };
      }
      i++;
      continue;
    }
    switch (r.action.kind) {
      case "allow":
        return { verdict: "pass", rule: nr, keepsState: keepsState(r) };
      case "deny":
        return { verdict: "block", rule: nr };
      case "count":
      case "modify":
        i++;
        continue;
      case "check-state":
        // No state of this connection (the first leg): the next rule.
        i++;
        continue;
      case "skipto": {
        const target = r.action.target;
        if (target === undefined)
          return { verdict: "unknown", rule: nr, reason: `ipfw rule ${nr.number} jumps to a rule number taken from a table` };
        // ip_fw2.c jump_fast: a target not above this rule's number becomes rulenum + 1, then ipfw_find_rule takes
        // the first rule numbered at least that (rules sharing this number after it are passed over).
        i = firstAtOrAbove(target <= nr.number ? nr.number + 1 : target, i + 1);
        continue;
      }
      case "call": {
        const target = r.action.target;
        if (target === undefined)
          return { verdict: "unknown", rule: nr, reason: `ipfw rule ${nr.number} calls a rule number taken from a table` };
        stack.push(i + 1);
        i = firstAtOrAbove(target, 0);
        continue;
      }
      case "return": {
        const back = stack.pop();
        i = back ?? i + 1;
        continue;
      }
      case "nat":
        // ip_fw2.c ipfw_chk O_NAT: an instance no `nat N config` created is looked up in vain, and the packet denied.
        if (r.action.arg !== undefined && /^\d+$/.test(r.action.arg) && !ruleset.nats.some((n) => n.instance === r.action.arg))
          return { verdict: "block", rule: nr };
        return {
          verdict: "unknown",
          rule: nr,
          handedOn: true,
          reason: `ipfw rule ${nr.number} translates it (nat ${r.action.arg ?? ""}), so the outcome depends on the translated address`,
        };
      default:
        return { verdict: "unknown", rule: nr, handedOn: true, reason: `ipfw rule ${nr.number} hands it on (${r.action.keyword})` };
    }
  }
  return {
    verdict: "unknown",
    rule: undefined,
    defaultRule: true,
    reason:
      "no ipfw rule decides it, so the default rule 65535 does: deny, unless the kernel sets net.inet.ip.fw.default_to_accept (IPFIREWALL_DEFAULT_TO_ACCEPT), which the configuration files do not show",
  };
}

/**
 * The connection's own state, made by the rule that passed its first leg, meets the next leg at a check-state (or
 * a stateful rule, which checks state first): ipfw(8) check-state: "execute the action associated with the rule
 * which generated this dynamic rule". Any other state exists only at run time, and is never assumed.
 */
function byState(state: IpfwNumberedRule, at: IpfwNumberedRule): IpfwVerdict {
  const action = state.rule.action.kind;
  return {
    verdict: action === "allow" ? "pass" : action === "deny" ? "block" : "unknown",
    rule: at,
    byState: state,
    reason: `the dynamic state ipfw rule ${state.number} created decides it at rule ${at.number}`,
  };
}
