import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { TextRange } from "../common/text-range.js";

/** A run of literal text in a jail.conf string, escapes already processed. */
export interface LiteralPiece {
  readonly kind: "literal";
  readonly text: string;
  readonly range: TextRange;
}

/** A `$name` or `${name}` reference, expanded per jail by the resolver (jail(8) does it after wildcard merging). */
export interface VariablePiece {
  readonly kind: "variable";
  readonly name: string;
  readonly braced: boolean;
  readonly range: TextRange;
}

export type StringPiece = LiteralPiece | VariablePiece;

/** One string as jail(8) assembles it from adjacent quoted, unquoted and variable pieces. */
export interface ConfString {
  readonly range: TextRange;
  readonly pieces: readonly StringPiece[];
  /** How many lexical pieces were joined (a jail or parameter name must be exactly one). */
  readonly tokenCount: number;
  /** True when any piece was quoted (so an empty value is still a value). */
  readonly quoted: boolean;
}

/** How a parameter statement gives its value. */
export type AssignOperator =
  /** `persist;`: no value; true for a boolean, and it clears earlier values. */
  | "bare"
  /** `name = value;` */
  | "="
  /** `name += value;`: appended to earlier values. */
  | "+="
  /** `name value;`: like `=`; the only form that makes `.include` special. */
  | "juxtaposed";

export interface ParamStatement {
  readonly type: "Param";
  readonly name: string;
  readonly nameRange: TextRange;
  /** `$x = …` / `${x} = …` define a variable, not a parameter. */
  readonly isVariable: boolean;
  readonly operator: AssignOperator;
  readonly operatorRange: TextRange | undefined;
  readonly values: readonly ConfString[];
  /** From the name to the `;` (or to the last token when the `;` is missing). */
  readonly range: TextRange;
  /**
   * The statement did not parse: its `;` is missing, or a syntax error lies in it or before it on its first line.
   * Its parts are whatever the parser's recovery made of the text, so rules judge none of it (JL001 has said
   * what is wrong); a variable it names still counts as defined.
   */
  readonly recovered: boolean;
}

export interface IncludeStatement {
  readonly type: "Include";
  readonly paths: readonly ConfString[];
  readonly range: TextRange;
}

export interface JailBlock {
  readonly type: "Jail";
  /** The name as written in this block (a nested block's full name joins its parents' with `.`). */
  readonly name: string;
  readonly nameRange: TextRange;
  readonly body: readonly JailStatement[];
  readonly range: TextRange;
}

export type JailStatement = ParamStatement | IncludeStatement | JailBlock;

export interface JailConfComment {
  readonly text: string;
  readonly range: TextRange;
}

export interface JailConfFile {
  readonly type: "JailConfFile";
  readonly statements: readonly JailStatement[];
  readonly comments: readonly JailConfComment[];
  readonly problems: readonly SyntaxProblem[];
  readonly range: TextRange;
}
