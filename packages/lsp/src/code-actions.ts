// Code actions for one document: every fix a finding carries (a safe one preferred, an unsafe one labelled), a
// comment that disables the rule for the finding's line, and "fix all safe problems in this file".
import {
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver/node.js";
import type { LintedDiagnostic, LintedFile } from "./lint-protocol.js";

/** The kind of "fix all safe problems in this file": `source.fixAll` for editors' fix-on-save, ours below it. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.jaillint`;

export interface FixAllData {
  readonly jaillint: "fixAll";
  readonly uri: string;
  readonly version: number;
}

export interface EditTarget {
  readonly uri: string;
  readonly version: number;
  /** Whether the client takes `documentChanges` (edits tied to a document version) or only `changes`. */
  readonly documentChanges: boolean;
}

export function workspaceEdit(target: EditTarget, edits: readonly TextEdit[]): WorkspaceEdit {
  return target.documentChanges
    ? { documentChanges: [{ textDocument: { uri: target.uri, version: target.version }, edits: [...edits] }] }
    : { changes: { [target.uri]: [...edits] } };
}

const before = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);
/** Whether two ranges meet (an empty range at a finding's edge counts: the cursor is on it). */
const meets = (a: Range, b: Range): boolean => !before(a.end, b.start) && !before(b.end, a.start);

/** Whether `kind` was asked for: `only` lists kinds and their parents (`source` covers `source.fixAll.jaillint`). */
export function wanted(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.length === 0 || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

export function codeActions(
  file: LintedFile | undefined,
  range: Range,
  only: readonly string[] | undefined,
  target: EditTarget,
  toDiagnostic: (d: LintedDiagnostic) => Diagnostic,
): CodeAction[] {
  if (!file) return [];
  const here = file.diagnostics.filter((d) => meets(d.range, range));
  const fixes: CodeAction[] = [];
  const disables: CodeAction[] = [];
  if (wanted(CodeActionKind.QuickFix, only)) {
    const disabled = new Set<string>();
    for (const d of here) {
      const diagnostic = toDiagnostic(d);
      if (d.fix)
        fixes.push({
          title: `${d.code}: ${d.fix.description}${d.fix.safe ? "" : " (unsafe)"}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: d.fix.safe,
          edit: workspaceEdit(target, d.fix.edits),
        });
      // One comment per rule and line: it covers every finding of that rule there.
      const key = `${d.code}@${d.disable?.range.start.line}`;
      if (d.disable && !disabled.has(key)) {
        disabled.add(key);
        disables.push({
          title: `Disable ${d.code} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: workspaceEdit(target, [d.disable]),
        });
      }
    }
    // Safe fixes first, as editors list the preferred action first.
    fixes.sort((a, b) => Number(b.isPreferred) - Number(a.isPreferred));
  }
  const actions = [...fixes, ...disables];
  if (wanted(FIX_ALL_KIND, only) && file.diagnostics.some((d) => d.fix?.safe)) {
    const data: FixAllData = { jaillint: "fixAll", uri: target.uri, version: target.version };
    actions.push({ title: "Fix all safe jaillint problems in this file", kind: FIX_ALL_KIND, data });
  }
  return actions;
}

export function isFixAllData(v: unknown): v is FixAllData {
  return (
    typeof v === "object" &&
    v !== null &&
    (v as FixAllData).jaillint === "fixAll" &&
    typeof (v as FixAllData).uri === "string" &&
    Number.isInteger((v as FixAllData).version)
  );
}
