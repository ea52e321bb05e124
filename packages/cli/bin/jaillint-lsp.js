#!/usr/bin/env node
// The jaillint-lsp command: the language server alone (the same server as `jaillint lsp`).
"use strict";

require("./start-lsp.js").startLsp(process.argv.slice(2), "jaillint-lsp");
