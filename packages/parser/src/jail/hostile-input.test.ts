import { describe, expect, it } from "vitest";
import { MemoryHost } from "../common/memory-host.js";
import { parseJailConf } from "./index.js";
import { resolveJailConf } from "./resolve.js";

// Hostile input must give problems, never a crash: jail(8) has no nesting or expansion limits, our
// recursive parser and expander need some.
describe("hostile jail.conf input", () => {
  it("cuts off blocks nested deeper than 100", () => {
    const file = parseJailConf("a {".repeat(20_000));
    expect(file.problems[0]?.message).toBe("jail blocks nested more than 100 deep: jaillint stops reading the file here");
    expect(file.problems[0]?.range).toEqual({ start: 302, end: 303 });
  });
  it("stops expanding a chain of variables deeper than 64, without exponential work", () => {
    const chain = Array.from({ length: 3000 }, (_, i) => `$a${i + 1} = "$a${i}$a${i}";`).join("\n");
    const text = `$a0 = x;\n${chain}\nw { path = $a3000; }\n`;
    const m = resolveJailConf(["/j"], new MemoryHost({ "/j": text }));
    const kinds = new Set(m.problems.map((p) => p.kind));
    expect([...kinds]).toEqual(["expansion-limit"]);
    expect(m.problems[0]?.message).toMatch(/^variable references nested more than 64 deep; jaillint stops expanding "a\d+" for jail "w"$/);
  });
  it("stops an expansion that grows past 64 KiB", () => {
    const chain = Array.from({ length: 20 }, (_, i) => `$a${i + 1} = "$a${i}$a${i}";`).join("\n");
    const m = resolveJailConf(["/j"], new MemoryHost({ "/j": `$a0 = xxxxxxxxxx;\n${chain}\nw { path = $a20; }\n` }));
    expect(m.problems.map((p) => p.message)).toEqual([
      '"a13" expands to more than 65536 characters for jail "w"; jaillint stops expanding it',
    ]);
  });
  it("reads binary garbage as errors, not exceptions", () => {
    const text = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString("latin1");
    expect(parseJailConf(text).problems.length).toBeGreaterThan(0);
  });
});

describe("invisible characters", () => {
  it("names a byte-order mark at the start and says how to save the file", () => {
    const file = parseJailConf("\ufeffwww { persist; }\n");
    expect(file.problems.map((p) => [p.message, p.range])).toEqual([
      ["byte-order mark at the start of the file: save it as UTF-8 without BOM", { start: 0, end: 1 }],
    ]);
  });
  it("shows a no-break space by code point, not as an invisible blank", () => {
    const file = parseJailConf("www {\u00a0persist; }\n");
    expect(file.problems[0]?.message).toBe("unexpected character U+00A0: quote values that contain it");
  });
});
