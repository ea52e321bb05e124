import type { TextRange } from "@jaillint/parser";

export type Severity = "error" | "warning" | "info";

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** One replacement in one file, by offsets into the text the diagnostic was made from. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/**
 * A fix is a set of non-overlapping edits in the diagnostic's file. `safe` fixes keep what the admin meant
 * and are applied by --fix; `unsafe` ones change behaviour and are only offered.
 */
export interface Fix {
  readonly description: string;
  readonly safety: "safe" | "unsafe";
  readonly edits: readonly TextEdit[];
  /**
   * `as-written`: the edits' line breaks are kept as they are. By default a `\n` a fix inserts into a CRLF
   * file becomes `\r\n`; a fix that converts the line endings themselves must not be converted back.
   */
  readonly lineBreaks?: "as-written";
}

export interface RelatedLocation {
  readonly file: string;
  readonly range: TextRange;
  readonly message: string;
}

export interface Diagnostic {
  readonly code: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly range: TextRange;
  readonly fix?: Fix;
  readonly related?: readonly RelatedLocation[];
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.range.start - b.range.start || a.range.end - b.range.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/**
 * compareDiagnostics with files compared by another name (`name(file)`): how a front end that shows files
 * under other names (the CLI's display paths) lists them in the order of those names.
 */
export function compareDiagnosticsBy(name: (file: string) => string): (a: Diagnostic, b: Diagnostic) => number {
  return (a, b) => {
    const fa = a.file === b.file ? "" : name(a.file);
    const fb = a.file === b.file ? "" : name(b.file);
    if (fa !== fb) return fa < fb ? -1 : 1;
    return a.range.start - b.range.start || a.range.end - b.range.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  };
}
