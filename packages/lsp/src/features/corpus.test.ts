import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { LineIndex } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import type { DocumentSymbol, Location, Position, Range } from "vscode-languageserver-types";
import { corpusFiles, haveCorpus } from "../../../../test/support/corpus.js";
import { contextOf, fixtureFiles } from "../../test-support/host.js";
import type { FeatureContext } from "./context.js";
import { completion, definition, documentSymbols, formatJailConfDocument, hover, references } from "./index.js";

/** Positions at the start and end of every word, spread over the file, at most `max`. */
function positions(text: string, max = 300): Position[] {
  const idx = new LineIndex(text);
  const offsets: number[] = [];
  for (const m of text.matchAll(/\S+/g)) offsets.push(m.index ?? 0, (m.index ?? 0) + m[0].length);
  const step = Math.max(1, Math.ceil(offsets.length / max));
  return offsets
    .filter((_, i) => i % step === 0)
    .map((o) => {
      const p = idx.position(o, "utf16");
      return { line: p.line - 1, character: p.column - 1 };
    });
}

function validRange(r: Range, lines: number): boolean {
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return r.start.line >= 0 && r.end.line < lines && before(r.start, r.end);
}

/** Runs every feature at every position: nothing throws, every range is inside its file. Returns the hovers given. */
function exercise(ctx: FeatureContext, file: string, bad: string[]): number {
  const text = ctx.model.texts.get(file) ?? "";
  const lines = new LineIndex(text).lineCount;
  const lineCounts = new Map<string, number>();
  const linesOf = (uri: string): number => {
    const f = uri.replace("file:///host", "");
    let n = lineCounts.get(f);
    if (n === undefined) {
      n = new LineIndex(ctx.model.texts.get(f) ?? "").lineCount;
      lineCounts.set(f, n);
    }
    return n;
  };
  const checkLocs = (what: string, locs: Location[]) => {
    for (const l of locs) if (!validRange(l.range, linesOf(l.uri))) bad.push(`${file} ${what}: ${JSON.stringify(l)}`);
  };
  let answered = 0;
  for (const p of positions(text)) {
    const at = JSON.stringify(p);
    const h = hover(ctx, file, p);
    if (h) {
      answered++;
      if (!h.range || !validRange(h.range, lines)) bad.push(`${file} hover at ${at}`);
    }
    for (const item of completion(ctx, file, p)) {
      const e = item.textEdit;
      if (!e || !("range" in e) || !validRange(e.range, lines)) bad.push(`${file} completion ${item.label} at ${at}`);
    }
    checkLocs(`definition at ${at}`, definition(ctx, file, p));
    checkLocs(`references at ${at}`, references(ctx, file, p, true));
  }
  const walk = (s: readonly DocumentSymbol[]) => {
    for (const x of s) {
      if (!validRange(x.range, lines) || !validRange(x.selectionRange, lines)) bad.push(`${file} symbol ${x.name}`);
      walk(x.children ?? []);
    }
  };
  walk(documentSymbols(ctx, file));
  return answered;
}

const asFile: Record<string, string> = { jail: "/etc/jail.conf", pf: "/etc/pf.conf", rc: "/etc/rc.conf" };

describe("every feature on real files", () => {
  it("answers on the fixture hosts", () => {
    for (const dir of ["fixtures/lsp/host", "fixtures/example-host"]) {
      const files = fixtureFiles(dir);
      const ctx = contextOf(files);
      const bad: string[] = [];
      let answered = 0;
      for (const f of Object.keys(files)) answered += exercise(ctx, f, bad);
      expect(bad).toEqual([]);
      expect(answered, dir).toBeGreaterThan(20);
    }
  });

  for (const kind of ["jail", "pf", "rc"] as const) {
    it.skipIf(!haveCorpus())(
      `never throws on the ${kind} corpus, templates included`,
      () => {
        const paths = corpusFiles(`real/${kind}`);
        expect(paths.length).toBeGreaterThan(20);
        let answered = 0;
        const bad: string[] = [];
        for (const path of paths) {
          const text = readFileSync(path, "utf8");
          const file = asFile[kind] as string;
          const ctx = contextOf({ [file]: text });
          expect(ctx.model.texts.has(file), basename(path)).toBe(true);
          answered += exercise(ctx, file, bad.length > 20 ? [] : bad);
          if (kind === "jail") {
            const r = formatJailConfDocument(text, { tabSize: 4, insertSpaces: true });
            if (!r.ok && /read back/.test(r.message)) bad.push(`${basename(path)}: ${r.message}`);
          }
        }
        expect(bad).toEqual([]);
        expect(answered).toBeGreaterThan(paths.length);
      },
      120_000,
    );
  }
});
