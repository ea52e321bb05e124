import type { PfAddressMatch, PfPolicy, PfTable } from "@jaillint/parser";
import { indexTable, type TableIndex } from "./pf-table-index.js";

/** How one `from`/`to` element sees an address: "1", "0", or "u" when only the running host knows. */
export type Seen = "1" | "0" | "u";
export type Matcher = (ip: string) => Seen;

/** What every element of a classifier says about one address, written sparsely. */
export interface AddressClass {
  /** Equal keys, equal answers from every element (and the other way round). */
  readonly key: string;
  /**
   * Elements answering otherwise than their default, by ascending id, each with its answer packed in one number
   * (overrideId, overrideSeen): one list per address, no pair objects.
   */
  readonly overrides: readonly number[];
  /** The answers of the elements that have no default (networks, ranges), in the order of `dynamicIds`. */
  readonly dynamic: string;
}

/**
 * The answers of many `from` (or `to`) elements for an address without asking each of them. Most elements are
 * tables and single addresses: they give one answer to every address except the few they list, so an inverted
 * index (address → the elements listing it) finds the exceptions, and only elements without such a default (a
 * network such as 127.1.0.0/16, a range, a table holding networks) are asked one by one. The work per address
 * is the number of elements listing it plus those few, not the number of elements: 10,000 jails in 500 tables
 * are classified in 10,000 lookups, not 5,000,000 questions.
 */
export class AddressClassifier {
  readonly #defaults: (Seen | undefined)[] = [];
  readonly #dynamic: { readonly id: number; readonly match: Matcher }[] = [];
  readonly #listed = new Map<string, number[]>();

  /** `dynamic` asks an element without a default (it is addressMatcher's answer for it). */
  constructor(elements: readonly PfAddressMatch[], policy: PfPolicy | undefined, dynamic: (m: PfAddressMatch) => Matcher) {
    const tables = new Map<string, PfTable>((policy?.tables ?? []).map((t) => [t.name, t]));
    elements.forEach((m, id) => {
      const compiled = compile(m, tables);
      if (compiled === undefined) {
        this.#defaults.push(undefined);
        this.#dynamic.push({ id, match: dynamic(m) });
        return;
      }
      this.#defaults.push(compiled.dflt);
      const listed = this.#listed;
      const add = (address: string, seen: Seen): void => {
        if (seen === compiled.dflt) return;
        const code = id * 3 + SEEN.indexOf(seen);
        const l = listed.get(address);
        if (l) l.push(code);
        else listed.set(address, [code]);
      };
      if (compiled.host !== undefined) add(compiled.host, flip(m, true));
      // A table entry (host, member) answers flip(member): "1" for a member, "0" for a negated entry.
      else
        compiled.table?.exact.forEach((member, address) => {
          add(address, flip(m, member));
        });
    });
  }

  /** The default answer of a listing element; undefined for one asked address by address. */
  defaultOf(id: number): Seen | undefined {
    return this.#defaults[id];
  }

  get dynamicIds(): readonly number[] {
    return this.#dynamic.map((d) => d.id);
  }

  classify(ip: string): AddressClass {
    const overrides = this.#listed.get(ip) ?? NONE;
    let dynamic = "";
    for (const d of this.#dynamic) dynamic += d.match(ip);
    let key = "";
    for (const code of overrides) key += `${code},`;
    return { key: `${key}|${dynamic}`, overrides, dynamic };
  }
}

const NONE: readonly number[] = [];
const SEEN: readonly Seen[] = ["1", "0", "u"];

/** The element an override is about. */
export const overrideId = (code: number): number => Math.floor(code / 3);

/** What the element says about the address. */
export const overrideSeen = (code: number): Seen => SEEN[code % 3] as Seen;

const flip = (m: PfAddressMatch, b: boolean): Seen => (b !== m.negated ? "1" : "0");

/**
 * An element as a default answer and the addresses answered otherwise (one host, or a table's host entries), or
 * undefined when its answer depends on more than equality (a network, a range, a table holding networks).
 * Mirrors addressMatcher.
 */
function compile(m: PfAddressMatch, tables: ReadonlyMap<string, PfTable>): { dflt: Seen; host?: string; table?: TableIndex } | undefined {
  switch (m.kind) {
    case "network": {
      // The policy's networks are canonical (canonicalNetwork), as are the addresses asked about (addressKey).
      const slash = m.network.indexOf("/");
      const n = m.network.slice(0, slash);
      if (slash < 0 || m.network.slice(slash + 1) !== (n.includes(":") ? "128" : "32")) return undefined;
      return { dflt: flip(m, false), host: n };
    }
    case "range":
      return undefined;
    case "table": {
      const t = tables.get(m.name);
      if (!t?.static) return { dflt: "u" };
      const table = indexTable(t);
      return table.networks > 0 ? undefined : { dflt: flip(m, false), table };
    }
    default:
      return { dflt: "u" };
  }
}
