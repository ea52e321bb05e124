import { ruleTester } from "../../../../test/support/rule-tester.js";
import { includeProblem } from "./include-problem.js";

ruleTester(includeProblem, {
  valid: [
    {
      name: "pf.conf includes a file that exists",
      code: "",
      options: { pf: 'include "/etc/pf.macros"\npass in on $ext_if\n', files: { "/etc/pf.macros": "ext_if = em0\n" } },
    },
  ],
  invalid: [
    {
      name: "pf.conf includes a file that does not exist",
      code: "",
      options: { pf: 'include "/etc/pf.local"\npass in\n' },
      errors: [
        'pf.conf 1:9-1:24 included file /etc/pf.local does not exist: pfctl fails with "failed to include file /etc/pf.local" and loads none of the rules; fix the path or create the file',
      ],
    },
    {
      name: "a relative include is opened from pfctl's working directory, /",
      code: "",
      options: { pf: 'include "pf.macros"\npass in on $ext_if\n', files: { "/etc/pf.macros": "ext_if = em0\n" } },
      errors: [
        'pf.conf 1:9-1:20 include "pf.macros" is relative, and pfctl opens it from its working directory (/ when rc.d/pf loads the rules), so it reads /pf.macros, which does not exist: pfctl fails with "failed to include file pf.macros" and loads none of the rules; /etc/pf.macros exists: write `include "/etc/pf.macros"`',
      ],
    },
  ],
});
