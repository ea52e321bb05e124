import type { ConfigHost, FreeBsdVersion, JailStatement, PfStatement, TextRange } from "@jaillint/parser";
import { compareDiagnostics, type Diagnostic, type Severity } from "./engine/diagnostic.js";
import { unfixableFiles, type WithheldFixes, withholdFixes } from "./engine/fix-policy.js";
import { defaultSetting, type RuleSettings, runRules } from "./engine/lint.js";
import type { FileKind, Rule, RuleScope } from "./engine/rule.js";
import { applySuppressions, type FileSyntax, type SuppressionPolicy } from "./engine/suppressions.js";
import { buildHostModel, type HostInput, type HostModel } from "./model/host-model.js";
import type { ModelCache } from "./model/model-cache.js";
import { findRule, RULES } from "./registry.js";
import { suppressionProblem } from "./rules/suppression-problem.js";

export interface LintResult {
  readonly model: HostModel;
  readonly diagnostics: Diagnostic[];
  /** Findings that inline comments suppressed. */
  readonly suppressed: number;
  /** Fixes not offered because their file has a syntax error or is not UTF-8, by file. */
  readonly withheldFixes: WithheldFixes["withheld"];
  /** Each parsed file's comments and innermost statements (fileSyntax), as the suppressions read them. */
  readonly syntax: ReadonlyMap<string, FileSyntax>;
}

export interface LintHostOptions {
  /** Inline suppression comments: honoured by default, reasons optional. */
  readonly suppressions?: Partial<SuppressionPolicy>;
  /**
   * Which rules run: every rule by default, the rules of one scope, or those a predicate picks. Whether a
   * suppression comment is used depends on every rule's findings, so JL000's unused-suppression findings are
   * reported only when every rule runs.
   */
  readonly rules?: RuleScope | ((rule: Rule) => boolean);
  /** Report only the findings in these files (logical paths); every file by default. */
  readonly files?: readonly string[];
  /** What the last lint of the same host resolved, to use again where its files read the same (see ModelCache). */
  readonly cache?: ModelCache;
}

/** The rules a run selects (LintHostOptions.rules). */
export function selectRules(rules: LintHostOptions["rules"]): readonly Rule[] {
  if (rules === undefined) return RULES;
  const pick = typeof rules === "function" ? rules : (r: Rule) => r.scope === rules;
  return RULES.filter(pick);
}

/** The whole pipeline for one host: parse, link, check, then apply the inline suppression comments. */
export function lintHost(
  input: HostInput,
  host: ConfigHost,
  settings: RuleSettings = defaultSetting,
  options: LintHostOptions = {},
): LintResult {
  return check(buildHostModel(input, host, options.cache), host, settings, options);
}

/** One file to lint with the file rules: its logical path and kind, and the run of its program that reads it. */
export interface FileInput {
  readonly path: string;
  readonly kind: FileKind;
  readonly freebsd?: FreeBsdVersion;
  /**
   * What to read to judge the file (`fileUnit` of a host model that read it): the root whose run reads it, the files
   * that root includes, and for pf.conf the rc.conf files whose pf_rules and pf_flags say how pfctl loads it. By
   * default the file is a root of its own.
   */
  readonly unit?: HostInput;
}

/**
 * The files the runs of a program read to judge `file` (a jail.conf, rc.conf or pf.conf the model read): a jail.conf
 * file's roots (`jail -f ROOT` reads its `.include`s; a file several roots include is judged in each), a pf.conf
 * file's roots with the rc.conf files (rc.d/pf runs
 * `pfctl -f "$pf_rules" $pf_flags`: its -D macros are the main file's), or every rc.conf file (rc(8) sources them in
 * turn, so a later one sees the earlier ones' assignments). Undefined for a file the model did not read as one of them.
 */
export function fileUnit(model: HostModel, file: string): (HostInput & { readonly kind: FileKind }) | undefined {
  const freebsd = model.freebsd;
  const rc = (model.rc?.files ?? []).map((f) => f.path);
  if (model.rc?.files.some((f) => f.file === file)) return { kind: "rc", jailConf: [], rc, freebsd };
  const roots = model.rootOf.get(file);
  if (roots === undefined) return undefined;
  if (model.jailConf?.files.some((f) => f.file === file)) return { kind: "jail", jailConf: [...roots], freebsd };
  return { kind: "pf", jailConf: [], pf: [...roots], ...(rc.length > 0 ? { rc } : {}), freebsd };
}

