import { describe, expect, it } from "vitest";
import { parseJailConf } from "../jail/index.js";
import { parsePfConf } from "../pf/index.js";
import { parseRcConf } from "../rc/index.js";
import { ellipsize, splitsSurrogatePair } from "./code-points.js";

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** No problem range starts or ends inside an emoji, and no message carries half of one. */
function expectWhole(text: string, problems: readonly { message: string; range: { start: number; end: number } }[]): void {
  for (const p of problems) {
    expect(splitsSurrogatePair(text, p.range.start) || splitsSurrogatePair(text, p.range.end), JSON.stringify([text, p])).toBe(false);
    expect(LONE_SURROGATE.test(p.message), p.message).toBe(false);
  }
}

describe("characters outside the BMP (two UTF-16 units) are never cut in half", () => {
  it("jail.conf: an emoji outside quotes is one unexpected character", () => {
    const text = "www { 😀 persist; }\n";
    const file = parseJailConf(text);
    expect(file.problems.map((p) => [p.message, p.range])).toEqual([
      ["unexpected character '😀': quote values that contain it", { start: 6, end: 8 }],
    ]);
  });

  it("jail.conf: a long token in a message is shortened on a character boundary", () => {
    const text = `www { a = 1 "${"a".repeat(25)}😀😀"; }\n`;
    const file = parseJailConf(text);
    expectWhole(text, file.problems);
    expect(file.problems.map((p) => p.message)).toEqual([
      `missing \`;\` after this statement (found \`"${"a".repeat(25)}...\` instead): end each parameter with \`;\``,
    ]);
  });

  it("pf.conf: an emoji outside quotes is one unexpected character", () => {
    const text = "pass 😀\n";
    expect(parsePfConf(text).problems.map((p) => [p.message, p.range])).toEqual([["unexpected character '😀'", { start: 5, end: 7 }]]);
  });

  it("rc.conf: a command's quoted head is shortened on a character boundary", () => {
    const text = `${"x".repeat(36)}😀😀 arg\n`;
    const file = parseRcConf(text);
    expectWhole(text, file.problems);
    expect(file.problems.map((p) => p.message)).toEqual([
      `not evaluated: jaillint reads only plain assignments; the command \`${"x".repeat(36)}...\` is skipped`,
    ]);
  });

  it("survives emoji anywhere in all three grammars", () => {
    // Text read from a file or stdin is decoded UTF-8: it has no lone surrogates of its own.
    const pieces = ["😀", "𝔸", "a", " ", "\n", '"', "{", "}", ";", "=", "$", "#", "(", ")", "\\"];
    let seed = 7;
    for (let run = 0; run < 1000; run++) {
      let text = "";
      for (let i = 0; i < 40; i++) {
        seed = (seed * 1664525 + 1013904223) >>> 0;
        text += pieces[seed % pieces.length];
      }
      expectWhole(text, parseJailConf(text).problems);
      expectWhole(text, parsePfConf(text).problems);
      expectWhole(text, parseRcConf(text).problems);
    }
  });

  it("ellipsize keeps whole characters", () => {
    expect(ellipsize("abcdefg", 10)).toBe("abcdefg");
    expect(ellipsize("ab😀cdefgh", 6)).toBe("ab...");
    expect(ellipsize("abc😀defgh", 6)).toBe("abc...");
  });
});
