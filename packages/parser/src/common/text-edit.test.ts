import { describe, expect, it } from "vitest";
import { changedSpan } from "./text-edit.js";

/** The span a character-by-character scan finds (before the CRLF and surrogate widening). */
function naive(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start++;
  let end = 0;
  while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { start, oldEnd: before.length - end, newEnd: after.length - end };
}

describe("changedSpan", () => {
  it("is the edit, what is common at both ends left out", () => {
    expect(changedSpan("a = 1;\n", "a = 12;\n")).toEqual({ start: 5, oldEnd: 5, newEnd: 6 });
    expect(changedSpan("abc", "abc")).toBeUndefined();
    expect(changedSpan("", "x")).toEqual({ start: 0, oldEnd: 0, newEnd: 1 });
  });

  it("never splits a CRLF or a surrogate pair", () => {
    expect(changedSpan("a\r\nb", "a\r\r\nb")).toEqual({ start: 1, oldEnd: 3, newEnd: 4 });
    expect(changedSpan("x\u{1F600}y", "x\u{1F601}y")).toEqual({ start: 1, oldEnd: 3, newEnd: 3 });
  });

  it("finds in long texts, a block at a time, what a scan of every character finds", () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed % n;
    };
    for (let i = 0; i < 300; i++) {
      const base = Array.from({ length: 1 + rnd(40_000) }, () => "ab \n"[rnd(4)]).join("");
      const at = rnd(base.length + 1);
      const cut = rnd(Math.min(50, base.length - at) + 1);
      const after = base.slice(0, at) + "xyz".slice(0, rnd(4)) + base.slice(at + cut);
      if (after === base) continue;
      expect(changedSpan(base, after), `case ${i}`).toEqual(naive(base, after));
    }
  });
});
