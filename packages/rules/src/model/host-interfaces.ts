import type { RcConfig, RcProvenance } from "@jaillint/parser";
import { type IpAddress, parseIp } from "@jaillint/parser";

export type HostInterfaceOrigin = "kernel" | "cloned" | "configured";

export interface HostInterface {
  readonly name: string;
  readonly origin: HostInterfaceOrigin;
  /** A loopback: `lo0`, or any interface made by the `lo` cloner (jail-networking.md §3.1 case 4, §4.1). */
  readonly loopback: boolean;
  /** The group the kernel puts it in (the cloner's name), when it is cloned. */
  readonly group: string | undefined;
  readonly source: RcProvenance | undefined;
}

/** An address rc.conf gives the host. */
export interface HostAddress {
  readonly interface: string;
  readonly family: 4 | 6;
  /** Canonical text (see addressKey). */
  readonly address: string;
  readonly prefix: number | undefined;
  readonly ip: IpAddress;
  readonly source: RcProvenance;
}

/** The interfaces the host creates and the addresses it holds, from rc.conf (jail-networking.md §0). */
export interface HostInterfaces {
  /** False when no rc.conf was given: then nothing is known about the host's interfaces. */
  readonly known: boolean;
  readonly interfaces: ReadonlyMap<string, HostInterface>;
  /** `ifconfig_DEFAULT` configures every interface the kernel finds, so any hardware name may exist. */
  readonly defaultConfigured: boolean;
  readonly addresses: readonly HostAddress[];
  /**
   * Cloners `cloned_interfaces` names without a unit (`cloned_interfaces="lo bridge"`): `ifconfig lo create` takes
   * the next free unit, so which lo<N> exists is known only on the host.
   */
  readonly unnumberedClones: ReadonlySet<string>;
  /** Interfaces rc.conf configures by DHCP (`ifconfig_em0="DHCP"`): their networks are known only on the host. */
  readonly dhcp: ReadonlySet<string>;
  /** `ifconfig_<if>_name`: the old name → the new one. The old name no longer exists once rc.d/netif ran. */
  readonly renamed: ReadonlyMap<string, string>;
}

/** `lo0`, `lo1`, …: loopback by name, as rc.conf's `cloned_interfaces="lo1"` makes them. */
export function isLoopbackName(name: string): boolean {
  return /^lo\d+$/.test(name);
}

const LOOPBACK_V4 = "127.0.0.1";

export function hostInterfaces(rc: RcConfig | undefined): HostInterfaces {
  const interfaces = new Map<string, HostInterface>();
  const addresses: HostAddress[] = [];
  // lo0 always exists (if_loop.c vnet_loif_init) and holds 127.0.0.1 and ::1 (rc.d/netif via ifconfig_lo0 defaults).
  interfaces.set("lo0", { name: "lo0", origin: "kernel", loopback: true, group: "lo", source: undefined });
  const unnumberedClones = new Set<string>();
  const renamed = new Map<string, string>();
  const dhcp = new Set<string>();
  if (!rc) return { known: false, interfaces, defaultConfigured: false, addresses, unnumberedClones, dhcp, renamed };
  for (const c of rc.clonedInterfaces()) {
    if (!/\d/.test(c.createdAs)) {
      unnumberedClones.add(c.cloner);
      continue;
    }
    const name = c.renamedTo ?? c.name;
    interfaces.set(name, { name, origin: "cloned", loopback: c.cloner === "lo", group: c.cloner, source: c.source });
  }
  for (const c of rc.configuredInterfaces()) {
    if (c.renamedTo !== undefined && c.renamedTo !== c.name) renamed.set(c.name, c.renamedTo);
    const name = c.renamedTo ?? c.name;
    if (interfaces.has(name)) continue;
    const v = c.variables[0];
    interfaces.set(name, { name, origin: "configured", loopback: isLoopbackName(name), group: undefined, source: v?.source });
  }
  // vlans_<if>="100 200" and wlans_<if>="wlan0" create interfaces too (network.subr vlan_up, wlan_up).
  for (const v of rc.variables.values()) {
    const m = /^(vlans|wlans)_(.+)$/.exec(v.name);
    if (!m) continue;
    const parent = m[2] as string;
    for (const w of rc.words(v.name)) {
      const name = m[1] === "vlans" && /^\d+$/.test(w.text) ? `${parent}.${w.text}` : w.text;
      if (!interfaces.has(name)) interfaces.set(name, { name, origin: "configured", loopback: false, group: undefined, source: w.source });
    }
  }
  for (const ifa of rc.interfaceAddresses()) {
    if (ifa.dhcp) dhcp.add(ifa.interface);
    for (const a of ifa.addresses) {
      const ip = parseIp(a.address);
      if (!ip) continue;
      addresses.push({
        interface: ifa.interface,
        family: a.family === "inet" ? 4 : 6,
        address: ip.toString(),
        prefix: a.prefixLength,
        ip,
        source: a.source,
      });
    }
  }
  return {
    known: true,
    interfaces,
    defaultConfigured: rc.get("ifconfig_DEFAULT") !== undefined,
    addresses,
    unnumberedClones,
    dhcp,
    renamed,
  };
}

/** Addresses every host has on lo0 whether rc.conf says so or not. */
export const BUILTIN_LOOPBACK_ADDRESSES: readonly string[] = [LOOPBACK_V4, "::1"];
