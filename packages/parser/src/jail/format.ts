import type { IToken } from "chevrotain";
import type { FreeBsdVersion } from "../common/freebsd-version.js";
import type { TextRange } from "../common/text-range.js";
import { parseJailConf } from "./index.js";
import { lexJailConf } from "./lexer.js";
import * as t from "./tokens.js";

export interface JailFormatOptions {
  /** One level of indentation: a number of spaces (default 4) or the string itself (`"\t"`). */
  readonly indent?: number | string;
  /** Line up the `=` and `+=` of consecutive parameters, a blank line or a block ending the run (default false). */
  readonly alignEquals?: boolean;
  /** A list of values that would make its line longer than this is written one value per line (default 100). */
  readonly lineWidth?: number;
  /** The release whose jail(8) judges the syntax (a file it rejects is not formatted). */
  readonly freebsd?: FreeBsdVersion;
}

/**
 * The formatted text, or why the file is left alone: it has a syntax error (the formatter moves only whitespace
 * and comments between tokens, so it must know where every token belongs), or, as a safety net, the layout would
 * not read back as the same tokens.
 */
export type JailFormatResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: "syntax-error" | "unsafe"; readonly message: string; readonly range: TextRange };

type TokKind = "str" | "lc" | "rc" | "eq" | "pleq" | "comma" | "semi" | "comment";

interface Tok {
  readonly kind: TokKind;
  readonly image: string;
  readonly start: number;
  readonly end: number;
  readonly lineComment: boolean;
  /** Nothing but blanks between the previous line break (or the file start) and this token. */
  readonly ownLine: boolean;
  /** Line breaks between the previous token or comment and this one. */
  readonly newlinesBefore: number;
}

interface CommentItem {
  readonly type: "comment";
  readonly tok: Tok;
  readonly blankBefore: boolean;
  readonly trailing: Tok[];
}

interface StmtItem {
  readonly type: "stmt";
  readonly blankBefore: boolean;
  readonly name: Tok;
  readonly op: Tok | undefined;
  readonly values: Tok[];
  /** Comments written between two values, by the index of the value before them. */
  readonly inner: { readonly after: number; readonly tok: Tok }[];
  readonly trailing: Tok[];
}

interface BlockItem {
  readonly type: "block";
  readonly blankBefore: boolean;
  readonly name: Tok;
  readonly headTrailing: Tok[];
  readonly body: Item[];
  readonly trailing: Tok[];
}

type Item = CommentItem | StmtItem | BlockItem;

const KIND = new Map<unknown, TokKind>([
  [t.Str, "str"],
  [t.LCurly, "lc"],
  [t.RCurly, "rc"],
  [t.Equals, "eq"],
  [t.PlusEquals, "pleq"],
  [t.Comma, "comma"],
  [t.Semicolon, "semi"],
]);

/**
 * Formats a jail.conf in one canonical layout: one statement per line, blocks indented, `name = value;` with single
 * spaces, a long list one value per line under its first value, empty statements dropped, comments kept where they
 * are (a comment inside a statement moves behind its `;`), blank lines between groups kept (at most one). It moves
 * only the whitespace between tokens, so the file means the same to jail(8); the result is its own fixed point.
 * Pure: no I/O.
 */
export function formatJailConf(text: string, options: JailFormatOptions = {}): JailFormatResult {
  const ast = parseJailConf(text, options.freebsd ? { freebsd: options.freebsd } : {});
  const problem = ast.problems[0];
  if (problem) return { ok: false, reason: "syntax-error", message: problem.message, range: problem.range };
  const toks = elements(text);
  const indent = typeof options.indent === "string" ? options.indent : " ".repeat(options.indent ?? 4);
  const printer = new Printer(indent, options.alignEquals ?? false, options.lineWidth ?? 100);
  const cursor = { i: 0 };
  const items = readItems(toks, cursor, undefined);
  printer.items(items, 0);
  const eol = /\r\n/.test(text.slice(0, text.indexOf("\n") + 1)) ? "\r\n" : "\n";
  const out = printer.lines.length === 0 ? "" : printer.lines.join(eol) + eol;
  const check = sameTokens(toks, elements(out));
  if (check !== undefined) {
    const at = toks[check]?.start ?? text.length;
    return {
      ok: false,
      reason: "unsafe",
      message: "the formatted text would not read back as the same tokens; the file is left as it is",
      range: { start: at, end: at },
    };
  }
  return { ok: true, text: out };
}

