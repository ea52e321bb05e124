import { describe, expect, it } from "vitest";
import { type ColumnUnit, LineIndex } from "./line-index.js";

/**
 * An independent line/column computation, the way an editor does it: split the text at `\r\n`, `\r` and `\n`,
 * drop a leading byte-order mark, and count the characters before the offset on its line.
 */
function reference(text: string, offset: number, unit: ColumnUnit): { line: number; column: number } {
  const bom = text.startsWith("\ufeff") ? 1 : 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === "\r" && text[i + 1] === "\n") {
      if (i + 1 === offset) break; // between CR and LF: still on the line, at its end
      i++;
    }
    if (text[i] === "\r" || text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  const from = line === 1 ? Math.min(bom, offset) : lineStart;
  let to = offset;
  // A cut inside a surrogate pair counts as the pair's start.
  if (/[\ud800-\udbff]/.test(text[to - 1] ?? "") && /[\udc00-\udfff]/.test(text[to] ?? "")) to--;
  const before = text.slice(from, to).replace(/\r$/, "");
  return { line, column: (unit === "utf16" ? before.length : Array.from(before).length) + 1 };
}

/** A small seeded generator, so a failure names a reproducible case. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ["a", "b", " ", "\t", "\n", "\r", "\r\n", "\ufeff", "é", "😀", "\ud83d", "\ude00", "\u202e", "#", "{", "="];

describe("LineIndex", () => {
  it("breaks lines at LF, CRLF and a lone CR, as editors do", () => {
    const idx = new LineIndex("a=1\rb=2\r\nc=3\nd");
    expect(idx.lineCount).toBe(4);
    expect([1, 2, 3, 4].map((l) => idx.lineText(l))).toEqual(["a=1", "b=2", "c=3", "d"]);
    expect(idx.position(4)).toEqual({ line: 2, column: 1 });
    expect(idx.position(8)).toEqual({ line: 2, column: 4 }); // between CR and LF
    expect(idx.position(9)).toEqual({ line: 3, column: 1 });
    expect(idx.offset(3, 2)).toBe(10);
  });

  it("places a finding on the third line of a lone-CR file on line 3, not at 1:24", () => {
    const text = "a=1\rb=2\rpf_enable=YES ;;\r";
    expect(new LineIndex(text).position(text.indexOf("pf_enable"))).toEqual({ line: 3, column: 1 });
  });

  it("does not count a byte-order mark as a column", () => {
    const idx = new LineIndex("\ufeffwww { persist; }\nx");
    expect(idx.position(0)).toEqual({ line: 1, column: 1 });
    expect(idx.position(1)).toEqual({ line: 1, column: 1 });
    expect(idx.position(7)).toEqual({ line: 1, column: 7 });
    expect(idx.lineText(1)).toBe("www { persist; }");
    expect(idx.lineStart(1)).toBe(1);
    expect(idx.offset(1, 7)).toBe(7);
    expect(idx.position(18)).toEqual({ line: 2, column: 1 });
  });

  it("counts code points by default and UTF-16 code units on request", () => {
    const text = 'x = "😀😀"; y';
    const idx = new LineIndex(text);
    const y = text.indexOf("y");
    expect(idx.position(y)).toEqual({ line: 1, column: 11 });
    expect(idx.position(y, "utf16")).toEqual({ line: 1, column: 13 });
    expect(idx.offset(1, 11)).toBe(y);
    expect(idx.offset(1, 13, "utf16")).toBe(y);
    // An offset between the two halves of an emoji is the emoji's column, never half of it.
    expect(idx.position(6)).toEqual({ line: 1, column: 6 });
    expect(idx.position(6, "utf16")).toEqual({ line: 1, column: 6 });
  });

  it("agrees with an independent computation on random texts", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const rnd = random(seed);
      let text = "";
      const n = Math.floor(rnd() * 30);
      for (let i = 0; i < n; i++) text += PIECES[Math.floor(rnd() * PIECES.length)];
      const idx = new LineIndex(text);
      for (let o = 0; o <= text.length; o++) {
        for (const unit of ["codePoint", "utf16"] as const) {
          expect(idx.position(o, unit), `seed ${seed}, ${JSON.stringify(text)} at ${o} (${unit})`).toEqual(reference(text, o, unit));
        }
      }
      // offset() inverts position() on every code point boundary.
      for (let o = 0; o <= text.length; o++) {
        const p = idx.position(o);
        const back = idx.offset(p.line, p.column);
        expect(idx.position(back), `seed ${seed} at ${o}`).toEqual(p);
      }
    }
  });
});
