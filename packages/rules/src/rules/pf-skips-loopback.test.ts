import { ruleTester } from "../../../../test/support/rule-tester.js";
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
  ],
  invalid: [
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
