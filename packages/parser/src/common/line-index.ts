/** A position for people: 1-based line and 1-based column (in UTF-16 code units, like editors count). */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/**
 * Converts offsets to line/column at the edges (CLI, LSP). The core only stores offsets.
 * A line ends at `\n`; a `\r` before it belongs to the line break, so a CRLF file counts columns as an LF one does.
 */
export class LineIndex {
  readonly #lineStarts: number[];
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
    const starts = [0];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    this.#lineStarts = starts;
  }

  get lineCount(): number {
    return this.#lineStarts.length;
  }

  /** 1-based line and column of an offset (clamped to the text). */
  position(offset: number): LineColumn {
    const o = Math.max(0, Math.min(offset, this.#text.length));
    const starts = this.#lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (starts[lo] as number) + 1 };
  }

  /** Offset of a 1-based line and column (clamped to the line). */
  offset(line: number, column: number): number {
    const l = Math.max(1, Math.min(line, this.#lineStarts.length));
    const start = this.#lineStarts[l - 1] as number;
    return Math.min(start + Math.max(0, column - 1), this.lineEnd(l));
  }

  /** Offset where the 1-based line starts. */
  lineStart(line: number): number {
    return this.#lineStarts[Math.max(0, Math.min(line, this.#lineStarts.length) - 1)] as number;
  }

  /** Offset just past the last character of the 1-based line, line break excluded. */
  lineEnd(line: number): number {
    const start = this.lineStart(line);
    const end = line < this.#lineStarts.length ? (this.#lineStarts[line] as number) - 1 : this.#text.length;
    return end > start && this.#text[end - 1] === "\r" ? end - 1 : end;
  }

  /** The text of the 1-based line, without its line break. */
  lineText(line: number): string {
    return this.#text.slice(this.lineStart(line), this.lineEnd(line));
  }
}
