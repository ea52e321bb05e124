// Bundles the CLI into one CommonJS file, packages/cli/dist/jaillint.cjs, and makes its V8 code cache (issue 9,
// cold start). tsc -b still type-checks and builds the packages' dist/ for library users; the bin runs the bundle.
//
// - One file: Node then reads one file instead of hundreds (chevrotain's multi-file ESM entry alone costs hundreds
//   of milliseconds at start-up).
// - CommonJS, loaded by packages/cli/bin/load-bundle.js through vm.Script with the code cache made here: Node 20
//   keeps no compiled code between runs (no module.enableCompileCache) and offers cachedData only to vm.Script.
// - The code cache is taken after a warm-up run (a whole host, with jail.conf, rc.conf and pf.conf) so that it
//   holds every function a lint compiles, not only the top level.
// - The pf front end (packages/parser/src/pf/) is evaluated on its first use: building its tokens alone is most
//   of the bundle's top-level work, and a run with no pf.conf never needs it.
// - commander's require("node:child_process") (for executable subcommands, which jaillint has none of) and the
//   graph command's (it runs Graphviz for --format svg) are deferred too: child_process drags in net, dgram and more.
//
// Also written: dist/jaillint.mjs, an ES module exporting what the bundle exports (tests import it).
//
// The two bundles, dist/jaillint.cjs and dist/jaillint-lsp.mjs, are committed (issue 12): the repository root is
// an npm package whose bins run them (pre-commit's `language: node` installs it with a plain `npm install` and
// `npm pack`, without pnpm or a build). The build is reproducible: test/committed-bundle.test.ts runs
// `node scripts/bundle.mjs --out DIR`, which writes only the two bundles (no source maps, no code cache) into DIR,
// and compares them with the committed ones byte for byte. The code cache is not committed: it depends on the
// Node version and on the run that made it; without it the bundle is compiled as usual.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const at = (p) => join(root, p);
const dist = at("packages/cli/dist");
const outFlag = process.argv.indexOf("--out");
/** With --out DIR: only the two bundles, into DIR (the reproducibility check). */
const checkOut = outFlag > 0 ? resolve(process.argv[outFlag + 1] ?? ".") : undefined;
const loaderPath = at("packages/cli/bin/load-bundle.js");
const { BUNDLE, CACHE } = createRequire(import.meta.url)(loaderPath);
const MAIN = at("packages/cli/src/main.ts");
const PARSER_INDEX = at("packages/parser/src/index.ts");
const PF_INDEX = at("packages/parser/src/pf/index.ts");
const WARM_UP_HOST = at("fixtures/hosts/recommended");

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  legalComments: "none",
  logLevel: "warning",
  write: false,
  // Resolve workspace packages to their sources so the bundle never picks up a stale dist/.
  alias: { "@jaillint/parser": "./packages/parser/src/index.ts", "@jaillint/rules": "./packages/rules/src/index.ts" },
  absWorkingDir: root,
};

/**
 * The names pf/index.ts exports as plain functions: the lazy stand-in forwards each call. A class or a constant
 * cannot be forwarded; the stand-in leaves it out, and esbuild then refuses to build if code outside pf/ imports it.
 */
async function functionExports(entry) {
  const out = await build({ ...common, entryPoints: [entry], sourcemap: false });
  const module = { exports: {} };
  new Function("module", "exports", "require", out.outputFiles[0].text)(module, module.exports, createRequire(entry));
  const plain = (v) => typeof v === "function" && !Function.prototype.toString.call(v).startsWith("class");
  const names = Object.keys(module.exports);
  return { functions: names.filter((k) => plain(module.exports[k])), others: names.filter((k) => !plain(module.exports[k])) };
}

