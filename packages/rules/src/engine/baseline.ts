import type { Diagnostic } from "./diagnostic.js";

/** One recorded finding. `fingerprint` survives line moves and edits elsewhere in the file. */
export interface BaselineEntry {
  readonly code: string;
  readonly file: string;
  readonly fingerprint: string;
  /** For people reading the file (the fingerprint already covers it). */
  readonly message?: string;
}

export interface Baseline {
  readonly version: 1;
  readonly findings: readonly BaselineEntry[];
}

/** cyrb53: a small, fast 53-bit string hash, so the core needs no crypto module. */
function hash53(s: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}

const collapse = (s: string): string => s.replace(/\s+/g, " ").trim();

/**
 * Fingerprints in the order of `diagnostics`: a hash of the code, the message, the flagged text and the whole
 * lines it is on (whitespace collapsed, line numbers left out), then `:N`, the occurrence among equal hashes in
 * the same file, so two identical findings stay two. The message is in because it names the jail: the same
 * `allow.raw_sockets;` line in two jails is two different findings.
 */
export function fingerprints(diagnostics: readonly Diagnostic[], texts: ReadonlyMap<string, string>): string[] {
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const text = texts.get(d.file) ?? "";
    const lineStart = text.lastIndexOf("\n", d.range.start - 1) + 1;
    const nl = text.indexOf("\n", d.range.end);
    const lines = text.slice(lineStart, nl === -1 ? text.length : nl);
    const h = hash53(`${d.code}\0${collapse(d.message)}\0${collapse(text.slice(d.range.start, d.range.end))}\0${collapse(lines)}`);
    const key = `${d.file}\0${d.code}\0${h}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return `${h}:${n}`;
  });
}

/** The baseline of today's findings. `fileName` maps a diagnostic's file to the name the baseline keeps. */
export function createBaseline(
  diagnostics: readonly Diagnostic[],
  texts: ReadonlyMap<string, string>,
  fileName: (file: string) => string = (f) => f,
): Baseline {
  const fps = fingerprints(diagnostics, texts);
  const findings = diagnostics.map((d, i) => ({ code: d.code, file: fileName(d.file), fingerprint: fps[i] as string, message: d.message }));
  findings.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : a.fingerprint < b.fingerprint ? -1 : 1,
  );
  return { version: 1, findings };
}

export type BaselineParse = { ok: true; baseline: Baseline } | { ok: false; error: string };

/** Checks a parsed baseline file. */
export function parseBaseline(json: unknown): BaselineParse {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { ok: false, error: "a baseline must be a JSON object" };
  const o = json as Record<string, unknown>;
  if (o.version !== 1)
    return {
      ok: false,
      error: `unsupported baseline version ${JSON.stringify(o.version)}: expected 1 (write it again with --write-baseline)`,
    };
  if (!Array.isArray(o.findings)) return { ok: false, error: `"findings" must be an array` };
  for (const [i, f] of o.findings.entries()) {
    const e = f as Record<string, unknown>;
    if (
      typeof e !== "object" ||
      e === null ||
      typeof e.code !== "string" ||
      typeof e.file !== "string" ||
      typeof e.fingerprint !== "string"
    )
      return { ok: false, error: `findings[${i}] needs string "code", "file" and "fingerprint"` };
  }
  return { ok: true, baseline: { version: 1, findings: o.findings as BaselineEntry[] } };
}

export interface BaselineMatch {
  /** Findings not in the baseline: the ones to report. */
  readonly fresh: Diagnostic[];
  /** How many findings the baseline accounted for. */
  readonly known: number;
  /** Baseline entries no finding matched any more: fixed, so the baseline can shrink. */
  readonly gone: BaselineEntry[];
}

/** Splits today's findings into new ones and ones the baseline already records. */
export function matchBaseline(
  diagnostics: readonly Diagnostic[],
  texts: ReadonlyMap<string, string>,
  baseline: Baseline,
  fileName: (file: string) => string = (f) => f,
): BaselineMatch {
  const key = (code: string, file: string, fp: string): string => `${code}\0${file}\0${fp}`;
  const remaining = new Map<string, BaselineEntry[]>();
  for (const e of baseline.findings) {
    const k = key(e.code, e.file, e.fingerprint);
    remaining.set(k, [...(remaining.get(k) ?? []), e]);
  }
  const fps = fingerprints(diagnostics, texts);
  const fresh: Diagnostic[] = [];
  let known = 0;
  diagnostics.forEach((d, i) => {
    const list = remaining.get(key(d.code, fileName(d.file), fps[i] as string));
    if (list && list.length > 0) {
      list.pop();
      known++;
    } else fresh.push(d);
  });
  return { fresh, known, gone: [...remaining.values()].flat() };
}
