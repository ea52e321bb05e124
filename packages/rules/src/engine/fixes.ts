import type { ParamStatement } from "@jaillint/parser";
import type { Fix, TextEdit } from "./diagnostic.js";

/** Replaces a whole statement (name through `;`). */
export function replaceStatement(statement: ParamStatement, newText: string, description: string, safety: Fix["safety"] = "safe"): Fix {
  return { description, safety, edits: [{ start: statement.range.start, end: statement.range.end, newText }] };
}

/** Deletes a statement together with its line when it stands alone on it. */
export function removeStatement(text: string, statement: ParamStatement, description: string, safety: Fix["safety"] = "unsafe"): Fix {
  let { start, end } = statement.range;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const nl = text.indexOf("\n", end);
  const lineEnd = nl === -1 ? text.length : nl;
  if (text.slice(lineStart, start).trim() === "" && text.slice(end, lineEnd).trim() === "") {
    start = lineStart;
    end = nl === -1 ? lineEnd : nl + 1;
  } else {
    // Sharing its line: take the blanks after it too, so `a; b; c;` becomes `a; c;`.
    while (end < lineEnd && (text[end] === " " || text[end] === "\t")) end++;
  }
  return { description, safety, edits: [{ start, end, newText: "" } satisfies TextEdit] };
}

/**
 * Converts CRLF line endings to LF: one edit from the first CRLF to the last (a file can hold thousands).
 * A lone CR is left alone: what it was meant to be is not known. Undefined when there is no CRLF.
 */
export function crlfToLf(text: string, description: string): Fix | undefined {
  const first = text.indexOf("\r\n");
  if (first === -1) return undefined;
  const end = text.lastIndexOf("\r\n") + 2;
  return {
    description,
    safety: "safe",
    edits: [{ start: first, end, newText: text.slice(first, end).replace(/\r\n/g, "\n") }],
    lineBreaks: "as-written",
  };
}

/** The indentation of the line an offset is on. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "";
}
