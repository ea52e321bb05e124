import { ruleTester } from "../../../../test/support/rule-tester.js";
import { hostLoopbackInJail } from "./host-loopback-in-jail.js";

ruleTester(hostLoopbackInJail, {
  valid: ['db {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n', 'db {\n  ip4.addr = "lo1|127.0.0.2/32";\n}\n', "db {\n  ip4 = inherit;\n}\n"],
  invalid: [
    {
      code: 'db {\n  ip4.addr = "lo1|127.0.1.2/32", "127.0.0.1";\n}\n',
      errors: [
        '2:35-2:44 jail "db" is given 127.0.0.1, the host\'s own loopback address: it shares the host\'s localhost; give it a loopback alias of its own such as "lo1|127.0.1.N/32" instead',
      ],
    },
    { name: "::1", code: 'db {\n  ip6.addr = "lo0|::1";\n}\n', errors: ['2:15-2:22 jail "db" is given ::1…'] },
  ],
});
