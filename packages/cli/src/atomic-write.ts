import {
  closeSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";

export type WriteOutcome = "written" | "changed-on-disk" | "read-only";

/**
 * Replaces a file's content the way editors do: write a temporary file beside it with the same mode (and, when
 * allowed, owner), then rename it over the original, so a crash leaves the old or the new file and never half
 * of one. A symbolic link is followed: the file it points to is replaced and the link stays. The file is left
 * alone when its content is no longer `expected` (someone edited it while jaillint was linting) or when it is
 * read-only (no write bit at all: its owner marked it not to be changed, and rename would not ask).
 */
export function writeFileAtomic(path: string, text: string, expected: string): WriteOutcome {
  const target = realpathSync(path);
  const st = statSync(target);
  if ((st.mode & 0o222) === 0) return "read-only";
  if (readFileSync(target, "utf8") !== expected) return "changed-on-disk";
  const temp = join(dirname(target), `.${basename(target)}.jaillint-${process.pid}-${Date.now().toString(36)}.tmp`);
  const fd = openSync(temp, "wx", 0o600);
  try {
    try {
      // openSync's mode passes through the umask; fchmod sets it exactly.
      fchmodSync(fd, st.mode & 0o7777);
      try {
        fchownSync(fd, st.uid, st.gid);
      } catch {
        // Only root may give a file away; anyone else keeps their own files' owner anyway.
      }
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // The check right before the rename keeps the window for a lost concurrent edit as small as it can be.
    if (readFileSync(target, "utf8") !== expected) {
      unlinkSync(temp);
      return "changed-on-disk";
    }
    renameSync(temp, target);
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
