import type { GraphFinding, GraphJail, HostGraph } from "@jaillint/rules";
import { edgeLabel, interfaceTitle, jailGroups, otherFindings, portLabel, shown } from "./labels.js";

/** An edge as the page's script draws it. */
interface DrawnEdge {
  readonly from: string;
  readonly to: string;
  readonly cls: string;
  readonly code?: string | undefined;
  readonly title: string;
}

/** Groups with more jails than this start collapsed into a one-line summary that opens on a click. */
export const COLLAPSE_ABOVE = 24;

/** Text for HTML element content and quoted attribute values. */
export function htmlText(text: string): string {
  return shown(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** JSON inside a <script> element: nothing in it can end the element or open a comment. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function badges(findings: readonly GraphFinding[]): string {
  const seen = new Map<string, GraphFinding[]>();
  for (const f of findings) seen.set(f.code, [...(seen.get(f.code) ?? []), f]);
  return [...seen]
    .map(
      ([code, fs]) =>
        `<span class="badge ${fs[0]?.severity ?? "info"}" title="${htmlText(fs.map((f) => f.message).join(" · "))}">${htmlText(code)}</span>`,
    )
    .join("");
}

function jailCard(j: GraphJail): string {
  const addrs = j.addresses.map((a) => {
    const max = a.family === 4 ? 32 : 128;
    const exposed = a.findings.some((f) => f.code === "JL201");
    return `<li class="addr${a.primary ? " primary" : ""}${exposed ? " exposed" : ""}"><code>${htmlText(a.address)}${a.prefix !== max ? `/${a.prefix}` : ""}</code>${a.interface !== undefined ? ` <span class="on">on ${htmlText(a.interface)}</span>` : ""}${a.primary ? ' <span class="tag">primary</span>' : ""}${badges(a.findings)}</li>`;
  });
  const modes = [
    j.vnet ? "vnet: a network stack of its own" : undefined,
    j.ip4Mode === "inherit" ? "ip4 inherit: every host IPv4 address" : undefined,
    j.ip6Mode === "inherit" ? "ip6 inherit: every host IPv6 address" : undefined,
  ].filter((m): m is string => m !== undefined);
  const others = otherFindings(j);
  return `<div class="jail${j.exposedLoopback ? " exposed" : ""}" data-node="${htmlText(j.id)}" data-jail="${htmlText(j.name)}"><div class="name">${htmlText(j.name)}</div>${modes.map((m) => `<div class="mode">${htmlText(m)}</div>`).join("")}${addrs.length > 0 ? `<ul>${addrs.join("")}</ul>` : ""}${j.exposedLoopback ? '<div class="warn">JL201: localhost is the primary, global address</div>' : ""}${others.length > 0 ? `<div class="findings">${badges(others)}</div>` : ""}</div>`;
}

const STYLE = `
body{font:13px/1.35 system-ui,sans-serif;margin:16px;color:#1b1b1b;background:#fafafa}
h1{font-size:18px;margin:0 0 8px}
.legend{display:flex;flex-wrap:wrap;gap:14px;margin:0 0 14px;font-size:12px}
.legend span{display:inline-flex;align-items:center;gap:5px}
.sw{display:inline-block;width:22px;height:0;border-top:2px solid #555}
.sw.reach{border-color:#c00000}.sw.maybe{border-top-style:dashed;border-color:#b36b00}.sw.nat{border-top-style:dashed}
.box{display:inline-block;width:14px;height:10px;border:2px solid #c00000;border-radius:3px}
.top{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start;margin-bottom:28px}
.internet{border:2px solid #555;border-radius:50%;padding:10px 18px;font-weight:600;background:#fff}
.port,.nowhere{border:1px solid #777;border-radius:4px;padding:6px 8px;background:#fff;max-width:320px}
.nowhere{border:2px dashed #c00000;color:#c00000}
.port code{font-size:11px;color:#555;display:block}
.groups{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
details.group{border:1px solid #9a9a9a;border-radius:6px;background:#fff;padding:0 10px 10px;min-width:220px;max-width:100%}
details.group>summary{cursor:pointer;padding:8px 0;font-weight:600}
details.group>summary .count{font-weight:400;color:#555}
details.group.unknown{border-style:dashed}
.host{font-size:11px;color:#555;margin:0 0 6px}
.jails{display:flex;flex-wrap:wrap;gap:8px}
.jail{border:1px solid #bbb;border-radius:4px;padding:5px 7px;background:#fdfdfd;min-width:150px}
.jail.exposed{border:2px solid #c00000}
.jail .name{font-weight:600;word-break:break-all}
.jail ul{list-style:none;margin:3px 0 0;padding:0}
.addr{font-size:12px}.addr.exposed code{color:#c00000;font-weight:600}
.on{color:#555}.tag{font-size:10px;background:#e8e8e8;border-radius:3px;padding:0 3px}
.mode{font-size:11px;color:#7a4b00}
.warn{color:#c00000;font-size:11px;font-weight:600}
.badge{font-size:10px;border-radius:3px;padding:0 4px;margin-left:4px;color:#fff;background:#666;cursor:help}
.badge.error{background:#c00000}.badge.warning{background:#b36b00}.badge.info{background:#2f6690}
svg.edges{position:absolute;left:0;top:0;pointer-events:none;overflow:visible}
svg.edges path{fill:none;stroke-width:2;pointer-events:stroke}
svg.edges path.reach.pass{stroke:#c00000}svg.edges path.reach.unknown{stroke:#b36b00;stroke-dasharray:6 4}
svg.edges path.rdr{stroke:#444}svg.edges path.rdr.finding{stroke:#c00000}svg.edges path.nat{stroke:#777;stroke-dasharray:5 4}
svg.edges text{font-size:11px;font-weight:600;fill:#c00000;stroke:#fafafa;stroke-width:3px;paint-order:stroke;text-anchor:middle}
`;

// Draws the edges over the laid-out page: an edge whose jail is in a collapsed group ends at the group's summary.
const SCRIPT = `
(function(){
var edges=JSON.parse(document.getElementById("edges").textContent);
var ns="http://www.w3.org/2000/svg";
var svg=document.createElementNS(ns,"svg");svg.setAttribute("class","edges");document.body.appendChild(svg);
var nodes={};document.querySelectorAll("[data-node]").forEach(function(e){nodes[e.getAttribute("data-node")]=e;});
function visible(id){var e=nodes[id];if(!e)return null;var d=e.closest("details");
 if(d&&!d.open&&!d.contains(e.closest("summary")))return d.querySelector("summary");return e;}
function draw(){
 while(svg.firstChild)svg.removeChild(svg.firstChild);
 svg.setAttribute("width",document.documentElement.scrollWidth);svg.setAttribute("height",document.documentElement.scrollHeight);
 edges.forEach(function(e){
  var a=visible(e.from),b=visible(e.to);if(!a||!b)return;
  var ra=a.getBoundingClientRect(),rb=b.getBoundingClientRect(),sx=window.scrollX,sy=window.scrollY,d;
  var mx,my;
  if(a===b){var x=ra.right+sx,y=ra.top+sy+ra.height/2;d="M"+x+" "+(y-6)+" C"+(x+40)+" "+(y-30)+" "+(x+40)+" "+(y+30)+" "+x+" "+(y+6);mx=x+32;my=y;}
  else if(ra.bottom>rb.top&&rb.bottom>ra.top){
   if(e.cls.indexOf("reach")===0){var x1=ra.left+sx+ra.width/2,x2=rb.left+sx+rb.width/2,y0=Math.min(ra.top,rb.top)+sy,h=24+Math.min(60,Math.abs(x2-x1)/8);
    d="M"+x1+" "+(ra.top+sy)+" C"+x1+" "+(y0-h)+" "+x2+" "+(y0-h)+" "+x2+" "+(rb.top+sy);mx=(x1+x2)/2;my=y0-h*0.75;}
   else{var right=rb.left>=ra.right,x1=(right?ra.right:ra.left)+sx,x2=(right?rb.left:rb.right)+sx,y1=ra.top+sy+ra.height/2,y2=rb.top+sy+rb.height/2;
    d="M"+x1+" "+y1+" C"+(x1+x2)/2+" "+y1+" "+(x1+x2)/2+" "+y2+" "+x2+" "+y2;mx=(x1+x2)/2;my=(y1+y2)/2;}}
  else{var x1=ra.left+sx+ra.width/2,y1=ra.bottom+sy,x2=rb.left+sx+rb.width/2,y2=rb.top+sy;
   if(rb.top<ra.top){y1=ra.top+sy;y2=rb.bottom+sy;}
   var m=(y1+y2)/2;d="M"+x1+" "+y1+" C"+x1+" "+m+" "+x2+" "+m+" "+x2+" "+y2;mx=(x1+x2)/2;my=m;}
  var p=document.createElementNS(ns,"path");p.setAttribute("d",d);p.setAttribute("class","edge "+e.cls);
  if(e.code)p.setAttribute("data-code",e.code);
  var t=document.createElementNS(ns,"title");t.textContent=e.title;p.appendChild(t);svg.appendChild(p);
  if(e.code){var l=document.createElementNS(ns,"text");l.setAttribute("x",mx);l.setAttribute("y",my);l.setAttribute("class","label "+e.cls);l.textContent=e.code;svg.appendChild(l);}
 });
 document.body.setAttribute("data-edges-drawn",String(svg.querySelectorAll("path").length));
}
document.querySelectorAll("details").forEach(function(d){d.addEventListener("toggle",draw);});
window.addEventListener("resize",draw);draw();
})();
`;

/**
 * The host graph as one self-contained HTML page (inline CSS, SVG and script, nothing fetched: its
 * Content-Security-Policy allows no source at all): the internet and public ports on top, one box per interface
 * with the jails whose primary address is on it, groups of more than COLLAPSE_ABOVE jails collapsed, and the
 * edges (rdr, nat, cross-jail loopback reachability in red) drawn over the page.
 */
export function renderHtml(graph: HostGraph, title: string): string {
  const top: string[] = [];
  if (graph.internet) top.push('<div class="internet" data-node="internet">internet</div>');
  for (const p of graph.ports)
    top.push(`<div class="port" data-node="${htmlText(p.id)}">public ${htmlText(portLabel(p))}<code>${htmlText(p.rule)}</code></div>`);
  for (const n of graph.nowhere)
    top.push(`<div class="nowhere" data-node="${htmlText(n.id)}">${htmlText(n.address)}: held by no jail</div>`);
  const groups = jailGroups(graph).map((g) => {
    const i = graph.interfaces.find((x) => x.id === g.id);
    const withFindings = g.jails.filter((j) => j.findings.length > 0).length;
    const open = g.jails.length <= COLLAPSE_ABOVE;
    const nat = graph.edges.some((e) => e.kind === "nat" && e.from === g.id);
    return `<details class="group${i?.known === false ? " unknown" : ""}"${open ? " open" : ""}${g.id ? ` data-node="${htmlText(g.id)}"` : ""} data-jails="${g.jails.length}"><summary>${htmlText(g.title)} <span class="count">${g.jails.length} jail${g.jails.length === 1 ? "" : "s"}${withFindings > 0 ? `, ${withFindings} with findings` : ""}${nat ? ", nat to the internet" : ""}</span></summary>${i && i.hostAddresses.length > 0 ? `<div class="host">host: ${i.hostAddresses.map(htmlText).join(", ")}</div>` : ""}<div class="jails">${g.jails.map(jailCard).join("")}</div></details>`;
  });
  const grouped = new Set(jailGroups(graph).map((g) => g.id));
  for (const i of graph.interfaces) {
    if (grouped.has(i.id)) continue;
    groups.push(
      `<details class="group${i.known === false ? " unknown" : ""}" open data-node="${htmlText(i.id)}" data-jails="0"><summary>${htmlText(interfaceTitle(graph, i.name))} <span class="count">no jail's primary address</span></summary>${i.hostAddresses.length > 0 ? `<div class="host">host: ${i.hostAddresses.map(htmlText).join(", ")}</div>` : ""}</details>`,
    );
  }
  const edges = graph.edges.flatMap((e): DrawnEdge[] => {
    const label = edgeLabel(e) ?? "";
    switch (e.kind) {
      case "reach":
        return [
          {
            from: e.from,
            to: e.to,
            cls: `reach ${e.verdict}`,
            code: e.finding.code,
            title: `${label}\n${shown(e.finding.message)}\njails: ${e.destinations.map(shown).join(", ")}`,
          },
        ];
      case "rdr":
        return [{ from: e.from, to: e.to, cls: `rdr${e.findings.length > 0 ? " finding" : ""}`, code: e.findings[0]?.code, title: label }];
      case "nat":
        return [{ from: e.from, to: e.to, cls: "nat", title: `${label}\njails: ${e.jails.map(shown).join(", ")}` }];
      case "public":
        return [{ from: e.from, to: e.to, cls: "rdr", title: "from the internet" }];
      default:
        return [];
    }
  });
  // The script finds nodes by their data-node attribute, which holds the id as htmlText shows it.
  const drawn = edges.map((e) => ({ ...e, from: shown(e.from), to: shown(e.to) }));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlText(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${htmlText(title)}</h1>
<div class="legend"><span><i class="sw reach"></i>jails reach another jail's loopback (JL202, JL203)</span><span><i class="sw maybe"></i>maybe (JL202 info)</span><span><i class="box"></i>exposed loopback (JL201)</span><span><i class="sw"></i>rdr from a public port</span><span><i class="sw nat"></i>nat to the internet</span><span>groups of more than ${COLLAPSE_ABOVE} jails start collapsed: click to open</span></div>
<div class="top">${top.join("")}</div>
<div class="groups">${groups.join("")}</div>
<script type="application/json" id="edges">${scriptJson(drawn)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
