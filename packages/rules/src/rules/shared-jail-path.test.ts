import { ruleTester } from "../../../../test/support/rule-tester.js";
import { sharedJailPath } from "./shared-jail-path.js";

ruleTester(sharedJailPath, {
  valid: [
    'a { path = "/jails/a"; }\nb { path = "/jails/b"; }\n',
    { name: "a name prefix is no parent directory", code: 'a { path = "/jails/www"; }\nb { path = "/jails/wwwdata"; }\n' },
    { name: "a hierarchical child is seen from its parent", code: 'p { path = "/jails/p"; }\np.c { path = "/jails/p/c"; }\n' },
  ],
  invalid: [
    {
      name: "two jails on the root directory name it /",
      code: 'a { path = "/"; }\nb { path = "/"; }\n',
      errors: ['2:12-2:15 jail "b" has the same path as jail "a" (/): they share every file; give each jail its own directory'],
    },
    {
      name: "a jail whose root is / holds every other jail",
      code: 'host { path = "/"; }\nwww { path = "/jails/www"; }\n',
      errors: [
        '2:14-2:26 jail "www" lives inside jail "host" (/jails/www is under /): root in "host" can change its files; move it beside, not below',
      ],
    },
  ],
});
