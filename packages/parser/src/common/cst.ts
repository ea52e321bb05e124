import type { CstNode, IToken } from "chevrotain";
import type { TextRange } from "./text-range.js";

// Helpers every grammar's CST → AST step uses. Chevrotain's recovery inserts virtual tokens (NaN
// offsets); an AST never points at one.

export const tokenRange = (tok: IToken): TextRange => ({ start: tok.startOffset, end: tok.startOffset + tok.image.length });

export const isRealToken = (tok: IToken | undefined): tok is IToken =>
  tok !== undefined && !tok.isInsertedInRecovery && !Number.isNaN(tok.startOffset);

type Children = Record<string, (CstNode | IToken)[] | undefined>;

/** The tokens under a label, as recorded (virtual ones included). */
export function cstTokens(node: CstNode, label: string): IToken[] {
  return ((node.children as Children)[label] ?? []) as IToken[];
}

/** The sub-rule nodes under a label. */
export function cstNodes(node: CstNode, label: string): CstNode[] {
  return ((node.children as Children)[label] ?? []) as CstNode[];
}

interface LiteralPiece {
  readonly kind: "literal";
  readonly text: string;
  readonly range: TextRange;
}

const isLiteral = <P extends { readonly kind: string }>(p: P | undefined): p is P & LiteralPiece => p?.kind === "literal";

/** Merges neighbouring literal pieces of a string into one, keeping the range over both. */
export function joinLiteralPieces<P extends { readonly kind: string; readonly range: TextRange }>(pieces: readonly P[]): P[] {
  // An array of its exact size: an AST keeps it (one grown by push holds at least 17 slots).
  let adjacent = false;
  for (let i = 1; i < pieces.length && !adjacent; i++) adjacent = isLiteral(pieces[i]) && isLiteral(pieces[i - 1]);
  if (!adjacent) return pieces.slice();
  const out: P[] = [];
  for (const p of pieces) {
    const prev = out[out.length - 1];
    if (isLiteral(p) && isLiteral(prev)) {
      out[out.length - 1] = { ...prev, text: prev.text + p.text, range: { start: prev.range.start, end: p.range.end } };
    } else {
      out.push(p);
    }
  }
  return out.slice();
}
