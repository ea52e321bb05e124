// The jaillint language server: LSP over a connection, documents in, diagnostics and code actions out. The lint
// itself runs in a worker thread (lint-service.ts); which host a document is part of is workspace.ts's business.
import {
  type ClientCapabilities,
  type CodeAction,
  type CodeActionContext,
  type Connection,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  type InitializeParams,
  type InitializeResult,
  type Position,
  type Range,
  ResponseError,
  type ServerCapabilities,
  TextDocumentSyncKind,
  type TextEdit,
} from "vscode-languageserver/node.js";
import { codeActions, FIX_ALL_KIND, isFixAllData, workspaceEdit } from "./code-actions.js";
import { detectKind, freebsdVersion, VERSION } from "./core.js";
import { Documents, isRange, uriParam } from "./documents.js";
import type { FeatureRequest } from "./lint-protocol.js";
import { LintService } from "./lint-service.js";
import { pathOfUri, Workspace } from "./workspace.js";

/** How long an edit must settle before its host is linted again, unless initializationOptions.debounceMs says. */
export const DEFAULT_DEBOUNCE_MS = 150;

/** How long a hover, completion… may wait for the host model before it is answered with nothing. */
const FEATURE_TIMEOUT_MS = 2500;
/** How long code actions wait for the lint of the current text, and fix-all for its fixes. */
const CODE_ACTION_WAIT_MS = 5000;
const FIX_ALL_TIMEOUT_MS = 30_000;

export interface ServerOptions {
  /** The module lint workers run: this bundle (it starts a worker loop when it runs in a worker thread). */
  readonly workerUrl: URL;
  readonly workerData: unknown;
}

export const SERVER_CAPABILITIES: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
  codeActionProvider: { codeActionKinds: ["quickfix", FIX_ALL_KIND], resolveProvider: true },
  hoverProvider: true,
  completionProvider: { triggerCharacters: [".", "$", "{", "<"] },
  documentSymbolProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  documentFormattingProvider: true,
  workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
};

/** A request's params as they arrive: checked field by field before use. */
type Params = Record<string, unknown> | null | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function positionParam(params: unknown): Position {
  const p = isObject(params) ? params.position : undefined;
  if (!isObject(p) || !Number.isInteger(p.line) || !Number.isInteger(p.character) || (p.line as number) < 0 || (p.character as number) < 0)
    throw new ResponseError(ErrorCodes.InvalidParams, "expected position: { line, character } (non-negative integers)");
  return { line: p.line as number, character: p.character as number };
}

function requireUri(params: unknown): string {
  const uri = uriParam(params);
  if (uri === undefined) throw new ResponseError(ErrorCodes.InvalidParams, "expected textDocument: { uri }");
  return uri;
}

function folderPaths(params: InitializeParams): string[] {
  const uris = Array.isArray(params.workspaceFolders)
    ? params.workspaceFolders.map((f) => (isObject(f) && typeof f.uri === "string" ? f.uri : ""))
    : typeof params.rootUri === "string"
      ? [params.rootUri]
      : [];
  const paths = uris.map(pathOfUri).filter((p): p is string => p !== undefined);
  if (paths.length === 0 && typeof params.rootPath === "string" && params.rootPath !== "") paths.push(params.rootPath);
  return paths;
}

