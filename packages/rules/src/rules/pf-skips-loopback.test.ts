import { buildPfPolicy, evaluatePacket, parsePfConf } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { lintJailText, ruleTester } from "../../../../test/support/rule-tester.js";
import { applyFixes } from "../engine/apply-fixes.js";
import { pfSkipsLoopback } from "./pf-skips-loopback.js";

const LO = 'a {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\nb {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n';
const EM = 'a {\n  ip4.addr = "em0|192.0.2.10";\n}\nb {\n  ip4.addr = "em0|192.0.2.11";\n}\n';

ruleTester(pfSkipsLoopback, {
  valid: [
    { name: "skip lo0 with jails on lo1 only", code: LO, options: { pf: "set skip on lo0\n" } },
    { name: "one jail on lo1", code: 'a {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n', options: { pf: "set skip on lo\n" } },
    { name: "skip on the external interface", code: EM, options: { pf: "set skip on em0\n" } },
    { name: "lo1 jails, skip lo2", code: LO, options: { pf: "set skip on lo2\n" } },
    {
      name: "VNET jails hold no aliases",
      code: 'a {\n  vnet;\n  vnet.interface = "epair0b";\n}\nb {\n  vnet;\n  vnet.interface = "epair1b";\n}\n',
      options: { pf: "set skip on lo\n" },
    },
    {
      name: "ip4 = inherit holds no aliases",
      code: "a {\n  ip4 = inherit;\n}\nb {\n  ip4 = inherit;\n}\n",
      options: { pf: "set skip on lo\n" },
    },
    {
      name: "skip lo1 with jails on em0 aliases only: lo1 carries no jail traffic",
      code: EM,
      options: { rc: 'ifconfig_em0="inet 192.0.2.2/24"\ncloned_interfaces="lo1"\n', pf: "set skip on lo1\n" },
    },
  ],
  invalid: [
    {
      name: "every loopback the group covers is named, one jail on each",
      code: 'a {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\nb {\n  ip4.addr = "lo3|127.0.3.1/32";\n}\n',
      options: { rc: 'cloned_interfaces="lo1 lo3"\n', pf: "set skip on lo\n" },
      errors: [
        'pf.conf 1:13-1:15 `set skip on lo` turns pf off on lo1 and lo3, which carry the traffic between jails "a" and "b": no rule filters it; skip lo0 only and filter the jails\' loopback with rules',
      ],
    },
    {
      name: "one finding for one cause: lo and lo1 both skip lo1",
      code: LO,
      options: { pf: "set skip on { lo lo1 }\n" },
      errors: ['pf.conf 1:15-1:17 `set skip on lo` turns pf off on lo1, which carries the traffic between jails "a" and "b"…'],
    },
    {
      name: "an address exec.prestart puts on lo1 (ip4.addr without IF|)",
      code: 'a {\n  ip4.addr = 127.0.1.3;\n  exec.prestart = "ifconfig lo1 alias ${ip4.addr}";\n}\nb {\n  ip4.addr = "lo1|127.0.1.4/32";\n}\n',
      options: { rc: 'cloned_interfaces="lo1"\n', pf: "set skip on lo\n" },
      errors: ['pf.conf 1:13-1:15 `set skip on lo` turns pf off on lo1, which carries the traffic between jails "a" and "b"…'],
    },
    {
      name: "an address rc.conf puts on lo1 (ip4.addr without IF|)",
      code: 'a {\n  ip4.addr = 127.0.1.3;\n}\nb {\n  ip4.addr = "lo1|127.0.1.4/32";\n}\n',
      options: { rc: 'cloned_interfaces="lo1"\nifconfig_lo1_alias0="inet 127.0.1.3/32"\n', pf: "set skip on lo\n" },
      errors: ['pf.conf 1:13-1:15 `set skip on lo` turns pf off on lo1, which carries the traffic between jails "a" and "b"…'],
    },
    {
      name: "skip on the lo group",
      code: LO,
      options: { pf: "set skip on lo\n" },
      errors: [
        'pf.conf 1:13-1:15 `set skip on lo` turns pf off on lo1, which carries the traffic between jails "a" and "b": no rule filters it; skip lo0 only and filter the jails\' loopback with rules',
      ],
    },
    {
      name: "skip on lo1",
      code: LO,
      options: { pf: "set skip on { lo0 lo1 }\n" },
      errors: ["pf.conf 1:19-1:22 `set skip on lo1` turns pf off on lo1…"],
    },
    {
      name: "a renamed lo clone stays in group lo (if_clone.c adds the cloner's group)",
      code: 'a {\n  ip4.addr = "jailnet|127.0.1.1/32";\n}\nb {\n  ip4.addr = "jailnet|127.0.1.2/32";\n}\n',
      options: { rc: 'cloned_interfaces="lo1"\nifconfig_lo1_name="jailnet"\n', pf: "set skip on lo\n" },
      errors: [
        'pf.conf 1:13-1:15 `set skip on lo` turns pf off on jailnet, which carries the traffic between jails "a" and "b": no rule filters it; skip lo0 only…',
      ],
    },
    {
      name: "§5.3: skip lo0 with jails on em0 aliases",
      code: EM,
      options: { pf: "set skip on lo0\nblock in on em0 from any to 192.0.2.11\npass all\n" },
      errors: [
        'pf.conf 1:13-1:16 `set skip on lo0` turns pf off on lo0, which carries the traffic between jails "a" and "b": no rule filters it; jail aliases on non-loopback interfaces are reached through lo0, so do not skip lo0 either',
      ],
    },
  ],
});

