import { createToken, Lexer, type TokenType } from "chevrotain";

// Lexical classes of the sh(1) subset rc.conf files are written in (rc.subr sources them with `.`).
// Chevrotain takes the first pattern that matches, so longer and quoted forms come first.

/** Characters that end an unquoted word in sh (metacharacters and blanks). */
const wordEnd = " \t\r\n;&|()<>";

export const Continuation = createToken({ name: "Continuation", pattern: /\\\r?\n/, line_breaks: true });
export const Newline = createToken({ name: "Newline", pattern: /\r?\n/, line_breaks: true });
export const Whitespace = createToken({ name: "Whitespace", pattern: /[ \t\r\f\v]+/, group: Lexer.SKIPPED });

/** `#` starts a comment only at the start of a word: in sh `a#b` is the word `a#b`. */
export const Comment = createToken({
  name: "Comment",
  pattern: {
    exec: (text, offset) => {
      if (text.charCodeAt(offset) !== 35) return null;
      if (offset > 0 && !wordEnd.includes(text[offset - 1] as string)) return null;
      const nl = text.indexOf("\n", offset);
      return [text.slice(offset, nl === -1 ? text.length : nl)];
    },
  },
  start_chars_hint: ["#"],
  line_breaks: false,
  group: "comments",
});

/**
 * How deeply quotes, `$(…)` and `${…}` may nest inside one another before the scanners give up and call the
 * construct unterminated. sh has no such limit; the scanners are recursive and must not exhaust the stack.
 */
const MAX_NESTING = 200;

/** Index just past the closing `"` of a double-quoted string opened at `i`, or -1 when it is never closed. */
export function scanDoubleQuoted(text: string, i: number, depth = 0): number {
  if (depth > MAX_NESTING) return -1;
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (c === "\\") j += 2;
    else if (c === '"') return j + 1;
    else if (c === "`") {
      const e = scanBackquoted(text, j);
      if (e === -1) return -1;
      j = e;
    } else if (c === "$" && (text[j + 1] === "(" || text[j + 1] === "{")) {
      const e = scanNested(text, j + 1, text[j + 1] === "(" ? "(" : "{", text[j + 1] === "(" ? ")" : "}", depth + 1);
      if (e === -1) return -1;
      j = e;
    } else j++;
  }
  return -1;
}

export function scanBackquoted(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === "\\") j++;
    else if (c === "`") return j + 1;
  }
  return -1;
}

function scanNested(text: string, i: number, open: string, close: string, nesting = 0): number {
  if (nesting > MAX_NESTING) return -1;
  let depth = 0;
  let j = i;
  while (j < text.length) {
    const c = text[j];
    if (c === "\\") {
      j += 2;
      continue;
    }
    if (c === "'") {
      const e = text.indexOf("'", j + 1);
      if (e === -1) return -1;
      j = e + 1;
      continue;
    }
    if (c === '"') {
      const e = scanDoubleQuoted(text, j, nesting + 1);
      if (e === -1) return -1;
      j = e;
      continue;
    }
    if (c === "`") {
      const e = scanBackquoted(text, j);
      if (e === -1) return -1;
      j = e;
      continue;
    }
    if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return -1;
}

/** `(` at `i` to just past its matching `)`, quotes respected; -1 when unbalanced. */
export const scanParens = (text: string, i: number): number => scanNested(text, i, "(", ")");
/** `{` at `i` to just past its matching `}`, quotes respected; -1 when unbalanced. */
export const scanBraces = (text: string, i: number): number => scanNested(text, i, "{", "}");

function matcher(start: string, scan: (text: string, offset: number) => number) {
  return {
    exec: (text: string, offset: number): [string] | null => {
      if (!text.startsWith(start, offset)) return null;
      const end = scan(text, offset);
      return end === -1 ? null : [text.slice(offset, end)];
    },
  };
}

export const DoubleQuoted = createToken({
  name: "DoubleQuoted",
  pattern: matcher('"', scanDoubleQuoted),
  start_chars_hint: ['"'],
  line_breaks: true,
});
export const SingleQuoted = createToken({ name: "SingleQuoted", pattern: /'[^']*'/, line_breaks: true });
export const Backquoted = createToken({
  name: "Backquoted",
  pattern: matcher("`", scanBackquoted),
  start_chars_hint: ["`"],
  line_breaks: true,
});
/** `$(…)` and `$((…))`: command substitution and arithmetic, never evaluated. */
export const CommandSubstitution = createToken({
  name: "CommandSubstitution",
  pattern: matcher("$(", (text, offset) => scanParens(text, offset + 1)),
  start_chars_hint: ["$"],
  line_breaks: true,
});
export const BracedReference = createToken({
  name: "BracedReference",
  pattern: matcher("${", (text, offset) => scanBraces(text, offset + 1)),
  start_chars_hint: ["$"],
  line_breaks: true,
});
/**
 * An opening quote, `$(`, `${` or backquote that is never closed. sh would read to the end of the file and fail;
 * jaillint stops at the end of the line so the lines after it are still read.
 */
export const Unterminated = createToken({ name: "Unterminated", pattern: /(?:["'`]|\$[({])[^\n]*/ });
export const SimpleReference = createToken({ name: "SimpleReference", pattern: /\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/ });
export const Escape = createToken({ name: "Escape", pattern: /\\(?:[\ud800-\udbff][\udc00-\udfff]|[\s\S])/, line_breaks: true });
export const Operator = createToken({ name: "Operator", pattern: /&&|\|\||;;|>>|<<|[&|()<>]/ });
export const Semicolon = createToken({ name: "Semicolon", pattern: /;/ });
export const Unquoted = createToken({ name: "Unquoted", pattern: /[^\s"'\\$`;&|()<>]+/ });
/** A `$` that starts no expansion is a literal dollar. */
export const LoneDollar = createToken({ name: "LoneDollar", pattern: /\$/ });

/** Pieces that join into one word when nothing separates them. */
export const pieceTokens: readonly TokenType[] = [
  Continuation,
  DoubleQuoted,
  SingleQuoted,
  Backquoted,
  CommandSubstitution,
  BracedReference,
  SimpleReference,
  Escape,
  Unquoted,
  LoneDollar,
];

export const lexerTokens: TokenType[] = [
  Continuation,
  Newline,
  Whitespace,
  Comment,
  DoubleQuoted,
  SingleQuoted,
  Backquoted,
  CommandSubstitution,
  BracedReference,
  Unterminated,
  SimpleReference,
  Escape,
  Operator,
  Semicolon,
  Unquoted,
  LoneDollar,
];
