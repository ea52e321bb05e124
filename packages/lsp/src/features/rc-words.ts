import type { RcAssignment, RcConfFile, RcStatement, TextRange } from "@jaillint/parser";

/** One blank-separated word of an rc.conf value, with its range in the file. */
export interface RcValueWord {
  readonly text: string;
  readonly range: TextRange;
}

/**
 * The words of an assignment's literal text (`jail_list="www db"`), each with its own range when the source
 * holds it as written (no escapes), else the range of the piece it is in. References and `$(…)` are skipped:
 * what they expand to is not written here.
 */
export function rcValueWords(a: RcAssignment, text: string): RcValueWord[] {
  const out: RcValueWord[] = [];
  for (const piece of a.value.pieces) {
    if (piece.kind !== "literal") continue;
    const src = text.slice(piece.range.start, piece.range.end);
    const exact = src === piece.text ? 0 : src.length === piece.text.length + 2 && src.slice(1, -1) === piece.text ? 1 : undefined;
    for (const m of piece.text.matchAll(/[^ \t\n]+/g)) {
      const start = exact === undefined ? piece.range.start : piece.range.start + exact + (m.index ?? 0);
      const end = exact === undefined ? piece.range.end : start + m[0].length;
      out.push({ text: m[0], range: { start, end } });
    }
  }
  return out;
}

/** Every assignment of a file, `export`/`readonly` ones too, in file order. */
export function* rcAssignments(ast: RcConfFile): Generator<RcAssignment> {
  for (const st of ast.statements as readonly RcStatement[]) {
    if (st.type === "Assignment") yield st;
    else if (st.type === "Export") yield* st.assignments;
  }
}
