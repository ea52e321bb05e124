import { type CstNode, CstParser, type IToken } from "chevrotain";
import { Comma, Equals, LCurly, PlusEquals, parserTokens, RCurly, Semicolon, Str } from "./tokens.js";

/**
 * jailparse.y's grammar over merged `Str` tokens:
 *   conf  = { jail | param ";" | ";" } ;   jail = Str "{" conf "}" ;
 *   param = Str [ ("=" | "+=") value | value ] ;   value = Str { "," Str } ;
 * Version rules (no nested blocks before 14.0, no `.include`) are checked on the AST, not here,
 * so one parser serves every release and reports a precise message instead of a bare syntax error.
 */
export class JailConfParser extends CstParser {
  constructor(options: { validate?: boolean } = {}) {
    super(parserTokens, { recoveryEnabled: true, skipValidations: !options.validate, maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  readonly file = this.RULE("file", () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.statement) },
        // A `}` with no open block. Consumed here so the rest of the file is still read.
        { ALT: () => this.CONSUME(RCurly, { LABEL: "strayClose" }) },
      ]);
    });
  });

  // One token of lookahead plus a gate: a block is a name followed by `{`. Deeper lookahead would make a
  // statement with a missing `;` (`persist }`) match no alternative at all, and recovery would lose the block.
  readonly statement = this.RULE("statement", () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.LA(2).tokenType === LCurly, ALT: () => this.SUBRULE(this.jail) },
        { ALT: () => this.SUBRULE(this.param) },
        { ALT: () => this.CONSUME(Semicolon, { LABEL: "empty" }) },
      ],
    });
  });

  readonly jail = this.RULE("jail", () => {
    this.CONSUME(Str, { LABEL: "name" });
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(RCurly);
  });

  readonly param = this.RULE("param", () => {
    this.CONSUME(Str, { LABEL: "name" });
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(Equals);
            this.SUBRULE(this.value);
          },
        },
        {
          ALT: () => {
            this.CONSUME(PlusEquals);
            this.SUBRULE2(this.value);
          },
        },
        { ALT: () => this.SUBRULE3(this.value) },
      ]);
    });
    this.CONSUME(Semicolon);
  });

  readonly value = this.RULE("value", () => {
    this.CONSUME(Str);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.CONSUME2(Str);
    });
  });
}

let shared: JailConfParser | undefined;

/** One parser for every file: building a Chevrotain parser is the expensive part. */
export function jailConfParser(): JailConfParser {
  shared ??= new JailConfParser();
  return shared;
}

export interface JailCst {
  readonly cst: CstNode;
  readonly errors: readonly { message: string; token: IToken; previousToken?: IToken }[];
}

export function parseJailTokens(tokens: IToken[]): JailCst {
  const parser = jailConfParser();
  parser.input = tokens;
  const cst = parser.file();
  const errors = parser.errors.map((e) => ({
    message: e.message,
    token: e.token,
    previousToken: (e as { previousToken?: IToken }).previousToken,
  }));
  // The shared parser would otherwise hold this file's tokens (and its errors) until the next file.
  parser.input = [];
  return { cst, errors };
}
