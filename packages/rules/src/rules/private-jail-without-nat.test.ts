import { ruleTester } from "../../../../test/support/rule-tester.js";
import { privateJailWithoutNat } from "./private-jail-without-nat.js";

const DB = 'db {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n';
const RC = 'ifconfig_em0="inet 203.0.113.2/24"\ncloned_interfaces="lo1"\n';

ruleTester(privateJailWithoutNat, {
  valid: [
    {
      name: "an ipfw host may translate with ipfw nat, which is not judged",
      code: DB,
      options: { rc: 'firewall_enable="YES"\nfirewall_nat_enable="YES"\n', pf: "pass all\n" },
    },
    { code: DB, options: { pf: "nat on em0 from 127.0.1.0/24 to any -> (em0)\n" } },
    { name: "nat from lo1:network", code: DB, options: { rc: RC, pf: "nat on em0 from lo1:network to any -> (em0)\n" } },
    {
      name: "nat from a run-time table: may cover it",
      code: DB,
      options: { pf: "table <jails> persist\nnat on em0 from <jails> to any -> (em0)\n" },
    },
    { name: "a jail with a public address", code: 'www {\n  ip4.addr = "em0|203.0.113.10";\n}\n', options: { pf: "pass all\n" } },
    { name: "no pf.conf", code: DB },
    {
      name: "nat from a table listing the jails",
      code: DB,
      options: { pf: "table <jails> { 127.0.1.0/24 }\nnat on em0 from <jails> to any -> (em0)\n" },
    },
    { name: "FreeBSD 15 match out … nat-to", code: DB, options: { pf: "match out on em0 inet from 127.0.1.0/24 to any nat-to (em0)\n" } },
    {
      name: "`no nat` for another jail first",
      code: DB,
      options: { pf: "no nat on em0 from 127.0.1.1\nnat on em0 from 127.0.1.0/24 to any -> (em0)\n" },
    },
    {
      name: "`no nat` from a run-time table: may or may not exempt it",
      code: DB,
      options: { pf: "table <direct> persist\nno nat on em0 from <direct>\nnat on em0 from 127.0.1.0/24 to any -> (em0)\n" },
    },
    {
      name: "an RFC 1918 address on the LAN interface: the LAN's router routes it",
      code: 'www {\n  ip4.addr = "em0|10.0.0.100";\n}\n',
      options: { rc: 'ifconfig_em0="inet 10.0.0.2/24"\ndefaultrouter="10.0.0.1"\n', pf: "pass all\n" },
    },
    {
      name: "a private address on an interface the host's files do not describe",
      code: 'www {\n  ip4.addr = "nic0|10.55.0.7";\n}\n',
      options: { pf: "pass all\n" },
    },
    { name: "a bare private address, interface unknown", code: 'www {\n  ip4.addr = "10.0.0.5";\n}\n', options: { pf: "pass all\n" } },
    {
      name: "a loopback and a LAN address: the LAN one is the source out of em0",
      code: 'www {\n  ip4.addr = "lo1|127.0.1.5/32", "em0|10.0.0.100";\n}\n',
      options: { pf: "pass all\n" },
    },
  ],
  invalid: [
    {
      name: "ipfw and pf both enabled: pf's missing nat still counts",
      code: DB,
      options: { rc: 'firewall_enable="YES"\npf_enable="YES"\n', pf: "pass all\n" },
      errors: [
        '2:15-2:31 jail "db" has only host-internal IPv4 addresses (127.0.1.2 on lo1) and no pf nat rule covers them: a 127/8 source never leaves through a network interface, so it cannot reach the outside; add a nat rule for it if it should',
      ],
    },
    {
      name: "RFC 1918 on a loopback clone: no router outside the host knows it",
      code: 'backup {\n  ip4.addr = "lo2|10.99.0.5/32";\n}\n',
      options: { rc: 'ifconfig_em0="inet 203.0.113.2/24"\ncloned_interfaces="lo1 lo2"\n', pf: "pass all\n" },
      errors: [
        '2:15-2:31 jail "backup" has only host-internal IPv4 addresses (10.99.0.5 on lo2) and no pf nat rule covers them: no router outside the host knows addresses on a loopback interface, so it cannot reach the outside; add a nat rule for it if it should',
      ],
    },
    {
      name: "a 127/8 address on no interface jail.conf names",
      code: 'db {\n  ip4.addr = "127.0.1.2";\n}\n',
      options: { pf: "pass all\n" },
      errors: [
        '2:15-2:24 jail "db" has only host-internal IPv4 addresses (127.0.1.2) and no pf nat rule covers them: a 127/8 source never leaves through a network interface, so it cannot reach the outside; add a nat rule for it if it should',
      ],
    },
    {
      code: DB,
      options: { pf: "pass all\n" },
      errors: [
        '2:15-2:31 jail "db" has only host-internal IPv4 addresses (127.0.1.2 on lo1) and no pf nat rule covers them: a 127/8 source never leaves through a network interface, so it cannot reach the outside; add a nat rule for it if it should',
      ],
    },
    {
      name: "`no nat` first exempts it: the first matching nat rule wins",
      code: DB,
      options: { pf: "no nat on em0 from 127.0.1.2\nnat on em0 from 127.0.1.0/24 to any -> (em0)\n" },
      errors: ['2:15-2:31 jail "db" has only host-internal IPv4 addresses (127.0.1.2 on lo1) and no pf nat rule covers them…'],
    },
    {
      name: "an IPv6-only nat rule does not cover an IPv4 jail",
      code: DB,
      options: { pf: "nat on em0 inet6 from any to any -> (em0)\n" },
      errors: ['2:15-2:31 jail "db" has only host-internal IPv4 addresses (127.0.1.2 on lo1)…'],
    },
    {
      name: "nat on the loopback itself: outgoing traffic never leaves through it",
      code: DB,
      options: { pf: "nat on lo1 from 127.0.1.0/24 to any -> 203.0.113.2\n" },
      errors: ['2:15-2:31 jail "db" has only host-internal IPv4 addresses (127.0.1.2 on lo1)…'],
    },
    {
      name: "nat for another network",
      code: DB,
      options: { pf: "nat on em0 from 10.0.0.0/8 to any -> (em0)\n" },
      errors: ['2:15-2:31 jail "db" has only host-internal IPv4 addresses (127.0.1.2 on lo1)…'],
    },
  ],
});
