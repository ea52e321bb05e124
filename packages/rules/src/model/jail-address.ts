import ipaddr from "ipaddr.js";

/** One `ip4.addr` / `ip6.addr` item split the way config.c splits it (jail-networking §1.1). */
export interface JailAddress {
  readonly family: 4 | 6;
  /** The item as written. */
  readonly raw: string;
  /** Text before `|`: the interface jail(8) adds the alias to. */
  readonly iface: string | undefined;
  /** What the kernel receives: the item without `IF|`, cut at the first `/` and then at the first space. */
  readonly address: string;
  /** The zone of `fe80::1%em0` (libjail's inet_pton rejects it; ifconfig accepts it). */
  readonly zone: string | undefined;
  /** Prefix length from `/N` or a dotted mask; jail(8) defaults to /32 and /128. */
  readonly prefix: number;
  /** ifconfig words after the address (`vhid 1`). */
  readonly extra: string;
  /** The parsed address, or undefined when it is not a valid address of the family. */
  readonly ip: ipaddr.IPv4 | ipaddr.IPv6 | undefined;
  /** Why the address is invalid, when it is. */
  readonly error: string | undefined;
}

// The host model parses each jail's items and JL003 the statements they come from: mostly the same texts.
const parsed = new Map<string, JailAddress>();
const PARSED_LIMIT = 50_000;

export function parseJailAddress(raw: string, family: 4 | 6): JailAddress {
  const key = `${family}${raw}`;
  const known = parsed.get(key);
  if (known) return known;
  const a = parse(raw, family);
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(key, a);
  return a;
}

function parse(raw: string, family: 4 | 6): JailAddress {
  const bar = raw.indexOf("|");
  const iface = bar === -1 ? undefined : raw.slice(0, bar).trim();
  const rest = (bar === -1 ? raw : raw.slice(bar + 1)).trim();
  const space = rest.search(/\s/);
  const addrAndMask = space === -1 ? rest : rest.slice(0, space);
  const extra = space === -1 ? "" : rest.slice(space + 1).trim();
  const slash = addrAndMask.indexOf("/");
  let address = slash === -1 ? addrAndMask : addrAndMask.slice(0, slash);
  const mask = slash === -1 ? undefined : addrAndMask.slice(slash + 1);
  let zone: string | undefined;
  const pct = address.indexOf("%");
  if (pct !== -1 && family === 6) {
    zone = address.slice(pct + 1);
    address = address.slice(0, pct);
  }
  let ip: ipaddr.IPv4 | ipaddr.IPv6 | undefined;
  let error: string | undefined;
  if (family === 4) {
    // libjail uses inet_pton(AF_INET), which takes only the four-part dotted-decimal form.
    if (ipaddr.IPv4.isValidFourPartDecimal(address)) ip = ipaddr.IPv4.parse(address);
    else error = `not an IPv4 address: "${address}"`;
  } else if (ipaddr.IPv6.isValid(address)) {
    ip = ipaddr.IPv6.parse(address);
  } else error = `not an IPv6 address: "${address}"`;
  const max = family === 4 ? 32 : 128;
  let prefix = max;
  if (mask !== undefined && ip) {
    if (/^\d+$/.test(mask) && Number(mask) <= max) prefix = Number(mask);
    else if (family === 4 && ipaddr.IPv4.isValidFourPartDecimal(mask)) {
      const p = ipaddr.IPv4.parse(mask).prefixLengthFromSubnetMask();
      if (p === null) error = `netmask "${mask}" is not contiguous`;
      else prefix = p;
    } else error = `invalid ${family === 4 ? "netmask" : "prefix length"} "/${mask}"`;
  }
  if (iface === "") error ??= "empty interface name before `|`";
  return { family, raw, iface, address, zone, prefix, extra, ip: error ? undefined : ip, error };
}

export type AddressScope = "loopback" | "private" | "link-local" | "cgnat" | "ula" | "unspecified" | "multicast" | "global";

/**
 * "Global" is anything that is not loopback, RFC 1918, link-local, CGNAT (100.64/10), IPv6 ULA, unspecified
 * or multicast. Documentation ranges (192.0.2/24, 2001:db8::/32) count as global: examples use them for
 * public addresses.
 */
export function addressScope(ip: ipaddr.IPv4 | ipaddr.IPv6): AddressScope {
  if (ip.kind() === "ipv6") {
    const v6 = ip as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return addressScope(v6.toIPv4Address());
  }
  switch (ip.range()) {
    case "loopback":
      return "loopback";
    case "private":
      return "private";
    case "linkLocal":
      return "link-local";
    case "carrierGradeNat":
      return "cgnat";
    case "uniqueLocal":
      return "ula";
    case "unspecified":
      return "unspecified";
    case "multicast":
      return "multicast";
    default:
      return "global";
  }
}
