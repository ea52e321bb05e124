import { ruleTester } from "../../../../test/support/rule-tester.js";
import { ipfwUnreachableRule } from "./ipfw-unreachable-rule.js";

const JAILS = 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n';
const RC = 'firewall_enable="YES"\nfirewall_script="/etc/ipfw.rules"\n';
const script = (...rules: string[]) => ({ rc: RC, files: { "/etc/ipfw.rules": rules.map((r) => `ipfw -q add ${r}\n`).join("") } });

ruleTester(ipfwUnreachableRule, {
  valid: [
    {
      name: "the unconditional rule last",
      code: JAILS,
      options: script("100 deny ip from any to any via lo1", "65000 allow ip from any to any"),
    },
    { name: "a condition: only lo0", code: JAILS, options: script("100 allow ip from any to any via lo0", "200 deny ip from any to any") },
    {
      name: "a skipto past it reaches the rules after",
      code: JAILS,
      options: script("100 skipto 1000 tcp from any to any", "200 allow ip from any to any", "1000 deny tcp from any to any"),
    },
    ...["open", "closed", "workstation", "client"].map((type) => ({
      name: `rc.firewall's ${type} rules`,
      code: JAILS,
      options: { rc: `firewall_enable="YES"\nfirewall_type="${type}"\n` },
    })),
  ],
  invalid: [
    {
      name: "a deny after an allow-all",
      code: JAILS,
      options: script(
        "100 allow ip from any to any",
        "200 deny ip from 127.0.1.0/24 to 127.0.1.0/24 via lo1",
        "300 deny ip from any to any",
      ),
      errors: [
        "/etc/ipfw.rules 2:9-2:66 ipfw rule 200 (`200 deny ip from 127.0.1.0/24 to 127.0.1.0/24 via lo1`) is never reached: rule 100 (`100 allow ip from any to any`) decides every packet before it, and 1 more rule after it; number it below 100, or remove it",
      ],
    },
    {
      name: "a deny numbered after rc.firewall's style of pass-all at 65000",
      code: JAILS,
      options: {
        rc: RC,
        files: { "/etc/ipfw.rules": "ipfw -q add 65000 pass all from any to any\nipfw -q add 65100 deny ip from any to any\n" },
      },
      errors: [
        "/etc/ipfw.rules 2:9-2:42 ipfw rule 65100 (`65100 deny ip from any to any`) is never reached: rule 65000 (`65000 pass all from any to any`) decides every packet before it; number it below 65000, or remove it",
      ],
    },
  ],
});
