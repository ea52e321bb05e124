import { ruleTester } from "../../../../test/support/rule-tester.js";
import { ipfwNatWithoutConfig } from "./ipfw-nat-without-config.js";

const JAILS = 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n';
const RC = 'firewall_enable="YES"\nfirewall_type="/etc/ipfw.conf"\n';
const file = (text: string) => ({ rc: RC, files: { "/etc/ipfw.conf": text } });

ruleTester(ipfwNatWithoutConfig, {
  valid: [
    {
      name: "the instance is configured before the rule",
      code: JAILS,
      options: file("nat 1 config if em0 same_ports reset\nadd 100 nat 1 ip4 from any to any via em0\n"),
    },
    { name: "nat tablearg: the instance is picked at run time", code: JAILS, options: file("add 100 nat tablearg ip4 from any to any\n") },
    { name: "nat global: every instance", code: JAILS, options: file("add 100 nat global ip4 from any to any\n") },
    {
      name: "rc.firewall's own nat 123 with its config (client type, firewall_nat_enable)",
      code: JAILS,
      options: {
        rc: 'firewall_enable="YES"\nfirewall_type="client"\nfirewall_client_net="203.0.113.0/24"\nfirewall_nat_enable="YES"\nfirewall_nat_interface="em0"\n',
      },
    },
    {
      name: "ipfw off",
      code: JAILS,
      options: {
        rc: 'firewall_enable="NO"\nfirewall_type="/etc/ipfw.conf"\n',
        files: { "/etc/ipfw.conf": "add 100 nat 1 ip4 from any to any\n" },
      },
    },
  ],
  invalid: [
    {
      name: "a nat rule whose instance nothing configures",
      code: JAILS,
      options: file("nat 2 config if em1\nadd 100 nat 1 ip4 from any to any via em0\nadd 200 nat 2 ip4 from any to any via em1\n"),
      errors: [
        "/etc/ipfw.conf 2:9-2:14 ipfw rule 100 hands packets to nat 1, which no `nat 1 config` creates: ipfw denies every packet it matches (ip_fw2.c: no such nat instance); add `ipfw nat 1 config if IFACE …` before the rules that use it",
      ],
    },
  ],
});
