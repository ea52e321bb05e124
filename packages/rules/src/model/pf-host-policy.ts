import {
  canonicalNetwork,
  interfaceInGroup,
  type PfAddressMatch,
  type PfEndpoint,
  type PfFilterRule,
  type PfMatchCriteria,
  type PfPolicy,
  type PfTable,
  type PfTranslation,
} from "@jaillint/parser";
import { BUILTIN_LOOPBACK_ADDRESSES } from "./host-interfaces.js";
import type { HostNetwork } from "./host-network.js";

/**
 * pf.conf with the interface names used as addresses (`from lo1`, `to (em0)`, `lo1:network`, `self`, tables
 * listing interfaces) replaced by the addresses the host model knows: rc.conf's and the jail aliases jail(8)
 * adds (jail-networking.md §4.4, §5.2). Done only when rc.conf was given: without it the host's own
 * addresses are unknown, and the evaluation says "unknown" instead of guessing.
 */
export function hostPfPolicy(policy: PfPolicy, network: HostNetwork): PfPolicy {
  if (!network.interfaces.known) return policy;
  // JL202, JL210 and JL203 each ask for it: built once per policy and host.
  let byNetwork = built.get(policy);
  if (!byNetwork) {
    byNetwork = new WeakMap();
    built.set(policy, byNetwork);
  }
  const known = byNetwork.get(network);
  if (known) return known;
  const out = resolve(policy, network);
  byNetwork.set(network, out);
  return out;
}

const built = new WeakMap<PfPolicy, WeakMap<HostNetwork, PfPolicy>>();

/** Whether an element names an interface or `self`, which the host model turns into a table of addresses. */
const resolvable = (m: PfAddressMatch): boolean =>
  (m.kind === "interface" && (m.modifier === undefined || m.modifier === "network")) || m.kind === "self";

function resolve(policy: PfPolicy, network: HostNetwork): PfPolicy {
  const tables = new Map<string, PfTable>(policy.tables.map((t) => [t.name, t]));
  const extra: PfTable[] = [];
  const synthetic = new Map<string, string>();

  const members = (name: string): string[] | undefined => {
    if (name === "self") return [...allInterfaces(network)];
    const all = allInterfaces(network);
    if (all.has(name)) return [name];
    if (/\d$/.test(name)) return undefined;
    const group = [...all].filter((i) => interfaceInGroup(name, i, network.groups));
    return group.length > 0 ? group : undefined;
  };

  const networksOf = (name: string, modifier: "network" | undefined): string[] | undefined => {
    const ifs = members(name);
    if (!ifs) return undefined;
    const out: string[] = [];
    for (const i of ifs) {
      const held = network.addresses.onInterface(i);
      if (i === "lo0") for (const a of BUILTIN_LOOPBACK_ADDRESSES) out.push(canonicalNetwork(a) ?? a);
      for (const h of held.host)
        out.push(networkText(h.ip.kind() === "ipv4" ? 4 : 6, h.address, modifier === "network" ? h.prefix : undefined) ?? h.address);
      for (const j of held.jails) {
        if (!j.ip) continue;
        out.push(networkText(j.family, j.key, modifier === "network" ? j.prefix : undefined) ?? j.address);
      }
    }
    return [...new Set(out)];
  };

  const tableFor = (name: string, modifier: "network" | undefined, range: PfAddressMatch["range"]): string | undefined => {
    const key = `${name}${modifier ? `:${modifier}` : ""}`;
    const known = synthetic.get(key);
    if (known) return known;
    const nets = networksOf(name, modifier);
    if (!nets) return undefined;
    // A name pf.conf cannot use for a table of its own, so it never shadows one.
    const tname = `if:${key}`;
    const t: PfTable = {
      name: tname,
      persist: false,
      const: true,
      counters: false,
      addresses: nets.map((network) => ({ network, negated: false, range })),
      names: [],
      files: [],
      static: true,
      range,
    };
    extra.push(t);
    tables.set(tname, t);
    synthetic.set(key, tname);
    return tname;
  };

  const address = (m: PfAddressMatch): PfAddressMatch => {
    if (m.kind === "interface" && (m.modifier === undefined || m.modifier === "network")) {
      const t = tableFor(m.name, m.modifier, m.range);
      return t ? { kind: "table", name: t, negated: m.negated, range: m.range } : m;
    }
    if (m.kind === "self") {
      const t = tableFor("self", undefined, m.range);
      return t ? { kind: "table", name: t, negated: m.negated, range: m.range } : m;
    }
    return m;
  };
  const endpoint = (e: PfEndpoint): PfEndpoint => ({ ...e, addresses: e.addresses.map(address) });
  // Most rules name no interface as an address: those are kept as they are, not copied.
  const crit = <T extends PfMatchCriteria>(c: T): T =>
    c.from.addresses.some(resolvable) || c.to.addresses.some(resolvable) ? { ...c, from: endpoint(c.from), to: endpoint(c.to) } : c;

  // Tables listing interface names (`table <jails> { lo1 }`): pfctl resolves them at load time.
  const resolvedTables = policy.tables.map((t): PfTable => {
    if (t.static || t.files.length > 0 || t.names.length === 0) return t;
    const nets = t.names.map((n) => networksOf(n, undefined));
    if (nets.some((n) => n === undefined)) return t;
    return {
      ...t,
      static: true,
      addresses: [...t.addresses, ...nets.flatMap((n) => (n ?? []).map((network) => ({ network, negated: false, range: t.range })))],
    };
  });

  const filterRules = policy.filterRules.map((r): PfFilterRule => {
    const own = crit(r);
    if (r.guards.length === 0) return own;
    const guards = r.guards.map(crit);
    return own === r && guards.every((g, i) => g === r.guards[i]) ? r : { ...own, guards };
  });
  const translations = policy.translations.map((t): PfTranslation => crit(t));
  return { ...policy, tables: [...resolvedTables, ...extra], filterRules, translations };
}

/**
 * canonicalNetwork of a valid address whose canonical text is `text`: a host entry (the common case, one per
 * jail) needs no mask arithmetic.
 */
function networkText(family: 4 | 6, text: string, prefix: number | undefined): string | undefined {
  const full = family === 4 ? 32 : 128;
  return prefix === undefined || prefix === full ? `${text}/${full}` : canonicalNetwork(text, prefix);
}

function allInterfaces(network: HostNetwork): Set<string> {
  const out = new Set<string>(network.interfaces.interfaces.keys());
  for (const n of network.addresses.interfaceNames()) out.add(n);
  return out;
}
