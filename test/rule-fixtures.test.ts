import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MemoryHost } from "@jaillint/parser";
import { findRule, lintHost } from "@jaillint/rules";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/corpus.js";
import { expectGolden, renderDiagnostics } from "./support/golden.js";

// fixtures/jail/rules/<CODE>-<name>/: bad*.conf must trigger the rule (golden beside it), good*.conf must not.
// Every file of the folder is visible under /fixture/, so includes and fstab files resolve.
const root = join(repoRoot, "fixtures/jail/rules");

function lintFixture(dir: string, name: string) {
  const files = Object.fromEntries(readdirSync(dir).map((f) => [`/fixture/${f}`, readFileSync(join(dir, f), "utf8")]));
  const path = `/fixture/${name}`;
  return lintHost({ jailConf: [path] }, new MemoryHost(files));
}

describe("rule fixtures", () => {
  for (const folder of readdirSync(root).sort()) {
    const code = folder.slice(0, 5);
    const rule = findRule(code);
    const dir = join(root, folder);
    it(`${folder} names a registered rule`, () => {
      expect(rule && `${rule.code}-${rule.name}`).toBe(folder);
    });
    for (const name of readdirSync(dir).filter((f) => /^(bad|good).*\.conf$/.test(f))) {
      it(`${folder}/${name}`, () => {
        const { model, diagnostics } = lintFixture(dir, name);
        const mine = diagnostics.filter((d) => d.code === code);
        if (name.startsWith("good")) {
          expect(renderDiagnostics(mine, model.texts)).toBe("");
          return;
        }
        expect(mine.length).toBeGreaterThan(0);
        expectGolden(join(dir, name.replace(/\.conf$/, ".golden.txt")), renderDiagnostics(mine, model.texts));
      });
    }
  }
});
