import { createTokenInstance, type IToken, type TokenType } from "chevrotain";
import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { TextRange } from "../common/text-range.js";
import { unexpectedCharMessage } from "../common/unexpected-char.js";
import type { PfComment, PfMacroUse } from "./ast.js";
import { PfScanner, scanPf } from "./scan.js";
import * as t from "./tokens.js";

/** What every parser token carries: its decoded value, and the macro it came from. */
export interface PfTokenPayload {
  /** The string pfctl would see: quotes removed, escapes processed. */
  readonly value: string;
  readonly quoted: boolean;
  /** Set when the token is (part of) the expansion of `$macro`. Its offsets are then those of `$macro`. */
  readonly macro?: string;
  /** A `$name` with no definition before it, kept as a placeholder word so the rest of the rule still parses. */
  readonly undefinedMacro?: boolean;
}

/** A `name = value` definition as the lexer saw it (the grammar sees it too; this copy drives expansion). */
export interface LexedMacro {
  readonly name: string;
  readonly value: string;
  readonly nameRange: TextRange;
  readonly range: TextRange;
}

/** parse.y's quoted strings: a backslash escapes only the quote, space and tab; backslash-newline is removed. */
function unquote(image: string): string {
  const q = image[0] as string;
  return image.slice(1, -1).replace(/\\(\r?\n|.)/g, (m: string, c: string) => {
    if (c === "\n" || c === "\r\n") return "";
    return c === q || c === " " || c === "\t" ? c : m;
  });
}

export function tokenValue(tok: IToken): string {
  const p = tok.payload as PfTokenPayload | undefined;
  if (p) return p.value;
  return tok.tokenType === t.Quoted ? unquote(tok.image) : tok.image;
}

/** The offset just past a token. */
export function tokenEnd(tok: IToken): number {
  return (tok.endOffset ?? tok.startOffset + tok.image.length - 1) + 1;
}

export function tokenRange(tok: IToken): TextRange {
  return { start: tok.startOffset, end: tokenEnd(tok) };
}

const keywordTypes = new Set(Object.values(t.K));
const wordLike = (tok: IToken | undefined): tok is IToken =>
  tok !== undefined && (tok.tokenType === t.Word || keywordTypes.has(tok.tokenType));

/**
 * Lexes pf.conf and expands macros the way pfctl's lexer does: a `$name` outside quotes is replaced by the
 * macro's value, lexed again (so a value holding `{ em0 lo1 }` becomes a real list and keywords in it work).
 * References inside a definition are expanded at definition time; an expansion is not expanded again.
 */
export interface PfLexOptions {
  /** `pfctl -D` macros: defined before the file and persistent (a definition in the file does not replace them). */
  readonly persistent?: ReadonlyMap<string, string>;
  /** Macros already defined when this file starts (an included file sees those of the file including it). */
  readonly initial?: ReadonlyMap<string, string>;
  /**
   * Called at an `include "file"` line with the macros defined so far; returns the macros defined when the included
   * file ends (pfctl reads it in place, so its definitions hold for the rest of this file), or undefined when it
   * cannot be read.
   */
  readonly onInclude?: (path: string, range: TextRange, macros: ReadonlyMap<string, string>) => ReadonlyMap<string, string> | undefined;
  /** Where to start reading: a line start, with `initial` the macros defined there. */
  readonly start?: number;
}

/**
 * A change the lexer made to its macros: a definition, or the macros an included file left (which replace them
 * all). Replaying them on the macros a line starts with gives those it ends with.
 */
export type PfMacroChange =
  | { readonly name: string; readonly value: string }
  | { readonly name?: undefined; readonly all: ReadonlyMap<string, string> };

/** One token of a macro's expansion, before it takes the offsets of the `$name` it replaces. */
interface Expanded {
  readonly type: TokenType;
  readonly image: string;
  readonly value: string;
  readonly quoted: boolean;
}

