import { MemoryHost } from "@jaillint/parser";
import { describe, expect, it, vi } from "vitest";
import { ruleTester } from "../../../../test/support/rule-tester.js";
import { runRules } from "../engine/lint.js";
import { buildHostModel } from "../model/host-model.js";
import { privateJailWithoutNat } from "./private-jail-without-nat.js";

// Counts the address comparisons the rule makes (the real function answers).
const compared = vi.hoisted(() => ({ calls: 0 }));
vi.mock("@jaillint/parser", async (original) => {
  const actual = await original<typeof import("@jaillint/parser")>();
  return {
    ...actual,
    networkContains: (...args: Parameters<typeof actual.networkContains>) => {
      compared.calls++;
      return actual.networkContains(...args);
    },
  };
});

const DB = 'db {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n';
const RC = 'ifconfig_em0="inet 203.0.113.2/24"\ncloned_interfaces="lo1"\n';

ruleTester(privateJailWithoutNat, {
  valid: [
    {
      name: "ipfw: rc.firewall's open type with firewall_nat_enable adds nat 123 via the interface at rule 50",
      code: DB,
      options: { rc: `${RC}firewall_enable="YES"\nfirewall_type="open"\nfirewall_nat_enable="YES"\nfirewall_nat_interface="em0"\n` },
    },
    {
      name: "ipfw: the client type too",
      code: DB,
      options: { rc: `${RC}firewall_enable="YES"\nfirewall_type="client"\nfirewall_nat_enable="YES"\nfirewall_nat_interface="em0"\n` },
    },
    {
      name: "ipfw: natd's divert counts",
      code: DB,
      options: { rc: `${RC}firewall_enable="YES"\nfirewall_type="open"\nnatd_enable="YES"\nnatd_interface="em0"\n` },
    },
    {
      name: "ipfw: a firewall_script's own nat before the pass",
      code: DB,
      options: {
        rc: `${RC}firewall_enable="YES"\nfirewall_script="/etc/ipfw.rules"\n`,
        files: {
          "/etc/ipfw.rules":
            "ipfw -q nat 1 config if em0\nipfw -q add 100 nat 1 ip4 from 127.0.1.0/24 to any out xmit em0\nipfw -q add 200 allow ip from any to any\n",
        },
      },
    },
    {
      name: "ipfw: the simple type's natd divert, after rule 300, translates an RFC 1918 address on lo1",
      code: 'www {\n  ip4.addr = "lo1|10.0.1.1/32";\n}\n',
      options: {
        rc: `${RC}firewall_enable="YES"\nfirewall_type="simple"\nfirewall_simple_oif="em0"\nnatd_enable="YES"\nnatd_interface="em0"\n`,
      },
    },
    {
      name: "ipfw: rules that cannot be read are not judged",
      code: DB,
      options: { rc: `${RC}firewall_enable="YES"\nfirewall_script="/etc/ipfw.rules"\n` },
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
      name: "ipfw: open type without nat: rc.firewall's rule 300 denies a 127/8 source before rule 65000 passes anything",
      code: DB,
      options: { rc: `${RC}firewall_enable="YES"\nfirewall_type="open"\n` },
      errors: [
        '2:15-2:31 jail "db" has only host-internal IPv4 addresses (127.0.1.2 on lo1) and no ipfw nat rule covers them: rc.firewall\'s rule 300 (`300 deny ip from 127.0.0.0/8 to any`) denies its packets out on em0 before any `nat`, so it cannot reach the outside; add an ipfw nat rule for it (firewall_nat_enable with firewall_nat_interface, or `nat N` in the firewall_script) if it should',
      ],
    },
    {
      name: "ipfw: the simple type's natd divert comes after rule 300, which denies a 127/8 source first",
      code: DB,
      options: {
        rc: `${RC}firewall_enable="YES"\nfirewall_type="simple"\nfirewall_simple_oif="em0"\nnatd_enable="YES"\nnatd_interface="em0"\n`,
      },
      errors: [
        "2:15-2:31 jail \"db\" has only host-internal IPv4 addresses (127.0.1.2 on lo1) and no ipfw nat rule covers them: rc.firewall's rule 300 (`300 deny ip from 127.0.0.0/8 to any`) denies its packets out on em0 before any `nat`, so it cannot reach the outside; rc.firewall's simple type translates only through natd (natd_enable with natd_interface), whose `divert natd` it adds after rule 300, too late for a 127/8 source: enable natd for a jail on an RFC 1918 address, or translate it with a firewall_script's `nat N` rule if it should",
      ],
    },
    {
      name: "ipfw: the simple type without natd: its rule against RFC 1918 sources on the outside interface (table 13) denies it",
      code: 'www {\n  ip4.addr = "lo1|10.0.1.1/32";\n}\n',
      options: { rc: `${RC}firewall_enable="YES"\nfirewall_type="simple"\nfirewall_simple_oif="em0"\n` },
      errors: [
        "2:15-2:30 jail \"www\" has only host-internal IPv4 addresses (10.0.1.1 on lo1) and no ipfw nat rule covers them: rc.firewall's rule 1200 (`deny all from table(13) to any via em0`) denies its packets out on em0 before any `nat`, so it cannot reach the outside; rc.firewall's simple type translates only through natd (natd_enable with natd_interface), whose `divert natd` it adds after rule 300, too late for a 127/8 source: enable natd for a jail on an RFC 1918 address, or translate it with a firewall_script's `nat N` rule if it should",
      ],
    },
    {
      name: "ipfw: a script's nat for another network (near miss)",
      code: DB,
      options: {
        rc: `${RC}firewall_enable="YES"\nfirewall_script="/etc/ipfw.rules"\n`,
        files: {
          "/etc/ipfw.rules":
            "ipfw -q nat 1 config if em0\nipfw -q add 100 nat 1 ip4 from 10.0.0.0/8 to any out xmit em0\nipfw -q add 200 allow ip from any to any\n",
        },
      },
      errors: [
        '2:15-2:31 jail "db" has only host-internal IPv4 addresses (127.0.1.2 on lo1) and no ipfw nat rule covers them: ipfw rule 200 (`200 allow ip from any to any`) passes its packets out on em0 untranslated before any `nat`, so it cannot reach the outside; add an ipfw nat rule for it (firewall_nat_enable with firewall_nat_interface, or `nat N` in the firewall_script) if it should',
      ],
    },
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

describe("private-jail-without-nat with one binat rule per jail", () => {
  /** n jails on lo1, each given its own `binat` rule, but one: that one is the finding. */
  function comparisons(n: number): { calls: number; messages: string[] } {
    const address = (i: number): string => `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    const jail = Array.from({ length: n }, (_, i) => `j${i} {\n  ip4.addr = "lo1|${address(i)}/32";\n}\n`).join("");
    const pf = Array.from({ length: n - 1 }, (_, i) => `binat on em0 from ${address(i + 1)} to any -> 203.0.113.${(i % 200) + 10}\n`).join(
      "",
    );
    const model = buildHostModel(
      { jailConf: ["/etc/jail.conf"], pf: ["/etc/pf.conf"] },
      new MemoryHost({ "/etc/jail.conf": jail, "/etc/pf.conf": pf }),
    );
    compared.calls = 0;
    const messages = runRules(model, [privateJailWithoutNat]).map((d) => d.message);
    return { calls: compared.calls, messages };
  }

  it("looks each jail's rule up by its address: comparisons grow with the jails, not with jails × rules", () => {
    const small = comparisons(100);
    const large = comparisons(400);
    expect(small.messages).toHaveLength(1);
    expect(large.messages[0]).toMatch(/^jail "j0" has only host-internal IPv4 addresses \(127\.1\.0\.1 on lo1\)/);
    // Trying every rule for every jail would compare 16 times as often for 4 times the jails.
    expect(large.calls / Math.max(small.calls, 1)).toBeLessThan(4.5);
    expect(large.calls).toBeLessThanOrEqual(2 * 400);
  });
});
