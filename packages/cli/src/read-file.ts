import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { describeIoError } from "./disk-host.js";

/** The default for `--max-file-size`: far above any real jail.conf, rc.conf or pf.conf (the largest seen: ~1 MB). */
export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;

export type ReadRefusal = { ok: false; reason: "missing" | "unreadable"; detail: string };

/** What a non-regular file is, in the words ls(1) and stat(1) use. */
export function fileTypeName(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a file";
}

function notRegular(st: Stats): ReadRefusal | undefined {
  const type = fileTypeName(st);
  if (type === undefined) return undefined;
  return { ok: false, reason: "unreadable", detail: type === "a directory" ? "is a directory" : `not a regular file (${type})` };
}

/** "70 MB" / "512 KB": decimal units, as people read file sizes; the limit itself is shown in MiB. */
export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${Number((bytes / 1e9).toFixed(1))} GB`;
  if (bytes >= 1e6) return `${Number((bytes / 1e6).toFixed(1))} MB`;
  if (bytes >= 1e3) return `${Number((bytes / 1e3).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

export function formatLimit(bytes: number): string {
  for (const [unit, size] of [
    ["GiB", 1024 ** 3],
    ["MiB", 1024 ** 2],
    ["KiB", 1024],
  ] as const)
    if (bytes >= size && Number.isInteger(bytes / size)) return `${bytes / size} ${unit}`;
  return `${bytes} bytes`;
}

const PSEUDO_FILE: ReadRefusal = { ok: false, reason: "unreadable", detail: "not a regular file (a kernel pseudo-file)" };

function tooBig(size: number, limit: number): ReadRefusal {
  return {
    ok: false,
    reason: "unreadable",
    detail: `is ${formatSize(size)}, over the ${formatLimit(limit)} limit (--max-file-size)`,
  };
}

/**
 * The chunks of one read that stops one byte past the limit: what the blocking and the non-blocking reader share.
 * Chunks are sized from fstat's size, plus room to notice a file that grew (or lied about its size).
 */
class BoundedRead {
  readonly #chunks: Buffer[] = [];
  #total = 0;
  constructor(
    private readonly st: Stats,
    private readonly limit: number,
  ) {}

  /** Why the open file is not read at all: not a regular file, or over the limit by its size. */
  static refusal(st: Stats, limit: number): ReadRefusal | undefined {
    return notRegular(st) ?? (st.size > limit ? tooBig(st.size, limit) : undefined);
  }

  /** The buffer for the next read, or undefined once one byte past the limit has been read. */
  next(): Buffer | undefined {
    const size = Math.min(Math.max(this.st.size - this.#total, 0) + 65536, this.limit + 1 - this.#total);
    return size > 0 ? Buffer.allocUnsafe(size) : undefined;
  }

  /** Takes the `n` bytes read into `chunk`; false at the end of the file or past the limit. */
  add(chunk: Buffer, n: number): boolean {
    if (n === 0) return false;
    this.#chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    this.#total += n;
    return this.#total <= this.limit;
  }

  result(): { ok: true; bytes: Buffer } | ReadRefusal {
    if (this.#total > this.limit) return tooBig(this.#total, this.limit);
    // Linux's /proc and /sys files are "regular" with a size of 0 (or 4096) that says nothing about their
    // content; /proc/self/environ holds the process's secrets. A file whose content the kernel makes up is no
    // configuration.
    if (this.st.size === 0 && this.#total > 0) return PSEUDO_FILE;
    return { ok: true, bytes: Buffer.concat(this.#chunks, this.#total) };
  }
}

/**
 * Reads a regular file of at most `limit` bytes. A FIFO, a device or a socket is never read: device nodes are
 * not even opened (stat first), and because a path can be swapped between stat and open, the file is opened
 * with O_NONBLOCK (a FIFO then opens without waiting for a writer) and judged again by fstat on the open
 * descriptor, which is the file actually read. The read stops one byte past the limit, so a file that grows
 * while it is read (or /dev/zero behind a swapped path) never costs more than the limit.
 */
export function readRegularFile(path: string, limit: number): { ok: true; bytes: Buffer } | ReadRefusal {
  let fd: number;
  try {
    const pre = notRegular(statSync(path));
    if (pre) return pre;
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    return describeIoError(e);
  }
  try {
    const st = fstatSync(fd);
    const refused = BoundedRead.refusal(st, limit);
    if (refused) return refused;
    const read = new BoundedRead(st, limit);
    for (let chunk = read.next(); chunk; chunk = read.next()) if (!read.add(chunk, readSync(fd, chunk, 0, chunk.length, null))) break;
    return read.result();
  } catch (e) {
    return describeIoError(e);
  } finally {
    closeSync(fd);
  }
}

/** The same as readRegularFile, without blocking the event loop (reads of a large tree overlap). */
export async function readRegularFileAsync(path: string, limit: number): Promise<{ ok: true; bytes: Buffer } | ReadRefusal> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    const pre = notRegular(await stat(path));
    if (pre) return pre;
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    return describeIoError(e);
  }
  try {
    const st = await handle.stat();
    const refused = BoundedRead.refusal(st, limit);
    if (refused) return refused;
    const read = new BoundedRead(st, limit);
    for (let chunk = read.next(); chunk; chunk = read.next())
      if (!read.add(chunk, (await handle.read(chunk, 0, chunk.length, null)).bytesRead)) break;
    return read.result();
  } catch (e) {
    return describeIoError(e);
  } finally {
    await handle.close();
  }
}
