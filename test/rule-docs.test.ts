import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES, type Rule, ruleDocFiles } from "@jaillint/rules";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/corpus.js";
import { type LintTextOptions, lintJailText } from "./support/rule-tester.js";

describe("the README's rule table", () => {
  it("lists every rule, with its name and default severity, in code order", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const rows = [...readme.matchAll(/^\| (JL\d{3}) \| ([a-z0-9-]+) +\| (error|warning|info) +\|/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(rows).toEqual(RULES.map((r) => `${r.code} ${r.name} ${r.severity}`));
  });
});

describe("docs/rules is generated from the rules", () => {
  for (const [path, text] of ruleDocFiles(RULES)) {
    it(`${path} is up to date`, () => {
      let committed = "";
      try {
        committed = readFileSync(join(repoRoot, path), "utf8");
      } catch {
        // missing: reported below
      }
      expect(committed === text, `${path} is stale or missing: run pnpm docs`).toBe(true);
    });
  }
});

/** Lints a documented example together with the other files its `context` supplies. */
function findingsFor(rule: Rule, text: string): number {
  return diagnosticsFor(rule, text).length;
}

function diagnosticsFor(rule: Rule, text: string) {
  const { kind } = rule.docs.example;
  const ctx = rule.docs.context ?? {};
  const main = kind === "jail" ? text : (ctx.jail ?? "");
  const opts: LintTextOptions = {
    ...(kind === "rc" ? { rc: text } : ctx.rc !== undefined ? { rc: ctx.rc } : {}),
    ...(kind === "pf" ? { pf: text } : ctx.pf !== undefined ? { pf: ctx.pf } : {}),
    ...(ctx.files ? { files: { ...ctx.files } } : {}),
  };
  return lintJailText(main, rule, opts);
}

describe("each rule's documented example", () => {
  for (const rule of RULES) {
    it(`${rule.code} ${rule.name}: the bad example triggers it and the good one does not`, () => {
      expect(findingsFor(rule, rule.docs.example.bad), `bad example of ${rule.code} must be reported`).toBeGreaterThan(0);
      expect(findingsFor(rule, rule.docs.example.good), `good example of ${rule.code} must be silent`).toBe(0);
    });
  }
});

describe("each rule's fixable metadata matches the fixes it emits", () => {
  for (const rule of RULES) {
    it(`${rule.code} ${rule.name}: fixable = ${rule.fixable}`, () => {
      const safeties = new Set(diagnosticsFor(rule, rule.docs.example.bad).flatMap((d) => (d.fix ? [d.fix.safety] : [])));
      const safest = safeties.has("safe") ? "safe" : safeties.has("unsafe") ? "unsafe" : false;
      expect(safest).toBe(rule.fixable);
    });
  }
});
