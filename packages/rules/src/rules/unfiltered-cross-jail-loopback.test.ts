import { ruleTester } from "../../../../test/support/rule-tester.js";
import { unfilteredCrossJailLoopback } from "./unfiltered-cross-jail-loopback.js";

// jail-networking.md §5.3: A = 127.0.1.1 on lo1, B = 127.0.1.2 on lo1.
const LO = 'a {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\nb {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n';
// Two jails on em0 aliases (§3.1 case 2: reached through lo0).
const EM = 'a {\n  ip4.addr = "em0|192.0.2.10";\n}\nb {\n  ip4.addr = "em0|192.0.2.11";\n}\n';
// Issue 13's ipfw host: ipfw filters, pf is off.
const IPFW_RC = 'cloned_interfaces="lo1"\nfirewall_enable="YES"\nfirewall_script="/etc/ipfw.rules"\n';
const RC = 'ifconfig_em0="inet 192.0.2.2/24"\ncloned_interfaces="lo1"\npf_enable="YES"\n';
/** An ipfw firewall_script with these rules, the way rc.firewall writes them (`${fwcmd} add …`). */
const ipfwScript = (...rules: string[]): Record<string, string> => ({
  "/etc/ipfw.rules": `#!/bin/sh\nfwcmd="/sbin/ipfw -q"\n\${fwcmd} -f flush\n${rules.map((r) => `\${fwcmd} add ${r}\n`).join("")}`,
});
const ipfwType = (type: string): string => `cloned_interfaces="lo1"\nfirewall_enable="YES"\nfirewall_type="${type}"\n`;

