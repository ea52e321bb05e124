import type { IToken } from "chevrotain";
import { DEFAULT_FREEBSD_VERSION, type FreeBsdVersion } from "../common/freebsd-version.js";
import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { TextRange } from "../common/text-range.js";
import { type FileLanguage, unreadableSummary } from "../common/unreadable-file.js";
import type { PfConfFile, PfStatement, PfUnparsedStatement } from "./ast.js";
import { PfLexer, type PfLexOptions, tokenRange, tokenValue } from "./lexer.js";
import { describeParseError } from "./parse-errors.js";
import { parsePfStatement, releaseParserInput } from "./parser.js";
import { PfAstBuilder } from "./to-ast.js";
import { Equals, Greater, K, LCurly, Less, NL, RCurly, Value } from "./tokens.js";
import { checkPfVersion } from "./version-check.js";

export interface PfParseOptions {
  /** The FreeBSD release whose pfctl is the judge. */
  readonly freebsd?: FreeBsdVersion;
  /** Macros defined outside the file (`pfctl -D name=value`); persistent, as pfctl's symset makes them. */
  readonly macros?: ReadonlyMap<string, string>;
  /** Macros defined before the file starts: those of the file that includes it. */
  readonly initialMacros?: ReadonlyMap<string, string>;
  /** Reads an `include`d file where the include stands (see `lexPfConf`); pf/resolve.ts supplies it. */
  readonly onInclude?: PfLexOptions["onInclude"];
}

/** One logical line, or an inline anchor: its header line and the statements of its body. */
interface Chunk {
  readonly tokens: IToken[];
  readonly body?: Chunk[];
  /** The `}` closing an inline anchor, when there is one. */
  readonly close?: IToken;
  /** Lists nested too deeply to parse: reported, not parsed. */
  readonly tooDeep?: boolean;
}

/**
 * pfctl has no nesting limits; the recursive parser and the walks over anchors do. Past these depths the
 * statement (lists) or the rest of the file (anchors) is reported and not read, so hostile input cannot
 * exhaust the stack.
 */
const MAX_ANCHOR_DEPTH = 100;
const MAX_LIST_DEPTH = 64;

const statementStarts = new Set(
  [
    "pass",
    "block",
    "match",
    "nat",
    "rdr",
    "binat",
    "table",
    "set",
    "anchor",
    "antispoof",
    "scrub",
    "altq",
    "include",
    "load",
    "ether",
    "nat-anchor",
    "rdr-anchor",
    "binat-anchor",
  ].map((k) => K[k as keyof typeof K]),
);

function isAnchorHeader(tokens: TokenStream, start: number, brace: number): boolean {
  const first = tokens.at(start);
  if (!first) return false;
  if (brace === start) return true; // `{ … }` at the start of a statement: parse.y's anonymous `fakeanchor`
  return first.tokenType === K.anchor || (first.tokenType === K.ether && tokens.at(start + 1)?.tokenType === K.anchor);
}

/**
 * The lexer's tokens, read a line at a time as the splitter asks for them and let go once the statements before
 * them are built: a statement's tokens and CST are garbage before the next line is read, so a long file never
 * holds all of its tokens at once. Indexes are positions in the whole file's token stream.
 */
class TokenStream {
  #tokens: IToken[] = [];
  /** The stream position of `#tokens[0]`. */
  #base = 0;
  #done = false;
  readonly #lexer: PfLexer;

  constructor(lexer: PfLexer) {
    this.#lexer = lexer;
  }

