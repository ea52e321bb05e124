import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Lexer } from "chevrotain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { corpusDir, repoRoot } from "../../../../test/support/corpus.js";
import { filesUnder } from "../../../../test/support/files.js";
import { FUZZ_SEED } from "../../../../test/support/grammar-properties.js";
import { scanPf } from "./scan.js";
import { lexerTokens } from "./tokens.js";

// The hand-written scanner must be the Chevrotain lexer that `lexerTokens` defines, token for token: the
// reference lexer is built here only, never at run time.
const reference = new Lexer(lexerTokens, { positionTracking: "onlyOffset", skipValidations: true, ensureOptimizations: false });

function viaChevrotain(text: string): unknown {
  const r = reference.tokenize(text);
  return {
    tokens: r.tokens.map((t) => [t.tokenType.name, t.startOffset, t.image]),
    comments: (r.groups.comments ?? []).map((c) => [c.startOffset, c.image]),
    errors: r.errors.map((e) => [e.offset, e.length]),
  };
}

function viaScan(text: string): unknown {
  const r = scanPf(text, true);
  return {
    tokens: r.tokens.map((t) => [t.tokenType.name, t.startOffset, t.image]),
    comments: r.comments.map((c) => [c.startOffset, c.image]),
    errors: [],
  };
}

const pfLike = (p: string): boolean => /pf|\.(in|ok)$/.test(p);
const files = [...filesUnder(join(repoRoot, "fixtures"), pfLike), ...(corpusDir ? filesUnder(corpusDir, pfLike) : [])];

const fragments = [
  ...["{", "}", "(", ")", "<", ">", ",", "!", "=", '"', "'", "$", "$x", "\\", "\\\n", "\\\r\n", "#", "# c\\\n", "->", ":", "/", "-"],
  ...["<=", ">=", "<>", "><", "!=", "*", ".", "_", "pass", "passes", "nat", "nat-to", "nat-tox", "rdr-anchor", "inet6", "l3"],
  ...["anchor", "max-src-conn-rate", "x = ", '"a\nb"', "'q'", "10.0.0.1/24", "fe80::1%lo0", "(em0:network)", "é", "\u00a0", "\u2028"],
  ...["\u000b", "\u3000", "\ufeff", "\u{1f600}", "\ud83d", "\udc00", "\0", "\r", "\r\n", "\n", " ", "\t", "\f", "0x1F"],
];
const shaped = fc
  .array(fc.oneof({ arbitrary: fc.constantFrom(...fragments), weight: 5 }, fc.string({ maxLength: 3 })), { maxLength: 60 })
  .map((parts) => parts.join(""));
const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 120 });

describe("the pf.conf scanner", () => {
  it("reads the fixtures and the corpus as the Chevrotain lexer of lexerTokens does", () => {
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      expect(viaScan(text), f).toEqual(viaChevrotain(text));
    }
  });

  it("reads pf-shaped and arbitrary strings as the Chevrotain lexer does", () => {
    fc.assert(
      fc.property(fc.oneof(shaped, anyText), (text) => {
        expect(viaScan(text)).toEqual(viaChevrotain(text));
      }),
      { seed: FUZZ_SEED, numRuns: 3000 },
    );
  });

  it("treats each kind of UTF-16 code unit as the Chevrotain lexer does, alone, in a word and before a low surrogate", () => {
    // Every code below U+0100; above it Chevrotain's first-character table has buckets of 255 codes, so the codes
    // at each bucket's edges, the whitespace of \s, the surrogates and a spread of others.
    const codes = new Set<number>();
    for (let c = 0; c < 0x100; c++) codes.add(c);
    for (let k = 2; k * 255 <= 0xffff; k++) codes.add(k * 255 - 1).add(k * 255);
    for (const c of [0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xffff]) codes.add(c);
    for (let c = 0x2000; c <= 0x200a; c++) codes.add(c);
    for (let c = 0x100; c <= 0xffff; c += 97) codes.add(c);
    const list = [...codes].sort((a, b) => a - b);
    const mismatches: number[] = [];
    for (let k = 0; k < list.length; k += 64) {
      const block = list.slice(k, k + 64);
      const text = block
        .map((c) => String.fromCharCode(c))
        .map((ch) => `${ch}a${ch}\udc00 $${ch}\\${ch}\n`)
        .join("");
      if (JSON.stringify(viaScan(text)) !== JSON.stringify(viaChevrotain(text))) mismatches.push(...block);
    }
    expect(mismatches).toEqual([]);
  });

  it("makes tokens of the shape Chevrotain's lexer makes, with offsets only", () => {
    const [word, kw] = scanPf("passes pass", false).tokens;
    expect(word && Object.keys(word)).toEqual(["image", "startOffset", "endOffset", "tokenTypeIdx", "tokenType"]);
    expect([word?.startOffset, word?.endOffset, kw?.startOffset, kw?.endOffset]).toEqual([0, 5, 7, 10]);
    expect([word?.tokenType.name, kw?.tokenType.name, kw?.tokenTypeIdx]).toEqual(["Word", "Kw_pass", kw?.tokenType.tokenTypeIdx]);
  });
});
