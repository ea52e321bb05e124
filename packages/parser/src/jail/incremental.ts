// Updating a jail.conf's tree after an edit, in place: only the top-level statements the edit touches are read
// again, the ones before it stay as they are, and the ones after it keep their objects with every offset moved by
// the edit's change of length. An editor does this on every keystroke: a copy of 2,000 moved jail blocks costs as
// much as parsing them again (it is the allocation and the garbage collector that cost), moving their offsets
// where they are costs almost nothing, and everything made from them (the resolver's effective parameters hold
// the tree's own range objects) moves with them.
import { changedSpan } from "../common/text-edit.js";
import type { TextRange } from "../common/text-range.js";
import type { ConfString, JailConfComment, JailConfFile, JailStatement } from "./ast.js";
import { type JailParseOptions, parseJailConf } from "./parse.js";

export interface JailUpdate {
  /** The tree of the new text: the old tree's statements (moved where the edit shifted them) and the reparsed ones. */
  readonly ast: JailConfFile;
  /** The old top-level statements the edit replaced, in order. */
  readonly replaced: readonly JailStatement[];
  /** The top-level statements that replace them, in order. */
  readonly added: readonly JailStatement[];
}

/**
 * `parseJailConf(text)` made by updating the tree of the text before the edit, or undefined when that would not be
 * sure to give the same tree (the old text had problems, or the edited part does not parse cleanly on its own; the
 * old tree is then untouched, and the whole text must be parsed). On success the old tree is **changed**: its
 * statements after the edit are moved, and the old tree, with whatever holds its ranges, is only good as the new
 * text's from then on. incremental.test.ts holds the result to a full parse on random edits.
 *
 * A jail.conf is a sequence of top-level statements, each ending in `;` or `}`, after which the lexer is between
 * tokens, outside any string or comment. So the text from the end of the last statement before the edit to the
 * start of the first one after it can be read alone; when it reads without a problem, the statements around it are
 * what a full parse makes of them.
 */
export function updateJailConf(
  before: { readonly text: string; readonly ast: JailConfFile },
  text: string,
  options: JailParseOptions = {},
): JailUpdate | undefined {
  const old = before.ast;
  if (old.problems.length > 0) return undefined;
  const span = changedSpan(before.text, text);
  if (!span) return { ast: old, replaced: [], added: [] };
  const delta = span.newEnd - span.oldEnd;
  const list = old.statements;
  // The region: from the end of the last statement that ends before the edit, to the start of the first that
  // starts after it (a statement ending exactly where the edit starts is read again: text typed after its `;` may
  // continue it).
  let first = 0;
  while (first < list.length && (list[first] as JailStatement).range.end < span.start) first++;
  let after = first;
  while (after < list.length && (list[after] as JailStatement).range.start <= span.oldEnd) after++;
  const regionStart = first > 0 ? (list[first - 1] as JailStatement).range.end : 0;
  const oldRegionEnd = after < list.length ? (list[after] as JailStatement).range.start : before.text.length;
  const newRegionEnd = after < list.length ? oldRegionEnd + delta : text.length;
  const region = parseJailConf(text.slice(regionStart, newRegionEnd), options);
  if (region.problems.length > 0) return undefined;
  // From here on the old tree is changed.
  for (const r of region.statements) moveStatement(r, regionStart);
  // A reparsed statement with the same text as an old one, at the same place or moved past the edit, is that one.
  const oldAt = new Map<number, JailStatement>();
  for (let i = first; i < after; i++) oldAt.set((list[i] as JailStatement).range.start, list[i] as JailStatement);
  const kept = new Set<JailStatement>();
  const statements: JailStatement[] = list.slice(0, first);
  const added: JailStatement[] = [];
  const sameText = (o: JailStatement, st: JailStatement): boolean =>
    o.range.end - o.range.start === st.range.end - st.range.start &&
    before.text.slice(o.range.start, o.range.end) === text.slice(st.range.start, st.range.end);
  for (const st of region.statements) {
    const atOld = st.range.end <= span.start ? st.range.start : st.range.start >= span.newEnd ? st.range.start - delta : undefined;
    const o = atOld === undefined ? undefined : oldAt.get(atOld);
    if (o && sameText(o, st)) {
      if (atOld !== st.range.start) moveStatement(o, delta);
      kept.add(o);
      statements.push(o);
    } else {
      added.push(st);
      statements.push(st);
    }
  }
  const replaced = list.slice(first, after).filter((o) => !kept.has(o));
  for (let i = after; i < list.length; i++) {
    moveStatement(list[i] as JailStatement, delta);
    statements.push(list[i] as JailStatement);
  }
  const comments: JailConfComment[] = [];
  for (const c of old.comments) if (c.range.end <= regionStart) comments.push(c);
  for (const c of region.comments) {
    moveRange(c.range, regionStart);
    comments.push(c);
  }
  for (const c of old.comments) {
    if (c.range.start < oldRegionEnd) continue;
    moveRange(c.range, delta);
    comments.push(c);
  }
  const ast: JailConfFile = { type: "JailConfFile", statements, comments, problems: [], range: { start: 0, end: text.length } };
  return { ast, replaced, added };
}

function moveRange(r: TextRange, delta: number): void {
  const m = r as { start: number; end: number };
  m.start += delta;
  m.end += delta;
}

/**
 * Moves every range of a statement by `delta`, each once. The parsers share one range object in one place only: a
 * string that is a single literal over all its text shares it with its piece (direct.ts); incremental.test.ts
 * checks that no tree shares any other.
 */
function moveStatement(st: JailStatement, delta: number): void {
  moveRange(st.range, delta);
  if (st.type === "Param") {
    moveRange(st.nameRange, delta);
    if (st.operatorRange) moveRange(st.operatorRange, delta);
    moveStrings(st.values, delta);
  } else if (st.type === "Jail") {
    moveRange(st.nameRange, delta);
    for (let i = 0; i < st.body.length; i++) moveStatement(st.body[i] as JailStatement, delta);
  } else {
    moveStrings(st.paths, delta);
  }
}

function moveStrings(list: readonly ConfString[], delta: number): void {
  for (let i = 0; i < list.length; i++) {
    const s = list[i] as ConfString;
    moveRange(s.range, delta);
    for (let k = 0; k < s.pieces.length; k++) {
      const p = s.pieces[k] as ConfString["pieces"][number];
      if (p.range !== s.range) moveRange(p.range, delta);
    }
  }
}
