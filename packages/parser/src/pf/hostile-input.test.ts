import { describe, expect, it } from "vitest";
import { parsePfConf } from "./index.js";
import { buildPfPolicy } from "./policy.js";

// Hostile input must give problems, never a crash, deep recursion or exponential work.
describe("hostile pf.conf input", () => {
  it("does not parse a statement whose lists nest deeper than 64", () => {
    const file = parsePfConf(`pass from ${"{ ".repeat(20_000)}\npass all\n`);
    expect(file.problems.map((p) => p.message)).toContain("lists nested more than 64 deep: jaillint does not read this statement");
    expect(buildPfPolicy(file).filterRules.length).toBe(1);
  });
  it("stops reading at anchors nested deeper than 100", () => {
    const file = parsePfConf('anchor "a" {\n'.repeat(20_000));
    const deep = file.problems.find((p) => p.message.startsWith("anchors nested"));
    expect(deep?.message).toBe("anchors nested more than 100 deep: jaillint stops reading the file here");
    expect(() => buildPfPolicy(file)).not.toThrow();
  });
  it("survives 20,000 open parentheses and a 2 MB line", () => {
    expect(parsePfConf("pass from (".repeat(20_000)).problems.length).toBeGreaterThan(0);
    // A 2 MB word is a host name to pfctl's grammar: valid syntax, resolved at load time.
    expect(parsePfConf(`pass from ${"x".repeat(2_000_000)}`).statements.length).toBe(1);
  });
  it("lexes a long line that ends in an unclosed quote in linear time", () => {
    // Each offset used to rescan its line back to the start to decide whether a quote could span lines.
    const time = (n: number): number => {
      let best = Number.POSITIVE_INFINITY;
      for (let k = 0; k < 2; k++) {
        const started = performance.now();
        expect(parsePfConf(`pass ${"{a} ".repeat(n)}'`).problems.at(-1)?.message).toBe(
          "unterminated string: the ' quote is never closed on this line",
        );
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    time(1_000);
    // 8 times the input: about 8 times the time when linear, about 64 times when quadratic.
    expect(time(48_000) / time(6_000)).toBeLessThan(24);
  });
  it("does not expand a macro that refers to itself or doubles", () => {
    expect(() => buildPfPolicy(parsePfConf('a = "$a"\npass from $a\n'))).not.toThrow();
    const chain = ['a0 = "x"', ...Array.from({ length: 60 }, (_, i) => `a${i + 1} = "$a${i} $a${i}"`), "pass from $a60"].join("\n");
    const started = Date.now();
    expect(() => buildPfPolicy(parsePfConf(chain))).not.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
  });
  it("reads NUL bytes and binary garbage as errors, not exceptions", () => {
    expect(parsePfConf("pass\0 in\0\n\0").problems.length).toBeGreaterThan(0);
    const text = Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 7919 + (i >> 3)) % 256)).toString("latin1");
    expect(() => buildPfPolicy(parsePfConf(text))).not.toThrow();
  });
});

describe("carriage returns", () => {
  const message =
    "carriage return (CRLF line endings): pfctl reads \\r as a character no rule takes, so each line it ends is a syntax error and the ruleset is not loaded; convert the file to LF line endings";
  it("reports the first CR outside comments and quoted strings, once", () => {
    const text = '# pf\r\next_if = "em0"\r\npass on $ext_if\r\n';
    const file = parsePfConf(text);
    expect(file.problems).toEqual([{ message, range: { start: 20, end: 21 }, lineEndings: true }]);
    expect(file.statements.length).toBe(2);
  });
  it("a CR inside a comment or a quoted string is no syntax error", () => {
    expect(parsePfConf('# pf\r\npass on em0 label "a\rb \\" c\r"\n').problems).toEqual([]);
  });
  it("a lone CR too, and it joins the two lines it seems to separate into one", () => {
    expect(parsePfConf("pass all\rblock all\n").problems.map((p) => [p.message, p.range])).toEqual([
      [message, { start: 8, end: 9 }],
      [
        "syntax error at `block`: not valid at this point of a `pass` rule; check the spelling and the order of the rule's parts",
        { start: 9, end: 14 },
      ],
    ]);
  });
});
