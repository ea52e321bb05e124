import { ruleTester } from "../../../../test/support/rule-tester.js";
import { jailListMismatch } from "./jail-list-mismatch.js";

const JAILS = "www {\n}\ndb {\n}\n";

ruleTester(jailListMismatch, {
  valid: [
    { code: JAILS, options: { rc: 'jail_enable="YES"\njail_list="www db"\n' } },
    { name: "empty jail_list starts them all", code: JAILS, options: { rc: 'jail_enable="YES"\n' } },
    {
      name: "a jail still configured the old way (JL301's finding)",
      code: JAILS,
      options: { rc: 'jail_list="www old"\njail_old_rootdir="/j/old"\njail_old_hostname="old.example.org"\n' },
    },
    {
      name: "the old way, a name with a dot: rc.d/jail's variables use _ for it",
      code: JAILS,
      options: { rc: 'jail_list="www old.web"\njail_old_web_rootdir="/j/old"\njail_old_web_hostname="old.example.org"\n' },
    },
  ],
  invalid: [
    {
      name: "old-style variables without both rootdir and hostname: rc.d/jail looks in jail.conf",
      code: JAILS,
      options: { rc: 'jail_list="www old"\njail_old_rootdir="/j/old"\n' },
      errors: [
        'rc.conf 1:16-1:19 jail_list names "old", which jail.conf does not define: rc.d/jail cannot start it; rc.d/jail builds it from jail_old_* variables only when jail_old_rootdir and jail_old_hostname are both set',
      ],
    },
    {
      code: JAILS,
      options: { rc: 'jail_enable="YES"\njail_list="www dbb mail"\n' },
      errors: [
        'rc.conf 2:16-2:19 jail_list names "dbb", which jail.conf does not define: rc.d/jail cannot start it; did you mean "db"?',
        'rc.conf 2:20-2:24 jail_list names "mail", which jail.conf does not define: rc.d/jail cannot start it; define it or drop it from jail_list',
      ],
    },
  ],
});
