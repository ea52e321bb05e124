import type { HostAddress } from "./host-interfaces.js";
import { addressKey, type JailAddressEntry } from "./jail-network.js";

/**
 * Address → holders, and interface → addresses, built once per host so cross-jail rules look addresses up
 * instead of comparing every pair of jails (STYLE.md: indexes, never all-pairs loops).
 */
export class AddressIndex {
  readonly #jails = new Map<string, JailAddressEntry[]>();
  readonly #host = new Map<string, HostAddress[]>();
  readonly #byInterface = new Map<string, { jails: JailAddressEntry[]; host: HostAddress[] }>();

  constructor(jailEntries: Iterable<JailAddressEntry>, hostAddresses: Iterable<HostAddress>) {
    for (const e of jailEntries) {
      if (!e.ip) continue;
      push(this.#jails, addressKey(e), e);
      const placed = e.interface ?? e.execAlias?.interface;
      if (placed) this.#iface(placed).jails.push(e);
    }
    for (const h of hostAddresses) {
      push(this.#host, h.address, h);
      this.#iface(h.interface).host.push(h);
    }
  }

  #iface(name: string): { jails: JailAddressEntry[]; host: HostAddress[] } {
    let e = this.#byInterface.get(name);
    if (!e) {
      e = { jails: [], host: [] };
      this.#byInterface.set(name, e);
    }
    return e;
  }

  /** Jail items holding the address, in jail order. */
  jailsHolding(key: string): readonly JailAddressEntry[] {
    return this.#jails.get(key) ?? [];
  }

  /** rc.conf addresses equal to the address. */
  hostHolding(key: string): readonly HostAddress[] {
    return this.#host.get(key) ?? [];
  }

  /** Every address put on the interface, by rc.conf or by jail(8). */
  onInterface(name: string): { readonly jails: readonly JailAddressEntry[]; readonly host: readonly HostAddress[] } {
    return this.#byInterface.get(name) ?? { jails: [], host: [] };
  }

  interfaceNames(): IterableIterator<string> {
    return this.#byInterface.keys();
  }

  /** Addresses held by more than one jail item. */
  *shared(): IterableIterator<[string, readonly JailAddressEntry[]]> {
    for (const [k, v] of this.#jails) if (v.length > 1) yield [k, v];
  }
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
