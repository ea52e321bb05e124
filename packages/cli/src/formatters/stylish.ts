import { codePointCount } from "@jaillint/parser";
import type { Diagnostic, Severity } from "@jaillint/rules";
import pc from "picocolors";
import { type FormatInput, Positions } from "./format-input.js";
import { terminalSafe } from "./terminal-safe.js";

const MAX_CARET_LINE = 160;

/** Characters, not UTF-16 units: what a terminal advances over (an emoji is one, a `\u{202e}` escape eight). */
const width = (s: string): number => codePointCount(s);

/**
 * Everything of one finding that is shown, made terminal-safe in this one place: the message, the related
 * locations and the source line quote config text. The caret is measured on the escaped line, so it stays
 * under the range when an escape is wider than the character it shows.
 */
function display(pos: Positions, d: Diagnostic) {
  const { start, end } = pos.range(d.file, d.range);
  const idx = pos.index(d.file);
  const lineStart = idx.lineStart(start.line);
  const raw = idx.lineText(start.line);
  // A line too long to show is not escaped either: a minified or mutated file can have thousands of findings on
  // one line of megabytes, and escaping it once per finding would take minutes.
  if (raw.length > 2 * MAX_CARET_LINE)
    return { at: `${start.line}:${start.column}`, message: terminalSafe(d.message), source: undefined, related: relatedOf(pos, d) };
  const from = Math.max(0, d.range.start - lineStart);
  const to = end.line === start.line ? Math.max(from, Math.min(raw.length, d.range.end - lineStart)) : raw.length;
  const before = terminalSafe(raw.slice(0, from));
  const inside = terminalSafe(raw.slice(from, to));
  const line = before + inside + terminalSafe(raw.slice(to));
  const source =
    width(line) <= MAX_CARET_LINE
      ? { gutter: String(start.line), line, lead: before.replace(/[^\t]/gu, " "), width: Math.max(1, width(inside)) }
      : undefined;
  return { at: `${start.line}:${start.column}`, message: terminalSafe(d.message), source, related: relatedOf(pos, d) };
}

function relatedOf(pos: Positions, d: Diagnostic): string[] {
  return (d.related ?? []).map((r) => {
    const at = pos.range(r.file, r.range).start;
    return terminalSafe(`${r.file}:${at.line}:${at.column}: ${r.message}`);
  });
}

/** `--format stylish` (default): findings grouped by file, each with its source line and a caret. */
export function formatStylish(input: FormatInput): string {
  const c = pc.createColors(input.color);
  const sevColor: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
  const pos = new Positions(input.texts);
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of input.diagnostics) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  const out: string[] = [];
  for (const [file, diags] of byFile) {
    out.push(c.underline(terminalSafe(file)));
    for (const d of diags) {
      const shown = display(pos, d);
      const sev = sevColor[d.severity](d.severity.padEnd(7));
      const fixable = d.fix ? c.dim(d.fix.safety === "safe" ? " [fixable]" : " [fix available: unsafe]") : "";
      out.push(`  ${c.dim(shown.at.padEnd(7))} ${sev} ${shown.message}  ${c.dim(`${d.code} ${d.rule}`)}${fixable}`);
      if (shown.source) {
        out.push(c.dim(`  ${shown.source.gutter} | `) + shown.source.line);
        out.push(
          c.dim(`  ${" ".repeat(shown.source.gutter.length)} | `) +
            shown.source.lead +
            sevColor[d.severity]("^".repeat(shown.source.width)),
        );
      }
      for (const r of shown.related) out.push(c.dim(`          = ${r}`));
    }
    out.push("");
  }
  const count = (s: Severity) => input.diagnostics.filter((d) => d.severity === s).length;
  const [e, w, i] = [count("error"), count("warning"), count("info")];
  const total = e + w + i;
  if (total === 0) return "";
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const fixable = input.diagnostics.filter((d) => d.fix?.safety === "safe").length;
  const summary = `${e > 0 ? "✖" : "⚠"} ${plural(total, "problem")} (${plural(e, "error")}, ${plural(w, "warning")}, ${i} info)`;
  out.push((e > 0 ? c.red : c.yellow)(c.bold(summary)));
  if (fixable > 0) out.push(c.dim(`  ${fixable} fixable with --fix`));
  out.push(c.dim("  Run `jaillint explain CODE` for what a rule checks and how to fix it."));
  return `${out.join("\n")}\n`;
}
