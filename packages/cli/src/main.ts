import { existsSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve, sep } from "node:path";
import { FREEBSD_VERSIONS, type FreeBsdVersion, isFreeBsdVersion } from "@jaillint/parser";
import {
  compareDiagnosticsBy,
  configSettings,
  createBaseline,
  type Diagnostic,
  type FileKind,
  type FixOutcome,
  findRule,
  fixHost,
  type LintResult,
  type LoadedConfig,
  lintHost,
  matchBaseline,
  NO_CONFIG,
  parseBaseline,
  parseRuleFlag,
  RULES,
  type RuleEntry,
  SEVERITY_RANK,
  type Severity,
} from "@jaillint/rules";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { writeFileAtomic } from "./atomic-write.js";
import { registerFlow } from "./commands/flow.js";
import { registerGraph } from "./commands/graph.js";
import { registerShow } from "./commands/show.js";
import { registerSuggest } from "./commands/suggest.js";
import { findConfigFile, loadConfigFile } from "./config-file.js";
import { type DiscoveredFiles, discoverHosts } from "./discover.js";
import { type DiskHost, describeIoError } from "./disk-host.js";
import { explainRule, listRules } from "./explain.js";
import { FORMATTERS, MACHINE_FORMATS } from "./formatters/index.js";
import { terminalSafe } from "./formatters/terminal-safe.js";
import { type CliIo, processIo, useColor } from "./io.js";
import { readJsonFile } from "./json-file.js";
import { Progress } from "./progress.js";
import { unifiedDiff } from "./unified-diff.js";
import { VERSION } from "./version.js";

export { VERSION };

/** Exit statuses (documented in the README). */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

interface LintOptions {
  kind?: FileKind;
  root?: string;
  freebsd: FreeBsdVersion;
  format: string;
  output?: string;
  maxWarnings?: number;
  quiet?: boolean;
  severity: Severity;
  color?: boolean;
  config?: string;
  rule: string[];
  inlineSuppressions: boolean;
  requireSuppressionReason?: boolean;
  baseline?: string;
  writeBaseline?: string;
  fix?: boolean;
  fixDryRun?: boolean;
  unsafeFixes?: boolean;
  stdin?: boolean;
  stdinFilename?: string;
  allowOutsideRoot?: boolean;
  maxFileSize?: number;
}

/** Files in a tree at least this big show a progress line (on a terminal, in a human format). */
const PROGRESS_MIN_FILES = 20;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number.");
  return Number(value);
}

/** `65536`, `512K`, `64M`, `1G` (also `KiB`, `MiB`, `GiB`): powers of 1024, as the default's 64 MiB. */
function parseSize(value: string): number {
  const m = /^(\d+)\s*([KMG]?)(?:i?B)?$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError("expected a size in bytes, or with K, M or G (64M).");
  const n = Number(m[1]) * 1024 ** " KMG".indexOf((m[2] || " ").toUpperCase());
  if (n < 1 || !Number.isSafeInteger(n)) throw new InvalidArgumentError("expected a size of at least 1 byte.");
  return n;
}

function parseVersion(value: string): FreeBsdVersion {
  const n = Number(value);
  if (!isFreeBsdVersion(n)) throw new InvalidArgumentError(`expected one of ${FREEBSD_VERSIONS.join(", ")}.`);
  return n;
}

/**
 * The jaillint program, every command and option, without running it: `run` parses argv with it, and the man page
 * and shell completions are generated from it (manual.ts). `status` is the exit status its actions have set.
 */
