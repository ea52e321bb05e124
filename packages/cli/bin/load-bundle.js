// Loads the CLI bundle (dist/jaillint.cjs, written by scripts/bundle.mjs) with the V8 code cache the build made
// for it (dist/jaillint.cjs.cache). Node 20 caches no compiled code between runs, so without it every start
// parses and compiles the bundle again; with it V8 deserializes the bytecode of every function the build's warm-up
// run compiled. Any problem with the cache only costs time: a missing, foreign or stale cache, or one V8 rejects
// (another Node version, other V8 flags), is ignored and the bundle compiled as usual.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { Script } = require("node:vm");

const dist = join(__dirname, "..", "dist");
const BUNDLE = join(dist, "jaillint.cjs");
const CACHE = `${BUNDLE}.cache`;
/** The bundle's first line carries its build id (a hash of its text); the cache's header names the id it is for. */
const BUILD_ID = /^"use strict"; \/\/ jaillint build ([0-9a-f]{16})\n/;
/** 40 bytes, so that V8's data stays 8-byte aligned in the buffer and is not copied. */
const CACHE_HEADER_BYTES = 40;
const cacheHeader = (id) => `jaillint code cache ${id}`.padEnd(CACHE_HEADER_BYTES - 1, " ").concat("\n");
/** CommonJS's module wrapper: the bundle is a CommonJS module and runs as Node's loader would run it. */
const WRAPPER = ["(function (exports, require, module, __filename, __dirname) { ", "\n})"];

let loaded;

/** Node maps stack traces through source maps only for code its own loader compiled. */
function sourceMapsWanted() {
  if (process.sourceMapsEnabled !== undefined) return process.sourceMapsEnabled;
  return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].includes("--enable-source-maps");
}

/**
 * The bundle's exports (`run`, `EXIT`, `VERSION`, `lazyModulesLoaded`), loaded once. `useCache: false` compiles it
 * afresh (the build does, to make the cache).
 */
function loadBundle({ useCache = true } = {}) {
  if (loaded) return loaded.exports;
  if (sourceMapsWanted()) {
    loaded = { exports: require(BUNDLE), cache: "unused: source maps are enabled" };
    return loaded.exports;
  }
  // esbuild writes ASCII outside comments (it escapes the rest), so Latin-1 reads the same program, and faster.
  const source = readFileSync(BUNDLE, "latin1");
  const id = BUILD_ID.exec(source)?.[1];
  let cachedData;
  let cache = "absent";
  if (useCache && id !== undefined) {
    try {
      const data = readFileSync(CACHE);
      if (data.toString("latin1", 0, CACHE_HEADER_BYTES) === cacheHeader(id)) cachedData = data.subarray(CACHE_HEADER_BYTES);
      else cache = "stale: made for another build of the bundle";
    } catch {}
  }
  const script = new Script(WRAPPER[0] + source + WRAPPER[1], { filename: BUNDLE, ...(cachedData ? { cachedData } : {}) });
  if (cachedData) cache = script.cachedDataRejected ? "rejected by V8" : "accepted";
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, BUNDLE, dist);
  loaded = { exports: module.exports, cache, script, id };
  return loaded.exports;
}

/** The code cache of the bundle as it stands in this process (with every function compiled so far), header first. */
function createCache() {
  if (!loaded?.script || loaded.id === undefined) throw new Error(`${BUNDLE} was not compiled by loadBundle`);
  return Buffer.concat([Buffer.from(cacheHeader(loaded.id), "latin1"), loaded.script.createCachedData()]);
}

/** What start-up did (for tests and JAILLINT_DEBUG_START): was the bundle loaded, how its cache fared, what it loaded lazily. */
function startInfo() {
  if (!loaded) return { bundle: "not loaded" };
  return { bundle: "loaded", cache: loaded.cache, lazyModules: loaded.exports.lazyModulesLoaded?.() ?? [] };
}

module.exports = { BUNDLE, CACHE, loadBundle, createCache, startInfo };
