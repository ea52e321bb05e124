/** C0 and C1 control characters other than tab (line breaks included), and DEL. */
export function isControlChar(code: number): boolean {
  return (code < 0x20 && code !== 0x09) || (code >= 0x7f && code <= 0x9f);
}

/**
 * A linted file is untrusted text: its control characters (an ESC starting a terminal escape sequence, say)
 * must not reach the terminal. Each becomes its one-column Unicode control picture (ESC → ␛), so carets stay
 * aligned; a tab stays a tab.
 */
export function terminalSafe(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControlChar(code)) out += text[i];
    else if (code < 0x20) out += String.fromCharCode(0x2400 + code);
    else out += code === 0x7f ? "\u2421" : "\ufffd";
  }
  return out;
}
