// The VS Code extension: starts the jaillint language server bundled beside it (dist/server, built by
// scripts/build.mjs) for jail.conf, pf.conf and rc.conf files. Diagnostics, fixes, hovers and completion all
// come from the server; highlighting comes from the grammars in syntaxes/.
import * as path from "node:path";
import { type ExtensionContext, workspace } from "vscode";
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from "vscode-languageclient/node.js";

/** The files the server is given: the two languages of this extension, and rc.conf as the shell script it is. */
export const DOCUMENT_SELECTOR = [
  { scheme: "file", language: "jail-conf" },
  { scheme: "file", language: "pf-conf" },
  { scheme: "file", language: "shellscript", pattern: "**/rc.conf" },
  { scheme: "file", language: "shellscript", pattern: "**/rc.conf.local" },
  { scheme: "file", language: "shellscript", pattern: "**/rc.conf.d/*" },
];

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  // The server runs in VS Code's own Node.js (the client forks it and adds --stdio).
  const module = context.asAbsolutePath(path.join("dist", "server", "start.mjs"));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    initializationOptions: { freebsd: workspace.getConfiguration("jaillint").get<number>("freebsd", 15) },
  };
  client = new LanguageClient("jaillint", "jaillint", serverOptions, clientOptions);
  context.subscriptions.push(
    workspace.onDidChangeConfiguration(async (e) => {
      // The release is an initialization option: the server reads it once, so a change restarts it.
      if (e.affectsConfiguration("jaillint.freebsd") && client) {
        await client.stop();
        client = new LanguageClient("jaillint", "jaillint", serverOptions, {
          ...clientOptions,
          initializationOptions: { freebsd: workspace.getConfiguration("jaillint").get<number>("freebsd", 15) },
        });
        await client.start();
      }
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
