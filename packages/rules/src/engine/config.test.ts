import { describe, expect, it } from "vitest";
import { findRule } from "../registry.js";
import { lowSecurelevel } from "../rules/low-securelevel.js";
import { parseRuleFlag, resolveRuleSetting, validateConfig } from "./config.js";
import { filePatternToRegExp } from "./file-pattern.js";

describe("configuration", () => {
  it("rejects unknown keys, codes, levels and options with their path", () => {
    const r = validateConfig(
      { rule: {}, rules: { JL999: "off", JL103: { severity: "loud", options: { minimun: 2 } }, JL104: "warn" } },
      findRule,
    );
    expect(r.ok ? [] : r.errors).toEqual([
      'unknown key "rule": expected one of rules, overrides',
      'rules: unknown rule "JL999": run `jaillint rules` for the list',
      "rules.JL103.severity: expected off, info, warning or error",
      'rules.JL103.options: JL103 has no option "minimun": expected minimum',
      'rules.JL104: "warn" is not a level: expected off, info, warning or error',
    ]);
  });
  it("rejects an option value outside the rule's declared range", () => {
    const r = validateConfig({ rules: { JL103: { options: { minimum: 7 } }, JL006: "warning" } }, findRule);
    expect(r.ok ? [] : r.errors).toEqual(["rules.JL103.options.minimum: 7 is out of range: expected an integer from -1 to 3"]);
    const frac = validateConfig({ rules: { JL103: { options: { minimum: 2.5 } } } }, findRule);
    expect(frac.ok ? [] : frac.errors).toEqual(["rules.JL103.options.minimum: 2.5 is out of range: expected an integer from -1 to 3"]);
  });
  it("resolves defaults, top level, overrides by pattern and --rule in that order", () => {
    const r = validateConfig(
      {
        rules: { "low-securelevel": { severity: "error", options: { minimum: 2 } } },
        overrides: [{ files: "etc/jail.conf.d/*.conf", rules: { JL103: "off" } }],
      },
      findRule,
    );
    if (!r.ok) throw new Error(r.errors.join("\n"));
    expect(resolveRuleSetting(r.config, lowSecurelevel, "etc/jail.conf")).toEqual({
      enabled: true,
      severity: "error",
      options: { minimum: 2 },
    });
    expect(resolveRuleSetting(r.config, lowSecurelevel, "etc/jail.conf.d/a.conf").enabled).toBe(false);
    const flag = parseRuleFlag("JL103=info", findRule);
    if (!flag.ok) throw new Error(flag.error);
    expect(resolveRuleSetting(r.config, lowSecurelevel, "x", new Map([[flag.code, flag.entry]])).severity).toBe("info");
    expect(parseRuleFlag("JL103", findRule)).toEqual({ ok: false, error: "--rule JL103: expected CODE=LEVEL, e.g. --rule JL103=off" });
  });
  it("file patterns", () => {
    expect(filePatternToRegExp("jail.conf").test("etc/jail.conf")).toBe(true);
    expect(filePatternToRegExp("etc/*.conf").test("etc/jail.conf.d/a.conf")).toBe(false);
    expect(filePatternToRegExp("etc/**/*.conf").test("etc/jail.conf.d/a.conf")).toBe(true);
    expect(filePatternToRegExp("etc/**/*.conf").test("etc/jail.conf")).toBe(true);
  });
});
