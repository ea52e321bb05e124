// The language server's pure pieces: where a disable comment goes, a fix's line breaks, the one edit between two
// texts, how a finding moves over an edit, and how a file's kind is told.
import { describe, expect, it } from "vitest";
import { detectKind, disableComment, fixEdits } from "../packages/lsp/src/core.js";
import type { LintedDiagnostic } from "../packages/lsp/src/lint-protocol.js";
import { minimalEdit, Positions } from "../packages/lsp/src/lint-worker.js";
import { carryOver, changedSpan, commentLinesAbove, editedLines } from "../packages/lsp/src/positions.js";

describe("disableComment", () => {
  const comment = (code: string, eol = "\n") => `# jaillint-disable-next-line ${code} -- TODO: say why this is acceptable${eol}`;

  it("goes above the finding's line, indented as it", () => {
    const text = "www {\n    allow.raw_sockets;\n}\n";
    expect(disableComment(text, [{ start: 10, end: 28 }], "JL104", 10)).toEqual({ offset: 6, text: `    ${comment("JL104")}` });
  });

  it("goes above the first line of a statement over several lines", () => {
    const text = 'jail_enable="YES"\njail_list="www\n    db\n    nope"\n';
    const statements = [
      { start: 0, end: 17 },
      { start: 18, end: text.length - 1 },
    ];
    expect(disableComment(text, statements, "JL302", text.indexOf("nope"))).toEqual({ offset: 18, text: comment("JL302") });
  });

  it("is not moved by a statement that ended before the finding", () => {
    const text = "a=1\n\nb=2\n";
    expect(disableComment(text, [{ start: 0, end: 3 }], "JL001", 5)).toEqual({ offset: 5, text: comment("JL001") });
    expect(disableComment(text, [], "JL001", 0)).toEqual({ offset: 0, text: comment("JL001") });
  });

  it("ends its line as the file's lines end", () => {
    const text = "www {\r\n\tallow.raw_sockets;\r\n}\r\n";
    expect(disableComment(text, [], "JL104", 8)).toEqual({ offset: 7, text: `\t${comment("JL104", "\r\n")}` });
  });
});

describe("fixEdits", () => {
  const fix = {
    description: "d",
    safety: "safe" as const,
    edits: [
      { start: 9, end: 9, newText: "a;\nb;\n" },
      { start: 0, end: 1, newText: "" },
    ],
  };

  it("sorts the edits, and writes CRLF into a file whose lines all end so", () => {
    expect(fixEdits("x\r\ny\r\nz\r\n", fix)).toEqual([
      { start: 0, end: 1, newText: "" },
      { start: 9, end: 9, newText: "a;\r\nb;\r\n" },
    ]);
    // Mixed line ends: as written.
    expect(fixEdits("x\r\ny\nz\n", fix)[1]).toEqual({ start: 9, end: 9, newText: "a;\nb;\n" });
    // A fix that converts line ends itself is never converted back.
    expect(fixEdits("x\r\n", { ...fix, lineBreaks: "as-written" })[1]).toEqual({ start: 9, end: 9, newText: "a;\nb;\n" });
  });
});

describe("minimalEdit", () => {
  const apply = (before: string, after: string): string => {
    const [e] = minimalEdit(before, after);
    if (!e) return before;
    const p = new Positions(before);
    return before.slice(0, p.offset(e.range.start)) + e.newText + before.slice(p.offset(e.range.end));
  };

  it("replaces only what changed, and turns the old text into the new one", () => {
    expect(minimalEdit("abc\ndef\n", "abc\nxef\n")).toEqual([
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, newText: "x" },
    ]);
    expect(minimalEdit("same", "same")).toEqual([]);
    for (const [a, b] of [
      ["a\r\nb", "a\nb"],
      ["a\nb", "a\r\nb"],
      ["x😀y", "x😁y"],
      ["", "new"],
      ["old", ""],
      ["aaaa", "aa"],
    ])
      expect(apply(a as string, b as string)).toBe(b);
  });

  it("never splits a CRLF or a surrogate pair", () => {
    // "a\r\nb" → "a\r\r\nb": the common prefix ends inside the CRLF; the edit starts before it.
    expect(minimalEdit("a\r\nb", "a\r\r\nb")).toEqual([
      { range: { start: { line: 0, character: 1 }, end: { line: 1, character: 0 } }, newText: "\r\r\n" },
    ]);
    expect(minimalEdit("😀", "😁")).toEqual([
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } }, newText: "😁" },
    ]);
  });
});

