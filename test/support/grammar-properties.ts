import { LineIndex, type SyntaxProblem } from "@jaillint/parser";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FuzzInput, knownBug, type Violation } from "./known-bugs.js";

/** One grammar under test: its parse function and the token fragments its grammar-shaped strings are built from. */
export interface GrammarUnderTest {
  readonly name: string;
  readonly parse: (text: string) => { readonly problems: readonly SyntaxProblem[] };
  readonly fragments: readonly string[];
}

/** Same seed as the fuzz test, so a failure reproduces; more runs with JAILLINT_FUZZ_RUNS. */
export const FUZZ_SEED = Number(process.env.JAILLINT_FUZZ_SEED ?? 14);
const NUM_RUNS = Math.max(300, Math.floor(Number(process.env.JAILLINT_FUZZ_RUNS ?? 0) / 10));

/** Fragments every grammar has to survive: line breaks, NUL, non-ASCII, a lone surrogate, controls, a BOM. */
const COMMON_FRAGMENTS = ["\n", "\r", "\r\n", " ", "\t", "\0", "é", "\u{1f600}", "\ud83d", "\u202e", "\u001b[2J", "\ufeff", "\u0085"];

/** Any UTF-16 string: every code point, and lone surrogates too (a file read as UTF-8 never has them; an editor buffer may). */
const anyString = fc.string({
  unit: fc.oneof(
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  ),
  maxLength: 200,
});

const shapedString = (fragments: readonly string[]) =>
  fc
    .array(fc.oneof({ arbitrary: fc.constantFrom(...fragments, ...COMMON_FRAGMENTS), weight: 4 }, fc.string({ maxLength: 4 })), {
      maxLength: 80,
    })
    .map((parts) => parts.join(""));

/**
 * Line and column as editors count them, written without the LineIndex: a line ends at `\n`, `\r\n` or a lone
 * `\r`; a byte-order mark at the start takes no column; columns are 1-based, in UTF-16 code units (LSP) and in
 * code points (the CLI). An offset inside a surrogate pair is the pair's start, one between a CRLF's CR and LF the
 * end of its line, in both units.
 */
export function independentPositions(text: string): { line: number; utf16: number; codePoint: number }[] {
  const out: { line: number; utf16: number; codePoint: number }[] = [];
  let line = 1;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let points = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    const inPair = i > 0 && c >= 0xdc00 && c <= 0xdfff && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff;
    // Inside a surrogate pair or between a CRLF's CR and LF there is no character of its own: such an offset is
    // the pair's start, or the end of the line.
    const inCrlf = c === 0x0a && text.charCodeAt(i - 1) === 0x0d;
    const prev = out[out.length - 1];
    if ((inPair || inCrlf) && prev) out.push(prev);
    else out.push({ line, utf16: Math.max(1, i - start + 1), codePoint: points + 1 });
    if (i >= start && !inPair && !inCrlf) points++;
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      start = i + 1;
      points = 0;
    }
  }
  return out;
}

/** Every `{ start, end }` in a parse result (AST nodes, names, pieces, comments, problems), with its path. */
function* rangesIn(node: unknown, path: string): Generator<[string, { start: number; end: number }]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* rangesIn(item, `${path}[${i}]`);
  } else if (node !== null && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (typeof o.start === "number" && typeof o.end === "number") yield [path, o as { start: number; end: number }];
    for (const [k, v] of Object.entries(o)) yield* rangesIn(v, `${path}.${k}`);
  }
}

/** What is wrong with parsing `text`: a throw, a range outside the text, or a line/column off from the independent count. */
export function grammarViolations(grammar: GrammarUnderTest, text: string): Violation[] {
  const mode = `parse ${grammar.name}`;
  let result: unknown;
  try {
    result = grammar.parse(text);
  } catch (e) {
    return [{ kind: "exception", mode, detail: String((e as Error).stack ?? e) }];
  }
  const out: Violation[] = [];
  for (const [path, r] of rangesIn(result, "file")) {
    if (!(Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.start <= r.end && r.end <= text.length))
      out.push({ kind: "position", mode, detail: `${path} is [${r.start}, ${r.end}) in a text of length ${text.length}` });
  }
  const index = new LineIndex(text);
  const expected = independentPositions(text);
  for (const [offset, want] of expected.entries()) {
    const utf16 = index.position(offset, "utf16");
    const points = index.position(offset);
    if (utf16.line !== want.line || utf16.column !== want.utf16 || points.line !== want.line || points.column !== want.codePoint) {
      out.push({
        kind: "line-column",
        mode,
        detail: `offset ${offset}: LineIndex says ${utf16.line}:${utf16.column} (UTF-16) and ${points.line}:${points.column} (code points), expected ${want.line}:${want.utf16} and ${want.line}:${want.codePoint}`,
      });
      break;
    }
  }
  return out;
}

/** The violations no KNOWN_BUGS entry accounts for. */
function unexplained(text: string, violations: readonly Violation[]): Violation[] {
  const input: FuzzInput = new Map([["text", Buffer.from(text, "utf8")]]);
  return violations.filter((v) => !knownBug(v, input));
}

/** Property tests for one grammar: any string, and strings built from its tokens, parse without throwing into ranges that fit. */
export function describeGrammarProperties(grammar: GrammarUnderTest): void {
  describe(`${grammar.name}: properties`, () => {
    const cases: [string, fc.Arbitrary<string>][] = [
      ["any string", anyString],
      ["strings built from its tokens", shapedString(grammar.fragments)],
    ];
    for (const [label, arbitrary] of cases) {
      it(`parses ${label} without throwing, every range inside the text, line/column as counted independently`, () => {
        fc.assert(
          fc.property(arbitrary, (text) => {
            expect(unexplained(text, grammarViolations(grammar, text))).toEqual([]);
          }),
          { seed: FUZZ_SEED, numRuns: NUM_RUNS },
        );
      });
    }
  });
}
