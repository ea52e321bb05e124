import { formatJailConf } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import type { TextEdit } from "vscode-languageserver-types";
import { fixtureFiles } from "../../test-support/host.js";
import { formatJailConfDocument } from "./formatting.js";

/** Applies LSP edits to a text (the way an editor does, offsets from line/character). */
function apply(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  const off = (p: { line: number; character: number }) => (starts[p.line] ?? text.length) + p.character;
  return [...edits]
    .sort((a, b) => off(b.range.start) - off(a.range.start))
    .reduce((t, e) => t.slice(0, off(e.range.start)) + e.newText + t.slice(off(e.range.end)), text);
}

const spaces = { tabSize: 4, insertSpaces: true };

describe("formatJailConfDocument", () => {
  it("replaces only the lines that change", () => {
    const text = "# head\na = 1;\nw {\nb=2;\n}\n# tail\n";
    const r = formatJailConfDocument(text, spaces);
    expect(r).toEqual({
      ok: true,
      edits: [{ range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } }, newText: "    b = 2;\n" }],
    });
    if (r.ok) expect(apply(text, r.edits)).toBe("# head\na = 1;\nw {\n    b = 2;\n}\n# tail\n");
  });

  it("gives no edit for a formatted file, and tabs when the editor indents with tabs", () => {
    expect(formatJailConfDocument("w {\n    b;\n}\n", spaces)).toEqual({ ok: true, edits: [] });
    const r = formatJailConfDocument("w {\n    b;\n}\n", { tabSize: 8, insertSpaces: false });
    expect(r.ok && r.edits.map((e) => e.newText)).toEqual(["\tb;\n"]);
  });

  it("lines up `=` when asked", () => {
    const r = formatJailConfDocument("a = 1;\nlong = 2;\n", { ...spaces, alignEquals: true });
    expect(r.ok && apply("a = 1;\nlong = 2;\n", r.edits)).toBe("a    = 1;\nlong = 2;\n");
  });

  it("refuses a file with a syntax error, saying where", () => {
    expect(formatJailConfDocument("w {\n  a = 1\n  b;\n}\n", spaces)).toEqual({
      ok: false,
      message: expect.stringMatching(/^missing `;`/),
      range: expect.objectContaining({ start: expect.objectContaining({ line: expect.any(Number) }) }),
    });
  });

  it("edits to exactly what formatJailConf gives, on every fixture file", () => {
    const files = fixtureFiles("fixtures/lsp/host");
    for (const [name, text] of Object.entries(files)) {
      if (!name.includes("jail.conf")) continue;
      const r = formatJailConfDocument(text, spaces);
      const whole = formatJailConf(text);
      expect(r.ok && whole.ok, name).toBe(true);
      if (r.ok && whole.ok) expect(apply(text, r.edits), name).toBe(whole.text);
    }
    const messy = fixtureFiles("fixtures/lsp/format")["/messy.conf"] as string;
    const r = formatJailConfDocument(messy, spaces);
    const whole = formatJailConf(messy);
    expect(r.ok && whole.ok && apply(messy, r.edits) === whole.text).toBe(true);
  });
});
