import { ruleTester } from "../../../../test/support/rule-tester.js";
import { pfUndefinedMacro } from "./pf-undefined-macro.js";

ruleTester(pfUndefinedMacro, {
  valid: [
    { code: "", options: { pf: 'ext_if = "em0"\npass in on $ext_if\n' } },
    { name: "after an include that was not given", code: "", options: { pf: 'include "/etc/pf.macros"\npass in on $ext_if\n' } },
    {
      name: "a line that did not parse gets its JL001 and nothing else",
      code: "",
      options: { pf: "pass in on $ext_if proto tcp to port { 22 80\n" },
    },
  ],
  invalid: [
    {
      code: "",
      options: { pf: 'pass in on $ext_if\next_if = "em0"\npass in on $int_if\n' },
      errors: [
        "pf.conf 1:12-1:19 macro $ext_if is used before it is defined: pfctl stops with \"macro 'ext_if' not defined\" and loads none of the rules; move its definition up",
        "pf.conf 3:12-3:19 macro $int_if is never defined: pfctl stops with \"macro 'int_if' not defined\" and loads none of the rules; define it above this line",
      ],
    },
    {
      name: "a one-letter slip gets a did-you-mean",
      code: "",
      options: { pf: 'ext_if = "em0"\npass in on $ext_fi\n' },
      errors: [
        "pf.conf 2:12-2:19 macro $ext_fi is never defined: pfctl stops with \"macro 'ext_fi' not defined\" and loads none of the rules; did you mean $ext_if? Otherwise define it above this line",
      ],
    },
  ],
});
