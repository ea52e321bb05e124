#!/usr/bin/env node
// The server bundle is built beside the CLI bundle (scripts/bundle.mjs), so that the jaillint npm package carries it.
import { startServer } from "../../cli/dist/jaillint-lsp.mjs";

const status = startServer(process.argv.slice(2));
if (status !== undefined) process.exitCode = status;
