import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../../test/support/corpus.js";
import { expectGolden } from "../../../../test/support/golden.js";
import { buildPfPolicy, parsePfConf } from "./index.js";

const dir = join(repoRoot, "fixtures/pf");
const cases = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".pf.conf")) : [];

describe("pf policy golden files", () => {
  it.each(cases)("%s", (name) => {
    const text = readFileSync(join(dir, name), "utf8");
    const file = parsePfConf(text);
    expect(file.problems).toEqual([]);
    const actual = `${JSON.stringify(buildPfPolicy(file), null, 2)}\n`;
    expectGolden(join(dir, name.replace(/\.pf\.conf$/, ".policy.golden.json")), actual);
  });
});
