import { ruleTester } from "../../../../test/support/rule-tester.js";
import { weakEnforceStatfs } from "./weak-enforce-statfs.js";

ruleTester(weakEnforceStatfs, {
  valid: ["enforce_statfs = 2;\nwww { persist; }\n", "www { enforce_statfs = 1; }\n* { enforce_statfs = 2; }\n"],
  invalid: [
    {
      name: "one global line, different advice for a jail that mounts and one that does not",
      code: "enforce_statfs = 1;\na { allow.mount; }\nb { persist; }\nc { persist; }\n",
      errors: [
        '1:18-1:19 enforce_statfs = 1 shows jail "a" the mount points below the jail\'s own root: allow.mount needs it, but make sure the jail must mount file systems itself',
        '1:18-1:19 enforce_statfs = 1 shows jails "b" and "c" the mount points below the jail\'s own root: set enforce_statfs = 2',
      ],
    },
  ],
});
