import { ruleTester } from "../../../../test/support/rule-tester.js";
import { linkLocalIpv6Address } from "./link-local-ipv6-address.js";

ruleTester(linkLocalIpv6Address, {
  valid: [
    'mail {\n  ip6.addr = "em0|2001:db8::25";\n}\n',
    { name: "on a loopback interface", code: 'mail {\n  ip6.addr = "lo1|fe80::25";\n}\n' },
    { name: "vnet jails have link-locals of their own", code: 'mail {\n  vnet;\n  vnet.interface = "epair0b";\n}\n' },
  ],
  invalid: [
    {
      name: "no interface",
      code: 'mail {\n  ip6.addr = "fe80::25";\n}\n',
      errors: [
        '2:15-2:23 link-local ip6.addr "fe80::25" of jail "mail": it names no interface (no `IF|` prefix, no `interface` parameter), so it matches no bind in the jail; use a global or ULA address, or a VNET jail',
      ],
    },
    {
      name: "zone suffix instead of IF|",
      code: 'mail {\n  ip6.addr = "fe80::25%em0";\n}\n',
      errors: ['2:15-2:27 link-local ip6.addr "fe80::25%em0" of jail "mail": its %em0 suffix is rejected by libjail…'],
    },
    {
      name: "on a network interface, via the interface parameter",
      code: 'mail {\n  interface = em0;\n  ip6.addr = "fe80::25";\n}\n',
      errors: ['3:15-3:23 link-local ip6.addr "fe80::25" of jail "mail": on em0, a network interface…'],
    },
  ],
});
