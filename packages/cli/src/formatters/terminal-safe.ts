/**
 * A linted file is untrusted text: its control characters (an ESC starting a terminal escape sequence, say)
 * must not reach the terminal. Each becomes its one-column Unicode control picture (ESC → ␛), so carets stay
 * aligned; a tab stays a tab.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? "\u2421" : "\ufffd";
  });
}
