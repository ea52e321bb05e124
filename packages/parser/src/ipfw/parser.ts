import { type CstNode, CstParser, type IToken } from "chevrotain";
import * as t from "./tokens.js";

/**
 * One ipfw(8) command (sbin/ipfw/main.c `ipfw_main`, ipfw2.c `compile_rule`): `add` with a rule, `table`, `nat N
 * config`, or any other command kept as words. The caller splits the input into commands (a line of a file of ipfw
 * commands, or one `ipfw …` command of a script), so an error never spreads past its command. Values ipfw checks
 * word by word (rule numbers, addresses, ports) are checked on the AST, with ipfw's own wording.
 */
export class IpfwParser extends CstParser {
  constructor(options: { validate?: boolean } = {}) {
    super(t.parserTokens, {
      recoveryEnabled: true,
      skipValidations: !options.validate,
      maxLookahead: 2,
      nodeLocationTracking: "onlyOffset",
    });
    this.performSelfAnalysis();
  }

  command = this.RULE("command", () => {
    this.MANY(() => this.CONSUME(t.Flag));
    this.OR([
      { ALT: () => this.SUBRULE(this.addCommand) },
      { ALT: () => this.SUBRULE(this.tableCommand) },
      { ALT: () => this.SUBRULE(this.natCommand) },
      { ALT: () => this.SUBRULE(this.otherCommand) },
    ]);
  });

