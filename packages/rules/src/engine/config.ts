import type { Severity } from "./diagnostic.js";
import { filePatternToRegExp } from "./file-pattern.js";
import type { RuleSetting } from "./lint.js";
import type { Rule } from "./rule.js";

/** `"off"`, a severity, or `{ "severity": …, "options": { … } }`, as written in jaillint.config.json. */
export type RuleLevel = Severity | "off";

export interface RuleEntry {
  readonly level?: RuleLevel;
  readonly options?: Readonly<Record<string, number>>;
}

/** One validated configuration layer: rule settings by code, and the overrides that apply to some files only. */
export interface LinterConfig {
  readonly rules: ReadonlyMap<string, RuleEntry>;
  readonly overrides: readonly {
    readonly files: readonly RegExp[];
    readonly patterns: readonly string[];
    readonly rules: ReadonlyMap<string, RuleEntry>;
  }[];
}

export const EMPTY_CONFIG: LinterConfig = { rules: new Map(), overrides: [] };

const LEVELS: readonly string[] = ["off", "info", "warning", "error"];
const TOP_KEYS = ["$schema", "rules", "overrides"];

export type ConfigResult = { ok: true; config: LinterConfig } | { ok: false; errors: string[] };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Checks a parsed jaillint.config.json against the rules it names. Every problem is one line naming its JSON
 * path, because a silently ignored key (a misspelt code, an option of another rule) is a rule left on or off
 * by mistake.
 */
