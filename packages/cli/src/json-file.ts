import { readFileSync } from "node:fs";
import { describeIoError } from "./disk-host.js";

/**
 * Reads and parses a JSON file the user wrote or keeps (configuration, baseline). A failure is one phrase:
 * the I/O problem, or `LINE:COL: invalid JSON: …` with the position Node only gives as an offset.
 */
export function readJsonFile(path: string): { ok: true; json: unknown } | { ok: false; error: string } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, error: code === "ENOENT" ? "no such file" : describeIoError(e).detail };
  }
  // Editors on some systems save a byte-order mark; JSON.parse refuses it.
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch (e) {
    const message = (e as Error).message;
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : /end of JSON input/.test(message) ? text.length : undefined;
    const what = message
      .replace(/\s*\(line \d+ column \d+\)/, "")
      .replace(/\s*in JSON at position \d+/, "")
      .replace(/^Unexpected end of JSON input$/, "unexpected end of input");
    if (offset === undefined) return { ok: false, error: `invalid JSON: ${what}` };
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - (before.lastIndexOf("\n") + 1) + 1;
    return { ok: false, error: `${line}:${column}: invalid JSON: ${what}` };
  }
}