/** The plugin: the pf front end behind a stand-in that loads it on the first call, and commander's child_process. */
function lazyModules(pfFunctions) {
  const ns = "jaillint-lazy";
  return {
    name: "jaillint-lazy",
    setup(b) {
      b.onResolve({ filter: /^jaillint-lazy:/ }, (args) => ({ path: args.path.slice(ns.length + 1), namespace: ns }));
      b.onResolve({ filter: /^\.\/pf\/index\.js$/ }, (args) =>
        args.importer === PARSER_INDEX ? { path: "pf", namespace: ns } : undefined,
      );
      b.onResolve({ filter: /^node:child_process$/ }, (args) =>
        /[/\\]commander[/\\]/.test(args.importer)
          ? { path: "child_process", namespace: ns }
          : /[/\\]packages[/\\]cli[/\\]src[/\\]graph[/\\]/.test(args.importer)
            ? { path: "child_process_esm", namespace: ns }
            : undefined,
      );
      const modules = {
        entry: `export * from ${JSON.stringify(MAIN)};\nexport { lazyModulesLoaded } from "jaillint-lazy:registry";\n`,
        registry: [
          "export const lazyLoaded = [];",
          "/** The lazily evaluated modules this process has loaded so far (see packages/cli/bin/load-bundle.js). */",
          "export const lazyModulesLoaded = () => [...lazyLoaded];",
          "",
        ].join("\n"),
        pf: [
          'import { lazyLoaded } from "jaillint-lazy:registry";',
          "let pf;",
          "function load() {",
          "  if (pf === undefined) {",
          '    lazyLoaded.push("pf");',
          `    pf = require(${JSON.stringify(PF_INDEX)});`,
          "  }",
          "  return pf;",
          "}",
          ...pfFunctions.map((f) => `export function ${f}(...args) { return load().${f}(...args); }`),
          "",
        ].join("\n"),
        child_process: [
          "let cp;",
          'module.exports = new Proxy({}, { get: (_, name) => (cp ??= require("node:child_process"))[name] });',
          "",
        ].join("\n"),
        // An ES module importer names what it uses: esbuild copies an ES import's names when it is evaluated.
        child_process_esm: ['export function spawnSync(...args) { return require("node:child_process").spawnSync(...args); }', ""].join(
          "\n",
        ),
      };
      b.onLoad({ filter: /.*/, namespace: ns }, (args) => ({ contents: modules[args.path], loader: "js", resolveDir: root }));
    },
  };
}

