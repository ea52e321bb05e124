import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { type Diagnostic, exampleText, fingerprints, RULES, type Rule, type Severity } from "@jaillint/rules";
import { fixLabel } from "../explain.js";
import { REPOSITORY_URL, ruleHelpUri, VERSION } from "../version.js";
import { type FormatInput, Positions } from "./format-input.js";
import { jsonSafe } from "./terminal-safe.js";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

/** The first sentence, for shortDescription. */
function firstSentence(s: string): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(s);
  return (m?.[1] ?? s).trim();
}

function ruleHelpMarkdown(rule: Rule): string {
  const fence = rule.docs.example.kind === "pf" ? "pf" : "sh";
  return [
    `**${rule.code} ${rule.name}** (${rule.severity}${fixLabel(rule, ", ")})`,
    "",
    "## What it finds",
    rule.docs.what,
    "",
    "## Why it matters",
    rule.docs.why,
    "",
    "## Example",
    `\`\`\`${fence}`,
    exampleText(rule.docs.example.bad),
    "```",
    "",
    "Fixed:",
    "",
    `\`\`\`${fence}`,
    exampleText(rule.docs.example.good),
    "```",
    "",
    "## Fix",
    rule.docs.fix,
  ].join("\n");
}

function sarifRule(rule: Rule) {
  return {
    id: rule.code,
    name: rule.name,
    shortDescription: { text: firstSentence(rule.docs.what) },
    fullDescription: { text: rule.docs.what },
    help: { text: `${rule.docs.what}\n\nWhy it matters: ${rule.docs.why}\n\nFix: ${rule.docs.fix}`, markdown: ruleHelpMarkdown(rule) },
    helpUri: ruleHelpUri(rule.code),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ["security", "freebsd", "jail"] },
  };
}

/** A file as SARIF wants it: relative to %SRCROOT% (the working directory) when below it, else a file: URI. */
function artifactLocation(file: string) {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split("/").map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
}

/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning. Every rule is listed (so ruleIndex is stable), results
 * point at files relative to the repository root, and partialFingerprints reuse the baseline's fingerprint so
 * code scanning tracks a finding across line moves.
 */
export function formatSarif(input: FormatInput): string {
  const pos = new Positions(input.texts);
  const ruleIndex = new Map(RULES.map((r, i) => [r.code, i]));
  const fps = fingerprints(input.diagnostics, input.texts);
  const region = (file: string, range: { start: number; end: number }) => {
    const { start, end } = pos.range(file, range, "utf16");
    return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
  };
  const results = input.diagnostics.map((d: Diagnostic, i) => ({
    ruleId: d.code,
    ruleIndex: ruleIndex.get(d.code) ?? -1,
    level: LEVEL[d.severity],
    message: { text: d.message },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(d.file), region: region(d.file, d.range) } }],
    partialFingerprints: { "jaillintFingerprint/v1": fps[i] as string },
    ...(d.related && d.related.length > 0
      ? {
          relatedLocations: d.related.map((r, id) => ({
            id,
            message: { text: r.message },
            physicalLocation: { artifactLocation: artifactLocation(r.file), region: region(r.file, r.range) },
          })),
        }
      : {}),
    ...(d.fix
      ? {
          fixes: [
            {
              description: { text: `${d.fix.description} (${d.fix.safety})` },
              artifactChanges: [
                {
                  artifactLocation: artifactLocation(d.file),
                  replacements: d.fix.edits.map((e) => ({ deletedRegion: region(d.file, e), insertedContent: { text: e.newText } })),
                },
              ],
            },
          ],
        }
      : {}),
  }));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "jaillint",
            informationUri: REPOSITORY_URL,
            version: VERSION,
            semanticVersion: VERSION,
            rules: RULES.map(sarifRule),
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(input.cwd.endsWith("/") ? input.cwd : `${input.cwd}/`).href } },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return `${jsonSafe(JSON.stringify(log, null, 2))}\n`;
}
