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

/** The indentation of the line an offset is on. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "";
}
