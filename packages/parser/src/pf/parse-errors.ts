import { EOF, type IToken } from "chevrotain";
import { ellipsize } from "../common/code-points.js";
import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { TextRange } from "../common/text-range.js";
import { tokenRange } from "./lexer.js";
import type { PfParseError } from "./parser.js";

const symbol: Record<string, string> = {
  LCurly: "`{`",
  RCurly: "`}`",
  LParen: "`(`",
  RParen: "`)`",
  Less: "`<`",
  Greater: "`>`",
  Equals: "`=`",
  Comma: "`,`",
  Slash: "`/`",
  Minus: "`-`",
  Bang: "`!`",
  Arrow: "`->`",
  Value: "a name or value",
  Word: "a name or value",
  Quoted: "a quoted string",
  NL: "a new line",
};

function describe(name: string): string | undefined {
  if (name.startsWith("Kw_")) return `\`${name.slice(3).replace(/_/g, "-")}\``;
  return symbol[name];
}

function show(tok: IToken): string {
  if (tok.tokenType === EOF) return "the end of the line";
  const image = ellipsize(tok.image, 30);
  return `\`${image}\``;
}

const real = (tok: IToken | undefined): TextRange | undefined =>
  tok && !Number.isNaN(tok.startOffset) && tok.tokenType !== EOF ? tokenRange(tok) : undefined;

/** What kind of statement a first word starts, for messages. */
function statementKind(first: IToken | undefined): string {
  const w = first?.image ?? "";
  if (w === "pass" || w === "block" || w === "match") return `\`${w}\` rule`;
  if (["nat", "rdr", "binat", "no"].includes(w)) return "translation rule";
  if (w.endsWith("anchor")) return "anchor rule";
  if (w === "set") return "`set` option";
  if (w === "table") return "table definition";
  return `\`${w}\` statement`;
}

/**
 * Turns a Chevrotain recognition error into a message an admin can act on. `statementTokens` are the tokens of
 * the statement (one logical line) the error is in.
 */
export function describeParseError(e: PfParseError, statementTokens: readonly IToken[], lineEnd: number): SyntaxProblem {
  const first = statementTokens[0];
  const prev = real(e.previousToken);
  const found = show(e.token);
  const at = real(e.token);
  const expected = [
    ...new Set(
      [...e.message.matchAll(/(?:--> |\[)(\w+)(?: <--|[,\]])/g)].map((m) => describe(m[1] as string)).filter((x): x is string => !!x),
    ),
  ];
  const list = expected.length > 6 ? `${expected.slice(0, 6).join(", ")}, …` : expected.join(" or ");
  if (e.ruleStack.length <= 1 && e.token === first && !e.message.startsWith("Redundant")) {
    return {
      message: `syntax error at ${found}: expected a statement (a pass/block/match rule, nat/rdr, set, table, anchor, include, or a macro definition \`name = value\`)`,
      range: at ?? { start: lineEnd, end: lineEnd },
    };
  }
  if (e.message.startsWith("Redundant input")) {
    return {
      message: `syntax error at ${found}: not valid at this point of a ${statementKind(first)}; check the spelling and the order of the rule's parts`,
      range: at ?? { start: lineEnd, end: lineEnd },
    };
  }
  if (!at) {
    const after = e.previousToken ? ` after ${show(e.previousToken)}` : "";
    return {
      message: `incomplete ${statementKind(first)}: the line ends${after}, expected ${list || "more"}`,
      range: prev ?? { start: lineEnd, end: lineEnd },
    };
  }
  return { message: `syntax error at ${found}: expected ${list || "something else"}`, range: at };
}
