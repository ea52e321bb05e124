import type { IToken, TokenType } from "chevrotain";
import * as t from "./tokens.js";

/**
 * pf.conf's tokenizer, written out by hand. It yields exactly the tokens a Chevrotain `Lexer` built from
 * `lexerTokens` (tokens.ts) yields — scan.test.ts compares the two on the corpus and on mutated inputs — but it
 * costs nothing to build (Chevrotain analyses a token set of 190 patterns when a lexer is made, ~35 ms) and it
 * reads a keyword as a word looked up in a table, instead of trying 170 keyword patterns at every word.
 *
 * The rules are those of `lexerTokens`, tried in its order at each offset (the first that matches wins):
 * blanks and backslash-newline are skipped, a comment goes to `comments`, then a newline, a quoted string, an
 * unterminated quote, `$name`, the operators (longer spellings first), a word (a keyword when the whole word is
 * one: Chevrotain's `longer_alt` gives the keyword only a match no longer than the word's), and any other
 * character (a surrogate pair counts as one) is a Stray, which the lexer reports: parse.y's yylex() hands a
 * character that starts no token to the grammar as itself, and no rule takes `;`, `+`, `|`, `@` or a lone `\`
 * there (pfctl: "syntax error").
 */
export interface PfScan {
  readonly tokens: IToken[];
  /** The comment tokens' images and offsets, in order (only when asked for). */
  readonly comments: { readonly image: string; readonly startOffset: number }[];
}

const keywordByImage: ReadonlyMap<string, TokenType> = new Map(t.KEYWORDS.map((kw) => [kw, t.K[kw]]));

/** The rest of a word: Word's pattern after its first character. */
const wordRest = /[^\s(){}<>!=/#,"'\\]*/y;

/** Word's first character: `[A-Za-z0-9:_.*]`. */
const WORD_START = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9:_.*]/.test(ch)) WORD_START[c] = 1;
}
const isNameChar = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;

// The tokens of a Chevrotain lexer with positionTracking "onlyOffset", and the (inclusive) end offset its "full"
// tracking adds: the parser's node locations are made of the tokens' offsets.
function token(image: string, startOffset: number, type: TokenType): IToken {
  return { image, startOffset, endOffset: startOffset + image.length - 1, tokenTypeIdx: type.tokenTypeIdx as number, tokenType: type };
}

/**
 * Scans a text one line at a time: `line()` returns the tokens up to and including the next newline token, so a
 * caller can parse a statement and let its tokens go before it reads the next line.
 */
export class PfScanner {
  readonly comments: { image: string; startOffset: number }[] = [];
  #i = 0;
  /**
   * How far the text was looked at: the offsets below it decided the tokens read so far (the text's length plus one
   * once its end was seen, or an unterminated quote looked for its closing quote further on).
   */
  #examined = 0;
  readonly #text: string;
  readonly #withComments: boolean;

  /** `start`: a line start (0, or just past a newline) where the scan begins. */
  constructor(text: string, withComments: boolean, start = 0) {
    this.#text = text;
    this.#withComments = withComments;
    this.#i = start;
    this.#examined = start;
  }

  /** Where the next line starts. */
  get offset(): number {
    return this.#i;
  }

  get examined(): number {
    return this.#examined;
  }

  /** Goes on at `offset` (a line start), counting what is looked at from there. */
  seek(offset: number): void {
    this.#i = offset;
    this.#examined = offset;
  }

