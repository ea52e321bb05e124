import { ruleTester } from "../../../../test/support/rule-tester.js";
import { legacyRcJailVariables } from "./legacy-rc-jail-variables.js";

ruleTester(legacyRcJailVariables, {
  valid: [
    { code: "", options: { rc: 'jail_enable="YES"\njail_list="www"\njail_parallel_start="YES"\n' } },
    { name: "no rc.conf", code: "www {\n}\n" },
    {
      name: "rc.d/jail's global knobs and the defaults of its per-jail variables",
      code: "www {\n}\n",
      options: {
        rc: 'jail_enable="YES"\njail_list=""\njail_parallel_start="YES"\njail_reverse_stop="YES"\njail_conf="/etc/jail.conf"\njail_flags="-l"\njail_program="/usr/sbin/jail"\njail_consolecmd="/bin/sh"\njail_jexec="/usr/sbin/jexec"\njail_jls="/usr/sbin/jls"\njail_confwarn="NO"\njail_exec_start="/bin/sh /etc/rc"\njail_exec_prestart0="true"\njail_devfs_enable="YES"\njail_sysvipc_allow="NO"\n',
      },
    },
  ],
  invalid: [
    {
      name: "jail_list empty: rc.d/jail runs jail -f jail.conf -c and reads no per-jail variable",
      code: 'www {\n  path = "/jails/www";\n}\n',
      options: { rc: 'jail_enable="YES"\njail_www_rootdir="/usr/jails/www"\njail_old_ip="192.0.2.5"\n' },
      errors: [
        'rc.conf 2:1-2:34 jail_www_rootdir is a pre-jail.conf rc.conf variable: jail_list is empty, so rc.d/jail starts the jails of jail.conf and never reads it; set path in jail.conf\'s "www" block and delete it',
        'rc.conf 3:1-3:24 jail_old_ip is a pre-jail.conf rc.conf variable: jail_list is empty, so rc.d/jail starts the jails of jail.conf and never reads it; set ip4.addr in jail.conf\'s "old" block and delete it',
      ],
    },
    {
      name: "rootdir and hostname both set for a listed jail: the variables win over jail.conf",
      code: 'www {\n  path = "/jails/www";\n}\n',
      options: { rc: 'jail_list="www"\njail_www_rootdir="/usr/jails/www"\njail_www_hostname="www.example.org"\n' },
      errors: [
        'rc.conf 2:1-2:34 jail_www_rootdir is a pre-jail.conf rc.conf variable: jail_www_rootdir and jail_www_hostname are both set, so rc.d/jail builds jail "www" from these variables and ignores its block in jail.conf; set path in jail.conf\'s "www" block and delete it',
        "rc.conf 3:1-3:36 jail_www_hostname is a pre-jail.conf rc.conf variable: jail_www_rootdir and jail_www_hostname are both set…",
      ],
    },
    {
      name: "a listed jail without both: rc.d/jail takes it from jail.conf",
      code: 'www {\n  path = "/jails/www";\n}\n',
      options: { rc: 'jail_list="www"\njail_www_ip="192.0.2.5"\n' },
      errors: [
        'rc.conf 2:1-2:24 jail_www_ip is a pre-jail.conf rc.conf variable: without both jail_www_rootdir and jail_www_hostname rc.d/jail takes "www" from jail.conf and ignores it; set ip4.addr in jail.conf\'s "www" block and delete it',
      ],
    },
    {
      name: "a jail jail_list does not name",
      code: "www {\n}\n",
      options: { rc: 'jail_list="www"\njail_old_rootdir="/jails/old"\n' },
      errors: [
        'rc.conf 2:1-2:30 jail_old_rootdir is a pre-jail.conf rc.conf variable: jail_list does not name "old", so rc.d/jail never reads it; set path in jail.conf\'s "old" block and delete it',
      ],
    },
    {
      name: "an old-style jail rc.d/jail still builds",
      code: "",
      options: { rc: 'jail_list="old"\njail_old_rootdir="/jails/old"\njail_old_hostname="old.example.org"\n' },
      errors: [
        'rc.conf 2:1-2:30 jail_old_rootdir is a pre-jail.conf rc.conf variable: rc.d/jail still builds jail "old" from these variables, a way that is obsolete and slated for removal; set path in jail.conf\'s "old" block and delete it',
        "rc.conf 3:1-3:36 jail_old_hostname is a pre-jail.conf rc.conf variable: rc.d/jail still builds…",
      ],
    },
  ],
});