  /** The token at `pos`, or undefined past the end of the file. */
  at(pos: number): IToken | undefined {
    const i = pos - this.#base;
    while (i >= this.#tokens.length) {
      if (this.#done) return undefined;
      if (!this.#lexer.line(this.#tokens)) this.#done = true;
    }
    return this.#tokens[i];
  }

  slice(start: number, end: number): IToken[] {
    if (end > start) this.at(end - 1);
    return this.#tokens.slice(start - this.#base, end - this.#base);
  }

  /** Reads the rest of the file (its macros, includes and lexing problems still count); returns the end position. */
  end(): number {
    while (!this.#done) if (!this.#lexer.line(this.#tokens)) this.#done = true;
    return this.#base + this.#tokens.length;
  }

  /** Lets the tokens before `pos` go. */
  release(pos: number): void {
    const drop = Math.min(pos - this.#base, this.#tokens.length);
    if (drop <= 0) return;
    this.#tokens = this.#tokens.slice(drop);
    this.#base += drop;
  }
}

interface ChunkRead {
  /** The statement read, unless the stream (or the anchor body) ended first. */
  readonly chunk?: Chunk;
  readonly pos: number;
  /** The `}` that ended an anchor body (`nested` only). */
  readonly close?: IToken;
  /** Nothing more is read: the end of the file, or anchors nested too deeply. */
  readonly end?: boolean;
}

/**
 * Reads the next statement from `pos`: statements end at newlines outside `{ }`. pf.conf is line-oriented, so one
 * statement's error never hides the next. Inline anchor bodies are split the same way, recursively.
 */
function nextChunk(tokens: TokenStream, pos: number, nested: boolean, problems: SyntaxProblem[], anchorDepth: number): ChunkRead {
  for (let t = tokens.at(pos); t !== undefined; t = tokens.at(pos)) {
    if (t.tokenType === NL) {
      pos++;
      continue;
    }
    if (nested && t.tokenType === RCurly) return { pos: pos + 1, close: t };
    const start = pos;
    let depth = 0;
    let maxDepth = 0;
    let anchor: Chunk | undefined;
    for (let c = tokens.at(pos); c !== undefined; c = tokens.at(pos)) {
      if (c.tokenType === NL) {
        if (depth === 0) break;
        // Inside an unclosed `{` list: a line that starts a new statement means the `}` is missing.
        let k = pos + 1;
        while (tokens.at(k)?.tokenType === NL) k++;
        const next = tokens.at(k);
        if (next && (statementStarts.has(next.tokenType) || (next.tokenType === Value && tokens.at(k + 1)?.tokenType === Equals))) break;
      }
      if (c.tokenType === LCurly) {
        const after = tokens.at(pos + 1);
        if (depth === 0 && (after === undefined || after.tokenType === NL) && isAnchorHeader(tokens, start, pos)) {
          if (anchorDepth >= MAX_ANCHOR_DEPTH) {
            problems.push({
              message: `anchors nested more than ${MAX_ANCHOR_DEPTH} deep: jaillint stops reading the file here`,
              range: tokenRange(c),
            });
            return { pos: tokens.end(), end: true };
          }
          const body = split(tokens, pos + 1, problems, anchorDepth + 1);
          if (!body.close) {
            problems.push({ message: "this anchor's `{` is never closed: add a `}` line after its rules", range: tokenRange(c) });
          }
          anchor = { tokens: tokens.slice(start, pos + 1), body: body.chunks, ...(body.close ? { close: body.close } : {}) };
          pos = body.pos;
          break;
        }
        depth++;
        maxDepth = Math.max(maxDepth, depth);
      } else if (c.tokenType === RCurly) {
        if (depth === 0 && nested) break;
        depth--;
      }
      pos++;
    }
    if (!anchor && maxDepth > MAX_LIST_DEPTH) {
      const first = tokens.at(start) as IToken;
      problems.push({
        message: `lists nested more than ${MAX_LIST_DEPTH} deep: jaillint does not read this statement`,
        range: tokenRange(first),
      });
      return { chunk: { tokens: tokens.slice(start, pos), tooDeep: true }, pos };
    }
    if (!anchor) return { chunk: { tokens: tokens.slice(start, pos) }, pos };
    // parse.y wants a newline after the closing `}`.
    const extra: IToken[] = [];
    for (let x = tokens.at(pos); x !== undefined && x.tokenType !== NL; x = tokens.at(pos)) {
      if (nested && x.tokenType === RCurly) break;
      extra.push(x);
      pos++;
    }
    const first = extra[0];
    const last = extra[extra.length - 1];
    if (first && last)
      problems.push({
        message: "unexpected text after the anchor's closing `}`: start a new line",
        range: { start: first.startOffset, end: tokenRange(last).end },
      });
    return { chunk: anchor, pos };
  }
  return { pos, end: true };
}

/** The statements of an anchor body, up to its closing `}` (or the end of the file). */
function split(
  tokens: TokenStream,
  pos: number,
  problems: SyntaxProblem[],
  anchorDepth: number,
): { chunks: Chunk[]; pos: number; close?: IToken } {
  const chunks: Chunk[] = [];
  for (;;) {
    const read = nextChunk(tokens, pos, true, problems, anchorDepth);
    if (read.chunk) chunks.push(read.chunk);
    pos = read.pos;
    if (read.close) return { chunks, pos, close: read.close };
    if (read.end) return { chunks, pos };
  }
}

/** The end of the last of the header's tokens and body's statements (a loop: a spread of a long body overflows the stack). */
function maxEnd(header: readonly IToken[], body: readonly PfStatement[]): number {
  let end = Number.NEGATIVE_INFINITY;
  for (const t of header) end = Math.max(end, tokenRange(t).end);
  for (const b of body) end = Math.max(end, b.range.end);
  return end;
}

function lineEndOf(tokens: readonly IToken[], text: string): number {
  const last = tokens[tokens.length - 1];
  if (!last) return text.length;
  const nl = text.indexOf("\n", tokenRange(last).end);
  return nl === -1 ? text.length : nl;
}

/** `table <name> …`: the name a broken table line meant to define. */
function tableNameOf(tokens: readonly IToken[]): { name: string; range: TextRange } | undefined {
  const [t, open, name, close] = tokens;
  if (t?.tokenType !== K.table || open?.tokenType !== Less || !name || close?.tokenType !== Greater) return undefined;
  return { name: tokenValue(name), range: tokenRange(name) };
}

function build(
  chunks: Chunk[],
  text: string,
  problems: SyntaxProblem[],
  lexProblems: readonly SyntaxProblem[],
  unparsed: PfUnparsedStatement[],
): PfStatement[] {
  const out: PfStatement[] = [];
  for (const chunk of chunks) {
    if (chunk.tooDeep) {
      const start = chunk.tokens[0]?.startOffset ?? 0;
      unparsed.push({ range: { start, end: lineEndOf(chunk.tokens, text) }, tables: [] });
      continue;
    }
    const isFake = chunk.body !== undefined && chunk.tokens.length === 1;
    let stmt: PfStatement | undefined;
    let ok = true;
    if (!isFake) {
      const { cst, errors } = parsePfStatement(chunk.tokens);
      const lineEnd = lineEndOf(chunk.tokens, text);
      const start = chunk.tokens[0]?.startOffset ?? 0;
      // An unterminated string already explains why the line is short: one message is enough.
      const lexed = lexProblems.some((p) => p.range.start >= start && p.range.start <= lineEnd);
      if (!lexed) for (const e of errors) problems.push(describeParseError(e, chunk.tokens, lineEnd));
      ok = errors.length === 0;
      if (!ok) {
        const table = tableNameOf(chunk.tokens);
        unparsed.push({ range: { start, end: lineEnd }, tables: table ? [table] : [] });
      }
      if (ok) {
        const builder = new PfAstBuilder();
        stmt = builder.statement(cst);
        for (const p of builder.problems) problems.push(p);
      }
    }
    const first = chunk.tokens[0];
    if (chunk.body) {
      const body = build(chunk.body, text, problems, lexProblems, unparsed);
      const end = chunk.close ? tokenRange(chunk.close).end : maxEnd(chunk.tokens, body);
      const range: TextRange = { start: first ? first.startOffset : 0, end };
      if (stmt?.type === "AnchorRule") {
        out.push({ ...stmt, kind: chunk.tokens[0]?.tokenType === K.ether ? "ether-anchor" : stmt.kind, body, range });
      } else if (isFake || !ok || stmt?.type === "EtherRule") {
        // `ether anchor` headers and broken headers still keep their body's rules.
        out.push({
          type: "AnchorRule",
          kind: first?.tokenType === K.ether ? "ether-anchor" : "anchor",
          log: false,
          quick: false,
          interfaces: [],
          protos: [],
          os: [],
          options: [],
          body,
          range,
        });
      }
      continue;
    }
    if (stmt) out.push(stmt);
  }
  return out;
}

const PF_CONF_LANGUAGE: FileLanguage = { name: "pf.conf", program: "pfctl", comment: /^\s*#/ };

/** Parses one pf.conf text. Pure: no I/O; `include`, `load anchor` and table files are left to the caller. */
export function parsePfConf(text: string, options: PfParseOptions = {}): PfConfFile {
  return parsePfConfWithMacros(text, options).file;
}

/** `parsePfConf`, and the macros defined when the file ends (what a file including it sees after the include). */
export function parsePfConfWithMacros(
  text: string,
  options: PfParseOptions = {},
): { file: PfConfFile; macros: ReadonlyMap<string, string> } {
  const lexer = new PfLexer(text, {
    ...(options.macros ? { persistent: options.macros } : {}),
    ...(options.initialMacros ? { initial: options.initialMacros } : {}),
    ...(options.onInclude ? { onInclude: options.onInclude } : {}),
  });
  // Each statement is built as soon as it is read, so its tokens and CST are garbage before the next line is read.
  // The problems keep the order of reading the whole file first: the lexer's, the splitter's, then the parser's.
  const tokens = new TokenStream(lexer);
  const splitProblems: SyntaxProblem[] = [];
  const buildProblems: SyntaxProblem[] = [];
  const unparsed: PfUnparsedStatement[] = [];
  const statements: PfStatement[] = [];
  let pos = 0;
  for (;;) {
    const read = nextChunk(tokens, pos, false, splitProblems, 0);
    if (read.chunk) for (const st of build([read.chunk], text, buildProblems, lexer.problems, unparsed)) statements.push(st);
    pos = read.pos;
    if (read.end) break;
    tokens.release(pos);
  }
  releaseParserInput();
  const problems: SyntaxProblem[] = [...lexer.problems, ...splitProblems, ...buildProblems];
  const comments = lexer.comments();
  const cr = firstBareCarriageReturn(text);
  if (cr !== -1) {
    problems.push({
      message:
        "carriage return (CRLF line endings): pfctl reads \\r as a character no rule takes, so each line it ends is a syntax error and the ruleset is not loaded; convert the file to LF line endings",
      range: { start: cr, end: cr + 1 },
      lineEndings: true,
    });
  }
  // One grammar serves every release; forms newer than the chosen one are reported afterwards.
  for (const p of checkPfVersion(statements, options.freebsd ?? DEFAULT_FREEBSD_VERSION, text)) problems.push(p);
  problems.sort((a, b) => a.range.start - b.range.start);
  // A file that is mostly not pf.conf (a Jinja template) says so once; what recovery made of it is not judged.
  const summary = unreadableSummary(problems, text, PF_CONF_LANGUAGE);
  if (summary) {
    const range = { start: 0, end: text.length };
    const empty: PfConfFile = {
      type: "PfConfFile",
      statements: [],
      comments,
      macroUses: [],
      unparsed: [],
      problems: [summary],
      range,
    };
    return { file: empty, macros: new Map() };
  }
  const file: PfConfFile = {
    type: "PfConfFile",
    statements,
    comments,
    macroUses: lexer.macroUses,
    unparsed: unparsed.sort((a, b) => a.range.start - b.range.start),
    problems,
    range: { start: 0, end: text.length },
  };
  return { file, macros: lexer.macros };
}

/**
 * The first `\r` outside a comment or a quoted string, or -1. parse.y's yylex skips only space and tab before a
 * token and returns any other character it has no rule for as a token of its own, so a `\r` is a syntax error;
 * a comment runs to `\n` and a quoted string keeps what it holds, so there it is harmless.
 */
function firstBareCarriageReturn(text: string): number {
  if (!text.includes("\r")) return -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\r") return i;
    if (c === "#") {
      const nl = text.indexOf("\n", i);
      if (nl === -1) return -1;
      i = nl;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      // In parse.y's strings a backslash escapes only the quote.
      while (j < text.length && text[j] !== c) j += text[j] === "\\" && text[j + 1] === c ? 2 : 1;
      i = j;
    }
  }
  return -1;
}

export type * from "./ast.js";
export { PfParser } from "./parser.js";
export * from "./policy.js";
export * from "./resolve.js";
export * from "./rule-order.js";
