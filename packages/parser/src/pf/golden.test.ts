import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../../test/support/corpus.js";
import { buildPfPolicy, parsePfConf } from "./index.js";

const dir = join(repoRoot, "fixtures/pf");
const cases = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".pf.conf")) : [];

describe("pf policy golden files", () => {
  it.each(cases)("%s", (name) => {
    const text = readFileSync(join(dir, name), "utf8");
    const file = parsePfConf(text);
    expect(file.problems).toEqual([]);
    const actual = `${JSON.stringify(buildPfPolicy(file), null, 2)}\n`;
    const golden = join(dir, name.replace(/\.pf\.conf$/, ".policy.golden.json"));
    if (process.env.UPDATE_GOLDEN === "1" || !existsSync(golden)) {
      writeFileSync(golden, actual);
      if (process.env.UPDATE_GOLDEN !== "1") throw new Error(`${golden} was missing and has been written; check it and rerun`);
    }
    expect(actual).toBe(readFileSync(golden, "utf8"));
  });
});
