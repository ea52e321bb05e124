// Offsets and LSP positions in one text, and what an edit did to a text: the lint worker positions findings with
// them, and the server carries the host rules' findings over an edit until the host is linted again.
import type { Position, Range } from "vscode-languageserver/node.js";
import { changedSpan, LineIndex } from "./core.js";
import type { LintedDiagnostic } from "./lint-protocol.js";

export { changedSpan };

/** Offsets to LSP positions in one text (LineIndex breaks lines where editors do: `\n`, `\r\n`, a lone `\r`). */
export class Positions {
  readonly #index: LineIndex;
  constructor(readonly text: string) {
    this.#index = new LineIndex(text);
  }
  position(offset: number): Position {
    const p = this.#index.position(offset, "utf16");
    return { line: p.line - 1, character: p.column - 1 };
  }
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
  /** The offset of an LSP position (clamped to its line). */
  offset(p: Position): number {
    return this.#index.offset(p.line + 1, p.character + 1, "utf16");
  }
}

/**
 * Findings in the file at `path`, moved from where they were in `before` to where their text is in `after`: a
 * finding wholly before or after the changed span (not touching it) keeps its text and moves with it; one that touches the span is
 * dropped (what it judged was edited; the next lint says again what holds). Related locations in the same file
 * move likewise, or stay where they were when their text was edited.
 */
export function carryOver(
  diagnostics: readonly LintedDiagnostic[],
  path: string,
  before: string,
  after: string,
  span = changedSpan(before, after),
): LintedDiagnostic[] {
  if (diagnostics.length === 0) return [];
  if (!span) return [...diagnostics];
  const old = new Positions(before);
  const now = new Positions(after);
  const delta = span.newEnd - span.oldEnd;
  const move = (r: Range): Range | undefined => {
    const start = old.offset(r.start);
    const end = old.offset(r.end);
    // Text that touches the edit may be part of a word the edit changed: not carried.
    if (end < span.start) return r;
    if (start > span.oldEnd) return now.range(start + delta, end + delta);
    return undefined;
  };
  const out: LintedDiagnostic[] = [];
  for (const d of diagnostics) {
    const range = move(d.range);
    if (!range) continue;
    const related = d.related.map((r) => (r.path === path ? { ...r, range: move(r.range) ?? r.range } : r));
    out.push({ ...d, range, related });
  }
  return out;
}

/** The whole lines an edit touched, as they were in `before` and as they are in `after` ("" for equal texts). */
export function editedLines(
  before: string,
  after: string,
  span = changedSpan(before, after),
): { readonly before: string; readonly after: string } {
  if (!span) return { before: "", after: "" };
  const lines = (text: string, start: number, end: number): string => {
    const from = Math.max(text.lastIndexOf("\n", start - 1), text.lastIndexOf("\r", start - 1)) + 1;
    const to = text.slice(end).search(/[\r\n]/);
    return text.slice(from, to === -1 ? text.length : end + to);
  };
  return { before: lines(before, span.start, span.oldEnd), after: lines(after, span.start, span.newEnd) };
}

/**
 * The blank and `#` comment lines right above the line holding `offset`: a `jaillint-disable-next-line` there
 * covers the next line that holds code, which an edit below it may change (deleting the line it covered).
 */
export function commentLinesAbove(text: string, offset: number): string {
  const lineStart = Math.max(text.lastIndexOf("\n", offset - 1), text.lastIndexOf("\r", offset - 1)) + 1;
  // The last 16 KB above are plenty: a run of comment lines that long stands above no edit worth the scan.
  const lines = text.slice(Math.max(0, lineStart - 16_384), lineStart).split(/\r\n|\r|\n/);
  lines.pop();
  const out: string[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    if (line.trim() !== "" && !/^\s*#/.test(line)) break;
    out.unshift(line);
  }
  return out.join("\n");
}