export function createProgram(io: CliIo = processIo()): { program: Command; status: () => number } {
  let status: number = EXIT.ok;
  const program = new Command("jaillint")
    .description("Static analyzer for FreeBSD jail hosts: jail.conf, rc.conf and pf.conf checked together.")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      // Usage errors read like every other error of jaillint's: `jaillint: unknown option '--formt'`.
      outputError: (s, write) => write(s.replace(/^error: /, "jaillint: ")),
    })
    .showSuggestionAfterError(true)
    .addHelpText("after", "\nWith no command, jaillint lints: `jaillint lint --help` lists the linting options.");

  program
    .command("lint", { isDefault: true })
    .description("lint files or config trees (the default command)")
    .argument(
      "[paths...]",
      "jail.conf, rc.conf or pf.conf files, or directories holding a host's /etc (default: the host: /etc/jail.conf, jail.conf.d, rc.conf and pf.conf under --root or /)",
    )
    .addOption(new Option("--kind <kind>", "treat every file given as this kind").choices(["jail", "rc", "pf"]))
    .option(
      "--root <dir>",
      "the directory that stands for / when resolving absolute paths in .include and mount.fstab; nothing outside it is read",
    )
    .option(
      "--allow-outside-root",
      "also read files outside the config root (--root, the tree given, or the git work tree of the files given); --fix still writes only inside it",
    )
    .option("--max-file-size <size>", "refuse to read a file larger than this (default 64M)", parseSize)
    .addOption(new Option("--freebsd <version>", "the FreeBSD release to check against").argParser(parseVersion).default(15))
    .addOption(new Option("-f, --format <format>", "output format").choices(Object.keys(FORMATTERS)).default("stylish"))
    .option("-o, --output <file>", "write the report to this file instead of standard output")
    .option("-c, --config <file>", "use this configuration file instead of the nearest jaillint.config.json")
    .option("--rule <code=level>", "set a rule's level: off, info, warning or error (repeatable), e.g. --rule JL103=off", collect, [])
    .option("--max-warnings <n>", "exit with status 1 when there are more warnings than this", parseCount)
    .option("-q, --quiet", "report errors only")
    .addOption(
      new Option("--severity <level>", "the lowest severity that makes the exit status 1")
        .choices(["error", "warning", "info"])
        .default("error"),
    )
    .option("--no-inline-suppressions", "ignore jaillint-disable comments and report each of them (JL000)")
    .option("--require-suppression-reason", "report jaillint-disable comments without `-- reason` (JL000)")
    .option("--baseline <file>", "report only findings that are not in this baseline file")
    .option("--write-baseline <file>", "record today's findings in this baseline file and exit")
    .option("--fix", "apply safe fixes and write the files")
    .option("--unsafe-fixes", "with --fix or --fix-dry-run, also apply fixes marked unsafe")
    .option("--fix-dry-run", "print the fixes as a unified diff; write nothing")
    .option("--stdin", "lint the text on standard input")
    .option("--stdin-filename <name>", "the path standard input stands for (default jail.conf)")
    .option("--color", "force colored output")
    .option("--no-color", "disable colored output")
    .exitOverride()
    .action(async (paths: string[], opts: LintOptions) => {
      status = await lint(paths, opts, io);
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

  registerGraph(program, io, (s) => {
    status = s;
  });

  program
    .command("lsp")
    .description("run the language server (editors start it as `jaillint lsp --stdio`)")
    .option("--stdio", "speak LSP over standard input and output")
    .exitOverride()
    .action(() => {
      // bin/jaillint.js starts the server (an ES module bundle of its own, packages/lsp) before this bundle is
      // loaded: a lint never pays for it, and this CommonJS bundle, run through vm.Script, cannot import() it.
      io.stderr("jaillint: the language server is started by the jaillint command (`jaillint lsp --stdio`) or by `jaillint-lsp --stdio`\n");
      status = EXIT.usage;
    });

  registerShow(program, io, (s) => (status = s));
  registerFlow(program, io, (s) => (status = s));
  registerSuggest(program, io, (s) => (status = s));

  return { program, status: () => status };
}

/** Runs the CLI and returns the exit status. Never throws: every failure becomes one line and status 2. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const { program, status } = createProgram(io);
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
  return status();
}

/** Everything the stages of one `lint` run share. */
interface LintRun {
  readonly opts: LintOptions;
  readonly io: CliIo;
  readonly loaded: LoadedConfig;
  readonly flags: ReadonlyMap<string, RuleEntry>;
  readonly stdinText: string | undefined;
}

/** One host after the stages "lint" and "fix": `result` is of the texts on disk now (of the fixed ones with --fix). */
interface LintedHost {
  readonly found: DiscoveredFiles;
  /** Lints this host as the run is configured, over any view of its files. */
  readonly lint: (host: DiskHost) => LintResult;
  readonly result: LintResult;
  readonly status: number;
  /** With --fix-dry-run: the fixes as a unified diff. */
  readonly diff?: string;
}

/** The findings of every host with files named as the output names them (display paths). */
interface Report {
  readonly diagnostics: Diagnostic[];
  readonly texts: Map<string, string>;
  /** Every file linted, symbolic links resolved: a report is never written over one of them. */
  readonly linted: Set<string>;
}

/** `jaillint lint`: the stages discover, read, lint, fix, baseline and report, in that order. */
async function lint(paths: string[], opts: LintOptions, io: CliIo): Promise<number> {
  const fail = (message: string): number => {
    io.stderr(`jaillint: ${message}\n`);
    return EXIT.usage;
  };
  const misuse = usageProblem(opts);
  if (misuse) return fail(misuse);
  const targets = lintTargets(paths, opts, io);
  if (typeof targets === "string") return fail(targets);
  const settings = loadSettings(targets, opts, io);
  if (typeof settings === "string") return fail(settings);
  if (!settings) return EXIT.usage;
  const run: LintRun = { opts, io, ...settings, stdinText: opts.stdin ? await io.readStdin() : undefined };

  const discovered = await discover(targets, run);
  let status: number = discovered.errors.length > 0 ? EXIT.usage : EXIT.ok;
  // Each tree is a host of its own, linted and fixed alone; one report covers them all.
  const hosts: LintedHost[] = [];
  for (const found of discovered.hosts) {
    const linted = lintStage(found, run);
    const fixed = opts.fix || opts.fixDryRun ? fixStage(linted, run) : linted;
    if (fixed.status > status) status = fixed.status;
    hosts.push(fixed);
  }
  if (opts.fixDryRun) return reportDiff(hosts, status, io);

  const report = displayReport(hosts);
  if (opts.writeBaseline) {
    const problem = writeBaselineStage(report, opts.writeBaseline, io);
    return problem ? fail(problem) : status;
  }
  const fresh = opts.baseline ? baselineStage(report, opts.baseline, io) : report.diagnostics;
  if (typeof fresh === "string") return fail(fresh);
  const problem = reportStage(report, fresh, opts, io);
  if (problem) return fail(problem);
  return status !== EXIT.ok ? status : gate(fresh, opts, io);
}

/** Options that contradict each other, before anything is read. */
function usageProblem(opts: LintOptions): string | undefined {
  if (opts.stdinFilename !== undefined && !opts.stdin) return "--stdin-filename names standard input: use it with --stdin";
  if (opts.fix && opts.stdin) return "--fix cannot write standard input: use --fix-dry-run to see the fixes as a diff";
  if (opts.fix && opts.fixDryRun) return "choose one of --fix and --fix-dry-run";
  if (opts.baseline && opts.writeBaseline) return "choose one of --baseline and --write-baseline";
  return undefined;
}

/** The paths to lint; no path (and no --stdin) is the host itself, or the tree --root names. A string is a usage error. */
function lintTargets(paths: string[], opts: LintOptions, io: CliIo): string[] | string {
  if (paths.length > 0 || opts.stdin) return paths;
  const hostRoot = resolve(io.cwd, opts.root ?? "/");
  if (!existsSync(join(hostRoot, "etc/jail.conf")))
    return `no path given and ${join(hostRoot, "etc/jail.conf")} does not exist: pass a jail.conf, rc.conf or pf.conf file, or a config tree directory`;
  return [hostRoot];
}

/**
 * The configuration (--config, or the nearest jaillint.config.json above the first file linted) and the --rule
 * flags. Undefined when the configuration file is wrong (its problems are on stderr); a string is a bad flag.
 */
function loadSettings(targets: readonly string[], opts: LintOptions, io: CliIo): Pick<LintRun, "loaded" | "flags"> | string | undefined {
  let loaded: LoadedConfig = NO_CONFIG;
  const stdinName = opts.stdinFilename ?? "jail.conf";
  const configPath = opts.config
    ? resolve(io.cwd, opts.config)
    : findConfigFile(resolve(io.cwd, targets[0] ?? (opts.stdin ? dirname(stdinName) : ".")));
  if (configPath) {
    const r = loadConfigFile(configPath);
    if (!r.ok) {
      for (const e of r.errors) io.stderr(`jaillint: ${e}\n`);
      return undefined;
    }
    loaded = r.loaded;
  }
  const flags = new Map<string, RuleEntry>();
  for (const flag of opts.rule) {
    const r = parseRuleFlag(flag, findRule);
    if (!r.ok) return r.error;
    flags.set(r.code, r.entry);
  }
  return { loaded, flags };
}

/** Stages "discover" and "read": the command line's paths as hosts, their files read ahead (with progress). */
async function discover(targets: readonly string[], run: LintRun): Promise<{ hosts: DiscoveredFiles[]; errors: string[] }> {
  const { opts, io } = run;
  const progress = new Progress((t) => io.stderr(t), io.stderrIsTTY && !MACHINE_FORMATS.has(opts.format) && io.env.CI === undefined);
  const discovered = await discoverHosts(targets, {
    cwd: io.cwd,
    ...(opts.kind ? { kind: opts.kind } : {}),
    ...(opts.root ? { root: opts.root } : {}),
    allowOutsideRoot: opts.allowOutsideRoot === true,
    ...(opts.maxFileSize !== undefined ? { maxFileSize: opts.maxFileSize } : {}),
    ...(run.stdinText !== undefined ? { stdin: { name: opts.stdinFilename ?? "jail.conf", text: run.stdinText } } : {}),
    onRead: (done, total) => {
      if (total >= PROGRESS_MIN_FILES) progress.update("read", done, total);
    },
  });
  progress.clear();
  for (const line of discovered.errors) io.stderr(`jaillint: ${line}\n`);
  return discovered;
}

/** Stage "lint": one host; the problems of its files (passed over, unreadable) on stderr. */
function lintStage(found: DiscoveredFiles, run: LintRun): LintedHost {
  const { opts, io, loaded, flags } = run;
  for (const line of found.skipped) io.stderr(`jaillint: ${line}\n`);
  for (const line of found.errors) io.stderr(`jaillint: ${line}\n`);
  const input = { jailConf: found.jail, rc: found.rc, pf: found.pf, freebsd: opts.freebsd };
  // Configuration file patterns see a file relative to the configuration's folder.
  const configPath = (file: string): string =>
    loaded.dir ? relative(loaded.dir, found.host.realPath(file)).split(sep).join(posix.sep) : file;
  const settings = configSettings(loaded, flags, configPath);
  const suppressions = { inline: opts.inlineSuppressions, requireReason: opts.requireSuppressionReason === true };
  const lint = (host: DiskHost): LintResult => inDisplayOrder(lintHost(input, host, settings, { suppressions }), host);
  const result = lint(found.host);
  for (const u of result.model.unreadable) io.stderr(`jaillint: cannot read ${found.host.displayPath(u.path)}: ${u.detail}\n`);
  const status = found.errors.length > 0 || result.model.unreadable.length > 0 ? EXIT.usage : EXIT.ok;
  return { found, lint, result, status };
}

/**
 * The findings (and the files whose fixes were withheld) in the order of the names the output shows, so that
 * the report, the fixes' diff and their messages list files as they always have.
 */
function inDisplayOrder(result: LintResult, host: DiskHost): LintResult {
  const names = new Map<string, string>();
  const shown = (file: string): string => {
    let name = names.get(file);
    if (name === undefined) {
      name = host.displayPath(file);
      names.set(file, name);
    }
    return name;
  };
  const withheld = [...result.withheldFixes].sort(([a], [b]) => (shown(a) < shown(b) ? -1 : shown(a) > shown(b) ? 1 : 0));
  return { ...result, diagnostics: result.diagnostics.sort(compareDiagnosticsBy(shown)), withheldFixes: new Map(withheld) };
}

/** Stage "fix": the core computes the fixed texts; --fix writes them back, --fix-dry-run keeps them as a diff. */
function fixStage(linted: LintedHost, run: LintRun): LintedHost {
  const { opts, io } = run;
  const { host } = linted.found;
  const shown = (file: string): string => host.displayPath(file);
  const fixes = fixHost(linted.result, (texts) => linted.lint(host.withTexts(texts)), opts.unsafeFixes === true);
  for (const [f, w] of fixes.withheld)
    io.stderr(
      `jaillint: ${shown(f)}: ${w.count} fix${w.count === 1 ? "" : "es"} not applied: ${
        w.reason === "not-utf8"
          ? "the file is not valid UTF-8 (JL001); convert it to UTF-8"
          : "the file has a syntax error (JL001); correct it"
      }, then run jaillint --fix again\n`,
    );
  for (const f of fixes.refused)
    io.stderr(`jaillint: ${shown(f)}: fixes not applied: they would introduce a syntax error (please report this)\n`);
  if (opts.fixDryRun) {
    const diff = [...fixes.changed].map(([file, c]) => unifiedDiff(c.before, c.after, `a/${shown(file)}`, `b/${shown(file)}`)).join("");
    return { ...linted, diff };
  }
  const notWritten = writeFixes(fixes, linted.found, io);
  // Report what is on disk now: the fixed texts, except those of files that could not be written.
  const result =
    notWritten.size === 0
      ? fixes.result
      : linted.lint(host.withTexts(new Map([...fixes.changed].filter(([f]) => !notWritten.has(f)).map(([f, c]) => [f, c.after]))));
  return { ...linted, result, status: notWritten.size > 0 ? EXIT.usage : linted.status };
}

/**
 * Writes the fixed files (atomically, each only if it is still what was linted) and says how many fixes were
 * applied; returns the files that could not be written, each said on stderr. Standard input is never written.
 */
function writeFixes(fixes: FixOutcome, found: DiscoveredFiles, io: CliIo): Set<string> {
  const { host } = found;
  let written = 0;
  let appliedWritten = 0;
  const notWritten = new Set<string>();
  const cannot = (file: string, message: string): void => {
    notWritten.add(file);
    io.stderr(`jaillint: ${message}\n`);
  };
  for (const [file, c] of fixes.changed) {
    if (file === found.stdin) continue;
    const shown = host.displayPath(file);
    // Never through a link out of the root, and only to the very file that was linted.
    const refused = host.refuseWrite(file);
    if (refused) {
      cannot(file, `cannot write ${shown}: ${refused}: fixes not applied`);
      continue;
    }
    try {
      const outcome = writeFileAtomic(host.realPath(file), c.after, c.before, (saved) =>
        io.stderr(
          `jaillint: ${shown} was edited again while an edit made during the fix was being put back: that edit is kept in ${saved}; merge it by hand\n`,
        ),
      );
      if (outcome === "written") {
        written++;
        appliedWritten += fixes.appliedIn.get(file) ?? 0;
      } else if (outcome === "read-only") cannot(file, `cannot write ${shown}: the file is read-only: fixes not applied`);
      else cannot(file, `${shown} changed on disk while it was being fixed: not overwritten; run jaillint --fix again`);
    } catch (e) {
      cannot(file, `cannot write ${shown}: ${describeIoError(e).detail}: fixes not applied`);
    }
  }
  if (appliedWritten > 0)
    io.stderr(`jaillint: applied ${appliedWritten} fix${appliedWritten === 1 ? "" : "es"} in ${written} file${written === 1 ? "" : "s"}\n`);
  return notWritten;
}

/** --fix-dry-run's report: the diff of every host. Piped, it is a patch that carries the files' bytes exactly. */
function reportDiff(hosts: readonly LintedHost[], status: number, io: CliIo): number {
  const diff = hosts.map((h) => h.diff ?? "").join("");
  // `patch -p1` must reproduce the files; on a terminal, escapes and bidi controls from the config are shown, not obeyed.
  io.stdout(io.stdoutIsTTY ? diff.split("\n").map(terminalSafe).join("\n") : diff);
  return status !== EXIT.ok ? status : diff === "" ? EXIT.ok : EXIT.findings;
}

/** Every host's findings, files named by their display paths (the core names them by logical path). */
function displayReport(hosts: readonly LintedHost[]): Report {
  const diagnostics: Diagnostic[] = [];
  const texts = new Map<string, string>();
  const linted = new Set<string>();
  for (const { found, result } of hosts) {
    const shown = (file: string): string => found.host.displayPath(file);
    for (const d of result.diagnostics)
      diagnostics.push({
        ...d,
        file: shown(d.file),
        ...(d.related ? { related: d.related.map((r) => ({ ...r, file: shown(r.file) })) } : {}),
      });
    for (const [file, text] of result.model.texts) {
      texts.set(shown(file), text);
      linted.add(sameFile(found.host.realPath(file)));
    }
  }
  return { diagnostics, texts, linted };
}

/** A path with symbolic links resolved when it exists, so two names of one file compare equal. */
function sameFile(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** How a baseline file names a linted file: relative to the baseline's folder. */
const baselineName = (baselineFile: string, io: CliIo) => (file: string) =>
  relative(dirname(resolve(io.cwd, baselineFile)), resolve(io.cwd, file))
    .split(sep)
    .join(posix.sep);

/** Writes a report or baseline, unless that would destroy a file being linted; the problem, or undefined. */
function writeOutput(report: Report, name: string, flag: string, text: string, io: CliIo): string | undefined {
  const path = resolve(io.cwd, name);
  if (report.linted.has(sameFile(path))) return `${flag} ${name} is a file being linted: not overwritten`;
  try {
    writeFileSync(path, text);
  } catch (e) {
    return `cannot write ${name}: ${describeIoError(e).detail}`;
  }
  return undefined;
}

/** Stage "baseline", --write-baseline: records today's findings; the problem, or undefined. */
function writeBaselineStage(report: Report, file: string, io: CliIo): string | undefined {
  const baseline = createBaseline(report.diagnostics, report.texts, baselineName(file, io));
  const problem = writeOutput(report, file, "--write-baseline", `${JSON.stringify(baseline, null, 2)}\n`, io);
  if (problem) return problem;
  io.stderr(`jaillint: recorded ${baseline.findings.length} finding${baseline.findings.length === 1 ? "" : "s"} in ${file}\n`);
  return undefined;
}

/** Stage "baseline", --baseline: the findings the baseline does not hold, or the problem with the baseline. */
function baselineStage(report: Report, file: string, io: CliIo): Diagnostic[] | string {
  const read = readJsonFile(resolve(io.cwd, file));
  if (!read.ok) return /^\d/.test(read.error) ? `${file}:${read.error}` : `cannot read baseline ${file}: ${read.error}`;
  const parsed = parseBaseline(read.json);
  if (!parsed.ok) return `${file}: ${parsed.error}`;
  const m = matchBaseline(report.diagnostics, report.texts, parsed.baseline, baselineName(file, io));
  if (m.gone.length > 0)
    io.stderr(
      `jaillint: ${m.gone.length} baselined finding${m.gone.length === 1 ? " no longer occurs" : "s no longer occur"} (${[...new Set(m.gone.map((g) => g.code))].join(", ")}): run jaillint --write-baseline ${file} to shrink the baseline\n`,
    );
  return m.fresh;
}

/** Stage "report": the findings in the chosen format, on stdout or in --output; the problem, or undefined. */
function reportStage(report: Report, diagnostics: Diagnostic[], opts: LintOptions, io: CliIo): string | undefined {
  // --quiet changes what is shown, not what the gate counts (as ESLint): hidden warnings still fail --max-warnings.
  const shown = opts.quiet ? diagnostics.filter((d) => d.severity === "error") : diagnostics;
  const format = FORMATTERS[opts.format] ?? FORMATTERS.stylish;
  const color = opts.output ? false : useColor(io, io.stdoutIsTTY, opts.color);
  const text = format?.({ diagnostics: shown, texts: report.texts, color, cwd: io.cwd }) ?? "";
  if (opts.output) return writeOutput(report, opts.output, "--output", text, io);
  io.stdout(text);
  return undefined;
}

/** The exit status the findings make: --severity and --max-warnings. */
function gate(diagnostics: readonly Diagnostic[], opts: LintOptions, io: CliIo): number {
  const threshold = SEVERITY_RANK[opts.severity];
  if (diagnostics.some((d) => SEVERITY_RANK[d.severity] >= threshold)) return EXIT.findings;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
    io.stderr(`jaillint: ${warnings} warnings, more than --max-warnings ${opts.maxWarnings}\n`);
    return EXIT.findings;
  }
  return EXIT.ok;
}
