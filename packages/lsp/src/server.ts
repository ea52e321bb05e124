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
import type { FeatureContext, FeatureFile } from "./feature-stubs.js";
// TODO(lsp-features): import from "./features/index.js" once it lands.
import * as features from "./feature-stubs.js";
import { LintService } from "./lint-service.js";
import { pathOfUri, Workspace } from "./workspace.js";

/** How long an edit must settle before its host is linted again, unless initializationOptions.debounceMs says. */
export const DEFAULT_DEBOUNCE_MS = 150;

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
  const lint = new LintService({ workerUrl: options.workerUrl, workerData: options.workerData, log });
  const workspace = new Workspace(connection, documents, lint, { freebsd: 15, debounceMs: DEFAULT_DEBOUNCE_MS });
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
    workspace.settings = { freebsd: freebsdVersion(init.freebsd), debounceMs: debounce };
    workspace.folders = isObject(params) ? folderPaths(params) : [];
    return { capabilities: SERVER_CAPABILITIES, serverInfo: { name: "jaillint", version: VERSION } };
  });

  connection.onInitialized(() => {
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
    const r = await lint.fixAll({ type: "fixAll", key: host.key, target: host.target, freebsd: workspace.settings.freebsd, buffers, path });
    if (!r.ok) {
      if (!r.superseded) log(`jaillint: could not fix ${path}: ${r.message}`);
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
    await workspace.flush(host);
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

  const featureContext = (uri: string): FeatureContext | undefined => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const path = pathOfUri(uri);
    const host = workspace.docHost.get(uri);
    const text = doc.getText();
    const detected = detectKind(path, doc.languageId, text);
    const kind = (path ? host?.files.get(path)?.kind : undefined) ?? (detected === "fail2ban" ? undefined : detected);
    const others: FeatureFile[] = [];
    for (const f of host?.files.values() ?? []) {
      if (f.path === path) continue;
      const open = documents.get(workspace.uriOf(f.path));
      const t = open?.getText() ?? f.text;
      if (t !== undefined) others.push({ uri: workspace.uriOf(f.path), path: f.path, kind: f.kind, text: t });
    }
    return { document: { uri, path, kind, text }, host: others };
  };

  connection.onRequest("textDocument/hover", (params: Params) => {
    const ctx = featureContext(requireUri(params));
    const position = positionParam(params);
    return ctx ? features.hover(ctx, position) : null;
  });
  connection.onRequest("textDocument/completion", (params: Params) => {
    const ctx = featureContext(requireUri(params));
    const position = positionParam(params);
    return ctx ? features.completion(ctx, position) : [];
  });
  connection.onRequest("textDocument/documentSymbol", (params: Params) => {
    const ctx = featureContext(requireUri(params));
    return ctx ? features.documentSymbols(ctx) : [];
  });
  connection.onRequest("textDocument/definition", (params: Params) => {
    const ctx = featureContext(requireUri(params));
    const position = positionParam(params);
    return ctx ? features.definition(ctx, position) : [];
  });
  connection.onRequest("textDocument/references", (params: Params) => {
    const ctx = featureContext(requireUri(params));
    const position = positionParam(params);
    const include = isObject(params?.context) && params.context.includeDeclaration === true;
    return ctx ? features.references(ctx, position, include) : [];
  });
  connection.onRequest("textDocument/formatting", (params: Params) => {
    const ctx = featureContext(requireUri(params));
    if (ctx?.document.kind !== "jail") return null;
    const formatting = isObject(params?.options) ? params.options : { tabSize: 4, insertSpaces: true };
    return features.formatJailConf(ctx.document.text, formatting as never);
  });

  connection.onShutdown(() => {
    lint.close();
  });

  connection.listen();
}
