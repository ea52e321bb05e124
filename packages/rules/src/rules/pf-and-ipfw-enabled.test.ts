import { ruleTester } from "../../../../test/support/rule-tester.js";
import { pfAndIpfwEnabled } from "./pf-and-ipfw-enabled.js";

const JAILS = 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n';
const MESSAGE =
  'rc.conf enables both ipfw (firewall_enable="YES") and pf (pf_enable="YES"): every packet must pass both, in an order pfil(9) takes from which was linked last at boot (`pfilctl heads` shows it), and jaillint judges the jails\' traffic by pf\'s rules alone; filter with one of them';

ruleTester(pfAndIpfwEnabled, {
  valid: [
    { name: "pf only", code: JAILS, options: { rc: 'pf_enable="YES"\n' } },
    { name: "ipfw only", code: JAILS, options: { rc: 'firewall_enable="YES"\nfirewall_type="open"\n' } },
    { name: "ipfw turned off", code: JAILS, options: { rc: 'pf_enable="YES"\nfirewall_enable="NO"\n' } },
    {
      name: "ipfw set to a value checkyesno rejects: rc.d/ipfw does not start",
      code: JAILS,
      options: { rc: 'pf_enable="YES"\nfirewall_enable="maybe"\n' },
    },
  ],
  invalid: [
    {
      name: "both enabled",
      code: JAILS,
      options: { rc: 'pf_enable="YES"\nfirewall_enable="YES"\n' },
      errors: [`rc.conf 2:1-2:22 ${MESSAGE}`],
    },
    {
      name: "both enabled, case as checkyesno takes it",
      code: JAILS,
      options: { rc: 'firewall_enable="yes"\npf_enable="Yes"\n' },
      errors: [`rc.conf 1:1-1:22 ${MESSAGE.replace('"YES") and', '"yes") and').replace('pf_enable="YES"', 'pf_enable="Yes"')}`],
    },
  ],
});
