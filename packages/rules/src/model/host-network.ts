import type { EffectiveJail, RcConfig } from "@jaillint/parser";
import { AddressIndex } from "./address-index.js";
import { type HostInterfaces, hostInterfaces, isLoopbackName } from "./host-interfaces.js";
import { addressKey, type ExecFactsCache, type JailAddressEntry, type JailNetwork, jailNetwork } from "./jail-network.js";

/** The host's network as the network rules see it: jails' addresses, the host's interfaces, and their index. */
export interface HostNetwork {
  readonly jails: readonly JailNetwork[];
  /** The network view of one of the host's jails, looked up (not searched for). */
  networkOf(jail: EffectiveJail): JailNetwork | undefined;
  readonly interfaces: HostInterfaces;
  readonly addresses: AddressIndex;
  /**
   * The interface an item's address lives on: its `IF|` or `interface`, else the one the jail's own exec.prestart
   * (exec.created, exec.poststart) `ifconfig … alias` puts it on, else the rc.conf interface holding it.
   */
  interfaceOf(entry: JailAddressEntry): string | undefined;
  /** Whether the interface is a loopback (lo0, lo1, a renamed `lo` clone). */
  isLoopback(ifname: string): boolean;
  /**
   * The interface the packet filter sees traffic to a local address of `ifname` on, out and then in: that loopback
   * itself, or lo0 for an address on any other interface (sys/netinet/in.c installs its host route on lo0;
   * sys/net/if_loop.c `looutput` hands the packet back in on the same interface).
   */
  localTrafficInterface(ifname: string): string;
  /**
   * Interface groups → members, for pf's `on lo`, `set skip on lo` and `from lo`. if_clone.c puts a clone in the
   * group of its cloner, and a rename keeps it there, so `ifconfig_lo1_name="jailnet"` leaves jailnet in group lo:
   * a name alone does not say that (jail-networking.md §4.1).
   */
  readonly groups: ReadonlyMap<string, readonly string[]>;
}

export function buildHostNetwork(
  jails: readonly EffectiveJail[],
  rc: RcConfig | undefined,
  texts: ReadonlyMap<string, string>,
): HostNetwork {
  const execCache: ExecFactsCache = new Map();
  const nets = jails.map((j) => jailNetwork(j, texts, execCache));
  const byJail = new Map<EffectiveJail, JailNetwork>();
  for (const n of nets) byJail.set(n.jail, n);
  const interfaces = hostInterfaces(rc);
  const addresses = new AddressIndex(
    nets.flatMap((n) => [...n.ip4, ...n.ip6]),
    interfaces.addresses,
  );
  const isLoopback = (ifname: string): boolean => interfaces.interfaces.get(ifname)?.loopback ?? isLoopbackName(ifname);
  const groups = new Map<string, string[]>();
  for (const i of interfaces.interfaces.values()) {
    if (i.group === undefined) continue;
    const members = groups.get(i.group);
    if (members) members.push(i.name);
    else groups.set(i.group, [i.name]);
  }
  return {
    jails: nets,
    networkOf: (jail) => byJail.get(jail),
    interfaces,
    addresses,
    isLoopback,
    localTrafficInterface: (ifname) => (isLoopback(ifname) ? ifname : "lo0"),
    groups,
    interfaceOf(entry) {
      if (entry.interface) return entry.interface;
      if (entry.execAlias) return entry.execAlias.interface;
      if (!entry.ip) return undefined;
      const key = addressKey(entry);
      if (key === "127.0.0.1" || key === "::1") return "lo0";
      return addresses.hostHolding(key)[0]?.interface;
    },
  };
}
