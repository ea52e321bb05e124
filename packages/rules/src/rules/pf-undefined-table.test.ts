import { ruleTester } from "../../../../test/support/rule-tester.js";
import { pfUndefinedTable } from "./pf-undefined-table.js";

ruleTester(pfUndefinedTable, {
  valid: [
    { code: "", options: { pf: "table <trusted> persist { 198.51.100.7 }\npass in proto tcp from <trusted> to port 22\n" } },
    { name: "persist table filled at run time", code: "", options: { pf: "table <bruteforce> persist\nblock quick from <bruteforce>\n" } },
    {
      name: "an anchor file may define it",
      code: "",
      options: { pf: 'load anchor "jails" from "/etc/pf.jails"\nblock quick from <bad>\n' },
    },
    {
      name: "a table line that did not parse still defines the name (JL001 reports the line)",
      code: "",
      options: { pf: "table <SSH_GOOD_IP4> { fill this in }\npass in proto tcp from <SSH_GOOD_IP4> to port 22\n" },
    },
    {
      name: "a table defined in an included file",
      code: "",
      options: {
        pf: 'include "/etc/pf.tables"\nblock quick from <bad>\n',
        files: { "/etc/pf.tables": "table <bad> persist { 192.0.2.66 }\n" },
      },
    },
  ],
  invalid: [
    {
      name: "the included file defines another table",
      code: "",
      options: {
        pf: 'include "/etc/pf.tables"\nblock quick from <bad>\n',
        files: { "/etc/pf.tables": "table <good> persist { 192.0.2.7 }\n" },
      },
      errors: [
        "pf.conf 2:18-2:23 table <bad> is used but never defined: pfctl creates it empty, so this rule matches nothing until `pfctl -t bad -T add`; define it with `table <bad> persist { … }`",
      ],
    },
    {
      code: "",
      options: { pf: "pass in on em0 proto tcp from <trusted> to port 5432\n" },
      errors: [
        "pf.conf 1:31-1:40 table <trusted> is used but never defined: pfctl creates it empty, so this rule matches nothing until `pfctl -t trusted -T add`; define it with `table <trusted> persist { … }`",
      ],
    },
  ],
});
