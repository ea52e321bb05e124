// Writes the man page jaillint(1) and the shell completions from the CLI's own definition and the rule registry
// (run `pnpm docs`; it builds first). test/manual.test.ts fails when a committed file differs from what this writes.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { manualFiles } from "../packages/cli/dist/manual.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const files = manualFiles();
for (const [path, text] of files) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
console.log(`wrote ${[...files.keys()].join(", ")}`);
