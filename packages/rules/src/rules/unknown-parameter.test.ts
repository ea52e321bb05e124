import { ruleTester } from "../../../../test/support/rule-tester.js";
import { unknownParameter } from "./unknown-parameter.js";

ruleTester(unknownParameter, {
  valid: [
    "www { allow.mount.tmpfs; allow.mount.notmpfs; nopersist; exec.prepare = x; zfs.dataset = pool/j; }\n",
    { name: "meta.* exists from 15.0", code: 'www { meta.owner = "ops"; env.ROLE = "web"; }\n' },
    { name: "variables are not parameters", code: '$hostnme = "x";\nwww { host.hostname = $hostnme; }\n' },
  ],
  invalid: [
    {
      name: "a typo gets a did-you-mean and an unsafe rename",
      code: "www { allow.raw_socket; }\n",
      errors: ['1:7-1:23 unknown parameter "allow.raw_socket": jail(8) fails with "unknown parameter"; did you mean "allow.raw_sockets"?'],
      output: "www { allow.raw_sockets; }\n",
    },
    {
      name: "meta.* before 15.0",
      code: 'www { meta.owner = "ops"; }\n',
      options: { freebsd: 14 },
      errors: ['1:7-1:17 parameter "meta.owner" needs FreeBSD 15.0 or later; FreeBSD 14 fails with "unknown parameter: meta.owner"'],
    },
    {
      name: "no suggestion when nothing is close",
      code: "www { zzzzzz = 1; }\n",
      errors: [
        '1:7-1:13 unknown parameter "zzzzzz": jail(8) fails with "unknown parameter"; check the spelling against jail(8), or write `$name` for a variable',
      ],
    },
  ],
});
