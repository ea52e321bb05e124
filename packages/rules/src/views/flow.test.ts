import { MemoryHost } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { buildHostModel } from "../model/host-model.js";
import { loopbackReachability } from "../model/jail-reachability.js";
import { type FlowQuery, traceFlow } from "./flow.js";

const JAILS =
  'a {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\nb {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\nw {\n  ip4.addr = "em0|192.0.2.10";\n}\n';
const RC = 'ifconfig_em0="inet 192.0.2.2/24"\ndefaultrouter="192.0.2.1"\ncloned_interfaces="lo1"\npf_enable="YES"\n';

function model(pf: string, rc = RC) {
  const files = { "/etc/jail.conf": JAILS, "/etc/rc.conf": rc, "/etc/pf.conf": pf };
  return buildHostModel({ jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"], pf: ["/etc/pf.conf"] }, new MemoryHost(files));
}

function trace(pf: string, q: Partial<FlowQuery> & { from: string; to: string }, rc?: string) {
  const r = traceFlow(model(pf, rc), { proto: "tcp", ...q });
  if (!r.ok) throw new Error(r.error);
  return r.flow;
}

const brief = (f: ReturnType<typeof trace>) =>
  f.steps.map(
    (s) => `${s.direction} ${s.iface} ${s.verdict} ${s.decidedBy.kind}${"range" in s.decidedBy ? `@${s.decidedBy.range.start}` : ""}`,
  );

describe("traceFlow", () => {
  it("evaluates jail to jail out and then in on the loopback that holds the destination; the last match decides", () => {
    const pf = "block in all\npass out all\n";
    const f = trace(pf, { from: "a", to: "b", port: 80 });
    expect(f.verdict).toBe("block");
    expect(brief(f)).toEqual(["out lo1 pass rule@13", "in lo1 block rule@0"]);
    expect(f.steps[0]).toMatchObject({ src: "127.0.1.1", dst: "127.0.1.2", dport: 80 });
  });

  it("names the quick rule that ends the evaluation", () => {
    const f = trace("pass in quick on lo1 from 127.0.1.1 to 127.0.1.1\nblock all\n", { from: "a", to: "a", port: 22 });
    expect(f.verdict).toBe("block");
    expect(f.steps.map((s) => s.decidedBy)).toMatchObject([
      { kind: "rule", action: "block", quick: false, range: { start: 49 } },
      { kind: "rule", action: "pass", quick: true, range: { start: 0 } },
    ]);
  });

  it("goes over lo0 to a jail alias on a non-loopback interface, and says when set skip covers it", () => {
    const f = trace("set skip on lo0\nblock all\n", { from: "a", to: "w", port: 443 });
    expect(brief(f)).toEqual(["out lo0 pass skip@12", "in lo0 pass skip@12"]);
  });

  it("passes by default when no rule matches", () => {
    expect(brief(trace("block in on em0 all\n", { from: "a", to: "b", port: 1 }))).toEqual(["out lo1 pass default", "in lo1 pass default"]);
  });

  it("says which table decides at run time", () => {
    const f = trace("table <ok> persist\nblock all\npass in on lo1 from <ok>\npass out all\n", { from: "a", to: "b", port: 5 });
    expect(f.verdict).toBe("unknown");
    expect(f.steps[1]?.unknown).toEqual({ detail: "table <ok> is filled at run time or from a file", table: "ok" });
  });

  it("applies nat on the way out, and the filter rules see the translated source", () => {
    const f = trace("nat on em0 from 127.0.1.0/24 to any -> (em0)\nblock out on em0 from 127.0.1.0/24\n", {
      from: "a",
      to: "198.51.100.7",
      port: 443,
    });
    expect(f.steps).toHaveLength(1);
    expect(f.steps[0]).toMatchObject({ direction: "out", iface: "em0", translation: { kind: "nat", src: "192.0.2.2" } });
    expect(f.verdict).toBe("pass");
  });

  it("follows rdr from the internet, and a pass rdr asks no filter rule", () => {
    const pf = "rdr pass on em0 proto tcp to port 80 -> 127.0.1.1\nblock in all\n";
    const f = trace(pf, { from: "internet", to: "192.0.2.2", port: 80 });
    expect(f.verdict).toBe("pass");
    expect(f.steps[0]).toMatchObject({ direction: "in", iface: "em0", translation: { dst: "127.0.1.1", pass: true } });
    expect(f.notes).toContain("127.0.1.1 is a's address: the packet is delivered there after this evaluation");
    const blocked = trace(pf.replace("rdr pass", "rdr"), { from: "internet", to: "192.0.2.2", port: 80 });
    expect(blocked.verdict).toBe("block");
  });

  it("says when a translation loaded at run time may apply", () => {
    const f = trace('rdr-anchor "rdr/*"\npass all\n', { from: "a", to: "b", port: 80 });
    expect(f.verdict).toBe("unknown");
    // rdr applies to packets coming in: the out pass is decided by the rules.
    expect(f.steps[0]).toMatchObject({ direction: "out", verdict: "pass" });
    expect(f.steps[1]).toMatchObject({
      direction: "in",
      verdict: "unknown",
      decidedBy: { kind: "translation", range: { start: 0 } },
      unknown: { detail: "the rdr rules this anchor loads at run time may translate it" },
    });
  });

  it("says the internet cannot reach a loopback address without rdr", () => {
    const f = trace("pass all\n", { from: "internet", to: "a", port: 80 });
    expect(f.verdict).toBe("block");
    expect(f.notes.at(-1)).toBe("127.0.1.1 is on lo1, a loopback: the internet reaches it only through an rdr rule on em0");
  });

  it("needs no rule when rc.conf does not enable pf", () => {
    const f = trace("block all\n", { from: "a", to: "b", port: 80 }, 'cloned_interfaces="lo1"\n');
    expect(f).toMatchObject({ verdict: "pass", steps: [] });
    expect(f.host?.reason).toBe('rc.conf does not set pf_enable="YES", so pf filters nothing');
  });

  it("refuses what it cannot trace", () => {
    const m = model("pass all\n");
    expect(traceFlow(m, { from: "a", to: "2001:db8::1", proto: "tcp" })).toEqual({
      ok: false,
      error: "IPv6 flows are not traced: which interfaces pf sees for them is unconfirmed",
    });
    expect(traceFlow(m, { from: "zz", to: "b", proto: "tcp" })).toMatchObject({ ok: false });
  });

  it("agrees with JL202's evaluation on every pair of loopback jails", () => {
    for (const pf of [
      "block in all\npass out all\n",
      "set skip on lo\n",
      "block in all\npass out all\npass in on lo1 from lo1 to lo1\n",
      "block all\npass quick on lo1 proto tcp from lo1 to lo1 port 22\n",
    ]) {
      const m = model(pf);
      const reach = loopbackReachability(m);
      for (const [from, to] of [
        ["a", "b"],
        ["b", "a"],
      ] as const) {
        const passed = reach.find((r) => r.destination.name === to)?.passed?.sample.some((s) => s.jail === from) ?? false;
        // JL202 asks ports no rule names and the edges of those rules name; port 1 and 22 cover these policies.
        const anyPort = [1, 22].some(
          (port) => traceFlow(m, { from, to, port, proto: "tcp" }).ok && trace(pf, { from, to, port }).verdict === "pass",
        );
        expect(anyPort, `${pf} ${from}→${to}`).toBe(passed);
      }
    }
  });

  it("on an ipfw host, asks ipfw's rules in number order, and agrees with JL202 on every pair of loopback jails", () => {
    const rc = 'cloned_interfaces="lo1"\nfirewall_enable="YES"\nfirewall_script="/etc/ipfw.rules"\n';
    for (const rules of [
      // a may reach b on 5432 only; each jail reaches itself; nothing else crosses.
      "ipfw add 100 allow ip from 127.0.1.1 to 127.0.1.1 via lo1\nipfw add 110 allow ip from 127.0.1.2 to 127.0.1.2 via lo1\nipfw add 200 allow tcp from 127.0.1.1 to 127.0.1.2 5432 via lo1\nipfw add 290 deny ip from 127.0.1.0/24 to 127.0.1.0/24 via lo1\nipfw add 1000 allow ip from any to any\n",
      "ipfw add 65000 allow ip from any to any\n",
    ]) {
      const files = { "/etc/jail.conf": JAILS, "/etc/rc.conf": rc, "/etc/ipfw.rules": rules };
      const m = buildHostModel({ jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"] }, new MemoryHost(files));
      const reach = loopbackReachability(m);
      for (const [from, to] of [
        ["a", "b"],
        ["b", "a"],
      ] as const) {
        const passed = reach.find((r) => r.destination.name === to)?.passed?.sample.some((s) => s.jail === from) ?? false;
        // Port 1, which no rule names: a pass by a rule naming both jails (200) is on purpose, and JL202 does not count it.
        const verdicts = [1].map((port) => {
          const r = traceFlow(m, { from, to, port, proto: "tcp" });
          if (!r.ok) throw new Error(r.error);
          expect(r.flow.filter).toBe("ipfw");
          return r.flow;
        });
        expect(
          verdicts.some((f) => f.verdict === "pass"),
          `${rules} ${from}→${to}`,
        ).toBe(passed);
      }
    }
    const files = {
      "/etc/jail.conf": JAILS,
      "/etc/rc.conf": rc,
      "/etc/ipfw.rules":
        "ipfw add 200 allow tcp from 127.0.1.1 to 127.0.1.2 5432 via lo1\nipfw add 290 deny ip from 127.0.1.0/24 to 127.0.1.0/24 via lo1\n",
    };
    const m = buildHostModel({ jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"] }, new MemoryHost(files));
    const decided = (from: string, to: string, port: number) => {
      const r = traceFlow(m, { from, to, port, proto: "tcp" });
      if (!r.ok) throw new Error(r.error);
      return r.flow.steps.map(
        (s) => `${s.direction} ${s.iface} ${s.verdict} ${s.decidedBy.kind === "rule" ? s.decidedBy.number : s.decidedBy.kind}`,
      );
    };
    expect(decided("a", "b", 5432)).toEqual(["out lo1 pass 200", "in lo1 pass 200"]);
    expect(decided("b", "a", 80)).toEqual(["out lo1 block 290", "in lo1 block 290"]);
    // Rule 290 covers a's packet to itself as well; no rule decides w's (on em0) to b: rule 65535's action is the
    // kernel's (net.inet.ip.fw.default_to_accept).
    expect(decided("a", "a", 22)).toEqual(["out lo1 block 290", "in lo1 block 290"]);
    expect(decided("w", "b", 22)).toEqual(["out lo1 unknown default", "in lo1 unknown default"]);
  });

  it("on an ipfw host, names the rule that made the state the packet meets on its way back in, and where it met it", () => {
    const rc = 'cloned_interfaces="lo1"\nfirewall_enable="YES"\nfirewall_script="/etc/ipfw.rules"\n';
    for (const [rules, stateAt] of [
      ["ipfw add 100 check-state\nipfw add 200 allow ip from me to any out keep-state\nipfw add 300 deny ip from any to any\n", 100],
      // No check-state: the stateful rule itself looks the state up first, before its body (`out`) is asked.
      ["ipfw add 200 allow ip from me to any out keep-state\nipfw add 300 deny ip from any to any\n", 200],
    ] as const) {
      const files = { "/etc/jail.conf": JAILS, "/etc/rc.conf": rc, "/etc/ipfw.rules": rules };
      const m = buildHostModel({ jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"] }, new MemoryHost(files));
      const r = traceFlow(m, { from: "a", to: "b", port: 22, proto: "tcp" });
      if (!r.ok) throw new Error(r.error);
      expect(r.flow.verdict).toBe("pass");
      expect(r.flow.steps.map((s) => s.decidedBy)).toMatchObject([
        { kind: "rule", action: "pass", number: 200 },
        { kind: "rule", action: "pass", number: 200, stateAt },
      ]);
      expect("stateAt" in (r.flow.steps[0]?.decidedBy ?? {})).toBe(false);
    }
  });
});
