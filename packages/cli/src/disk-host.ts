import { lstatSync, readdirSync } from "node:fs";
import { isAbsolute, posix, relative, resolve, sep } from "node:path";
import { type ConfigHost, globToRegExp, type HostRead, hasGlobMagic, type ReadFailure } from "@jaillint/parser";
import { ConfigRoots, realOrSelf } from "./config-root.js";
import { decodeFile } from "./decode-file.js";
import { MemoryBudget } from "./memory-budget.js";
import { DEFAULT_MAX_FILE_SIZE, type ReadRefusal, readRegularFile, readRegularFileAsync } from "./read-file.js";

/** What the host may read, and how much. */
export interface HostAccess {
  readonly roots: ConfigRoots;
  readonly maxFileSize: number;
  readonly memory: MemoryBudget;
}

const OPEN_ACCESS: HostAccess = {
  roots: new ConfigRoots(["/"], true),
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
  memory: new MemoryBudget(),
};

/**
 * The disk, seen the way the linted host sees it. `root` is the directory that stands for `/`: on a real host
 * it is `/`, in a config repository that mirrors the host it is the repository (so `/etc/jail.conf.d/*.conf`
 * is read from `ROOT/etc/jail.conf.d/`). Logical paths are the host's, and what reads, models and diagnostics
 * name files by; `realPath` is where a file is on the disk, `displayPath` how the CLI's output names it.
 */
export class DiskHost implements ConfigHost {
  readonly #cache = new Map<string, ReturnType<DiskHost["read"]>>();
  /** Files named outside the root (a tree and a file elsewhere): their logical path is their real one. */
  #outside = new Set<string>();
  constructor(
    readonly root: string,
    private readonly cwd: string,
    /**
     * A directory that stands for `/etc` (a repository that mirrors /etc itself, with jail.conf at its top),
     * or undefined when `/etc` is `ROOT/etc`.
     */
    readonly etcDir: string | undefined = undefined,
    /** Texts that do not come from the disk (`--stdin`), by logical path. */
    private readonly overlay: ReadonlyMap<string, string> = new Map(),
    /** Whether this is a whole tree or the real host (see ConfigHost.complete). */
    readonly complete: boolean = true,
    /** The config root(s) and the size limits every read is held to. */
    readonly access: HostAccess = OPEN_ACCESS,
  ) {}

  /** The real path of a logical one. */
  realPath(logical: string): string {
    const norm = posix.normalize(`/${logical}`);
    if (this.#outside.has(norm)) return norm;
    if (this.etcDir && (norm === "/etc" || norm.startsWith("/etc/"))) return resolve(this.etcDir, `.${norm.slice(4)}`);
    return resolve(this.root, `.${norm}`);
  }

  /** The logical path of a real one (outside the root, the real path itself). */
  logicalPath(real: string): string {
    const abs = resolve(this.cwd, real);
    const under = (dir: string): string | undefined => {
      const rel = relative(dir, abs);
      return rel.startsWith("..") || isAbsolute(rel) ? undefined : rel.split(sep).join("/");
    };
    const inEtc = this.etcDir ? under(this.etcDir) : undefined;
    if (inEtc !== undefined) return posix.join("/etc", inEtc);
    const inRoot = under(this.root);
    if (inRoot !== undefined) return `/${inRoot}`;
    const outside = abs.split(sep).join("/");
    this.#outside.add(outside);
    return outside;
  }

  /** How a file is named in output: relative to the working directory when below it. */
  displayPath(logical: string): string {
    const real = this.realPath(logical);
    const rel = relative(this.cwd, real);
    return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : real;
  }

  /** Messages name files as the output does (ConfigHost.label). */
  label(logical: string): string {
    return this.displayPath(logical);
  }

  /** The same view of the disk with some texts replaced (fixed texts being re-linted, by logical path). */
  withTexts(texts: ReadonlyMap<string, string>): DiskHost {
    const next = new DiskHost(this.root, this.cwd, this.etcDir, new Map([...this.overlay, ...texts]), this.complete, this.access);
    next.#outside = this.#outside;
    next.#readFrom = this.#readFrom;
    for (const [path, result] of this.#cache) if (!texts.has(path)) next.#cache.set(path, result);
    return next;
  }

  /**
   * Reads files ahead, `concurrency` at a time, into the cache the synchronous `read` (which the parser's
   * include resolution calls) then serves: on a tree of hundreds of files the reads overlap instead of queueing.
   */
  async preload(paths: readonly string[], concurrency: number, onRead: (done: number) => void = () => {}): Promise<void> {
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (next < paths.length) {
        const path = paths[next++] as string;
        if (!this.#cache.has(path) && !this.overlay.has(path)) {
          const real = this.realPath(path);
          const refused = this.#refuse(real);
          this.#cache.set(path, refused ?? this.#decode(path, real, await readRegularFileAsync(real, this.access.maxFileSize)));
        }
        onRead(++done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, paths.length) }, worker));
  }

