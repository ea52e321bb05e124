#!/usr/bin/env node
import { startServer } from "../dist/jaillint-lsp.mjs";

const status = startServer(process.argv.slice(2));
if (status !== undefined) process.exitCode = status;
