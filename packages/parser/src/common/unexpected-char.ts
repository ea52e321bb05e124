/** Characters that show nothing (or look like a space) when printed: name them by code point instead. */
const INVISIBLE = new Set([0x7f, 0xa0, 0xad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);

/**
 * The message for a character a grammar does not accept. A byte-order mark at the start of the file is the
 * usual one: an editor saved "UTF-8 with BOM", which jail(8) and pfctl reject.
 */
export function unexpectedCharMessage(ch: string, offset: number, advice: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code === 0xfeff && offset === 0) return "byte-order mark at the start of the file: save it as UTF-8 without BOM";
  const shown =
    code < 0x20 || (code >= 0x80 && code < 0xa0) || (code >= 0xd800 && code <= 0xdfff) || INVISIBLE.has(code)
      ? `U+${code.toString(16).toUpperCase().padStart(4, "0")}`
      : `'${ch}'`;
  return `unexpected character ${shown}${advice ? `: ${advice}` : ""}`;
}
