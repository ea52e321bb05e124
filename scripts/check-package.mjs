// `npm pack` of packages/cli (its prepack script): the package runs the committed bundles and the generated man
// page and completions, with no build step at install. Refuses to pack when one of them is missing.
import { existsSync } from "node:fs";
import { join } from "node:path";

const files = ["dist/jaillint.cjs", "dist/jaillint-lsp.mjs", "dist/jaillint.mjs", "man/jaillint.1"];
const missing = files.filter((f) => !existsSync(join(process.cwd(), f)));
if (missing.length > 0) {
  process.stderr.write(`jaillint: cannot pack: ${missing.join(", ")} missing: run \`pnpm build\` (and \`pnpm docs\`) first\n`);
  process.exit(2);
}
