/** A half-open `[start, end)` span of UTF-16 code unit offsets into one file's text. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export function rangeOf(start: number, end: number): TextRange {
  return { start, end };
}

/** The smallest range covering both. */
export function spanRanges(a: TextRange, b: TextRange): TextRange {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
