import type { PfTable } from "@jaillint/parser";
import { networkContains } from "@jaillint/parser";

/** Membership in a pf table's known contents, by hash for host entries: O(1) for the /32s jails are made of. */
export interface TableIndex {
  has(ip: string): boolean;
  /** Host entries (canonical address text → member, false for a negated entry), the last entry for an address winning. */
  readonly exact: ReadonlyMap<string, boolean>;
  /** The entries that are networks, not hosts: `has` scans them when `exact` does not hold the address. */
  readonly networks: number;
}

// A table's index is built once, whichever rule asks first (JL202, JL210 and JL203's fix all read the same tables).
const indexes = new WeakMap<PfTable, TableIndex>();

export function indexTable(t: PfTable): TableIndex {
  const known = indexes.get(t);
  if (known) return known;
  const exact = new Map<string, boolean>();
  const nets: { net: string; len: number; negated: boolean }[] = [];
  for (const a of t.addresses) {
    const [n = "", len = "0"] = a.network.split("/");
    const l = Number(len);
    if ((l === 32 && !n.includes(":")) || l === 128) exact.set(n, !a.negated);
    else nets.push({ net: n, len: l, negated: a.negated });
  }
  const index: TableIndex = {
    exact,
    networks: nets.length,
    has(ip) {
      // pf tables answer with the most specific entry; an exact host entry is the most specific of all.
      const e = exact.get(ip);
      if (e !== undefined) return e;
      let best: { len: number; hit: boolean } | undefined;
      for (const n of nets) if (networkContains(n.net, n.len, ip) && (!best || n.len > best.len)) best = { len: n.len, hit: !n.negated };
      return best?.hit ?? false;
    },
  };
  indexes.set(t, index);
  return index;
}