describe("JL203's fix, judged by evaluating the fixed pf.conf", () => {
  const fixedPf = (pf: string): { text: string; description: string | undefined } => {
    const diags = lintJailText(LO, pfSkipsLoopback, { pf });
    const fixes = diags.flatMap((d) => (d.fix ? [d.fix] : []));
    return { text: applyFixes(pf, fixes).text, description: fixes[0]?.description };
  };
  /** What pf does with a jail's first packet to its own loopback address, out and then in on lo1. */
  const selfVerdicts = (pf: string): string[] => {
    const policy = buildPfPolicy(parsePfConf(pf));
    return ["127.0.1.1", "127.0.1.2"].flatMap((a) =>
      (["out", "in"] as const).map(
        (direction) =>
          `${a} ${direction} ${evaluatePacket(policy, { direction, ifname: "lo1", af: "inet", proto: "tcp", src: a, dst: a, sport: 50000, dport: 5432 }).verdict}`,
      ),
    );
  };
  const passes = ["127.0.1.1 out pass", "127.0.1.1 in pass", "127.0.1.2 out pass", "127.0.1.2 in pass"];

  it("behind `block in` (Bastille's pf.conf), also passes each jail to itself, before the first filter rule", () => {
    const pf =
      'ext_if = "vtnet0"\nset skip on lo\nnat on $ext_if from 127.0.1.0/24 to any -> ($ext_if)\nblock in all\npass out quick keep state\n';
    expect(selfVerdicts(pf.replace("set skip on lo\n", "set skip on lo0\n"))).toContain("127.0.1.1 in block");
    const { text, description } = fixedPf(pf);
    expect(description).toBe("skip lo0 only, and pass each jail's traffic to itself on lo1");
    expect(text).toBe(
      'ext_if = "vtnet0"\nset skip on lo0\nnat on $ext_if from 127.0.1.0/24 to any -> ($ext_if)\n# Each jail reaches its own loopback address (its localhost).\npass quick on lo1 from 127.0.1.1 to 127.0.1.1\npass quick on lo1 from 127.0.1.2 to 127.0.1.2\nblock in all\npass out quick keep state\n',
    );
    expect(selfVerdicts(text)).toEqual(passes);
  });

  it("where the rules already pass each jail to itself, only swaps lo for lo0", () => {
    const { text, description } = fixedPf("set skip on lo\npass all\n");
    expect(description).toBe("skip lo0 only");
    expect(text).toBe("set skip on lo0\npass all\n");
    expect(selfVerdicts(text)).toEqual(passes);
  });

  it("offers nothing when the fixed file could not be evaluated (it does not parse)", () => {
    const diags = lintJailText(LO, pfSkipsLoopback, { pf: "set skip on lo\nblock in all\npass out all ((\n" });
    expect(diags).toHaveLength(1);
    expect(diags[0]?.fix).toBeUndefined();
  });
});