  addCommand = this.RULE("addCommand", () => {
    this.CONSUME(t.Add);
    this.OPTION(() => this.CONSUME(t.Num, { LABEL: "number" }));
    this.OPTION2(() => {
      this.CONSUME(t.SetKw);
      this.CONSUME(t.Term, { LABEL: "set" });
    });
    this.OPTION3(() => {
      this.CONSUME(t.Prob);
      this.CONSUME2(t.Term, { LABEL: "prob" });
    });
    this.SUBRULE(this.action);
    this.OPTION4(() => {
      this.CONSUME(t.Log);
      this.OPTION5(() => {
        this.CONSUME(t.Logamount);
        this.CONSUME2(t.Num, { LABEL: "logamount" });
      });
    });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(t.Tag) }, { ALT: () => this.CONSUME(t.Untag) }, { ALT: () => this.CONSUME(t.Altq) }]);
      this.CONSUME3(t.Term, { LABEL: "tagArg" });
    });
    this.OPTION6(() => this.SUBRULE(this.body));
    this.OPTION7(() => this.CONSUME(t.RuleComment));
  });

  action = this.RULE("action", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.ActionAllow) },
      { ALT: () => this.CONSUME(t.ActionDeny) },
      { ALT: () => this.CONSUME(t.ActionPlain) },
      {
        ALT: () => {
          this.CONSUME(t.CheckState);
          // `check-state :flowname` (ipfw(8) "check-state [:flowname | :any]").
          this.OPTION({ GATE: () => this.LA(1).image.startsWith(":"), DEF: () => this.CONSUME(t.Word, { LABEL: "flow" }) });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.ActionArg);
          this.CONSUME(t.Term, { LABEL: "arg" });
        },
      },
    ]);
  });

  body = this.RULE("body", () => {
    this.SUBRULE(this.protoSpec);
    this.CONSUME(t.From);
    this.SUBRULE(this.endpoint, { LABEL: "src" });
    this.CONSUME(t.To);
    this.SUBRULE2(this.endpoint, { LABEL: "dst" });
    this.MANY(() => this.SUBRULE(this.ruleOption));
  });

  protoSpec = this.RULE("protoSpec", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.LCurly);
          this.AT_LEAST_ONE_SEP({ SEP: t.Or, DEF: () => this.CONSUME(t.Word, { LABEL: "proto" }) });
          this.CONSUME(t.RCurly);
        },
      },
      { ALT: () => this.CONSUME2(t.Word, { LABEL: "proto" }) },
      { ALT: () => this.CONSUME(t.Num, { LABEL: "proto" }) },
    ]);
  });

  endpoint = this.RULE("endpoint", () => {
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(t.Not) }, { ALT: () => this.CONSUME(t.Bang) }]));
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(t.LCurly);
          this.AT_LEAST_ONE_SEP({ SEP: t.Or, DEF: () => this.SUBRULE(this.address) });
          this.CONSUME(t.RCurly);
        },
      },
      { ALT: () => this.SUBRULE2(this.address) },
    ]);
    // A port list is the next word when it is no keyword: `from any to me 22,80 in`.
    this.OPTION2(() =>
      this.OR3([{ ALT: () => this.CONSUME(t.Word, { LABEL: "ports" }) }, { ALT: () => this.CONSUME(t.Num, { LABEL: "ports" }) }]),
    );
  });

  address = this.RULE("address", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Any) },
      { ALT: () => this.CONSUME(t.Me) },
      { ALT: () => this.CONSUME(t.Me6) },
      { ALT: () => this.CONSUME(t.TableRef) },
      { ALT: () => this.CONSUME(t.Word) },
      { ALT: () => this.CONSUME(t.Num) },
    ]);
  });

  ruleOption = this.RULE("ruleOption", () => {
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(t.Not) }, { ALT: () => this.CONSUME(t.Bang) }]));
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(t.LCurly);
          this.AT_LEAST_ONE_SEP({ SEP: t.Or, DEF: () => this.SUBRULE(this.ruleOption) });
          this.CONSUME(t.RCurly);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.OptFlag);
          // `keep-state :flowname`.
          this.OPTION2({ GATE: () => this.LA(1).image.startsWith(":"), DEF: () => this.CONSUME(t.Word, { LABEL: "flow" }) });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.OptArg);
          this.CONSUME(t.Term, { LABEL: "arg" });
        },
      },
      {
        ALT: () => {
          // ipfw(8) "limit {src-addr | src-port | dst-addr | dst-port} N": keeps state, like keep-state.
          this.CONSUME(t.Limit);
          this.CONSUME2(t.Term, { LABEL: "arg" });
          this.CONSUME3(t.Term, { LABEL: "arg" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.Log, { LABEL: "logOption" });
          this.OPTION3(() => {
            this.CONSUME(t.Logamount);
            this.CONSUME(t.Num, { LABEL: "logamount" });
          });
        },
      },
      // A word that is no option: kept, and reported as ipfw reports it.
      { ALT: () => this.CONSUME2(t.Word, { LABEL: "unknown" }) },
      { ALT: () => this.CONSUME2(t.Num, { LABEL: "unknown" }) },
    ]);
  });

  tableCommand = this.RULE("tableCommand", () => {
    this.CONSUME(t.Table);
    this.CONSUME(t.Term, { LABEL: "name" });
    this.MANY(() =>
      this.OR([{ ALT: () => this.CONSUME2(t.Term, { LABEL: "words" }) }, { ALT: () => this.CONSUME(t.Add, { LABEL: "words" }) }]),
    );
  });

  natCommand = this.RULE("natCommand", () => {
    this.CONSUME(t.Nat);
    this.MANY(() => this.CONSUME(t.Term, { LABEL: "words" }));
  });

  otherCommand = this.RULE("otherCommand", () => {
    this.AT_LEAST_ONE(() =>
      this.OR([
        { ALT: () => this.CONSUME(t.Term, { LABEL: "words" }) },
        { ALT: () => this.CONSUME(t.LCurly, { LABEL: "words" }) },
        { ALT: () => this.CONSUME(t.RCurly, { LABEL: "words" }) },
        { ALT: () => this.CONSUME(t.RuleComment, { LABEL: "words" }) },
      ]),
    );
  });
}

let parser: IpfwParser | undefined;

/** The one parser, built when the first ipfw command is parsed (most hosts have none). */
export function theIpfwParser(): IpfwParser {
  parser ??= new IpfwParser();
  return parser;
}

export function parseIpfwCommand(tokens: IToken[]): { cst: CstNode; errors: IpfwParser["errors"] } {
  const p = theIpfwParser();
  p.input = tokens;
  const cst = p.command();
  return { cst, errors: p.errors };
}
