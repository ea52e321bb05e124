import { createTokenInstance, type IToken, Lexer } from "chevrotain";
import { ceilCodePoint, floorCodePoint } from "../common/code-points.js";
import { joinLiteralPieces } from "../common/cst.js";
import type { SyntaxProblem } from "../common/syntax-problem.js";
import { unexpectedCharMessage } from "../common/unexpected-char.js";
import type { JailConfComment, StringPiece } from "./ast.js";
import * as t from "./tokens.js";

/** What a merged `Str` token carries: its decoded pieces. */
export interface StrPayload {
  readonly pieces: StringPiece[];
  readonly tokenCount: number;
  readonly quoted: boolean;
}

export interface JailLexResult {
  /** Parser tokens: adjacent pieces already merged into `Str`. */
  readonly tokens: IToken[];
  readonly comments: JailConfComment[];
  readonly problems: SyntaxProblem[];
}

let lexer: Lexer | undefined;
function theLexer(): Lexer {
  // Built once and reused: Chevrotain analyses the token set when the lexer is made.
  lexer ??= new Lexer(t.lexerTokens, { positionTracking: "onlyOffset", skipValidations: true, ensureOptimizations: false });
  return lexer;
}

const pieceTypes = new Set(t.pieceTokens);

export function lexJailConf(text: string): JailLexResult {
  const lexed = theLexer().tokenize(text);
  const problems: SyntaxProblem[] = [];
  // Chevrotain's first-character optimisation can skip the catch-all token for characters outside its
  // tables (non-ASCII); it reports those as lexer errors instead.
  let errorsEnd = 0;
  for (const e of lexed.errors) {
    // It reports the two halves of an emoji separately: one problem per character, never half of one.
    const start = floorCodePoint(text, e.offset);
    if (start < errorsEnd) continue;
    const end = ceilCodePoint(text, e.offset + e.length);
    errorsEnd = end;
    problems.push({
      message: unexpectedCharMessage(text.slice(start, end), start, "quote values that contain it"),
      range: { start, end },
    });
  }
  const comments: JailConfComment[] = [];
  for (const c of lexed.groups.comments ?? []) {
    const range = { start: c.startOffset, end: c.startOffset + c.image.length };
    if (c.tokenType === t.UnterminatedBlockComment) {
      problems.push({
        message: "unterminated comment: `/*` is never closed with `*/`",
        range: { start: range.start, end: range.start + 2 },
      });
    } else {
      comments.push({ text: c.image, range });
    }
  }

  const tokens: IToken[] = [];
  // The pieces of the string being read (reused) and where the last one ends.
  const run: IToken[] = [];
  let runEnd = -1;
  const flush = (): void => {
    if (run.length > 0) tokens.push(mergePieces(run));
    run.length = 0;
  };
  for (const tok of lexed.tokens) {
    const type = tok.tokenType;
    const start = tok.startOffset;
    if (pieceTypes.has(type)) {
      if (run.length > 0 && runEnd !== start) flush();
      run.push(tok);
      runEnd = start + tok.image.length;
      continue;
    }
    flush();
    if (type === t.UnterminatedQuote) {
      problems.push({ message: `unterminated string: the ${tok.image[0]} quote is never closed`, range: { start, end: start + 1 } });
    } else if (type === t.UnterminatedVariable) {
      problems.push({
        message: "unterminated variable: `${` is never closed with `}` on the same line",
        range: { start, end: start + tok.image.length },
      });
    } else if (type === t.Stray) {
      problems.push({
        message: unexpectedCharMessage(tok.image, start, "quote values that contain it"),
        range: { start, end: start + tok.image.length },
      });
    } else {
      tokens.push(tok);
    }
  }
  flush();
  return { tokens, comments, problems };
}

function mergePieces(run: IToken[]): IToken {
  const first = run[0] as IToken;
  const last = run[run.length - 1] as IToken;
  const pieces: StringPiece[] = [];
  let quoted = false;
  for (const tok of run) {
    if (tok.tokenType === t.DoubleQuoted || tok.tokenType === t.SingleQuoted) quoted = true;
    decodePiece(tok, pieces);
  }
  const end = last.startOffset + last.image.length;
  const image = run.length === 1 ? first.image : run.map((x) => x.image).join("");
  const merged = createTokenInstance(t.Str, image, first.startOffset, end - 1, NaN, NaN, NaN, NaN);
  merged.payload = { pieces: joinLiteralPieces(pieces), tokenCount: run.length, quoted } satisfies StrPayload;
  return merged;
}

function pushLiteral(out: StringPiece[], text: string, start: number, end: number): void {
  out.push({ kind: "literal", text, range: { start, end } });
}

function decodePiece(tok: IToken, out: StringPiece[]): void {
  const img = tok.image;
  const start = tok.startOffset;
  const end = start + img.length;
  switch (tok.tokenType) {
    case t.Word:
    case t.LoneChar:
      pushLiteral(out, img, start, end);
      return;
    case t.Escape:
      pushLiteral(out, unescapeJail(img), start, end);
      return;
    case t.SingleQuoted:
      pushLiteral(out, unescapeJail(img.slice(1, -1)), start, end);
      return;
    case t.SimpleVariable:
      out.push({ kind: "variable", name: img.slice(1), braced: false, range: { start, end } });
      return;
    case t.BracedVariable:
      out.push({ kind: "variable", name: unescapeJail(img.slice(2, -1)), braced: true, range: { start, end } });
      return;
    case t.DoubleQuoted:
      decodeDoubleQuoted(img, start, out);
      return;
  }
}

// Inside double quotes jail(8)'s lexer stops at each unescaped `$` that starts a reference;
// a `$` that starts none stays a literal dollar.
const dqVariable = /\$(?:\{([^\n{}"]*)\}|([A-Za-z_][A-Za-z_0-9]*))/y;

function decodeDoubleQuoted(img: string, start: number, out: StringPiece[]): void {
  const before = out.length;
  const inner = img.length - 1;
  let litStart = 1;
  let i = 1;
  const literalUpTo = (to: number): void => {
    const text = unescapeJail(img.slice(litStart, to));
    if (text !== "") pushLiteral(out, text, start + litStart, start + to);
  };
  while (i < inner) {
    const c = img[i];
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (c === "$") {
      dqVariable.lastIndex = i;
      const m = dqVariable.exec(img);
      if (m && i + m[0].length <= inner) {
        literalUpTo(i);
        const name = m[1] !== undefined ? unescapeJail(m[1]) : (m[2] as string);
        out.push({ kind: "variable", name, braced: m[1] !== undefined, range: { start: start + i, end: start + i + m[0].length } });
        i += m[0].length;
        litStart = i;
        continue;
      }
    }
    i++;
  }
  literalUpTo(inner);
  // `""` is still a value: an empty string, not nothing.
  if (out.length === before) pushLiteral(out, "", start, start + img.length);
}

const simpleEscapes: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\n": "" };

/** jaillex.l's text2lval: C escapes, octal and hex, backslash-newline deleted, `\X` is X. */
export function unescapeJail(s: string): string {
  if (!s.includes("\\")) return s;
  return s.replace(/\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|([\s\S]))?/g, (_m, oct?: string, hex?: string, ch?: string) => {
    if (oct !== undefined) return String.fromCharCode(Number.parseInt(oct, 8) & 0xff);
    if (hex !== undefined) return String.fromCharCode(Number.parseInt(hex, 16));
    if (ch === undefined) return "\\";
    return simpleEscapes[ch] ?? ch;
  });
}
