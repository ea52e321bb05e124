import type { FreeBsdVersion } from "../common/freebsd-version.js";
import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { ConfString, JailBlock, JailConfComment, JailStatement, ParamStatement, StringPiece } from "./ast.js";
import { unescapeJail } from "./lexer.js";
import { paramName, singleWord } from "./names.js";

/**
 * The direct reader for a well-formed jail.conf: one pass over the characters that builds the AST as it goes,
 * with no token objects, no CST and no second pass to merge string pieces. It reads exactly what the Chevrotain
 * lexer (tokens.ts, lexer.ts) and parser (parser.ts, to-ast.ts) read, but only as long as the file holds no
 * lexical or syntax error: at the first one it gives up (returns undefined) and parseJailConf reads the file
 * again the Chevrotain way, whose recovery and messages stay the only ones. Most files are well-formed, and a
 * small one then never builds a Chevrotain lexer or parser at all.
 *
 * Token classes, in the order the lexer tries them (first match wins), are those of tokens.ts; a comment between
 * two pieces separates them, as any gap does.
 */

export interface DirectParse {
  /** As JailAstBuilder.file returns them: `.include` not yet marked. */
  readonly statements: JailStatement[];
  readonly comments: JailConfComment[];
  /** What JailAstBuilder reports besides syntax errors (names of several pieces, nested blocks before 14.0). */
  readonly problems: SyntaxProblem[];
}

/** Same cut-off as capNesting in index.ts (a deeper file goes the Chevrotain way, which reports it). */
const MAX_BLOCK_DEPTH = 100;

// Character classes, by char code (ASCII only: any other character outside quotes and comments is an error).
const WORD = 1; // [A-Za-z0-9_!%&()\-.:<>?@[\]^`|~]
const IDENT_START = 2; // [A-Za-z_]
const IDENT = 4; // [A-Za-z_0-9]
const OCTAL = 8; // [0-7]
const HEX = 16; // [0-9A-Fa-f]
const cls = new Uint8Array(128);
const mark = (chars: string, k: number): void => {
  for (let i = 0; i < chars.length; i++) {
    const c = chars.charCodeAt(i);
    cls[c] = (cls[c] as number) | k;
  }
};
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
mark(`${LETTERS}0123456789_!%&()-.:<>?@[]^\`|~`, WORD);
mark(`${LETTERS}_`, IDENT_START | IDENT);
mark("0123456789", IDENT);
mark("01234567", OCTAL);
mark("0123456789ABCDEFabcdef", HEX);
const is = (c: number, k: number): boolean => c < 128 && ((cls[c] as number) & k) !== 0;

// Token kinds the grammar sees.
const EOF = 0;
const STR = 1;
const LCURLY = 2;
const RCURLY = 3;
const SEMI = 4;
const EQUALS = 5;
const PLUS_EQUALS = 6;
const COMMA = 7;
class Bail extends Error {}
const bail = new Bail("not well-formed");

