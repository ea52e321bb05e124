import { ruleTester } from "../../../../test/support/rule-tester.js";
import { writableBasejail } from "./writable-basejail.js";

const REPLACE = "root in the jail can replace binaries and libraries";

ruleTester(writableBasejail, {
  valid: [
    { name: "a read-only basejail", code: 'www {\n  path = "/j/www";\n  mount = "/j/basejail /j/www/basejail nullfs ro 0 0";\n}\n' },
    {
      name: "two jails sharing a writable home directory",
      code: 'path = "/j/$name";\na { mount = "/home/op /j/a/home/op nullfs rw 0 0"; }\nb { mount = "/home/op /j/b/home/op nullfs rw 0 0"; }\n',
    },
    {
      name: "a writable data directory of the jail's own",
      code: 'www {\n  path = "/j/www";\n  mount = "/data/www /j/www/var/db nullfs rw 0 0";\n}\n',
    },
    { name: "not nullfs", code: 'www {\n  path = "/j/www";\n  mount = "tmpfs /j/www/usr/share tmpfs rw 0 0";\n}\n' },
    {
      name: "/usr/local is the jail's own, not base",
      code: 'www {\n  path = "/j/www";\n  mount = "/pkg/cache /j/www/usr/local nullfs rw 0 0";\n}\n',
    },
  ],
  invalid: [
    {
      name: "a source named like a base system",
      code: 'www {\n  path = "/j/www";\n  mount = "/j/basejail /j/www/basejail nullfs rw 0 0";\n}\n',
      errors: [
        `3:11-3:54 nullfs mount of /j/basejail into jail "www" is writable, and its source /j/basejail is named like a base system: ${REPLACE} every jail that mounts it runs; add the ro option`,
      ],
      output: 'www {\n  path = "/j/www";\n  mount = "/j/basejail /j/www/basejail nullfs ro 0 0";\n}\n',
    },
    {
      name: "mounted over the jail's /usr/bin, shared by two jails",
      code: 'path = "/j/$name";\na { mount = "/srv/shared/ubin /j/a/usr/bin nullfs rw 0 0"; }\nb { mount = "/srv/shared/ubin /j/b/usr/bin/ nullfs rw 0 0"; }\n',
      errors: [
        `2:13-2:58 nullfs mount of /srv/shared/ubin into jail "a" is writable, and it is mounted over the jail's /usr/bin: ${REPLACE} the 2 jails that mount it run; add the ro option`,
        `3:13-3:59 nullfs mount of /srv/shared/ubin into jail "b" is writable, and it is mounted over the jail's /usr/bin: ${REPLACE} the 2 jails that mount it run; add the ro option`,
      ],
    },
    {
      name: "a mount point named like a base system",
      code: 'www {\n  path = "/j/www";\n  mount = "/srv/fbsd14 /j/www/base nullfs rw 0 0";\n}\n',
      errors: [
        `3:11-3:50 nullfs mount of /srv/fbsd14 into jail "www" is writable, and its mount point /j/www/base is named like a base system: ${REPLACE} every jail that mounts it runs; add the ro option`,
      ],
    },
  ],
});
