import type { ConfigHost, HostRead } from "@jaillint/parser";

/** What a resolve read, and what it found: the same reads finding the same again make the same result. */
type Dependency =
  | { readonly kind: "read"; readonly path: string; readonly found: HostRead }
  | { readonly kind: "glob"; readonly pattern: string; readonly found: readonly string[] };

interface Entry {
  /** What else the result was made with (the FreeBSD release, pf_flags' macros): another one makes it anew. */
  readonly variant: string;
  readonly dependencies: readonly Dependency[];
  readonly value: unknown;
}

const sameRead = (a: HostRead, b: HostRead): boolean =>
  a.ok && b.ok ? a.text === b.text && a.file === b.file : !a.ok && !b.ok && a.reason === b.reason && a.detail === b.detail;

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * What a host's lint resolved (a jail.conf root with its includes, a pf.conf root with its includes), kept for the
 * next lint of the same host: a result is used again when every file it read reads the same and every glob it
 * expanded finds the same files. An editor re-lints a host after every edit of one file; the others are then not
 * parsed again. Results are shared, never changed, by whoever reads the models made from them.
 *
 * One cache serves one host (its labels and file identities): the language server keeps one per host it lints.
 */
export class ModelCache {
  readonly #entries = new Map<string, Entry>();
  /** How many results were made, and how many were used again (for tests). */
  readonly stats = { made: 0, reused: 0 };

  /**
   * The result of `make` for `key` (one root), made with `host` and `variant`: the one made before when it was
   * made with the same variant and is still what `host` would give (its reads are checked through `host`, so they
   * have the side effects of a real read), else made afresh, in its place: one entry a root, however often the
   * variant changes (pf_flags edited in rc.conf). A result that is no longer current but was made with the same
   * variant is handed to `make` as `previous`, so it can re-read only what changed (an incremental reparse after an
   * editor's keystroke); `make` must give what it would give without it.
   */
  get<T>(key: string, variant: string, host: ConfigHost, make: (host: ConfigHost, previous: T | undefined) => T): T {
    const entry = this.#entries.get(key);
    if (entry && entry.variant === variant && this.#current(entry, host)) {
      this.stats.reused++;
      return entry.value as T;
    }
    const previous = entry && entry.variant === variant ? (entry.value as T) : undefined;
    const dependencies: Dependency[] = [];
    const recording: ConfigHost = {
      read: (path) => {
        const found = host.read(path);
        dependencies.push({ kind: "read", path, found });
        return found;
      },
      glob: (pattern) => {
        const found = host.glob(pattern);
        dependencies.push({ kind: "glob", pattern, found });
        return found;
      },
      ...(host.complete !== undefined ? { complete: host.complete } : {}),
      ...(host.label ? { label: (path: string) => host.label?.(path) ?? path } : {}),
    };
    const value = make(recording, previous);
    this.stats.made++;
    this.#entries.set(key, { variant, dependencies, value });
    return value;
  }

  #current(entry: Entry, host: ConfigHost): boolean {
    for (const d of entry.dependencies) {
      if (d.kind === "read" ? !sameRead(d.found, host.read(d.path)) : !sameList(d.found, host.glob(d.pattern))) return false;
    }
    return true;
  }

  clear(): void {
    this.#entries.clear();
  }

  /** How many results are kept (one a root). */
  get size(): number {
    return this.#entries.size;
  }
}
