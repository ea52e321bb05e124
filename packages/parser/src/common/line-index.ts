import { codePointCount, floorCodePoint, splitsSurrogatePair } from "./code-points.js";

/** A position for people: 1-based line and 1-based column. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/**
 * What a column counts. `codePoint`: Unicode code points, one per character a terminal shows (the CLI's
 * formats); `utf16`: UTF-16 code units, as LSP and SARIF's default `columnKind` count (an emoji is two).
 */
export type ColumnUnit = "codePoint" | "utf16";

/**
 * Converts offsets (UTF-16 code units into the text) to line/column at the edges (CLI, LSP). The core only
 * stores offsets.
 *
 * Lines are what an editor shows, whatever the file's program makes of them: VS Code and LSP break lines at
 * `\n`, `\r\n` and a lone `\r`. (jail(8)'s lexer reads a lone `\r` as a blank and sh(1) as an ordinary
 * character, so a finding there is still placed on the line the user sees.) A CRLF file counts columns as an
 * LF one does. A byte-order mark at the start of the file is no column: editors do not show it.
 */
export class LineIndex {
  readonly #lineStarts: number[];
  readonly #text: string;
  /** Offset of line 1's first column: 1 after a byte-order mark, else 0. */
  readonly #bom: number;
  /** Whether any surrogate occurs: without one, code points and UTF-16 units count alike. */
  readonly #hasSurrogates: boolean;

  constructor(text: string) {
    this.#text = text;
    this.#bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const starts = [0];
    let surrogates = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      else if (c >= 0xd800 && c <= 0xdfff) surrogates = true;
    }
    this.#lineStarts = starts;
    this.#hasSurrogates = surrogates;
  }

  get lineCount(): number {
    return this.#lineStarts.length;
  }

  /** 1-based line of an offset (clamped to the text). */
  #lineOf(o: number): number {
    const starts = this.#lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** The offset a line's column 1 is at: past the byte-order mark on line 1. */
  #firstColumn(line: number): number {
    const start = this.#lineStarts[line - 1] as number;
    return line === 1 ? start + this.#bom : start;
  }

  /**
   * 1-based line and column of an offset (clamped to the text), columns in `unit` (default: code points).
   * An offset inside a surrogate pair or a CRLF counts as the start of that pair or line break.
   */
  position(offset: number, unit: ColumnUnit = "codePoint"): LineColumn {
    let o = Math.max(0, Math.min(Math.trunc(offset) || 0, this.#text.length));
    o = floorCodePoint(this.#text, o);
    const line = this.#lineOf(o);
    const first = this.#firstColumn(line);
    const at = Math.max(first, Math.min(o, this.lineEnd(line)));
    const column = unit === "utf16" || !this.#hasSurrogates ? at - first + 1 : codePointCount(this.#text, first, at) + 1;
    return { line, column };
  }

  /** Offset of a 1-based line and column in `unit` (clamped to the line). */
  offset(line: number, column: number, unit: ColumnUnit = "codePoint"): number {
    const l = Math.max(1, Math.min(line, this.#lineStarts.length));
    const first = this.#firstColumn(l);
    const end = this.lineEnd(l);
    const n = Math.max(0, column - 1);
    if (unit === "utf16" || !this.#hasSurrogates) return Math.min(first + n, end);
    let o = first;
    for (let k = 0; k < n && o < end; k++) o += splitsSurrogatePair(this.#text, o + 1) ? 2 : 1;
    return Math.min(o, end);
  }

  /** Offset where the 1-based line's first column is (past a byte-order mark on line 1). */
  lineStart(line: number): number {
    return this.#firstColumn(Math.max(1, Math.min(line, this.#lineStarts.length)));
  }

  /** Offset just past the last character of the 1-based line, line break excluded. */
  lineEnd(line: number): number {
    const l = Math.max(1, Math.min(line, this.#lineStarts.length));
    const start = this.#lineStarts[l - 1] as number;
    if (l === this.#lineStarts.length) return this.#text.length;
    const next = this.#lineStarts[l] as number;
    // The break is `\n`, `\r` or `\r\n`.
    const end = this.#text.charCodeAt(next - 1) === 10 && next - 2 >= start && this.#text.charCodeAt(next - 2) === 13 ? next - 2 : next - 1;
    return Math.max(start, end);
  }

  /** The text of the 1-based line, without its line break (nor, on line 1, a byte-order mark). */
  lineText(line: number): string {
    return this.#text.slice(this.lineStart(line), this.lineEnd(line));
  }
}
