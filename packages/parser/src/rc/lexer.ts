import { type IToken, Lexer, type TokenType } from "chevrotain";
import { ceilCodePoint, ellipsize, floorCodePoint } from "../common/code-points.js";
import { joinLiteralPieces } from "../common/cst.js";
import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { TextRange } from "../common/text-range.js";
import type { RcComment, RcOpaqueKind, RcReferenceOperator, RcStatement, RcValue, RcValuePiece } from "./ast.js";
import { RcAstBuilder } from "./to-ast.js";
import * as t from "./tokens.js";

/** Payload of an `AssignWord` token. */
export interface AssignPayload {
  readonly name: string;
  readonly nameRange: TextRange;
  readonly value: RcValue;
}

/** Payload of an `Opaque` token. */
export interface OpaquePayload {
  readonly kind: RcOpaqueKind;
  /** A short quote of how the construct starts, for the note. */
  readonly head: string;
  readonly assignedNames: readonly string[];
  /** The closing keyword that is missing when the construct runs to the end of the file. */
  readonly missingClose: string | undefined;
}

export interface RcLexResult {
  readonly statements: RcStatement[];
  readonly comments: RcComment[];
  readonly problems: SyntaxProblem[];
  /** One note per opaque statement, in file order. */
  readonly notes: SyntaxProblem[];
}

let lexer: Lexer | undefined;
function theLexer(): Lexer {
  // Built once and reused: Chevrotain analyses the token set when the lexer is made.
  lexer ??= new Lexer(t.lexerTokens, { positionTracking: "onlyOffset", skipValidations: true, ensureOptimizations: false });
  return lexer;
}

const pieceTypes = new Set<TokenType>(t.pieceTokens);

/** One shell word: adjacent pieces with nothing between them. */
export interface Word {
  readonly kind: "word";
  readonly range: TextRange;
  /** The text when the word is one unquoted piece: only such a word can be a reserved word or `export`. */
  readonly plain: string | undefined;
  readonly assign: AssignPayload | undefined;
  readonly hasCommand: boolean;
}

/** A newline, `;` or control/redirection operator between words. */
interface Punct {
  readonly kind: "newline" | "semi" | "op";
  readonly image: string;
  readonly range: TextRange;
}

type Item = Word | Punct;

/**
 * Reads one rc.conf text: Chevrotain's tokens, joined into words, then split into statements, which become the
 * AST directly (the splitter decides all sh would decide; no grammar is left for a parser to check).
 */
export function lexRcConf(text: string): RcLexResult {
  const lexed = theLexer().tokenize(text);
  const problems: SyntaxProblem[] = [];
  const comments: RcComment[] = (lexed.groups.comments ?? []).map((c) => ({
    text: c.image,
    range: { start: c.startOffset, end: c.startOffset + c.image.length },
  }));
  let errorsEnd = 0;
  for (const e of lexed.errors) {
    const start = floorCodePoint(text, e.offset);
    if (start < errorsEnd) continue;
    const end = ceilCodePoint(text, e.offset + e.length);
    errorsEnd = end;
    problems.push({ message: `unexpected character '${text.slice(start, end)}'`, range: { start, end }, severity: "error" });
  }

  const items: Item[] = [];
  // The pieces of the word being read (reused; the tokens are Chevrotain's) and where the last one ends.
  const run: IToken[] = [];
  let runEnd = -1;
  const flush = (): void => {
    const word = run.length > 0 ? makeWord(run, runEnd) : undefined;
    if (word) items.push(word);
    run.length = 0;
  };
  for (const tok of lexed.tokens) {
    const type = tok.tokenType;
    const start = tok.startOffset;
    const end = start + tok.image.length;
    if (pieceTypes.has(type)) {
      if (run.length > 0 && runEnd !== start) flush();
      run.push(tok);
      runEnd = end;
      continue;
    }
    // The word it belongs to is broken: sh would not run it, so neither half is kept.
    if (type === t.Unterminated && run.length > 0 && runEnd === start) run.length = 0;
    flush();
    if (type === t.Unterminated) {
      problems.push({ message: unterminatedMessage(tok.image), range: { start, end: start + 1 }, severity: "error" });
      // The rest of the line is lost; what follows is read as the next line.
    } else if (type === t.Newline) {
      items.push({ kind: "newline", image: tok.image, range: { start, end } });
    } else if (type === t.Semicolon) {
      items.push({ kind: "semi", image: tok.image, range: { start, end } });
    } else {
      items.push({ kind: "op", image: tok.image, range: { start, end } });
    }
  }
  flush();
  const builder = new RcAstBuilder();
  splitStatements(items, text, builder);
  return { statements: builder.statements, comments, problems, notes: builder.problems };
}

