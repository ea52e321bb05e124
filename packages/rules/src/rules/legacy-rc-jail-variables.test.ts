import { ruleTester } from "../../../../test/support/rule-tester.js";
import { legacyRcJailVariables } from "./legacy-rc-jail-variables.js";

ruleTester(legacyRcJailVariables, {
  valid: [
    { code: "", options: { rc: 'jail_enable="YES"\njail_list="www"\njail_parallel_start="YES"\n' } },
    { name: "no rc.conf", code: "www {\n}\n" },
  ],
  invalid: [
    {
      code: 'www {\n  path = "/jails/www";\n}\n',
      options: { rc: 'jail_enable="YES"\njail_www_rootdir="/usr/jails/www"\njail_old_ip="192.0.2.5"\n' },
      errors: [
        'rc.conf 2:1-2:34 jail_www_rootdir is a pre-jail.conf rc.conf variable: jail.conf defines "www", so rc.d/jail ignores it; set path in jail.conf\'s "www" block and delete it',
        'rc.conf 3:1-3:24 jail_old_ip is a pre-jail.conf rc.conf variable: it is the obsolete way to configure jail "old"; set ip4.addr in jail.conf\'s "old" block and delete it',
      ],
    },
  ],
});
