import { describe, expect, it } from "vitest";
import { lintJailText } from "../../../../test/support/rule-tester.js";
import { createBaseline, matchBaseline } from "./baseline.js";

const lint = (text: string) => {
  const diagnostics = lintJailText(text);
  return { diagnostics, texts: new Map([["jail.conf", text]]) };
};

describe("baseline", () => {
  const before = "www {\n  securelevel = 3;\n  allow.raw_sockets;\n}\ndb {\n  securelevel = 3;\n  allow.raw_sockets;\n}\n";
  it("survives moved lines and unrelated edits, and tells the same line in two jails apart", () => {
    const a = lint(before);
    const base = createBaseline(a.diagnostics, a.texts);
    expect(new Set(base.findings.map((f) => f.fingerprint)).size).toBe(2);
    const moved = lint(`# a comment\n\n${before.replace("db {", "dns {\n  securelevel = 3;\n}\ndb {")}`);
    expect(matchBaseline(moved.diagnostics, moved.texts, base)).toMatchObject({ fresh: [], known: 2, gone: [] });
  });
  it("reports new findings and the ones that disappeared", () => {
    const base = createBaseline(lint(before).diagnostics, lint(before).texts);
    const after = lint(
      before
        .replace("  allow.raw_sockets;\n}\n", "  allow.raw_sockets;\n  enforce_statfs = 1;\n}\n")
        .replace("db {\n  securelevel = 3;\n  allow.raw_sockets;\n", "db {\n  securelevel = 3;\n"),
    );
    const m = matchBaseline(after.diagnostics, after.texts, base);
    expect(m.fresh.map((d) => d.code)).toEqual(["JL105"]);
    expect(m.known).toBe(1);
    expect(m.gone.map((g) => g.code)).toEqual(["JL104"]);
  });
});
