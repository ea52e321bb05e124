import { LineIndex } from "./line-index.js";
import type { SyntaxProblem } from "./syntax-problem.js";

/** The file kind a summary speaks of, and what its comment lines look like. */
export interface FileLanguage {
  /** `jail.conf`, `pf.conf`. */
  readonly name: string;
  /** The program that reads it: `jail(8)`, `pfctl`. */
  readonly program: string;
  /** A whole-line comment. */
  readonly comment: RegExp;
}

/** A file with at least this many syntax errors, on at least this share of its lines, is not read as jail.conf. */
const UNREADABLE_MIN_PROBLEMS = 10;
const UNREADABLE_MIN_SHARE = 0.25;
/** Placeholders of the template languages configuration files are generated with: Jinja, ERB, Go, sed-style, Bastille. */
const TEMPLATE_MARKER = /\{\{|\{%|<%|%%[A-Za-z_][A-Za-z_0-9]*%%|(?<!\$)\{[a-z_]+\}/;

/**
 * One problem for a file that is mostly unparseable, instead of one for each line: jail(8) and pfctl stop at the first
 * error anyway, and a template's placeholders are no mistakes to fix one by one.
 */
export function unreadableSummary(problems: readonly SyntaxProblem[], text: string, lang: FileLanguage): SyntaxProblem | undefined {
  // The error the program stops at: the first in the text (the list holds the lexer's problems before the parser's).
  let first = problems[0];
  for (const p of problems) if (first && p.range.start < first.range.start) first = p;
  if (!first || problems.length < UNREADABLE_MIN_PROBLEMS) {
    // No line holds a placeholder when the whole text holds none: most files are done here, unsplit.
    if (!TEMPLATE_MARKER.test(text)) return undefined;
    return templateSummary(contentLinesOf(text, lang), text, lang);
  }
  const contentLines = contentLinesOf(text, lang);
  const content = contentLines.length;
  const index = new LineIndex(text);
  const bad = new Set(problems.map((p) => index.position(p.range.start).line)).size;
  if (content === 0 || bad / content < UNREADABLE_MIN_SHARE) return undefined;
  const marker = TEMPLATE_MARKER.exec(text)?.[0];
  const counts = `${problems.length} syntax errors on ${bad} of its ${content} lines`;
  return {
    message: marker
      ? `this is not ${lang.name} syntax but a template (placeholders such as \`${marker}\`): ${counts}, and ${lang.program} would refuse it at the first; lint the ${lang.name} it generates instead`
      : `this file is mostly not ${lang.name} syntax: ${counts}, and ${lang.program} refuses it at the first: ${first.message}`,
    range: first.range,
  };
}

/** The lines that are neither blank nor a whole-line comment. */
function contentLinesOf(text: string, lang: FileLanguage): string[] {
  return text.split("\n").filter((l) => l.trim() !== "" && !lang.comment.test(l));
}

/**
 * A file that parses but whose values are mostly a template language's placeholders (`key="<%= @key %>";`, as
 * configuration management writes them): every statement would be judged on a placeholder, so one note says what
 * the file is instead. The program would take the placeholders literally.
 */
function templateSummary(contentLines: readonly string[], text: string, lang: FileLanguage): SyntaxProblem | undefined {
  const marked = contentLines.filter((l) => TEMPLATE_MARKER.test(l)).length;
  if (marked < UNREADABLE_MIN_PROBLEMS || marked / contentLines.length < UNREADABLE_MIN_SHARE) return undefined;
  // The first placeholder outside a comment line, where the note is shown.
  let offset = 0;
  let found: RegExpExecArray | null = null;
  for (const line of text.split("\n")) {
    found = lang.comment.test(line) ? null : TEMPLATE_MARKER.exec(line);
    if (found) break;
    offset += line.length + 1;
  }
  if (!found) return undefined;
  return {
    message: `this is a template, not a ${lang.name}: ${marked} of its ${contentLines.length} lines hold placeholders such as \`${found[0]}\`, which ${lang.program} would take literally; lint the ${lang.name} it generates instead`,
    range: { start: offset + found.index, end: offset + found.index + found[0].length },
    severity: "note",
  };
}
