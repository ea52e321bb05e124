import type { Diagnostic } from "@jaillint/rules";
import { type FormatInput, Positions } from "./format-input.js";
import { replaceUnsafe, visibleEscape } from "./terminal-safe.js";

/**
 * An attribute value. C1 controls and bidi or zero-width characters become character references, which readers
 * decode back; XML 1.0 cannot carry C0 controls or lone surrogates even as references, and readers turn a line
 * break in an attribute into a blank, so those are shown as visible escapes (`\x1b`, `\n`).
 */
export const escapeXml = (s: string): string =>
  replaceUnsafe(
    s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;"),
    (code) => (code < 0x7f || (code >= 0xd800 && code <= 0xdfff) ? visibleEscape(code) : `&#x${code.toString(16)};`),
  );

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
