import { type ColumnUnit, LineIndex, type TextRange } from "@jaillint/parser";
import type { Diagnostic } from "@jaillint/rules";

/** What every formatter gets: the findings and the text of each file they point into. */
export interface FormatInput {
  readonly diagnostics: readonly Diagnostic[];
  readonly texts: ReadonlyMap<string, string>;
  readonly color: boolean;
  /** Repository root for formats that want relative paths (SARIF). */
  readonly cwd: string;
}

/** Line indexes built once per file, shared by every diagnostic in it. */
export class Positions {
  readonly #indexes = new Map<string, LineIndex>();
  constructor(private readonly texts: ReadonlyMap<string, string>) {}
  index(file: string): LineIndex {
    let idx = this.#indexes.get(file);
    if (!idx) {
      idx = new LineIndex(this.texts.get(file) ?? "");
      this.#indexes.set(file, idx);
    }
    return idx;
  }
  /**
   * 1-based start and end line/column. Columns count code points (what a terminal shows) unless a format
   * declares UTF-16 code units (SARIF's `columnKind`).
   */
  range(
    file: string,
    range: TextRange,
    unit: ColumnUnit = "codePoint",
  ): { start: { line: number; column: number }; end: { line: number; column: number } } {
    const idx = this.index(file);
    return { start: idx.position(range.start, unit), end: idx.position(range.end, unit) };
  }
}
