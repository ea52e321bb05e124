import { RULES } from "@jaillint/rules";
import { describe, expect, it } from "vitest";
import { type LintTextOptions, lintJailText } from "../support/rule-tester.js";

// The documented examples of the network and cross-file rules (JL2xx-JL4xx), with the other files each
// example's `context` supplies: the bad one must trigger the rule, the good one must not.
const rules = RULES.filter((r) => /^JL[234]\d\d$/.test(r.code));

function run(rule: (typeof rules)[number], text: string): number {
  const { kind } = rule.docs.example;
  const ctx = rule.docs.context ?? {};
  const main = kind === "jail" ? text : (ctx.jail ?? "");
  const opts: LintTextOptions = {
    ...(kind === "rc" ? { rc: text } : ctx.rc !== undefined ? { rc: ctx.rc } : {}),
    ...(kind === "pf" ? { pf: text } : ctx.pf !== undefined ? { pf: ctx.pf } : {}),
  };
  return lintJailText(main, rule, opts).length;
}

describe("documented examples of the network rules", () => {
  it("covers all sixteen", () => expect(rules.map((r) => r.code)).toHaveLength(16));
  for (const rule of rules) {
    it(`${rule.code} ${rule.name}: bad triggers, good does not`, () => {
      expect(run(rule, rule.docs.example.bad)).toBeGreaterThan(0);
      expect(run(rule, rule.docs.example.good)).toBe(0);
    });
  }
});
