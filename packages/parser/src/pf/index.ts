import type { IToken } from "chevrotain";
import { DEFAULT_FREEBSD_VERSION, type FreeBsdVersion } from "../common/freebsd-version.js";
import type { SyntaxProblem } from "../common/syntax-problem.js";
import { changedSpan } from "../common/text-edit.js";
import type { TextRange } from "../common/text-range.js";
import { type FileLanguage, unreadableSummary } from "../common/unreadable-file.js";
import type { PfComment, PfConfFile, PfMacroUse, PfStatement, PfUnparsedStatement } from "./ast.js";
import { PfLexer, type PfLexOptions, type PfMacroChange, tokenRange, tokenValue } from "./lexer.js";
import { describeParseError } from "./parse-errors.js";
import { parsePfStatement, releaseParserInput } from "./parser.js";
import { shiftedList } from "./shift.js";
import { movedList, moveStatement, shiftedStatement } from "./shift-statement.js";
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
  /**
   * The result of an earlier parse of the same file (another text of it, or the same text with other initial
   * macros): the statements that read the same are taken over (moved, when the text before them changed length)
   * instead of being lexed and parsed again. The result is the one a parse without it gives.
   */
  readonly previous?: PfConfFile;
  /**
   * `previous` may be changed: the statements taken over are moved where they are instead of copied (a copy of the
   * 5,000 statements after an edit at the top of a long file costs a third of a parse). `previous`, and whatever
   * holds its ranges, is then only good as the result's. For a caller that keeps nothing of the earlier result.
   */
  readonly update?: boolean;
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

  /** The token at `pos` when it is the last one read so far. */
  lastIf(pos: number): IToken | undefined {
    return pos - this.#base === this.#tokens.length - 1 ? this.#tokens[pos - this.#base] : undefined;
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

/**
 * A run of whole lines of a file, from a line start where the splitter is between top-level statements and the
 * lexer has read nothing further, to the next such line start: what it yields depends only on its text, the values
 * of the macros it uses, and (for an `include`) what the included file leaves. A file's result is the sequence of
 * its segments', which is what lets an edited text be read again only where it changed.
 */
interface PfSegment {
  readonly start: number;
  readonly end: number;
  /** The offsets below this decided the segment (the text's length plus one when its end did). */
  readonly examined: number;
  readonly statements: readonly PfStatement[];
  readonly lexProblems: readonly SyntaxProblem[];
  readonly splitProblems: readonly SyntaxProblem[];
  readonly buildProblems: readonly SyntaxProblem[];
  readonly versionProblems: readonly SyntaxProblem[];
  readonly unparsed: readonly PfUnparsedStatement[];
  readonly comments: readonly PfComment[];
  readonly macroUses: readonly PfMacroUse[];
  /** What it did to the macros. */
  readonly changes: readonly PfMacroChange[];
  /** It holds an `include` line: read again every time, so the included file is read (and its result used) again. */
  readonly includes: boolean;
}

/** What a parse keeps beside its result to read an edited text of the same file again. */
interface PfParseRecord {
  readonly text: string;
  readonly freebsd: FreeBsdVersion;
  readonly persistent: ReadonlyMap<string, string>;
  /** The macros at the start of the file (persistent ones included). */
  readonly initial: ReadonlyMap<string, string>;
  readonly segments: readonly PfSegment[];
  /** The result is the one problem saying the file is mostly not pf.conf. */
  readonly unreadable: boolean;
}

const pfParseRecords = new WeakMap<PfConfFile, PfParseRecord>();

const NO_MACROS: ReadonlyMap<string, string> = new Map();

function sameMacros(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/**
 * The old segments an edited text can take over. The edit is what lies between the texts' common prefix and common
 * suffix; an old segment holds again where the new parse reaches its (moved) start with the same values of the
 * macros it uses, when the text it depends on is unchanged: all of it before the edit, or all of it after. `dirty`
 * holds the macros whose value differs between the new parse's position and the old one's.
 */
class PfSegmentReuse {
  readonly #segments: readonly PfSegment[];
  readonly #prefix: number;
  readonly #examinedLimit: number;
  readonly #oldEditEnd: number;
  readonly #newEditEnd: number;
  readonly #delta: number;
  /** The old macros at the start of `#segments[#next]`. */
  readonly #old: Map<string, string>;
  #next = 0;
  readonly #dirty = new Set<string>();
  /** How many of the new lexer's changes `#dirty` accounts for. */
  #seen = 0;
  /** Whether every segment so far was taken over. */
  all = true;

  constructor(
    record: PfParseRecord,
    text: string,
    macros: ReadonlyMap<string, string>,
    /** PfParseOptions.update: the old segments' statements are moved in place. */
    readonly update: boolean,
  ) {
    const old = record.text;
    const span = changedSpan(old, text);
    const p = span ? span.start : old.length;
    const q = span ? old.length - span.oldEnd : 0;
    this.#segments = record.segments;
    this.#prefix = p;
    // The same text: its end too is unchanged.
    this.#examinedLimit = old === text ? old.length + 1 : p;
    this.#oldEditEnd = old.length - q;
    this.#newEditEnd = text.length - q;
    this.#delta = text.length - old.length;
    this.#old = new Map(record.initial);
    this.#recheckAll(macros);
  }

  #recheck(name: string, macros: ReadonlyMap<string, string>): void {
    if (macros.get(name) === this.#old.get(name)) this.#dirty.delete(name);
    else this.#dirty.add(name);
  }

  #recheckAll(macros: ReadonlyMap<string, string>): void {
    this.#dirty.clear();
    for (const [k, v] of macros) if (this.#old.get(k) !== v) this.#dirty.add(k);
    for (const k of this.#old.keys()) if (!macros.has(k)) this.#dirty.add(k);
  }

  #applyOld(changes: readonly PfMacroChange[], macros: ReadonlyMap<string, string>): void {
    for (const c of changes) {
      if (c.name === undefined) {
        this.#old.clear();
        for (const [k, v] of c.all) this.#old.set(k, v);
        this.#recheckAll(macros);
      } else {
        this.#old.set(c.name, c.value);
        this.#recheck(c.name, macros);
      }
    }
  }

  #find(offset: number): number {
    const list = this.#segments;
    let lo = this.#next;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = (list[mid] as PfSegment).start;
      if (s === offset) return mid;
      if (s < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * The old segment that holds at `at` (a segment start of the new parse), moved to the new text, with its macro
   * changes applied to `lexer.macros`; undefined when it must be read.
   */
  take(at: number, lexer: PfLexer): { segment: PfSegment; last: boolean } | undefined {
    const found = this.#candidate(at);
    if (!found) return this.#miss();
    const [k, delta] = found;
    const segment = this.#segments[k] as PfSegment;
    if (segment.includes) return this.#miss();
    const macros = lexer.macros;
    for (; this.#next < k; this.#next++) this.#applyOld((this.#segments[this.#next] as PfSegment).changes, macros);
    const changes = lexer.changes;
    for (; this.#seen < changes.length; this.#seen++) {
      const c = changes[this.#seen] as PfMacroChange;
      if (c.name === undefined) this.#recheckAll(macros);
      else this.#recheck(c.name, macros);
    }
    const dirty = this.#dirty;
    if (dirty.size > 0 && segment.macroUses.some((u) => dirty.has(u.name))) return this.#miss();
    for (const c of segment.changes) if (c.name !== undefined) lexer.macros.set(c.name, c.value);
    this.#applyOld(segment.changes, macros);
    this.#next = k + 1;
    const moved = delta === 0 ? segment : this.update ? moveSegment(segment, delta) : shiftSegment(segment, delta);
    return { segment: moved, last: k === this.#segments.length - 1 };
  }

  #miss(): undefined {
    this.all = false;
    return undefined;
  }

  #candidate(at: number): [number, number] | undefined {
    if (at <= this.#prefix) {
      const k = this.#find(at);
      if (k >= 0 && (this.#segments[k] as PfSegment).examined <= this.#examinedLimit) return [k, 0];
    }
    if (at >= this.#newEditEnd) {
      const k = this.#find(at - this.#delta);
      if (k >= 0 && (this.#segments[k] as PfSegment).start >= this.#oldEditEnd) return [k, this.#delta];
    }
    return undefined;
  }
}

/**
 * shiftSegment without the copies: the statements, comments and macro uses are the old ones moved in place. The
 * problems are copied first (few, and a problem may name a node's own range object, which is then moved once).
 */
function moveSegment(s: PfSegment, delta: number): PfSegment {
  const lexProblems = shiftedList(s.lexProblems, delta);
  const splitProblems = shiftedList(s.splitProblems, delta);
  const buildProblems = shiftedList(s.buildProblems, delta);
  const versionProblems = shiftedList(s.versionProblems, delta);
  const unparsed = shiftedList(s.unparsed, delta);
  for (const st of s.statements) moveStatement(st, delta);
  for (const c of s.comments) moveRangeBy(c.range, delta);
  for (const u of s.macroUses) moveRangeBy(u.range, delta);
  return {
    start: s.start + delta,
    end: s.end + delta,
    examined: s.examined + delta,
    statements: s.statements,
    lexProblems,
    splitProblems,
    buildProblems,
    versionProblems,
    unparsed,
    comments: s.comments,
    macroUses: s.macroUses,
    changes: s.changes,
    includes: false,
  };
}

function moveRangeBy(r: TextRange, delta: number): void {
  const m = r as { start: number; end: number };
  m.start += delta;
  m.end += delta;
}

function shiftSegment(s: PfSegment, delta: number): PfSegment {
  return {
    start: s.start + delta,
    end: s.end + delta,
    examined: s.examined + delta,
    statements: movedList(s.statements, delta, shiftedStatement),
    lexProblems: shiftedList(s.lexProblems, delta),
    splitProblems: shiftedList(s.splitProblems, delta),
    buildProblems: shiftedList(s.buildProblems, delta),
    versionProblems: shiftedList(s.versionProblems, delta),
    unparsed: shiftedList(s.unparsed, delta),
    comments: movedList(s.comments, delta, shiftedRanged),
    macroUses: movedList(s.macroUses, delta, shiftedRanged),
    changes: s.changes,
    includes: false,
  };
}

/** A comment or a macro use, moved. */
const shiftedRanged = <T extends { readonly range: TextRange }>(x: T, d: number): T => ({
  ...x,
  range: { start: x.range.start + d, end: x.range.end + d },
});

/** `parsePfConf`, and the macros defined when the file ends (what a file including it sees after the include). */
export function parsePfConfWithMacros(
  text: string,
  options: PfParseOptions = {},
): { file: PfConfFile; macros: ReadonlyMap<string, string> } {
  const freebsd = options.freebsd ?? DEFAULT_FREEBSD_VERSION;
  const persistent = options.macros ?? NO_MACROS;
  const lexer = new PfLexer(text, {
    ...(options.macros ? { persistent: options.macros } : {}),
    ...(options.initialMacros ? { initial: options.initialMacros } : {}),
    ...(options.onInclude ? { onInclude: options.onInclude } : {}),
  });
  const initial: ReadonlyMap<string, string> = new Map(lexer.macros);
  const record = options.previous ? pfParseRecords.get(options.previous) : undefined;
  const reuse =
    record && record.freebsd === freebsd && sameMacros(record.persistent, persistent)
      ? new PfSegmentReuse(record, text, lexer.macros, options.update === true)
      : undefined;
  // Each statement is built as soon as it is read, so its tokens and CST are garbage before the next line is read.
  const tokens = new TokenStream(lexer);
  const reader = new SegmentReader(lexer, text, freebsd);
  const segments: PfSegment[] = [];
  let pos = 0;
  let at = 0;
  let open = false;
  for (;;) {
    if (!open) {
      const taken = reuse?.take(at, lexer);
      if (taken) {
        segments.push(taken.segment);
        if (taken.last) break;
        at = taken.segment.end;
        lexer.seek(at);
        continue;
      }
      reader.open(at);
      open = true;
    }
    const read = nextChunk(tokens, pos, false, reader.splitProblems, 0);
    if (read.chunk)
      for (const st of build([read.chunk], text, reader.buildProblems, lexer.problems, reader.unparsed)) reader.statements.push(st);
    pos = read.pos;
    if (read.end) {
      segments.push(reader.close(text.length));
      break;
    }
    tokens.release(pos);
    // A segment ends at a newline ending a statement when the lexer has read no further.
    const nl = tokens.lastIf(pos);
    if (nl?.tokenType === NL && lexer.offset === nl.startOffset + 1) {
      at = nl.startOffset + 1;
      segments.push(reader.close(at));
      open = false;
      pos++;
      tokens.release(pos);
    }
  }
  releaseParserInput();
  // A file that is mostly not pf.conf defines nothing: what recovery made of it is not judged.
  if (reuse?.all && options.previous && record?.text === text)
    return { file: options.previous, macros: record.unreadable ? new Map() : lexer.macros };
  const { file, unreadable } = assembleSegments(text, segments);
  pfParseRecords.set(file, { text, freebsd, persistent, initial, segments, unreadable });
  return { file, macros: unreadable ? new Map() : lexer.macros };
}

/** Most of a segment's lists are empty: one shared empty list for them all. */
const NO_ITEMS: readonly never[] = Object.freeze([]);

const itemsFrom = <T>(list: readonly T[], from: number): readonly T[] => (list.length > from ? list.slice(from) : NO_ITEMS);

/** What the segments read by one lexer are made of: the lexer's lists and these, cut where each segment starts. */
class SegmentReader {
  readonly statements: PfStatement[] = [];
  readonly splitProblems: SyntaxProblem[] = [];
  readonly buildProblems: SyntaxProblem[] = [];
  readonly unparsed: PfUnparsedStatement[] = [];
  readonly #lexer: PfLexer;
  readonly #text: string;
  readonly #freebsd: FreeBsdVersion;
  #start = 0;
  #statements = 0;
  #split = 0;
  #build = 0;
  #unparsed = 0;
  #lex = 0;
  #uses = 0;
  #comments = 0;
  #changes = 0;
  #includes = 0;

  constructor(lexer: PfLexer, text: string, freebsd: FreeBsdVersion) {
    this.#lexer = lexer;
    this.#text = text;
    this.#freebsd = freebsd;
  }

  open(start: number): void {
    const lexer = this.#lexer;
    lexer.seek(start);
    this.#start = start;
    this.#statements = this.statements.length;
    this.#split = this.splitProblems.length;
    this.#build = this.buildProblems.length;
    this.#unparsed = this.unparsed.length;
    this.#lex = lexer.problems.length;
    this.#uses = lexer.macroUses.length;
    this.#comments = lexer.commentCount;
    this.#changes = lexer.changes.length;
    this.#includes = lexer.includes;
  }

  close(end: number): PfSegment {
    const lexer = this.#lexer;
    const statements = this.statements.slice(this.#statements);
    return {
      start: this.#start,
      end,
      examined: lexer.examined,
      statements,
      lexProblems: itemsFrom(lexer.problems, this.#lex),
      splitProblems: itemsFrom(this.splitProblems, this.#split),
      buildProblems: itemsFrom(this.buildProblems, this.#build),
      // One grammar serves every release; forms newer than the chosen one are reported afterwards.
      versionProblems: itemsFrom(checkPfVersion(statements, this.#freebsd, this.#text), 0),
      unparsed: itemsFrom(this.unparsed, this.#unparsed),
      comments: lexer.commentCount > this.#comments ? lexer.comments(this.#comments) : NO_ITEMS,
      macroUses: itemsFrom(lexer.macroUses, this.#uses),
      changes: itemsFrom(lexer.changes, this.#changes),
      includes: lexer.includes > this.#includes,
    };
  }
}

/** The file a sequence of segments makes. */
function assembleSegments(text: string, segments: readonly PfSegment[]): { file: PfConfFile; unreadable: boolean } {
  const statements: PfStatement[] = [];
  const lexProblems: SyntaxProblem[] = [];
  const splitProblems: SyntaxProblem[] = [];
  const buildProblems: SyntaxProblem[] = [];
  const versionProblems: SyntaxProblem[] = [];
  const unparsed: PfUnparsedStatement[] = [];
  const comments: PfComment[] = [];
  const macroUses: PfMacroUse[] = [];
  for (const s of segments) {
    for (const x of s.statements) statements.push(x);
    for (const x of s.lexProblems) lexProblems.push(x);
    for (const x of s.splitProblems) splitProblems.push(x);
    for (const x of s.buildProblems) buildProblems.push(x);
    for (const x of s.versionProblems) versionProblems.push(x);
    for (const x of s.unparsed) unparsed.push(x);
    for (const x of s.comments) comments.push(x);
    for (const x of s.macroUses) macroUses.push(x);
  }
  // The problems keep the order of reading the whole file first: the lexer's, the splitter's, then the parser's.
  const problems: SyntaxProblem[] = [...lexProblems, ...splitProblems, ...buildProblems];
  const cr = firstBareCarriageReturn(text);
  if (cr !== -1) {
    problems.push({
      message:
        "carriage return (CRLF line endings): pfctl reads \\r as a character no rule takes, so each line it ends is a syntax error and the ruleset is not loaded; convert the file to LF line endings",
      range: { start: cr, end: cr + 1 },
      lineEndings: true,
    });
  }
  for (const p of versionProblems) problems.push(p);
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
    return { file: empty, unreadable: true };
  }
  const file: PfConfFile = {
    type: "PfConfFile",
    statements,
    comments,
    macroUses,
    unparsed: unparsed.sort((a, b) => a.range.start - b.range.start),
    problems,
    range: { start: 0, end: text.length },
  };
  return { file, unreadable: false };
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
