import type { TextRange } from "./text-range.js";

/**
 * Something a grammar rejects (or, for version-gated forms, something the chosen FreeBSD release rejects).
 * Rules turn each one into a JL001 diagnostic; the parser itself knows nothing of codes or severities
 * beyond `note`, which marks text it keeps but does not evaluate (an rc.conf `if`, say).
 */
export interface SyntaxProblem {
  readonly message: string;
  readonly range: TextRange;
  readonly severity?: "error" | "note";
  /**
   * A carriage return the file's program does not accept as part of a line break: the problem is the file's
   * line endings, which converting CRLF to LF fixes.
   */
  readonly lineEndings?: true;
}
