import { describe, expect, it } from "vitest";
import { buildPfPolicy, clonerGroup, evaluatePacket, isSkipped, type PfPacket, parsePfConf } from "./index.js";

const policyOf = (text: string) => buildPfPolicy(parsePfConf(text));

const tcp = (over: Partial<PfPacket> = {}): PfPacket => ({
  direction: "in",
  ifname: "lo1",
  af: "inet",
  proto: "tcp",
  src: "127.0.1.1",
  dst: "127.0.1.2",
  dport: 80,
  ...over,
});

describe("set skip and interface groups", () => {
  it("resolves cloner groups", () => {
    expect(clonerGroup("lo1")).toBe("lo");
    expect(clonerGroup("epair0a")).toBe("epair");
    expect(clonerGroup("bridge12")).toBe("bridge");
  });

  it("`set skip on lo` skips lo0 and lo1; `lo0` skips only lo0", () => {
    const group = policyOf("set skip on lo\n");
    expect(isSkipped(group, "lo1")?.name).toBe("lo");
    expect(isSkipped(group, "lo0")?.name).toBe("lo");
    expect(isSkipped(group, "em0")).toBeUndefined();
    const lo0 = policyOf("set skip on lo0\n");
    expect(isSkipped(lo0, "lo1")).toBeUndefined();
    expect(isSkipped(lo0, "lo0")?.range).toEqual({ start: 12, end: 15 });
  });

  it("`set skip on { lo0 lo1 }` and a macro holding the list", () => {
    const p = policyOf('loifs = "{ lo0 lo1 }"\nset skip on $loifs\n');
    expect(p.skip.map((s) => s.name)).toEqual(["lo0", "lo1"]);
    expect(isSkipped(p, "lo1")).toBeDefined();
  });

  it("uses host-supplied groups", () => {
    const p = policyOf("set skip on jails\n");
    expect(isSkipped(p, "epair3b", new Map([["jails", ["epair3b"]]]))).toBeDefined();
    expect(isSkipped(p, "epair3b")).toBeUndefined();
  });
});

describe("evaluatePacket", () => {
  it("skipped interfaces are not filtered", () => {
    const v = evaluatePacket(policyOf("set skip on lo\nblock all\n"), tcp());
    expect(v.verdict).toBe("skipped");
  });

  it("jail-networking.md §5.3: skip lo0, block all, pass out all", () => {
    const p = policyOf("set skip on lo0\nblock all\npass out all\n");
    expect(evaluatePacket(p, tcp({ direction: "out" })).verdict).toBe("pass");
    const inbound = evaluatePacket(p, tcp({ direction: "in" }));
    expect(inbound.verdict).toBe("block");
    expect(inbound.rule?.range).toEqual({ start: 16, end: 25 });
  });

  it("the last match wins", () => {
    const p = policyOf("block all\npass in on lo1 proto tcp to port 80\n");
    expect(evaluatePacket(p, tcp()).verdict).toBe("pass");
    expect(evaluatePacket(p, tcp({ dport: 22 })).verdict).toBe("block");
  });

  it("quick stops at the first match", () => {
    const p = policyOf("block in quick on lo1 from 127.0.1.1 to 127.0.1.2\npass all\n");
    const v = evaluatePacket(p, tcp());
    expect(v.verdict).toBe("block");
    expect(v.rule?.quick).toBe(true);
    expect(evaluatePacket(p, tcp({ src: "127.0.1.9" })).verdict).toBe("pass");
  });

  it("passes by default and ignores match rules", () => {
    expect(evaluatePacket(policyOf(""), tcp()).verdict).toBe("pass");
    expect(evaluatePacket(policyOf("match in all scrub (no-df)\n"), tcp()).verdict).toBe("pass");
  });

  it("a rule on em0 never sees loopback traffic", () => {
    const p = policyOf("block in on em0 from any to 127.0.1.2\npass all\n");
    expect(evaluatePacket(p, tcp()).verdict).toBe("pass");
  });

  it("negated interfaces and networks", () => {
    const p = policyOf("block in on ! lo0 from ! 10.0.0.0/8\n");
    expect(evaluatePacket(p, tcp()).verdict).toBe("block");
    expect(evaluatePacket(p, tcp({ src: "10.1.1.1" })).verdict).toBe("pass");
    expect(evaluatePacket(p, tcp({ ifname: "lo0" })).verdict).toBe("pass");
  });

  it("a run-time table gives unknown, naming the table", () => {
    const p = policyOf("table <bruteforce> persist\nblock all\npass in from ! <bruteforce> to any port 80\n");
    const v = evaluatePacket(p, tcp());
    expect(v.verdict).toBe("unknown");
    expect(v.reason).toContain("<bruteforce>");
  });

  it("a static table decides", () => {
    const p = policyOf("table <jails> { 127.0.1.0/24 }\nblock all\npass in from <jails> to <jails>\n");
    expect(evaluatePacket(p, tcp()).verdict).toBe("pass");
    expect(evaluatePacket(p, tcp({ src: "192.0.2.1" })).verdict).toBe("block");
  });

  it("an external anchor gives unknown; an inline anchor is evaluated in place", () => {
    expect(evaluatePacket(policyOf('block all\nanchor "jails/*"\n'), tcp()).verdict).toBe("unknown");
    const inline = policyOf('block all\nanchor "web" in on lo1 {\n  pass proto tcp to port 80\n}\n');
    expect(evaluatePacket(inline, tcp()).verdict).toBe("pass");
    expect(evaluatePacket(inline, tcp({ ifname: "lo2" })).verdict).toBe("block");
    expect(inline.filterRules[1]?.anchor).toBe("web");
  });

  it("interface addresses give unknown", () => {
    const v = evaluatePacket(policyOf("block all\npass in to (lo1)\n"), tcp());
    expect(v.verdict).toBe("unknown");
    expect(v.reason).toContain("(lo1)");
  });
});

