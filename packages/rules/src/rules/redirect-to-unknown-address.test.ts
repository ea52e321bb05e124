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
      name: "an address of the host's own on lo1",
      code: JAILS,
      options: { rc: `${RC}ifconfig_lo1_alias0="inet 127.0.1.200/32"\n`, pf: "rdr on em0 proto tcp to port 80 -> 127.0.1.200\n" },
    },
    {
      name: "an address a jail holds through the interface parameter",
      code: 'www {\n  interface = "lo1";\n  ip4.addr = "127.0.1.5";\n}\n',
      options: { rc: RC, pf: "rdr on em0 proto tcp to port 80 -> 127.0.1.5\n" },
    },
    {
      name: "em0 takes its network from DHCP: a private address may be on it",
      code: JAILS,
      options: { rc: 'ifconfig_em0="DHCP"\ncloned_interfaces="lo1"\n', pf: "rdr on em0 proto tcp to port 80 -> 10.0.0.7\n" },
    },
    {
      name: "static routes reach networks beyond the host's own",
      code: JAILS,
      options: {
        rc: `${RC}static_routes="lan2"\nroute_lan2="-net 10.20.0.0/16 192.168.1.254"\n`,
        pf: "rdr on em0 proto tcp to port 80 -> 10.20.0.5\n",
      },
    },
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
      name: "inside a jail's lo1 /24: a loopback prefix is not a network anyone else is on",
      code: 'www {\n  ip4.addr = "lo1|127.0.1.1/24";\n}\n',
      options: { rc: RC, pf: "rdr pass on em0 proto tcp to port 80 -> 127.0.1.9\n" },
      errors: ["pf.conf 1:41-1:50 rdr sends traffic to 127.0.1.9, which no jail and no host interface holds…"],
    },
    {
      name: "DHCP on em0 does not put 127/8 addresses on a link",
      code: JAILS,
      options: { rc: 'ifconfig_em0="DHCP"\ncloned_interfaces="lo1"\n', pf: "rdr pass on em0 proto tcp to port 80 -> 127.0.1.9\n" },
      errors: ["pf.conf 1:41-1:50 rdr sends traffic to 127.0.1.9…"],
    },
    {
      name: "FreeBSD 15 rdr-to",
      code: JAILS,
      options: { rc: RC, pf: "pass in on em0 proto tcp to port 80 rdr-to 10.9.9.9\n" },
      errors: ["pf.conf 1:44-1:52 rdr-to sends traffic to 10.9.9.9, which no jail and no host interface holds…"],
    },
  ],
});