export function createServer(connection: Connection, options: ServerOptions): void {
  const log = (message: string) => connection.console.log(message);
  const documents = new Documents();
  const lint = new LintService({ workerUrl: options.workerUrl, workerData: options.workerData, log, name: "lint" });
  // The editor features answer from a host model of their own, in a second worker: a hover never waits for a lint.
  const models = new LintService({ workerUrl: options.workerUrl, workerData: options.workerData, log, name: "feature" });
  // The file rules after each edit, in a third worker: they never wait behind a host's lint.
  const files = new LintService({ workerUrl: options.workerUrl, workerData: options.workerData, log, name: "file" });
  const workers = {
    lint: (job: Parameters<LintService["lint"]>[0]) => lint.lint(job),
    fileLint: (job: Parameters<LintService["fileLint"]>[0]) => files.fileLint(job),
    invalidate: (keys: readonly string[] | "all") => {
      lint.invalidate(keys);
      models.invalidate(keys);
      files.invalidate(keys);
    },
    drop: (key: string) => {
      lint.drop(key);
      models.drop(key);
      files.drop(key);
    },
  };
  const workspace = new Workspace(connection, documents, workers, { freebsd: 15, debounceMs: DEFAULT_DEBOUNCE_MS, fileRules: true });
  let documentChanges = false;
  let resolveEdits = false;
  let watchFiles = false;
  let folderEvents = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps: ClientCapabilities = isObject(params) && isObject(params.capabilities) ? params.capabilities : {};
    documentChanges = caps.workspace?.workspaceEdit?.documentChanges === true;
    resolveEdits = caps.textDocument?.codeAction?.resolveSupport?.properties?.includes("edit") === true;
    watchFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    folderEvents = caps.workspace?.workspaceFolders === true;
    const init = isObject(params?.initializationOptions) ? params.initializationOptions : {};
    const debounce =
      typeof init.debounceMs === "number" && init.debounceMs >= 0 && init.debounceMs <= 10_000 ? init.debounceMs : DEFAULT_DEBOUNCE_MS;
    workspace.settings = { freebsd: freebsdVersion(init.freebsd), debounceMs: debounce, fileRules: init.fileRules !== false };
    workspace.folders = isObject(params) ? folderPaths(params) : [];
    return { capabilities: SERVER_CAPABILITIES, serverInfo: { name: "jaillint", version: VERSION } };
  });

  connection.onInitialized(() => {
    // The first hover or completion after opening a file would otherwise wait for both workers to load the core.
    lint.warm();
    models.warm();
    files.warm();
    // Files the hosts read may change behind the editor's back (git checkout, another editor): re-read them.
    if (watchFiles)
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/*" }] })
        .catch((e: unknown) => log(`jaillint: could not watch files: ${(e as Error).message}`));
    if (folderEvents)
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => pathOfUri(f.uri)));
        const added = e.added.map((f) => pathOfUri(f.uri)).filter((p): p is string => p !== undefined);
        workspace.setFolders([...workspace.folders.filter((f) => !removed.has(f)), ...added]);
      });
  });

  const refused = (what: string) => connection.console.warn(`jaillint: refused ${what}`);
  connection.onDidOpenTextDocument((params) => {
    const doc = documents.open(params);
    if (typeof doc === "string") return refused(doc);
    workspace.opened(doc.uri);
  });
  connection.onDidChangeTextDocument((params) => {
    const doc = documents.change(params);
    if (typeof doc === "string") return refused(doc);
    workspace.changed(doc.uri);
  });
  connection.onDidCloseTextDocument((params) => {
    const closed = documents.close(params);
    if (typeof closed === "string") return refused(closed);
    workspace.closed(closed.uri);
  });
  connection.onDidSaveTextDocument((params) => {
    const uri = uriParam(params);
    if (uri !== undefined) workspace.saved(uri);
  });
  connection.onDidChangeWatchedFiles(() => workspace.diskChanged());

  // Requests are registered by method name, not through the typed helpers: those read params before the handler
  // can check them (null params would fail inside the library as an internal error, not as invalid params).

  // ------------------------------------------------------------------ code actions

  const editTarget = (uri: string, version: number) => ({ uri, version, documentChanges });

  async function fixAllEdits(uri: string): Promise<{ version: number; edits: TextEdit[] } | undefined> {
    const doc = documents.get(uri);
    const host = workspace.docHost.get(uri);
    const path = pathOfUri(uri);
    if (!doc || !host || !path) return undefined;
    const buffers = [...host.docs].flatMap((u) => {
      const d = documents.get(u);
      const p = pathOfUri(u);
      return d && p ? [[p, d.getText()] as const] : [];
    });
    const version = doc.version;
    const r = await lint.fixAll(
      { type: "fixAll", key: host.key, target: host.target, freebsd: workspace.settings.freebsd, buffers, path },
      FIX_ALL_TIMEOUT_MS,
    );
    if (!r.ok) {
      if (r.reason !== "superseded") log(`jaillint: could not fix ${path}: ${r.message}`);
      return undefined;
    }
    return { version, edits: [...r.result.edits] };
  }

  connection.onRequest("textDocument/codeAction", async (params: Params) => {
    const uri = requireUri(params);
    const range = params?.range;
    if (!isRange(range)) throw new ResponseError(ErrorCodes.InvalidParams, "expected range: { start, end }");
    const host = workspace.docHost.get(uri);
    const doc = documents.get(uri);
    const path = pathOfUri(uri);
    if (!host || !doc || !path) return [];
    await workspace.flush(host, CODE_ACTION_WAIT_MS);
    const current = documents.get(uri);
    if (!current || host.versions.get(uri) !== current.version) return [];
    const ctx: Partial<CodeActionContext> = isObject(params?.context) ? params.context : {};
    const only = Array.isArray(ctx.only) ? ctx.only.filter((k): k is string => typeof k === "string") : undefined;
    const actions = codeActions(host.files.get(path), range as Range, only, editTarget(uri, current.version), (d) =>
      workspace.toDiagnostic(d),
    );
    if (!resolveEdits) {
      // A client that cannot resolve an action gets the fix-all edit now.
      for (const a of actions) {
        if (a.kind !== FIX_ALL_KIND) continue;
        const fixed = await fixAllEdits(uri);
        if (fixed) {
          a.edit = workspaceEdit(editTarget(uri, fixed.version), fixed.edits);
          delete a.data;
        }
      }
      return actions.filter((a) => a.kind !== FIX_ALL_KIND || a.edit);
    }
    return actions;
  });

  connection.onRequest("codeAction/resolve", async (action: CodeAction) => {
    if (!isObject(action) || !isFixAllData(action.data)) return action;
    const fixed = await fixAllEdits(action.data.uri);
    if (!fixed) throw new ResponseError(ErrorCodes.InvalidParams, `${action.data.uri} is not open, or has no host`);
    const { data: _data, ...rest } = action;
    return { ...rest, edit: workspaceEdit(editTarget(action.data.uri, fixed.version), fixed.edits) };
  });

  // ------------------------------------------------------------------ features

  /**
   * Asks the worker (which holds the host model) about one open document; `nothing` for a document that is not
   * open or belongs to no host.
   */
  async function ask(uri: string, request: FeatureRequest, nothing: unknown): Promise<unknown> {
    const host = workspace.docHost.get(uri);
    const path = pathOfUri(uri);
    if (!documents.get(uri) || !host || !path) return nothing;
    const buffers: [string, string][] = [];
    const uris: [string, string][] = [];
    for (const u of host.docs) {
      const d = documents.get(u);
      const p = pathOfUri(u);
      if (!d || !p) continue;
      buffers.push([p, d.getText()]);
      uris.push([p, u]);
    }
    const job = {
      type: "feature",
      key: host.key,
      target: host.target,
      freebsd: workspace.settings.freebsd,
      buffers,
      uris,
      path,
      request,
    } as const;
    const r = await models.feature(job, FEATURE_TIMEOUT_MS);
    if (!r.ok) {
      if (r.reason !== "superseded") log(`jaillint: ${request.method} for ${path}: ${r.message}`);
      return nothing;
    }
    if (r.result.note) log(`jaillint: ${r.result.note}`);
    return r.result.result ?? nothing;
  }

  connection.onRequest("textDocument/hover", (params: Params) => {
    const uri = requireUri(params);
    return ask(uri, { method: "hover", position: positionParam(params) }, null);
  });
  connection.onRequest("textDocument/completion", (params: Params) => {
    const uri = requireUri(params);
    return ask(uri, { method: "completion", position: positionParam(params) }, []);
  });
  connection.onRequest("textDocument/documentSymbol", (params: Params) => ask(requireUri(params), { method: "documentSymbols" }, []));
  connection.onRequest("textDocument/definition", (params: Params) => {
    const uri = requireUri(params);
    return ask(uri, { method: "definition", position: positionParam(params) }, []);
  });
  connection.onRequest("textDocument/references", (params: Params) => {
    const uri = requireUri(params);
    const position = positionParam(params);
    const includeDeclaration = isObject(params?.context) && params.context.includeDeclaration === true;
    return ask(uri, { method: "references", position, includeDeclaration }, []);
  });
  connection.onRequest("textDocument/formatting", (params: Params) => {
    const uri = requireUri(params);
    const o = isObject(params?.options) ? params.options : {};
    const options = {
      tabSize: Number.isInteger(o.tabSize) && (o.tabSize as number) > 0 ? (o.tabSize as number) : 4,
      insertSpaces: o.insertSpaces !== false,
    };
    const path = pathOfUri(uri);
    const doc = documents.get(uri);
    // jail.conf is the one kind with a formatter.
    const kind = path ? workspace.docHost.get(uri)?.files.get(path)?.kind : undefined;
    const detected = doc ? detectKind(path, doc.languageId, doc.getText()) : undefined;
    if ((kind ?? detected) !== "jail") return null;
    return ask(uri, { method: "formatting", options }, null);
  });

  connection.onShutdown(() => {
    lint.close();
    models.close();
    files.close();
  });

  connection.listen();
}
