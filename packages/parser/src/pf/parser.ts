import { type CstNode, CstParser, type IToken, type TokenType } from "chevrotain";
import { computeFollows } from "./follows.js";
import { LazyLookaheadStrategy } from "./lazy-lookahead.js";
import { StatementShapes } from "./shapes.js";
import {
  Arrow,
  Bang,
  Comma,
  Equals,
  Greater,
  GreaterEquals,
  GreaterLess,
  K,
  Keyword,
  LCurly,
  Less,
  LessEquals,
  LessGreater,
  LParen,
  Minus,
  NL,
  NotEquals,
  parserTokens,
  RCurly,
  RParen,
  Slash,
  Value,
} from "./tokens.js";

/**
 * pfctl's grammar (parse.y, FreeBSD 15), one statement at a time. The caller splits the token stream into
 * statements at newlines (see statements.ts), so an error never spreads past its line. Values that parse.y
 * checks in its actions (numbers, port ranges, option names) are checked on the AST instead, which gives
 * precise messages and keeps one grammar for every release.
 */
export class PfParser extends CstParser {
  /** Builds each decision's lookahead function when it is first reached (see LazyLookaheadStrategy). */
  readonly lookahead: LazyLookaheadStrategy;

  /** Whether error recovery's follow sets are computed yet (see `getFollowSetFromFollowKey`). */
  followsComputed = false;

  /** `eagerFollows`: let Chevrotain compute the follow sets at construction, as it does by default (for tests). */
  constructor(options: { validate?: boolean; eagerFollows?: boolean } = {}) {
    const lookahead = new LazyLookaheadStrategy({ maxLookahead: 3 });
    super(parserTokens, {
      recoveryEnabled: true,
      skipValidations: !options.validate,
      maxLookahead: 3,
      lookaheadStrategy: lookahead,
      // Each node's offsets, recorded as it is built: the AST's ranges come from them (to-ast.ts `span`).
      nodeLocationTracking: "onlyOffset",
    });
    this.lookahead = lookahead;
    // performSelfAnalysis computes the follow sets only when recovery is enabled: it is switched off around it,
    // and the sets are computed when recovery first needs them.
    const recoverable = this as unknown as { recoveryEnabled: boolean };
    if (!options.eagerFollows) recoverable.recoveryEnabled = false;
    this.performSelfAnalysis();
    recoverable.recoveryEnabled = true;
    this.followsComputed = options.eagerFollows === true;
  }

  /** Chevrotain's one reader of `resyncFollows` (traits/recoverable.js). */
  getFollowSetFromFollowKey(followKey: unknown): TokenType[] {
    if (!this.followsComputed) {
      (this as unknown as { resyncFollows: Record<string, TokenType[]> }).resyncFollows = computeFollows(
        Object.values(this.getGAstProductions()),
      );
      this.followsComputed = true;
    }
    return chevrotainFollowSet.call(this, followKey);
  }

  readonly statement = this.RULE("statement", () => {
    this.OR([
      { GATE: () => this.LA(2).tokenType === Equals, ALT: () => this.SUBRULE(this.macroDefinition) },
      { ALT: () => this.SUBRULE(this.includeStatement) },
      { ALT: () => this.SUBRULE(this.setOption) },
      { ALT: () => this.SUBRULE(this.tableDefinition) },
      { ALT: () => this.SUBRULE(this.loadAnchor) },
      { ALT: () => this.SUBRULE(this.limiterDefinition) },
      { ALT: () => this.SUBRULE(this.etherRule) },
      { ALT: () => this.SUBRULE(this.scrubRule) },
      { ALT: () => this.SUBRULE(this.translationRule) },
      { ALT: () => this.SUBRULE(this.filterRule) },
      { ALT: () => this.SUBRULE(this.anchorRule) },
      { ALT: () => this.SUBRULE(this.antispoofRule) },
      { ALT: () => this.SUBRULE(this.altqRule) },
      { ALT: () => this.SUBRULE(this.queueRule) },
    ]);
  });

  // ---- words -------------------------------------------------------------------------------------

  /** Any word, keywords included, where the grammar needs one (a name after `label`, `on`, `tag` …). */
  readonly anyValue = this.RULE("anyValue", () => {
    this.OR([{ ALT: () => this.CONSUME(Value) }, { ALT: () => this.CONSUME(Keyword) }]);
  });

