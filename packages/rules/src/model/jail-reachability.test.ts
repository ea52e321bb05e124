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

/**
 * The generated 10,000-jail host's shape: n jails on lo1, in tables of five, each table passed to the first jail's
 * port 9100, everything else between the jails blocked.
 */
function tabled(n: number) {
  const jail = Array.from({ length: n }, (_, i) => `j${i} {\n  ip4.addr = "lo1|${address(i)}/32";\n}\n`).join("");
  const groups = Math.ceil(n / 5);
  const tables = Array.from(
    { length: groups },
    (_, g) => `table <g${g}> { ${Array.from({ length: 5 }, (_, k) => address(g * 5 + k)).join(" ")} }\n`,
  ).join("");
  const rules = Array.from({ length: groups }, (_, g) => `pass in quick on lo1 proto tcp from <g${g}> to ${address(0)} port 9100\n`).join(
    "",
  );
  const pf = `${tables}set skip on lo0\nblock in all\npass out all keep state\n${rules}block in quick on lo1 from lo1 to lo1\n`;
  const files = { "/etc/jail.conf": jail, "/etc/rc.conf": 'cloned_interfaces="lo1"\npf_enable="YES"\n', "/etc/pf.conf": pf };
  return buildHostModel({ jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"], pf: ["/etc/pf.conf"] }, new MemoryHost(files));
}

function countedOn(model: ReturnType<typeof tabled>) {
  const stats = { calls: 0, ruleVisits: 0 };
  const evaluate = (policy: PfPolicy, packet: PfPacket, groups?: ReadonlyMap<string, readonly string[]>) => {
    stats.calls++;
    stats.ruleVisits += policy.filterRules.length;
    return evaluatePacket(policy, packet, groups);
  };
  return { stats, result: loopbackReachability(model, evaluate) };
}

describe("loopbackReachability with sources grouped in tables", () => {
  it("evaluates each table's class against its own rule, not every class against every table's rule", () => {
    const small = countedOn(tabled(100));
    const large = countedOn(tabled(400));
    // Four times the jails, tables and rules: each class of sources is evaluated once against the few rules that can
    // match it (quadratic work, every class against all table rules, would be sixteen times).
    expect(large.stats.calls / small.stats.calls).toBeLessThan(4.5);
    expect(large.stats.ruleVisits / small.stats.ruleVisits).toBeLessThan(4.5);
    // The other 399 destinations meet the same rules: one evaluation of their sources serves them all.
    expect(large.stats.calls / 400).toBeLessThan(16);
  });

  it("still says what the rules say: the tables reach the first jail's port 9100, nothing else passes", () => {
    const { result } = countedOn(tabled(40));
    expect(result).toHaveLength(40);
    const reached = result.filter((r) => r.passed || r.unknown);
    expect(reached.map((r) => [r.destination.name, r.passed?.count, r.passed?.sample.map((s) => s.jail)])).toEqual([
      ["j0", 39, ["j1", "j2", "j3", "j4"]],
    ]);
    expect(reached[0]?.passed?.how.reason).toBe("pf passes tcp port 9100 out and then in on lo1");
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
