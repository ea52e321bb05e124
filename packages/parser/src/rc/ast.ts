import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { TextRange } from "../common/text-range.js";

/** Literal text of a value, quotes removed and escapes processed. */
export interface RcLiteralPiece {
  readonly kind: "literal";
  readonly text: string;
  readonly range: TextRange;
}

/** How `${name<op>word}` treats an unset or empty variable (sh(1) "Parameter Expansion"). */
export type RcReferenceOperator = ":-" | "-" | ":=" | "=" | ":+" | "+" | ":?" | "?" | "#" | "##" | "%" | "%%" | "length";

/** `$name`, `${name}` or `${name:-word}`: expanded by the view from earlier assignments. */
export interface RcReferencePiece {
  readonly kind: "reference";
  readonly name: string;
  readonly braced: boolean;
  /** The operator of `${name<op>word}`, when there is one. */
  readonly operator?: RcReferenceOperator;
  /** The `word` of `${name<op>word}`, itself decoded into pieces. */
  readonly word?: readonly RcValuePiece[];
  readonly range: TextRange;
}

/** `$(…)` or a backquoted command: its output is unknown without running it. */
export interface RcCommandPiece {
  readonly kind: "command";
  /** The source text, `$(` / backquotes included. */
  readonly text: string;
  readonly range: TextRange;
}

export type RcValuePiece = RcLiteralPiece | RcReferencePiece | RcCommandPiece;

/** The value of an assignment: adjacent quoted and unquoted pieces joined as sh joins them. */
export interface RcValue {
  readonly pieces: readonly RcValuePiece[];
  /** True when any part was quoted (`x=""` is quoted, `x=` is not; both are the empty string). */
  readonly quoted: boolean;
  /** From just after `=` to the end of the word; empty (start = end) for `x=`. */
  readonly range: TextRange;
}

/** `name=value`. Several on one line (`a=1 b=2`, `a=1; b=2`) are separate assignments, applied left to right. */
export interface RcAssignment {
  readonly type: "Assignment";
  readonly name: string;
  readonly nameRange: TextRange;
  readonly value: RcValue;
  /** Set by `export name=value` / `readonly name=value`. */
  readonly modifier: "export" | "readonly" | undefined;
  readonly range: TextRange;
}

/** `export a b=1` / `readonly a`: the assignments it makes and the names it only marks. */
export interface RcExportStatement {
  readonly type: "Export";
  readonly keyword: "export" | "readonly";
  readonly assignments: readonly RcAssignment[];
  readonly names: readonly { readonly name: string; readonly range: TextRange }[];
  readonly range: TextRange;
}

/** What kind of construct an opaque statement is. */
export type RcOpaqueKind = "if" | "case" | "for" | "while" | "until" | "function" | "group" | "subshell" | "command" | "substitution";

/**
 * Shell text jaillint keeps but does not evaluate: a compound command (the whole `if … fi`), a function
 * definition, a command (`. /etc/foo`), or an assignment whose value runs a command.
 */
export interface RcOpaqueStatement {
  readonly type: "Opaque";
  readonly kind: RcOpaqueKind;
  /** Variables assigned somewhere inside (not evaluated; rules can say the value may differ). */
  readonly assignedNames: readonly string[];
  readonly range: TextRange;
}

export type RcStatement = RcAssignment | RcExportStatement | RcOpaqueStatement;

export interface RcComment {
  readonly text: string;
  readonly range: TextRange;
}

export interface RcConfFile {
  readonly type: "RcConfFile";
  readonly statements: readonly RcStatement[];
  readonly comments: readonly RcComment[];
  /** Errors (an unterminated quote) and notes (one per opaque statement), in file order. */
  readonly problems: readonly SyntaxProblem[];
  readonly range: TextRange;
}
