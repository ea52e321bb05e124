import { ruleTester } from "../../../../test/support/rule-tester.js";
import { privateJailWithoutNat } from "./private-jail-without-nat.js";

const DB = 'db {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n';
const RC = 'ifconfig_em0="inet 203.0.113.2/24"\ncloned_interfaces="lo1"\n';

ruleTester(privateJailWithoutNat, {
  valid: [
    { code: DB, options: { pf: "nat on em0 from 127.0.1.0/24 to any -> (em0)\n" } },
    { name: "nat from lo1:network", code: DB, options: { rc: RC, pf: "nat on em0 from lo1:network to any -> (em0)\n" } },
    {
      name: "nat from a run-time table: may cover it",
      code: DB,
      options: { pf: "table <jails> persist\nnat on em0 from <jails> to any -> (em0)\n" },
    },
    { name: "a jail with a public address", code: 'www {\n  ip4.addr = "em0|203.0.113.10";\n}\n', options: { pf: "pass all\n" } },
    { name: "no pf.conf", code: DB },
  ],
  invalid: [
    {
      code: DB,
      options: { pf: "pass all\n" },
      errors: [
        '2:15-2:31 jail "db" has only private IPv4 addresses (127.0.1.2) and no pf nat rule covers them: it cannot reach the outside; add a nat rule for it if it should',
      ],
    },
    {
      name: "nat for another network",
      code: DB,
      options: { pf: "nat on em0 from 10.0.0.0/8 to any -> (em0)\n" },
      errors: ['2:15-2:31 jail "db" has only private IPv4 addresses…'],
    },
  ],
});
