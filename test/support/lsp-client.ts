// A small LSP client for the protocol tests: starts the server as a child process and speaks JSON-RPC to it over
// stdio with Content-Length framing. Requests get ids and promises; notifications the server sends are collected
// (and `waitFor` waits for one that matches); requests the server sends (client/registerCapability, …) are
// recorded and answered with null.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./corpus.js";

/** The built server (the test script runs tsc -b and the bundler before vitest). */
export const lspBin = join(repoRoot, "packages/lsp/bin/jaillint-lsp.js");
export const cliBin = join(repoRoot, "packages/cli/bin/jaillint.js");

export interface Message {
  readonly jsonrpc: "2.0";
  readonly id?: number | string | null;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: unknown };
}

export interface PublishDiagnostics {
  readonly uri: string;
  readonly version?: number;
  readonly diagnostics: readonly LspDiagnostic[];
}

export interface LspDiagnostic {
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
  readonly severity?: number;
  readonly code?: string | number;
  readonly source?: string;
  readonly message: string;
  readonly codeDescription?: { href: string };
  readonly tags?: number[];
  readonly relatedInformation?: { location: { uri: string; range: LspDiagnostic["range"] }; message: string }[];
}

export class ResponseFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const uriOf = (path: string): string => pathToFileURL(path).href;

export class LspClient {
  readonly notifications: Message[] = [];
  readonly serverRequests: Message[] = [];
  stderr = "";
  /** Bytes on stdout that were not a well-framed message (must stay empty: stdout is the protocol's). */
  garbage = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcessWithoutNullStreams;
  #buffer = Buffer.alloc(0);
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly #waiters = new Set<() => void>();

  constructor(args: readonly string[] = [lspBin, "--stdio"], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    this.#child = spawn(process.execPath, args, { cwd: options.cwd ?? repoRoot, env: { ...process.env, ...options.env }, stdio: "pipe" });
    this.#child.stdout.on("data", (chunk: Buffer) => this.#read(chunk));
    this.#child.stderr.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.exited = new Promise((resolve) => this.#child.on("exit", (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => {
      for (const p of this.#pending.values()) p.reject(new Error(`the server exited; stderr: ${this.stderr}`));
      this.#pending.clear();
      this.#wake();
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  #read(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const headerEnd = this.#buffer.indexOf("\r\n\r\n");
      if (headerEnd === -1) return;
      const header = this.#buffer.subarray(0, headerEnd).toString("ascii");
      const m = /^Content-Length: (\d+)$/im.exec(header);
      if (!m || !/^(Content-(Length|Type): [^\r\n]*(\r\n|$))+$/i.test(header)) {
        this.garbage += this.#buffer.toString();
        this.#buffer = Buffer.alloc(0);
        return;
      }
      const length = Number(m[1]);
      if (this.#buffer.length < headerEnd + 4 + length) return;
      const body = this.#buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8");
      this.#buffer = this.#buffer.subarray(headerEnd + 4 + length);
      this.#dispatch(JSON.parse(body) as Message);
    }
  }

  #dispatch(m: Message): void {
    if (m.method !== undefined && m.id !== undefined && m.id !== null) {
      this.serverRequests.push(m);
      this.#write({ jsonrpc: "2.0", id: m.id, result: null });
    } else if (m.method !== undefined) {
      this.notifications.push(m);
    } else if (typeof m.id === "number") {
      const p = this.#pending.get(m.id);
      this.#pending.delete(m.id);
      if (m.error) p?.reject(new ResponseFailure(m.error.code, m.error.message));
      else p?.resolve(m.result);
    }
    this.#wake();
  }

  #wake(): void {
    for (const w of [...this.#waiters]) w();
  }

  #write(m: unknown): void {
    this.writeRaw(JSON.stringify(m));
  }

  /** Writes one framed message body as it is (for malformed JSON). */
  writeRaw(body: string): void {
    const bytes = Buffer.from(body, "utf8");
    this.#child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, "ascii"), bytes]));
  }

  request<T = unknown>(method: string, params?: unknown): Promise<T> {
    const id = this.#nextId++;
    const p = new Promise<T>((resolve, reject) => this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
    this.#write({ jsonrpc: "2.0", id, method, ...(params === undefined ? {} : { params }) });
    return p;
  }

  notify(method: string, params?: unknown): void {
    this.#write({ jsonrpc: "2.0", method, ...(params === undefined ? {} : { params }) });
  }

  /** Resolves with the first collected notification (from `from` on) that matches, or rejects after `timeout` ms. */
  waitFor<T = unknown>(predicate: (m: Message) => boolean, timeout = 15_000, from = 0): Promise<Message & { params: T }> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.notifications.slice(from).find(predicate);
        if (found) {
          done();
          resolve(found as Message & { params: T });
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `no matching notification within ${timeout} ms; got:\n${this.notifications
              .slice(from)
              .map((n) => JSON.stringify(n).slice(0, 400))
              .join("\n")}\nstderr: ${this.stderr}`,
          ),
        );
      }, timeout);
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** The latest publishDiagnostics for `uri` (optionally at `version`) once it arrives. */
  async diagnostics(uri: string, version?: number, timeout = 15_000, from = 0): Promise<PublishDiagnostics> {
    const m = await this.waitFor<PublishDiagnostics>(
      (n) =>
        n.method === "textDocument/publishDiagnostics" &&
        (n.params as PublishDiagnostics).uri === uri &&
        (version === undefined || (n.params as PublishDiagnostics).version === version),
      timeout,
      from,
    );
    return m.params;
  }

  published(uri: string): PublishDiagnostics[] {
    return this.notifications
      .filter((n) => n.method === "textDocument/publishDiagnostics" && (n.params as PublishDiagnostics).uri === uri)
      .map((n) => n.params as PublishDiagnostics);
  }

  /** initialize + initialized, as an editor does; returns the server's InitializeResult. */
  async initialize(
    rootPath: string | null,
    extra: Record<string, unknown> = {},
    capabilities: Record<string, unknown> = {},
  ): Promise<unknown> {
    const result = await this.request("initialize", {
      processId: process.pid,
      rootUri: rootPath === null ? null : uriOf(rootPath),
      workspaceFolders: rootPath === null ? null : [{ uri: uriOf(rootPath), name: "root" }],
      capabilities: {
        workspace: {
          workspaceEdit: { documentChanges: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceFolders: true,
        },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, tagSupport: { valueSet: [1, 2] } },
          codeAction: { resolveSupport: { properties: ["edit"] }, codeActionLiteralSupport: { codeActionKind: { valueSet: [] } } },
        },
        ...capabilities,
      },
      ...extra,
    });
    this.notify("initialized", {});
    return result;
  }

  open(path: string, text: string, languageId = "", version = 1): string {
    const uri = uriOf(path);
    this.notify("textDocument/didOpen", { textDocument: { uri, languageId, version, text } });
    return uri;
  }

  change(uri: string, version: number, changes: readonly unknown[]): void {
    this.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: changes });
  }

  /** shutdown, then exit; resolves with the exit status. */
  async stop(): Promise<number | null> {
    await this.request("shutdown");
    this.notify("exit");
    return (await this.exited).code;
  }

  /** Closes the server's standard input, as an editor that goes away does. */
  closeInput(): void {
    this.#child.stdin.end();
  }

  kill(): void {
    this.#child.kill("SIGKILL");
  }
}