  read(path: string): HostRead {
    const cached = this.#cache.get(path);
    if (cached) return cached;
    const result = this.#read(path);
    this.#cache.set(path, result);
    return result;
  }

  #read(path: string): ReturnType<DiskHost["read"]> {
    const over = this.overlay.get(path);
    if (over !== undefined) return { ok: true, text: over, file: path };
    const real = this.realPath(path);
    return this.#refuse(real) ?? this.#decode(path, real, readRegularFile(real, this.access.maxFileSize));
  }

  /** Real paths files were read from, by logical path: `--fix` writes back only there. */
  #readFrom = new Map<string, string>();

  /** Why a real path may not be read at all (outside the root), before it is opened. */
  #refuse(real: string): ReadFailure | undefined {
    const detail = this.access.roots.refuseRead(real);
    return detail === undefined ? undefined : { ok: false, reason: "outside-root", detail };
  }

  #decode(path: string, real: string, read: { ok: true; bytes: Buffer } | ReadRefusal): HostRead {
    if (!read.ok) return read;
    const memory = this.access.memory.reserve(read.bytes.length);
    if (memory) return { ok: false, reason: "unreadable", detail: memory };
    this.#readFrom.set(path, realOrSelf(real));
    return decodeFile(read.bytes, path);
  }

  /**
   * Why `--fix` may not write the file read as `logical`, or undefined when it may: only a file that was read
   * from the disk, inside the config root, and that its path still leads to (a link swapped since is refused).
   */
  refuseWrite(logical: string): string | undefined {
    const from = this.#readFrom.get(logical);
    if (from === undefined) return "it was not read from the disk";
    const now = realOrSelf(this.realPath(logical));
    if (now !== from) return `it now leads to ${now}, not to the file that was linted (${from})`;
    const outside = this.access.roots.refuseWrite(this.realPath(logical));
    return outside === undefined ? undefined : outside.replace(/; jaillint reads.*$/, "; jaillint never writes outside it");
  }

  glob(pattern: string): string[] {
    // Patterns in jail.conf glob one directory level at a time; walk the levels that hold magic.
    const parts = posix
      .normalize(pattern)
      .split("/")
      .filter((p) => p !== "");
    let bases = ["/"];
    for (const part of parts) {
      const next: string[] = [];
      for (const base of bases) {
        if (!hasGlobMagic(part)) {
          next.push(posix.join(base, part));
          continue;
        }
        // A directory outside the root is not listed (its names are not the linted host's business either):
        // the pattern itself comes back, and reading it is refused with the reason, once.
        // In one file linted out of its tree, a directory elsewhere on the machine is as unknown as a missing one
        // (`.include "/etc/jail.conf.d/*.conf"` is the recommended setup, not a finding).
        if (this.#refuse(realOrSelf(this.realPath(base)))) return this.complete ? [posix.normalize(pattern)] : [];
        const re = globToRegExp(part);
        let names: string[] = [];
        try {
          names = readdirSync(this.realPath(base));
        } catch {
          continue;
        }
        for (const n of names.sort()) if (re.test(n) && !(n.startsWith(".") && !part.startsWith("."))) next.push(posix.join(base, n));
      }
      bases = next;
    }
    // glob(3) returns what readdir(3) lists, links that lead nowhere (or in circles) included: the read then says
    // what is wrong with them instead of the file quietly not being there.
    return bases.filter((p) => {
      try {
        lstatSync(this.realPath(p));
        return true;
      } catch {
        return false;
      }
    });
  }
}

export function describeIoError(e: unknown): { ok: false; reason: "missing" | "unreadable"; detail: string } {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return { ok: false, reason: "missing", detail: "no such file or directory" };
  if (code === "EACCES" || code === "EPERM") return { ok: false, reason: "unreadable", detail: "permission denied" };
  if (code === "EISDIR") return { ok: false, reason: "unreadable", detail: "is a directory" };
  if (code === "EROFS") return { ok: false, reason: "unreadable", detail: "read-only file system" };
  if (code === "ENOSPC") return { ok: false, reason: "unreadable", detail: "no space left on device" };
  if (code === "ELOOP") return { ok: false, reason: "unreadable", detail: "too many levels of symbolic links" };
  return { ok: false, reason: "unreadable", detail: (e as Error).message ?? String(e) };
}
