import type { CstElement, CstNode, CstNodeLocation, IToken } from "chevrotain";

/**
 * The CST of a statement the parser read without error, its tokens replaced by their positions in the statement.
 *
 * The pf grammar decides only on token types (its one gate compares a token type too), so Chevrotain gives every
 * statement with the same sequence of token types the same tree, each token in the same place. A file's
 * statements mostly repeat a few shapes (`pass in on $if proto tcp to port N`), so the tree of a shape seen before
 * is made again from its shape instead of being parsed: no lookahead, no rule calls, no recovery bookkeeping.
 * Only error-free statements are remembered; a statement with an error is always parsed (its messages name
 * tokens). shapes.test.ts holds the trees made from shapes to the ones Chevrotain builds.
 */
interface Shape {
  readonly name: string;
  readonly labels: readonly string[];
  readonly items: readonly (readonly (number | Shape)[])[];
  /** Positions of the first and last token under the node; -1 when it has none. */
  readonly first: number;
  readonly last: number;
}

/** Longer statements (big tables) rarely repeat; they are parsed every time. */
const MAX_TOKENS = 512;
/** Distinct shapes kept; past this the cache starts again, so memory stays bounded in a long-lived process. */
const MAX_SHAPES = 4096;

export class StatementShapes {
  readonly #shapes = new Map<string, Shape>();
  /** Trees made from a known shape so far. */
  hits = 0;

  /**
   * The cache key of a statement: its token types. Undefined when the statement is not cached: too long, or its
   * tokens' offsets are not in order (a node's offsets are then not those of its first and last token).
   */
  key(tokens: readonly IToken[]): string | undefined {
    const n = tokens.length;
    if (n === 0 || n > MAX_TOKENS) return undefined;
    const codes: number[] = new Array(n);
    let prevStart = Number.NEGATIVE_INFINITY;
    let prevEnd = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const t = tokens[i] as IToken;
      const start = t.startOffset;
      const end = t.endOffset as number;
      if (!(start >= prevStart && end >= prevEnd && end >= start)) return undefined;
      prevStart = start;
      prevEnd = end;
      codes[i] = t.tokenTypeIdx;
    }
    return String.fromCharCode.apply(null, codes);
  }

  /** The CST of a statement whose shape is known, made of `tokens`; undefined for a shape not seen yet. */
  tree(key: string, tokens: readonly IToken[]): CstNode | undefined {
    const shape = this.#shapes.get(key);
    if (!shape) return undefined;
    this.hits++;
    return instantiate(shape, tokens);
  }

  /** Remembers the shape of an error-free statement's CST. */
  remember(key: string, cst: CstNode, tokens: readonly IToken[]): void {
    const positions = new Map<IToken, number>();
    for (let i = 0; i < tokens.length; i++) positions.set(tokens[i] as IToken, i);
    // A token object twice in the statement (a definition line the lexer reads twice) has no one position.
    if (positions.size !== tokens.length) return;
    const shape = shapeOf(cst, positions);
    // A shape must give back the very tree it was taken from; anything unexpected is simply not remembered.
    if (!shape || !sameTree(instantiate(shape, tokens), cst)) return;
    if (this.#shapes.size >= MAX_SHAPES) this.#shapes.clear();
    this.#shapes.set(key, shape);
  }
}

function isToken(e: CstElement): e is IToken {
  return "image" in e;
}

function shapeOf(node: CstNode, positions: ReadonlyMap<IToken, number>): Shape | undefined {
  if (node.recoveredNode) return undefined;
  const labels: string[] = [];
  const items: (number | Shape)[][] = [];
  let first = -1;
  let last = -1;
  for (const label in node.children) {
    const list: (number | Shape)[] = [];
    for (const e of node.children[label] as CstElement[]) {
      if (isToken(e)) {
        const at = positions.get(e);
        if (at === undefined) return undefined;
        list.push(at);
        if (first === -1 || at < first) first = at;
        if (at > last) last = at;
      } else {
        const inner = shapeOf(e, positions);
        if (!inner) return undefined;
        list.push(inner);
        if (inner.first !== -1 && (first === -1 || inner.first < first)) first = inner.first;
        if (inner.last > last) last = inner.last;
      }
    }
    labels.push(label);
    items.push(list);
  }
  return { name: node.name, labels, items, first, last };
}

/** A CST node as Chevrotain makes it: `name`, `children` (a prototype-less object), then `location`. */
function instantiate(shape: Shape, tokens: readonly IToken[]): CstNode {
  const children = Object.create(null) as Record<string, CstElement[]>;
  const { labels, items } = shape;
  for (let l = 0; l < labels.length; l++) {
    const src = items[l] as readonly (number | Shape)[];
    const list: CstElement[] = new Array(src.length);
    for (let k = 0; k < src.length; k++) {
      const item = src[k] as number | Shape;
      list[k] = typeof item === "number" ? (tokens[item] as IToken) : instantiate(item, tokens);
    }
    children[labels[l] as string] = list;
  }
  const location: CstNodeLocation =
    shape.first === -1
      ? { startOffset: Number.NaN, endOffset: Number.NaN }
      : { startOffset: (tokens[shape.first] as IToken).startOffset, endOffset: (tokens[shape.last] as IToken).endOffset as number };
  return { name: shape.name, children, location };
}

/** The same names, labels in the same order, the same token objects and the same locations. */
export function sameTree(a: CstNode, b: CstNode): boolean {
  if (a.name !== b.name || !sameLocation(a.location, b.location)) return false;
  const la = Object.keys(a.children);
  const lb = Object.keys(b.children);
  if (la.length !== lb.length) return false;
  for (let i = 0; i < la.length; i++) {
    const label = la[i] as string;
    if (label !== lb[i]) return false;
    const xa = a.children[label] as CstElement[];
    const xb = b.children[label] as CstElement[];
    if (xa.length !== xb.length) return false;
    for (let k = 0; k < xa.length; k++) {
      const ea = xa[k] as CstElement;
      const eb = xb[k] as CstElement;
      if (isToken(ea) || isToken(eb)) {
        if (ea !== eb) return false;
      } else if (!sameTree(ea, eb)) return false;
    }
  }
  return true;
}

function sameLocation(a: CstNodeLocation | undefined, b: CstNodeLocation | undefined): boolean {
  if (!a || !b) return a === b;
  return Object.is(a.startOffset, b.startOffset) && Object.is(a.endOffset, b.endOffset);
}
