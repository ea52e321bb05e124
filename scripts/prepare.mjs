// The root package's `prepare` (run by every install at the root). Under pnpm, in the workspace, it builds: the
// packages' dist/ (tsc -b) and the bundles (scripts/bundle.mjs). Under npm, which is how pre-commit installs the
// `language: node` hook (`npm install` then `npm pack` at the root of its clone), there is nothing to build: the
// root package's bins run the committed bundles (packages/cli/dist/jaillint.cjs and jaillint-lsp.mjs), and npm
// has not installed the workspace's packages the build needs.
import { spawnSync } from "node:child_process";

if (/^pnpm\//.test(process.env.npm_config_user_agent ?? "")) {
  const r = spawnSync("tsc -b && node scripts/bundle.mjs", { shell: true, stdio: "inherit" });
  process.exit(r.status ?? 2);
}
