import {
  closeSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";

export type WriteOutcome = "written" | "changed-on-disk" | "read-only";

/** A temporary file older than this is stale whatever its process id says (ids are reused). */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/** Our temporary files for one target: `.NAME.jaillint-PID-TIME.tmp`, beside it. */
function tempPattern(name: string): RegExp {
  return new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.jaillint-(\\d+)-[0-9a-z]+\\.tmp$`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it is someone else's.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the temporary files a killed jaillint left beside `target` (kill -9 runs no cleanup): ours by name,
 * regular files, owned by whoever runs this, and either of a process that no longer exists or older than
 * STALE_TEMP_MS. A live jaillint's temporary file is left alone. Returns the names removed.
 */
export function removeStaleTemps(target: string, now: number = Date.now()): string[] {
  const dir = dirname(target);
  const pattern = tempPattern(basename(target));
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (!st.isFile() || (uid !== undefined && uid !== 0 && st.uid !== uid)) continue;
      if (pid === process.pid || (processAlive(pid) && now - st.mtimeMs < STALE_TEMP_MS)) continue;
      unlinkSync(path);
      removed.push(name);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

/** The whole content of an open file, read from its start. */
function readFd(fd: number): Buffer {
  const chunks: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const chunk = Buffer.alloc(64 * 1024);
    const n = readSync(fd, chunk, 0, chunk.length, pos);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    pos += n;
  }
  return Buffer.concat(chunks);
}

type Identity = { dev: bigint; ino: bigint; size: bigint; mtimeNs: bigint };

const sameIdentity = (a: Identity, b: Identity): boolean =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;

/** Writes `content` to a new temporary file beside `target` with the given mode and owner; returns its path. */
function writeTemp(target: string, content: Buffer, st: { mode: number; uid: number; gid: number }): string {
  const temp = join(dirname(target), `.${basename(target)}.jaillint-${process.pid}-${Date.now().toString(36)}.tmp`);
  const fd = openSync(temp, "wx", 0o600);
  try {
    // openSync's mode passes through the umask; fchmod sets it exactly.
    fchmodSync(fd, st.mode & 0o7777);
    try {
      fchownSync(fd, st.uid, st.gid);
    } catch {
      // Only root may give a file away; anyone else keeps their own files' owner anyway.
    }
    writeSync(fd, content);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(temp);
    throw e;
  }
  closeSync(fd);
  return temp;
}

/**
 * Replaces a file's content the way editors do: write a temporary file beside it with the same mode (and, when
 * allowed, owner), then rename it over the original, so a crash leaves the old or the new file and never half
 * of one. A symbolic link is followed: the file it points to is replaced and the link stays. The file is left
 * alone when its content is no longer `expected` (someone edited it while jaillint was linting) or when it is
 * read-only (no write bit at all: its owner marked it not to be changed, and rename would not ask).
 *
 * POSIX has no compare-and-rename, so an edit can still land between the last check and the rename. Right
 * before the rename the file must still be the same inode, size and mtime with the expected bytes; after it,
 * the replaced inode (held open throughout) is read once more: an edit written into it in that window is put
 * back, so it is never lost, and the outcome is "changed-on-disk".
 */
export function writeFileAtomic(path: string, text: string, expected: string, onSaved: (path: string) => void = () => {}): WriteOutcome {
  const target = realpathSync(path);
  removeStaleTemps(target);
  const want = Buffer.from(expected, "utf8");
  const fd = openSync(target, "r");
  try {
    const st = fstatSync(fd, { bigint: true });
    if ((Number(st.mode) & 0o222) === 0) return "read-only";
    if (!readFd(fd).equals(want)) return "changed-on-disk";
    const mode = { mode: Number(st.mode), uid: Number(st.uid), gid: Number(st.gid) };
    const temp = writeTemp(target, Buffer.from(text, "utf8"), mode);
    try {
      // The check right before the rename keeps the window for a lost concurrent edit as small as it can be.
      const now = statSync(target, { bigint: true });
      if (!sameIdentity(now, st) || !readFileSync(target).equals(want)) {
        unlinkSync(temp);
        return "changed-on-disk";
      }
      renameSync(temp, target);
    } catch (e) {
      try {
        unlinkSync(temp);
      } catch {
        // already gone (or renamed)
      }
      throw e;
    }
    // An edit written into the old file after the check (an editor or `>>` still holding it open) is in the
    // inode just replaced: put it back rather than lose it.
    let old = readFd(fd);
    if (old.equals(want)) {
      // A writer that opened it just before the rename writes a moment later: look once more after a pause.
      settle();
      old = readFd(fd);
      if (old.equals(want)) return "written";
    }
    const saved = restore(target, old, Buffer.from(text, "utf8"), mode);
    if (saved) onSaved(saved);
    return "changed-on-disk";
  } finally {
    closeSync(fd);
  }
}

/** How long a writer that opened the file just before the rename is given to finish writing into it. */
const SETTLE_MS = 10;

function settle(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, SETTLE_MS);
}

/**
 * Puts `content` back at `target` when it still holds what jaillint wrote (`ours`). When the file was edited
 * again since, both versions hold someone's edit: `content` is kept beside it, and its name returned.
 */
function restore(target: string, content: Buffer, ours: Buffer, mode: { mode: number; uid: number; gid: number }): string | undefined {
  const temp = writeTemp(target, content, mode);
  if (readFileSync(target).equals(ours)) {
    renameSync(temp, target);
    return undefined;
  }
  const saved = join(dirname(target), `${basename(target)}.jaillint-saved-${process.pid}-${Date.now().toString(36)}`);
  renameSync(temp, saved);
  return saved;
}
