import { describe, expect, it } from "vitest";
import { applyFixes } from "./apply-fixes.js";
import { crlfToLf } from "./fixes.js";

describe("applyFixes", () => {
  it("keeps CRLF line endings: a line break a fix inserts in a CRLF file is CRLF too", () => {
    const text = 'hostname="h"\r\njail_enable="YES"\r\n';
    const r = applyFixes(text, [
      { description: "add", safety: "safe", edits: [{ start: text.length, end: text.length, newText: 'pf_enable="YES"\n' }] },
      { description: "add", safety: "safe", edits: [{ start: 0, end: 0, newText: "# a\r\n# b\n" }] },
    ]);
    expect(r.text).toBe('# a\r\n# b\r\nhostname="h"\r\njail_enable="YES"\r\npf_enable="YES"\r\n');
  });

  it("converts a CRLF file to LF in one edit, once: the conversion is not converted back", () => {
    const text = '# c\r\npf_enable="YES"\r\npf_rules="/etc/pf.conf"\r\n';
    const fix = crlfToLf(text, "convert") as NonNullable<ReturnType<typeof crlfToLf>>;
    expect(fix.edits).toEqual([{ start: 3, end: text.length, newText: '\npf_enable="YES"\npf_rules="/etc/pf.conf"\n' }]);
    const r = applyFixes(text, [fix]);
    expect(r.text).toBe('# c\npf_enable="YES"\npf_rules="/etc/pf.conf"\n');
    expect(crlfToLf(r.text, "convert")).toBeUndefined();
    // A lone CR is not a CRLF: what it was meant to be is not known, so it stays.
    expect(applyFixes("a=1\rb=2\r\n", [crlfToLf("a=1\rb=2\r\n", "c") as NonNullable<ReturnType<typeof crlfToLf>>]).text).toBe("a=1\rb=2\n");
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
