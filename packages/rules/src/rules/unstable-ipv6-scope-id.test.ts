import { ruleTester } from "../../../../test/support/rule-tester.js";
import { unstableIpv6ScopeId } from "./unstable-ipv6-scope-id.js";

ruleTester(unstableIpv6ScopeId, {
  valid: [
    'mail {\n  ip6.addr = "em0|2001:db8::25";\n}\n',
    { name: "link-local without a number (JL205's finding)", code: 'mail {\n  ip6.addr = "em0|fe80::25";\n}\n' },
    { name: "named zone", code: 'mail {\n  ip6.addr = "fe80::25%em0";\n}\n' },
    { name: "site-local fec0::/10 is not link-local", code: 'mail {\n  ip6.addr = "em0|fec0:2::25";\n}\n' },
  ],
  invalid: [
    {
      name: "KAME embedded scope",
      code: 'mail {\n  ip6.addr = "em0|fe80:2::25";\n}\n',
      errors: [
        '2:15-2:29 ip6.addr "em0|fe80:2::25" of jail "mail" hard-codes interface index 2 (the second word of a link-local address is the kernel\'s scope id)…',
      ],
    },
    {
      name: "numeric %N zone",
      code: 'mail {\n  ip6.addr = "em0|fe80::25%3";\n}\n',
      errors: ['2:15-2:29 ip6.addr "em0|fe80::25%3" of jail "mail" hard-codes interface index 3 (the %3 suffix)…'],
    },
  ],
});