ruleTester(unfilteredCrossJailLoopback, {
  valid: [
    {
      name: "ipfw: a deny between the jails' loopback addresses before the rule passing everything",
      code: LO,
      options: { rc: IPFW_RC, files: ipfwScript("100 deny ip from 127.0.1.0/24 to 127.0.1.0/24 via lo1", "200 allow ip from any to any") },
    },
    ...["open", "client", "simple", "closed", "workstation", "UNKNOWN"].map((type) => ({
      name: `ipfw: firewall_type="${type}": rc.firewall's rule 200 (deny all from any to 127.0.0.0/8) stops lo1 traffic`,
      code: LO,
      options: { rc: ipfwType(type) },
    })),
    {
      name: "ipfw: a firewall_type file passing everything at 1000, after rc.firewall's rule 200",
      code: LO,
      options: { rc: ipfwType("/etc/ipfw.conf"), files: { "/etc/ipfw.conf": "add 1000 allow ip from any to any\n" } },
    },
    {
      name: "ipfw: skipto past the rule that would pass it, to a deny",
      code: LO,
      options: {
        rc: IPFW_RC,
        files: ipfwScript("100 skipto 300 ip from any to any via lo1", "200 allow ip from any to any", "300 deny ip from any to any"),
      },
    },
    {
      name: "ipfw: count goes on to the deny",
      code: LO,
      options: {
        rc: IPFW_RC,
        files: ipfwScript("100 count ip from any to any via lo1", "200 deny ip from any to any via lo1", "300 allow ip from any to any"),
      },
    },
    {
      name: "ipfw: a pair passed on purpose, by a rule naming both hosts",
      code: LO,
      options: {
        rc: IPFW_RC,
        files: ipfwScript(
          "100 allow tcp from 127.0.1.1 to 127.0.1.2 5432 via lo1",
          "200 allow tcp from 127.0.1.2 5432 to 127.0.1.1 via lo1",
          "300 deny ip from any to any",
        ),
      },
    },
    {
      name: "§5.3: skip lo0, block all, pass out all: blocked in on lo1",
      code: LO,
      options: { rc: RC, pf: "set skip on lo0\nblock all\npass out all\n" },
    },
    {
      name: "§5.3: quick block on the in pass",
      code: 'a {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\nb {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n',
      options: {
        rc: RC,
        pf: "block in quick on lo1 from 127.0.1.1 to 127.0.1.2\nblock in quick on lo1 from 127.0.1.2 to 127.0.1.1\npass all\n",
      },
    },
    {
      name: "the recommended block between jail loopbacks, each jail passed to itself",
      code: LO,
      options: {
        rc: RC,
        pf: "set skip on lo0\nblock in all\npass out all\npass in quick on lo1 from 127.0.1.1 to 127.0.1.1\npass in quick on lo1 from 127.0.1.2 to 127.0.1.2\n",
      },
    },
    {
      name: "a pair passed on purpose, by a rule naming both hosts",
      code: LO,
      options: {
        rc: RC,
        pf: "set skip on lo0\nblock in all\npass out all\npass in quick on lo1 proto tcp from 127.0.1.1 to 127.0.1.2 port 5432\n",
      },
    },
    { name: "one loopback jail only", code: 'a {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n', options: { rc: RC, pf: "set skip on lo\n" } },
    {
      name: "§5.3: jails on em0 aliases are not loopback aliases (JL203's concern)",
      code: EM,
      options: { rc: RC, pf: "set skip on lo0\n" },
    },
    { name: "no pf.conf and no rc.conf: nothing to check against", code: LO },
    {
      name: "a renamed lo clone matches `on lo` rules and `lo` addresses",
      code: 'a {\n  ip4.addr = "jailnet|127.0.1.1/32";\n}\nb {\n  ip4.addr = "jailnet|127.0.1.2/32";\n}\n',
      options: {
        rc: 'cloned_interfaces="lo1"\nifconfig_lo1_name="jailnet"\npf_enable="YES"\n',
        pf: "pass all\nblock in on lo from lo to lo\n",
      },
    },
    { name: "vnet jails have no aliases", code: "a {\n  vnet;\n}\nb {\n  vnet;\n}\n", options: { rc: RC, pf: "pass all\n" } },
    {
      name: "a skipped lo1 is JL203's finding, at the `set skip`",
      code: LO,
      options: { rc: RC, pf: "set skip on lo\nblock all\n" },
    },
    {
      name: "a renamed lo clone skipped with group lo: JL203's finding too",
      code: 'a {\n  ip4.addr = "jailnet|127.0.1.1/32";\n}\nb {\n  ip4.addr = "jailnet|127.0.1.2/32";\n}\n',
      options: { rc: 'cloned_interfaces="lo1"\nifconfig_lo1_name="jailnet"\npf_enable="YES"\n', pf: "set skip on lo\nblock all\n" },
    },
    {
      name: "an ifconfig in exec.start runs inside the jail: it puts no address on the host's lo1",
      code: 'a {\n  ip4.addr = 127.0.1.3;\n  exec.start = "ifconfig lo1 alias ${ip4.addr}";\n}\nb {\n  ip4.addr = "lo1|127.0.1.4/32";\n}\n',
      options: { rc: RC, pf: "set skip on lo0\npass all\n" },
    },
  ],
  invalid: [
    {
      name: "an address exec.prestart puts on lo1 (ip4.addr without IF|)",
      code: 'a {\n  ip4.addr = 127.0.1.3;\n  exec.prestart = "ifconfig lo1 alias ${ip4.addr}";\n}\nb {\n  ip4.addr = "lo1|127.0.1.4/32";\n}\n',
      options: { rc: RC, pf: "set skip on lo0\nblock in all\npass out all\npass in quick on lo1 from lo1 to lo1 port 80\n" },
      errors: [
        '2:14-2:23 jails "a" (127.0.1.3 on lo1) and "b" (127.0.1.4 on lo1) can be reached from other jails ("a" from jail "b" (127.0.1.4)): pf passes tcp port 80 out and then in on lo1; block traffic between the jails\' loopback addresses in the packet filter (pf)',
      ],
    },
    {
      name: "§5.3: pass in on lo1 from lo1 to lo1 (lo1 as an address is the lo1 aliases)",
      code: LO,
      options: { rc: RC, pf: "set skip on lo0\nblock in all\npass out all\npass in on lo1 from lo1 to lo1\n" },
      errors: [
        '2:15-2:31 jails "a" (127.0.1.1 on lo1) and "b" (127.0.1.2 on lo1) can be reached from other jails ("a" from jail "b" (127.0.1.2)): pf passes tcp traffic to any port out and then in on lo1; block traffic between the jails\' loopback addresses in the packet filter (pf)',
      ],
    },
    {
      name: "§5.3: no rules at all, pf enabled: the default is pass",
      code: LO,
      options: { rc: RC, pf: "# nothing\n" },
      errors: [
        '2:15-2:31 jails "a" (127.0.1.1 on lo1) and "b" (127.0.1.2 on lo1) can be reached from other jails ("a" from jail "b" (127.0.1.2)): no pf rule matches tcp traffic to any port on lo1, and pf passes by default; block traffic between the jails\' loopback addresses in the packet filter (pf)',
      ],
    },
    {
      name: "pf.conf given, but rc.conf does not enable pf",
      code: LO,
      options: { rc: 'cloned_interfaces="lo1"\npf_enable="NO"\n', pf: "block all\n" },
      errors: [
        '2:15-2:31 jails "a" (127.0.1.1 on lo1) and "b" (127.0.1.2 on lo1) can be reached from other jails ("a" from jail "b" (127.0.1.2)): rc.conf sets pf_enable="NO", so pf filters nothing; enable pf (pf_enable="YES") with rules that block between the jails\' loopback addresses',
      ],
    },
    {
      name: "a port-specific block leaves other ports open",
      code: LO,
      options: { rc: RC, pf: "set skip on lo0\nblock in on lo1 proto tcp to port 5432\n" },
      errors: [
        '2:15-2:31 jails "a" (127.0.1.1 on lo1) and "b" (127.0.1.2 on lo1) can be reached from other jails ("a" from jail "b" (127.0.1.2)): no pf rule matches tcp traffic to ports no rule names on lo1…',
      ],
    },
    {
      name: "a run-time table decides: said so, as info",
      code: LO,
      options: { rc: RC, pf: "table <peers> persist\nset skip on lo0\nblock in on lo1 all\npass in on lo1 from <peers> to lo1\n" },
      severity: "info",
      errors: [
        '2:15-2:31 could not decide whether other jails can reach jails "a" (127.0.1.1 on lo1) and "b" (127.0.1.2 on lo1) (jail "b" (127.0.1.2) reaching "a", for one): the pass rule on line 4 may match: table <peers> is filled at run time or from a file',
      ],
    },
    {
      name: "an ipfw host whose firewall_script is missing is not told to enable pf: one note that its rules were not judged",
      code: LO,
      options: { rc: IPFW_RC },
      severity: "info",
      errors: [
        '2:15-2:31 could not decide whether other jails can reach jails "a" (127.0.1.1 on lo1) and "b" (127.0.1.2 on lo1) (jail "b" (127.0.1.2) reaching "a", for one): rc.conf enables ipfw (firewall_enable="YES"), but its rules (/etc/ipfw.rules) could not be read, so they were not judged; check that they block between the jails\' loopback addresses',
      ],
    },
    {
      name: "ipfw: a firewall_script passing everything names the deciding rule",
      code: LO,
      options: { rc: IPFW_RC, files: ipfwScript("100 allow ip from any to any via lo0", "65000 allow ip from any to any") },
      errors: [
        '2:15-2:31 jails "a" (127.0.1.1 on lo1) and "b" (127.0.1.2 on lo1) can be reached from other jails ("a" from jail "b" (127.0.1.2)): ipfw rule 65000 passes tcp traffic to any port out and then in on lo1; block traffic between the jails\' loopback addresses in the packet filter (ipfw) with a `deny` rule for them on their loopback interface, before any rule that passes it',
      ],
    },
    {
      name: "ipfw: a firewall_type file whose rule 100 passes everything comes before rc.firewall's rule 200",
      code: LO,
      options: { rc: ipfwType("/etc/ipfw.conf"), files: { "/etc/ipfw.conf": "# one rule\nadd 100 allow ip from any to any\n" } },
      errors: [
        '2:15-2:31 jails "a" (127.0.1.1 on lo1) and "b" (127.0.1.2 on lo1) can be reached from other jails ("a" from jail "b" (127.0.1.2)): ipfw rule 100 passes tcp traffic to any port out and then in on lo1; block traffic between the jails\' loopback addresses in the packet filter (ipfw) with a `deny` rule for them on their loopback interface, before any rule that passes it',
      ],
    },
    {
      name: "ipfw: a stateful rule out, its state back in at check-state",
      code: LO,
      options: {
        rc: IPFW_RC,
        files: ipfwScript("100 check-state", "200 allow ip from me to any out keep-state", "300 deny ip from any to any"),
      },
      errors: [
        '2:15-2:31 jails "a" (127.0.1.1 on lo1) and "b" (127.0.1.2 on lo1) can be reached from other jails ("a" from jail "b" (127.0.1.2)): ipfw rule 200 passes tcp traffic to any port out on lo1 and keeps state, which passes it back in at rule 100; block traffic between the jails\' loopback addresses in the packet filter (ipfw) with a `deny` rule for them on their loopback interface, before any rule that passes it',
      ],
    },
    {
      name: "ipfw: the state a rule made out meets the packet back in at that rule, although the rule's body says `out`",
      code: LO,
      options: { rc: IPFW_RC, files: ipfwScript("100 allow tcp from any to any out keep-state", "200 deny ip from any to any") },
      errors: [
        '2:15-2:31 jails "a" (127.0.1.1 on lo1) and "b" (127.0.1.2 on lo1) can be reached from other jails ("a" from jail "b" (127.0.1.2)): ipfw rule 100 passes tcp traffic to any port out on lo1 and keeps state, which passes it back in at rule 100; block traffic between the jails\' loopback addresses in the packet filter (ipfw) with a `deny` rule for them on their loopback interface, before any rule that passes it',
      ],
    },
    {
      name: "ipfw: skipto a lower number goes on with the next rule (ip_fw2.c jump_fast never jumps back)",
      code: LO,
      options: {
        rc: IPFW_RC,
        files: ipfwScript("100 deny ip from any to any via lo0", "200 skipto 50 ip from any to any", "300 allow ip from any to any"),
      },
      errors: [
        '2:15-2:31 jails "a" (127.0.1.1 on lo1) and "b" (127.0.1.2 on lo1) can be reached from other jails ("a" from jail "b" (127.0.1.2)): ipfw rule 300 passes tcp traffic to any port out and then in on lo1; block traffic between the jails\' loopback addresses in the packet filter (ipfw) with a `deny` rule for them on their loopback interface, before any rule that passes it',
      ],
    },
    {
      name: "ipfw: no rule decides, so the kernel's default rule does: said so, as info",
      code: LO,
      options: { rc: IPFW_RC, files: ipfwScript("100 allow ip from any to any via lo0") },
      severity: "info",
      errors: [
        '2:15-2:31 could not decide whether other jails can reach jails "a" (127.0.1.1 on lo1) and "b" (127.0.1.2 on lo1) (jail "b" (127.0.1.2) reaching "a", for one): no ipfw rule decides it, so the default rule 65535 does: deny, unless the kernel sets net.inet.ip.fw.default_to_accept (IPFIREWALL_DEFAULT_TO_ACCEPT), which the configuration files do not show',
      ],
    },
    {
      name: "pf enabled but pf.conf not given: said once",
      code: LO,
      options: { rc: RC },
      severity: "info",
      errors: [
        '2:15-2:31 could not check whether jails reach each other\'s loopback addresses (jail "a" and others on lo1): rc.conf enables pf, but pf.conf was not given',
      ],
    },
    {
      name: "many jails, one cause: one finding, the names capped",
      code: Array.from({ length: 6 }, (_, i) => `j${i} {\n  ip4.addr = "lo1|127.0.1.${i + 1}/32";\n}\n`).join(""),
      options: { rc: RC, pf: "pass all\n" },
      errors: [
        '2:15-2:31 jails "j0" (127.0.1.1 on lo1), "j1" (127.0.1.2 on lo1), "j2" (127.0.1.3 on lo1) and 3 more can be reached from other jails ("j0" from jails "j1" (127.0.1.2), "j2" (127.0.1.3), "j3" (127.0.1.4) and 2 more): pf passes tcp traffic to any port out and then in on lo1; block traffic between the jails\' loopback addresses in the packet filter (pf)',
      ],
    },
    {
      name: "one jail reached by another cause than the rest: a finding each",
      code: LO,
      options: {
        rc: RC,
        pf: "set skip on lo0\nblock in all\npass out all\npass in on lo1 to 127.0.1.1\npass in on lo1 to 127.0.1.2 port 22\n",
      },
      errors: [
        '2:15-2:31 jail "a" (127.0.1.1 on lo1) can be reached from jail "b" (127.0.1.2): pf passes tcp traffic to any port out and then in on lo1; block…',
        '5:15-5:31 jail "b" (127.0.1.2 on lo1) can be reached from jail "a" (127.0.1.1): pf passes tcp port 22 out and then in on lo1; block…',
      ],
    },
  ],
});
