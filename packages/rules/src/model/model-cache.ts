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
 * parsed again. Results are shared, never changed, by whoever reads the models made from them (unless the cache
 * is made with `updates`, see there).
 *
 * One cache serves one host (its labels and file identities): the language server keeps one per host it lints.
 */
export class ModelCache {
  readonly #entries = new Map<string, Entry>();
  /** How many results were made, how many were used again, and how many of those made were updates (for tests). */
  readonly stats = { made: 0, reused: 0, updated: 0 };
  /**
   * Whether a stale result may be updated in place (`make`'s `update`): then a result of `get` is good only until
   * the next `get` of its key, and nothing made from it (a lint's diagnostics) may be kept past that. For a caller
   * that turns each result into something else at once: the language server's worker that answers each edit.
   */
  readonly updates: boolean;

  constructor(options: { readonly updates?: boolean } = {}) {
    this.updates = options.updates ?? false;
  }

  /**
   * The result of `make` for `key` (one root), made with `host` and `variant`: the one made before when it was
   * made with the same variant and is still what `host` would give (its reads are checked through `host`, so they
   * have the side effects of a real read), else made afresh, in its place: one entry a root, however often the
   * variant changes (pf_flags edited in rc.conf). A result that is no longer current but was made with the same
   * variant is handed to `make` as `previous`, so it can re-read only what changed (an incremental reparse after an
   * editor's keystroke); `make` must give what it would give without it. `update` says it may change `previous`
   * to make its result: the cache was made with `updates`, and what the result read differs only in the texts of
   * files that still read (the same files, the same globs' findings).
   */
  get<T>(key: string, variant: string, host: ConfigHost, make: (host: ConfigHost, previous: T | undefined, update: boolean) => T): T {
    const entry = this.#entries.get(key);
    const same = entry !== undefined && entry.variant === variant;
    const stale = same ? this.#stale(entry, host, this.updates) : undefined;
    if (entry && stale?.length === 0) {
      this.stats.reused++;
      return entry.value as T;
    }
    const previous = same ? (entry.value as T) : undefined;
    const update = this.updates && stale?.every((d) => d.kind === "read" && d.found.ok && host.read(d.path).ok) === true;
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
    const value = make(recording, previous, update);
    this.stats.made++;
    if (update && entry) {
      // An update need not read again what it knows is the same (the globs that found the same files): what the
      // earlier result depended on and was found current just now still holds.
      this.stats.updated++;
      const made = new Set(dependencies.map((d) => (d.kind === "read" ? `r\0${d.path}` : `g\0${d.pattern}`)));
      const changed = new Set(stale);
      for (const d of entry.dependencies)
        if (!changed.has(d) && !made.has(d.kind === "read" ? `r\0${d.path}` : `g\0${d.pattern}`)) dependencies.push(d);
    }
    this.#entries.set(key, { variant, dependencies, value });
    return value;
  }

  /** The dependencies that no longer find what they found: the first one, or with `all` every one. */
  #stale(entry: Entry, host: ConfigHost, all: boolean): Dependency[] {
    const out: Dependency[] = [];
    for (const d of entry.dependencies) {
      if (d.kind === "read" ? !sameRead(d.found, host.read(d.path)) : !sameList(d.found, host.glob(d.pattern))) {
        out.push(d);
        if (!all) break;
      }
    }
    return out;
  }

  /** How many results are kept (one a root). */
  get size(): number {
    return this.#entries.size;
  }
}
