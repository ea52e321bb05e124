/** A half-open `[start, end)` span of UTF-16 code unit offsets into one file's text. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}
