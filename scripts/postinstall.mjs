// The root package's `postinstall` (run by every install at the root). Under pnpm, in the workspace, it builds:
// the packages' dist/ (tsc -b) and the bundles (scripts/bundle.mjs). Under npm, which is how pre-commit installs
// the `language: node` hook (`npm install` then `npm pack` at the root of its clone, then `npm install -g` of the
// tarball, which holds this file too), there is nothing to build: the root package's bins run the committed
// bundles (packages/cli/dist/jaillint.cjs and jaillint-lsp.mjs), and npm has not installed the workspace's
// packages the build needs.
//
// Not `prepare`: npm pack runs prepare and prints its banner on standard output, where pre-commit reads the name
// of the tarball npm pack made. pnpm's install is told by the file it leaves in node_modules (the user agent alone
// is not: npm takes npm_config_user_agent from an environment pnpm set).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (existsSync("node_modules/.modules.yaml")) {
  const r = spawnSync("tsc -b && node scripts/bundle.mjs", { shell: true, stdio: "inherit" });
  process.exit(r.status ?? 2);
}