  /** The tokens of the next line, its newline token last (none at the end of the text); undefined after the end. */
  line(): IToken[] | undefined {
    const text = this.#text;
    const n = text.length;
    let i = this.#i;
    if (i >= n) {
      this.#examined = n + 1;
      return undefined;
    }
    const tokens: IToken[] = [];
    const comments = this.comments;
    const withComments = this.#withComments;
    while (i < n) {
      const c = text.charCodeAt(i);
      // Whitespace: [ \t\f\r]+
      if (c === 0x20 || c === 0x09 || c === 0x0c || c === 0x0d) {
        i++;
        for (let d = text.charCodeAt(i); d === 0x20 || d === 0x09 || d === 0x0c || d === 0x0d; d = text.charCodeAt(i)) i++;
        continue;
      }
      switch (c) {
        case 0x5c: {
          // Continuation: \\\r?\n
          const d = text.charCodeAt(i + 1);
          if (d === 0x0a) {
            i += 2;
            continue;
          }
          if (d === 0x0d && text.charCodeAt(i + 2) === 0x0a) {
            i += 3;
            continue;
          }
          break;
        }
        case 0x23: {
          // Comment: #(?:\\\r?\n|[^\n])*
          let j = i + 1;
          while (j < n) {
            const d = text.charCodeAt(j);
            if (d === 0x5c) {
              const e = text.charCodeAt(j + 1);
              if (e === 0x0a) j += 2;
              else if (e === 0x0d && text.charCodeAt(j + 2) === 0x0a) j += 3;
              else j++;
            } else if (d === 0x0a) break;
            else j++;
          }
          if (withComments) comments.push({ image: text.slice(i, j), startOffset: i });
          i = j;
          continue;
        }
        case 0x0a:
          tokens.push(token("\n", i, t.NL));
          this.#i = i + 1;
          if (this.#examined < i + 1) this.#examined = i + 1;
          return tokens;
        case 0x22:
        case 0x27: {
          const quoted = t.matchQuoted(text, i);
          if (quoted) {
            const image = quoted[0];
            tokens.push(token(image, i, t.Quoted));
            i += image.length;
            continue;
          }
          // UnterminatedQuote: ["'][^\n]*. Whether it is one depended on the text up to the end (a closing quote
          // after backslash-newline or, for a macro value, on a later line).
          this.#examined = n + 1;
          let j = text.indexOf("\n", i + 1);
          if (j === -1) j = n;
          tokens.push(token(text.slice(i, j), i, t.UnterminatedQuote));
          i = j;
          continue;
        }
        case 0x24: {
          // MacroRef: \$[A-Za-z0-9_]+
          let j = i + 1;
          while (j < n && isNameChar(text.charCodeAt(j))) j++;
          if (j > i + 1) {
            tokens.push(token(text.slice(i, j), i, t.MacroRef));
            i = j;
            continue;
          }
          break;
        }
        case 0x21: // !
          if (text.charCodeAt(i + 1) === 0x3d) {
            tokens.push(token("!=", i, t.NotEquals));
            i += 2;
          } else tokens.push(token("!", i++, t.Bang));
          continue;
        case 0x3c: {
          // <
          const d = text.charCodeAt(i + 1);
          if (d === 0x3d) {
            tokens.push(token("<=", i, t.LessEquals));
            i += 2;
          } else if (d === 0x3e) {
            tokens.push(token("<>", i, t.LessGreater));
            i += 2;
          } else tokens.push(token("<", i++, t.Less));
          continue;
        }
        case 0x3e: {
          // >
          const d = text.charCodeAt(i + 1);
          if (d === 0x3d) {
            tokens.push(token(">=", i, t.GreaterEquals));
            i += 2;
          } else if (d === 0x3c) {
            tokens.push(token("><", i, t.GreaterLess));
            i += 2;
          } else tokens.push(token(">", i++, t.Greater));
          continue;
        }
        case 0x2d: // -
          if (text.charCodeAt(i + 1) === 0x3e) {
            tokens.push(token("->", i, t.Arrow));
            i += 2;
          } else tokens.push(token("-", i++, t.Minus));
          continue;
        case 0x3d:
          tokens.push(token("=", i++, t.Equals));
          continue;
        case 0x7b:
          tokens.push(token("{", i++, t.LCurly));
          continue;
        case 0x7d:
          tokens.push(token("}", i++, t.RCurly));
          continue;
        case 0x28:
          tokens.push(token("(", i++, t.LParen));
          continue;
        case 0x29:
          tokens.push(token(")", i++, t.RParen));
          continue;
        case 0x2c:
          tokens.push(token(",", i++, t.Comma));
          continue;
        case 0x2f:
          tokens.push(token("/", i++, t.Slash));
          continue;
      }
      if (c < 128 && WORD_START[c] === 1) {
        wordRest.lastIndex = i + 1;
        wordRest.test(text);
        const j = wordRest.lastIndex;
        const image = text.slice(i, j);
        tokens.push(token(image, i, keywordByImage.get(image) ?? t.Word));
        i = j;
        continue;
      }
      // Stray: a surrogate pair, or any one character.
      const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      const len = pair ? 2 : 1;
      tokens.push(token(text.slice(i, i + len), i, t.Stray));
      i += len;
    }
    this.#i = i;
    this.#examined = n + 1;
    return tokens;
  }
}

/** Scans a whole text. */
export function scanPf(text: string, withComments: boolean): PfScan {
  const scanner = new PfScanner(text, withComments);
  const tokens: IToken[] = [];
  for (let line = scanner.line(); line; line = scanner.line()) for (const tok of line) tokens.push(tok);
  return { tokens, comments: scanner.comments };
}
