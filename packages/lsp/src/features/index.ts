// The language features of the jaillint language server, as pure functions: each takes the host model (or one
// document's text and AST) and returns LSP-shaped objects (vscode-languageserver-types). Positions are LSP's:
// 0-based lines, UTF-16 characters. Nothing here reads files or talks JSON-RPC.
//
// Wiring: build a HostModel (buildHostModel over the open documents and the disk), wrap it as
// `{ model, uriOf: (file) => uri }` where `file` is the name the model gives a file (the `file` of its parsed files
// and diagnostics), and call the function of each request with the document's `file` and the request's position.
// Rebuild the model when a document changes; the features cache per model object.

/** textDocument/completion: parameter names and values, `$variables`, pf macros/tables/interfaces, jail_list names. */
export { completion } from "./completion.js";
/** The context every host-wide feature takes, the document lookup, and LSP ↔ offset conversions. */
export {
  documentOf,
  type FeatureContext,
  type FeatureDocument,
  type FeatureModel,
  lineIndexOf,
  toOffset,
  toPosition,
  toRange,
} from "./context.js";
/** textDocument/formatting for jail.conf: one edit over the changed lines, or why the file is left alone. */
export { formatJailConfDocument, type JailFormattingOptions, type JailFormattingResult } from "./formatting.js";
/** textDocument/hover: documentation, effective values per jail and their origin, expansions, address holders. */
export { hover } from "./hover.js";
/** textDocument/definition and textDocument/references across jail.conf, rc.conf and pf.conf. */
export { definition, references } from "./navigation.js";
/** A jail(8) parameter's documentation in Markdown (type, meaning, default, deprecation and its replacement). */
export { paramMarkdown } from "./parameter-docs.js";
/** textDocument/documentSymbol: from the model (`documentSymbols`) or from one file's AST and text. */
export { documentSymbols, jailConfSymbols, pfConfSymbols, rcConfSymbols } from "./symbols.js";
