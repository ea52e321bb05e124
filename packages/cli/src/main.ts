import { existsSync } from "node:fs";
import { FREEBSD_VERSIONS, type FreeBsdVersion } from "@jaillint/parser";
import { findRule, lintHost, RULES } from "@jaillint/rules";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { discoverFiles } from "./discover.js";
import { explainRule, listRules } from "./explain.js";
import type { FileKindName } from "./file-kind.js";
import { FORMATTERS } from "./formatters/index.js";
import { type CliIo, processIo, useColor } from "./io.js";

export const VERSION = "0.1.0";

/** Exit statuses (documented in the README). */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

interface LintOptions {
  kind?: FileKindName;
  root?: string;
  freebsd: FreeBsdVersion;
  format: string;
  maxWarnings?: number;
  color?: boolean;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number.");
  return Number(value);
}

function parseVersion(value: string): FreeBsdVersion {
  const n = Number(value);
  if (!(FREEBSD_VERSIONS as readonly number[]).includes(n))
    throw new InvalidArgumentError(`expected one of ${FREEBSD_VERSIONS.join(", ")}.`);
  return n as FreeBsdVersion;
}

/** Runs the CLI and returns the exit status. Never throws: every failure becomes one line and status 2. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let status: number = EXIT.ok;
  const program = new Command("jaillint")
    .description("Static analyzer for FreeBSD jail hosts: jail.conf, rc.conf and pf.conf checked together.")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showSuggestionAfterError(true);

  program
    .command("lint", { isDefault: true })
    .description("lint files or config trees (the default command)")
    .argument("[paths...]", "jail.conf, rc.conf or pf.conf files, or directories holding a host's /etc (default: /etc/jail.conf)")
    .addOption(new Option("--kind <kind>", "treat every file given as this kind").choices(["jail", "rc", "pf"]))
    .option("--root <dir>", "the directory that stands for / when resolving absolute paths in .include and mount.fstab")
    .addOption(new Option("--freebsd <version>", "the FreeBSD release to check against").argParser(parseVersion).default(15))
    .addOption(new Option("-f, --format <format>", "output format").choices(Object.keys(FORMATTERS)).default("stylish"))
    .option("--max-warnings <n>", "exit with status 1 when there are more warnings than this", parseCount)
    .option("--color", "force colored output")
    .option("--no-color", "disable colored output")
    .exitOverride()
    .action(async (paths: string[], opts: LintOptions) => {
      status = lint(paths, opts, io);
    });

  program
    .command("rules")
    .description("list every rule: code, name, default severity, whether it has a fix")
    .exitOverride()
    .action(() => {
      io.stdout(listRules(RULES, useColor(io, io.stdoutIsTTY, undefined)));
    });

  program
    .command("explain")
    .description("print a rule's documentation: what it finds, why it matters, an example, the fix")
    .argument("<code>", "a rule code (JL201) or name (exposed-loopback)")
    .exitOverride()
    .action((code: string) => {
      const rule = findRule(code);
      if (!rule) {
        io.stderr(`jaillint: unknown rule "${code}": run \`jaillint rules\` for the list\n`);
        status = EXIT.usage;
        return;
      }
      io.stdout(explainRule(rule, useColor(io, io.stdoutIsTTY, undefined)));
    });

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with status 0; usage errors were already printed by commander.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.stderr(`jaillint: internal error: ${(e as Error).message}\n`);
    if (io.env.JAILLINT_DEBUG) io.stderr(`${(e as Error).stack}\n`);
    return EXIT.usage;
  }
  return status;
}

function lint(paths: string[], opts: LintOptions, io: CliIo): number {
  let targets = paths;
  if (targets.length === 0) {
    if (!existsSync("/etc/jail.conf")) {
      io.stderr(
        "jaillint: no path given and /etc/jail.conf does not exist: pass a jail.conf, rc.conf or pf.conf file, or a config tree directory\n",
      );
      return EXIT.usage;
    }
    targets = ["/etc/jail.conf", ...(existsSync("/etc/jail.conf.d") ? ["/etc/jail.conf.d"] : [])];
  }
  const found = discoverFiles(targets, {
    cwd: io.cwd,
    ...(opts.kind ? { kind: opts.kind } : {}),
    ...(opts.root ? { root: opts.root } : {}),
  });
  for (const line of found.skipped) io.stderr(`jaillint: ${line}\n`);
  for (const line of found.errors) io.stderr(`jaillint: ${line}\n`);
  const { model, diagnostics } = lintHost({ jailConf: found.jail, rc: found.rc, pf: found.pf, freebsd: opts.freebsd }, found.host);
  for (const u of model.unreadable) io.stderr(`jaillint: cannot read ${found.host.displayPath(u.path)}: ${u.detail}\n`);
  const format = FORMATTERS[opts.format] ?? FORMATTERS.stylish;
  const text = format?.({ diagnostics, texts: model.texts, color: useColor(io, io.stdoutIsTTY, opts.color), cwd: io.cwd }) ?? "";
  io.stdout(text);
  if (found.errors.length > 0 || model.unreadable.length > 0) return EXIT.usage;
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  if (errors > 0) return EXIT.findings;
  if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
    io.stderr(`jaillint: ${warnings} warnings, more than --max-warnings ${opts.maxWarnings}\n`);
    return EXIT.findings;
  }
  return EXIT.ok;
}
