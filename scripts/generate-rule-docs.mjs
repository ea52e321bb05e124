// Writes docs/rules/*.md from the rules' sources (run `pnpm docs`; it builds first).
// test/rule-docs.test.ts fails when a committed page differs from what this writes.
import { mkdirSync, readdirSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RULES, ruleDocFiles } from "../packages/rules/dist/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const files = ruleDocFiles(RULES);
mkdirSync(join(root, "docs/rules"), { recursive: true });
for (const name of readdirSync(join(root, "docs/rules"))) {
  if (name.endsWith(".md") && !files.has(`docs/rules/${name}`)) unlinkSync(join(root, "docs/rules", name));
}
for (const [path, text] of files) writeFileSync(join(root, path), text);
console.log(`wrote ${files.size} files in docs/rules`);
