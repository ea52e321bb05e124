import type { Diagnostic } from "@jaillint/rules";
import { type FormatInput, Positions } from "./format-input.js";

const escapeXml = (s: string): string =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    // XML 1.0 cannot carry most control characters, even escaped.
    .replace(/[\s\S]/g, (ch) => (ch.charCodeAt(0) < 0x20 && ch !== "\t" && ch !== "\n" && ch !== "\r" ? "" : ch));

/** `--format checkstyle`: Checkstyle's XML report, read by Jenkins' warnings plugin, reviewdog and others. */
export function formatCheckstyle(input: FormatInput): string {
  const pos = new Positions(input.texts);
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of input.diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const out = ['<?xml version="1.0" encoding="utf-8"?>', '<checkstyle version="4.3">'];
  for (const [file, diags] of byFile) {
    out.push(`  <file name="${escapeXml(file)}">`);
    for (const d of diags) {
      const { start } = pos.range(file, d.range);
      out.push(
        `    <error line="${start.line}" column="${start.column}" severity="${d.severity}" message="${escapeXml(`${d.message} [${d.code}]`)}" source="jaillint.${d.code}.${d.rule}"/>`,
      );
    }
    out.push("  </file>");
  }
  out.push("</checkstyle>");
  return `${out.join("\n")}\n`;
}
