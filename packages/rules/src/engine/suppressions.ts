import type { TextRange } from "@jaillint/parser";
import type { Diagnostic } from "./diagnostic.js";

/**
 * One `jaillint-disable…` / `jaillint-enable…` comment. jail.conf, rc.conf and pf.conf all take `#` comments
 * (jail.conf also `//` and `/* … *\/`), so one scanner serves the three kinds.
 */
export interface SuppressionDirective {
  readonly kind: "disable-next-line" | "disable" | "enable";
  readonly file: string;
  /** The directive's text, from the comment marker to the end of the comment. */
  readonly range: TextRange;
  /** Rule codes named (normalized to codes); empty = every rule. */
  readonly codes: readonly string[];
  /** Words that name no rule. */
  readonly unknown: readonly string[];
  /** The text after `--`, trimmed, or undefined when there is none. */
  readonly reason: string | undefined;
  /**
   * Offsets whose findings it covers: the target line (extended to the end of a statement that starts on it),
   * or up to the enable that ends it (or the end of file). For a `disable`, `covers.end` is the latest end of
   * any code it names; `endFor` tells where each code's suppression ends.
   */
  readonly covers: TextRange;
  /**
   * Where the suppression of `code` ends: at the first later enable that names it or is bare. `"*"` stands for a
   * code no later enable names (a bare disable's end at the first bare enable).
   */
  readonly endFor: (code: string) => number;
}

/**
 * What the parser of a file knows that a text scan cannot: where its comments are (so a `#` inside a quoted
 * rc.conf value or a pf string is not taken for a directive) and where its statements are (so
 * `disable-next-line` covers a statement continued over several lines).
 */
export interface FileSyntax {
  /** Every comment; a directive counts only at the start of one. */
  readonly comments: readonly TextRange[];
  /** Statements that hold no other statements (a jail block's parameters, not the block). */
  readonly statements: readonly TextRange[];
}

export interface SuppressionPolicy {
  /** false = `--no-inline-suppressions`: directives are not honoured and each is a finding. */
  readonly inline: boolean;
  /** `--require-suppression-reason`: a directive without `-- reason` is a finding. */
  readonly requireReason: boolean;
}

export type SuppressionProblemKind = "unused" | "unknown-rule" | "no-reason" | "forbidden" | "unmatched-enable";

export interface SuppressionProblem {
  readonly kind: SuppressionProblemKind;
  readonly file: string;
  readonly range: TextRange;
  readonly message: string;
}

export interface SuppressionResult {
  /** What is still reported. */
  readonly diagnostics: Diagnostic[];
  /** How many findings the comments suppressed. */
  readonly suppressed: number;
  readonly problems: SuppressionProblem[];
}

