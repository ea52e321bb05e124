import type { Fix } from "@jaillint/rules";
import { type FormatInput, Positions } from "./format-input.js";
import { jsonSafe } from "./terminal-safe.js";

/** `--format json`: the public machine format, version 1. Lines and columns are 1-based. */
export function formatJson(input: FormatInput): string {
  const pos = new Positions(input.texts);
  const fixJson = (file: string, fix: Fix) => ({
    description: fix.description,
    safety: fix.safety,
    edits: fix.edits.map((e) => ({ range: pos.range(file, e), newText: e.newText })),
  });
  const diagnostics = input.diagnostics.map((d) => ({
    code: d.code,
    rule: d.rule,
    severity: d.severity,
    message: d.message,
    file: d.file,
    range: pos.range(d.file, d.range),
    ...(d.fix ? { fix: fixJson(d.file, d.fix) } : {}),
  }));
  return `${jsonSafe(JSON.stringify({ version: 1, diagnostics }, null, 2))}\n`;
}
