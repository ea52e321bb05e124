import type { HostModel } from "../model/host-model.js";
import { compareDiagnostics, type Diagnostic, type Severity } from "./diagnostic.js";
import type { Rule } from "./rule.js";

/** How one rule runs: off, or on with a severity and its options. */
export interface RuleSetting {
  readonly enabled: boolean;
  readonly severity: Severity;
  readonly options: Readonly<Record<string, number>>;
}

export type RuleSettings = (rule: Rule) => RuleSetting;

export const defaultSetting: RuleSettings = (rule) => ({
  enabled: true,
  severity: rule.severity,
  options: Object.fromEntries(Object.entries(rule.options ?? {}).map(([k, v]) => [k, v.default])),
});

function hasInput(model: HostModel, rule: Rule): boolean {
  const given = { jail: model.jailConf !== undefined, rc: model.rc !== undefined, pf: model.pf !== undefined };
  return rule.needs.every((kind) => given[kind]);
}

/** Stage "check": runs every enabled rule whose files were given, and returns sorted diagnostics. */
export function runRules(model: HostModel, rules: readonly Rule[], settings: RuleSettings = defaultSetting): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    const setting = settings(rule);
    if (!setting.enabled || !hasInput(model, rule)) continue;
    rule.check({
      model,
      options: setting.options,
      report: (r) => {
        // A rule's own severity for one finding (JL001 notes) only ever goes down from the configured one.
        const severity = r.severity && r.severity !== rule.severity ? r.severity : setting.severity;
        out.push({
          code: rule.code,
          rule: rule.name,
          severity,
          message: r.message,
          file: r.file,
          range: r.range,
          ...(r.fix ? { fix: r.fix } : {}),
          ...(r.related ? { related: r.related } : {}),
        });
      },
    });
  }
  return out.sort(compareDiagnostics);
}
