import { ruleTester } from "../../../../test/support/rule-tester.js";
import { redirectToUnknownAddress } from "./redirect-to-unknown-address.js";

const JAILS = 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n';
const RC = 'ifconfig_em0="inet 203.0.113.2/24"\nifconfig_em1="inet 192.168.1.1/24"\ncloned_interfaces="lo1"\n';

ruleTester(redirectToUnknownAddress, {
  valid: [
    { code: JAILS, options: { rc: RC, pf: "rdr pass on em0 proto tcp to port 80 -> 127.0.1.1\n" } },
    {
      name: "a LAN host on the host's own network",
      code: JAILS,
      options: { rc: RC, pf: "rdr on em0 proto tcp to port 3389 -> 192.168.1.50\n" },
    },
    { name: "a public address elsewhere", code: JAILS, options: { rc: RC, pf: "rdr on em0 proto tcp to port 80 -> 198.51.100.80\n" } },
    { name: "the host's own address", code: JAILS, options: { rc: RC, pf: "rdr on em1 proto tcp to port 80 -> 192.168.1.1\n" } },
    {
      name: "no rc.conf: the host's addresses are unknown",
      code: JAILS,
      options: { pf: "rdr on em0 proto tcp to port 80 -> 127.0.1.9\n" },
    },
  ],
  invalid: [
    {
      code: JAILS,
      options: { rc: RC, pf: "rdr pass on em0 proto tcp to port 80 -> 127.0.1.9\n" },
      errors: [
        'pf.conf 1:41-1:50 rdr sends traffic to 127.0.1.9, which no jail and no host interface holds: the redirected connections go nowhere; point it at the jail\'s address (jails: "www" 127.0.1.1)',
      ],
    },
    {
      name: "FreeBSD 15 rdr-to",
      code: JAILS,
      options: { rc: RC, pf: "pass in on em0 proto tcp to port 80 rdr-to 10.9.9.9\n" },
      errors: ["pf.conf 1:44-1:52 rdr-to sends traffic to 10.9.9.9, which no jail and no host interface holds…"],
    },
  ],
});
