import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { TextRange } from "../common/text-range.js";
import type { RcAssignment, RcStatement } from "./ast.js";
import type { OpaquePayload, Word } from "./lexer.js";

/**
 * Builds jaillint's AST from the statements the splitter in lexer.ts finds, in file order; notes each construct
 * that is kept but not evaluated.
 */
export class RcAstBuilder {
  readonly statements: RcStatement[] = [];
  readonly problems: SyntaxProblem[] = [];

  /** A word the splitter found to be an assignment (`w.assign` set). */
  assignment(w: Word, modifier: "export" | "readonly" | undefined): void {
    this.statements.push(assignment(w, modifier));
  }

  /** `export`/`readonly` and the assignments and names after it. */
  exportStatement(head: Word, words: readonly Word[]): void {
    const keyword = head.plain === "readonly" ? "readonly" : "export";
    const assignments: RcAssignment[] = [];
    const names: { name: string; range: TextRange }[] = [];
    let end = head.range.end;
    for (const w of words) {
      if (w.assign) assignments.push(assignment(w, keyword));
      else names.push({ name: w.plain as string, range: { start: w.range.start, end: w.range.end } });
      end = Math.max(end, w.range.end);
    }
    this.statements.push({ type: "Export", keyword, assignments, names, range: { start: head.range.start, end } });
  }

  opaque(range: TextRange, p: OpaquePayload): void {
    this.problems.push({ message: opaqueNote(p), range, severity: "note" });
    this.statements.push({ type: "Opaque", kind: p.kind, assignedNames: p.assignedNames, range });
  }
}

function assignment(w: Word, modifier: "export" | "readonly" | undefined): RcAssignment {
  const p = w.assign as NonNullable<Word["assign"]>;
  return { type: "Assignment", name: p.name, nameRange: p.nameRange, value: p.value, modifier, range: w.range };
}

const constructName: Record<string, string> = {
  if: "`if … fi` block",
  case: "`case … esac` block",
  for: "`for … done` loop",
  while: "`while … done` loop",
  until: "`until … done` loop",
  group: "`{ … }` group",
  subshell: "`( … )` subshell",
};

function opaqueNote(p: OpaquePayload): string {
  const prefix = "not evaluated: jaillint reads only plain assignments; ";
  const names = p.assignedNames.map((n) => `\`${n}\``);
  const shown = names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
  const inside = names.length > 0 ? ` (the assignments to ${shown} inside it are not applied)` : "";
  const missing = p.missingClose ? ` It runs to the end of the file: its closing \`${p.missingClose}\` is missing.` : "";
  switch (p.kind) {
    case "substitution":
      return `${prefix}the value of \`${p.head}\` comes from a command substitution, so its value is unknown`;
    case "command":
      return `${prefix}the command \`${p.head}\` is skipped${inside}`;
    case "function":
      return `${prefix}the function definition \`${p.head}\` is skipped${inside}.${missing}`.replace(/\.$/, "");
    default:
      return `${prefix}this ${constructName[p.kind] ?? "construct"} is skipped${inside}.${missing}`.replace(/\.$/, "");
  }
}
