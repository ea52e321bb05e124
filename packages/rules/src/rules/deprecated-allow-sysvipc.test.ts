import { describe, expect, it } from "vitest";
import { lintJailText, ruleTester } from "../../../../test/support/rule-tester.js";
import { deprecatedAllowSysvipc } from "./deprecated-allow-sysvipc.js";

const USE = "use `sysvmsg = new; sysvsem = new; sysvshm = new;` for a private namespace";

ruleTester(deprecatedAllowSysvipc, {
  valid: [
    { name: "the disabled form asks for the default", code: "db { allow.nosysvipc; }\n" },
    { name: "= 0", code: "db { allow.sysvipc = 0; }\n" },
    { name: "= false", code: "db { allow.sysvipc = false; }\n" },
    { name: "a global setting every jail turns off", code: "allow.sysvipc;\ndb { allow.nosysvipc; }\n" },
    {
      name: "every module set explicitly: allow.sysvipc decides nothing",
      code: "db {\n  allow.sysvipc;\n  sysvmsg = new;\n  sysvsem = new;\n  sysvshm = disable;\n}\n",
    },
    { name: "the module parameters themselves", code: "db { sysvmsg = new; sysvsem = new; sysvshm = new; }\n" },
  ],
  invalid: [
    {
      name: "in a jail, fixed safely",
      code: "db {\n  allow.sysvipc;\n}\n",
      errors: [
        `2:3-2:17 "allow.sysvipc" is deprecated and shares the host's System V IPC (messages, semaphores, shared memory) with jail "db" and every other such jail: ${USE}`,
      ],
      output: "db {\n  sysvmsg = new; sysvsem = new; sysvshm = new;\n}\n",
    },
    {
      name: "= true and = 1 are enabled",
      code: "a { allow.sysvipc = true; }\nb { allow.sysvipc = 1; }\n",
      errors: [
        '1:5-1:26 "allow.sysvipc" is deprecated and shares the host\'s System V IPC (messages, semaphores, shared memory) with jail "a"…',
        '2:5-2:23 "allow.sysvipc" is deprecated and shares the host\'s System V IPC (messages, semaphores, shared memory) with jail "b"…',
      ],
    },
    {
      name: "a global one names the jails it reaches; one that turns it off makes the fix unsafe",
      code: "allow.sysvipc;\na { persist; }\nb { persist; }\nc { allow.nosysvipc; }\n",
      errors: [
        `1:1-1:15 "allow.sysvipc" is deprecated and shares the host's System V IPC (messages, semaphores, shared memory) with jails "a" and "b" and every other such jail: ${USE}`,
      ],
      output: "sysvmsg = new; sysvsem = new; sysvshm = new;\na { persist; }\nb { persist; }\nc { allow.nosysvipc; }\n",
    },
    {
      name: "only the modules the jail leaves to it are named",
      code: "db {\n  allow.sysvipc;\n  sysvshm = new;\n}\n",
      errors: [
        `2:3-2:17 "allow.sysvipc" is deprecated and shares the host's System V message queues and semaphores with jail "db" and every other such jail: ${USE}`,
      ],
    },
  ],
});

describe("JL101 fix safety", () => {
  const safety = (code: string) => lintJailText(code, deprecatedAllowSysvipc).map((d) => d.fix?.safety);
  it("is safe where no jail turns the statement off again", () => {
    expect(safety("allow.sysvipc;\na { persist; }\n")).toEqual(["safe"]);
  });
  it("is unsafe where a jail's allow.nosysvipc would lose to the explicit parameters", () => {
    expect(safety("allow.sysvipc;\na { persist; }\nc { allow.nosysvipc; }\n")).toEqual(["unsafe"]);
  });
});
