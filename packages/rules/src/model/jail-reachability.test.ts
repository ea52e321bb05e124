import { evaluatePacket, MemoryHost, type PfPacket, type PfPolicy } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { buildHostModel } from "./host-model.js";
import { loopbackReachability } from "./jail-reachability.js";

const address = (i: number): string => `127.1.${Math.floor((i + 1) / 250)}.${((i + 1) % 250) + 1}`;

/** n jails on lo1 and a pf.conf with one rule per jail pair, each naming its own source, destination and port. */
function host(n: number, last = "block in quick on lo1 from lo1 to lo1") {
  const jail = Array.from({ length: n }, (_, i) => `j${i} {\n  ip4.addr = "lo1|${address(i)}/32";\n}\n`).join("");
  const pairs = Array.from(
    { length: n },
    (_, i) => `pass in quick on lo1 proto tcp from ${address(i)} to ${address((i + 1) % n)} port ${1000 + i}\n`,
  ).join("");
  const pf = `set skip on lo0\nblock in all\npass out all keep state\n${pairs}${last}\n`;
  const files = { "/etc/jail.conf": jail, "/etc/rc.conf": 'cloned_interfaces="lo1"\npf_enable="YES"\n', "/etc/pf.conf": pf };
  return buildHostModel({ jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"], pf: ["/etc/pf.conf"] }, new MemoryHost(files));
}

function counted(n: number) {
  const stats = { calls: 0, ruleVisits: 0 };
  const evaluate = (policy: PfPolicy, packet: PfPacket, groups?: ReadonlyMap<string, readonly string[]>) => {
    stats.calls++;
    stats.ruleVisits += policy.filterRules.length;
    return evaluatePacket(policy, packet, groups);
  };
  const result = loopbackReachability(host(n), evaluate);
  return { stats, result };
}

describe("loopbackReachability scales with jails plus rules, not jails × rules", () => {
  it("evaluates a bounded number of packets per jail, each against a bounded number of rules", () => {
    const small = counted(25);
    const large = counted(100);
    // Four times the jails and four times the rules: quadratic work would be sixteen times; linear is four.
    expect(large.stats.calls / small.stats.calls).toBeLessThan(4.5);
    expect(large.stats.ruleVisits / small.stats.ruleVisits).toBeLessThan(4.5);
    // Per jail: its own pair rule and the four rules every jail meets, a few ports, two protocols, out and in.
    expect(large.stats.ruleVisits / 100).toBeLessThan(400);
  });

  it("still finds what the rules say: the pair rule passes one port between the pair it names", () => {
    const { result } = counted(40);
    expect(result).toHaveLength(40);
    // `block in quick on lo1 from lo1 to lo1` stops everything else, and the pair rule names both hosts.
    expect(result.filter((r) => r.passed || r.unknown)).toEqual([]);
  });
});

describe("loopbackReachability counts every source once", () => {
  it("with sources a rule names split off, each destination is reached by all the others", () => {
    const result = loopbackReachability(host(10, "pass in quick on lo1 from lo1 to lo1"));
    expect(result.map((r) => r.passed?.count)).toEqual(Array(10).fill(9));
    const first = result[0];
    expect(first?.destination.name).toBe("j0");
    expect(first?.passed?.sample.map((s) => s.jail)).toEqual(["j9", "j1", "j2", "j3"]);
  });
});
