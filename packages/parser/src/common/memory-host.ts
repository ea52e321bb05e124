import { globToRegExp } from "./glob.js";

/**
 * An in-memory set of files by logical path: what the language server and the tests hand the core
 * instead of a disk. Implements the host interfaces the resolvers take.
 */
export class MemoryHost {
  readonly #files: Map<string, string>;
  constructor(files: Record<string, string> | Map<string, string>) {
    this.#files = files instanceof Map ? new Map(files) : new Map(Object.entries(files));
  }

  read(path: string): { ok: true; text: string; file: string } | { ok: false; reason: "missing"; detail: string } {
    const text = this.#files.get(path);
    return text === undefined ? { ok: false, reason: "missing", detail: "no such file" } : { ok: true, text, file: path };
  }

  glob(pattern: string): string[] {
    const re = globToRegExp(pattern);
    return [...this.#files.keys()].filter((p) => re.test(p)).sort();
  }

  paths(): string[] {
    return [...this.#files.keys()];
  }
}
