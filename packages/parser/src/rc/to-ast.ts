import type { CstNode, IToken } from "chevrotain";
import { cstNodes, cstTokens, isRealToken, tokenRange } from "../common/cst.js";
import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { RcAssignment, RcExportStatement, RcOpaqueStatement, RcStatement } from "./ast.js";
import type { AssignPayload, OpaquePayload } from "./lexer.js";

const isReal = isRealToken;
const tokens = (node: CstNode, label: string): IToken[] => cstTokens(node, label).filter(isReal);
const nodes = cstNodes;

/** Converts the CST to jaillint's own AST; notes each construct that is kept but not evaluated. */
export class RcAstBuilder {
  readonly problems: SyntaxProblem[] = [];

  file(cst: CstNode): RcStatement[] {
    const out: RcStatement[] = [];
    for (const st of nodes(cst, "statement")) {
      const list = nodes(st, "assignments")[0];
      const exp = nodes(st, "exportStatement")[0];
      const opaque = tokens(st, "Opaque")[0];
      if (list) {
        for (const tok of tokens(list, "AssignWord")) out.push(assignment(tok, undefined));
      } else if (exp) {
        const e = this.exportStatement(exp);
        if (e) out.push(e);
      } else if (opaque) {
        out.push(this.opaque(opaque));
      }
    }
    return out;
  }

  private exportStatement(node: CstNode): RcExportStatement | undefined {
    const kw = tokens(node, "ExportKeyword")[0];
    if (!kw) return undefined;
    const keyword = kw.image === "readonly" ? "readonly" : "export";
    const assignments = tokens(node, "AssignWord").map((tok) => assignment(tok, keyword));
    const names = tokens(node, "NameWord").map((tok) => ({ name: tok.image, range: tokenRange(tok) }));
    const end = Math.max(kw.startOffset + kw.image.length, ...assignments.map((a) => a.range.end), ...names.map((n) => n.range.end));
    return { type: "Export", keyword, assignments, names, range: { start: kw.startOffset, end } };
  }

  private opaque(tok: IToken): RcOpaqueStatement {
    const p = tok.payload as OpaquePayload;
    const range = tokenRange(tok);
    this.problems.push({ message: opaqueNote(p), range, severity: "note" });
    return { type: "Opaque", kind: p.kind, assignedNames: p.assignedNames, range };
  }
}

function assignment(tok: IToken, modifier: "export" | "readonly" | undefined): RcAssignment {
  const p = tok.payload as AssignPayload;
  return { type: "Assignment", name: p.name, nameRange: p.nameRange, value: p.value, modifier, range: tokenRange(tok) };
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