export function validateConfig(json: unknown, findRule: (codeOrName: string) => Rule | undefined): ConfigResult {
  const errors: string[] = [];
  if (!isObject(json)) return { ok: false, errors: ["the configuration must be a JSON object"] };
  for (const key of Object.keys(json)) {
    if (!TOP_KEYS.includes(key)) errors.push(`unknown key "${key}": expected one of ${TOP_KEYS.slice(1).join(", ")}`);
  }
  const rules = json.rules === undefined ? new Map() : validateRules(json.rules, "rules", findRule, errors);
  const overrides: LinterConfig["overrides"][number][] = [];
  if (json.overrides !== undefined) {
    if (!Array.isArray(json.overrides)) errors.push(`"overrides" must be an array of { "files": [...], "rules": {...} }`);
    else {
      json.overrides.forEach((o: unknown, i) => {
        const at = `overrides[${i}]`;
        if (!isObject(o)) {
          errors.push(`${at} must be an object with "files" and "rules"`);
          return;
        }
        for (const key of Object.keys(o))
          if (key !== "files" && key !== "rules") errors.push(`${at}: unknown key "${key}": expected files, rules`);
        const files = typeof o.files === "string" ? [o.files] : o.files;
        if (!Array.isArray(files) || files.length === 0 || !files.every((f) => typeof f === "string" && f !== "")) {
          errors.push(`${at}.files must be a file pattern or a non-empty array of them`);
          return;
        }
        const r = validateRules(o.rules ?? {}, `${at}.rules`, findRule, errors);
        overrides.push({ patterns: files as string[], files: (files as string[]).map(filePatternToRegExp), rules: r });
      });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config: { rules, overrides } };
}

function validateRules(
  value: unknown,
  at: string,
  findRule: (codeOrName: string) => Rule | undefined,
  errors: string[],
): Map<string, RuleEntry> {
  const out = new Map<string, RuleEntry>();
  if (!isObject(value)) {
    errors.push(`"${at}" must be an object of rule code or name → setting`);
    return out;
  }
  for (const [key, setting] of Object.entries(value)) {
    const rule = findRule(key);
    if (!rule) {
      errors.push(`${at}: unknown rule "${key}": run \`jaillint rules\` for the list`);
      continue;
    }
    const entry = parseRuleEntry(setting, `${at}.${key}`, rule, errors);
    if (entry) out.set(rule.code, { ...out.get(rule.code), ...entry });
  }
  return out;
}

function parseRuleEntry(setting: unknown, at: string, rule: Rule, errors: string[]): RuleEntry | undefined {
  if (typeof setting === "string") {
    if (!LEVELS.includes(setting)) {
      errors.push(`${at}: "${setting}" is not a level: expected off, info, warning or error`);
      return undefined;
    }
    return { level: setting as RuleLevel };
  }
  if (!isObject(setting)) {
    errors.push(`${at}: expected "off", "info", "warning", "error" or { "severity": …, "options": { … } }`);
    return undefined;
  }
  let ok = true;
  const entry: { level?: RuleLevel; options?: Record<string, number> } = {};
  for (const key of Object.keys(setting)) {
    if (key !== "severity" && key !== "options") {
      errors.push(`${at}: unknown key "${key}": expected severity, options`);
      ok = false;
    }
  }
  if (setting.severity !== undefined) {
    if (typeof setting.severity !== "string" || !LEVELS.includes(setting.severity)) {
      errors.push(`${at}.severity: expected off, info, warning or error`);
      ok = false;
    } else entry.level = setting.severity as RuleLevel;
  }
  if (setting.options !== undefined) {
    const known = rule.options ?? {};
    if (!isObject(setting.options)) {
      errors.push(`${at}.options must be an object`);
      ok = false;
    } else {
      const options: Record<string, number> = {};
      for (const [name, v] of Object.entries(setting.options)) {
        if (!(name in known)) {
          const list = Object.keys(known);
          errors.push(
            `${at}.options: ${rule.code} has no option "${name}"${list.length ? `: expected ${list.join(", ")}` : " (it takes none)"}`,
          );
          ok = false;
        } else if (typeof v !== "number" || !Number.isFinite(v)) {
          errors.push(`${at}.options.${name}: expected a number`);
          ok = false;
        } else if (!withinBounds(known[name], v)) {
          const spec = known[name];
          errors.push(`${at}.options.${name}: ${v} is out of range: expected an integer from ${spec?.min} to ${spec?.max}`);
          ok = false;
        } else options[name] = v;
      }
      entry.options = options;
    }
  }
  return ok ? entry : undefined;
}

/**
 * Parses one `--rule CODE=LEVEL` argument (`JL103=off`, `low-securelevel=error`) into a config layer entry.
 */
export function parseRuleFlag(
  flag: string,
  findRule: (codeOrName: string) => Rule | undefined,
): { ok: true; code: string; entry: RuleEntry } | { ok: false; error: string } {
  const m = /^([^=]+)=(.*)$/.exec(flag);
  if (!m) return { ok: false, error: `--rule ${flag}: expected CODE=LEVEL, e.g. --rule JL103=off` };
  const rule = findRule((m[1] as string).trim());
  if (!rule) return { ok: false, error: `--rule ${flag}: unknown rule "${m[1]}": run \`jaillint rules\` for the list` };
  const level = (m[2] as string).trim();
  if (!LEVELS.includes(level))
    return { ok: false, error: `--rule ${flag}: "${level}" is not a level: expected off, info, warning or error` };
  return { ok: true, code: rule.code, entry: { level: level as RuleLevel } };
}

/**
 * The setting of one rule for one file: the rule's defaults, then the top-level `rules`, then each override
 * whose pattern matches (in order), then `extra` (the command line's --rule). `file` is relative to the
 * configuration's folder, `/`-separated.
 */
export function resolveRuleSetting(config: LinterConfig, rule: Rule, file: string, extra?: ReadonlyMap<string, RuleEntry>): RuleSetting {
  let level = rule.severity as RuleLevel;
  const options: Record<string, number> = Object.fromEntries(Object.entries(rule.options ?? {}).map(([k, v]) => [k, v.default]));
  const apply = (e: RuleEntry | undefined): void => {
    if (!e) return;
    if (e.level) level = e.level;
    if (e.options) Object.assign(options, e.options);
  };
  apply(config.rules.get(rule.code));
  for (const o of config.overrides) if (o.files.some((re) => re.test(file))) apply(o.rules.get(rule.code));
  apply(extra?.get(rule.code));
  return level === "off" ? { enabled: false, severity: rule.severity, options } : { enabled: true, severity: level, options };
}

function withinBounds(spec: { readonly min?: number; readonly max?: number } | undefined, v: number): boolean {
  if (!spec || (spec.min === undefined && spec.max === undefined)) return true;
  return Number.isInteger(v) && (spec.min === undefined || v >= spec.min) && (spec.max === undefined || v <= spec.max);
}
