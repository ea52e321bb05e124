/** C0 and C1 control characters other than tab (line breaks included), and DEL. */
export function isControlChar(code: number): boolean {
  return (code < 0x20 && code !== 0x09) || (code >= 0x7f && code <= 0x9f);
}

/**
 * Characters that act instead of showing: C0/C1 controls (an ESC starting a terminal escape sequence, a CSI
 * U+009B), the bidirectional formatting characters that reorder what follows (U+202A–U+202E embeddings and
 * overrides, U+2066–U+2069 isolates, U+200E/U+200F/U+061C marks: "Trojan Source", CVE-2021-42574), the
 * invisible zero-width characters, U+2028/U+2029 (line breaks to some editors), a byte-order mark, and lone
 * surrogates (unprintable halves of a character).
 */
export function isUnsafeChar(code: number): boolean {
  return (
    isControlChar(code) ||
    code === 0x061c ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2069) ||
    code === 0xfeff ||
    (code >= 0xd800 && code <= 0xdfff)
  );
}

/** The visible form of an unsafe character: `\n`, `\r`, `\x1b` below U+0080, else `\u{202e}`. */
export function visibleEscape(code: number): string {
  if (code === 0x0a) return "\\n";
  if (code === 0x0d) return "\\r";
  const hex = code.toString(16);
  return code < 0x80 ? `\\x${hex.padStart(2, "0")}` : `\\u{${hex}}`;
}

/**
 * `text` with each unsafe character at or above `minCode` replaced by `shown(code)`; a surrogate pair is one
 * character, and safe.
 */
export function replaceUnsafe(text: string, shown: (code: number) => string, minCode = 0): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (code < minCode || !isUnsafeChar(code)) continue;
    out += text.slice(from, i) + shown(code);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * A linted file is untrusted text, and so is every message that quotes it: its control characters and bidi
 * overrides must not reach a terminal (or a pull-request page). Each becomes a visible escape (`\x1b`,
 * `\u{202e}`); a tab stays a tab.
 */
export function terminalSafe(text: string): string {
  return replaceUnsafe(text, visibleEscape);
}

/**
 * JSON output (json, sarif): JSON.stringify already escapes C0 controls; this escapes the rest of the unsafe
 * characters (C1, bidi, zero-width, U+2028/U+2029) as `\uXXXX`, which every JSON reader decodes back, so
 * `cat report.json` cannot reorder or recolour a terminal. Only string contents can hold them.
 */
export function jsonSafe(json: string): string {
  // Below U+007F only the layout's own line breaks are left: JSON.stringify escaped the rest.
  return replaceUnsafe(json, (code) => `\\u${code.toString(16).padStart(4, "0")}`, 0x7f);
}
