import { createToken, Lexer, type TokenType } from "chevrotain";

// Token classes follow pfctl's yylex (sbin/pfctl/parse.y). A newline is a token: pf.conf is line-oriented.

export const Whitespace = createToken({ name: "Whitespace", pattern: /[ \t\f\r]+/, group: Lexer.SKIPPED });
/** Backslash-newline joins lines anywhere outside quotes. */
export const Continuation = createToken({ name: "Continuation", pattern: /\\\r?\n/, group: Lexer.SKIPPED });
// lgetc joins backslash-newline before the comment scanner runs, so a comment ending in `\` swallows the next line.
export const Comment = createToken({ name: "Comment", pattern: /#(?:\\\r?\n|[^\n])*/, group: "comments" });
export const NL = createToken({ name: "NL", pattern: /\n/, line_breaks: true });

/** Category for what parse.y calls STRING: a quoted string or a bare word that is not a keyword. */
export const Value = createToken({ name: "Value", pattern: Lexer.NA });
/** Category for every keyword: they are context-sensitive here, so a grammar position that takes any word accepts them. */
export const Keyword = createToken({ name: "Keyword", pattern: Lexer.NA });

const oneLineQuoted = /"(?:[^"\\\n]|\\[\s\S])*"|'(?:[^'\\\n]|\\[\s\S])*'/y;
const multiLineQuoted = /"(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*'/y;

/**
 * pfctl lets a raw newline sit inside quotes. We allow that only for a macro value (`name = "{` … `}"`, the one
 * place it is used on purpose); elsewhere a string ends at the line end, so a missing quote is reported on its
 * own line instead of swallowing the rules after it.
 */
export function matchQuoted(text: string, offset: number): RegExpExecArray | null {
  // Chevrotain may try this pattern at any offset: what is not a quote must cost nothing, or a long line is quadratic.
  const c = text.charCodeAt(offset);
  if (c !== 0x22 && c !== 0x27) return null;
  oneLineQuoted.lastIndex = offset;
  const one = oneLineQuoted.exec(text);
  if (one) return one;
  if (!followsMacroAssignment(text, offset)) return null;
  multiLineQuoted.lastIndex = offset;
  return multiLineQuoted.exec(text);
}

const isBlank = (ch: string | undefined): boolean => ch === " " || ch === "\t";
const isNameChar = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9_]/.test(ch);

/** Whether only `name =` (and blanks) stands between the start of the line and `offset`; reads back from `offset` only. */
function followsMacroAssignment(text: string, offset: number): boolean {
  let i = offset - 1;
  while (isBlank(text[i])) i--;
  if (text[i] !== "=") return false;
  i--;
  while (isBlank(text[i])) i--;
  const nameEnd = i;
  while (isNameChar(text[i])) i--;
  if (i === nameEnd) return false;
  while (isBlank(text[i])) i--;
  return i < 0 || text[i] === "\n";
}