function unterminatedMessage(image: string): string {
  if (image.startsWith("${")) return "unterminated `${`: the variable reference is never closed with `}`";
  if (image.startsWith("$(")) return "unterminated `$(`: the command substitution is never closed with `)`";
  if (image.startsWith("`")) return "unterminated command substitution: the backquote is never closed";
  return `unterminated string: the ${image[0]} quote is never closed`;
}

const assignHead = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/** The word of the pieces in `run`, the last of them ending at `end`. */
function makeWord(run: readonly IToken[], end: number): Word | undefined {
  if (run.every((x) => x.tokenType === t.Continuation)) return undefined;
  const first = run[0] as IToken;
  const range = { start: first.startOffset, end };
  const plain = run.length === 1 && first.tokenType === t.Unquoted ? first.image : undefined;

  // Only an unquoted `name=` makes an assignment: `a\=b` and `"a"=b` are ordinary words in sh.
  const m = first.tokenType === t.Unquoted ? assignHead.exec(first.image) : null;
  if (!m) {
    // A word that is no assignment matters only as text and for whether it runs a command.
    const pieces: RcValuePiece[] = [];
    for (const tok of run) decodeToken(tok, pieces);
    return { kind: "word", range, plain, assign: undefined, hasCommand: hasCommandPiece(pieces) };
  }
  const name = m[1] as string;
  const valueStart = first.startOffset + m[0].length;
  const valuePieces: RcValuePiece[] = [];
  if (first.image.length > m[0].length)
    pushLiteral(valuePieces, first.image.slice(m[0].length), valueStart, first.startOffset + first.image.length);
  let quoted = false;
  for (let k = 1; k < run.length; k++) {
    const tok = run[k] as IToken;
    if (tok.tokenType === t.DoubleQuoted || tok.tokenType === t.SingleQuoted) quoted = true;
    decodeToken(tok, valuePieces);
  }
  const assign: AssignPayload = {
    name,
    nameRange: { start: first.startOffset, end: first.startOffset + name.length },
    value: { pieces: joinLiteralPieces(valuePieces), quoted, range: { start: valueStart, end } },
  };
  // The `name=` piece is literal: the value's pieces hold every command the word has.
  return { kind: "word", range, plain, assign, hasCommand: hasCommandPiece(assign.value.pieces) };
}

function hasCommandPiece(pieces: readonly RcValuePiece[]): boolean {
  return pieces.some((p) => p.kind === "command" || (p.kind === "reference" && p.word !== undefined && hasCommandPiece(p.word)));
}

function pushLiteral(out: RcValuePiece[], text: string, start: number, end: number): void {
  out.push({ kind: "literal", text, range: { start, end } });
}

function decodeToken(tok: IToken, out: RcValuePiece[]): void {
  const img = tok.image;
  const start = tok.startOffset;
  const end = start + img.length;
  switch (tok.tokenType) {
    case t.Continuation:
      return;
    case t.Unquoted:
      pushLiteral(out, img, start, end);
      return;
    case t.LoneDollar:
      pushLiteral(out, "$", start, end);
      return;
    case t.Escape:
      pushLiteral(out, img.slice(1), start, end);
      return;
    case t.SingleQuoted:
      pushLiteral(out, img.slice(1, -1), start, end);
      return;
    case t.Backquoted:
    case t.CommandSubstitution:
      out.push({ kind: "command", text: img, range: { start, end } });
      return;
    case t.SimpleReference:
      out.push({ kind: "reference", name: img.slice(1), braced: false, range: { start, end } });
      return;
    case t.BracedReference:
      out.push(bracedReference(img, start));
      return;
    case t.DoubleQuoted: {
      const before = out.length;
      decodeText(img.slice(1, -1), start + 1, "double", out);
      // `""` is still a value: the empty string.
      if (out.length === before) pushLiteral(out, "", start, end);
      return;
    }
  }
}