const DIRECTIVE = /(?:^|[\s;{}])(?:#|\/\/|\/\*)[ \t]*jaillint-(disable-next-line|disable|enable)(?![\w-])([^\n]*)/g;

/** A directive that names no rule at all (not even an unknown one) applies to every rule. */
const isBare = (d: { codes: readonly string[]; unknown: readonly string[] }): boolean => d.codes.length === 0 && d.unknown.length === 0;

/**
 * Every directive in one file, in text order, with the offsets each covers. Without `syntax` (a file no parser
 * read, such as an fstab) every `#`, `//` or `/*` that follows a blank or the start of a line counts as a comment.
 */
export function parseSuppressions(
  file: string,
  text: string,
  toCode: (word: string) => string | undefined,
  syntax?: FileSyntax,
): SuppressionDirective[] {
  const raw: { kind: SuppressionDirective["kind"]; range: TextRange; codes: string[]; unknown: string[]; reason: string | undefined }[] =
    [];
  const commentStarts = syntax ? new Set(syntax.comments.map((c) => c.start)) : undefined;
  for (const m of text.matchAll(DIRECTIVE)) {
    const kind = m[1] as SuppressionDirective["kind"];
    let rest = (m[2] as string).replace(/\r$/, "");
    const markerAt = (m.index ?? 0) + (m[0] as string).search(/#|\/\/|\/\*/);
    // Inside a quoted value or a string: text, not a comment.
    if (commentStarts && !commentStarts.has(markerAt)) continue;
    const close = rest.indexOf("*/");
    if (close !== -1) rest = rest.slice(0, close);
    const dash = rest.indexOf("--");
    const codesText = dash === -1 ? rest : rest.slice(0, dash);
    const reason = dash === -1 ? undefined : rest.slice(dash + 2).trim() || undefined;
    const codes: string[] = [];
    const unknown: string[] = [];
    for (const word of codesText.split(/[\s,]+/).filter((w) => w !== "")) {
      const code = toCode(word);
      if (code) codes.push(code);
      else unknown.push(word);
    }
    const matchEnd = (m.index ?? 0) + (m[0] as string).length;
    const full = text.slice(markerAt, matchEnd);
    const closeAt = full.indexOf("*/", 2);
    const end = closeAt !== -1 ? markerAt + closeAt + 2 : full.endsWith("\r") ? matchEnd - 1 : matchEnd;
    raw.push({ kind, range: { start: markerAt, end }, codes, unknown, reason });
  }
  const out: SuppressionDirective[] = [];
  for (const [i, d] of raw.entries()) {
    let covers: TextRange;
    let endFor: (code: string) => number = () => covers.end;
    if (d.kind === "disable-next-line") {
      covers = nextCodeLine(text, d.range.end);
      // A statement that starts on that line and goes on over the next ones is covered whole.
      for (const s of syntax?.statements ?? [])
        if (s.start >= covers.start && s.start < covers.end && s.end > covers.end) covers = { ...covers, end: s.end };
    } else if (d.kind === "disable") {
      // Each code up to the first later enable that names it or names none: `enable JL105` ends JL105 alone.
      const later = raw.slice(i + 1).filter((e) => e.kind === "enable");
      endFor = (code) => later.find((e) => isBare(e) || (code !== "*" && e.codes.includes(code)))?.range.start ?? text.length;
      const ends = isBare(d) ? [endFor("*")] : d.codes.map(endFor);
      covers = { start: d.range.end, end: Math.max(d.range.end, ...ends) };
    } else covers = { start: d.range.start, end: d.range.start };
    out.push({ ...d, file, covers, endFor });
  }
  return out;
}

/** The line after `offset`'s line that holds something other than blanks and comments. */
function nextCodeLine(text: string, offset: number): TextRange {
  let nl = text.indexOf("\n", offset);
  while (nl !== -1) {
    const start = nl + 1;
    const next = text.indexOf("\n", start);
    const end = next === -1 ? text.length : next;
    const line = text.slice(start, end).trim();
    if (line !== "" && !/^(#|\/\/|\/\*)/.test(line)) return { start, end: text[end - 1] === "\r" ? end - 1 : end };
    nl = next;
  }
  return { start: text.length, end: text.length };
}

const describe = (codes: readonly string[]): string => (codes.length === 0 ? "any rule" : codes.join(", "));

/**
 * Applies the directives of every file to the findings and reports directives that suppress nothing, name
 * unknown rules, lack a reason when one is required, or are forbidden. A finding is covered when it starts in
 * what a directive covers, in the same file, and the directive names its code (or no code).
 */
export function applySuppressions(
  diagnostics: readonly Diagnostic[],
  texts: ReadonlyMap<string, string>,
  policy: SuppressionPolicy,
  toCode: (word: string) => string | undefined,
  exempt: (d: Diagnostic) => boolean = () => false,
  syntax: ReadonlyMap<string, FileSyntax> = new Map(),
): SuppressionResult {
  const problems: SuppressionProblem[] = [];
  const byFile = new Map<string, SuppressionDirective[]>();
  for (const [file, text] of texts) {
    if (!text.includes("jaillint-")) continue;
    const list = parseSuppressions(file, text, toCode, syntax.get(file));
    if (list.length > 0) byFile.set(file, list);
  }
  if (!policy.inline) {
    for (const list of byFile.values())
      for (const d of list)
        problems.push({
          kind: "forbidden",
          file: d.file,
          range: d.range,
          message: `inline suppressions are not allowed here (--no-inline-suppressions): jaillint-${d.kind} is ignored; use the configuration file or a baseline`,
        });
    return { diagnostics: [...diagnostics], suppressed: 0, problems };
  }
  const used = new Map<SuppressionDirective, Set<string>>();
  let suppressed = 0;
  const kept: Diagnostic[] = [];
  for (const diag of diagnostics) {
    const directives = exempt(diag) ? undefined : byFile.get(diag.file);
    const hit = directives?.find(
      (d) =>
        d.kind !== "enable" &&
        (isBare(d) || d.codes.includes(diag.code)) &&
        diag.range.start >= d.covers.start &&
        diag.range.start <= (d.kind === "disable" ? d.endFor(diag.code) : d.covers.end),
    );
    if (!hit) {
      kept.push(diag);
      continue;
    }
    suppressed++;
    const set = used.get(hit) ?? new Set<string>();
    set.add(diag.code);
    used.set(hit, set);
  }
  for (const list of byFile.values()) {
    for (const [i, d] of list.entries()) {
      for (const word of d.unknown)
        problems.push({
          kind: "unknown-rule",
          file: d.file,
          range: d.range,
          message: `jaillint-${d.kind} names unknown rule "${word}": run \`jaillint rules\` for the list`,
        });
      if (d.kind === "enable") {
        // Some earlier disable of a code this enable names (or of any code, for a bare one) ends here.
        const opened = list
          .slice(0, i)
          .some(
            (p) =>
              p.kind === "disable" &&
              (isBare(d) ? (isBare(p) ? ["*"] : p.codes) : d.codes.filter((c) => isBare(p) || p.codes.includes(c))).some(
                (c) => p.endFor(c) === d.range.start,
              ),
          );
        if (!opened)
          problems.push({
            kind: "unmatched-enable",
            file: d.file,
            range: d.range,
            message: `jaillint-enable${d.codes.length > 0 ? ` ${d.codes.join(", ")}` : ""} has no jaillint-disable before it`,
          });
        continue;
      }
      if (policy.requireReason && d.reason === undefined)
        problems.push({
          kind: "no-reason",
          file: d.file,
          range: d.range,
          message: `jaillint-${d.kind} ${describe(d.codes)} gives no reason: add \`-- why this is acceptable\` (--require-suppression-reason)`,
        });
      const hits = used.get(d);
      const where = d.kind === "disable-next-line" ? "on the next line" : "before its jaillint-enable";
      if (d.codes.length === 0) {
        if (!hits && d.unknown.length === 0)
          problems.push({
            kind: "unused",
            file: d.file,
            range: d.range,
            message: `unused suppression: no finding ${where}; remove this comment`,
          });
        continue;
      }
      const unused = d.codes.filter((c) => !hits?.has(c));
      if (unused.length > 0)
        problems.push({
          kind: "unused",
          file: d.file,
          range: d.range,
          message: `unused suppression: no ${unused.join(", ")} finding ${where}; remove ${unused.length === d.codes.length ? "this comment" : unused.join(", ")}`,
        });
    }
  }
  return { diagnostics: kept, suppressed, problems };
}