/** Tokens and comments in file order, each with the line breaks before it. */
function elements(text: string): Tok[] {
  const lexed = lexJailConf(text);
  const tokens = lexed.tokens as IToken[];
  const comments = lexed.comments;
  const out: Tok[] = [];
  let prevEnd = 0;
  const push = (kind: TokKind, image: string, start: number, end: number, lineComment: boolean): void => {
    const newlinesBefore = countNewlines(text, prevEnd, start);
    out.push({ kind, image, start, end, lineComment, ownLine: out.length === 0 || newlinesBefore > 0, newlinesBefore });
    prevEnd = end;
  };
  // Both lists are in file order: merge them.
  let c = 0;
  for (let k = 0; k <= tokens.length; k++) {
    const tok = tokens[k];
    while (c < comments.length && (!tok || (comments[c] as { range: TextRange }).range.start < tok.startOffset)) {
      const cm = comments[c++] as { text: string; range: TextRange };
      const lineComment = !cm.text.startsWith("/*");
      // A line comment runs to `\n`: the `\r` of a CRLF line and trailing blanks are not part of what it says.
      push("comment", lineComment ? cm.text.replace(/[ \t\r]+$/, "") : cm.text, cm.range.start, cm.range.end, lineComment);
    }
    if (!tok) break;
    const kind = KIND.get(tok.tokenType);
    if (kind) push(kind, tok.image, tok.startOffset, tok.startOffset + tok.image.length, false);
  }
  return out;
}

/** Line breaks in `text` between two offsets. */
function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * Index of the first token that differs, or undefined when both read the same: the same tokens in the same order
 * but for empty statements, and the same comments (which the layout may move past a `;` or a `{`).
 */
function sameTokens(a: readonly Tok[], b: readonly Tok[]): number | undefined {
  const code = (x: readonly Tok[]) => {
    const out: Tok[] = [];
    for (const e of x) {
      if (e.kind === "comment") continue;
      const prev = out[out.length - 1]?.kind;
      if (e.kind === "semi" && (prev === undefined || prev === "semi" || prev === "lc" || prev === "rc")) continue;
      out.push(e);
    }
    return out;
  };
  const ca = code(a);
  const cb = code(b);
  for (let i = 0; i < Math.max(ca.length, cb.length); i++) {
    const x = ca[i];
    const y = cb[i];
    if (!x || !y || x.kind !== y.kind || x.image !== y.image) return a.indexOf(x ?? (ca[ca.length - 1] as Tok));
  }
  const comments = (x: readonly Tok[]) => x.filter((e) => e.kind === "comment").map((e) => e.image);
  const ma = comments(a).sort();
  const mb = comments(b).sort();
  const diff = ma.findIndex((c, i) => c !== mb[i]);
  if (diff !== -1 || ma.length !== mb.length) return a.findIndex((e) => e.kind === "comment");
  return undefined;
}

/**
 * Reads the items of one level (the file, or a block body up to its `}`). The file parsed without problems, so
 * the tokens follow the grammar: `name {`, `name [=|+=] value, … ;`, or `;`.
 */
function readItems(toks: readonly Tok[], cur: { i: number }, headTrailing: Tok[] | undefined): Item[] {
  const items: Item[] = [];
  // Where a comment on the same line as the previous token goes: behind the item that ended there.
  let trailingTarget: Tok[] | undefined = headTrailing;
  const blank = (tok: Tok): boolean => items.length > 0 && tok.newlinesBefore >= 2;
  while (cur.i < toks.length) {
    const tok = toks[cur.i] as Tok;
    if (tok.kind === "rc") return items;
    cur.i++;
    if (tok.kind === "comment") {
      if (!tok.ownLine && trailingTarget) {
        trailingTarget.push(tok);
        continue;
      }
      const item: CommentItem = { type: "comment", tok, blankBefore: blank(tok), trailing: [] };
      items.push(item);
      // A line comment runs to the end of its line: nothing can stand behind it.
      trailingTarget = tok.lineComment ? undefined : item.trailing;
      continue;
    }
    if (tok.kind === "semi") continue; // an empty statement means nothing to jail(8)
    // A name: a block when `{` follows (comments may stand between), else a parameter statement.
    let j = cur.i;
    while (toks[j]?.kind === "comment") j++;
    if (toks[j]?.kind === "lc") {
      const between = toks.slice(cur.i, j);
      cur.i = j + 1;
      const head: Tok[] = [];
      const body: Item[] = between.map((c) => ({ type: "comment", tok: c, blankBefore: false, trailing: [] }));
      body.push(...readItems(toks, cur, body.length === 0 ? head : undefined));
      cur.i++; // the `}`
      const item: BlockItem = { type: "block", blankBefore: blank(tok), name: tok, headTrailing: head, body, trailing: [] };
      items.push(item);
      trailingTarget = item.trailing;
      continue;
    }
    const item = readStatement(tok, toks, cur, blank(tok));
    items.push(item);
    trailingTarget = item.trailing;
  }
  return items;
}

