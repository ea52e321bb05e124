import { ruleTester } from "../../../../test/support/rule-tester.js";
import { duplicateJailAddress } from "./duplicate-jail-address.js";

ruleTester(duplicateJailAddress, {
  valid: [
    'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\ndb {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n',
    {
      name: "a child jail repeats its parent's address",
      code: 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n  child {\n    ip4.addr = "127.0.1.1";\n  }\n}\n',
    },
    { name: "the host loopback is JL211's", code: 'a {\n  ip4.addr = "127.0.0.1";\n}\nb {\n  ip4.addr = "127.0.0.1";\n}\n' },
  ],
  invalid: [
    {
      name: "each holds only this address: allowed by the kernel, but one port space",
      code: 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\ndb {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n',
      severity: "warning",
      errors: [
        '5:15-5:31 127.0.1.1 is given to jail "db" and to jail "www" as their only IPv4 address: the kernel allows that, but they share one port space and see each other\'s listeners; give each jail an address of its own',
      ],
    },
    {
      name: "one of them holds another address: the kernel refuses the second",
      code: 'www {\n  ip4.addr = "lo1|127.0.1.1/32", "lo1|127.0.1.3/32";\n}\ndb {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n',
      errors: [
        '5:15-5:31 127.0.1.1 is given to jail "db" and to jail "www", and one of them holds other IPv4 addresses too: the kernel refuses that ("IPv4 addresses clash"), so the jail started second fails; give each jail an address of its own',
      ],
    },
    {
      name: "IPv6 written two ways",
      code: 'www {\n  ip6.addr = "2001:db8::1";\n}\ndb {\n  ip6.addr = "2001:0db8:0:0::1";\n}\n',
      severity: "warning",
      errors: ['5:15-5:31 2001:db8::1 is given to jail "db" and to jail "www"…'],
    },
  ],
});