describe("detectKind", () => {
  it("goes by name first, then by language id, then by content when the id says nothing", () => {
    expect(detectKind("/x/etc/jail.conf", "pf", "")).toBe("jail");
    expect(detectKind("/x/etc/jail.conf.d/www.conf", "", "")).toBe("jail");
    expect(detectKind("/x/etc/rc.conf.d/jail", "", "")).toBe("rc");
    expect(detectKind("/x/firewall.rules", "pf-conf", "")).toBe("pf");
    expect(detectKind("/x/firewall.rules", "pf", "")).toBe("pf");
    expect(detectKind("/x/vars", "sh", "")).toBe("rc");
    expect(detectKind("/x/vars", "rc-conf", "")).toBe("rc");
    expect(detectKind("/x/hosts", "jail-conf", "")).toBe("jail");
    expect(detectKind("/x/hosts.txt", "plaintext", "www {\n  persist;\n}\n")).toBe("jail");
    expect(detectKind("/x/rules.txt", "", "block in all\npass out all\n")).toBe("pf");
    expect(detectKind("/x/deploy.sh", "shellscript", 'A="b"\n')).toBeUndefined();
    expect(detectKind(undefined, "plaintext", "hello\n")).toBeUndefined();
  });

  it("passes over fail2ban's jail.conf, as the CLI does", () => {
    expect(detectKind("/etc/fail2ban/jail.conf", "", "[sshd]\nenabled = true\n")).toBe("fail2ban");
  });
});

describe("carryOver", () => {
  const at = (line: number, start: number, end: number, code = "JL104"): LintedDiagnostic => ({
    range: { start: { line, character: start }, end: { line, character: end } },
    severity: 2,
    code,
    message: code,
    related: [],
  });
  const before = "a {\n  allow.raw_sockets;\n}\nb {\n  allow.raw_sockets;\n}\n";

  it("moves findings after the edit by the lines and characters it added, and keeps those before it", () => {
    const after = `# new\n${before}`;
    expect(carryOver([at(1, 2, 20), at(4, 2, 20)], "/etc/jail.conf", before, after).map((d) => d.range)).toEqual([
      { start: { line: 2, character: 2 }, end: { line: 2, character: 20 } },
      { start: { line: 5, character: 2 }, end: { line: 5, character: 20 } },
    ]);
    // Only the second jail's name edited: the first finding stays, the second moves with its text (not touched).
    expect(carryOver([at(1, 2, 20), at(4, 2, 20)], "/etc/jail.conf", before, before.replace("b {", "bb {"))).toEqual([
      at(1, 2, 20),
      at(4, 2, 20),
    ]);
  });

  it("drops a finding whose text the edit touches, or that it adjoins", () => {
    const inside = before.replace("allow.raw_sockets;\n}\nb", "allow.raw_sockets = 1;\n}\nb");
    expect(carryOver([at(1, 2, 20), at(4, 2, 20)], "/f", before, inside)).toEqual([at(4, 2, 20)]);
    const adjoining = before.replace("a {\n  allow", "a {\n  xallow");
    expect(carryOver([at(1, 2, 20)], "/f", before, adjoining)).toEqual([]);
    // A change of all the text carries nothing over.
    expect(carryOver([at(1, 2, 20)], "/f", before, "www {\n}\n")).toEqual([]);
  });

  it("moves related locations in the same file, and leaves other files' alone", () => {
    const d: LintedDiagnostic = {
      ...at(4, 2, 20),
      related: [
        { path: "/f", range: at(1, 2, 20).range, message: "here" },
        { path: "/g", range: at(1, 2, 20).range, message: "there" },
      ],
    };
    const [moved] = carryOver([d], "/f", before, `#\n${before}`);
    expect(moved?.related.map((r) => r.range.start.line)).toEqual([2, 1]);
  });
});

describe("changedSpan and editedLines", () => {
  it("give the one span that changed, and the whole lines around it before and after", () => {
    expect(changedSpan("abc", "abc")).toBeUndefined();
    expect(changedSpan("a\nbc\nd", "a\nbXc\nd")).toEqual({ start: 3, oldEnd: 3, newEnd: 4 });
    expect(editedLines("a\nbc\nd", "a\nbXc\nd")).toEqual({ before: "bc", after: "bXc" });
    expect(editedLines("x\n# jaillint-disable-next-line JL104\ny", "x\n# jaillint-disable-next-line JL10\ny").before).toBe(
      "# jaillint-disable-next-line JL104",
    );
    // A CRLF is never split: the span takes it whole.
    expect(changedSpan("a\r\nb", "a\nb")).toEqual({ start: 1, oldEnd: 3, newEnd: 2 });
  });
});

describe("commentLinesAbove", () => {
  it("gives the blank and comment lines right above a line, up to the line with code before them", () => {
    const text = "a {\n  # jaillint-disable-next-line JL104 -- ok\n\n  allow.raw_sockets;\n}\n";
    const at = text.indexOf("allow");
    expect(commentLinesAbove(text, at)).toBe("  # jaillint-disable-next-line JL104 -- ok\n");
    expect(commentLinesAbove(text, 0)).toBe("");
    expect(commentLinesAbove(text.replaceAll("\n", "\r\n"), text.replaceAll("\n", "\r\n").indexOf("allow"))).toBe(
      "  # jaillint-disable-next-line JL104 -- ok\n",
    );
    expect(commentLinesAbove("x;\ny;\n", 3)).toBe("");
  });
});
