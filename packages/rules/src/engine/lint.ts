import type { HostModel } from "../model/host-model.js";
import { compareDiagnostics, type Diagnostic, SEVERITY_RANK, type Severity } from "./diagnostic.js";
import type { Rule } from "./rule.js";

/** How one rule runs: off, or on with a severity and its options. */
export interface RuleSetting {
  readonly enabled: boolean;
  readonly severity: Severity;
  readonly options: Readonly<Record<string, number>>;
}

/**
 * The setting of a rule for one file (configuration overrides can differ by file pattern). A callback that
 * ignores `file` gives every file the same setting.
 */
export type RuleSettings = (rule: Rule, file: string) => RuleSetting;

export const defaultSetting = (rule: Rule): RuleSetting => ({
  enabled: true,
  severity: rule.severity,
  options: Object.fromEntries(Object.entries(rule.options ?? {}).map(([k, v]) => [k, v.default])),
});

function hasInput(model: HostModel, rule: Rule): boolean {
  const given = { jail: model.jailConf !== undefined, rc: model.rc !== undefined, pf: model.pfFiles.length > 0 };
  return rule.needs.every((kind) => given[kind]);
}

function optionsKey(options: Readonly<Record<string, number>>): string {
  return JSON.stringify(Object.entries(options).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Stage "check": runs every enabled rule whose files were given, and returns sorted diagnostics. Rules look at
 * the whole host, so a rule whose options differ between files runs once per distinct set of options and keeps
 * from each run the findings in the files that set applies to; severity and on/off are applied per finding.
 */
export function runRules(
  model: HostModel,
  rules: readonly Rule[],
  settings: RuleSettings = defaultSetting,
  /** How messages name files (ConfigHost.label); the logical path by default. */
  label: (file: string) => string = (file) => file,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const files = [...model.texts.keys()];
  for (const rule of rules) {
    if (!hasInput(model, rule)) continue;
    const cache = new Map<string, RuleSetting>();
    const settingFor = (file: string): RuleSetting => {
      let s = cache.get(file);
      if (!s) {
        s = settings(rule, file);
        cache.set(file, s);
      }
      return s;
    };
    const runs = new Map<string, Readonly<Record<string, number>>>();
    for (const f of files) {
      const s = settingFor(f);
      if (s.enabled) runs.set(optionsKey(s.options), s.options);
    }
    // A host with no texts yet (nothing readable) still runs rules that report about unreadable roots.
    if (files.length === 0) {
      const s = settingFor("");
      if (s.enabled) runs.set(optionsKey(s.options), s.options);
    }
    for (const [key, options] of runs) {
      rule.check({
        model,
        options,
        label,
        report: (r) => {
          const setting = settingFor(r.file);
          if (!setting.enabled || (runs.size > 1 && optionsKey(setting.options) !== key)) return;
          // A finding's own severity (JL001's notes, JL208's allowed sharing) only ever lowers the configured one.
          const severity = r.severity && SEVERITY_RANK[r.severity] < SEVERITY_RANK[setting.severity] ? r.severity : setting.severity;
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
  }
  return out.sort(compareDiagnostics);
}
