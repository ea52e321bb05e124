import type { HostGraph } from "@jaillint/rules";
import { edgeLabel, interfaceTitle, jailGroups, jailLines, portLabel, shown } from "./labels.js";

/**
 * Text for a quoted Mermaid label: `#` starts Mermaid's entity codes (`#quot;`), so it is written as one, and so are
 * the characters that would end the label or be read as markup.
 */
export function mermaidText(text: string): string {
  return text
    .replace(/#/g, "#35;")
    .replace(/"/g, "#quot;")
    .replace(/&/g, "#amp;")
    .replace(/</g, "#lt;")
    .replace(/>/g, "#gt;")
    .replace(/`/g, "#96;")
    .replace(/\|/g, "#124;");
}

const lines = (ls: readonly string[]): string => `"${ls.map(mermaidText).join("<br/>")}"`;

/** The host graph as a Mermaid flowchart: one subgraph per interface with the jails whose primary address is on it. */
export function renderMermaid(graph: HostGraph): string {
  const ids = new Map<string, string>();
  const id = (graphId: string): string => {
    let m = ids.get(graphId);
    if (!m) {
      m = graphId === "internet" ? "internet" : `n${ids.size}`;
      ids.set(graphId, m);
    }
    return m;
  };
  const out: string[] = ["flowchart LR"];
  if (graph.internet) out.push(`  ${id("internet")}((${lines(["internet"])}))`);
  for (const p of graph.ports) out.push(`  ${id(p.id)}>${lines([`public ${portLabel(p)}`])}]`);
  for (const n of graph.nowhere) out.push(`  ${id(n.id)}[${lines([shown(n.address), "held by no jail"])}]`);
  const grouped = new Set<string>();
  const iface = (ifId: string): string => {
    const i = graph.interfaces.find((x) => x.id === ifId);
    return i ? `${id(i.id)}{{${lines([interfaceTitle(graph, i.name), ...i.hostAddresses.map((a) => `host ${shown(a)}`)])}}}` : "";
  };
  jailGroups(graph).forEach((g, n) => {
    const indent = g.id ? "    " : "  ";
    if (g.id) {
      grouped.add(g.id);
      out.push(`  subgraph g${n} [${lines([g.title])}]`);
      out.push(`    ${iface(g.id)}`);
    }
    for (const j of g.jails) out.push(`${indent}${id(j.id)}[${lines(jailLines(j))}]`);
    if (g.id) out.push("  end");
  });
  for (const i of graph.interfaces) if (!grouped.has(i.id)) out.push(`  ${iface(i.id)}`);
  const styles: string[] = [];
  graph.edges.forEach((e, n) => {
    const label = edgeLabel(e);
    const text = label === undefined ? "" : `|${lines([label])}|`;
    const arrow = e.kind === "member" ? "---" : e.kind === "nat" || (e.kind === "reach" && e.verdict !== "pass") ? "-.->" : "-->";
    out.push(`  ${id(e.from)} ${arrow}${text} ${id(e.to)}`);
    if (e.kind === "reach") {
      const color = e.verdict === "pass" ? "#c00000" : "#b36b00";
      styles.push(`  linkStyle ${n} stroke:${color},stroke-width:2px,color:${color}`);
    } else if (e.kind === "rdr" && e.findings.length > 0) styles.push(`  linkStyle ${n} stroke:#c00000`);
  });
  out.push(...styles);
  const red = [...graph.jails.filter((j) => j.exposedLoopback).map((j) => id(j.id)), ...graph.nowhere.map((x) => id(x.id))];
  if (red.length > 0) {
    out.push("  classDef finding stroke:#c00000,stroke-width:2px,color:#c00000");
    out.push(`  class ${red.join(",")} finding`);
  }
  const unknown = graph.interfaces.filter((i) => i.known === false).map((i) => id(i.id));
  if (unknown.length > 0) {
    out.push("  classDef unknown stroke-dasharray:4 3");
    out.push(`  class ${unknown.join(",")} unknown`);
  }
  return `${out.join("\n")}\n`;
}
