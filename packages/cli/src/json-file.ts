import { readFileSync } from "node:fs";
import { parseJsonText } from "@jaillint/rules";
import { describeIoError } from "./disk-host.js";

/**
 * Reads and parses a JSON file the user wrote or keeps (baseline). A failure is one phrase: the I/O problem,
 * or `LINE:COL: invalid JSON: …` (parseJsonText).
 */
export function readJsonFile(path: string): { ok: true; json: unknown } | { ok: false; error: string } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    return { ok: false, error: readError(e) };
  }
  return parseJsonText(text);
}

/** A JSON file's read failure as one phrase. */
export function readError(e: unknown): string {
  return (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : describeIoError(e).detail;
}
