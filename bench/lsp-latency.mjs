// Language server latency: the time from a one-character didChange to the publishDiagnostics for that version, in
// a 2,000-jail jail.conf and in a 5,000-line pf.conf of generated hosts, median and max of 20 edits; beside it, a
// cold CLI lint of the same host (`jaillint DIR`, a whole process). Each edit is answered twice: first by the file
// rules (run at once on the edited document, the host rules' findings carried over), then by the host's lint after
// the debounce (included). Prints JSON.
//
//   node bench/lsp-latency.mjs [--edits N]
//
// Run it after `pnpm build` (it starts packages/lsp/bin/jaillint-lsp.js and packages/cli/bin/jaillint.js).
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generateHost, writeTree } from "./generate.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const cache = join(root, "bench", ".cache");
const argv = process.argv.slice(2);
const EDITS = Number(argv[argv.indexOf("--edits") + 1] || 20) || 20;

/** A minimal LSP client: Content-Length framing, request ids, every notification to `onNotification`. */
function startServer() {
  const child = spawn(process.execPath, [join(root, "packages/lsp/bin/jaillint-lsp.js"), "--stdio"], { stdio: "pipe" });
  let buffer = Buffer.alloc(0);
  let nextId = 1;
  const pending = new Map();
  const listeners = new Set();
  child.stdout.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf("\r\n\r\n");
      if (end === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
      if (buffer.length < end + 4 + length) return;
      const m = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
      buffer = buffer.subarray(end + 4 + length);
      if (m.method && m.id !== undefined) send({ jsonrpc: "2.0", id: m.id, result: null });
      else if (m.method) for (const l of listeners) l(m);
      else pending.get(m.id)?.(m);
    }
  });
  const send = (m) => {
    const body = Buffer.from(JSON.stringify(m));
    child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  };
  return {
    request: (method, params) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        send({ jsonrpc: "2.0", id, method, params });
      }),
    notify: (method, params) => send({ jsonrpc: "2.0", method, params }),
    /** Resolves with the time (performance.now()) the first notification matching `predicate` arrived. */
    when: (predicate) =>
      new Promise((resolve) => {
        const l = (m) => {
          if (!predicate(m)) return;
          listeners.delete(l);
          resolve({ at: performance.now(), message: m });
        };
        listeners.add(l);
      }),
    /** Calls `callback` with the time each notification matching `predicate` arrives, until the returned stop(). */
    every: (predicate, callback) => {
      const l = (m) => {
        if (predicate(m)) callback(performance.now(), m);
      };
      listeners.add(l);
      return () => listeners.delete(l);
    },
    exited: new Promise((resolve) => child.on("exit", resolve)),
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;

function cliCold(dir, runs = 3) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [join(root, "packages/cli/bin/jaillint.js"), "-f", "json", dir], { encoding: "utf8" });
    times.push(performance.now() - t);
    if (r.status !== 0 && r.status !== 1) throw new Error(`jaillint ${dir} failed: ${r.stderr}`);
  }
  return { medianMs: round(median(times)), runs };
}

/** Opens `file` of the tree `dir`, then makes `EDITS` one-character edits on its first line and times each. */
async function measure(name, dir, file, languageId) {
  const server = startServer();
  const init = await server.request("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name }],
    capabilities: {},
  });
  if (init.error) throw new Error(init.error.message);
  server.notify("initialized", {});
  const text = readFileSync(file, "utf8");
  const uri = pathToFileURL(file).href;
  const published = (version) => (m) =>
    m.method === "textDocument/publishDiagnostics" && m.params.uri === uri && m.params.version === version;
  const opened = performance.now();
  const first = server.when(published(1));
  server.notify("textDocument/didOpen", { textDocument: { uri, languageId, version: 1, text } });
  const open = await first;
  const firstLine = text.slice(0, text.indexOf("\n"));
  const fileTimes = [];
  const hostTimes = [];
  let findings;
  let fileFindings;
  for (let v = 2; v < 2 + EDITS; v++) {
    // A blank added at the end of line 1, then taken away again: one character each time.
    const at = firstLine.length;
    const change = v % 2 === 0 ? { range: pos(0, at, 0, at), text: " " } : { range: pos(0, at, 0, at + 1), text: "" };
    const seen = [];
    let stop;
    const both = new Promise((resolve) => {
      stop = server.every(published(v), (at, message) => {
        seen.push({ at, message });
        if (seen.length === 2) resolve();
      });
    });
    const sent = performance.now();
    server.notify("textDocument/didChange", { textDocument: { uri, version: v }, contentChanges: [change] });
    // The host's lint follows the file rules' answer; when the file rules lost the race, only the host's comes.
    await Promise.race([both, new Promise((r) => setTimeout(r, 15_000))]);
    stop();
    const [first, second] = seen;
    fileTimes.push(first.at - sent);
    hostTimes.push((second ?? first).at - sent);
    fileFindings = first.message.params.diagnostics.length;
    findings = (second ?? first).message.params.diagnostics.length;
    await new Promise((r) => setTimeout(r, 50));
  }
  await server.request("shutdown");
  server.notify("exit");
  await server.exited;
  return {
    file: file.slice(root.length),
    lines: text.split("\n").length - 1,
    bytes: Buffer.byteLength(text),
    findings,
    openToFirstDiagnosticsMs: round(open.at - opened),
    edits: EDITS,
    fileRules: { findings: fileFindings, medianMs: round(median(fileTimes)), maxMs: round(Math.max(...fileTimes)) },
    host: { findings, medianMs: round(median(hostTimes)), maxMs: round(Math.max(...hostTimes)) },
    cliColdLint: cliCold(dir),
  };
}

function pos(sl, sc, el, ec) {
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

// The 2,000-jail host, and the smallest generated host whose pf.conf has 5,000 lines.
const jailHost = join(cache, "lsp-jail-2000");
writeTree(jailHost, generateHost(2000));
let n = 2370;
while (generateHost(n)["pf.conf"].split("\n").length - 1 < 5000) n++;
const pfHost = join(cache, "lsp-pf-5000");
writeTree(pfHost, generateHost(n));

const { DEFAULT_DEBOUNCE_MS } = await import(pathToFileURL(join(root, "packages/cli/dist/jaillint-lsp.mjs")).href);
const result = {
  debounceMs: DEFAULT_DEBOUNCE_MS,
  jailConf2000: await measure("jail-2000", jailHost, join(jailHost, "etc/jail.conf"), "jail-conf"),
  pfConf5000: { jails: n, ...(await measure("pf-5000", pfHost, join(pfHost, "etc/pf.conf"), "pf")) },
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
