import { createHash } from "node:crypto";
import { fingerprints, type Severity } from "@jaillint/rules";
import { type FormatInput, Positions } from "./format-input.js";
import { jsonSafe } from "./terminal-safe.js";

/**
 * GitLab's scale is info, minor, major, critical, blocker. An error is `major` (it sorts above every warning in
 * the merge request widget); `critical` and `blocker` are left for tools that weigh impact, which jaillint's
 * severities do not.
 */
const SEVERITY: Record<Severity, "info" | "minor" | "major"> = { error: "major", warning: "minor", info: "info" };

/**
 * `--format gitlab`: a GitLab Code Quality report (`artifacts: reports: codequality:`), a JSON array of Code
 * Climate issues with the fields GitLab reads: description, check_name, fingerprint, severity, location.path and
 * location.lines.begin (and `type` and `categories`, which the Code Climate spec requires, so the file is a valid
 * Code Climate report too).
 *
 * GitLab keys findings by fingerprint: two equal fingerprints are one finding, and the merge request widget calls
 * a finding new or resolved by comparing the fingerprints of the two branches. So the fingerprint is a SHA-256
 * (first 32 hex digits) of the path and the baseline's fingerprint (`--baseline`, SARIF's partialFingerprints):
 * the rule's code, the message, the flagged text and the whole lines it is on (whitespace collapsed, line numbers
 * left out), and the occurrence among equal findings in the file. It is the same on every run over the same text,
 * survives lines added or removed above the finding and edits elsewhere in the file, and changes when the finding
 * itself does (another message, another flagged text) or the file is renamed.
 */
export function formatGitlab(input: FormatInput): string {
  const pos = new Positions(input.texts);
  const fps = fingerprints(input.diagnostics, input.texts);
  const issues = input.diagnostics.map((d, i) => {
    const { start, end } = pos.range(d.file, d.range);
    return {
      description: d.message,
      check_name: `${d.code} ${d.rule}`,
      fingerprint: createHash("sha256")
        .update(`jaillint\0${d.file}\0${fps[i] as string}`)
        .digest("hex")
        .slice(0, 32),
      severity: SEVERITY[d.severity],
      location: { path: d.file, lines: { begin: start.line, end: end.line } },
      type: "issue",
      categories: ["Security"],
    };
  });
  return `${jsonSafe(JSON.stringify(issues, null, 2))}\n`;
}
