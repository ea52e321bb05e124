// Entry point of the language server bundle (packages/cli/dist/jaillint-lsp.mjs): `jaillint-lsp --stdio` and
// `jaillint lsp --stdio` start the server here; in a worker thread the same bundle runs the lint loop.
import { format } from "node:util";
import { isMainThread, workerData } from "node:worker_threads";
import { createConnection } from "vscode-languageserver/node.js";
import { VERSION } from "./core.js";
import { startLintWorker } from "./lint-worker.js";
import { createServer } from "./server.js";

export { DEFAULT_DEBOUNCE_MS } from "./server.js";

const WORKER_ROLE = "jaillint-lint-worker";

if (!isMainThread && (workerData as { role?: string } | null)?.role === WORKER_ROLE) startLintWorker();

const USAGE = `Usage: jaillint-lsp --stdio

The jaillint language server: diagnostics and fixes for jail.conf, rc.conf and pf.conf in the editor. Editors
start it and speak the Language Server Protocol on its standard input and output.

Options:
  --stdio        speak LSP over standard input and output (the one transport)
  -V, --version  print the version
  -h, --help     print this help
`;

/**
 * Starts the server as argv asks; returns the exit status when it does not start (help, version, a usage error).
 * Once started, the server runs until the client sends `exit` or closes standard input.
 */
export function startServer(argv: readonly string[]): number | undefined {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (argv.includes("--version") || argv.includes("-V")) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (!argv.includes("--stdio")) {
    process.stderr.write(`jaillint-lsp: the server speaks LSP over standard input and output: start it with --stdio\n\n${USAGE}`);
    return 2;
  }
  const connection = createConnection(process.stdin, process.stdout);
  // Standard output is the protocol's: anything printed goes to the client's log instead.
  const toLog =
    (level: "log" | "info" | "warn" | "error") =>
    (...args: unknown[]): void =>
      connection.console[level](format(...args));
  console.log = toLog("log");
  console.info = toLog("info");
  console.debug = toLog("log");
  console.warn = toLog("warn");
  console.error = toLog("error");
  process.on("uncaughtException", (e) => connection.console.error(`jaillint: internal error: ${e.stack ?? e.message}`));
  process.on("unhandledRejection", (e) =>
    connection.console.error(`jaillint: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  );
  createServer(connection, { workerUrl: new URL(import.meta.url), workerData: { role: WORKER_ROLE } });
  return undefined;
}
