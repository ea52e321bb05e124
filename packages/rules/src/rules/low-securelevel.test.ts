import { ruleTester } from "../../../../test/support/rule-tester.js";
import { lowSecurelevel } from "./low-securelevel.js";

ruleTester(lowSecurelevel, {
  valid: [
    "securelevel = 3;\nwww { persist; }\n",
    { name: "a lower minimum accepts 2", code: "securelevel = 2;\nwww { persist; }\n", options: { options: { minimum: 2 } } },
    { name: "set through a variable that resolves", code: '$lvl = "3";\nwww { securelevel = $lvl; }\n' },
    { name: "a wildcard below the jail raises it", code: "www { securelevel = 0; }\n* { securelevel = 3; }\n" },
    { name: "with minimum -1 an inherited level always meets it", code: "www { persist; }\n", options: { options: { minimum: -1 } } },
  ],
  invalid: [
    {
      name: "a global value below 3 is reported once for every jail it reaches",
      code: "securelevel = 2;\na { persist; }\nb { persist; }\n",
      errors: [
        '1:15-1:16 securelevel 2 for jails "a" and "b" is below 3: jail root can clear immutable flags and change firewall rules; set securelevel = 3',
      ],
      output: "securelevel = 3;\na { persist; }\nb { persist; }\n",
    },
    {
      name: "a jail without one, fixed by inserting it after the brace",
      code: "www {\n\tpersist;\n}\n",
      errors: [
        '1:1-1:4 jail "www" sets no securelevel, so it inherits the host\'s (usually -1: no protection); add securelevel = 3; to the jail or the global section',
      ],
      output: "www {\n\tsecurelevel = 3;\n\tpersist;\n}\n",
    },
    {
      name: "the minimum option is honoured",
      code: "securelevel = 2;\nwww { persist; }\n",
      options: { options: { minimum: 3 } },
      errors: ['1:15-1:16 securelevel 2 for jail "www" is below 3: …'],
    },
  ],
});
