import { ruleTester } from "../../../../test/support/rule-tester.js";
import { mixedAddressScopes } from "./mixed-address-scopes.js";

ruleTester(mixedAddressScopes, {
  valid: [
    'mail {\n  ip4.addr = "lo1|127.0.1.4/32", "em0|10.0.0.4";\n}\n',
    'mail {\n  ip4.addr = "em0|203.0.113.11", "em0|198.51.100.11";\n}\n',
    { name: "families are separate", code: 'mail {\n  ip4.addr = "lo1|127.0.1.4/32";\n  ip6.addr = "em0|2001:db8::4";\n}\n' },
  ],
  invalid: [
    {
      code: 'mail {\n  ip4.addr = "lo1|127.0.1.4/32", "em0|203.0.113.11";\n}\n',
      errors: [
        '2:35-2:51 jail "mail" mixes private 127.0.1.4 with global 203.0.113.11: source address selection picks the jail\'s first address on the outgoing interface, not the one that fits; use private addresses only and rdr/nat on the host',
      ],
    },
    {
      name: "ULA and global IPv6",
      code: 'mail {\n  ip6.addr = "em0|2001:db8::4", "em0|fd00::4";\n}\n',
      errors: ['2:15-2:30 jail "mail" mixes private fd00::4 with global 2001:db8::4…'],
    },
  ],
});
