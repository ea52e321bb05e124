// Starts the language server bundle (dist/jaillint-lsp.mjs, written by scripts/bundle.mjs beside the CLI bundle):
// for `jaillint lsp` and for the jaillint-lsp command, which both ship in this package.
"use strict";
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");

/** Imports the server bundle and starts it with `argv`; a failure to load it is one line and exit status 2. */
function startLsp(argv, command) {
  import(pathToFileURL(join(__dirname, "..", "dist", "jaillint-lsp.mjs")).href).then(
    (lsp) => {
      const status = lsp.startServer(argv);
      if (status !== undefined) process.exitCode = status;
    },
    (e) => {
      process.stderr.write(`${command}: cannot start the language server: ${e.message}\n`);
      process.exitCode = 2;
    },
  );
}

module.exports = { startLsp };
