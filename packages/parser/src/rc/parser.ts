import { type CstNode, CstParser, type IToken } from "chevrotain";
import { AssignWord, ExportKeyword, NameWord, Opaque, parserTokens, Separator } from "./tokens.js";

/**
 * The rc.conf grammar over the tokens lexer.ts makes (one `Opaque` token per construct it does not evaluate):
 *   file = { statement | Separator } ;
 *   statement = AssignWord { AssignWord } | ExportKeyword { AssignWord | NameWord } | Opaque ;
 */
export class RcParser extends CstParser {
  constructor(options: { validate?: boolean } = {}) {
    super(parserTokens, { recoveryEnabled: true, skipValidations: !options.validate, maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  readonly file = this.RULE("file", () => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(Separator) }, { ALT: () => this.SUBRULE(this.statement) }]);
    });
  });

  readonly statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.assignments) },
      { ALT: () => this.SUBRULE(this.exportStatement) },
      { ALT: () => this.CONSUME(Opaque) },
    ]);
  });

  /** `a=1 b=2`: sh applies them left to right. */
  readonly assignments = this.RULE("assignments", () => {
    this.AT_LEAST_ONE(() => this.CONSUME(AssignWord));
  });

  readonly exportStatement = this.RULE("exportStatement", () => {
    this.CONSUME(ExportKeyword);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(AssignWord) }, { ALT: () => this.CONSUME(NameWord) }]);
    });
  });
}

let shared: RcParser | undefined;

/** One parser for every file: building a Chevrotain parser is the expensive part. */
export function rcParser(): RcParser {
  shared ??= new RcParser();
  return shared;
}

export interface RcCst {
  readonly cst: CstNode;
  readonly errors: readonly { message: string; token: IToken }[];
}

export function parseRcTokens(tokens: IToken[]): RcCst {
  const parser = rcParser();
  parser.input = tokens;
  const cst = parser.file();
  return { cst, errors: parser.errors.map((e) => ({ message: e.message, token: e.token })) };
}
