import type { Diagnostic, Severity } from "@jaillint/rules";
import { escapeXml } from "./checkstyle.js";
import { type FormatInput, Positions } from "./format-input.js";

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * `--format junit`: a JUnit XML report (GitLab's `artifacts: reports: junit:`, Jenkins' junit step, Azure's
 * PublishTestResults), valid against the Jenkins/Surefire JUnit schema. Each linted file is a testsuite; each
 * rule with findings in it is one testcase, named `JLxxx rule-name`, whose one `<failure>` lists every finding
 * of that rule in that file, one `file:line:col: severity: message` line each (its `type` is the worst severity,
 * its `message` the first finding and how many there are). A file with no findings has one passing testcase,
 * `jaillint`, so a clean run still counts its files. Every shown finding fails its testcase, info ones too; the
 * exit status still follows --severity.
 */
export function formatJunit(input: FormatInput): string {
  const pos = new Positions(input.texts);
  const byFile = new Map<string, Map<string, Diagnostic[]>>();
  for (const file of [...input.texts.keys()].sort()) byFile.set(file, new Map());
  for (const d of input.diagnostics) {
    let rules = byFile.get(d.file);
    if (!rules) {
      rules = new Map();
      byFile.set(d.file, rules);
    }
    const key = `${d.code} ${d.rule}`;
    rules.set(key, [...(rules.get(key) ?? []), d]);
  }
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const [file, rules] of byFile) {
    const name = escapeXml(file);
    const cases = [...rules.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const suiteTests = Math.max(cases.length, 1);
    tests += suiteTests;
    failures += cases.length;
    const body =
      cases.length === 0
        ? [`    <testcase classname="${name}" name="jaillint"/>`]
        : cases.flatMap(([rule, diags]) => {
            const worst = diags.reduce((w, d) => (RANK[d.severity] > RANK[w] ? d.severity : w), "info" as Severity);
            const first = diags[0] as Diagnostic;
            const summary = diags.length === 1 ? first.message : `${first.message} (and ${diags.length - 1} more)`;
            const lines = diags.map((d) => {
              const { start } = pos.range(file, d.range);
              return escapeXml(`${file}:${start.line}:${start.column}: ${d.severity}: ${d.message}`);
            });
            return [
              `    <testcase classname="${name}" name="${escapeXml(rule)}">`,
              `      <failure type="${worst}" message="${escapeXml(summary)}">${lines.join("\n")}</failure>`,
              "    </testcase>",
            ];
          });
    suites.push(
      `  <testsuite name="${name}" tests="${suiteTests}" failures="${cases.length}" errors="0" skipped="0" file="${name}">`,
      ...body,
      "  </testsuite>",
    );
  }
  return `${[
    '<?xml version="1.0" encoding="utf-8"?>',
    `<testsuites name="jaillint" tests="${tests}" failures="${failures}" errors="0">`,
    ...suites,
    "</testsuites>",
  ].join("\n")}\n`;
}
