import type { ConfigHost, HostRead } from "./config-host.js";
import { globToRegExp } from "./glob.js";

/**
 * Open editor buffers over another host (the disk): a path with a buffer reads the buffer's text, any other
 * path the base host. A buffer for a file the base does not have (a new, unsaved file) is listed by `glob`
 * too. The language server keeps one, sets a document's text on every change and deletes it on close.
 */
export class OverlayHost implements ConfigHost {
  readonly #buffers = new Map<string, string>();
  constructor(readonly base: ConfigHost) {}

  get complete(): boolean | undefined {
    return this.base.complete;
  }

  /** Sets (or replaces) the buffer of `path`: reads of it return `text` until it is deleted. */
  set(path: string, text: string): this {
    this.#buffers.set(path, text);
    return this;
  }

  /** Drops the buffer of `path` (the document was closed): reads go to the base host again. */
  delete(path: string): boolean {
    return this.#buffers.delete(path);
  }

  /** The buffer's text, or undefined when `path` has none. */
  get(path: string): string | undefined {
    return this.#buffers.get(path);
  }

  has(path: string): boolean {
    return this.#buffers.has(path);
  }

  /** The paths that have a buffer, in the order they were first set. */
  paths(): string[] {
    return [...this.#buffers.keys()];
  }

  read(path: string): HostRead {
    const text = this.#buffers.get(path);
    return text === undefined ? this.base.read(path) : { ok: true, text, file: path };
  }

  glob(pattern: string): string[] {
    const found = this.base.glob(pattern);
    const re = globToRegExp(pattern);
    const extra = [...this.#buffers.keys()].filter((p) => re.test(p) && !hiddenFrom(pattern, p) && !found.includes(p));
    return extra.length === 0 ? found : [...found, ...extra].sort();
  }

  label(path: string): string {
    return this.base.label ? this.base.label(path) : path;
  }
}

/** glob(3) without GLOB_PERIOD: a name that starts with `.` is matched only by a pattern part that does too. */
function hiddenFrom(pattern: string, path: string): boolean {
  const parts = pattern.split("/");
  return path.split("/").some((name, i) => name.startsWith(".") && !(parts[i] ?? "").startsWith("."));
}
