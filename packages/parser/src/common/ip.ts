import ipaddr from "ipaddr.js";

// Address arithmetic for static rule evaluation, on ipaddr.js (well kept, and the project's one address
// library) rather than hand-written bit twiddling. Parsed addresses are cached: pf evaluation asks about the
// same few addresses over and over.

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

const cache = new Map<string, IpAddress | null>();
const CACHE_LIMIT = 50_000;

/** An IPv4 or IPv6 address (a `%zone` suffix is ignored), or undefined. */
export function parseIp(text: string): IpAddress | undefined {
  let hit = cache.get(text);
  if (hit === undefined) {
    const bare = text.replace(/%.*$/, "");
    hit = ipaddr.isValid(bare) && (bare.includes(":") || ipaddr.IPv4.isValidFourPartDecimal(bare)) ? ipaddr.parse(bare) : null;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, hit);
  }
  return hit ?? undefined;
}

/** True when `address` lies in `network`/`prefix`; false across families. */
export function networkContains(network: string, prefix: number, address: string): boolean {
  const n = parseIp(network);
  const a = parseIp(address);
  if (!n || !a || n.kind() !== a.kind()) return false;
  return a.match(n, prefix);
}

function compareBytes(x: readonly number[], y: readonly number[]): number {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return 0;
}

/** `from - to` inclusive, as pf's address ranges. */
export function rangeContains(from: string, to: string, address: string): boolean {
  const f = parseIp(from);
  const t = parseIp(to);
  const a = parseIp(address);
  if (!f || !t || !a || f.kind() !== a.kind() || t.kind() !== a.kind()) return false;
  const b = a.toByteArray();
  return compareBytes(f.toByteArray(), b) <= 0 && compareBytes(b, t.toByteArray()) <= 0;
}

/** `10.1.2.3`, 8 → `10.0.0.0/8`: pfctl masks off host bits (pf0012); no prefix means a host (/32, /128). */
export function canonicalNetwork(address: string, prefix?: number): string | undefined {
  const a = parseIp(address);
  if (!a) return undefined;
  const len = prefix ?? (a.kind() === "ipv4" ? 32 : 128);
  const net = a.kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(`${a}/${len}`) : ipaddr.IPv6.networkAddressFromCIDR(`${a}/${len}`);
  return `${net.toString()}/${len}`;
}
