import { ruleTester } from "../../../../test/support/rule-tester.js";
import { ipfwPassesLoopback } from "./ipfw-passes-loopback.js";

const LO = 'a {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\nb {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n';
const EM = 'a {\n  ip4.addr = "em0|192.0.2.10";\n}\nb {\n  ip4.addr = "em0|192.0.2.11";\n}\n';
const rc = (extra: string): string => `ifconfig_em0="inet 192.0.2.2/24"\ncloned_interfaces="lo1"\nfirewall_enable="YES"\n${extra}`;
const SCRIPT = 'firewall_script="/etc/ipfw.rules"\n';
const script = (...rules: string[]): Record<string, string> => ({
  "/etc/ipfw.rules": `#!/bin/sh\n${rules.map((r) => `ipfw -q add ${r}\n`).join("")}`,
});

ruleTester(ipfwPassesLoopback, {
  valid: [
    {
      name: "rc.firewall with jails on lo1: rule 100 passes lo0 only, which carries no jail traffic",
      code: LO,
      options: { rc: rc('firewall_type="open"\n') },
    },
    {
      name: "a deny between the em0 aliases on lo0 before the lo0 rule",
      code: EM,
      options: {
        rc: rc(SCRIPT),
        files: script("50 deny ip from 192.0.2.0/24 to 192.0.2.0/24 via lo0", "100 allow ip from any to any via lo0"),
      },
    },
    {
      name: "a lo1 rule that names addresses is no whole-interface pass (JL202 judges it)",
      code: LO,
      options: { rc: rc(SCRIPT), files: script("100 allow ip from 127.0.1.0/24 to any via lo1") },
    },
    {
      name: "pf enabled too: pf's rules are the ones judged",
      code: EM,
      options: { rc: rc('pf_enable="YES"\nfirewall_type="open"\n'), pf: "pass all\n" },
    },
    { name: "one jail only", code: 'a {\n  ip4.addr = "em0|192.0.2.10";\n}\n', options: { rc: rc('firewall_type="open"\n') } },
  ],
  invalid: [
    ...["open", "client", "simple", "closed", "workstation", "UNKNOWN"].map((type) => ({
      name: `firewall_type="${type}" with jails on em0 aliases: rc.firewall's rule 100 passes their lo0 traffic`,
      code: EM,
      options: { rc: rc(`firewall_type="${type}"\n`) },
      errors: [
        `rc.conf 4:1-4:${17 + type.length} rc.firewall's rule 100 (\`100 pass all from any to any via lo0\`) passes every packet on lo0, which carries the traffic between jails "a" and "b": no later ipfw rule filters it; jail aliases on non-loopback interfaces are reached through lo0: deny between the jails' addresses on lo0 before this rule, or give the jails lo1 aliases`,
      ],
    })),
    {
      name: "firewall_enable alone (firewall_type UNKNOWN by default): reported at firewall_enable",
      code: EM,
      options: { rc: rc("") },
      errors: [
        'rc.conf 3:1-3:22 rc.firewall\'s rule 100 (`100 pass all from any to any via lo0`) passes every packet on lo0, which carries the traffic between jails "a" and "b": no later ipfw rule filters it; jail aliases on non-loopback interfaces are reached through lo0: deny between the jails\' addresses on lo0 before this rule, or give the jails lo1 aliases',
      ],
    },
    {
      name: "a script passing all of lo1, where the jails' aliases are",
      code: LO,
      options: { rc: rc(SCRIPT), files: script("100 allow ip from any to any via lo1", "200 deny ip from 127.0.1.0/24 to 127.0.1.0/24") },
      errors: [
        '/etc/ipfw.rules 2:9-2:49 ipfw rule 100 (`100 allow ip from any to any via lo1`) passes every packet on lo1, which carries the traffic between jails "a" and "b": no later ipfw rule filters it; pass lo0 only, and filter the jails\' loopback with rules',
      ],
    },
  ],
});
