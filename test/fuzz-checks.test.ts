import { describe, expect, it } from "vitest";
import { checkRun, loneSurrogate, rawControl, xmlProblem } from "./support/fuzz/checks.js";
import { makeCase, Rng } from "./support/fuzz/mutate.js";

// The fuzz test's judges: each must catch what it is there to catch, or a green fuzz run proves nothing.
describe("fuzz checks", () => {
  it("find raw C0, ESC, C1 and bidi controls, but not \\n and \\t (nor CRLF in a diff)", () => {
    expect(rawControl("a\tb\nc")).toBeUndefined();
    expect(rawControl("ok \u001b[2J")).toEqual({ offset: 3, code: 0x1b });
    expect(rawControl("x\u009b")).toEqual({ offset: 1, code: 0x9b });
    expect(rawControl("ab\u202e")).toEqual({ offset: 2, code: 0x202e });
    expect(rawControl("a\r\nb")).toEqual({ offset: 1, code: 0x0d });
    expect(rawControl("a\r\nb", true)).toBeUndefined();
    expect(rawControl("a\rb", true)).toEqual({ offset: 1, code: 0x0d });
  });
  it("find lone surrogates, raw and escaped in JSON, and pass pairs", () => {
    expect(loneSurrogate("\u{1f600}", true)).toBeUndefined();
    expect(loneSurrogate('"\\ud83d\\ude00"', true)).toBeUndefined();
    expect(loneSurrogate("a\ud83d", false)).toBe(1);
    expect(loneSurrogate('{"m":"\\ud83d"}', true)).toBe(6);
    expect(loneSurrogate('{"m":"x\\ude00"}', true)).toBe(7);
  });
  it("tell well-formed checkstyle XML from broken XML", () => {
    const ok =
      '<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n<file name="a&amp;b"><error line="1" message="x &lt; y"/></file>\n</checkstyle>\n';
    expect(xmlProblem(ok)).toBeUndefined();
    expect(xmlProblem(ok.replace("a&amp;b", "a&b"))).toBe('a bare & in an attribute: "a&b"');
    expect(xmlProblem(ok.replace("</file>", ""))).toBe("</checkstyle> closes nothing open");
    expect(xmlProblem(ok.replace("x &lt; y", "x \u0001"))).toBe("U+1 is not an XML character");
    expect(xmlProblem(`${ok}<checkstyle/>`)).toBe("2 root elements");
  });
  it("judge a run by its exit, its standard error and its format", () => {
    const run = { status: 1, stdout: '{"version":1,"diagnostics":[]}', stderr: "", ms: 1 };
    const input = new Map([["jail.conf", Buffer.from("a {\n}\n")]]);
    expect(checkRun("json", "json", run, input)).toEqual([]);
    expect(checkRun("m", "json", { ...run, status: 134, stdout: "{" }, input).map((v) => v.kind)).toEqual([
      "exit-status",
      "malformed-output",
    ]);
    expect(
      checkRun("m", "stylish", { ...run, stderr: "jaillint: internal error: x\n    at f (a.js:1:2)\n" }, input).map((v) => v.kind),
    ).toEqual(["exception"]);
    const sarif = checkRun("m", "sarif", { ...run, stdout: '{"version":"2.1.0","runs":[{}]}' }, input);
    expect(sarif.map((v) => [v.kind, v.detail.slice(0, 38)])).toEqual([["malformed-output", "SARIF does not fit the 2.1.0 schema: ["]]);
    const far =
      '{"version":1,"diagnostics":[{"code":"JL001","file":"jail.conf","range":{"start":{"line":2,"column":3},"end":{"line":2,"column":3}}}]}';
    expect(checkRun("m", "json", { ...run, stdout: far }, input)).toEqual([
      { kind: "line-column", mode: "m", detail: "JL001 in jail.conf at 2:3, but line 2 has 1 characters" },
      { kind: "line-column", mode: "m", detail: "JL001 in jail.conf at 2:3, but line 2 has 1 characters" },
    ]);
  });
  it("make the same case from the same seed and index", () => {
    const sources = [{ name: "s", kind: "jail" as const, bytes: Buffer.from("www { path = /jails/www; }\n") }];
    const trees = [{ name: "t", files: new Map([["etc/jail.conf", Buffer.from("a { persist; }\n")]]) }];
    const a = makeCase(7, 3, sources, trees);
    expect(makeCase(7, 3, sources, trees)).toEqual(a);
    expect([0, 1, 2, 3, 4, 5].map((i) => makeCase(7, i, sources, trees).files)).not.toEqual([0, 1, 2, 3, 4, 5].map(() => a.files));
    expect([new Rng(1).next(), new Rng(1).next()]).toEqual([new Rng(1).next(), new Rng(1).next()]);
  });
});
