import { createToken, Lexer, type TokenType } from "chevrotain";

/**
 * ipfw(8)'s words. ipfw reads a rule as argv words (sbin/ipfw/ipfw2.c `compile_rule`), so a keyword is a whole
 * word: every keyword has `Word` as its longer alternative, and `fromage` is a word, not `from` and `age`.
 */
/** Every token that can stand as an argument word (keywords included): `nat 1 config if em0 log`. */
export const Term = createToken({ name: "Term", pattern: Lexer.NA });
// Any run of characters but blanks, braces and `#`, as positive ranges: Chevrotain's first-character optimization
// cannot use a complemented set, and without it the lexer tries every keyword at every character.
export const Word = createToken({ name: "Word", pattern: /[!"$-z|~\u0080-\uffff]+/, categories: [Term] });

export const WS = createToken({ name: "WS", pattern: /[ \t\r]+/, group: Lexer.SKIPPED });
export const Continuation = createToken({ name: "Continuation", pattern: /\\\r?\n/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /#[^\n]*/, group: "comments" });
export const NL = createToken({ name: "NL", pattern: /\n/, line_breaks: true });
export const LCurly = createToken({ name: "LCurly", pattern: /\{/ });
export const RCurly = createToken({ name: "RCurly", pattern: /\}/ });
/** `table(N)` / `table(name,value)`: one word (ipfw2.c `fill_ip` reads it from the address word). */
export const TableRef = createToken({ name: "TableRef", pattern: /table\([^)\s]*\)/, categories: [Term] });
/** A rule comment: ipfw(8) "// this is a comment" runs to the end of the rule. */
export const RuleComment = createToken({ name: "RuleComment", pattern: /\/\/[^\n]*/ });
/** `-q`, `-f`: ipfw's command-line flags, in a file of ipfw commands too. */
export const Flag = createToken({ name: "Flag", pattern: /-[A-Za-z]+/, longer_alt: Word, categories: [Term] });
export const Num = createToken({ name: "Num", pattern: /\d+/, longer_alt: Word, categories: [Term] });

/** Actions (ipfw(8) RULE ACTIONS), by what they do to the packet. */
export const ActionAllow = createToken({ name: "ActionAllow", pattern: Lexer.NA });
export const ActionDeny = createToken({ name: "ActionDeny", pattern: Lexer.NA });
/** Actions that take one argument word. */
export const ActionArg = createToken({ name: "ActionArg", pattern: Lexer.NA });
/** Actions that take none and end nothing (`count`, `return`, `reass`). */
export const ActionPlain = createToken({ name: "ActionPlain", pattern: Lexer.NA });

/** Options without an argument (ipfw(8) RULE OPTIONS). */
export const OptFlag = createToken({ name: "OptFlag", pattern: Lexer.NA });
/** Options with one argument word. */
export const OptArg = createToken({ name: "OptArg", pattern: Lexer.NA });
/** Options with two argument words (`lookup dst-ip table`, `mac dst src`). */
export const OptArg2 = createToken({ name: "OptArg2", pattern: Lexer.NA });
/** `limit` and `set-limit`: one or more mask words, then the number of connections. */
export const Limit = createToken({ name: "Limit", pattern: Lexer.NA });

const all: TokenType[] = [];
/** A keyword; `term: false` for the words that start a command, which no argument list may take for its own. */
function kw(word: string, categories: TokenType[] = [], term = true): TokenType {
  const name = `K_${word.replace(/[^A-Za-z0-9]/g, "_")}`;
  const escaped = word.replace(/[-]/g, "\\-");
  const tok = createToken({ name, pattern: new RegExp(escaped), longer_alt: Word, categories: term ? [Term, ...categories] : categories });
  all.push(tok);
  return tok;
}

export const Add = kw("add", [], false);
export const Table = kw("table", [], false);
export const Nat = kw("nat", [ActionArg], false);
export const SetKw = kw("set");
export const Prob = kw("prob");
export const Log = kw("log");
export const Logamount = kw("logamount");
export const From = kw("from");
export const To = kw("to");
export const Or = kw("or");
export const Not = kw("not");
export const Bang = createToken({ name: "Bang", pattern: /!/, longer_alt: Word, categories: [Term] });
export const Any = kw("any");
export const Me = kw("me");
export const Me6 = kw("me6");
export const CheckState = kw("check-state");
export const Skipto = kw("skipto", [ActionArg]);
export const Call = kw("call", [ActionArg]);
export const KeepState = kw("keep-state", [OptFlag]);
export const RecordState = kw("record-state", [OptFlag]);
export const Tag = kw("tag");
export const Untag = kw("untag");
export const Altq = kw("altq");
kw("limit", [Limit]);
kw("set-limit", [Limit]);

for (const w of ["allow", "accept", "pass", "permit"]) kw(w, [ActionAllow]);
for (const w of ["deny", "drop", "reset", "reset6", "abort", "abort6"]) kw(w, [ActionDeny]);
export const Reject = kw("reject", [ActionDeny]);
for (const w of [
  "unreach",
  "unreach6",
  "fwd",
  "forward",
  "divert",
  "tee",
  "pipe",
  "queue",
  "setfib",
  "setdscp",
  "netgraph",
  "ngtee",
  "nat64lsn",
  "nat64stl",
  "nat64clat",
  "nptv6",
  "eaction",
  "tcp-setmss",
])
  kw(w, [ActionArg]);
export const Count = kw("count", [ActionPlain]);
export const Return = kw("return", [ActionPlain]);
kw("reass", [ActionPlain]);

export const In = kw("in", [OptFlag]);
export const Out = kw("out", [OptFlag]);
export const Setup = kw("setup", [OptFlag]);
export const Established = kw("established", [OptFlag]);
// ipfw2.c rule_options also takes these spellings: `fragment`, `estab`, `layer2`.
for (const w of [
  "frag",
  "fragment",
  "estab",
  "layer2",
  "bridged",
  "diverted",
  "diverted-loopback",
  "diverted-output",
  "ipsec",
  "defer-action",
  "defer-immediate-action",
])
  kw(w, [OptFlag]);
export const Via = kw("via", [OptArg]);
export const Recv = kw("recv", [OptArg]);
export const Xmit = kw("xmit", [OptArg]);
export const Proto = kw("proto", [OptArg]);
for (const w of [
  "src-ip",
  "dst-ip",
  "src-ip6",
  "dst-ip6",
  "src-port",
  "dst-port",
  "icmptypes",
  "icmptype",
  "icmp6types",
  "icmp6type",
  "tcpflags",
  "tcpoptions",
  "tcpopts",
  "tcpflgs",
  "ipoptions",
  "ipopts",
  "ipprecedence",
  "ipver",
  "ipttl",
  "iptos",
  "ipid",
  "iplen",
  "ipversion",
  "uid",
  "gid",
  "jail",
  "tagged",
  "mac-type",
  "antispoof",
  "verrevpath",
  "versrcreach",
  "dscp",
  "fib",
  "flow-id",
  "flow",
  "sockarg",
  "tcpack",
  "tcpseq",
  "tcpwin",
  "tcpdatalen",
  "tcpmss",
  "ext6hdr",
  "flowid",
  "skip-action",
]) {
  if (w === "antispoof" || w === "verrevpath" || w === "versrcreach" || w === "sockarg" || w === "skip-action") kw(w, [OptFlag]);
  else kw(w, [OptArg]);
}

for (const w of ["lookup", "mac", "MAC"]) kw(w, [OptArg2]);

/** Longest keywords first, so `keep-state` is not lexed as `keep`… (no such keyword, but `in` before `ipid`). */
const keywords = [...all].sort((a, b) => String(b.PATTERN).length - String(a.PATTERN).length);

export const lexerTokens: TokenType[] = [
  WS,
  Continuation,
  Comment,
  NL,
  LCurly,
  RCurly,
  RuleComment,
  TableRef,
  Bang,
  Flag,
  ...keywords,
  Num,
  Word,
];

export const parserTokens: TokenType[] = [
  ...lexerTokens,
  Term,
  ActionAllow,
  ActionDeny,
  ActionArg,
  ActionPlain,
  OptFlag,
  OptArg,
  OptArg2,
  Limit,
];
