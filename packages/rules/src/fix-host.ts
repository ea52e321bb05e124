import { applyFixes } from "./engine/apply-fixes.js";
import type { Diagnostic, Fix } from "./engine/diagnostic.js";
import type { UnfixableReason } from "./engine/fix-policy.js";
import type { LintResult } from "./lint-host.js";

/** At most this many apply → re-lint rounds: a fix that keeps producing new fixes is a bug, not a reason to spin. */
export const MAX_FIX_PASSES = 10;

export interface FixOutcome {
  /** The last lint, of the fixed texts. */
  readonly result: LintResult;
  /** Original and fixed text of every file that changed, by file (logical path). */
  readonly changed: Map<string, { readonly before: string; readonly after: string }>;
  /** How many fixes were applied (fixes undone because of a syntax error not counted). */
  readonly applied: number;
  /** The same, by file. */
  readonly appliedIn: ReadonlyMap<string, number>;
  /** Files whose fixes were undone because they introduced a syntax error (JL001). */
  readonly refused: string[];
  /** Files whose fixes (that this run would apply) were not offered: a syntax error, or not UTF-8. */
  readonly withheld: ReadonlyMap<string, { readonly reason: UnfixableReason; readonly count: number }>;
}

const syntaxErrors = (ds: readonly Diagnostic[], file: string): number =>
  ds.filter((d) => d.code === "JL001" && d.file === file && d.severity === "error").length;

export interface FixHostOptions {
  /** Fix only these files (logical paths): an editor's "fix all" in one document. Every file by default. */
  readonly files?: readonly string[];
}

/**
 * Applies fixes, re-lints, and repeats until nothing more applies (ESLint's and Ruff's loop): fixes that
 * overlapped in one pass get their turn once the text has settled. Pure apart from `relint`, which lints the
 * host with the given texts (file → text) in place of the host's own (an OverlayHost over it, or the CLI's
 * DiskHost.withTexts). Writing the fixed texts is the caller's business.
 */
export function fixHost(
  initial: LintResult,
  relint: (texts: ReadonlyMap<string, string>) => LintResult,
  unsafe: boolean,
  options: FixHostOptions = {},
): FixOutcome {
  const only = options.files ? new Set(options.files) : undefined;
  const texts = new Map<string, string>();
  // Each file's text before its first fix: a file an earlier fix brought into the host (a mount.fstab whose
  // parameter name a fix corrected) is not in the first lint, and its fixes are written all the same.
  const originals = new Map<string, string>();
  const frozen = new Set<string>();
  const refused: string[] = [];
  let result = initial;
  let applied = 0;
  const appliedIn = new Map<string, number>();
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const byFile = new Map<string, Fix[]>();
    for (const d of result.diagnostics) {
      if (!d.fix || (d.fix.safety !== "safe" && !unsafe) || frozen.has(d.file) || !result.model.texts.has(d.file)) continue;
      if (only && !only.has(d.file)) continue;
      byFile.set(d.file, [...(byFile.get(d.file) ?? []), d.fix]);
    }
    const before = new Map(texts);
    const counts = new Map<string, number>();
    for (const [file, fixes] of byFile) {
      const current = result.model.texts.get(file) as string;
      const r = applyFixes(current, fixes);
      if (r.applied === 0 || r.text === current) continue;
      if (!originals.has(file)) originals.set(file, current);
      texts.set(file, r.text);
      counts.set(file, r.applied);
    }
    if (counts.size === 0) break;
    let next = relint(texts);
    // A fix must never leave a file jail(8) would refuse: undo the files that gained a syntax error.
    const broken = [...counts.keys()].filter((f) => syntaxErrors(next.diagnostics, f) > syntaxErrors(initial.diagnostics, f));
    for (const f of broken) {
      const prev = before.get(f);
      if (prev === undefined) texts.delete(f);
      else texts.set(f, prev);
      frozen.add(f);
      refused.push(f);
      counts.delete(f);
    }
    if (broken.length > 0) next = relint(texts);
    for (const [f, n] of counts) {
      applied += n;
      appliedIn.set(f, (appliedIn.get(f) ?? 0) + n);
    }
    result = next;
  }
  const withheld = new Map<string, { reason: UnfixableReason; count: number }>();
  for (const [file, w] of initial.withheldFixes) {
    if (only && !only.has(file)) continue;
    const count = w.fixes.filter((f) => f.safety === "safe" || unsafe).length;
    if (count > 0) withheld.set(file, { reason: w.reason, count });
  }
  const changed = new Map<string, { before: string; after: string }>();
  for (const [file, after] of texts) {
    const before = originals.get(file);
    if (before !== undefined && before !== after) changed.set(file, { before, after });
  }
  return { result, changed, applied, appliedIn, refused, withheld };
}
