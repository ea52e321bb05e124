import { ruleTester } from "../../../../test/support/rule-tester.js";
import { exposedLoopback } from "./exposed-loopback.js";

ruleTester(exposedLoopback, {
  valid: [
    { name: "private loopback first", code: 'www {\n  ip4.addr = "lo1|127.0.1.1/32", "em0|203.0.113.10";\n}\n' },
    { name: "only a private address", code: 'www {\n  ip4.addr = "em0|10.0.0.5/32";\n}\n' },
    { name: "the jail holds 127.0.0.1 itself (JL211's finding)", code: 'www {\n  ip4.addr = "em0|203.0.113.10", "127.0.0.1";\n}\n' },
    { name: "vnet jail", code: 'www {\n  vnet;\n  vnet.interface = "epair0b";\n  ip4.addr = "203.0.113.10";\n}\n' },
    { name: "ip4 = inherit", code: "www {\n  ip4 = inherit;\n}\n" },
    { name: "ULA IPv6 primary", code: 'www {\n  ip6.addr = "lo1|fd00::1", "em0|2001:db8::1";\n}\n' },
    {
      name: "the first item is an undefined variable: the primary is unknown, not the second item",
      code: 'www {\n  ip4.addr = "$lo", "em0|203.0.113.10";\n}\n',
    },
    { name: "ip4 = disable with addresses", code: 'www {\n  ip4 = disable;\n  ip4.addr = "em0|203.0.113.10";\n}\n' },
    { name: "vnet = new", code: 'www {\n  vnet = new;\n  ip4.addr = "em0|203.0.113.10";\n}\n' },
    { name: "::1 listed: no IPv6 rewrite", code: 'www {\n  ip6.addr = "em0|2001:db8::10", "::1";\n}\n' },
  ],
  invalid: [
    {
      name: "a lone global IPv4",
      code: 'www {\n  ip4.addr = "em0|203.0.113.10";\n}\n',
      errors: [
        '2:15-2:31 inside jail "www", 127.0.0.1 is rewritten to the primary address 203.0.113.10 (the first in ip4.addr), a global address: a daemon bound to localhost faces the network; list a private loopback such as "lo1|127.0.1.N/32" first',
      ],
    },
    {
      name: "lo1 listed after the public address: reordered",
      code: 'www {\n  ip4.addr = "em0|203.0.113.10", "lo1|127.0.1.1/32";\n}\n',
      errors: ['2:15-2:31 inside jail "www", 127.0.0.1 is rewritten to the primary address 203.0.113.10…'],
      output: 'www {\n  ip4.addr = "lo1|127.0.1.1/32", "em0|203.0.113.10";\n}\n',
    },
    {
      name: "items in one comma-separated string are reordered in place",
      code: 'www {\n  ip4.addr = "203.0.113.10,lo1|127.0.1.1";\n}\n',
      errors: ['2:15-2:27 inside jail "www", 127.0.0.1 is rewritten to the primary address 203.0.113.10…'],
      output: 'www {\n  ip4.addr = "lo1|127.0.1.1,203.0.113.10";\n}\n',
    },
    {
      name: "+= keeps jail(8) order: the global one stays first",
      code: 'www {\n  ip4.addr = "em0|203.0.113.10";\n  ip4.addr += "lo1|127.0.1.1";\n}\n',
      errors: ['2:15-2:31 inside jail "www", 127.0.0.1 is rewritten to the primary address 203.0.113.10…'],
      output: 'www {\n  ip4.addr = "lo1|127.0.1.1";\n  ip4.addr += "em0|203.0.113.10";\n}\n',
    },
    {
      name: "interface parameter and a bare address",
      code: 'www {\n  interface = "em0";\n  ip4.addr = "203.0.113.10";\n}\n',
      errors: ['3:15-3:27 inside jail "www", 127.0.0.1 is rewritten to the primary address 203.0.113.10 (the first in ip4.addr)…'],
    },
    {
      name: "ip4.nosaddrsel does not change what localhost means",
      code: 'www {\n  ip4.addr = "em0|203.0.113.10";\n  ip4.nosaddrsel;\n}\n',
      errors: ['2:15-2:31 inside jail "www", 127.0.0.1 is rewritten to the primary address 203.0.113.10…'],
    },
    {
      name: "a global IPv6 primary",
      code: 'www {\n  ip6.addr = "em0|2001:db8::10";\n}\n',
      errors: ['2:15-2:31 inside jail "www", ::1 is rewritten to the primary address 2001:db8::10 (the first in ip6.addr)…'],
    },
    {
      name: "one global statement, several jails: one finding",
      code: 'ip4.addr = "em0|203.0.113.10";\nwww {\n}\nweb {\n}\n',
      errors: ['1:13-1:29 inside jails "www" and "web", 127.0.0.1 is rewritten…'],
    },
  ],
});
