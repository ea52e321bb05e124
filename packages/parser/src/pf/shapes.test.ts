import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { IToken } from "chevrotain";
import { describe, expect, it } from "vitest";
import { corpusDir, repoRoot } from "../../../../test/support/corpus.js";
import { PfLexer } from "./lexer.js";
import { parsePfStatement, parseWithChevrotain, statementShapes } from "./parser.js";
import { StatementShapes, sameTree } from "./shapes.js";
import { NL } from "./tokens.js";

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else if (/pf|\.(in|ok)$/.test(p) && !/\.(md|tsv|txt|json)$/.test(p)) out.push(p);
  }
  return out;
}

/** The token runs between newlines: statements, and broken pieces of multi-line ones (which do not parse). */
function pieces(text: string): IToken[][] {
  const lexer = new PfLexer(text);
  const tokens: IToken[] = [];
  while (lexer.line(tokens)) {}
  const out: IToken[][] = [[]];
  for (const t of tokens) {
    if (t.tokenType === NL) out.push([]);
    else (out[out.length - 1] as IToken[]).push(t);
  }
  return out.filter((p) => p.length > 0);
}

describe("statement shapes", () => {
  it("give the tree and the errors Chevrotain gives, for every statement of the fixtures and the corpus", () => {
    const files = [...filesUnder(join(repoRoot, "fixtures")), ...(corpusDir ? filesUnder(corpusDir) : [])];
    const before = statementShapes.hits;
    let statements = 0;
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      // Each text twice, the second time with its macros' values swapped for others of the same kind.
      for (const variant of [text, text.replace(/\b10\.(\d+)\./g, "172.$1.").replace(/\b(em|igb|vtnet)(\d)\b/g, "lagg$2")]) {
        for (const tokens of pieces(variant)) {
          statements++;
          const viaShapes = parsePfStatement(tokens);
          const direct = parseWithChevrotain(tokens);
          expect(viaShapes.errors.map((e) => e.message)).toEqual(direct.errors.map((e) => e.message));
          // A tree with errors holds the tokens recovery inserted, new ones at each parse.
          if (direct.errors.length === 0)
            expect(sameTree(viaShapes.cst, direct.cst), `${f}: ${tokens.map((t) => t.image).join(" ")}`).toBe(true);
        }
      }
    }
    expect(statements).toBeGreaterThan(1000);
    // Most statements repeat a shape seen before.
    expect(statementShapes.hits - before).toBeGreaterThan(statements / 3);
  });

  it("key statements by their token types, and not those whose offsets are out of order or that are very long", () => {
    const shapes = new StatementShapes();
    const [a, b] = [pieces("pass in on em0 to port 22")[0] as IToken[], pieces("pass in on lo1 to port 8")[0] as IToken[]];
    expect(shapes.key(a)).toBe(shapes.key(b));
    expect(shapes.key(a)).not.toBe(shapes.key(pieces("pass in on em0 to port { 22 }")[0] as IToken[]));
    expect(shapes.key([...a].reverse())).toBeUndefined();
    expect(shapes.key(pieces(`table <t> { ${"10.0.0.1 ".repeat(600)}}`)[0] as IToken[])).toBeUndefined();
    expect(shapes.key([])).toBeUndefined();
  });

  it("make a tree of the new statement's own tokens and offsets", () => {
    const shapes = new StatementShapes();
    const [a, b] = [pieces("pass in on em0 to port 22")[0] as IToken[], pieces("pass  in on lo1 to port 8080")[0] as IToken[]];
    const key = shapes.key(a) as string;
    expect(shapes.tree(key, b)).toBeUndefined();
    shapes.remember(key, parseWithChevrotain(a).cst, a);
    const tree = shapes.tree(key, b);
    expect(tree && sameTree(tree, parseWithChevrotain(b).cst)).toBe(true);
    expect(tree?.location).toEqual({ startOffset: 0, endOffset: 27 });
  });
});
