import type { FreeBsdVersion } from "@jaillint/parser";
import { SHOW_FORMAT_VERSION, type ShownJail, type ShownOrigin, showJails } from "@jaillint/rules";
import { type Command, Option } from "commander";
import { terminalSafe } from "../formatters/terminal-safe.js";
import type { CliIo } from "../io.js";
import { type HostTree, type Place, parseFreebsd, readHostTree, treeName } from "./host-tree.js";

interface ShowOptions {
  jail?: string[];
  format: "text" | "json";
  freebsd: FreeBsdVersion;
}

const EXAMPLES = `
Examples:
  jaillint show fixtures/example-host              every jail, as \`jail -e\` lists it
  jaillint show /mnt/backup --jail mail --jail db  two jails of a copy of a host
  jaillint show --format json | jq '.jails[].name' the documented JSON (version ${SHOW_FORMAT_VERSION})
`;

/** `jaillint show`: each jail's effective parameters (the core's showJails), as text or JSON. */
export function registerShow(program: Command, io: CliIo, done: (status: number) => void): void {
  program
    .command("show")
    .description("each jail's effective parameters as `jail -e` lists them, with where each value came from")
    .argument("[tree]", "a directory holding a host's etc/ (default: the host under /)")
    // Repeatable rather than variadic: `--jail db /mnt/host` must leave the tree to the argument.
    .option("--jail <name>", "only this jail (repeatable)", (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addOption(new Option("--freebsd <version>", "the FreeBSD release to read the files as").argParser(parseFreebsd).default(15))
    .addHelpText("after", EXAMPLES)
    .exitOverride()
    .action(async (tree: string | undefined, opts: ShowOptions) => {
      done(await show(tree, opts, io));
    });
}

async function show(tree: string | undefined, opts: ShowOptions, io: CliIo): Promise<number> {
  const host = await readHostTree(tree, opts.freebsd, io);
  if (typeof host === "string") {
    io.stderr(`jaillint: ${host}\n`);
    return 2;
  }
  let jails = showJails(host.result.model, host.result.diagnostics);
  if (opts.jail) {
    const missing = opts.jail.find((n) => !jails.some((j) => j.name === n));
    if (missing !== undefined) {
      io.stderr(`jaillint: no jail named "${missing}" in ${treeName(tree)}\n`);
      return 2;
    }
    const wanted = opts.jail;
    jails = jails.filter((j) => wanted.includes(j.name));
  }
  io.stdout(opts.format === "json" ? `${JSON.stringify(showJson(jails, host), null, 2)}\n` : showText(jails, host));
  return 0;
}

function place(p: Place): string {
  return `${p.file}:${p.line}`;
}

function originText(o: ShownOrigin, host: HostTree): string {
  const where = place(host.at(o.file, o.range));
  const what =
    o.kind === "block-name"
      ? "the block's name"
      : o.kind === "global"
        ? "global"
        : o.kind === "wildcard"
          ? `wildcard ${o.section}`
          : `block ${o.section}`;
  const op = o.operator === "+=" ? "+= " : "";
  const via = o.include ? ` via .include at ${place(host.at(o.include.file, o.include.range))}` : "";
  const vars = o.variables.map((v) => ` $${v.name}=${v.value === undefined ? "(undefined)" : v.value}`).join("");
  return `${op}${what} ${where}${via}${vars}`;
}

/** The text report: per jail a header, then one line per parameter and a `!` line per reason jail(8) refuses it. */
export function showText(jails: readonly ShownJail[], host: HostTree): string {
  const out: string[] = [];
  for (const j of jails) {
    if (out.length > 0) out.push("");
    out.push(`${terminalSafe(j.name)} (${place(host.at(j.file, j.range))})`);
    const width = Math.min(40, Math.max(...j.params.map((p) => p.text.length)));
    for (const p of j.params) {
      const from = p.origins.map((o) => originText(o, host)).join("; ");
      const over = p.overridden.length > 0 ? `; overrides ${p.overridden.map((o) => originText(o, host)).join(", ")}` : "";
      const primary = p.primary ? `; primary ${p.primary.address}` : "";
      out.push(terminalSafe(`  ${p.text.padEnd(width)}  ${from}${over}${primary}`.trimEnd()));
      for (const r of p.rejected) out.push(terminalSafe(`    ! ${r.code} ${place(host.at(r.file, r.range))}: ${r.message}`));
    }
  }
  return out.length > 0 ? `${out.join("\n")}\n` : "";
}

function placeJson(p: Place) {
  return { file: p.file, line: p.line, column: p.column };
}

/** The documented JSON (README, "jaillint show"): stable within a `version`. */
export function showJson(jails: readonly ShownJail[], host: HostTree) {
  const origin = (o: ShownOrigin) => ({
    kind: o.kind,
    section: o.section,
    operator: o.operator,
    at: placeJson(host.at(o.file, o.range)),
    include: o.include ? placeJson(host.at(o.include.file, o.include.range)) : null,
    variables: o.variables.map((v) => ({ name: v.name, value: v.value ?? null })),
  });
  return {
    version: SHOW_FORMAT_VERSION,
    jails: jails.map((j) => ({
      name: j.name,
      at: placeJson(host.at(j.file, j.range)),
      params: j.params.map((p) => ({
        name: p.name,
        values: p.values,
        text: p.text,
        origins: p.origins.map(origin),
        overridden: p.overridden.map(origin),
        primary: p.primary ?? null,
        rejected: p.rejected.map((r) => ({ code: r.code, message: r.message, at: placeJson(host.at(r.file, r.range)) })),
      })),
    })),
  };
}
