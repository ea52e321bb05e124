import { createToken, Lexer, type TokenType } from "chevrotain";

// Token classes follow usr.sbin/jail/jaillex.l. Chevrotain takes the first pattern that matches,
// so longer forms come before their prefixes (`//` before `/`, `+=` before `+`).

export const Whitespace = createToken({ name: "Whitespace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
export const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[\s\S]*?\*\//, group: "comments" });
/** `/*` with no closing `*\/`: jail(8) says "unterminated comment". */
export const UnterminatedBlockComment = createToken({
  name: "UnterminatedBlockComment",
  pattern: /\/\*[\s\S]*/,
  group: "comments",
});
// `#` ends an unquoted word and starts a comment even mid-word (`a#b`), because `#` is not a word character.
export const LineComment = createToken({ name: "LineComment", pattern: /(?:#|\/\/)[^\n]*/, group: "comments" });

// String pieces. Adjacent pieces (no whitespace or comment between them) form one string; see lexer.ts.
export const DoubleQuoted = createToken({ name: "DoubleQuoted", pattern: /"(?:[^"\\]|\\[\s\S])*"/ });
export const SingleQuoted = createToken({ name: "SingleQuoted", pattern: /'(?:[^'\\]|\\[\s\S])*'/ });
export const UnterminatedQuote = createToken({ name: "UnterminatedQuote", pattern: /["'][\s\S]*/ });
export const BracedVariable = createToken({ name: "BracedVariable", pattern: /\$\{[^\n{}]*\}/ });
export const UnterminatedVariable = createToken({ name: "UnterminatedVariable", pattern: /\$\{[^\n{}]*/ });
export const SimpleVariable = createToken({ name: "SimpleVariable", pattern: /\$[A-Za-z_][A-Za-z_0-9]*/ });
export const Escape = createToken({ name: "Escape", pattern: /\\(?:[0-7]{1,3}|x[0-9A-Fa-f]{1,2}|[\ud800-\udbff][\udc00-\udfff]|[\s\S])/ });
export const PlusEquals = createToken({ name: "PlusEquals", pattern: /\+=/ });
export const Word = createToken({ name: "Word", pattern: /[A-Za-z0-9_!%&()\-.:<>?@[\]^`|~]+/ });
/** `$ * + / \` stand alone as one-character pieces when no longer form matched. */
export const LoneChar = createToken({ name: "LoneChar", pattern: /[$*+/\\]/ });

export const Equals = createToken({ name: "Equals", pattern: /=/ });
export const Comma = createToken({ name: "Comma", pattern: /,/ });
export const Semicolon = createToken({ name: "Semicolon", pattern: /;/ });
export const LCurly = createToken({ name: "LCurly", pattern: /\{/ });
export const RCurly = createToken({ name: "RCurly", pattern: /\}/ });
/** Anything else (control characters, non-ASCII) is a character jail(8)'s parser rejects. */
/** One character a grammar rule does not take: a surrogate pair (an emoji) is one character. */
export const Stray = createToken({ name: "Stray", pattern: /[\ud800-\udbff][\udc00-\udfff]|[\s\S]/ });

/**
 * One whole string (pieces joined), made by the lexer from adjacent pieces. The parser sees only these,
 * which keeps the grammar as small as jailparse.y's.
 */
export const Str = createToken({ name: "Str", pattern: Lexer.NA });

export const pieceTokens: readonly TokenType[] = [DoubleQuoted, SingleQuoted, BracedVariable, SimpleVariable, Escape, Word, LoneChar];

export const lexerTokens: TokenType[] = [
  Whitespace,
  BlockComment,
  UnterminatedBlockComment,
  LineComment,
  DoubleQuoted,
  SingleQuoted,
  UnterminatedQuote,
  BracedVariable,
  UnterminatedVariable,
  SimpleVariable,
  Escape,
  PlusEquals,
  Word,
  LoneChar,
  Equals,
  Comma,
  Semicolon,
  LCurly,
  RCurly,
  Stray,
];

export const parserTokens: TokenType[] = [Str, PlusEquals, Equals, Comma, Semicolon, LCurly, RCurly];
