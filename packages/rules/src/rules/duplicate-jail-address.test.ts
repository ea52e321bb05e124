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
      code: 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\ndb {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n',
      errors: [
        '5:15-5:31 127.0.1.1 is given to jail "db" and to jail "www": the second jail fails to start unless each holds only this one address, and then they share one port space; give each jail an address of its own',
      ],
    },
    {
      name: "IPv6 written two ways",
      code: 'www {\n  ip6.addr = "2001:db8::1";\n}\ndb {\n  ip6.addr = "2001:0db8:0:0::1";\n}\n',
      errors: ['5:15-5:31 2001:db8::1 is given to jail "db" and to jail "www"…'],
    },
  ],
});
