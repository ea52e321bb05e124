import { describe, expect, it } from "vitest";
import { grammarViolations, independentPositions } from "./support/grammar-properties.js";

// The property helper's own checks: they must see what they claim to see, or the property tests prove nothing.
describe("grammar property checks", () => {
  it("count lines as editors do: LF, CRLF and a lone CR end a line; columns in UTF-16 code units and in code points", () => {
    expect(independentPositions("a\r\nb\rc\n\u{1f600}d").map((p) => `${p.line}:${p.utf16}/${p.codePoint}`)).toEqual([
      "1:1/1",
      "1:2/2",
      "1:2/2",
      "2:1/1",
      "2:2/2",
      "3:1/1",
      "3:2/2",
      "4:1/1",
      "4:1/1",
      "4:3/2",
      "4:4/3",
    ]);
  });
  it("give a leading byte-order mark no column", () => {
    expect(independentPositions("\ufeffab").map((p) => `${p.line}:${p.utf16}/${p.codePoint}`)).toEqual([
      "1:1/1",
      "1:1/1",
      "1:2/2",
      "1:3/3",
    ]);
  });
  it("report a parser that throws", () => {
    const parse = (): never => {
      throw new TypeError("boom");
    };
    expect(grammarViolations({ name: "t", parse, fragments: [] }, "x").map((v) => [v.kind, v.detail.split("\n")[0]])).toEqual([
      ["exception", "TypeError: boom"],
    ]);
  });
  it("report a range past the end of the text, anywhere in the result", () => {
    const parse = () => ({ problems: [], statements: [{ name: { range: { start: 1, end: 4 } } }] });
    expect(grammarViolations({ name: "t", parse, fragments: [] }, "abc")).toEqual([
      { kind: "position", mode: "parse t", detail: "file.statements[0].name.range is [1, 4) in a text of length 3" },
    ]);
  });
});
