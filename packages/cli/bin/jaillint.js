#!/usr/bin/env node
import { run } from "../dist/jaillint.mjs";

process.exitCode = await run(process.argv.slice(2));
