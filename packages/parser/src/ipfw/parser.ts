import { type CstNode, CstParser, type IToken } from "chevrotain";
import { SERVICES } from "../common/services.js";
import * as t from "./tokens.js";

/** A word ipfw2.c fill_newports reads whole as ports: `22`, `1024-65535`, `http,https`, `ftp-data-ftp`. */
function isPortList(word: string): boolean {
  const one = (p: string): boolean => /^\d+$/.test(p) || SERVICES.has(p);
  const item = (p: string): boolean => one(p) || [...p].some((c, i) => c === "-" && one(p.slice(0, i)) && one(p.slice(i + 1)));
  return word !== "ip6" && word.split(",").every(item);
}

/** ipfw2.c limit_masks. */
const LIMIT_MASKS = new Set(["all", "src-addr", "src-port", "dst-addr", "dst-port"]);

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
    // ipfw2.c compile_rule: "proto from src to dst [options]", or (FreeBSD 12 and later, IPFW_RULE_JUSTOPTS)
    // options alone when the word after the action is no protocol: `add 100 allow in via em0`. A `from` in
    // the command tells the first form; without one, ipfw reads the words as options.
    this.OR2({
      IGNORE_AMBIGUITIES: true,
      // One token: the gate decides, not a longer lookahead that would see `ip tcp from` as no body.
      MAX_LOOKAHEAD: 1,
      DEF: [
        { GATE: () => this.#fromAhead(), ALT: () => this.SUBRULE(this.body) },
        { ALT: () => this.MANY2(() => this.SUBRULE(this.ruleOption, { LABEL: "bareOption" })) },
      ],
    });
    this.OPTION7(() => this.CONSUME(t.RuleComment));
  });

  /** A `from` later in the command (the input is one command). */
  #fromAhead(): boolean {
    for (let k = 1; ; k++) {
      const tok = this.LA(k);
      if (tok.tokenType === t.From) return true;
      if (tok.tokenType.name === "EOF" || tok.tokenType === t.RuleComment) return false;
    }
  }

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
    // A port list is the next word when it is one (ipfw2.c add_ports: numbers, ranges and /etc/services names
    // joined by commas, and no word of f_reserved_keywords); another word is read as an option.
    this.OPTION2({
      GATE: () => isPortList(this.LA(1).image),
      DEF: () =>
        this.OR3([{ ALT: () => this.CONSUME(t.Word, { LABEL: "ports" }) }, { ALT: () => this.CONSUME(t.Num, { LABEL: "ports" }) }]),
    });
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
    this.OR2({
      IGNORE_AMBIGUITIES: true,
      DEF: [
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
            this.CONSUME(t.OptArg2);
            this.CONSUME4(t.Term, { LABEL: "arg" });
            this.CONSUME5(t.Term, { LABEL: "arg" });
          },
        },
        {
          ALT: () => {
            // ipfw(8) "limit {src-addr | src-port | dst-addr | dst-port | all} ... N": keeps state, like
            // keep-state; ipfw2.c compile_rule reads mask words while limit_masks knows them, then the number.
            this.CONSUME(t.Limit);
            this.MANY({ GATE: () => LIMIT_MASKS.has(this.LA(1).image), DEF: () => this.CONSUME2(t.Term, { LABEL: "mask" }) });
            this.CONSUME3(t.Term, { LABEL: "arg" });
            // `limit src-addr 10 :flowname`.
            this.OPTION4({ GATE: () => this.LA(1).image.startsWith(":"), DEF: () => this.CONSUME3(t.Word, { LABEL: "flow" }) });
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
        // A word that is no option here (a misspelling, or a keyword out of place such as `tag` after the body):
        // kept, and reported as compile_rule's option loop reports it.
        { ALT: () => this.CONSUME6(t.Term, { LABEL: "unknown" }) },
      ],
    });
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
