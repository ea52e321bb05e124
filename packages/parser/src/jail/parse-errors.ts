import { EOF, type IToken } from "chevrotain";
import { ellipsize } from "../common/code-points.js";
import type { SyntaxProblem } from "../common/syntax-problem.js";

const symbol: Record<string, string> = {
  Semicolon: "`;`",
  LCurly: "`{`",
  RCurly: "`}`",
  Equals: "`=`",
  PlusEquals: "`+=`",
  Comma: "`,`",
  Str: "a name or value",
};

function show(tok: IToken): string {
  if (tok.tokenType === EOF) return "the end of the file";
  const image = ellipsize(tok.image, 30);
  return `\`${image.replace(/\n/g, "\\n")}\``;
}

const realRange = (tok: IToken | undefined) =>
  tok && !Number.isNaN(tok.startOffset) && tok.tokenType !== EOF
    ? { start: tok.startOffset, end: tok.startOffset + tok.image.length }
    : undefined;

/** Turns a Chevrotain recognition error into a message an admin can act on, placed where the fix goes. */
export function describeParseError(e: { message: string; token: IToken; previousToken?: IToken }, text: string): SyntaxProblem | undefined {
  const expected = [...e.message.matchAll(/--> (\w+) <--/g)].map((m) => m[1] as string).filter((n) => n in symbol);
  const found = show(e.token);
  const at = realRange(e.token) ?? { start: text.length, end: text.length };
  const prev = realRange(e.previousToken);
  if (expected[0] === "Semicolon" && prev) {
    return { message: `missing \`;\` after this statement (found ${found} instead): end each parameter with \`;\``, range: prev };
  }
  // The AST builder reports an unclosed block at its name, where the reader can see which one it is.
  if (expected[0] === "RCurly" && e.token.tokenType === EOF) return undefined;
  if (expected.length > 0) {
    return { message: `syntax error at ${found}: expected ${expected.map((n) => symbol[n]).join(" or ")}`, range: at };
  }
  return { message: `syntax error at ${found}: expected a parameter, a jail block or \`;\``, range: at };
}
