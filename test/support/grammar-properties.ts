import { type LineColumn, LineIndex, type SyntaxProblem } from "@jaillint/parser";
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
 * Line and column as LSP and editors count them, written without the LineIndex: a line ends at `\n`, `\r\n`
 * or a lone `\r`; columns are 1-based UTF-16 code units.
 */
export function independentPositions(text: string): LineColumn[] {
  const out: LineColumn[] = [];
  let line = 1;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    out.push({ line, column: i - start + 1 });
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      start = i + 1;
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
    const got = index.position(offset);
    if (got.line !== want.line || got.column !== want.column) {
      out.push({
        kind: "line-column",
        mode,
        detail: `offset ${offset}: LineIndex says ${got.line}:${got.column}, expected ${want.line}:${want.column}`,
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
