import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { LineIndex } from "@jaillint/parser";
import { applyFixes, type Diagnostic } from "@jaillint/rules";
import { expect } from "vitest";

/**
 * Compares text with a checked-in golden file. `UPDATE_GOLDEN=1 pnpm test` rewrites them; review the diff
 * before committing. A missing golden file is written and the test fails, so a new case is never green
 * before someone has read its output.
 */
export function expectGolden(path: string, actual: string): void {
  const update = process.env.UPDATE_GOLDEN === "1";
  if (update || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    if (!update) throw new Error(`golden file ${path} was missing and has been written: review it and run again`);
    return;
  }
  expect(actual, `golden ${path} differs (UPDATE_GOLDEN=1 to accept)`).toBe(readFileSync(path, "utf8"));
}

/** Line:column of a range, for goldens and tests. */
export function at(text: string, range: { start: number; end: number }): string {
  const idx = new LineIndex(text);
  const s = idx.position(range.start);
  const e = idx.position(range.end);
  return `${s.line}:${s.column}-${e.line}:${e.column}`;
}

/** Diagnostics the way Ruff snapshots them: code, place, message, the source line with a caret, the fix as a diff. */
export function renderDiagnostics(
  diags: readonly Diagnostic[],
  texts: ReadonlyMap<string, string>,
  displayName: (file: string) => string = (f) => f,
): string {
  const out: string[] = [];
  for (const d of diags) {
    const text = texts.get(d.file) ?? "";
    const idx = new LineIndex(text);
    const s = idx.position(d.range.start);
    const e = idx.position(d.range.end);
    out.push(`${d.code} ${d.rule} (${d.severity}) ${displayName(d.file)}:${s.line}:${s.column}-${e.line}:${e.column}`);
    out.push(`  ${d.message}`);
    const line = idx.lineText(s.line);
    const width = e.line === s.line ? Math.max(1, e.column - s.column) : Math.max(1, line.length - s.column + 1);
    out.push(`  ${String(s.line).padStart(3)} | ${line}`);
    out.push(`      | ${" ".repeat(s.column - 1)}${"^".repeat(width)}`);
    for (const r of d.related ?? []) out.push(`  related: ${displayName(r.file)}:${at(texts.get(r.file) ?? "", r.range)} ${r.message}`);
    if (d.fix) {
      out.push(`  fix (${d.fix.safety}): ${d.fix.description}`);
      out.push(...lineDiff(text, applyFixes(text, [d.fix]).text).map((l) => `  ${l}`));
    }
    out.push("");
  }
  return out.join("\n");
}

/** The changed lines of a one-hunk edit, as `-`/`+` lines. */
export function lineDiff(before: string, after: string): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return [
    `@@ line ${head + 1} @@`,
    ...a.slice(head, a.length - tail).map((l) => `-${l}`),
    ...b.slice(head, b.length - tail).map((l) => `+${l}`),
  ];
}
