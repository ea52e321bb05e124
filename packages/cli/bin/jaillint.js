#!/usr/bin/env node
// The jaillint command. CommonJS (bin/package.json says so): Node starts a CommonJS file without setting up its
// ES module loader, which alone costs about a tenth of a bare `node` start.
"use strict";

const argv = process.argv.slice(2);
if (process.env.JAILLINT_DEBUG_START) {
  process.on("exit", () => process.stderr.write(`jaillint start: ${JSON.stringify(require("./load-bundle.js").startInfo())}\n`));
}

if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  // What `run(["--version"])` prints, without loading the bundle (test/cold-start.test.ts holds the two equal).
  process.stdout.on("error", (e) => {
    if (e.code === "EPIPE") return;
    process.stderr.write(`jaillint: cannot write standard output: ${e.code ?? e.message}\n`);
    process.exitCode = 2;
  });
  process.stdout.write(`${require("../package.json").version}\n`);
} else if (argv[0] === "lsp" && !argv.includes("--help") && !argv.includes("-h")) {
  // The language server: an ES module bundle of its own (dist/jaillint-lsp.mjs), loaded only for this subcommand.
  require("./start-lsp.js").startLsp(argv.slice(1), "jaillint");
} else {
  const { BUNDLE, loadBundle } = require("./load-bundle.js");
  if (require("node:fs").existsSync(BUNDLE)) {
    loadBundle()
      .run(argv)
      .then((status) => {
        process.exitCode = status;
      });
  } else {
    process.stderr.write(`jaillint: ${BUNDLE} is missing: build it with \`pnpm run build\`\n`);
    process.exitCode = 2;
  }
}