// The first line names the build: a hash of the text, put in place of the zeros (same length: the map still fits).
const PLACEHOLDER = "0".repeat(16);
const pfExports = await functionExports(PF_INDEX);
const result = await build({
  ...common,
  entryPoints: { jaillint: "jaillint-lazy:entry" },
  outdir: dist,
  outExtension: { ".js": ".cjs" },
  sourcemap: true,
  banner: { js: `"use strict"; // jaillint build ${PLACEHOLDER}` },
  plugins: [lazyModules(pfExports.functions)],
}).catch((e) => {
  const missing = pfExports.others.filter((name) =>
    e.message.includes(`No matching export in "packages/parser/src/index.ts" for import "${name}"`),
  );
  if (missing.length > 0)
    e.message += `\n${missing.join(", ")}: pf/index.ts exports no plain function by that name, so its lazy stand-in cannot forward it`;
  throw e;
});
const js = result.outputFiles.find((f) => f.path === BUNDLE);
const map = result.outputFiles.find((f) => f.path === `${BUNDLE}.map`);
if (!js || !map) throw new Error(`esbuild wrote ${result.outputFiles.map((f) => f.path).join(", ")}, not ${BUNDLE}`);
let text = js.text;
// The loader reads the bundle as Latin-1: esbuild escapes non-ASCII characters in code, only comments keep them.
text.split("\n").forEach((line, i) => {
  if (/[\u0080-\uffff]/.test(line) && !/^\s*(\/\/|\/\*|\*)/.test(line)) throw new Error(`${BUNDLE}:${i + 1}: non-ASCII code`);
});
if (/\bimport\(/.test(text)) throw new Error(`${BUNDLE} has an import(): vm.Script, which runs it, has no module loader`);
text = text.replace(PLACEHOLDER, createHash("sha256").update(text).digest("hex").slice(0, 16));

// The language server is an ES module bundle of its own, which bin/jaillint.js imports for `jaillint lsp` only:
// linting never pays for it. Its lint workers run the same file. It lives beside the CLI bundle so that the npm
// package of the CLI carries both (bin/jaillint-lsp.js runs it too).
const lsp = await build({
  entryPoints: [at("packages/lsp/src/main.ts")],
  outfile: join(dist, "jaillint-lsp.mjs"),
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  legalComments: "none",
  logLevel: "warning",
  write: false,
  alias: { "@jaillint/parser": "./packages/parser/src/index.ts", "@jaillint/rules": "./packages/rules/src/index.ts" },
  banner: {
    js: "import { createRequire as __jaillintCreateRequire } from 'node:module'; const require = __jaillintCreateRequire(import.meta.url);",
  },
});
const lspJs = lsp.outputFiles.find((f) => f.path.endsWith(".mjs"));
const lspMap = lsp.outputFiles.find((f) => f.path.endsWith(".mjs.map"));
if (!lspJs || !lspMap) throw new Error(`esbuild wrote ${lsp.outputFiles.map((f) => f.path).join(", ")}, not jaillint-lsp.mjs`);

if (checkOut) {
  mkdirSync(checkOut, { recursive: true });
  writeFileSync(join(checkOut, "jaillint.cjs"), text);
  writeFileSync(join(checkOut, "jaillint-lsp.mjs"), lspJs.contents);
  process.exit(0);
}

mkdirSync(dist, { recursive: true });
writeFileSync(`${lspJs.path}.map`, lspMap.contents);
writeFileSync(lspJs.path, lspJs.contents);
rmSync(CACHE, { force: true });
rmSync(join(dist, "jaillint.mjs.map"), { force: true });
writeFileSync(`${BUNDLE}.map`, map.text);
writeFileSync(BUNDLE, text);
writeFileSync(
  join(dist, "jaillint.mjs"),
  [
    "// Written by scripts/bundle.mjs: the CLI bundle's exports as an ES module, loaded as bin/jaillint.js loads it.",
    'import { createRequire } from "node:module";',
    "",
    'const bundle = createRequire(import.meta.url)("../bin/load-bundle.js").loadBundle();',
    "export const { EXIT, run, VERSION } = bundle;",
    "",
  ].join("\n"),
);

// The warm-up runs in a plain `node` (no NODE_OPTIONS): V8 accepts a cache only under the flags it was made with.
const warmUp = `
const loader = require(${JSON.stringify(loaderPath)});
const { run } = loader.loadBundle({ useCache: false });
const io = { cwd: ${JSON.stringify(root)}, env: { NO_COLOR: "1" }, stdoutIsTTY: false, stderrIsTTY: false,
  stdout() {}, stderr() {}, readStdin: async () => "" };
(async () => {
  for (const args of [[${JSON.stringify(WARM_UP_HOST)}], [${JSON.stringify(WARM_UP_HOST)}, "-f", "json"], ["--help"]]) {
    const status = await run(args, io);
    if (status > 1) throw new Error("jaillint " + args.join(" ") + ": exit status " + status);
  }
  require("node:fs").writeFileSync(${JSON.stringify(`${CACHE}.tmp`)}, loader.createCache());
})();
`;
const { NODE_OPTIONS: _ignored, ...env } = process.env;
const made = spawnSync(process.execPath, ["-e", warmUp], { env, encoding: "utf8", stdio: ["ignore", "inherit", "pipe"] });
if (made.status !== 0) throw new Error(`the bundle's warm-up run failed (exit ${made.status}):\n${made.stderr}`);
renameSync(`${CACHE}.tmp`, CACHE);
