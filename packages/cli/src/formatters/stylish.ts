import type { Diagnostic, Severity } from "@jaillint/rules";
import pc from "picocolors";
import { type FormatInput, Positions } from "./format-input.js";
import { terminalSafe } from "./terminal-safe.js";

const MAX_CARET_LINE = 160;

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
    const idx = pos.index(file);
    for (const d of diags) {
      const { start, end } = pos.range(file, d.range);
      const sev = sevColor[d.severity](d.severity.padEnd(7));
      const fixable = d.fix ? c.dim(d.fix.safety === "safe" ? " [fixable]" : " [fix available: unsafe]") : "";
      out.push(
        `  ${c.dim(`${start.line}:${start.column}`.padEnd(7))} ${sev} ${terminalSafe(d.message)}  ${c.dim(`${d.code} ${d.rule}`)}${fixable}`,
      );
      const line = terminalSafe(idx.lineText(start.line));
      if (line.length <= MAX_CARET_LINE) {
        const gutter = String(start.line);
        const width = end.line === start.line ? Math.max(1, end.column - start.column) : Math.max(1, line.length - start.column + 1);
        const lead = line.slice(0, start.column - 1).replace(/[^\t]/g, " ");
        out.push(c.dim(`  ${gutter} | `) + line);
        out.push(c.dim(`  ${" ".repeat(gutter.length)} | `) + lead + sevColor[d.severity]("^".repeat(width)));
      }
      for (const r of d.related ?? []) {
        const at = pos.range(r.file, r.range).start;
        out.push(c.dim(`          = ${terminalSafe(r.file)}:${at.line}:${at.column}: ${terminalSafe(r.message)}`));
      }
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