function readStatement(name: Tok, toks: readonly Tok[], cur: { i: number }, blankBefore: boolean): StmtItem {
  let op: Tok | undefined;
  const values: Tok[] = [];
  const inner: { after: number; tok: Tok }[] = [];
  const before: Tok[] = [];
  const after: Tok[] = [];
  while (cur.i < toks.length) {
    const tok = toks[cur.i] as Tok;
    cur.i++;
    if (tok.kind === "semi") break;
    if (tok.kind === "eq" || tok.kind === "pleq") op = tok;
    else if (tok.kind === "str") values.push(tok);
    else if (tok.kind === "comment") {
      // Between two values it stays there; before the first value or after the last it moves behind the `;`.
      if (values.length === 0) before.push(tok);
      else inner.push({ after: values.length - 1, tok });
    }
  }
  const last = values.length - 1;
  for (let k = inner.length - 1; k >= 0 && (inner[k] as { after: number }).after === last; k--)
    after.unshift((inner.pop() as { tok: Tok }).tok);
  return { type: "stmt", blankBefore, name, op, values, inner, trailing: [...before, ...after] };
}

class Printer {
  readonly lines: string[] = [];
  constructor(
    private readonly indent: string,
    private readonly align: boolean,
    private readonly width: number,
  ) {}

  items(items: readonly Item[], depth: number): void {
    const pads = this.align ? alignment(items) : new Map<StmtItem, Pad>();
    items.forEach((item, k) => {
      if (k > 0 && item.blankBefore) this.lines.push("");
      const ind = this.indent.repeat(depth);
      if (item.type === "comment") this.withTrailing(ind, ind + item.tok.image, item.trailing);
      else if (item.type === "block") this.block(item, depth);
      else this.statement(item, ind, pads.get(item));
    });
  }

  private block(b: BlockItem, depth: number): void {
    const ind = this.indent.repeat(depth);
    if (b.body.length === 0 && b.headTrailing.length === 0) {
      this.withTrailing(ind, `${ind}${b.name.image} {}`, b.trailing);
      return;
    }
    this.withTrailing(ind, `${ind}${b.name.image} {`, b.headTrailing);
    this.items(b.body, depth + 1);
    this.withTrailing(ind, `${ind}}`, b.trailing);
  }

  private statement(s: StmtItem, ind: string, pad: Pad | undefined): void {
    let head = ind + s.name.image;
    if (s.op) {
      const name = pad ? s.name.image.padEnd(pad.name) : s.name.image;
      const op = pad ? s.op.image.padStart(pad.op) : s.op.image;
      head = `${ind}${name} ${op} `;
    } else if (s.values.length > 0) head += " ";
    if (s.values.length === 0) {
      this.withTrailing(ind, `${head};`, s.trailing);
      return;
    }
    const oneLine = s.values.map((v) => v.image).join(", ");
    const col = lastLineLength(head);
    const broken = s.inner.length > 0 || (s.values.length > 1 && col + oneLine.length + 1 > this.width);
    if (!broken) {
      this.withTrailing(ind, `${head}${oneLine};`, s.trailing);
      return;
    }
    const cont = ind + " ".repeat(Math.max(0, col - ind.length));
    let line = head;
    s.values.forEach((v, k) => {
      const lastValue = k === s.values.length - 1;
      line += v.image + (lastValue ? ";" : ",");
      if (lastValue) return;
      const comments = s.inner.filter((c) => c.after === k).map((c) => c.tok);
      const sameLine: Tok[] = [];
      while (comments[0] && !comments[0].ownLine) sameLine.push(comments.shift() as Tok);
      this.withTrailing(cont, line, sameLine);
      for (const c of comments) this.lines.push(cont + c.image);
      line = cont;
    });
    this.withTrailing(ind, line, s.trailing);
  }

  /** Writes a line and the comments behind it; a line comment ends the line, so what follows it starts a new one. */
  private withTrailing(ind: string, line: string, trailing: readonly Tok[]): void {
    let cur = line;
    let prev: Tok | undefined;
    for (const c of trailing) {
      if (prev?.lineComment) {
        this.lines.push(cur);
        cur = ind + c.image;
      } else cur += ` ${c.image}`;
      prev = c;
    }
    this.lines.push(cur);
  }
}

function lastLineLength(s: string): number {
  return s.length - (s.lastIndexOf("\n") + 1);
}

/** Widths a name and an operator are padded to: a run with `+=` lines `=` up with the `=` of `+=`. */
interface Pad {
  readonly name: number;
  readonly op: number;
}

/**
 * For `alignEquals`: the padding of each statement with an operator, per run of statements (a blank line or a block
 * ends a run; comment lines and statements without an operator do not).
 */
function alignment(items: readonly Item[]): Map<StmtItem, Pad> {
  const out = new Map<StmtItem, Pad>();
  let run: StmtItem[] = [];
  const flush = (): void => {
    const pad = { name: Math.max(0, ...run.map((s) => s.name.image.length)), op: run.some((s) => s.op?.kind === "pleq") ? 2 : 1 };
    for (const s of run) out.set(s, pad);
    run = [];
  };
  for (const item of items) {
    if (item.blankBefore) flush();
    if (item.type === "block") flush();
    else if (item.type === "stmt" && item.op && !item.name.image.includes("\n")) run.push(item);
  }
  flush();
  return out;
}
