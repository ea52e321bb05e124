import type { EffectiveJail, EffectiveParam, EffectiveValue, SourcedParam } from "@jaillint/parser";

/** Parses a jail(8) boolean value: true/false in any case or an integer (nonzero is true); else undefined. */
export function parseJailBool(text: string): boolean | undefined {
  // The usual spellings first: every jail asks about the same few values.
  if (text === "true" || text === "1") return true;
  if (text === "false" || text === "0") return false;
  const t = text.trim().toLowerCase();
  if (t === "true") return true;
  if (t === "false") return false;
  if (/^[-+]?\d+$/.test(t)) return Number.parseInt(t, 10) !== 0;
  return undefined;
}

export function parseJailInt(text: string): number | undefined {
  const t = text.trim();
  return /^[-+]?\d+$/.test(t) ? Number.parseInt(t, 10) : undefined;
}

/** The statement that decided the final value (the last `=` or a later `+=`). */
export function decidingStatement(param: EffectiveParam): SourcedParam | undefined {
  return param.setBy[param.setBy.length - 1];
}

/** Scalar parameters take the last value of a list (config.c import_params). */
export function lastValue(param: EffectiveParam): EffectiveValue | undefined {
  return param.values[param.values.length - 1];
}

export interface EffectiveBool {
  readonly value: boolean;
  readonly param: EffectiveParam;
}

/**
 * A boolean's effective value: bare `x;` is true, `nox;` false, a value is parsed (and inverted for `nox = v`,
 * as libjail does). Undefined when unset or unparsable.
 */
export function jailBool(jail: EffectiveJail, key: string): EffectiveBool | undefined {
  const param = jail.params.get(key);
  if (!param) return undefined;
  // A statement that did not parse says nothing for sure, not even a bare `allow.x;` (JL001 reports it).
  for (const sp of param.setBy) if (sp.statement.recovered) return undefined;
  const negated = param.name !== key;
  const last = lastValue(param);
  if (!last) return { value: !negated, param };
  const v = parseJailBool(last.text);
  return v === undefined ? undefined : { value: negated ? !v : v, param };
}

export function jailString(jail: EffectiveJail, key: string): { text: string; value: EffectiveValue; param: EffectiveParam } | undefined {
  const param = jail.params.get(key);
  const value = param && lastValue(param);
  return param && value ? { text: value.text, value, param } : undefined;
}

export function jailInt(jail: EffectiveJail, key: string): { value: number; at: EffectiveValue; param: EffectiveParam } | undefined {
  const s = jailString(jail, key);
  const n = s && !s.value.unresolved ? parseJailInt(s.text) : undefined;
  return s && n !== undefined ? { value: n, at: s.value, param: s.param } : undefined;
}
