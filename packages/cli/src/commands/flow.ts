import type { FreeBsdVersion } from "@jaillint/parser";
import { FLOW_FORMAT_VERSION, type Flow, type FlowPlace, type FlowProto, type FlowStep, traceFlow } from "@jaillint/rules";
import { type Command, Option } from "commander";
import { terminalSafe } from "../formatters/terminal-safe.js";
import type { CliIo } from "../io.js";
import { type HostTree, parseFreebsd, readHostTree, treeName } from "./host-tree.js";

interface FlowOptions {
  from: string;
  to: string;
  proto: FlowProto;
  format: "text" | "json";
  freebsd: FreeBsdVersion;
}

const EXAMPLES = `
Examples:
  jaillint flow --from www --to db:5432 fixtures/hosts/recommended      can www reach PostgreSQL in db?
  jaillint flow --from mail --to mail:25 fixtures/hosts/recommended     a jail to its own loopback address
  jaillint flow --from internet --to 203.0.113.2:80 fixtures/hosts/recommended   what a public port reaches through rdr
  jaillint flow --from db --to 192.0.2.53:53 --proto udp --format json  for scripts (JSON version ${FLOW_FORMAT_VERSION})
`;

/** `jaillint flow`: whether pf passes one flow and why (the core's traceFlow), as text or JSON. */
export function registerFlow(program: Command, io: CliIo, done: (status: number) => void): void {
  program
    .command("flow")
    .description("whether the packet filter (pf, or ipfw) passes traffic from one jail or address to another, and which rules decide it")
    .argument("[tree]", "a directory holding a host's etc/ (default: the host under /)")
    .requiredOption("--from <jail|address>", "the source: a jail name, an IPv4 address, or `internet`")
    .requiredOption("--to <jail|address[:port]>", "the destination: a jail name or an IPv4 address, with :PORT for tcp and udp")
    .addOption(new Option("--proto <proto>", "the protocol").choices(["tcp", "udp", "icmp"]).default("tcp"))
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addOption(new Option("--freebsd <version>", "the FreeBSD release to read the files as").argParser(parseFreebsd).default(15))
    .addHelpText("after", EXAMPLES)
    .exitOverride()
    .action(async (tree: string | undefined, opts: FlowOptions) => {
      done(await flow(tree, opts, io));
    });
}

/** `db:5432` → db and 5432; `db` → db. A string is the problem. */
function splitPort(to: string): { name: string; port?: number } | string {
  // An IPv6 address has colons of its own: it takes no port here.
  if (to.split(":").length > 2) return { name: to };
  const m = /^(.*):(\d+)$/.exec(to);
  if (!m) return to.includes(":") ? `--to ${to}: the port must be a number` : { name: to };
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return `--to ${to}: the port must be 1 to 65535`;
  return { name: m[1] as string, port };
}

async function flow(tree: string | undefined, opts: FlowOptions, io: CliIo): Promise<number> {
  const fail = (message: string): number => {
    io.stderr(`jaillint: ${message}\n`);
    return 2;
  };
  const to = splitPort(opts.to);
  if (typeof to === "string") return fail(to);
  if (to.port !== undefined && opts.proto === "icmp") return fail("--proto icmp has no ports: drop the :PORT of --to");
  if (opts.to === "internet") return fail("--to internet: give the address on the internet (--to 192.0.2.53:53)");
  const host = await readHostTree(tree, opts.freebsd, io);
  if (typeof host === "string") return fail(host);
  const names = new Set(host.result.model.jails.map((j) => j.name));
  const looksLikeAddress = (s: string): boolean => /^[\d.]+$/.test(s) || s.includes(":");
  for (const [flag, name] of [
    ["--from", opts.from],
    ["--to", to.name],
  ] as const)
    if (!names.has(name) && !looksLikeAddress(name) && !(flag === "--from" && name === "internet"))
      return fail(`no jail named "${name}" in ${treeName(tree)}`);
  const r = traceFlow(host.result.model, {
    from: opts.from,
    to: to.name,
    proto: opts.proto,
    ...(to.port !== undefined ? { port: to.port } : {}),
  });
  if (!r.ok) return fail(r.error);
  io.stdout(opts.format === "json" ? `${JSON.stringify(flowJson(r.flow, host), null, 2)}\n` : flowText(r.flow, host));
  return 0;
}

/** The first line of the text a range covers, trimmed: how a rule is quoted. */
function quote(host: HostTree, p: FlowPlace): string {
  const text = host.result.model.texts.get(p.file) ?? "";
  return text.slice(p.range.start, p.range.end).split(/\r?\n/)[0]?.trim() ?? "";
}

function where(host: HostTree, p: FlowPlace): string {
  const at = host.at(p.file, p.range);
  return `${at.file}:${at.line}`;
}

