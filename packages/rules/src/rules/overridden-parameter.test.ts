import { describe, expect, it } from "vitest";
import { lintJailText, ruleTester } from "../../../../test/support/rule-tester.js";
import { applyFixes } from "../engine/apply-fixes.js";
import { overriddenParameter } from "./overridden-parameter.js";

ruleTester(overriddenParameter, {
  valid: ["a = 1;\nwww { a = 2; }\n", "exec.start = x;\nexec.start += y;\n", "www { persist; }\ndb { persist; }\n"],
  invalid: [
    {
      name: "the dead line is removed whole",
      code: "www {\n    securelevel = 1;\n    persist;\n    securelevel = 3;\n}\n",
      errors: ['2:5-2:21 "securelevel" is set again later in "www", so this assignment never takes effect: delete it or merge the two'],
      output: "www {\n    persist;\n    securelevel = 3;\n}\n",
    },
    {
      name: "variables too",
      code: '$d = "a";\n$d = "b";\n',
      errors: ['1:1-1:10 "$d" is set again later in the global section, so this assignment never takes effect: delete it or merge the two'],
      output: '$d = "b";\n',
    },
  ],
});

describe("JL006 fix", () => {
  it("changes nothing when applied a second time", () => {
    const text = "www { a = 1; a = 2; a = 3; }\n";
    const once = applyFixes(
      text,
      lintJailText(text, overriddenParameter).flatMap((d) => (d.fix ? [d.fix] : [])),
    ).text;
    expect(once).toBe("www { a = 3; }\n");
    expect(lintJailText(once, overriddenParameter)).toEqual([]);
  });
});
