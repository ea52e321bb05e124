import { ruleTester } from "../../../../test/support/rule-tester.js";
import { ipfwSkiptoBackwards } from "./ipfw-skipto-backwards.js";

const JAILS = 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n';
const RC = 'firewall_enable="YES"\nfirewall_type="/etc/ipfw.conf"\n';
const file = (text: string) => ({ rc: RC, files: { "/etc/ipfw.conf": text } });

ruleTester(ipfwSkiptoBackwards, {
  valid: [
    {
      name: "a forward skipto",
      code: JAILS,
      options: file("add 1000 skipto 2000 ip from any to any\nadd 2000 allow ip from any to any\n"),
    },
    { name: "skipto tablearg: decided at run time", code: JAILS, options: file("add 1000 skipto tablearg ip from any to any\n") },
    {
      name: "ipfw off",
      code: JAILS,
      options: {
        rc: 'firewall_enable="NO"\nfirewall_type="/etc/ipfw.conf"\n',
        files: { "/etc/ipfw.conf": "add 1000 skipto 500 ip from any to any\n" },
      },
    },
  ],
  invalid: [
    {
      name: "a target below the rule",
      code: JAILS,
      options: file("add 1000 skipto 500 ip from any to any\n"),
      errors: [
        "/etc/ipfw.conf 1:10-1:20 ipfw rule 1000 skips to 500, which is not above it: ipfw never jumps backwards (ip_fw2.c jump_fast), so it goes on with the first rule numbered above 1000 instead; give the target a number above 1000",
      ],
    },
    {
      name: "an unnumbered rule numbered by the kernel: the target equals its number",
      code: JAILS,
      options: file("add 1000 count ip from any to any\nadd skipto 1100 ip from any to any\n"),
      errors: [
        "/etc/ipfw.conf 2:5-2:16 ipfw rule 1100 skips to 1100, which is not above it: ipfw never jumps backwards (ip_fw2.c jump_fast), so it goes on with the first rule numbered above 1100 instead; give the target a number above 1100",
      ],
    },
  ],
});