// Inside double quotes jail(8)'s lexer stops at each unescaped `$` that starts a reference (lexer.ts).
const dqVariable = /\$(?:\{([^\n{}"]*)\}|([A-Za-z_][A-Za-z_0-9]*))/y;

class DirectReader {
  pos = 0;
  /** The last token read (next() returns its kind): its start and end, and for a string its value. */
  start = 0;
  end = 0;
  str: ConfString | undefined;
  readonly comments: JailConfComment[] = [];
  readonly problems: SyntaxProblem[] = [];

  // The string being assembled: its pieces, with neighbouring literals joined (as joinLiteralPieces does). The
  // scratch array is reused; each string gets an exact-size copy (a grown array holds 17 slots for one piece).
  readonly #pieces: StringPiece[] = [];
  #litText = "";
  #litStart = -1;
  #litEnd = 0;

  constructor(
    readonly text: string,
    private readonly version: FreeBsdVersion,
  ) {}

  /** Reads the next token into start/end/str and returns its kind. */
  next(): number {
    const text = this.text;
    const n = text.length;
    let i = this.pos;
    // Whitespace and comments.
    for (;;) {
      if (i >= n) {
        this.pos = i;
        this.start = this.end = i;
        return EOF;
      }
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 9 || c === 13) {
        i++;
      } else if (c === 35 /* # */ || (c === 47 /* / */ && text.charCodeAt(i + 1) === 47)) {
        let e = text.indexOf("\n", i);
        if (e === -1) e = n;
        this.comments.push({ text: text.slice(i, e), range: { start: i, end: e } });
        i = e;
      } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
        const close = text.indexOf("*/", i + 2);
        if (close === -1) return this.#bail(); // unterminated comment
        const e = close + 2;
        this.comments.push({ text: text.slice(i, e), range: { start: i, end: e } });
        i = e;
      } else {
        break;
      }
    }
    const c = text.charCodeAt(i);
    this.start = i;
    this.str = undefined;
    let kind: number;
    switch (c) {
      case 123:
        kind = LCURLY;
        break;
      case 125:
        kind = RCURLY;
        break;
      case 59:
        kind = SEMI;
        break;
      case 61:
        kind = EQUALS;
        break;
      case 44:
        kind = COMMA;
        break;
      case 43 /* + */:
        if (text.charCodeAt(i + 1) === 61) {
          this.pos = this.end = i + 2;
          return PLUS_EQUALS;
        }
        return this.#string(i);
      default:
        return this.#string(i);
    }
    this.pos = this.end = i + 1;
    return kind;
  }

  #bail(): never {
    throw bail;
  }

  /** A run of adjacent pieces from `from`: one string. */
  #string(from: number): number {
    const text = this.text;
    const n = text.length;
    let i = from;
    let count = 0;
    let quoted = false;
    this.#pieces.length = 0;
    this.#litStart = -1;
    for (;;) {
      if (i >= n) break;
      const c = text.charCodeAt(i);
      const s = i;
      if (c === 34 /* " */ || c === 39 /* ' */) {
        let j = i + 1;
        for (;;) {
          if (j >= n) return this.#bail(); // unterminated string
          const d = text.charCodeAt(j);
          if (d === c) break;
          j += d === 92 ? 2 : 1;
        }
        i = j + 1;
        quoted = true;
        if (c === 39) this.#literal(unescapeJail(text.slice(s + 1, i - 1)), s, i);
        else this.#doubleQuoted(s, i);
      } else if (c === 36 /* $ */) {
        const d = text.charCodeAt(i + 1);
        if (d === 123 /* { */) {
          let j = i + 2;
          for (;;) {
            if (j >= n) return this.#bail(); // unterminated variable
            const e = text.charCodeAt(j);
            if (e === 125) break;
            if (e === 10 || e === 123) return this.#bail();
            j++;
          }
          i = j + 1;
          this.#variable(unescapeJail(text.slice(s + 2, j)), true, s, i);
        } else if (is(d, IDENT_START)) {
          i += 2;
          while (i < n && is(text.charCodeAt(i), IDENT)) i++;
          this.#variable(text.slice(s + 1, i), false, s, i);
        } else {
          i++;
          this.#literal("$", s, i);
        }
      } else if (c === 92 /* \ */) {
        if (i + 1 >= n) {
          i++;
          this.#literal("\\", s, i);
        } else {
          const d = text.charCodeAt(i + 1);
          if (is(d, OCTAL)) {
            i += 2;
            if (i < n && is(text.charCodeAt(i), OCTAL)) i++;
            if (i < n && is(text.charCodeAt(i), OCTAL)) i++;
          } else if (d === 120 /* x */ && is(text.charCodeAt(i + 2), HEX)) {
            i += 3;
            if (i < n && is(text.charCodeAt(i), HEX)) i++;
          } else if (d >= 0xd800 && d <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 2))) {
            i += 3;
          } else {
            i += 2;
          }
          this.#literal(unescapeJail(text.slice(s, i)), s, i);
        }
      } else if (is(c, WORD)) {
        i++;
        while (i < n && is(text.charCodeAt(i), WORD)) i++;
        this.#literal(text.slice(s, i), s, i);
      } else if (
        c === 42 /* * */ ||
        (c === 43 /* + */ && text.charCodeAt(i + 1) !== 61) ||
        (c === 47 /* / */ && !isCommentAfterSlash(text, i))
      ) {
        i++;
        this.#literal(text[s] as string, s, i);
      } else {
        break;
      }
      count++;
    }
    if (count === 0) return this.#bail(); // a character no token takes
    this.#flushLiteral();
    // A string that is one literal over all its text (a word) shares that range object with its piece.
    const scratch = this.#pieces;
    const first = scratch[0] as StringPiece;
    const pieces = scratch.length === 1 ? [first] : scratch.slice();
    const only = scratch.length === 1 ? first.range : undefined;
    const range = only?.start === from && only.end === i ? only : { start: from, end: i };
    this.str = { range, pieces, tokenCount: count, quoted };
    this.pos = this.end = i;
    return STR;
  }

  #literal(text: string, start: number, end: number): void {
    if (this.#litStart === -1) {
      this.#litText = text;
      this.#litStart = start;
    } else {
      this.#litText += text;
    }
    this.#litEnd = end;
  }

  #flushLiteral(): void {
    if (this.#litStart === -1) return;
    this.#pieces.push({ kind: "literal", text: this.#litText, range: { start: this.#litStart, end: this.#litEnd } });
    this.#litStart = -1;
  }

  #variable(name: string, braced: boolean, start: number, end: number): void {
    this.#flushLiteral();
    this.#pieces.push({ kind: "variable", name, braced, range: { start, end } });
  }

  /** lexer.ts decodeDoubleQuoted, on offsets into the text: `"…"` spans [start, end). */
  #doubleQuoted(start: number, end: number): void {
    const text = this.text;
    const inner = end - 1;
    let produced = false;
    let litStart = start + 1;
    let i = litStart;
    while (i < inner) {
      const c = text.charCodeAt(i);
      if (c === 92) {
        i += 2;
        continue;
      }
      if (c === 36) {
        dqVariable.lastIndex = i;
        const m = dqVariable.exec(text);
        if (m && i + m[0].length <= inner) {
          if (litStart < i) {
            const lit = unescapeJail(text.slice(litStart, i));
            if (lit !== "") {
              this.#literal(lit, litStart, i);
              produced = true;
            }
          }
          const name = m[1] !== undefined ? unescapeJail(m[1]) : (m[2] as string);
          this.#variable(name, m[1] !== undefined, i, i + m[0].length);
          produced = true;
          i += m[0].length;
          litStart = i;
          continue;
        }
      }
      i++;
    }
    if (litStart < inner) {
      const lit = unescapeJail(text.slice(litStart, inner));
      if (lit !== "") {
        this.#literal(lit, litStart, inner);
        produced = true;
      }
    }
    // `""` is still a value: an empty string, not nothing.
    if (!produced) this.#literal("", start, end);
  }

  // ------------------------------------------------------------------ grammar (parser.ts, to-ast.ts)

  /** Statements up to the end of the file (parent undefined) or to the `}` closing the block. */
  statements(parent: string | undefined, depth: number): JailStatement[] {
    const out: JailStatement[] = [];
    for (;;) {
      const k = this.next();
      if (k === SEMI) continue;
      if (k === STR) {
        const name = this.str as ConfString;
        const nameStart = this.start;
        const k2 = this.next();
        if (k2 === LCURLY) out.push(this.#jail(name, nameStart, parent, depth + 1));
        else out.push(this.#param(name, nameStart, k2));
        continue;
      }
      if (k === RCURLY && parent !== undefined) return out;
      if (k === EOF && parent === undefined) return out;
      return this.#bail(); // a stray `}`, an unclosed block, a misplaced token
    }
  }

  #jail(name: ConfString, nameStart: number, parent: string | undefined, depth: number): JailBlock {
    if (depth > MAX_BLOCK_DEPTH) this.#bail();
    const text = singleWord(name, "a jail name", this.problems);
    const fullName = parent === undefined ? text : `${parent}.${text}`;
    const body = this.statements(fullName, depth);
    const lastEnd = this.start + 1; // the `}`
    if (parent !== undefined && this.version < 14) {
      this.problems.push({
        message: `nested jail block "${text}": FreeBSD ${this.version} accepts nested blocks only from 14.0; write it as a top-level block named "${fullName}"`,
        range: name.range,
      });
    }
    return { type: "Jail", name: text, nameRange: name.range, body, range: { start: nameStart, end: lastEnd } };
  }

  /** `k` is the token after the name. */
  #param(name: ConfString, nameStart: number, k: number): ParamStatement {
    let operator: ParamStatement["operator"] = "bare";
    let operatorRange: ParamStatement["operatorRange"];
    let values: ConfString[] = [];
    let t = k;
    if (t === EQUALS || t === PLUS_EQUALS) {
      operator = t === EQUALS ? "=" : "+=";
      operatorRange = { start: this.start, end: this.end };
      t = this.next();
      if (t !== STR) this.#bail();
    } else if (t === STR) {
      operator = "juxtaposed";
    }
    if (t === STR) {
      values = [this.str as ConfString];
      t = this.next();
      if (t === COMMA) {
        while (t === COMMA) {
          if (this.next() !== STR) this.#bail();
          values.push(this.str as ConfString);
          t = this.next();
        }
        values = values.slice(); // exact size
      }
    }
    if (t !== SEMI) this.#bail();
    const end = this.end;
    const { text, isVariable } = paramName(name, this.problems);
    return {
      type: "Param",
      name: text,
      nameRange: name.range,
      isVariable,
      operator,
      operatorRange,
      values,
      range: { start: nameStart, end },
      recovered: false,
    };
  }
}

const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** `/` starts a comment when `*` or `/` follows (BlockComment and LineComment come before LoneChar). */
const isCommentAfterSlash = (text: string, i: number): boolean => {
  const d = text.charCodeAt(i + 1);
  return d === 42 || d === 47;
};

/** The AST of a well-formed jail.conf, or undefined at the first lexical or syntax error (see above). */
export function parseWellFormedJailConf(text: string, version: FreeBsdVersion): DirectParse | undefined {
  const reader = new DirectReader(text, version);
  try {
    const statements = reader.statements(undefined, 0);
    return { statements, comments: reader.comments, problems: reader.problems };
  } catch (e) {
    if (e === bail) return undefined;
    throw e;
  }
}
