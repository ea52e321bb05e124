import type { Severity } from "@jaillint/rules";
import { type FormatInput, Positions } from "./format-input.js";
import { terminalSafe } from "./terminal-safe.js";

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

/** The workflow-command escapes: data escapes %, CR and LF; property values also `:` and `,`. */
const escapeData = (s: string): string => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** `--format github`: GitHub Actions workflow commands, shown as annotations on the changed lines of a pull request. */
export function formatGithub(input: FormatInput): string {
  const pos = new Positions(input.texts);
  return input.diagnostics
    .map((d) => {
      const { start, end } = pos.range(d.file, d.range);
      const props = [
        `file=${escapeProperty(d.file)}`,
        `line=${start.line}`,
        `col=${start.column}`,
        `endLine=${end.line}`,
        `endColumn=${end.column}`,
        `title=${escapeProperty(`${d.code} ${d.rule}`)}`,
      ];
      // The runner's log and the annotations render ANSI escapes: what the command escapes left is made visible.
      return `${terminalSafe(`::${COMMAND[d.severity]} ${props.join(",")}::${escapeData(`${d.message} [${d.code}]`)}`)}\n`;
    })
    .join("");
}
