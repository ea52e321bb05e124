import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export type WriteOutcome = "written" | "changed-on-disk";

/**
 * Replaces a file's content the way editors do: write a temporary file beside it with the same mode, then
 * rename it over the original, so a crash leaves the old or the new file and never half of one. The file is
 * left alone when its content is no longer `expected` (someone edited it while jaillint was linting).
 */
export function writeFileAtomic(path: string, text: string, expected: string): WriteOutcome {
  const mode = statSync(path).mode & 0o7777;
  if (readFileSync(path, "utf8") !== expected) return "changed-on-disk";
  const temp = join(dirname(path), `.${basename(path)}.jaillint-${process.pid}-${Date.now().toString(36)}.tmp`);
  const fd = openSync(temp, "wx", mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    // The check right before the rename keeps the window for a lost concurrent edit as small as it can be.
    if (readFileSync(path, "utf8") !== expected) {
      unlinkSync(temp);
      return "changed-on-disk";
    }
    renameSync(temp, path);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw e;
  }
  return "written";
}
