import type { CstNode, IToken } from "chevrotain";
import { cstNodes, cstTokens, isRealToken, tokenRange } from "../common/cst.js";
import type { FreeBsdVersion } from "../common/freebsd-version.js";
import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { ConfString, JailBlock, JailStatement, ParamStatement } from "./ast.js";
import type { StrPayload } from "./lexer.js";
import { paramName, singleWord } from "./names.js";

const tokens = cstTokens;
const nodes = cstNodes;
const isReal = isRealToken;

function confString(tok: IToken): ConfString {
  const payload = tok.payload as StrPayload;
  return { range: tokenRange(tok), pieces: payload.pieces, tokenCount: payload.tokenCount, quoted: payload.quoted };
}

/** Converts the CST to jaillint's own AST and adds the checks jailparse.y makes outside the grammar. */
export class JailAstBuilder {
  readonly problems: SyntaxProblem[] = [];
  constructor(
    private readonly version: FreeBsdVersion,
    /** An unterminated string or comment ate the rest of the file: unclosed blocks are only its echo. */
    private readonly swallowedToEnd = false,
  ) {}

  file(cst: CstNode): JailStatement[] {
    for (const stray of tokens(cst, "strayClose")) {
      if (isReal(stray)) this.problems.push({ message: "unexpected `}`: there is no open jail block to close", range: tokenRange(stray) });
    }
    return this.statements(nodes(cst, "statement"), undefined);
  }

  private statements(list: CstNode[], parent: string | undefined): JailStatement[] {
    const out: JailStatement[] = [];
    for (const st of list) {
      const jail = nodes(st, "jail")[0];
      const param = nodes(st, "param")[0];
      if (jail) {
        const block = this.jail(jail, parent);
        if (block) out.push(block);
      } else if (param) {
        const p = this.param(param);
        if (p) out.push(p);
      }
    }
    return out;
  }

  private jail(node: CstNode, parent: string | undefined): JailBlock | undefined {
    const nameTok = tokens(node, "name")[0];
    if (!isReal(nameTok)) return undefined;
    const name = confString(nameTok);
    const text = singleWord(name, "a jail name", this.problems);
    const close = tokens(node, "RCurly")[0];
    const fullName = parent === undefined ? text : `${parent}.${text}`;
    const body = this.statements(nodes(node, "statement"), fullName);
    const lastEnd = isReal(close)
      ? close.startOffset + 1
      : Math.max(nameTok.startOffset + nameTok.image.length, ...body.map((b) => b.range.end));
    if (!isReal(close) && !this.swallowedToEnd) {
      this.problems.push({ message: `jail block "${fullName}" is never closed: add \`}\` after its last parameter`, range: name.range });
    }
    if (parent !== undefined && this.version < 14) {
      this.problems.push({
        message: `nested jail block "${text}": FreeBSD ${this.version} accepts nested blocks only from 14.0; write it as a top-level block named "${fullName}"`,
        range: name.range,
      });
    }
    return { type: "Jail", name: text, nameRange: name.range, body, range: { start: nameTok.startOffset, end: lastEnd } };
  }

  private param(node: CstNode): ParamStatement | undefined {
    const nameTok = tokens(node, "name")[0];
    if (!isReal(nameTok)) return undefined;
    const name = confString(nameTok);
    const eq = tokens(node, "Equals")[0];
    const pleq = tokens(node, "PlusEquals")[0];
    const valueNode = nodes(node, "value")[0];
    const values = valueNode ? tokens(valueNode, "Str").filter(isReal).map(confString) : [];
    const semi = tokens(node, "Semicolon")[0];
    const opTok = isReal(eq) ? eq : isReal(pleq) ? pleq : undefined;
    const operator = opTok === eq && opTok ? "=" : opTok ? "+=" : values.length > 0 ? "juxtaposed" : "bare";
    const end = isReal(semi)
      ? semi.startOffset + 1
      : Math.max(name.range.end, opTok ? opTok.startOffset + opTok.image.length : 0, ...values.map((v) => v.range.end));
    const { text, isVariable } = paramName(name, this.problems);
    return {
      type: "Param",
      name: text,
      nameRange: name.range,
      isVariable,
      operator,
      operatorRange: opTok ? tokenRange(opTok) : undefined,
      values,
      range: { start: nameTok.startOffset, end },
      recovered: false,
    };
  }
}