const VERDICT = { pass: "passed", block: "blocked", unknown: "decided at run time" } as const;

function endpoint(e: Flow["from"], port?: number): string {
  const addr = `${e.address}${port !== undefined ? `:${port}` : ""}`;
  return e.kind === "jail" ? `${e.name} (${addr})` : e.kind === "internet" ? `internet (${addr})` : addr;
}

function stepText(s: FlowStep, n: number, host: HostTree): string[] {
  const out: string[] = [];
  const packet = `${s.src} → ${s.dst}${s.dport !== undefined ? `:${s.dport}` : ""}`;
  out.push(`  ${n}. ${s.direction} on ${s.iface}: ${packet}`);
  if (s.translation) {
    const t = s.translation;
    out.push(
      `     ${t.kind} at ${where(host, t)} \`${quote(host, t)}\` makes it ${t.src} → ${t.dst}${t.dport !== undefined ? `:${t.dport}` : ""}`,
    );
  }
  const d = s.decidedBy;
  let why: string;
  if (d.kind === "skip") why = `\`set skip on ${d.name}\` at ${where(host, d)}: pf does not filter ${s.iface}`;
  else if (d.kind === "default") why = "no rule matches, and pf passes by default";
  else if (d.kind === "translation") why = `the ${s.translation?.kind ?? "translation"} rule has \`pass\`: no filter rule is asked`;
  else if (d.number !== undefined && d.stateAt !== undefined)
    why = `the state ipfw rule ${d.number} made on the way out, met at rule ${d.stateAt} (${where(host, d)} \`${quote(host, d)}\`)`;
  else if (d.number !== undefined) why = `ipfw rule ${d.number} is the first match, at ${where(host, d)} \`${quote(host, d)}\``;
  else why = `${d.quick ? "the first quick match" : "the last match"} is ${where(host, d)} \`${quote(host, d)}\``;
  if (s.verdict === "unknown") {
    const u = s.unknown;
    const by = u?.table !== undefined ? `decided at run time by table <${u.table}>` : `decided at run time: ${u?.detail ?? ""}`;
    out.push(`     ${by}${d.kind === "rule" || d.kind === "translation" ? ` (${where(host, d)} \`${quote(host, d)}\`)` : ""}`);
  } else out.push(`     ${VERDICT[s.verdict]}: ${why}`);
  return out;
}

/** The text report: the question and its answer, then each evaluation pf makes and what decided it. */
export function flowText(f: Flow, host: HostTree): string {
  const head = `${f.proto} ${endpoint(f.from)} → ${endpoint(f.to, f.port)}: ${VERDICT[f.verdict]}`;
  const out = [head];
  if (f.host) out.push(`  ${f.host.reason}${f.host.place ? ` (${where(host, f.host.place)})` : ""}`);
  for (const note of f.notes) out.push(`  ${note}`);
  f.steps.forEach((s, i) => {
    out.push(...stepText(s, i + 1, host));
  });
  return `${out.map(terminalSafe).join("\n")}\n`;
}

/** The documented JSON (README, "jaillint flow"): stable within a `version`. */
export function flowJson(f: Flow, host: HostTree) {
  const at = (p: FlowPlace) => {
    const a = host.at(p.file, p.range);
    return { file: a.file, line: a.line, column: a.column, text: quote(host, p) };
  };
  return {
    version: FLOW_FORMAT_VERSION,
    filter: f.filter,
    from: f.from,
    to: f.to,
    proto: f.proto,
    port: f.port ?? null,
    verdict: f.verdict,
    host: f.host ? { verdict: f.host.verdict, reason: f.host.reason, at: f.host.place ? at(f.host.place) : null } : null,
    steps: f.steps.map((s) => {
      const d = s.decidedBy;
      return {
        direction: s.direction,
        interface: s.iface,
        src: s.src,
        dst: s.dst,
        dport: s.dport ?? null,
        translation: s.translation
          ? {
              kind: s.translation.kind,
              at: at(s.translation),
              src: s.translation.src,
              dst: s.translation.dst,
              dport: s.translation.dport ?? null,
              pass: s.translation.pass,
            }
          : null,
        verdict: s.verdict,
        decidedBy:
          d.kind === "rule"
            ? {
                kind: d.kind,
                action: d.action,
                quick: d.quick,
                ...(d.number !== undefined ? { number: d.number } : {}),
                ...(d.stateAt !== undefined ? { stateAt: d.stateAt } : {}),
                at: at(d),
              }
            : d.kind === "skip"
              ? { kind: d.kind, name: d.name, at: at(d) }
              : d.kind === "translation"
                ? { kind: d.kind, at: at(d) }
                : { kind: d.kind },
        runtime: s.unknown ? { detail: s.unknown.detail, table: s.unknown.table ?? null } : null,
      };
    }),
    notes: f.notes,
  };
}
