// Builds the extension into dist/: extension.cjs (the client, CommonJS, as VS Code loads extensions) and
// server/ (the language server, one ES module bundle of packages/lsp, and the file VS Code's Node.js starts).
// Everything the extension runs is in these files, so it is packaged without node_modules
// (vsce package --no-dependencies).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(pkg, "../..");
const dist = join(pkg, "dist");

await build({
  entryPoints: [join(pkg, "src/extension.ts")],
  outfile: join(dist, "extension.cjs"),
  bundle: true,
  platform: "node",
  format: "cjs",
  // VS Code 1.90 (the oldest engines.vscode allows) runs extensions on Node.js 20, as jaillint needs.
  target: "node20",
  external: ["vscode"],
  legalComments: "none",
  logLevel: "warning",
});

// The same build as scripts/bundle.mjs makes of packages/lsp/dist/jaillint-lsp.mjs: its lint workers run the
// bundle file itself, so it stays one file of its own.
await build({
  entryPoints: [join(root, "packages/lsp/src/main.ts")],
  outfile: join(dist, "server/jaillint-lsp.mjs"),
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  legalComments: "none",
  logLevel: "warning",
  alias: { "@jaillint/parser": "./packages/parser/src/index.ts", "@jaillint/rules": "./packages/rules/src/index.ts" },
  banner: {
    js: "import { createRequire as __jaillintCreateRequire } from 'node:module'; const require = __jaillintCreateRequire(import.meta.url);",
  },
});
mkdirSync(join(dist, "server"), { recursive: true });
writeFileSync(
  join(dist, "server/start.mjs"),
  [
    "// Written by scripts/build.mjs: what the extension starts (packages/lsp/bin/jaillint-lsp.js, inside the extension).",
    'import { startServer } from "./jaillint-lsp.mjs";',
    "",
    "const status = startServer(process.argv.slice(2));",
    "if (status !== undefined) process.exitCode = status;",
    "",
  ].join("\n"),
);
