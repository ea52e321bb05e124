import type { GraphAddress, GraphEdge, GraphFinding, GraphJail, GraphPublicPort, HostGraph } from "@jaillint/rules";
import { replaceUnsafe, visibleEscape } from "../formatters/terminal-safe.js";

/**
 * Text from the configuration (jail names, rule text, messages) with its control, bidi and invisible characters
 * shown as escapes: a jail name is the admin's to choose and may hold anything jail.conf can quote. Each renderer
 * escapes the result once more for its own syntax.
 */
export function shown(text: string): string {
  return replaceUnsafe(text, visibleEscape);
}

/** A group of jails drawn together: the interface of their primary address, or none. */
export interface JailGroup {
  /** The interface's node id, or undefined for jails without an interface. */
  readonly id: string | undefined;
  readonly title: string;
  readonly jails: readonly GraphJail[];
}

/** Jails grouped by the interface of their primary address, in the graph's interface order; jails with none last. */
export function jailGroups(graph: HostGraph): JailGroup[] {
  const by = new Map<string | undefined, GraphJail[]>();
  for (const j of graph.jails) {
    const l = by.get(j.group) ?? [];
    l.push(j);
    by.set(j.group, l);
  }
  const out: JailGroup[] = [];
  for (const i of graph.interfaces) {
    const jails = by.get(i.name);
    if (jails) out.push({ id: i.id, title: interfaceTitle(graph, i.name), jails });
  }
  const none = by.get(undefined);
  if (none) out.push({ id: undefined, title: "no interface", jails: none });
  return out;
}

export function interfaceTitle(graph: HostGraph, name: string): string {
  const i = graph.interfaces.find((x) => x.name === name);
  const what = [i?.loopback ? "loopback" : undefined, i?.known === false ? "not created by rc.conf" : undefined].filter(Boolean);
  return `${shown(name)}${what.length > 0 ? ` (${what.join(", ")})` : ""}`;
}

export function addressLine(a: GraphAddress): string {
  const max = a.family === 4 ? 32 : 128;
  const marks = [a.primary ? "primary" : undefined, ...a.findings.map((f) => f.code)].filter(Boolean);
  return `${shown(a.address)}${a.prefix !== max ? `/${a.prefix}` : ""}${a.interface !== undefined ? ` on ${shown(a.interface)}` : ""}${marks.length > 0 ? ` [${marks.join(" ")}]` : ""}`;
}

/** A jail's lines: name, addresses primary first, how its stack is set when it has no list, its finding codes. */
export function jailLines(j: GraphJail): string[] {
  const lines = [shown(j.name)];
  if (j.vnet) lines.push("vnet (a network stack of its own)");
  if (j.ip4Mode === "inherit") lines.push("ip4 inherit: every host IPv4 address");
  if (j.ip6Mode === "inherit") lines.push("ip6 inherit: every host IPv6 address");
  for (const a of j.addresses) lines.push(addressLine(a));
  if (j.exposedLoopback) lines.push("JL201 exposed loopback: localhost is the primary address");
  const codes = findingCodes(j);
  if (codes.length > 0) lines.push(`also: ${codes.join(" ")}`);
  return lines;
}

/** The findings in a jail's block that are not at one of its addresses (those are shown with the address). */
export function otherFindings(j: GraphJail): GraphFinding[] {
  const atAddress = new Set(j.addresses.flatMap((a) => a.findings.map((f) => `${f.code}\0${f.message}`)));
  return j.findings.filter((f) => !atAddress.has(`${f.code}\0${f.message}`));
}

/** The distinct codes of a jail's findings not at one of its addresses, in order. */
export function findingCodes(j: GraphJail): string[] {
  return [...new Set(otherFindings(j).map((f) => f.code))];
}

export function portLabel(p: GraphPublicPort): string {
  const ports = p.ports.length > 0 ? ` port ${p.ports.join(" ")}` : "";
  return `${p.interfaces.map(shown).join(" ")}${p.protos.length > 0 ? ` ${p.protos.map(shown).join(" ")}` : ""}${shown(ports)}`;
}

/** An edge's label, or undefined when it has none. */
export function edgeLabel(e: GraphEdge): string | undefined {
  switch (e.kind) {
    case "member":
      return undefined;
    case "public":
      return undefined;
    case "nat":
      return `nat: ${shown(e.rule)}`;
    case "rdr":
      return `rdr → ${shown(e.address)}${e.port !== undefined ? ` port ${shown(e.port)}` : ""}${e.findings.map((f) => ` ${f.code}`).join("")}`;
    case "reach": {
      const n = e.destinations.length;
      const what = e.verdict === "pass" ? "reachable" : "maybe reachable";
      return `${e.finding.code}: ${n === 1 ? `loopback ${what}` : `${n} jails' loopback ${what}`} (${e.sources} source${e.sources === 1 ? "" : "s"})`;
    }
  }
}