  readonly macroDefinition = this.RULE("macroDefinition", () => {
    this.CONSUME(Value, { LABEL: "name" });
    this.CONSUME(Equals);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.anyValue, { LABEL: "value" }));
  });

  readonly includeStatement = this.RULE("includeStatement", () => {
    this.CONSUME(K.include);
    this.SUBRULE(this.anyValue, { LABEL: "path" });
  });

  readonly loadAnchor = this.RULE("loadAnchor", () => {
    this.CONSUME(K.load);
    this.CONSUME(K.anchor);
    this.SUBRULE(this.anyValue, { LABEL: "name" });
    this.CONSUME(K.from);
    this.SUBRULE2(this.anyValue, { LABEL: "path" });
  });

  // ---- set ---------------------------------------------------------------------------------------

  readonly setOption = this.RULE("setOption", () => {
    this.CONSUME(K.set);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.skip, { LABEL: "option" });
          this.SUBRULE(this.interfaceSpec);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K["state-defaults"], { LABEL: "option" });
          this.SUBRULE(this.stateOptList);
        },
      },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(K.timeout, { LABEL: "option" }) },
            { ALT: () => this.CONSUME(K.limit, { LABEL: "option" }) },
          ]);
          this.OR3([
            { ALT: () => this.SUBRULE(this.namedNumber) },
            {
              ALT: () => {
                this.CONSUME(LCurly);
                this.MANY(() => {
                  this.OR4([
                    { ALT: () => this.CONSUME(NL) },
                    { ALT: () => this.CONSUME(Comma) },
                    { ALT: () => this.SUBRULE2(this.namedNumber) },
                  ]);
                });
                this.CONSUME(RCurly);
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.syncookies, { LABEL: "option" });
          this.SUBRULE(this.anyValue, { LABEL: "arg" });
          this.OPTION(() => this.SUBRULE(this.genericParens));
        },
      },
      {
        ALT: () => {
          this.OR5([
            { ALT: () => this.CONSUME(K.reassemble, { LABEL: "option" }) },
            { ALT: () => this.CONSUME(K.optimization, { LABEL: "option" }) },
            { ALT: () => this.CONSUME(K["ruleset-optimization"], { LABEL: "option" }) },
            { ALT: () => this.CONSUME(K.loginterface, { LABEL: "option" }) },
            { ALT: () => this.CONSUME(K.hostid, { LABEL: "option" }) },
            { ALT: () => this.CONSUME(K["block-policy"], { LABEL: "option" }) },
            { ALT: () => this.CONSUME(K["fail-policy"], { LABEL: "option" }) },
            { ALT: () => this.CONSUME(K["require-order"], { LABEL: "option" }) },
            { ALT: () => this.CONSUME(K.fingerprints, { LABEL: "option" }) },
            { ALT: () => this.CONSUME(K["state-policy"], { LABEL: "option" }) },
            { ALT: () => this.CONSUME(K.debug, { LABEL: "option" }) },
            { ALT: () => this.CONSUME(K.keepcounters, { LABEL: "option" }) },
          ]);
          this.MANY2(() => this.SUBRULE2(this.anyValue, { LABEL: "arg" }));
        },
      },
    ]);
  });

  /** `tcp.first 30`, `states 10000`: a name and a number (`set timeout`, `set limit`). */
  readonly namedNumber = this.RULE("namedNumber", () => {
    this.SUBRULE(this.anyValue, { LABEL: "name" });
    this.CONSUME(Value, { LABEL: "number" });
  });

  /** Balanced `( … )` whose content is not interpreted (scheduler and syncookie options). */
  readonly genericParens = this.RULE("genericParens", () => {
    this.CONSUME(LParen);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.anyValue) },
        { ALT: () => this.CONSUME(Comma) },
        { ALT: () => this.CONSUME(Slash) },
        { ALT: () => this.SUBRULE(this.genericParens) },
      ]);
    });
    this.CONSUME(RParen);
  });

  // ---- tables ------------------------------------------------------------------------------------

  readonly tableDefinition = this.RULE("tableDefinition", () => {
    this.CONSUME(K.table);
    this.CONSUME(Less);
    this.SUBRULE(this.anyValue, { LABEL: "name" });
    this.CONSUME(Greater);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(Value, { LABEL: "flag" }) },
        { ALT: () => this.SUBRULE(this.hostList) },
        {
          ALT: () => {
            this.CONSUME(K.file);
            this.SUBRULE2(this.anyValue, { LABEL: "file" });
          },
        },
      ]);
    });
  });

  // ---- interfaces, af, protocols ---------------------------------------------------------------

  /** `on IF`, `on ! IF`, `on { IF … }` */
  readonly interfaceSpec = this.RULE("interfaceSpec", () => {
    this.CONSUME(K.on);
    this.OR([
      { ALT: () => this.SUBRULE(this.interfaceItem) },
      {
        ALT: () => {
          this.CONSUME(LCurly);
          this.MANY(() => {
            this.OR2([
              { ALT: () => this.CONSUME(NL) },
              { ALT: () => this.CONSUME(Comma) },
              { ALT: () => this.SUBRULE2(this.interfaceItem) },
            ]);
          });
          this.CONSUME(RCurly);
        },
      },
    ]);
  });

  readonly interfaceItem = this.RULE("interfaceItem", () => {
    this.OPTION(() => this.CONSUME(Bang));
    this.SUBRULE(this.anyValue, { LABEL: "name" });
  });

  readonly addressFamily = this.RULE("addressFamily", () => {
    this.OR([{ ALT: () => this.CONSUME(K.inet) }, { ALT: () => this.CONSUME(K.inet6) }]);
  });

  readonly direction = this.RULE("direction", () => {
    this.OR([{ ALT: () => this.CONSUME(K.in) }, { ALT: () => this.CONSUME(K.out) }]);
  });

  readonly protoSpec = this.RULE("protoSpec", () => {
    this.CONSUME(K.proto);
    this.SUBRULE(this.valueOrList, { LABEL: "protos" });
  });

  /** A word or a `{ … }` list of words (protocols, OS names, queue names, ICMP types without codes). */
  readonly valueOrList = this.RULE("valueOrList", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.anyValue, { LABEL: "item" }) },
      {
        ALT: () => {
          this.CONSUME(LCurly);
          this.MANY(() => {
            this.OR2([
              { ALT: () => this.CONSUME(NL) },
              { ALT: () => this.CONSUME(Comma) },
              { ALT: () => this.SUBRULE2(this.anyValue, { LABEL: "item" }) },
            ]);
          });
          this.CONSUME(RCurly);
        },
      },
    ]);
  });

  /** `log`, `quick`, in either order, `log` with options. */
  readonly logQuick = this.RULE("logQuick", () => {
    this.AT_LEAST_ONE(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.logSpec) }, { ALT: () => this.CONSUME(K.quick) }]);
    });
  });

  readonly logSpec = this.RULE("logSpec", () => {
    this.CONSUME(K.log);
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.MANY(() => {
        this.OR([
          { ALT: () => this.CONSUME(Comma) },
          { ALT: () => this.CONSUME(K.all, { LABEL: "opt" }) },
          { ALT: () => this.CONSUME(K.matches, { LABEL: "opt" }) },
          { ALT: () => this.CONSUME(K.user, { LABEL: "opt" }) },
          {
            ALT: () => {
              this.CONSUME(K.to, { LABEL: "opt" });
              this.SUBRULE(this.anyValue, { LABEL: "logif" });
            },
          },
        ]);
      });
      this.CONSUME(RParen);
    });
  });

  // ---- hosts and ports ---------------------------------------------------------------------------

  /** `all`, or `[from SRC [port P] [os OS]] [to DST [port P]]` */
  readonly fromTo = this.RULE("fromTo", () => {
    this.OR([
      { ALT: () => this.CONSUME(K.all) },
      {
        ALT: () => {
          this.CONSUME(K.from);
          this.SUBRULE(this.ipPortSpec, { LABEL: "from" });
          this.OPTION(() => this.SUBRULE(this.osSpec));
          this.OPTION2(() => {
            this.CONSUME(K.to);
            this.SUBRULE2(this.ipPortSpec, { LABEL: "to" });
          });
        },
      },
      {
        ALT: () => {
          this.SUBRULE2(this.osSpec);
          this.OPTION3(() => {
            this.CONSUME2(K.to);
            this.SUBRULE3(this.ipPortSpec, { LABEL: "to" });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME3(K.to);
          this.SUBRULE4(this.ipPortSpec, { LABEL: "to" });
        },
      },
    ]);
  });

  readonly osSpec = this.RULE("osSpec", () => {
    this.CONSUME(K.os);
    this.SUBRULE(this.valueOrList, { LABEL: "os" });
  });

  readonly ipPortSpec = this.RULE("ipPortSpec", () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.hostSpec);
          this.OPTION(() => {
            this.CONSUME(K.port);
            this.SUBRULE(this.portSpec);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(K.port);
          this.SUBRULE2(this.portSpec);
        },
      },
    ]);
  });

  /** parse.y `ipspec`: `any`, one host, or a (nestable) `{ … }` list. */
  readonly hostSpec = this.RULE("hostSpec", () => {
    this.OR([{ ALT: () => this.CONSUME(K.any) }, { ALT: () => this.SUBRULE(this.xhost) }, { ALT: () => this.SUBRULE(this.hostList) }]);
  });

  readonly hostList = this.RULE("hostList", () => {
    this.CONSUME(LCurly);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(NL) }, { ALT: () => this.CONSUME(Comma) }, { ALT: () => this.SUBRULE(this.hostSpec) }]);
    });
    this.CONSUME(RCurly);
  });

  readonly xhost = this.RULE("xhost", () => {
    this.OPTION(() => this.CONSUME(Bang));
    this.OR([
      { ALT: () => this.CONSUME(K["no-route"]) },
      { ALT: () => this.CONSUME(K["urpf-failed"]) },
      { ALT: () => this.SUBRULE(this.host) },
    ]);
  });

  /** parse.y `host`: address[/len], `a - b`, `(if[:mod])[/len]`, `<table>`. */
  readonly host = this.RULE("host", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Less);
          this.SUBRULE(this.anyValue, { LABEL: "table" });
          this.CONSUME(Greater);
        },
      },
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.SUBRULE2(this.anyValue, { LABEL: "dynamic" });
          this.CONSUME(RParen);
          this.OPTION(() => {
            this.CONSUME(Slash);
            this.CONSUME(Value, { LABEL: "mask" });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(Value, { LABEL: "address" });
          this.OPTION2(() => {
            this.OR2([
              {
                ALT: () => {
                  this.CONSUME2(Slash);
                  this.CONSUME3(Value, { LABEL: "mask" });
                },
              },
              {
                ALT: () => {
                  this.CONSUME(Minus);
                  this.CONSUME4(Value, { LABEL: "rangeEnd" });
                },
              },
            ]);
          });
        },
      },
    ]);
  });

  readonly portSpec = this.RULE("portSpec", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.portItem) },
      {
        ALT: () => {
          this.CONSUME(LCurly);
          this.MANY(() => {
            this.OR2([{ ALT: () => this.CONSUME(NL) }, { ALT: () => this.CONSUME(Comma) }, { ALT: () => this.SUBRULE2(this.portItem) }]);
          });
          this.CONSUME(RCurly);
        },
      },
    ]);
  });

  /** `N`, `name`, `N:M`, `OP N`, `N >< M`, `N <> M`; also used for user and group ids. */
  readonly portItem = this.RULE("portItem", () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.unaryOp);
          this.SUBRULE(this.anyValue, { LABEL: "low" });
        },
      },
      {
        ALT: () => {
          this.SUBRULE2(this.anyValue, { LABEL: "low" });
          this.OPTION(() => {
            this.OR2([
              { ALT: () => this.CONSUME(LessGreater, { LABEL: "binary" }) },
              { ALT: () => this.CONSUME(GreaterLess, { LABEL: "binary" }) },
            ]);
            this.SUBRULE3(this.anyValue, { LABEL: "high" });
          });
        },
      },
    ]);
  });

  readonly unaryOp = this.RULE("unaryOp", () => {
    this.OR([
      { ALT: () => this.CONSUME(Equals) },
      { ALT: () => this.CONSUME(NotEquals) },
      { ALT: () => this.CONSUME(Less) },
      { ALT: () => this.CONSUME(LessEquals) },
      { ALT: () => this.CONSUME(Greater) },
      { ALT: () => this.CONSUME(GreaterEquals) },
    ]);
  });

  // ---- filter rules ------------------------------------------------------------------------------

  readonly filterRule = this.RULE("filterRule", () => {
    this.SUBRULE(this.action);
    this.SUBRULE(this.ruleHead);
    this.OPTION(() => this.SUBRULE(this.route));
    this.OPTION2(() => this.SUBRULE(this.addressFamily));
    this.OPTION3(() => this.SUBRULE(this.protoSpec));
    this.OPTION4(() => this.SUBRULE(this.fromTo));
    this.MANY(() => this.SUBRULE(this.filterOption));
  });

  /** `[in|out] [log] [quick] [on …]`, shared by filter, anchor and scrub rules. */
  readonly ruleHead = this.RULE("ruleHead", () => {
    this.OPTION(() => this.SUBRULE(this.direction));
    this.OPTION2(() => this.SUBRULE(this.logQuick));
    this.OPTION3(() => this.SUBRULE(this.interfaceSpec));
  });

  readonly action = this.RULE("action", () => {
    this.OR([
      { ALT: () => this.CONSUME(K.pass, { LABEL: "verb" }) },
      { ALT: () => this.CONSUME(K.match, { LABEL: "verb" }) },
      {
        ALT: () => {
          this.CONSUME(K.block, { LABEL: "verb" });
          this.OPTION(() => this.SUBRULE(this.blockSpec));
        },
      },
    ]);
  });

  readonly blockSpec = this.RULE("blockSpec", () => {
    this.OR([
      { ALT: () => this.CONSUME(K.drop, { LABEL: "policy" }) },
      { ALT: () => this.CONSUME(K.return, { LABEL: "policy" }) },
      {
        ALT: () => {
          this.CONSUME(K["return-rst"], { LABEL: "policy" });
          this.OPTION(() => this.SUBRULE(this.genericParens));
        },
      },
      {
        ALT: () => {
          this.CONSUME(K["return-icmp"], { LABEL: "policy" });
          this.OPTION2(() => this.SUBRULE2(this.genericParens));
        },
      },
      {
        ALT: () => {
          this.CONSUME(K["return-icmp6"], { LABEL: "policy" });
          this.OPTION3(() => this.SUBRULE3(this.genericParens));
        },
      },
    ]);
  });

  readonly route = this.RULE("route", () => {
    this.OR([
      { ALT: () => this.CONSUME(K.fastroute, { LABEL: "kind" }) },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(K["route-to"], { LABEL: "kind" }) },
            { ALT: () => this.CONSUME(K["reply-to"], { LABEL: "kind" }) },
            { ALT: () => this.CONSUME(K["dup-to"], { LABEL: "kind" }) },
          ]);
          this.OR3([
            { ALT: () => this.SUBRULE(this.routeHost) },
            {
              ALT: () => {
                this.CONSUME(LCurly);
                this.MANY(() => {
                  this.OR4([
                    { ALT: () => this.CONSUME(NL) },
                    { ALT: () => this.CONSUME(Comma) },
                    { ALT: () => this.SUBRULE2(this.routeHost) },
                  ]);
                });
                this.CONSUME(RCurly);
              },
            },
          ]);
          this.MANY2(() => this.SUBRULE(this.poolOption));
        },
      },
    ]);
  });

  /** FreeBSD: `IFNAME` or `(IFNAME next-hop)`. */
  readonly routeHost = this.RULE("routeHost", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.anyValue, { LABEL: "ifname" }) },
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.SUBRULE2(this.anyValue, { LABEL: "ifname" });
          this.OPTION(() => this.SUBRULE(this.host, { LABEL: "nexthop" }));
          this.CONSUME(RParen);
        },
      },
    ]);
  });

  readonly poolOption = this.RULE("poolOption", () => {
    this.OR([
      { ALT: () => this.CONSUME(K.bitmask, { LABEL: "opt" }) },
      { ALT: () => this.CONSUME(K.random, { LABEL: "opt" }) },
      {
        ALT: () => {
          this.CONSUME(K["source-hash"], { LABEL: "opt" });
          this.OPTION(() => this.CONSUME(Value, { LABEL: "key" }));
        },
      },
      { ALT: () => this.CONSUME(K["round-robin"], { LABEL: "opt" }) },
      { ALT: () => this.CONSUME(K["static-port"], { LABEL: "opt" }) },
      { ALT: () => this.CONSUME(K["sticky-address"], { LABEL: "opt" }) },
      { ALT: () => this.CONSUME(K["endpoint-independent"], { LABEL: "opt" }) },
      { ALT: () => this.CONSUME(K["prefer-ipv6-nexthop"], { LABEL: "opt" }) },
      {
        ALT: () => {
          this.CONSUME(K["map-e-portset"], { LABEL: "opt" });
          this.CONSUME2(Value);
          this.CONSUME(Slash);
          this.CONSUME3(Value);
          this.CONSUME2(Slash);
          this.CONSUME4(Value);
        },
      },
    ]);
  });

  /** parse.y `port_redirspec`: hosts, optional `port`, pool options (nat-to, rdr-to, `->`). */
  readonly redirSpec = this.RULE("redirSpec", () => {
    this.OR([{ ALT: () => this.SUBRULE(this.host) }, { ALT: () => this.SUBRULE(this.hostList) }]);
    this.OPTION(() => {
      this.CONSUME(K.port);
      this.SUBRULE(this.anyValue, { LABEL: "port" });
    });
    this.MANY(() => this.SUBRULE(this.poolOption));
  });

  readonly filterOption = this.RULE("filterOption", () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(K.user, { LABEL: "opt" }) }, { ALT: () => this.CONSUME(K.group, { LABEL: "opt" }) }]);
          this.SUBRULE(this.portSpec, { LABEL: "ids" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.flags, { LABEL: "opt" });
          this.OR3([
            { ALT: () => this.CONSUME(K.any, { LABEL: "flagsAny" }) },
            {
              ALT: () => {
                this.OPTION(() => this.CONSUME(Value, { LABEL: "flagsSet" }));
                this.CONSUME(Slash);
                this.CONSUME2(Value, { LABEL: "flagsMask" });
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.OR4([
            { ALT: () => this.CONSUME(K["icmp-type"], { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K["icmp6-type"], { LABEL: "opt" }) },
          ]);
          this.SUBRULE(this.icmpSpec);
        },
      },
      {
        ALT: () => {
          this.OR7([
            { ALT: () => this.CONSUME(K.prio, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.tos, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.ridentifier, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.probability, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.rtable, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K["max-pkt-size"], { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.label, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.tag, { LABEL: "opt" }) },
          ]);
          this.SUBRULE(this.anyValue, { LABEL: "arg" });
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => this.CONSUME(Bang));
          this.OR8([
            { ALT: () => this.CONSUME(K.tagged, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K["received-on"], { LABEL: "opt" }) },
          ]);
          this.SUBRULE2(this.anyValue, { LABEL: "arg" });
        },
      },
      { ALT: () => this.SUBRULE(this.stateSpec) },
      {
        ALT: () => {
          this.OR9([
            { ALT: () => this.CONSUME(K.fragment, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K["allow-opts"], { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.once, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K["divert-reply"], { LABEL: "opt" }) },
          ]);
        },
      },
      {
        ALT: () => {
          this.or(10, [
            { ALT: () => this.CONSUME(K.queue, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.dnpipe, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.dnqueue, { LABEL: "opt" }) },
          ]);
          this.or(11, [{ ALT: () => this.SUBRULE3(this.anyValue, { LABEL: "arg" }) }, { ALT: () => this.SUBRULE(this.genericParens) }]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K["divert-to"], { LABEL: "opt" });
          this.SUBRULE4(this.anyValue, { LABEL: "arg" });
          this.OPTION3(() => {
            this.CONSUME(K.port);
            this.SUBRULE5(this.anyValue, { LABEL: "port" });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.scrub, { LABEL: "opt" });
          this.CONSUME(LParen);
          this.MANY2(() => {
            this.or(12, [{ ALT: () => this.CONSUME(Comma) }, { ALT: () => this.SUBRULE(this.scrubOption) }]);
          });
          this.CONSUME(RParen);
        },
      },
      {
        ALT: () => {
          this.or(13, [
            { ALT: () => this.CONSUME(K["nat-to"], { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K["rdr-to"], { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K["binat-to"], { LABEL: "opt" }) },
          ]);
          this.SUBRULE(this.redirSpec, { LABEL: "redir" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K["af-to"], { LABEL: "opt" });
          this.SUBRULE(this.addressFamily);
          this.CONSUME(K.from);
          this.SUBRULE2(this.redirSpec, { LABEL: "redir" });
          this.OPTION4(() => {
            this.CONSUME(K.to);
            this.SUBRULE3(this.redirSpec, { LABEL: "afTo" });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K["max-pkt-rate"], { LABEL: "opt" });
          this.CONSUME3(Value, { LABEL: "arg" });
          this.CONSUME2(Slash);
          this.CONSUME4(Value, { LABEL: "arg" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.set, { LABEL: "opt" });
          this.or(14, [{ ALT: () => this.SUBRULE(this.filterSet) }, { ALT: () => this.SUBRULE3(this.genericParens) }]);
        },
      },
      {
        ALT: () => {
          this.or(15, [{ ALT: () => this.CONSUME(K.state, { LABEL: "opt" }) }, { ALT: () => this.CONSUME(K.source, { LABEL: "opt" }) }]);
          this.CONSUME(K.limiter);
          this.or(16, [
            {
              ALT: () => {
                this.CONSUME(K.id);
                this.CONSUME5(Value, { LABEL: "arg" });
              },
            },
            { ALT: () => this.SUBRULE6(this.anyValue, { LABEL: "arg" }) },
          ]);
          this.OPTION5(() => this.SUBRULE4(this.genericParens));
        },
      },
    ]);
  });

  readonly filterSet = this.RULE("filterSet", () => {
    this.OR([{ ALT: () => this.CONSUME(K.prio) }, { ALT: () => this.CONSUME(K.tos) }]);
    this.OR2([{ ALT: () => this.SUBRULE(this.anyValue) }, { ALT: () => this.SUBRULE(this.genericParens) }]);
  });

  readonly icmpSpec = this.RULE("icmpSpec", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.icmpItem) },
      {
        ALT: () => {
          this.CONSUME(LCurly);
          this.MANY(() => {
            this.OR2([{ ALT: () => this.CONSUME(NL) }, { ALT: () => this.CONSUME(Comma) }, { ALT: () => this.SUBRULE2(this.icmpItem) }]);
          });
          this.CONSUME(RCurly);
        },
      },
    ]);
  });

  readonly icmpItem = this.RULE("icmpItem", () => {
    this.SUBRULE(this.anyValue, { LABEL: "type" });
    this.OPTION(() => {
      this.CONSUME(K.code);
      this.SUBRULE2(this.anyValue, { LABEL: "code" });
    });
  });

  /** `no state`, `keep|modulate|synproxy state [( … )]` */
  readonly stateSpec = this.RULE("stateSpec", () => {
    this.OR([
      { ALT: () => this.CONSUME(K.no, { LABEL: "mode" }) },
      { ALT: () => this.CONSUME(K.keep, { LABEL: "mode" }) },
      { ALT: () => this.CONSUME(K.modulate, { LABEL: "mode" }) },
      { ALT: () => this.CONSUME(K.synproxy, { LABEL: "mode" }) },
    ]);
    this.CONSUME(K.state);
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.SUBRULE(this.stateOptList);
      this.CONSUME(RParen);
    });
  });

  readonly stateOptList = this.RULE("stateOptList", () => {
    this.SUBRULE(this.stateOption);
    this.MANY(() => {
      this.OPTION(() => this.CONSUME(Comma));
      this.SUBRULE2(this.stateOption);
    });
  });

  readonly stateOption = this.RULE("stateOption", () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(K.max, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K["max-src-states"], { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K["max-src-conn"], { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K["max-src-nodes"], { LABEL: "opt" }) },
          ]);
          this.CONSUME(Value, { LABEL: "arg" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K["max-src-conn-rate"], { LABEL: "opt" });
          this.CONSUME2(Value, { LABEL: "arg" });
          this.CONSUME(Slash);
          this.CONSUME3(Value, { LABEL: "arg" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.overload, { LABEL: "opt" });
          this.CONSUME(Less);
          this.SUBRULE(this.anyValue, { LABEL: "arg" });
          this.CONSUME(Greater);
          this.OPTION(() => {
            this.CONSUME(K.flush);
            this.OPTION2(() => this.CONSUME(K.global));
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K["source-track"], { LABEL: "opt" });
          this.OPTION3(() => this.OR3([{ ALT: () => this.CONSUME2(K.global) }, { ALT: () => this.CONSUME(K.rule) }]));
        },
      },
      {
        ALT: () => {
          this.OR4([
            { ALT: () => this.CONSUME(K["no-sync"], { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K["if-bound"], { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.floating, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.sloppy, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.pflow, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K["allow-related"], { LABEL: "opt" }) },
          ]);
        },
      },
      {
        // A per-state timeout: `tcp.established 600`, `interval 10`.
        ALT: () => {
          this.OR5([{ ALT: () => this.CONSUME4(Value, { LABEL: "opt" }) }, { ALT: () => this.CONSUME(K.interval, { LABEL: "opt" }) }]);
          this.CONSUME5(Value, { LABEL: "arg" });
        },
      },
    ]);
  });

  readonly scrubOption = this.RULE("scrubOption", () => {
    this.OR([
      { ALT: () => this.CONSUME(K["no-df"], { LABEL: "opt" }) },
      { ALT: () => this.CONSUME(K["random-id"], { LABEL: "opt" }) },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(K["min-ttl"], { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K["max-mss"], { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K["set-tos"], { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.reassemble, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.rtable, { LABEL: "opt" }) },
          ]);
          this.SUBRULE(this.anyValue, { LABEL: "arg" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.fragment, { LABEL: "opt" });
          this.OPTION(() => this.CONSUME(K.no));
          this.SUBRULE2(this.anyValue, { LABEL: "arg" });
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => this.CONSUME(Bang));
          this.CONSUME(K.tagged, { LABEL: "opt" });
          this.SUBRULE3(this.anyValue, { LABEL: "arg" });
        },
      },
    ]);
  });

  // ---- other statements --------------------------------------------------------------------------

  /** Legacy `[no] nat|rdr|binat [pass [log]] [on …] [af] [proto …] FROMTO [tag …] [-> pool]` */
  readonly translationRule = this.RULE("translationRule", () => {
    this.OPTION(() => this.CONSUME(K.no));
    this.OR([
      { ALT: () => this.CONSUME(K.nat, { LABEL: "kind" }) },
      { ALT: () => this.CONSUME(K.rdr, { LABEL: "kind" }) },
      { ALT: () => this.CONSUME(K.binat, { LABEL: "kind" }) },
    ]);
    this.OPTION2(() => this.CONSUME(K.pass));
    this.OPTION3(() => this.SUBRULE(this.logSpec));
    this.OPTION4(() => this.SUBRULE(this.interfaceSpec));
    this.OPTION5(() => this.SUBRULE(this.addressFamily));
    this.OPTION6(() => this.SUBRULE(this.protoSpec));
    this.OPTION7(() => this.SUBRULE(this.fromTo));
    this.MANY(() => {
      this.OR2([
        {
          ALT: () => {
            this.OR3([{ ALT: () => this.CONSUME(K.tag, { LABEL: "opt" }) }, { ALT: () => this.CONSUME(K.rtable, { LABEL: "opt" }) }]);
            this.SUBRULE(this.anyValue, { LABEL: "arg" });
          },
        },
        {
          ALT: () => {
            this.OPTION8(() => this.CONSUME(Bang));
            this.CONSUME(K.tagged, { LABEL: "opt" });
            this.SUBRULE2(this.anyValue, { LABEL: "arg" });
          },
        },
      ]);
    });
    this.OPTION9(() => {
      this.CONSUME(Arrow);
      this.SUBRULE(this.redirSpec, { LABEL: "redir" });
    });
  });

  /** Pre-FreeBSD 14 normalization: `[no] scrub [in|out] … [options]` */
  readonly scrubRule = this.RULE("scrubRule", () => {
    this.OPTION(() => this.CONSUME(K.no));
    this.CONSUME(K.scrub);
    this.SUBRULE(this.ruleHead);
    this.OPTION2(() => this.SUBRULE(this.addressFamily));
    this.OPTION3(() => this.SUBRULE(this.protoSpec));
    this.OPTION4(() => this.SUBRULE(this.fromTo));
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(Comma) },
        { ALT: () => this.SUBRULE(this.scrubOption) },
        { ALT: () => this.SUBRULE(this.genericParens) },
      ]);
    });
  });

  /** `anchor ["name"] …`, `nat-anchor`, `rdr-anchor`, `binat-anchor`; a trailing `{` opens an inline body. */
  readonly anchorRule = this.RULE("anchorRule", () => {
    this.OR([
      { ALT: () => this.CONSUME(K.anchor, { LABEL: "kind" }) },
      { ALT: () => this.CONSUME(K["nat-anchor"], { LABEL: "kind" }) },
      { ALT: () => this.CONSUME(K["rdr-anchor"], { LABEL: "kind" }) },
      { ALT: () => this.CONSUME(K["binat-anchor"], { LABEL: "kind" }) },
    ]);
    this.OPTION(() => this.CONSUME(Value, { LABEL: "name" }));
    this.SUBRULE(this.ruleHead);
    this.OPTION2(() => this.SUBRULE(this.addressFamily));
    this.OPTION3(() => this.SUBRULE(this.protoSpec));
    this.OPTION4(() => this.SUBRULE(this.fromTo));
    this.MANY(() => this.SUBRULE(this.filterOption));
    this.OPTION5(() => this.CONSUME(LCurly, { LABEL: "body" }));
  });

  readonly antispoofRule = this.RULE("antispoofRule", () => {
    this.CONSUME(K.antispoof);
    this.OPTION(() => this.SUBRULE(this.logQuick));
    this.CONSUME(K.for);
    this.OR([
      { ALT: () => this.SUBRULE(this.antispoofInterface) },
      {
        ALT: () => {
          this.CONSUME(LCurly);
          this.MANY(() => {
            this.OR2([
              { ALT: () => this.CONSUME(NL) },
              { ALT: () => this.CONSUME(Comma) },
              { ALT: () => this.SUBRULE2(this.antispoofInterface) },
            ]);
          });
          this.CONSUME(RCurly);
        },
      },
    ]);
    this.OPTION2(() => this.SUBRULE(this.addressFamily));
    this.MANY2(() => {
      this.OR3([
        { ALT: () => this.CONSUME(K.label, { LABEL: "opt" }) },
        { ALT: () => this.CONSUME(K.ridentifier, { LABEL: "opt" }) },
        { ALT: () => this.CONSUME(K.rtable, { LABEL: "opt" }) },
      ]);
      this.SUBRULE(this.anyValue, { LABEL: "arg" });
    });
  });

  readonly antispoofInterface = this.RULE("antispoofInterface", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.anyValue, { LABEL: "name" }) },
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.SUBRULE2(this.anyValue, { LABEL: "dynamic" });
          this.CONSUME(RParen);
        },
      },
    ]);
  });

  /** ALTQ: `altq on IF sched bandwidth … queue { … }` */
  readonly altqRule = this.RULE("altqRule", () => {
    this.CONSUME(K.altq);
    this.OPTION(() => this.SUBRULE(this.interfaceSpec));
    this.MANY(() => this.SUBRULE(this.queueOption));
    this.CONSUME(K.queue);
    this.SUBRULE(this.valueOrList, { LABEL: "queues" });
  });

  /** ALTQ: `queue NAME [on IF] [options] [{ children }]` */
  readonly queueRule = this.RULE("queueRule", () => {
    this.CONSUME(K.queue);
    this.SUBRULE(this.anyValue, { LABEL: "name" });
    this.OPTION(() => this.SUBRULE(this.interfaceSpec));
    this.MANY(() => this.SUBRULE(this.queueOption));
    this.OPTION2(() => this.SUBRULE(this.valueOrList, { LABEL: "queues" }));
  });

  readonly queueOption = this.RULE("queueOption", () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(K.bandwidth, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.priority, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.qlimit, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.tbrsize, { LABEL: "opt" }) },
          ]);
          this.CONSUME(Value, { LABEL: "arg" });
        },
      },
      {
        ALT: () => {
          this.OR3([
            { ALT: () => this.CONSUME(K.cbq, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.priq, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.hfsc, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.fairq, { LABEL: "opt" }) },
            { ALT: () => this.CONSUME(K.codelq, { LABEL: "opt" }) },
          ]);
          this.OPTION(() => this.SUBRULE(this.genericParens));
        },
      },
    ]);
  });

  /** Layer-2 rules are kept as words: jaillint does not evaluate them. */
  readonly etherRule = this.RULE("etherRule", () => {
    this.CONSUME(K.ether);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.anyValue, { LABEL: "word" }) },
        { ALT: () => this.CONSUME(Bang) },
        { ALT: () => this.CONSUME(Slash) },
        { ALT: () => this.CONSUME(Comma) },
        { ALT: () => this.CONSUME(Less) },
        { ALT: () => this.CONSUME(Greater) },
        { ALT: () => this.CONSUME(LParen) },
        { ALT: () => this.CONSUME(RParen) },
        { ALT: () => this.CONSUME(LCurly) },
        { ALT: () => this.CONSUME(RCurly) },
        { ALT: () => this.CONSUME(NL) },
      ]);
    });
  });

  /** `state limiter "n" id N limit N …`, `source limiter …` (newest parse.y), kept as words. */
  readonly limiterDefinition = this.RULE("limiterDefinition", () => {
    this.OR([{ ALT: () => this.CONSUME(K.state, { LABEL: "kind" }) }, { ALT: () => this.CONSUME(K.source, { LABEL: "kind" }) }]);
    this.CONSUME(K.limiter);
    this.MANY(() => {
      this.OR2([
        { ALT: () => this.SUBRULE(this.anyValue, { LABEL: "word" }) },
        { ALT: () => this.CONSUME(Slash) },
        { ALT: () => this.CONSUME(Less) },
        { ALT: () => this.CONSUME(Greater) },
      ]);
    });
  });
}

