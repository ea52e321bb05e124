import type { Severity } from "@jaillint/rules";
import { type FormatInput, Positions } from "./format-input.js";
import { terminalSafe } from "./terminal-safe.js";

/** gcc's own words for the three severities, so editors' error parsers (Vim's, Emacs' compile mode) know them. */
const GCC_SEVERITY: Record<Severity, string> = { error: "error", warning: "warning", info: "note" };

/** `--format gcc`: `file:line:col: severity: message [code]`, one finding per line, for editors and grep. */
export function formatGcc(input: FormatInput): string {
  const pos = new Positions(input.texts);
  return input.diagnostics
    .map((d) => {
      const { start } = pos.range(d.file, d.range);
      // One line per finding: a line break, an escape sequence or a bidi override in a path or message is shown.
      return `${terminalSafe(`${d.file}:${start.line}:${start.column}: ${GCC_SEVERITY[d.severity]}: ${d.message} [${d.code}]`)}\n`;
    })
    .join("");
}
