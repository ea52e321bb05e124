/** Small IPv4/IPv6 helpers for static rule evaluation: parse, mask, contain. */

export interface ParsedAddress {
  readonly af: "inet" | "inet6";
  readonly value: bigint;
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseV6(input: string): bigint | undefined {
  const text = input.replace(/%.*$/, "");
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || !text.includes(":")) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string): string[] | undefined => {
    if (s === "") return [];
    const out: string[] = [];
    const parts = s.split(":");
    for (const [i, p] of parts.entries()) {
      if (i === parts.length - 1 && p.includes(".")) {
        const v4 = parseV4(p);
        if (v4 === undefined) return undefined;
        out.push((v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(p)) out.push(p);
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0] ?? "");
  const tail = halves.length === 2 ? groups(halves[1] ?? "") : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return undefined;
  let v = 0n;
  for (const g of [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill("0"), ...tail])
    v = (v << 16n) | BigInt(Number.parseInt(g, 16));
  return v;
}

export function parseAddress(text: string): ParsedAddress | undefined {
  const v4 = parseV4(text);
  if (v4 !== undefined) return { af: "inet", value: v4 };
  const v6 = parseV6(text);
  return v6 !== undefined ? { af: "inet6", value: v6 } : undefined;
}

const bits = (af: "inet" | "inet6"): number => (af === "inet" ? 32 : 128);

/** True when `address` lies in `network`/`prefix` (same family only). */
export function networkContains(network: string, prefix: number, address: string): boolean {
  const n = parseAddress(network);
  const a = parseAddress(address);
  if (!n || !a || n.af !== a.af) return false;
  const shift = BigInt(bits(n.af) - prefix);
  return n.value >> shift === a.value >> shift;
}

/** `a - b` inclusive. */
export function rangeContains(from: string, to: string, address: string): boolean {
  const f = parseAddress(from);
  const t = parseAddress(to);
  const a = parseAddress(address);
  if (!f || !t || !a || f.af !== a.af || t.af !== a.af) return false;
  return f.value <= a.value && a.value <= t.value;
}

function format(af: "inet" | "inet6", value: bigint): string {
  if (af === "inet") return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 0xffn).toString()).join(".");
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((value >> s) & 0xffffn).toString(16));
  // Compress the longest run of zero groups, as RFC 5952 prints it.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLen).join(":")}`;
}

/** `10.1.2.3/8` → `10.0.0.0/8`: pfctl masks off host bits (pf0012). */
export function canonicalNetwork(address: string, prefix?: number): string | undefined {
  const a = parseAddress(address);
  if (!a) return undefined;
  const len = prefix ?? bits(a.af);
  const shift = BigInt(bits(a.af) - len);
  return `${format(a.af, (a.value >> shift) << shift)}/${len}`;
}
