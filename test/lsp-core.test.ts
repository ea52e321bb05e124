// The language server's pure pieces: where a disable comment goes, a fix's line breaks, the one edit between two
// texts, and how a file's kind is told.
import { describe, expect, it } from "vitest";
import { detectKind, disableComment, fixEdits } from "../packages/lsp/src/core.js";
import { minimalEdit, Positions } from "../packages/lsp/src/lint-worker.js";

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
