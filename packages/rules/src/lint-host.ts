import type { JailConfHost, JailStatement, PfStatement, TextRange } from "@jaillint/parser";
import { compareDiagnostics, type Diagnostic, type Severity } from "./engine/diagnostic.js";
import { unfixableFiles, type WithheldFixes, withholdFixes } from "./engine/fix-policy.js";
import { defaultSetting, type RuleSettings, runRules } from "./engine/lint.js";
import { applySuppressions, type FileSyntax, type SuppressionPolicy } from "./engine/suppressions.js";
import { buildHostModel, type HostInput, type HostModel } from "./model/host-model.js";
import { findRule, RULES } from "./registry.js";
import { suppressionProblem } from "./rules/suppression-problem.js";

export interface LintResult {
  readonly model: HostModel;
  readonly diagnostics: Diagnostic[];
  /** Findings that inline comments suppressed. */
  readonly suppressed: number;
  /** Fixes not offered because their file has a syntax error or is not UTF-8, by file. */
  readonly withheldFixes: WithheldFixes["withheld"];
}

export interface LintHostOptions {
  /** Inline suppression comments: honoured by default, reasons optional. */
  readonly suppressions?: Partial<SuppressionPolicy>;
}

/** The whole pipeline for one host: parse, link, check, then apply the inline suppression comments. */
export function lintHost(
  input: HostInput,
  host: JailConfHost,
  settings: RuleSettings = defaultSetting,
  options: LintHostOptions = {},
): LintResult {
  const model = buildHostModel(input, host);
  const found = runRules(model, RULES, settings);
  const policy: SuppressionPolicy = {
    inline: options.suppressions?.inline ?? true,
    requireReason: options.suppressions?.requireReason ?? false,
  };
  const toCode = (word: string): string | undefined => findRule(word)?.code;
  const result = applySuppressions(found, model.texts, policy, toCode, (d) => d.code === suppressionProblem.code, fileSyntax(model));
  const diagnostics = result.diagnostics;
  for (const p of result.problems) {
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
  const fixable = withholdFixes(diagnostics.sort(compareDiagnostics), unfixableFiles(model));
  return { model, diagnostics: fixable.diagnostics, suppressed: result.suppressed, withheldFixes: fixable.withheld };
}

/** Each parsed file's comments and innermost statements, so suppressions follow the parsers and not a text scan. */
function fileSyntax(model: HostModel): Map<string, FileSyntax> {
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
