import { describe, expect, it } from "vitest";
import { parseRcConf } from "./index.js";
import { buildRcConfig } from "./view.js";

function view(text: string) {
  return buildRcConfig([{ path: "/etc/rc.conf", ast: parseRcConf(text) }]);
}

// Hostile input must give problems or an opaque statement, never a crash, deep recursion or exponential work.
describe("hostile rc.conf input", () => {
  it("survives 20,000 nested quotes inside command substitutions", () => {
    const file = parseRcConf(`a="${'$("'.repeat(20_000)}`);
    expect(file.problems.length).toBeGreaterThan(0);
  });
  it("survives 20,000 nested ifs and braces", () => {
    expect(parseRcConf("if true; then\n".repeat(20_000)).statements.length).toBeGreaterThan(0);
    expect(parseRcConf("{ ".repeat(20_000)).statements.length).toBeGreaterThan(0);
  });
  it("stops a value that doubles on every assignment at 64 Ki expanded characters", () => {
    const text = ["a0=x", ...Array.from({ length: 200 }, (_, i) => `a${i + 1}="$a${i} $a${i}"`)].join("\n");
    const v = view(text);
    expect(v.get("a10")?.value.length).toBe(2047);
    expect(v.get("a10")?.unresolved).toEqual([]);
    expect(v.get("a200")?.value.length).toBe(65_537);
    expect(v.get("a200")?.unresolved.map((u) => u.name)).toEqual(["a199", "a199"]);
  });
  it("stops a variable that refers to itself twice, assigned 100 times", () => {
    const v = view("a=x\n".concat('a="$a $a"\n'.repeat(100)));
    expect(v.get("a")?.value.length).toBeLessThanOrEqual(1 << 17);
  });
  it("keeps a 2 MB literal line whole", () => {
    expect(view(`a=${"x".repeat(2_000_000)}`).get("a")?.value.length).toBe(2_000_000);
  });
  it("reads NUL bytes and binary garbage without throwing", () => {
    expect(() => view("a=b\0c\n\0\0=\0\n")).not.toThrow();
    const text = Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 7919 + (i >> 3)) % 256)).toString("latin1");
    expect(() => view(text).interfaceAddresses()).not.toThrow();
  });
});