const refName = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])/;
const refOperator = /^(?::[-=+?]|[-=+?]|##|#|%%|%)/;

/** `${…}` at `start`: a name and, for `${name:-word}` and friends, the operator and decoded word. */
function bracedReference(img: string, start: number): RcValuePiece {
  const range = { start, end: start + img.length };
  const inner = img.slice(2, -1);
  if (
    inner.length > 1 &&
    inner.startsWith("#") &&
    refName.test(inner.slice(1)) &&
    (refName.exec(inner.slice(1)) as RegExpExecArray)[0].length === inner.length - 1
  ) {
    return { kind: "reference", name: inner.slice(1), braced: true, operator: "length", range };
  }
  const nm = refName.exec(inner);
  if (!nm) return { kind: "reference", name: inner, braced: true, range };
  const name = nm[0];
  const rest = inner.slice(name.length);
  if (rest === "") return { kind: "reference", name, braced: true, range };
  const op = refOperator.exec(rest);
  if (!op) return { kind: "reference", name: inner, braced: true, range };
  const word: RcValuePiece[] = [];
  const wordText = rest.slice(op[0].length);
  decodeText(wordText, start + 2 + name.length + op[0].length, "unquoted", word);
  return { kind: "reference", name, braced: true, operator: op[0] as RcReferenceOperator, word: joinLiteralPieces(word), range };
}

const simpleRef = /\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/y;
// Inside double quotes a backslash quotes only these; before anything else it is kept (sh(1) "Double Quotes").
const dqEscapable = '$`"\\\n';

/** The characters decodeText looks at: a backslash, a backquote and `$`, and quotes outside double quotes. */
function isSpecial(c: number, mode: "double" | "unquoted"): boolean {
  return c === 92 || c === 96 || c === 36 || (mode === "unquoted" && (c === 39 || c === 34));
}

/** Decodes the text of a double-quoted string or of a `${name:-word}` word into pieces. */
function decodeText(src: string, base: number, mode: "double" | "unquoted", out: RcValuePiece[]): void {
  let lit = "";
  let litStart = 0;
  const flushLit = (to: number): void => {
    if (lit !== "") pushLiteral(out, lit, base + litStart, base + to);
    lit = "";
    litStart = to;
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === "\\") {
      const next = src[i + 1];
      if (next === undefined) {
        lit += "\\";
        i++;
      } else if (next === "\n") {
        i += 2;
      } else if (mode === "unquoted" || dqEscapable.includes(next)) {
        lit += next;
        i += 2;
      } else {
        lit += `\\${next}`;
        i += 2;
      }
      continue;
    }
    if (mode === "unquoted" && c === "'") {
      const e = src.indexOf("'", i + 1);
      const end = e === -1 ? src.length : e;
      lit += src.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (mode === "unquoted" && c === '"') {
      const e = t.scanDoubleQuoted(src, i);
      const end = e === -1 ? src.length : e;
      flushLit(i);
      decodeText(src.slice(i + 1, e === -1 ? end : end - 1), base + i + 1, "double", out);
      i = end;
      litStart = i;
      continue;
    }
    if (c === "`") {
      const e = t.scanBackquoted(src, i);
      const end = e === -1 ? src.length : e;
      flushLit(i);
      out.push({ kind: "command", text: src.slice(i, end), range: { start: base + i, end: base + end } });
      i = end;
      litStart = i;
      continue;
    }
    if (c === "$") {
      const n = src[i + 1];
      if (n === "(" || n === "{") {
        const e = n === "(" ? t.scanParens(src, i + 1) : t.scanBraces(src, i + 1);
        const end = e === -1 ? src.length : e;
        flushLit(i);
        const img = src.slice(i, end);
        out.push(n === "(" ? { kind: "command", text: img, range: { start: base + i, end: base + end } } : bracedReference(img, base + i));
        i = end;
        litStart = i;
        continue;
      }
      simpleRef.lastIndex = i;
      const m = simpleRef.exec(src);
      if (m) {
        flushLit(i);
        out.push({ kind: "reference", name: m[0].slice(1), braced: false, range: { start: base + i, end: base + i + m[0].length } });
        i += m[0].length;
        litStart = i;
        continue;
      }
    }
    // This character and the ordinary ones after it, in one piece of text.
    let j = i + 1;
    while (j < src.length && !isSpecial(src.charCodeAt(j), mode)) j++;
    lit += j === i + 1 ? c : src.slice(i, j);
    i = j;
  }
  flushLit(src.length);
}

// ---------------------------------------------------------------------------------------------------------
// Statement splitting. sh decides what a word means by where it stands: `if` is a reserved word only where a
// command starts, and `a=1` is an assignment only before the command name. The splitter makes those
// decisions so the grammar stays as small as the language jaillint evaluates.

const openers: Record<string, { kind: RcOpaqueKind; close: string }> = {
  if: { kind: "if", close: "fi" },
  case: { kind: "case", close: "esac" },
  for: { kind: "for", close: "done" },
  while: { kind: "while", close: "done" },
  until: { kind: "until", close: "done" },
  select: { kind: "for", close: "done" },
  "{": { kind: "group", close: "}" },
};
const closers = new Set(["fi", "esac", "done", "}"]);
/** After these reserved words the next word starts a command again. */
const commandStarters = new Set(["if", "then", "else", "elif", "while", "until", "do", "{", "!", "time"]);
const chainOps = new Set(["&&", "||", "|"]);

function splitStatements(items: Item[], text: string, out: RcAstBuilder): void {
  let i = 0;
  while (i < items.length) {
    const it = items[i] as Item;
    if (it.kind === "newline" || it.kind === "semi") {
      i++;
      continue;
    }
    // A simple command: words up to a newline, `;` or operator.
    let j = i;
    let noCommands = true;
    let allAssign = true;
    for (; j < items.length; j++) {
      const w = items[j] as Item;
      if (w.kind !== "word") break;
      if (w.hasCommand) noCommands = false;
      if (!w.assign) allAssign = false;
    }
    const after = items[j];
    const endsPlainly = after === undefined || after.kind === "newline" || after.kind === "semi";
    const head = j > i ? (it as Word) : undefined;
    if (head && endsPlainly && noCommands && allAssign) {
      for (let k = i; k < j; k++) out.assignment(items[k] as Word, undefined);
      i = j;
      continue;
    }
    if (head && endsPlainly && noCommands && (head.plain === "export" || head.plain === "readonly") && exportable(items, i + 1, j)) {
      out.exportStatement(head, items.slice(i + 1, j) as Word[]);
      i = j;
      continue;
    }
    const end = opaqueEnd(items, i);
    // A construct left open at the end of the file does not own the trailing line breaks.
    let lastIndex = end - 1;
    while (lastIndex > i && (items[lastIndex] as Item).kind !== "word" && (items[lastIndex] as Item).kind !== "op") lastIndex--;
    const last = items[lastIndex] as Item;
    const range = { start: it.range.start, end: last.range.end };
    const inside = items.slice(i, end);
    const assignedNames = [...new Set(inside.flatMap((x) => (x.kind === "word" && x.assign ? [x.assign.name] : [])))];
    out.opaque(range, { ...describeOpaque(items, i, end, text), assignedNames });
    i = end;
  }
}

/** After `export`/`readonly`: only assignments and names. */
function exportable(items: Item[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const w = items[k] as Word;
    if (!w.assign && !isName(w)) return false;
  }
  return true;
}

const nameRe = /^[A-Za-z_][A-Za-z0-9_]*$/;
function isName(w: Word): boolean {
  return w.plain !== undefined && nameRe.test(w.plain);
}

function describeOpaque(items: Item[], start: number, end: number, text: string): Omit<OpaquePayload, "assignedNames"> {
  const first = items[start] as Item;
  const second = items[start + 1];
  const firstLine = (r: TextRange): string => {
    const s = text.slice(r.start, r.end).split(/\r\n|\r|\n/)[0] ?? "";
    return ellipsize(s, 40);
  };
  const lastItem = items[end - 1] as Item;
  if (first.kind === "word" && first.plain !== undefined && first.plain in openers) {
    const o = openers[first.plain] as { kind: RcOpaqueKind; close: string };
    const closed = lastItem.kind === "word" && lastItem.plain === o.close;
    return { kind: o.kind, head: first.plain, missingClose: closed ? undefined : o.close };
  }
  if (first.kind === "op" && first.image === "(") {
    return { kind: "subshell", head: "(", missingClose: lastItem.kind === "op" && lastItem.image === ")" ? undefined : ")" };
  }
  if (first.kind === "word" && second?.kind === "op" && second.image === "(") {
    const closed = lastItem.kind === "word" && closers.has(lastItem.plain ?? "");
    const body = items.slice(start + 2, end).find((x) => x.kind === "word" && x.plain !== undefined && x.plain in openers);
    const missing = body?.kind === "word" && !closed ? openers[body.plain ?? ""]?.close : undefined;
    return { kind: "function", head: `${text.slice(first.range.start, first.range.end)}()`, missingClose: missing };
  }
  if (first.kind === "word" && first.assign && first.hasCommand && (items[start + 1] === undefined || items[start + 1]?.kind !== "word")) {
    return { kind: "substitution", head: first.assign.name, missingClose: undefined };
  }
  return { kind: "command", head: firstLine({ start: first.range.start, end: lastItem.range.end }), missingClose: undefined };
}

/** Index just past the construct that starts at `start`: a compound command or a command list to its line end. */
function opaqueEnd(items: Item[], start: number): number {
  let depth = 0;
  let parens = 0;
  let commandPosition = true;
  let i = start;
  for (; i < items.length; i++) {
    const it = items[i] as Item;
    if (it.kind === "word") {
      const w = it.plain;
      if (commandPosition && w !== undefined && w in openers) {
        depth++;
        commandPosition = commandStarters.has(w);
        continue;
      }
      if (commandPosition && w !== undefined && closers.has(w) && depth > 0) {
        depth--;
        // sh(1) recognizes a reserved word in the word after another one (POSIX 2.4), so compound commands
        // nest: in `{ { x=1; } }` and `if a; then if b; then c; fi fi` the second closer closes the outer one.
        commandPosition = true;
        if (depth === 0 && parens === 0 && endsHere(items, i)) return i + 1;
        continue;
      }
      commandPosition = w !== undefined && commandStarters.has(w) && depth > 0;
      continue;
    }
    if (it.kind === "op") {
      if (it.image === "(") {
        // `f()`: a function definition; its body follows, possibly on the next line.
        const prev = items[i - 1];
        const next = items[i + 1];
        if (next?.kind === "op" && next.image === ")" && prev?.kind === "word") {
          i++;
          while (items[i + 1]?.kind === "newline") i++;
          commandPosition = true;
          continue;
        }
        parens++;
      } else if (it.image === ")") {
        if (parens > 0) parens--;
        if (parens === 0 && depth === 0 && endsHere(items, i)) return i + 1;
      }
      commandPosition = it.image !== ">" && it.image !== "<" && it.image !== ">>" && it.image !== "<<";
      continue;
    }
    // A newline or `;`: the end, unless inside a construct or after `&&`, `||`, `|`.
    const prev = items[i - 1];
    const chained = prev?.kind === "op" && chainOps.has(prev.image);
    if (depth === 0 && parens === 0 && !chained) return i;
    commandPosition = true;
  }
  return i;
}

/** A closing `fi`/`)` ends the statement unless the line continues it (`fi && x`, `} > /dev/null`). */
function endsHere(items: Item[], i: number): boolean {
  const next = items[i + 1];
  return next === undefined || next.kind === "newline" || next.kind === "semi";
}

// ---------------------------------------------------------------------------------------------------------
// Simple commands, for scripts jaillint reads as sh would run them (rc.d/ipfw runs `firewall_script` with
// /bin/sh): the words of each command with their pieces, and whether each piece was quoted, which decides
// whether its expansion is split into fields (sh(1) "Field Splitting").

/** One piece of a command word; `quoted` pieces are not split into fields when expanded. */
export type ShPiece = RcValuePiece & { readonly quoted: boolean };

export interface ShWord {
  readonly range: TextRange;
  readonly pieces: readonly ShPiece[];
  /** `name=value` before the command name, or as the whole command. */
  readonly assign: AssignPayload | undefined;
}

export interface ShCommand {
  readonly words: readonly ShWord[];
  readonly range: TextRange;
  /**
   * Inside `if`, `case` or a loop (of the script, or of the function body it belongs to): sh may run it, not run
   * it, or run it several times.
   */
  readonly conditional: boolean;
  /** A function definition `name() { … }` (the command's one word is the name): its body's commands follow. */
  readonly defines?: { readonly name: string; readonly id: number };
  /** In the body of the function definition with this id: it runs where the function is called, not here. */
  readonly inFunction?: number;
}

const reserved = new Set(["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac", "{", "}", "!", "in"]);

/**
 * The simple commands of an sh script, in order, reserved words (`if`, `then`, `fi`, …) left out; a command is
 * ended by a newline, `;`, `&&`, `||`, `|` or a parenthesis. Commands inside compound commands are marked
 * `conditional`. A function definition `name() { … }` (sh(1) "Functions") is one command with `defines`, and
 * the commands of its `{ … }` body carry its id in `inFunction` (a body that is a subshell `( … )` is not
 * told apart: its commands read as the script's own).
 */
export function lexShCommands(text: string): ShCommand[] {
  const lexed = theLexer().tokenize(text);
  const words: (ShWord | Punct)[] = [];
  const run: IToken[] = [];
  let runEnd = -1;
  const flush = (): void => {
    if (run.length > 0 && !run.every((x) => x.tokenType === t.Continuation)) {
      const first = run[0] as IToken;
      const word = makeWord(run, runEnd);
      const pieces: ShPiece[] = [];
      for (const tok of run) {
        const out: RcValuePiece[] = [];
        decodeToken(tok, out);
        const quoted =
          tok.tokenType !== t.SimpleReference &&
          tok.tokenType !== t.BracedReference &&
          tok.tokenType !== t.Backquoted &&
          tok.tokenType !== t.CommandSubstitution;
        for (const p of out) pieces.push({ ...p, quoted });
      }
      words.push({ range: { start: first.startOffset, end: runEnd }, pieces, assign: word?.assign });
    }
    run.length = 0;
  };
  for (const tok of lexed.tokens) {
    const start = tok.startOffset;
    if (pieceTypes.has(tok.tokenType)) {
      if (run.length > 0 && runEnd !== start) flush();
      run.push(tok);
      runEnd = start + tok.image.length;
      continue;
    }
    flush();
    words.push({
      kind: tok.tokenType === t.Newline ? "newline" : tok.tokenType === t.Semicolon ? "semi" : "op",
      image: tok.image,
      range: { start, end: start + tok.image.length },
    });
  }
  flush();
  const out: ShCommand[] = [];
  let depth = 0;
  let current: ShWord[] = [];
  let commandStart = true;
  /** The function bodies open around the current word: their id and the depth their `{` opened. */
  const frames: { id: number; depth: number }[] = [];
  /** A definition read, whose body's `{` is still to come. */
  let pending: number | undefined;
  let nextId = 0;
  const plainOf = (w: ShWord): string | undefined =>
    w.pieces.length === 1 && w.pieces[0]?.kind === "literal" && text[w.range.start] !== "'" && text[w.range.start] !== '"'
      ? w.pieces[0].text
      : undefined;
  const end = (): void => {
    const first = current[0];
    const last = current[current.length - 1];
    const frame = frames[frames.length - 1];
    if (first && last)
      out.push({
        words: current,
        range: { start: first.range.start, end: last.range.end },
        conditional: depth > (frame?.depth ?? 0),
        ...(frame ? { inFunction: frame.id } : {}),
      });
    current = [];
    commandStart = true;
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as ShWord | Punct;
    if ("kind" in w) {
      const next = words[i + 1];
      const name = current.length === 1 ? plainOf(current[0] as ShWord) : undefined;
      if (w.image === "(" && next && "kind" in next && next.image === ")" && name !== undefined && /^[A-Za-z_][\w-]*$/.test(name)) {
        // `name()`: a function definition; its body is the compound command that follows.
        const id = nextId++;
        const frame = frames[frames.length - 1];
        const nameWord = current[0] as ShWord;
        out.push({
          words: current,
          range: nameWord.range,
          conditional: depth > (frame?.depth ?? 0),
          defines: { name, id },
          ...(frame ? { inFunction: frame.id } : {}),
        });
        current = [];
        commandStart = true;
        pending = id;
        i++;
        continue;
      }
      end();
      continue;
    }
    const plain = plainOf(w);
    if (commandStart && plain !== undefined && reserved.has(plain)) {
      if (plain === "if" || plain === "while" || plain === "until" || plain === "for" || plain === "case" || plain === "{") depth++;
      else if ((plain === "fi" || plain === "done" || plain === "esac" || plain === "}") && depth > 0) {
        if (frames.length > 0 && (frames[frames.length - 1] as { depth: number }).depth === depth) frames.pop();
        depth--;
      }
      if (plain === "{" && pending !== undefined) {
        frames.push({ id: pending, depth });
        pending = undefined;
      }
      // `for i in a b` and `case x in`: the rest of the line is no command.
      if (plain === "for" || plain === "case") commandStart = false;
      continue;
    }
    pending = undefined;
    if (!commandStart && current.length === 0) continue;
    commandStart = false;
    current.push(w);
  }
  end();
  return out;
}
