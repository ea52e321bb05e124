// Stand-ins for the editor features (packages/lsp/src/features/index.ts, written alongside): hover, completion,
// document symbols, definition, references and the jail.conf formatter. The server's handlers call these names
// with these arguments; once the real module is merged, server.ts imports it instead of this file.
// TODO(lsp-features): delete this file when features/index.ts lands.
import type { CompletionItem, DocumentSymbol, FormattingOptions, Hover, Location, Position, TextEdit } from "vscode-languageserver/node.js";
import type { FileKind } from "./core.js";

/** One file of the host, as the server knows it: an open buffer's text, or what the last lint read from disk. */
export interface FeatureFile {
  readonly uri: string;
  readonly path: string | undefined;
  readonly kind: FileKind | undefined;
  readonly text: string;
}

/** What a feature is asked about: the document, and every other file of its host (for cross-file answers). */
export interface FeatureContext {
  readonly document: FeatureFile;
  readonly host: readonly FeatureFile[];
}

export function hover(_ctx: FeatureContext, _position: Position): Hover | null {
  return null;
}

export function completion(_ctx: FeatureContext, _position: Position): CompletionItem[] {
  return [];
}

export function documentSymbols(_ctx: FeatureContext): DocumentSymbol[] {
  return [];
}

export function definition(_ctx: FeatureContext, _position: Position): Location[] {
  return [];
}

export function references(_ctx: FeatureContext, _position: Position, _includeDeclaration: boolean): Location[] {
  return [];
}

/** The edits that format a jail.conf; null when it cannot be formatted (it does not parse). */
export function formatJailConf(_text: string, _options: FormattingOptions): TextEdit[] | null {
  return null;
}
