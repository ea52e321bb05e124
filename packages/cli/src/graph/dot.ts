import type { GraphEdge, HostGraph } from "@jaillint/rules";
import { edgeLabel, interfaceTitle, jailGroups, jailLines, portLabel, shown } from "./labels.js";

const RED = "#c00000";
const AMBER = "#b36b00";

/**
 * A DOT quoted string (graphviz lib/cgraph scan.l: `\"` is the only escape; a label's `\` starts an escString), its
 * control and bidi characters shown as escapes: node ids hold jail names too.
 */
export function dotString(text: string): string {
  return `"${text.split("\n").map(shown).join("\n").replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** Left-justified lines for a label: each line ends with `\l` (graphviz escString). */
function leftLines(lines: readonly string[]): { readonly quoted: string } {
  return { quoted: `"${lines.map((l) => `${l.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, " ")}\\l`).join("")}"` };
}

function attrs(a: Record<string, string | { readonly quoted: string } | undefined>): string {
  const parts = Object.entries(a)
    .filter((e): e is [string, string | { quoted: string }] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${typeof v === "string" ? dotString(v) : v.quoted}`);
  return parts.length > 0 ? ` [${parts.join(", ")}]` : "";
}

/** The host graph in Graphviz's DOT language: interfaces as clusters of the jails whose primary address is on them. */
export function renderDot(graph: HostGraph): string {
  const out: string[] = [];
  out.push("digraph jaillint {");
  out.push('  graph [rankdir=LR, fontname="Helvetica", fontsize=11, compound=true];');
  out.push('  node [fontname="Helvetica", fontsize=10, shape=box];');
  out.push('  edge [fontname="Helvetica", fontsize=9];');
  if (graph.internet) out.push(`  internet${attrs({ label: "internet", shape: "ellipse" })};`);
  for (const p of graph.ports)
    out.push(`  ${dotString(p.id)}${attrs({ label: `public ${portLabel(p)}`, shape: "cds", tooltip: shown(p.rule) })};`);
  for (const n of graph.nowhere)
    out.push(
      `  ${dotString(n.id)}${attrs({ label: `${shown(n.address)}\nheld by no jail`, style: "dashed", color: RED, fontcolor: RED })};`,
    );
  const grouped = new Set<string>();
  jailGroups(graph).forEach((g, n) => {
    const indent = g.id ? "    " : "  ";
    if (g.id) {
      grouped.add(g.id);
      out.push(`  subgraph cluster_${n} {`);
      out.push(`    label=${dotString(g.title)};`);
      out.push(`    ${dotString(g.id)}${interfaceAttrs(graph, g.id)};`);
    }
    for (const j of g.jails) {
      const red = j.exposedLoopback ? RED : undefined;
      out.push(
        `${indent}${dotString(j.id)}${attrs({ label: leftLines(jailLines(j)), color: red, fontcolor: red, penwidth: red ? "2" : undefined })};`,
      );
    }
    if (g.id) out.push("  }");
  });
  for (const i of graph.interfaces) if (!grouped.has(i.id)) out.push(`  ${dotString(i.id)}${interfaceAttrs(graph, i.id)};`);
  for (const e of graph.edges) out.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${edgeAttrs(e)};`);
  out.push("}");
  return `${out.join("\n")}\n`;
}

function interfaceAttrs(graph: HostGraph, id: string): string {
  const i = graph.interfaces.find((x) => x.id === id);
  if (!i) return "";
  const label = [interfaceTitle(graph, i.name), ...i.hostAddresses.map((a) => `host ${shown(a)}`)].join("\n");
  return attrs({ label, shape: "hexagon", style: i.known === false ? "dashed" : undefined });
}

function edgeAttrs(e: GraphEdge): string {
  const label = edgeLabel(e);
  switch (e.kind) {
    case "member":
      return attrs({ arrowhead: "none", color: "#606060" });
    case "public":
      return attrs({});
    case "nat":
      return attrs({ label, style: "dashed", tooltip: `nat for ${e.jails.map(shown).join(", ")}` });
    case "rdr":
      return attrs({ label, color: e.findings.length > 0 ? RED : undefined });
    case "reach": {
      const color = e.verdict === "pass" ? RED : AMBER;
      return attrs({
        label,
        color,
        fontcolor: color,
        penwidth: "2",
        style: e.verdict === "pass" ? undefined : "dashed",
        class: `reach ${e.finding.code}`,
        tooltip: `${shown(e.finding.message)}`,
      });
    }
  }
}
