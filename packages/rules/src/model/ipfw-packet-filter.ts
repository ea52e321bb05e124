import { evaluateIpfwPacket, type IpfwNumberedRule, type RcProvenance } from "@jaillint/parser";
import type { HostModel } from "./host-model.js";
import type { IpfwHostPolicy } from "./ipfw-host-policy.js";
import { ipfwLoopbackReachability, passesWholeInterface } from "./ipfw-reachability.js";
import { addressKey } from "./jail-network.js";
import type { FilterDecider, FilterJudgement, FilterPacket, PacketFilter } from "./packet-filter.js";

/** An ephemeral source port (net.inet.ip.portrange.first is 10000 and up), as JL202 uses. */
const SOURCE_PORT = 50000;

/** How a message names an ipfw rule: rc.firewall's own rules are reported at the rc.conf line that chose them. */
export function ipfwRuleLabel(r: IpfwNumberedRule): string {
  return `${r.generated ? "rc.firewall's" : "ipfw"} rule ${r.number}`;
}

/**
 * ipfw as the host's packet filter (rc.conf enables ipfw and not pf, and every file rc.d/ipfw reads could be read),
 * evaluated as ip_fw2.c ipfw_chk does: the first rule by number that matches decides, `count` and a failed
 * `check-state` go on, `skipto` never goes back; the `keep-state` that passed a connection's first leg is the state
 * its next leg meets (`previous`); a packet no rule decides meets rule 65535, whose action the kernel option
 * net.inet.ip.fw.default_to_accept sets, which the files do not show (decided at run time). IPv4 and IPv6 alike:
 * `ip`/`all` match both families, `ip4`/`ipv4` and `ip6`/`ipv6` one, `me` a local address of either, `me6` an IPv6 one.
 */
export function ipfwPacketFilter(model: HostModel, policy: IpfwHostPolicy, enabledBy: RcProvenance | undefined): PacketFilter {
  const net = model.network;
  let locals: Set<string> | undefined;
  // `me`: every address configured on the host, the jails' among them (ip_fw2.c in_localip, ipfw_localip6).
  const local = (a: string): boolean => {
    if (!locals) {
      locals = new Set(["127.0.0.1", "::1"]);
      for (const j of net.jails) for (const e of [...j.ip4, ...j.ip6]) if (e.ip) locals.add(addressKey(e));
      for (const h of net.interfaces.addresses) locals.add(h.address);
    }
    return locals.has(a);
  };
  const decider = (r: IpfwNumberedRule, stateAt: number | undefined): FilterDecider => {
    const action = r.rule.action.kind;
    return {
      kind: "rule",
      program: "ipfw",
      label: ipfwRuleLabel(r),
      text: r.rule.text.replace(/^add /, ""),
      action: action === "allow" ? "pass" : action === "deny" ? "block" : "match",
      quick: true,
      number: r.number,
      ...(stateAt !== undefined ? { stateAt } : {}),
      ...(r.generated ? { generated: true } : {}),
      wholeInterface: stateAt === undefined && passesWholeInterface(r),
      file: r.file,
      range: r.range,
    };
  };
  return {
    program: "ipfw",
    judging: "ipfw",
    enabledBy,
    title: "the packet filter (ipfw)",
    host: undefined,
    caveats: [],
    refuses: (q) =>
      q.proto === "icmp"
        ? "ICMP is not traced through ipfw's rules: ask about tcp or udp"
        : q.dport === undefined
          ? "ipfw's rules are traced for one destination port: write --to NAME:PORT"
          : undefined,
    judge(packet: FilterPacket, previous?: FilterJudgement): FilterJudgement {
      const state = previous?.state instanceof IpfwState ? previous.state.rule : undefined;
      const v = evaluateIpfwPacket(policy.ruleset, {
        direction: packet.direction,
        ifname: packet.iface,
        // The evaluator asks tcp or udp (refuses says so for icmp).
        proto: packet.proto === "udp" ? "udp" : "tcp",
        src: packet.src,
        dst: packet.dst,
        sport: packet.sport ?? SOURCE_PORT,
        dport: packet.dport ?? 1,
        local,
        ...(state ? { state } : {}),
      });
      // Met by its connection's state: the rule that made the state decides, with its action (ip_fw2.c ipfw_chk).
      const r = v.byState ?? v.rule;
      const decidedBy: FilterDecider =
        r && !v.defaultRule
          ? decider(r, v.byState && v.rule ? v.rule.number : undefined)
          : { kind: "default", program: "ipfw", label: "ipfw's default rule 65535" };
      const kept = packet.direction === "out" && v.keepsState && v.rule ? { state: new IpfwState(v.rule) } : {};
      if (v.verdict === "unknown") return { verdict: v.handedOn ? "unknown" : "runtime", decidedBy, detail: v.reason ?? "", ...kept };
      return { verdict: v.verdict, decidedBy, ...kept };
    },
    loopbackReach: (jails) => ipfwLoopbackReachability(jails, policy, (e) => net.interfaceOf(e), local),
  };
}

/** The dynamic state a `keep-state` rule made for a connection's first leg. */
class IpfwState {
  constructor(readonly rule: IpfwNumberedRule) {}
}