export class PfLexer {
  readonly problems: SyntaxProblem[] = [];
  readonly macroUses: PfMacroUse[] = [];
  /** The macros defined so far; when the text is read, those defined when the file ends. */
  readonly macros: Map<string, string>;
  /** Every change made to `macros`, in order. */
  readonly changes: PfMacroChange[] = [];
  /** How many `include` lines were read (whether or not `onInclude` read the file). */
  includes = 0;
  readonly #scanner: PfScanner;
  readonly #predefined: ReadonlyMap<string, string>;
  readonly #onInclude: PfLexOptions["onInclude"];

  constructor(text: string, options: PfLexOptions = {}) {
    this.#scanner = new PfScanner(text, true, options.start ?? 0);
    this.#predefined = options.persistent ?? new Map<string, string>();
    this.#onInclude = options.onInclude;
    this.macros = new Map([...(options.initial ?? []), ...this.#predefined]);
  }

  /** The comments read so far (all of them once `line` has returned false), from the `from`th on. */
  comments(from = 0): PfComment[] {
    const out: PfComment[] = [];
    const raw = this.#scanner.comments;
    for (let i = from; i < raw.length; i++) {
      const c = raw[i] as { image: string; startOffset: number };
      out.push({ text: c.image, range: { start: c.startOffset, end: c.startOffset + c.image.length } });
    }
    return out;
  }

  /** How many comments were read so far. */
  get commentCount(): number {
    return this.#scanner.comments.length;
  }

  /** Where the next line starts. */
  get offset(): number {
    return this.#scanner.offset;
  }

  /** The offsets below this decided the tokens read so far (see PfScanner.examined). */
  get examined(): number {
    return this.#scanner.examined;
  }

  /**
   * Goes on reading at `offset`, a line start whose lines before it the caller accounts for (their macro changes
   * applied to `macros`); `examined` counts from there.
   */
  seek(offset: number): void {
    this.#scanner.seek(offset);
  }

  /**
   * Reads the next line of the text and appends its parser tokens, macros expanded, to `out`; false at the end of
   * the text. Every look-ahead of the expansion stops at the line's newline token, and a line starts with
   * `lineStart` set, so reading line by line gives the tokens of reading the whole text at once.
   */
  line(out: IToken[]): boolean {
    const raw = this.#scanner.line();
    if (raw === undefined) return false;
    this.#expand(raw, out);
    return true;
  }

  /** The tokens a macro's text lexes to, once per distinct text; undefined where pf cannot read it. */
  readonly #expansions = new Map<string, (Expanded | undefined)[]>();

  #expansion(text: string): (Expanded | undefined)[] {
    let known = this.#expansions.get(text);
    if (known) return known;
    known = scanPf(text, false).tokens.map((e) => {
      if (e.tokenType === t.UnterminatedQuote || (e.tokenType === t.Stray && e.image !== "$")) return undefined;
      // An expansion is not expanded again (parse.y sets `expanding`), so a `$x` inside stays a word.
      const type = e.tokenType === t.MacroRef || e.tokenType === t.Stray ? t.Word : e.tokenType;
      return { type, image: e.image, value: tokenValue(e), quoted: e.tokenType === t.Quoted };
    });
    this.#expansions.set(text, known);
    return known;
  }

  #expand(raw: IToken[], out: IToken[]): void {
    const { problems, macroUses, macros } = this;
    const predefined = this.#predefined;
    const onInclude = this.#onInclude;
    let lineStart = true;
    for (let i = 0; i < raw.length; i++) {
      const tok = raw[i] as IToken;
      const type = tok.tokenType;
      if (type === t.UnterminatedQuote) {
        problems.push({
          message: `unterminated string: the ${tok.image[0]} quote is never closed on this line`,
          range: { start: tok.startOffset, end: tok.startOffset + 1 },
        });
        continue;
      }
      if (type === t.Stray) {
        problems.push({ message: unexpectedCharMessage(tok.image, tok.startOffset, ""), range: tokenRange(tok) });
        continue;
      }
      // A definition: a word first on its line, then `=`. Its value is read here, where parse.y expands it.
      const next = raw[i + 1];
      if (lineStart && (type === t.Word || type === t.Quoted) && next?.tokenType === t.Equals) {
        out.push(tok, next);
        i += 2;
        const parts: string[] = [];
        for (; i < raw.length; i++) {
          const v = raw[i] as IToken;
          if (v.tokenType === t.NL) break;
          if (v.tokenType === t.MacroRef) {
            const name = v.image.slice(1);
            const value = macros.get(name);
            macroUses.push({ name, range: tokenRange(v), defined: value !== undefined });
            // The value is pushed back into the input, so text right after `$x` continues the word (`$if:network`).
            let joined = value ?? v.image;
            let end = tokenRange(v).end;
            while (wordLike(raw[i + 1]) && (raw[i + 1] as IToken).startOffset === end) {
              i++;
              joined += (raw[i] as IToken).image;
              end = tokenRange(raw[i] as IToken).end;
            }
            const placeholder = createTokenInstance(t.Word, v.image, v.startOffset, end - 1, NaN, NaN, NaN, NaN);
            placeholder.payload = {
              value: joined,
              quoted: false,
              macro: name,
              undefinedMacro: value === undefined,
            } satisfies PfTokenPayload;
            parts.push(joined);
            out.push(placeholder);
            continue;
          }
          if (v.tokenType === t.UnterminatedQuote || v.tokenType === t.Stray) {
            i--;
            break;
          }
          parts.push(tokenValue(v));
          out.push(v);
        }
        // `pfctl -D` macros are persistent (parse.y symset): a definition in the file does not replace them.
        const name = tokenValue(tok);
        if (!predefined.has(name)) {
          const value = parts.join(" ");
          macros.set(name, value);
          this.changes.push({ name, value });
        }
        i--;
        lineStart = false;
        continue;
      }
      if (type === t.MacroRef) {
        const name = tok.image.slice(1);
        const value = macros.get(name);
        const refRange = tokenRange(tok);
        macroUses.push({ name, range: refRange, defined: value !== undefined });
        // pfctl pushes the value back into the input: text right after `$x` continues its last word (`$if:network`).
        let suffix = "";
        let end = refRange.end;
        while (wordLike(raw[i + 1]) && (raw[i + 1] as IToken).startOffset === end) {
          i++;
          suffix += (raw[i] as IToken).image;
          end = tokenRange(raw[i] as IToken).end;
        }
        const range = { start: refRange.start, end };
        if (value === undefined) {
          const placeholder = createTokenInstance(t.Word, tok.image + suffix, range.start, range.end - 1, NaN, NaN, NaN, NaN);
          placeholder.payload = { value: tok.image + suffix, quoted: false, macro: name, undefinedMacro: true } satisfies PfTokenPayload;
          out.push(placeholder);
        } else {
          for (const e of this.#expansion(value + suffix)) {
            if (e === undefined) {
              problems.push({ message: `macro '${name}' expands to text pf cannot read: ${JSON.stringify(value)}`, range });
              continue;
            }
            const copy = createTokenInstance(e.type, e.image, range.start, range.end - 1, NaN, NaN, NaN, NaN);
            copy.payload = { value: e.value, quoted: e.quoted, macro: name } satisfies PfTokenPayload;
            out.push(copy);
          }
        }
        lineStart = false;
        continue;
      }
      if (lineStart && type === t.K.include) this.includes++;
      if (lineStart && type === t.K.include && onInclude) {
        const target = raw[i + 1];
        if (target && (target.tokenType === t.Quoted || wordLike(target))) {
          const after = onInclude(tokenValue(target), tokenRange(target), macros);
          if (after) {
            macros.clear();
            for (const [k, v] of after) macros.set(k, v);
            for (const [k, v] of predefined) macros.set(k, v);
            this.changes.push({ all: new Map(macros) });
          }
        }
      }
      out.push(tok);
      lineStart = type === t.NL;
    }
  }
}
