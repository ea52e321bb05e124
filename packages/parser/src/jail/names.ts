import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { ConfString } from "./ast.js";

/**
 * jailparse.y takes a name as one STR token: `foo.*` (two pieces) or `"a$b"` is a syntax error there. Returns the
 * name as written and reports the problem into `problems`. Shared by both jail.conf readers (to-ast.ts and
 * direct.ts), which must read every file alike.
 */
export function singleWord(s: ConfString, what: string, problems: SyntaxProblem[]): string {
  const pieces = s.pieces;
  if (s.tokenCount === 1 && pieces.length === 1 && pieces[0]?.kind === "literal") return pieces[0].text;
  const text = pieces.map((p) => (p.kind === "literal" ? p.text : `\${${p.name}}`)).join("");
  if (s.tokenCount > 1 || pieces.some((p) => p.kind === "variable")) {
    problems.push({
      message: `${what} must be a single word, but "${text}" is read as ${s.tokenCount > 1 ? `${s.tokenCount} pieces` : "text with a variable"}: put it in quotes without variables`,
      range: s.range,
    });
  }
  return text;
}

/** A parameter statement's name: `$var = …` (one unquoted variable) assigns a variable, anything else names a parameter. */
export function paramName(name: ConfString, problems: SyntaxProblem[]): { readonly text: string; readonly isVariable: boolean } {
  const only = name.pieces.length === 1 ? name.pieces[0] : undefined;
  if (only?.kind === "variable" && name.tokenCount === 1 && !name.quoted) return { text: only.name, isVariable: true };
  return { text: singleWord(name, "a parameter name", problems), isVariable: false };
}