describe("references", () => {
  it("records macro and table uses with ranges", () => {
    const text = "a = 1\npass in on $b from <t> to <u>\ntable <t> { 10.0.0.1 }\n";
    const p = policyOf(text);
    expect(p.macroRefs).toEqual([{ name: "b", range: { start: 17, end: 19 }, defined: false }]);
    expect(p.tableRefs.map((r) => [r.name, text.slice(r.range.start, r.range.end), r.defined])).toEqual([
      ["t", "<t>", true],
      ["u", "<u>", false],
    ]);
  });
});

describe("evaluation details checked against pf(4) and pfctl", () => {
  it("a physical interface is in no group named after its driver; cloned ones are in their cloner's", () => {
    // if_clone.c adds a cloned interface to the group named after its cloner; em(4) and friends attach no group.
    expect(clonerGroup("em0")).toBeUndefined();
    expect(clonerGroup("vtnet1")).toBeUndefined();
    expect(clonerGroup("tap3")).toBe("tap");
    expect(isSkipped(policyOf("set skip on em\n"), "em0")).toBeUndefined();
    expect(evaluatePacket(policyOf("block all\npass on em\n"), tcp({ ifname: "em0" })).verdict).toBe("block");
  });
  it("tables match by longest prefix, so a more specific negated entry excludes its address", () => {
    const p = policyOf("table <t> { !10.0.0.1, 10.0.0.0/8 }\nblock all\npass from <t>\n");
    expect(evaluatePacket(p, tcp({ src: "10.0.0.1" })).verdict).toBe("block");
    expect(evaluatePacket(p, tcp({ src: "10.0.0.2" })).verdict).toBe("pass");
  });
  it("a negated address of one family does not match packets of the other (pfctl gives the rule its family)", () => {
    const p = policyOf("pass all\nblock from ! 10.0.0.0/8\n");
    expect(evaluatePacket(p, tcp({ af: "inet6", src: "fd00::1", dst: "fd00::2" })).verdict).toBe("pass");
    expect(evaluatePacket(p, tcp({ src: "192.0.2.1" })).verdict).toBe("block");
  });
  it("`anchor quick { }` ends evaluation when a rule inside it matched", () => {
    const p = policyOf("anchor quick on lo1 {\n  pass in proto tcp\n}\nblock all\n");
    expect(evaluatePacket(p, tcp()).verdict).toBe("pass");
    expect(evaluatePacket(p, tcp({ proto: "udp" })).verdict).toBe("block");
  });
  it("a quick rule inside an anchor ends the whole evaluation", () => {
    const p = policyOf('anchor "a" {\n  pass quick proto tcp\n}\nblock all\n');
    expect(evaluatePacket(p, tcp()).verdict).toBe("pass");
  });
});
