import type { Fix, TextEdit } from "./diagnostic.js";

export interface AppliedFixes {
  readonly text: string;
  /** Fixes applied in this pass. */
  readonly applied: number;
  /** Fixes left out because they overlapped an earlier one (apply again after re-linting). */
  readonly skipped: number;
}

/**
 * Applies whole fixes in offset order, ESLint-style: a fix whose edits overlap an already accepted fix is left
 * for the next pass, so each pass is consistent and the caller re-lints between passes. Rules write their new
 * text with `\n`; in a file whose lines all end in CRLF, the line breaks they insert become CRLF too.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): AppliedFixes {
  const sorted = [...fixes].sort((a, b) => firstStart(a) - firstStart(b));
  const crlf = isCrlfText(text);
  const accepted: TextEdit[] = [];
  let applied = 0;
  let skipped = 0;
  for (const fix of sorted) {
    const edits = writtenEdits(fix, crlf);
    const overlaps = edits.some(
      (e) => accepted.some((a) => e.start < a.end && a.start < e.end) || accepted.some((a) => e.start === a.start && e.end === a.end),
    );
    if (overlaps) {
      skipped++;
      continue;
    }
    accepted.push(...edits);
    applied++;
  }
  accepted.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of accepted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return { text: out, applied, skipped };
}

/** Whether every line of `text` ends in CRLF (and some line does). */
export function isCrlfText(text: string): boolean {
  return text.includes("\r\n") && !/(?:^|[^\r])\n/.test(text);
}

/**
 * A fix's edits as they are written into `text`, in offset order: rules write `\n`, which becomes `\r\n` in a file
 * whose lines all end in CRLF, unless the fix converts the line endings itself. What `applyFixes` writes, and what
 * an editor's code action sends.
 */
export function fixEdits(text: string, fix: Fix): TextEdit[] {
  return writtenEdits(fix, isCrlfText(text));
}

function writtenEdits(fix: Fix, crlf: boolean): TextEdit[] {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start);
  if (!crlf || fix.lineBreaks === "as-written") return edits;
  return edits.map((e) => ({ ...e, newText: e.newText.replace(/\r?\n/g, "\r\n") }));
}

function firstStart(f: Fix): number {
  return Math.min(...f.edits.map((e) => e.start));
}
