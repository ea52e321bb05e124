// In-process timings of one jail.conf on the built dist/, for the ratio the whole-process runs cannot give:
// Chevrotain's raw tokenize of the text (the jail.conf lexer's own token set and options) against
// parseJailConf, resolveJailConf (parse, includes, per-jail merge: the parser package's whole share of a lint)
// and the full lint of that file alone (lintHost). Run by bench/run.mjs in a child process of its own:
//   node bench/in-process.mjs RUNS FILE  → one JSON line {tokenize, parse, resolve, lint: [ms…], tokens}.
// Each is warmed up once; the runs alternate tokenize, parse, resolve, lint so drift hits all alike.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { MemoryHost, parseJailConf, resolveJailConf } from "../packages/parser/dist/index.js";
import { lexerTokens } from "../packages/parser/dist/jail/tokens.js";
import { lintHost } from "../packages/rules/dist/index.js";

// The chevrotain the parser package resolves (pnpm keeps it out of the root's node_modules).
const chevrotainPath = createRequire(new URL("../packages/parser/package.json", import.meta.url)).resolve("chevrotain");
const { Lexer } = await import(pathToFileURL(chevrotainPath).href);

const [runsArg, file] = process.argv.slice(2);
const runs = Number(runsArg);
const text = readFileSync(file, "utf8");
const lexer = new Lexer(lexerTokens, { positionTracking: "onlyOffset", skipValidations: true, ensureOptimizations: false });

const measures = {
  tokenize: () => lexer.tokenize(text).tokens.length,
  parse: () => parseJailConf(text).statements.length,
  resolve: () => resolveJailConf(["/etc/jail.conf"], new MemoryHost({ "/etc/jail.conf": text })).jails.length,
  lint: () => lintHost({ jailConf: ["/etc/jail.conf"] }, new MemoryHost({ "/etc/jail.conf": text })).diagnostics.length,
};
const times = { tokenize: [], parse: [], resolve: [], lint: [] };
for (let r = -1; r < runs; r++) {
  for (const [name, fn] of Object.entries(measures)) {
    const t0 = performance.now();
    fn();
    if (r >= 0) times[name].push(performance.now() - t0);
  }
}
console.log(JSON.stringify({ ...times, tokens: measures.tokenize() }));
