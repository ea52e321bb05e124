import { describe, expect, it } from "vitest";
import { applyFixes } from "./apply-fixes.js";

describe("applyFixes", () => {
  it("keeps CRLF line endings: a line break a fix inserts in a CRLF file is CRLF too", () => {
    const text = 'hostname="h"\r\njail_enable="YES"\r\n';
    const r = applyFixes(text, [
      { description: "add", safety: "safe", edits: [{ start: text.length, end: text.length, newText: 'pf_enable="YES"\n' }] },
      { description: "add", safety: "safe", edits: [{ start: 0, end: 0, newText: "# a\r\n# b\n" }] },
    ]);
    expect(r.text).toBe('# a\r\n# b\r\nhostname="h"\r\njail_enable="YES"\r\npf_enable="YES"\r\n');
  });

  it("leaves LF files and files without any line break alone", () => {
    const fix = (at: number) => ({ description: "add", safety: "safe" as const, edits: [{ start: at, end: at, newText: "x;\n" }] });
    expect(applyFixes("a;\nb;\n", [fix(3)]).text).toBe("a;\nx;\nb;\n");
    expect(applyFixes("a;", [fix(2)]).text).toBe("a;x;\n");
  });

  it("two fixes on one line both apply when they do not overlap", () => {
    const text = "a = 1; b = 2;\n";
    const r = applyFixes(text, [
      { description: "b", safety: "safe", edits: [{ start: 11, end: 12, newText: "3" }] },
      { description: "a", safety: "safe", edits: [{ start: 4, end: 5, newText: "3" }] },
    ]);
    expect(r).toEqual({ text: "a = 3; b = 3;\n", applied: 2, skipped: 0 });
  });
});
