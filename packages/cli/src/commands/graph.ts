import { existsSync, writeFileSync } from "node:fs";
import { join, posix, relative, resolve, sep } from "node:path";
import { FREEBSD_VERSIONS, type FreeBsdVersion, isFreeBsdVersion } from "@jaillint/parser";
import { configSettings, hostGraph, type LoadedConfig, lintHost, NO_CONFIG } from "@jaillint/rules";
import { type Command, InvalidArgumentError, Option } from "commander";
import { findConfigFile, loadConfigFile } from "../config-file.js";
import { discoverHosts } from "../discover.js";
import { describeIoError } from "../disk-host.js";
import { renderDot } from "../graph/dot.js";
import { renderHtml } from "../graph/html.js";
import { renderMermaid } from "../graph/mermaid.js";
import { dotToSvg } from "../graph/svg.js";
import type { CliIo } from "../io.js";

export const GRAPH_FORMATS = ["dot", "mermaid", "svg", "html"] as const;
type GraphFormat = (typeof GRAPH_FORMATS)[number];

interface GraphOptions {
  format: GraphFormat;
  output?: string;
  root?: string;
  config?: string;
  freebsd: FreeBsdVersion;
}

const EXAMPLES = `
Examples:
  jaillint graph fixtures/example-host                  DOT on standard output
  jaillint graph /mnt/host -f svg -o host.svg           laid out by Graphviz (Debian package graphviz)
  jaillint graph -f html -o host.html                   this host (/etc), one self-contained page
  jaillint graph . -f mermaid                           a Mermaid flowchart, for Markdown

Drawn: the internet and the public ports pf redirects (rdr), the interfaces with the jails whose
primary address is on them (every address listed, primary first), nat to the internet, and the
findings: an exposed loopback (JL201) in red, jails that reach other jails' loopback addresses
(JL202, JL203) as red edges labelled with the code.`;

function parseVersion(value: string): FreeBsdVersion {
  const n = Number(value);
  if (!isFreeBsdVersion(n)) throw new InvalidArgumentError(`expected one of ${FREEBSD_VERSIONS.join(", ")}.`);
  return n;
}

/** `jaillint graph`: the host model and its findings as a picture; the drawing is the core's hostGraph. */
export function registerGraph(program: Command, io: CliIo, setStatus: (status: number) => void): void {
  program
    .command("graph")
    .description("draw a host: interfaces, jails and their addresses, nat, public ports, and the findings on them")
    .argument("[tree]", "a config tree (a directory holding etc/, or etc itself), or a jail.conf (default: the host, / or --root)")
    .addOption(new Option("-f, --format <format>", "output format").choices([...GRAPH_FORMATS]).default("dot"))
    .option("-o, --output <file>", "write the drawing to this file instead of standard output")
    .option("--root <dir>", "the directory that stands for / when resolving absolute paths; nothing outside it is read")
    .option("-c, --config <file>", "use this configuration file instead of the nearest jaillint.config.json")
    .addOption(new Option("--freebsd <version>", "the FreeBSD release to check against").argParser(parseVersion).default(15))
    .addHelpText("after", EXAMPLES)
    .exitOverride()
    .action(async (tree: string | undefined, opts: GraphOptions) => {
      setStatus(await graph(tree, opts, io));
    });
}

async function graph(tree: string | undefined, opts: GraphOptions, io: CliIo): Promise<number> {
  const fail = (message: string): number => {
    io.stderr(`jaillint: ${message}\n`);
    return 2;
  };
  let target = tree;
  if (target === undefined) {
    const hostRoot = resolve(io.cwd, opts.root ?? "/");
    if (!existsSync(join(hostRoot, "etc/jail.conf")))
      return fail(`no tree given and ${join(hostRoot, "etc/jail.conf")} does not exist: pass a config tree directory or a jail.conf`);
    target = hostRoot;
  }
  let loaded: LoadedConfig = NO_CONFIG;
  const configPath = opts.config ? resolve(io.cwd, opts.config) : findConfigFile(resolve(io.cwd, target));
  if (configPath) {
    const r = loadConfigFile(configPath);
    if (!r.ok) {
      for (const e of r.errors) io.stderr(`jaillint: ${e}\n`);
      return 2;
    }
    loaded = r.loaded;
  }
  const discovered = await discoverHosts([target], { cwd: io.cwd, ...(opts.root ? { root: opts.root } : {}) });
  const found = discovered.hosts[0];
  const problems = [...discovered.errors, ...(found?.errors ?? [])];
  if (!found || problems.length > 0) return fail(problems[0] ?? `nothing to draw in ${target}`);
  if (found.jail.length + found.rc.length + found.pf.length === 0)
    return fail(`${target} holds no jail.conf, rc.conf or pf.conf: nothing to draw`);
  const inConfig = (file: string): string =>
    loaded.dir ? relative(loaded.dir, found.host.realPath(file)).split(sep).join(posix.sep) : file;
  const result = lintHost(
    { jailConf: found.jail, rc: found.rc, pf: found.pf, freebsd: opts.freebsd },
    found.host,
    configSettings(loaded, new Map(), inConfig),
  );
  for (const u of result.model.unreadable) return fail(`cannot read ${found.host.displayPath(u.path)}: ${u.detail}`);
  const g = hostGraph(result.model, result.diagnostics);
  let text: string;
  switch (opts.format) {
    case "mermaid":
      text = renderMermaid(g);
      break;
    case "html":
      text = renderHtml(g, `jaillint graph: ${target}`);
      break;
    case "svg": {
      const svg = dotToSvg(renderDot(g), io.env);
      if (!svg.ok) return fail(svg.error);
      text = svg.svg;
      break;
    }
    default:
      text = renderDot(g);
  }
  if (opts.output) {
    try {
      writeFileSync(resolve(io.cwd, opts.output), text);
    } catch (e) {
      return fail(`cannot write ${opts.output}: ${describeIoError(e).detail}`);
    }
    return 0;
  }
  io.stdout(text);
  return 0;
}
