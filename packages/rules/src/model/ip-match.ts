import ipaddr from "ipaddr.js";

function parse(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  return ipaddr.isValid(text) ? ipaddr.parse(text) : undefined;
}

/** True when `address` lies in `network`/`prefix`; false across families. */
export function networkContains(network: string, prefix: number, address: string): boolean {
  const n = parse(network);
  const a = parse(address);
  if (!n || !a || n.kind() !== a.kind()) return false;
  return a.match(n, prefix);
}

/** `from - to` inclusive, as pf's address ranges. */
export function rangeContains(from: string, to: string, address: string): boolean {
  const f = parse(from);
  const t = parse(to);
  const a = parse(address);
  if (!f || !t || !a || f.kind() !== a.kind() || t.kind() !== a.kind()) return false;
  const cmp = (x: number[], y: number[]): number => {
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
    return 0;
  };
  const b = a.toByteArray();
  return cmp(f.toByteArray(), b) <= 0 && cmp(b, t.toByteArray()) <= 0;
}

/** `10.1.2.3`, 8 → `10.0.0.0/8`; no prefix means a host (/32, /128). */
export function canonicalNetwork(address: string, prefix?: number): string | undefined {
  const a = parse(address);
  if (!a) return undefined;
  const len = prefix ?? (a.kind() === "ipv4" ? 32 : 128);
  const net = a.kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(`${a}/${len}`) : ipaddr.IPv6.networkAddressFromCIDR(`${a}/${len}`);
  return `${net.toString()}/${len}`;
}
