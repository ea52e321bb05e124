// Stand-ins for the editor features (packages/lsp/src/features/index.ts, written alongside): hover, completion,
// document symbols, definition, references and the jail.conf formatter, with the names and arguments of that
// module. The lint worker calls these (lint-worker.ts: the host model lives there); once the real module is merged,
// lint-worker.ts imports "./features/index.js" instead of this file, and this file goes.
// TODO(lsp-features): delete this file when features/index.ts lands.
import type {
  CompletionItem,
  DocumentSymbol,
  FormattingOptions,
  Hover,
  Location,
  Position,
  Range,
  TextEdit,
} from "vscode-languageserver/node.js";
import type { FreeBsdVersion, HostModel } from "./core.js";

/**
 * What every host-wide feature is given: the host model, and how to turn a file the model names (the `file` of its
 * parsed files and of every range it hands out) into the editor's URI.
 */
export interface FeatureContext {
  readonly model: HostModel;
  readonly uriOf: (file: string) => string;
}

export function hover(_ctx: FeatureContext, _file: string, _position: Position): Hover | null {
  return null;
}

export function completion(_ctx: FeatureContext, _file: string, _position: Position): CompletionItem[] {
  return [];
}

export function documentSymbols(_ctx: FeatureContext, _file: string): DocumentSymbol[] {
  return [];
}

export function definition(_ctx: FeatureContext, _file: string, _position: Position): Location[] {
  return [];
}

export function references(_ctx: FeatureContext, _file: string, _position: Position, _includeDeclaration: boolean): Location[] {
  return [];
}

export interface JailFormattingOptions extends Pick<FormattingOptions, "tabSize" | "insertSpaces"> {
  readonly freebsd?: FreeBsdVersion;
}

/** The edits that format a jail.conf, or why it is left alone (a syntax error, with where it is). */
export type JailFormattingResult =
  | { readonly ok: true; readonly edits: TextEdit[] }
  | { readonly ok: false; readonly message: string; readonly range: Range };

export function formatJailConfDocument(_text: string, _options: JailFormattingOptions): JailFormattingResult {
  return { ok: true, edits: [] };
}
