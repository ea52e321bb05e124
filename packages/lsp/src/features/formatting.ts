import { type FreeBsdVersion, formatJailConf, LineIndex } from "@jaillint/parser";
import type { FormattingOptions, Range, TextEdit } from "vscode-languageserver-types";
import { toRange } from "./context.js";

/** The editor's formatting options, and jail.conf's own. */
export interface JailFormattingOptions extends Pick<FormattingOptions, "tabSize" | "insertSpaces"> {
  /** Line up `=` of consecutive parameters. */
  readonly alignEquals?: boolean;
  /** A list of values longer than this goes one value per line (default 100). */
  readonly lineWidth?: number;
  readonly freebsd?: FreeBsdVersion;
}

/** The edits that format a document, or why it is left alone (a syntax error, with where it is). */
export type JailFormattingResult =
  | { readonly ok: true; readonly edits: TextEdit[] }
  | { readonly ok: false; readonly message: string; readonly range: Range };

/**
 * Formats a jail.conf document (formatJailConf in @jaillint/parser) and returns the change as one edit covering
 * only the lines that differ, so the editor keeps the cursor and folds elsewhere; [] when it is already formatted.
 */
export function formatJailConfDocument(text: string, options: JailFormattingOptions): JailFormattingResult {
  const r = formatJailConf(text, {
    indent: options.insertSpaces ? Math.max(1, options.tabSize) : "\t",
    ...(options.alignEquals !== undefined ? { alignEquals: options.alignEquals } : {}),
    ...(options.lineWidth !== undefined ? { lineWidth: options.lineWidth } : {}),
    ...(options.freebsd !== undefined ? { freebsd: options.freebsd } : {}),
  });
  const idx = new LineIndex(text);
  if (!r.ok) return { ok: false, message: r.message, range: toRange(idx, r.range) };
  if (r.text === text) return { ok: true, edits: [] };
  // Whole lines in common at both ends stay; the edit replaces the lines between.
  const lines = (s: string): string[] => s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const a = lines(text);
  const b = lines(r.text);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const length = (l: readonly string[]): number => l.reduce((n, x) => n + x.length, 0);
  const start = length(a.slice(0, head));
  const end = text.length - length(a.slice(a.length - tail));
  const newText = b.slice(head, b.length - tail).join("");
  return { ok: true, edits: [{ range: toRange(idx, { start, end }), newText }] };
}