export const Quoted = createToken({
  name: "Quoted",
  pattern: { exec: matchQuoted },
  start_chars_hint: ['"', "'"],
  line_breaks: true,
  categories: [Value],
});
export const UnterminatedQuote = createToken({ name: "UnterminatedQuote", pattern: /["'][^\n]*/ });
export const MacroRef = createToken({ name: "MacroRef", pattern: /\$[A-Za-z0-9_]+/ });
// A bare word starts with an alphanumeric, `:` or `_` and runs over everything but blanks and ( ) { } < > ! = / # , quotes.
export const Word = createToken({ name: "Word", pattern: /[A-Za-z0-9:_.*][^\s(){}<>!=/#,"'\\]*/, categories: [Value] });

export const NotEquals = createToken({ name: "NotEquals", pattern: /!=/ });
export const LessEquals = createToken({ name: "LessEquals", pattern: /<=/ });
export const GreaterEquals = createToken({ name: "GreaterEquals", pattern: />=/ });
export const LessGreater = createToken({ name: "LessGreater", pattern: /<>/ });
export const GreaterLess = createToken({ name: "GreaterLess", pattern: /></ });
export const Arrow = createToken({ name: "Arrow", pattern: /->/ });
export const Bang = createToken({ name: "Bang", pattern: /!/ });
export const Equals = createToken({ name: "Equals", pattern: /=/ });
export const Less = createToken({ name: "Less", pattern: /</ });
export const Greater = createToken({ name: "Greater", pattern: />/ });
export const LCurly = createToken({ name: "LCurly", pattern: /\{/ });
export const RCurly = createToken({ name: "RCurly", pattern: /\}/ });
export const LParen = createToken({ name: "LParen", pattern: /\(/ });
export const RParen = createToken({ name: "RParen", pattern: /\)/ });
export const Comma = createToken({ name: "Comma", pattern: /,/ });
export const Slash = createToken({ name: "Slash", pattern: /\// });
export const Minus = createToken({ name: "Minus", pattern: /-/ });
/** Anything else (a lone backslash, `$` without a name, control characters) is a character pfctl rejects. */
/** One character a grammar rule does not take: a surrogate pair (an emoji) is one character. */
// A custom matcher, not the regexp `[\ud800-\udbff][\udc00-\udfff]|[\s\S]`: Chevrotain 11's first-character
// table reads `\S` in a class as `\s`, so that pattern would never be tried at `;`, `+`, `@` … and the lexer
// would drop them without a token.
const STRAY = /[\ud800-\udbff][\udc00-\udfff]|[\s\S]/y;
export const Stray = createToken({
  name: "Stray",
  pattern: {
    exec: (text: string, offset: number) => {
      STRAY.lastIndex = offset;
      return STRAY.exec(text);
    },
  },
  line_breaks: true,
});

/** The keyword table of parse.y's lookup(), FreeBSD 15. Every other bare word is a Value. */
export const KEYWORDS = [
  "above",
  "af-to",
  "all",
  "allow-opts",
  "allow-related",
  "altq",
  "anchor",
  "antispoof",
  "any",
  "bandwidth",
  "below",
  "binat",
  "binat-anchor",
  "binat-to",
  "bitmask",
  "block",
  "block-policy",
  "bridge-to",
  "buckets",
  "cbq",
  "code",
  "codelq",
  "debug",
  "divert-reply",
  "divert-to",
  "dnpipe",
  "dnqueue",
  "drop",
  "dup-to",
  "endpoint-independent",
  "entries",
  "ether",
  "fail-policy",
  "fairq",
  "fastroute",
  "file",
  "fingerprints",
  "flags",
  "floating",
  "flush",
  "for",
  "fragment",
  "from",
  "global",
  "group",
  "hfsc",
  "hogs",
  "hostid",
  "icmp-type",
  "icmp6-type",
  "id",
  "if-bound",
  "in",
  "include",
  "inet",
  "inet6",
  "interval",
  "keep",
  "keepcounters",
  "l3",
  "label",
  "limit",
  "limiter",
  "linkshare",
  "load",
  "log",
  "loginterface",
  "map-e-portset",
  "mask",
  "match",
  "matches",
  "max",
  "max-mss",
  "max-pkt-rate",
  "max-pkt-size",
  "max-src-conn",
  "max-src-conn-rate",
  "max-src-nodes",
  "max-src-states",
  "min-ttl",
  "modulate",
  "nat",
  "nat-anchor",
  "nat-to",
  "no",
  "no-df",
  "no-match",
  "no-route",
  "no-sync",
  "on",
  "once",
  "optimization",
  "os",
  "out",
  "overload",
  "pass",
  "pflow",
  "port",
  "prefer-ipv6-nexthop",
  "prio",
  "priority",
  "priq",
  "probability",
  "proto",
  "qlimit",
  "queue",
  "quick",
  "random",
  "random-id",
  "rate",
  "rdr",
  "rdr-anchor",
  "rdr-to",
  "realtime",
  "reassemble",
  "received-on",
  "reply-to",
  "require-order",
  "return",
  "return-icmp",
  "return-icmp6",
  "return-rst",
  "ridentifier",
  "round-robin",
  "route",
  "route-to",
  "rtable",
  "rule",
  "ruleset-optimization",
  "scrub",
  "set",
  "set-tos",
  "skip",
  "sloppy",
  "source",
  "source-hash",
  "source-track",
  "state",
  "state-defaults",
  "state-policy",
  "static-port",
  "sticky-address",
  "syncookies",
  "synproxy",
  "table",
  "tag",
  "tagged",
  "target",
  "tbrsize",
  "timeout",
  "to",
  "tos",
  "ttl",
  "upperlimit",
  "urpf-failed",
  "user",
] as const;

export type PfKeyword = (typeof KEYWORDS)[number];

const tokenName = (kw: string): string => `Kw_${kw.replace(/[-](.)/g, (_m, c: string) => `_${c}`)}`;

/** Keyword token types by spelling. Each falls back to a Word when the word is longer (`passes` is a Word). */
export const K = Object.fromEntries(
  KEYWORDS.map((kw) => [
    kw,
    createToken({
      name: tokenName(kw),
      // Keywords are tried in the order of this array, and longer_alt takes a longer word, so
      // `nat` cannot steal the prefix of `nat-to`.
      pattern: new RegExp(kw.replace(/[-]/g, "\\-")),
      longer_alt: Word,
      categories: [Keyword],
    }),
  ]),
) as Record<PfKeyword, TokenType>;

// Longest keywords first so that, say, `rdr-anchor` is not lexed as `rdr` followed by a word.
const keywordTokens = [...KEYWORDS].sort((a, b) => b.length - a.length).map((kw) => K[kw]);

/** Operators and punctuation, longer spellings first (`!=` before `!`); the lexer and the parser share them. */
const punctuation: TokenType[] = [
  NotEquals,
  LessEquals,
  GreaterEquals,
  LessGreater,
  GreaterLess,
  Arrow,
  Bang,
  Equals,
  Less,
  Greater,
  LCurly,
  RCurly,
  LParen,
  RParen,
  Comma,
  Slash,
  Minus,
];

/**
 * The lexer's token set, in the order its patterns are tried. It defines pf.conf's tokens; at run time scan.ts
 * yields exactly what a Chevrotain Lexer built from it would (scan.test.ts builds one and compares), without
 * paying to build it.
 */
export const lexerTokens: TokenType[] = [
  Whitespace,
  Continuation,
  Comment,
  NL,
  Quoted,
  UnterminatedQuote,
  MacroRef,
  ...punctuation,
  ...keywordTokens,
  Word,
  Stray,
];

export const parserTokens: TokenType[] = [Value, Keyword, NL, Quoted, Word, ...punctuation, ...keywordTokens];
