import { type PfTable, type PfTableIndex, pfTableIndex } from "@jaillint/parser";

/**
 * Membership in a pf table's known contents, by hash for host entries: O(1) for the /32s jails are made of. The
 * evaluator's own index of the table: built once, whether a rule or the evaluator asks first.
 */
export type TableIndex = PfTableIndex;

export function indexTable(t: PfTable): TableIndex {
  return pfTableIndex(t);
}
