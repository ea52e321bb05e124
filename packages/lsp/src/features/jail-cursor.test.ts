import { describe, expect, it } from "vitest";
import { jailCursorAt } from "./jail-cursor.js";

/** The cursor at the `|` of the text. */
const at = (marked: string) => {
  const offset = marked.indexOf("|");
  return jailCursorAt(marked.slice(0, offset) + marked.slice(offset + 1), offset);
};
const kinds = (marked: string) => at(marked).tokens.map((t) => `${t.kind}:${t.raw}`);

describe("jailCursorAt", () => {
  it("knows the blocks around the cursor by their full names", () => {
    expect(at("a { b { c; |").blocks).toEqual(["a", "a.b"]);
    expect(at('a { "b" { } |').blocks).toEqual(["a"]);
    expect(at("a { } b { |").blocks).toEqual(["b"]);
  });

  it("collects the statement's tokens and the string being typed", () => {
    expect(kinds("w { ip4.addr += x, |")).toEqual(["str:ip4.addr", "pleq:+=", "str:x", "comma:,"]);
    expect(at("w { ip4.addr = lo1|").current).toEqual({ start: 15, raw: "lo1", inQuote: undefined });
    expect(kinds("a;b=c; d|")).toEqual([]);
    expect(at("a;b=c; d|").current?.raw).toBe("d");
  });

  it("joins adjacent pieces into one string, as jail(8) does", () => {
    expect(at('path = /j/"$name"x|').current).toEqual({ start: 7, raw: '/j/"$name"x', inQuote: undefined });
    expect(at("a+b|").current?.raw).toBe("a+b");
  });

  it("is inside a quote until it closes, escapes included", () => {
    expect(at('a = "x \\" y|').current).toEqual({ start: 4, raw: '"x \\" y', inQuote: '"' });
    expect(at("a = 'x|").current?.inQuote).toBe("'");
    expect(at('a = "x";|').current).toBeUndefined();
  });

  it("is in a comment after `#` (mid-word too), `//` and an unclosed `/*`", () => {
    expect(at("a#b|").inComment).toBe(true);
    expect(at("// x|").inComment).toBe(true);
    expect(at("/* x\n y|").inComment).toBe(true);
    expect(at("/* x */ y|").inComment).toBe(false);
    expect(at("# x\ny|").inComment).toBe(false);
  });

  it("keeps an unclosed `${` as the string being typed", () => {
    expect(at('a = "${ho|').current?.raw).toBe('"${ho');
    expect(at("a = ${ho|").current?.raw).toBe("${ho");
  });
});
