// Bundles the CLI into one ES module: Node then loads one file instead of hundreds (chevrotain's
// multi-file ESM entry alone costs hundreds of milliseconds at start-up). tsc -b still type-checks and
// builds the packages' dist/ for library users; the bin runs the bundle.
import { build } from "esbuild";

await build({
  entryPoints: ["packages/cli/src/main.ts"],
  outfile: "packages/cli/dist/jaillint.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  legalComments: "none",
  logLevel: "warning",
  // Resolve workspace packages to their sources so the bundle never picks up a stale dist/.
  alias: { "@jaillint/parser": "./packages/parser/src/index.ts", "@jaillint/rules": "./packages/rules/src/index.ts" },
  banner: {
    js: "import { createRequire as __jaillintCreateRequire } from 'node:module'; const require = __jaillintCreateRequire(import.meta.url);",
  },
});

// The language server is a bundle of its own, which `jaillint lsp` loads only when asked: linting never pays for
// it. Lint workers run the same file.
await build({
  entryPoints: ["packages/lsp/src/main.ts"],
  outfile: "packages/lsp/dist/jaillint-lsp.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  legalComments: "none",
  logLevel: "warning",
  alias: { "@jaillint/parser": "./packages/parser/src/index.ts", "@jaillint/rules": "./packages/rules/src/index.ts" },
  banner: {
    js: "import { createRequire as __jaillintCreateRequire } from 'node:module'; const require = __jaillintCreateRequire(import.meta.url);",
  },
});
