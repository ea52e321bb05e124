// The open documents, kept from didOpen / didChange / didClose. Each notification is checked first: a malformed one
// is refused with a line in the client's log and changes nothing (a handler that threw half-way could leave a
// buffer that no longer matches the editor's).
import { TextDocument, type TextDocumentContentChangeEvent } from "vscode-languageserver-textdocument";

export interface DocumentStore {
  get(uri: string): TextDocument | undefined;
  all(): TextDocument[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isPosition = (v: unknown): boolean =>
  isObject(v) && Number.isInteger(v.line) && Number.isInteger(v.character) && (v.line as number) >= 0 && (v.character as number) >= 0;
export const isRange = (v: unknown): boolean => isObject(v) && isPosition(v.start) && isPosition(v.end);

/** The `textDocument.uri` of a request's params, or undefined when there is none. */
export function uriParam(params: unknown): string | undefined {
  if (!isObject(params) || !isObject(params.textDocument)) return undefined;
  const uri = params.textDocument.uri;
  return typeof uri === "string" ? uri : undefined;
}

export class Documents implements DocumentStore {
  readonly #docs = new Map<string, TextDocument>();

  get(uri: string): TextDocument | undefined {
    return this.#docs.get(uri);
  }

  all(): TextDocument[] {
    return [...this.#docs.values()];
  }

  /** didOpen: the document, or why the notification was refused. */
  open(params: unknown): TextDocument | string {
    if (!isObject(params) || !isObject(params.textDocument)) return "textDocument/didOpen without a textDocument";
    const { uri, languageId, version, text } = params.textDocument;
    if (typeof uri !== "string" || typeof text !== "string" || !Number.isInteger(version))
      return "textDocument/didOpen needs textDocument.uri, .version (an integer) and .text";
    const doc = TextDocument.create(uri, typeof languageId === "string" ? languageId : "", version as number, text);
    this.#docs.set(uri, doc);
    return doc;
  }

  /** didChange: the updated document, or why the notification was refused. */
  change(params: unknown): TextDocument | string {
    if (!isObject(params) || !isObject(params.textDocument) || !Array.isArray(params.contentChanges))
      return "textDocument/didChange needs textDocument and contentChanges";
    const { uri, version } = params.textDocument;
    if (typeof uri !== "string" || !Number.isInteger(version))
      return "textDocument/didChange needs textDocument.uri and .version (an integer)";
    const doc = this.#docs.get(uri);
    if (!doc) return `textDocument/didChange for ${uri}, which is not open`;
    const changes: TextDocumentContentChangeEvent[] = [];
    for (const c of params.contentChanges as unknown[]) {
      if (!isObject(c) || typeof c.text !== "string" || (c.range !== undefined && !isRange(c.range)))
        return "textDocument/didChange: each content change needs a text and, for a part of the document, a range";
      changes.push(c.range === undefined ? { text: c.text } : { text: c.text, range: c.range as never });
    }
    const next = TextDocument.update(doc, changes, version as number);
    this.#docs.set(uri, next);
    return next;
  }

  /** didClose: the URI closed, or why the notification was refused. */
  close(params: unknown): string | { uri: string } {
    const uri = uriParam(params);
    if (uri === undefined) return "textDocument/didClose needs textDocument.uri";
    if (!this.#docs.delete(uri)) return `textDocument/didClose for ${uri}, which is not open`;
    return { uri };
  }
}
