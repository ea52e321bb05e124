import type { Severity } from "@jaillint/rules";
import { type FormatInput, Positions } from "./format-input.js";
import { terminalSafe } from "./terminal-safe.js";

/** task.logissue knows two types: an info finding is a warning there. */
const TYPE: Record<Severity, "error" | "warning"> = { error: "error", warning: "warning", info: "warning" };

/**
 * The logging-command escapes of Azure's task library (azure-pipelines-task-lib, node/taskcommand.ts): data
 * escapes `%` (as `%AZP25`, which the agent decodes last, so no other escape can be forged from a `%`), CR and LF;
 * a property value also `]` (which would end the command) and `;` (which would start another property).
 */
const escapeData = (s: string): string => s.replace(/%/g, "%AZP25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string): string => escapeData(s).replace(/]/g, "%5D").replace(/;/g, "%3B");

/**
 * `--format azure`: Azure Pipelines logging commands, one `##vso[task.logissue …]` line per finding, which the
 * agent turns into errors and warnings on the run's summary and in the log. The agent reads a command from the
 * first `##vso[` in a line to the first `]` after it, and takes the rest of the line as its message: every line
 * here starts with its command, no property holds a `]`, and no message holds a line break, so no text from a
 * configuration file can start a command of its own. What the escapes leave of control characters is made
 * visible, as in the other line formats.
 */
export function formatAzure(input: FormatInput): string {
  const pos = new Positions(input.texts);
  return input.diagnostics
    .map((d) => {
      const { start } = pos.range(d.file, d.range);
      const props = [
        `type=${TYPE[d.severity]}`,
        `sourcepath=${escapeProperty(d.file)}`,
        `linenumber=${start.line}`,
        `columnnumber=${start.column}`,
        `code=${escapeProperty(d.code)}`,
      ];
      return `${terminalSafe(`##vso[task.logissue ${props.join(";")};]${escapeData(`${d.message} [${d.code} ${d.rule}]`)}`)}\n`;
    })
    .join("");
}
