import type { HostModel } from "../model/host-model.js";
import type { Diagnostic, Fix } from "./diagnostic.js";

/** Why a file gets no fixes: its parser rejects part of it, or its bytes are not UTF-8. */
export type UnfixableReason = "syntax-error" | "not-utf8";

/**
 * Files no fix may edit. A fix is an edit computed from the parse; where the parse went wrong (an unclosed quote
 * swallows the rest of an rc.conf), a fix lands where sh(1) or jail(8) read something else, and it keeps being
 * offered because its own text is swallowed too: `--fix` would never settle. A file that is not UTF-8 was
 * decoded with replacements, and writing the text back would change bytes nobody asked to change. Decided on the
 * parse itself, not on reported JL001 findings, so turning JL001 off does not turn this off.
 */
export function unfixableFiles(model: HostModel): Map<string, UnfixableReason> {
  const out = new Map<string, UnfixableReason>();
  const parsed = [...(model.jailConf?.files ?? []), ...(model.rc?.files ?? []), ...model.pfFiles];
  // CRLF line endings are reported as a syntax error but read as blanks, so the rest of the parse stands (and the
  // conversion to LF is itself a fix).
  for (const f of parsed) if (f.ast.problems.some((p) => p.severity !== "note" && !p.lineEndings)) out.set(f.file, "syntax-error");
  for (const file of model.invalidUtf8.keys()) out.set(file, "not-utf8");
  return out;
}

export interface WithheldFixes {
  readonly diagnostics: Diagnostic[];
  /** The fixes taken off, by file, with the reason. */
  readonly withheld: ReadonlyMap<string, { readonly reason: UnfixableReason; readonly fixes: readonly Fix[] }>;
}

/** Takes the fixes off the findings in files no fix may edit; the findings themselves stay. */
export function withholdFixes(diagnostics: readonly Diagnostic[], unfixable: ReadonlyMap<string, UnfixableReason>): WithheldFixes {
  const withheld = new Map<string, { reason: UnfixableReason; fixes: Fix[] }>();
  const out = diagnostics.map((d) => {
    const reason = unfixable.get(d.file);
    if (!d.fix || reason === undefined) return d;
    const entry = withheld.get(d.file) ?? { reason, fixes: [] };
    entry.fixes.push(d.fix);
    withheld.set(d.file, entry);
    const { fix: _fix, ...rest } = d;
    return rest;
  });
  return { diagnostics: out, withheld };
}