const chevrotainFollowSet = (CstParser.prototype as unknown as { getFollowSetFromFollowKey: (key: unknown) => TokenType[] })
  .getFollowSetFromFollowKey;

let shared: PfParser | undefined;

/** One parser for every file: building a Chevrotain parser is the expensive part. */
export function pfParser(): PfParser {
  shared ??= new PfParser();
  return shared;
}

export interface PfParseError {
  readonly message: string;
  readonly token: IToken;
  readonly previousToken?: IToken;
  readonly ruleStack: readonly string[];
}

export interface PfStatementCst {
  readonly cst: CstNode;
  readonly errors: readonly PfParseError[];
}

/** Lets the shared parser drop the last statement's tokens and errors once a file is parsed. */
export function releaseParserInput(): void {
  if (shared) shared.input = [];
}

/** The shapes of the statements parsed so far in this process. */
export const statementShapes = new StatementShapes();
const shapes = statementShapes;

/**
 * Parses the tokens of one statement (no trailing newline). A statement of a shape already parsed without error
 * gets its tree from the shape (see StatementShapes), which is the tree the parser would build.
 */
export function parsePfStatement(tokens: IToken[]): PfStatementCst {
  const key = shapes.key(tokens);
  const known = key === undefined ? undefined : shapes.tree(key, tokens);
  if (known) return { cst: known, errors: [] };
  const parsed = parseWithChevrotain(tokens);
  if (key !== undefined && parsed.errors.length === 0) shapes.remember(key, parsed.cst, tokens);
  return parsed;
}

/** Parses one statement with the Chevrotain parser, never from a known shape. */
export function parseWithChevrotain(tokens: IToken[]): PfStatementCst {
  const parser = pfParser();
  parser.input = tokens;
  const cst = parser.statement();
  return {
    cst,
    errors: parser.errors.map((e) => ({
      message: e.message,
      token: e.token,
      previousToken: (e as { previousToken?: IToken }).previousToken,
      ruleStack: e.context.ruleStack,
    })),
  };
}
