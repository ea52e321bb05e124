import { type FreeBsdVersion, LineIndex, MemoryHost } from "@jaillint/parser";
import { applyFixes, type Diagnostic, defaultSetting, lintHost, type Rule } from "@jaillint/rules";
import { describe, expect, it } from "vitest";

export interface LintTextOptions {
  /** Extra files by logical path (includes, fstab files). */
  readonly files?: Record<string, string>;
  readonly freebsd?: FreeBsdVersion;
  /** The main file's logical path. */
  readonly path?: string;
  readonly options?: Record<string, number>;
  /** rc.conf text, linted as /etc/rc.conf (network rules read it with jail.conf). */
  readonly rc?: string;
  /** pf.conf text, linted as /etc/pf.conf. */
  readonly pf?: string;
}

export const RC_PATH = "/etc/rc.conf";
export const PF_PATH = "/etc/pf.conf";

/** Lints one jail.conf text (plus extra files) and returns one rule's diagnostics, or all of them. */
export function lintJailText(text: string, rule?: Rule, opts: LintTextOptions = {}): Diagnostic[] {
  const path = opts.path ?? "/etc/jail.conf";
  const host = new MemoryHost({
    ...opts.files,
    [path]: text,
    ...(opts.rc !== undefined ? { [RC_PATH]: opts.rc } : {}),
    ...(opts.pf !== undefined ? { [PF_PATH]: opts.pf } : {}),
  });
  const input = {
    jailConf: [path],
    ...(opts.rc !== undefined ? { rc: [RC_PATH] } : {}),
    ...(opts.pf !== undefined ? { pf: [PF_PATH] } : {}),
    ...(opts.freebsd ? { freebsd: opts.freebsd } : {}),
  };
  const { diagnostics } = lintHost(input, host, (r) => {
    const base = defaultSetting(r);
    return r === rule && opts.options ? { ...base, options: { ...base.options, ...opts.options } } : base;
  });
  return rule ? diagnostics.filter((d) => d.code === rule.code) : diagnostics;
}

/** A diagnostic in test form: 1-based line:column of start and end, and the message. */
export function located(d: Diagnostic, text: string): string {
  const idx = new LineIndex(text);
  const s = idx.position(d.range.start);
  const e = idx.position(d.range.end);
  return `${s.line}:${s.column}-${e.line}:${e.column} ${d.message}`;
}

/**
 * `located`, with `rc.conf ` or `pf.conf ` in front for a finding in the rc.conf or pf.conf of the options, and the
 * path of an extra file (`/etc/ipfw.rules `) for a finding in one.
 */
function locatedIn(d: Diagnostic, text: string, opts: LintTextOptions | undefined): string {
  if (d.file === RC_PATH && opts?.rc !== undefined) return `rc.conf ${located(d, opts.rc)}`;
  if (d.file === PF_PATH && opts?.pf !== undefined) return `pf.conf ${located(d, opts.pf)}`;
  const extra = opts?.files?.[d.file];
  if (extra !== undefined && d.file !== (opts?.path ?? "/etc/jail.conf")) return `${d.file} ${located(d, extra)}`;
  return located(d, text);
}

export interface InvalidCase {
  readonly name?: string;
  readonly code: string;
  /** Each expected diagnostic as `line:col-line:col message` (message may be a prefix ending in `…`). */
  readonly errors: readonly string[];
  /** The text after applying this rule's fixes (safe and unsafe), when it has any. */
  readonly output?: string;
  readonly options?: LintTextOptions;
  /** The severity every finding has, when a rule lowers it for some (default: the rule's). */
  readonly severity?: Diagnostic["severity"];
}

export interface ValidCase {
  readonly name?: string;
  readonly code: string;
  readonly options?: LintTextOptions;
}

/** ESLint's RuleTester idea: near-misses that must stay silent, and hazards with exact positions and messages. */
export function ruleTester(rule: Rule, cases: { valid: readonly (string | ValidCase)[]; invalid: readonly InvalidCase[] }): void {
  describe(`${rule.code} ${rule.name}`, () => {
    for (const [i, c] of cases.valid.entries()) {
      const vc = typeof c === "string" ? { code: c } : c;
      it(`stays silent: ${vc.name ?? `valid #${i + 1}`}`, () => {
        expect(lintJailText(vc.code, rule, vc.options).map((d) => locatedIn(d, vc.code, vc.options))).toEqual([]);
      });
    }
    for (const [i, c] of cases.invalid.entries()) {
      it(`reports: ${c.name ?? `invalid #${i + 1}`}`, () => {
        const diags = lintJailText(c.code, rule, c.options);
        const got = diags.map((d) => locatedIn(d, c.code, c.options));
        expect(got.length, got.join("\n")).toBe(c.errors.length);
        c.errors.forEach((want, j) => {
          const have = got[j] as string;
          if (want.endsWith("…")) expect(have.startsWith(want.slice(0, -1)), `${have}\n  does not start with\n${want}`).toBe(true);
          else expect(have).toBe(want);
        });
        for (const d of diags) {
          expect(d.severity).toBe(c.severity ?? rule.severity);
          expect(d.rule).toBe(rule.name);
        }
        if (c.output !== undefined) {
          const fixes = diags.flatMap((d) => (d.fix ? [d.fix] : []));
          expect(applyFixes(c.code, fixes).text).toBe(c.output);
        }
      });
    }
  });
}