/**
 * Runs the file-scope rules (RuleScope) on one file, judged with what its unit (`FileInput.unit`) reads and nothing
 * else of the host: what an editor re-runs on every change of a document, while the host rules run over the whole
 * host less often. Only findings in `file.path` are reported; `options.rules` narrows the file rules further. The
 * result's findings are the ones the same rules give in that file when the whole host is linted.
 */
export function lintFile(
  file: FileInput,
  host: ConfigHost,
  settings: RuleSettings = defaultSetting,
  options: Omit<LintHostOptions, "files"> = {},
): LintResult {
  const input: HostInput = file.unit ?? {
    jailConf: file.kind === "jail" ? [file.path] : [],
    ...(file.kind === "rc" ? { rc: [file.path] } : {}),
    ...(file.kind === "pf" ? { pf: [file.path] } : {}),
  };
  const also = options.rules;
  const rules = (r: Rule): boolean =>
    r.scope === "file" && (also === undefined || (typeof also === "function" ? also(r) : r.scope === also));
  const freebsd = file.freebsd ?? input.freebsd;
  return check(buildHostModel(freebsd !== undefined ? { ...input, freebsd } : input, host, options.cache), host, settings, {
    ...options,
    rules,
    files: [file.path],
  });
}

function check(model: HostModel, host: ConfigHost, settings: RuleSettings, options: LintHostOptions): LintResult {
  const rules = selectRules(options.rules);
  const label = (file: string): string => host.label?.(file) ?? file;
  const found = runRules(model, rules, settings, label);
  const policy: SuppressionPolicy = {
    inline: options.suppressions?.inline ?? true,
    requireReason: options.suppressions?.requireReason ?? false,
  };
  const toCode = (word: string): string | undefined => findRule(word)?.code;
  const syntax = fileSyntax(model);
  const result = applySuppressions(found, model.texts, policy, toCode, (d) => d.code === suppressionProblem.code, syntax);
  const diagnostics = result.diagnostics;
  const everyRule = rules.length === RULES.length;
  for (const p of rules.includes(suppressionProblem) ? result.problems : []) {
    if (p.kind === "unused" && !everyRule) continue;
    const setting = settings(suppressionProblem, p.file);
    // Unused or misspelt suppressions follow JL000's configured level; the flags' gates are always errors.
    const gate = p.kind === "no-reason" || p.kind === "forbidden";
    if (!gate && !setting.enabled) continue;
    const severity: Severity = gate ? "error" : setting.severity;
    diagnostics.push({
      code: suppressionProblem.code,
      rule: suppressionProblem.name,
      severity,
      message: p.message,
      file: p.file,
      range: p.range,
    });
  }
  const only = options.files ? new Set(options.files) : undefined;
  const kept = only ? diagnostics.filter((d) => only.has(d.file)) : diagnostics;
  const fixable = withholdFixes(kept.sort(compareDiagnostics), unfixableFiles(model));
  return { model, diagnostics: fixable.diagnostics, suppressed: result.suppressed, withheldFixes: fixable.withheld, syntax };
}

/**
 * Each parsed file's comments and innermost statements, so suppressions follow the parsers and not a text scan
 * (and the language server puts a disable comment above the statement a finding is in).
 */
export function fileSyntax(model: HostModel): Map<string, FileSyntax> {
  const out = new Map<string, FileSyntax>();
  const jailLeaves = (list: readonly JailStatement[], into: TextRange[]): TextRange[] => {
    for (const s of list) {
      if (s.type === "Jail") jailLeaves(s.body, into);
      else into.push(s.range);
    }
    return into;
  };
  const pfLeaves = (list: readonly PfStatement[], into: TextRange[]): TextRange[] => {
    for (const s of list) {
      if ("body" in s && s.body) pfLeaves(s.body, into);
      else into.push(s.range);
    }
    return into;
  };
  for (const f of model.jailConf?.files ?? [])
    out.set(f.file, { comments: f.ast.comments.map((c) => c.range), statements: jailLeaves(f.ast.statements, []) });
  for (const f of model.rc?.files ?? [])
    out.set(f.file, { comments: f.ast.comments.map((c) => c.range), statements: f.ast.statements.map((s) => s.range) });
  for (const f of model.pfFiles)
    out.set(f.file, { comments: f.ast.comments.map((c) => c.range), statements: pfLeaves(f.ast.statements, []) });
  return out;
}
