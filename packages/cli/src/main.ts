import { existsSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve, sep } from "node:path";
import { FREEBSD_VERSIONS, type FreeBsdVersion, isFreeBsdVersion } from "@jaillint/parser";
import {
  createBaseline,
  type Diagnostic,
  EMPTY_CONFIG,
  findRule,
  type LintResult,
  lintHost,
  matchBaseline,
  parseBaseline,
  parseRuleFlag,
  RULES,
  type RuleEntry,
  resolveRuleSetting,
  SEVERITY_RANK,
  type Severity,
} from "@jaillint/rules";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { writeFileAtomic } from "./atomic-write.js";
import { findConfigFile, type LoadedConfig, loadConfigFile } from "./config-file.js";
import { type DiscoveredFiles, discoverHosts } from "./discover.js";
import { describeIoError } from "./disk-host.js";
import { explainRule, listRules } from "./explain.js";
import type { FileKindName } from "./file-kind.js";
import { fixHost } from "./fix.js";
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
  kind?: FileKindName;
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

/** Runs the CLI and returns the exit status. Never throws: every failure becomes one line and status 2. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let status: number = EXIT.ok;
  const program = new Command("jaillint")
    .description("Static analyzer for FreeBSD jail hosts: jail.conf, rc.conf and pf.conf checked together.")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
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

  program
    .command("lsp")
    .description("run the language server (editors start it as `jaillint lsp --stdio`)")
    .option("--stdio", "speak LSP over standard input and output")
    .exitOverride()
    .action(async (opts: { stdio?: boolean }) => {
      // The server is a bundle of its own (packages/lsp), loaded only here: a lint never pays for it.
      const lsp: { startServer(argv: string[]): number | undefined } = await import(
        new URL("../../lsp/dist/jaillint-lsp.mjs", import.meta.url).href
      );
      status = lsp.startServer(opts.stdio ? ["--stdio"] : []) ?? EXIT.ok;
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

async function lint(paths: string[], opts: LintOptions, io: CliIo): Promise<number> {
  const fail = (message: string): number => {
    io.stderr(`jaillint: ${message}\n`);
    return EXIT.usage;
  };
  if (opts.stdinFilename !== undefined && !opts.stdin) return fail("--stdin-filename names standard input: use it with --stdin");
  if (opts.fix && opts.stdin) return fail("--fix cannot write standard input: use --fix-dry-run to see the fixes as a diff");
  if (opts.fix && opts.fixDryRun) return fail("choose one of --fix and --fix-dry-run");
  if (opts.baseline && opts.writeBaseline) return fail("choose one of --baseline and --write-baseline");
  let targets = paths;
  if (targets.length === 0 && !opts.stdin) {
    // No path: the host itself (or the tree --root names), all of its jail.conf, rc.conf and pf.conf.
    const hostRoot = resolve(io.cwd, opts.root ?? "/");
    if (!existsSync(join(hostRoot, "etc/jail.conf"))) {
      return fail(
        `no path given and ${join(hostRoot, "etc/jail.conf")} does not exist: pass a jail.conf, rc.conf or pf.conf file, or a config tree directory`,
      );
    }
    targets = [hostRoot];
  }

  // Configuration: --config, or the nearest jaillint.config.json above the first file linted.
  const stdinName = opts.stdinFilename ?? "jail.conf";
  let loaded: LoadedConfig = { config: EMPTY_CONFIG, dir: undefined, path: undefined };
  const configPath = opts.config
    ? resolve(io.cwd, opts.config)
    : findConfigFile(resolve(io.cwd, targets[0] ?? (opts.stdin ? dirname(stdinName) : ".")));
  if (configPath) {
    const r = loadConfigFile(configPath);
    if (!r.ok) {
      for (const e of r.errors) io.stderr(`jaillint: ${e}\n`);
      return EXIT.usage;
    }
    loaded = r.loaded;
  }
  const flags = new Map<string, RuleEntry>();
  for (const flag of opts.rule) {
    const r = parseRuleFlag(flag, findRule);
    if (!r.ok) return fail(r.error);
    flags.set(r.code, r.entry);
  }
  const configRelative = (file: string): string =>
    loaded.dir ? relative(loaded.dir, resolve(io.cwd, file)).split(sep).join(posix.sep) : file.split(sep).join(posix.sep);

  const stdinText = opts.stdin ? await io.readStdin() : undefined;
  const progress = new Progress((t) => io.stderr(t), io.stderrIsTTY && !MACHINE_FORMATS.has(opts.format) && io.env.CI === undefined);
  const discovered = await discoverHosts(targets, {
    cwd: io.cwd,
    ...(opts.kind ? { kind: opts.kind } : {}),
    ...(opts.root ? { root: opts.root } : {}),
    allowOutsideRoot: opts.allowOutsideRoot === true,
    ...(opts.maxFileSize !== undefined ? { maxFileSize: opts.maxFileSize } : {}),
    ...(stdinText !== undefined ? { stdin: { name: stdinName, text: stdinText } } : {}),
    onRead: (done, total) => {
      if (total >= PROGRESS_MIN_FILES) progress.update("read", done, total);
    },
  });
  progress.clear();
  for (const line of discovered.errors) io.stderr(`jaillint: ${line}\n`);
  let status: number = discovered.errors.length > 0 ? EXIT.usage : EXIT.ok;
  // Each tree is a host of its own, linted and fixed alone; one report covers them all.
  const results: LintResult[] = [];
  const diffs: string[] = [];
  const linted = new Set<string>();
  for (const found of discovered.hosts) {
    const one = lintOneHost(found, opts, io, { loaded, flags, configRelative, stdinText, stdinName });
    results.push(one.result);
    if (one.diff) diffs.push(one.diff);
    if (one.status > status) status = one.status;
    for (const f of one.result.model.texts.keys()) linted.add(sameFile(found.host.realPath(found.host.logicalPath(resolve(io.cwd, f)))));
  }
  if (opts.fixDryRun) {
    const diff = diffs.join("");
    // Piped, the diff is a patch and carries the files' bytes exactly (`patch -p1` must reproduce them); on a
    // terminal, escapes and bidi controls from the config are shown, not obeyed.
    io.stdout(io.stdoutIsTTY ? diff.split("\n").map(terminalSafe).join("\n") : diff);
    return status !== EXIT.ok ? status : diff === "" ? EXIT.ok : EXIT.findings;
  }
  const texts = new Map(results.flatMap((r) => [...r.model.texts]));
  const result = { diagnostics: results.flatMap((r) => r.diagnostics), model: { texts } };

  let diagnostics: Diagnostic[] = result.diagnostics;
  const baselineName = (baselineFile: string) => (file: string) =>
    relative(dirname(resolve(io.cwd, baselineFile)), resolve(io.cwd, file))
      .split(sep)
      .join(posix.sep);
  // A report or baseline written over a file being linted would destroy what the user wrote (`linted`).
  const writeReport = (name: string, flag: string, text: string): string | undefined => {
    const path = resolve(io.cwd, name);
    if (linted.has(sameFile(path))) return `${flag} ${name} is a file being linted: not overwritten`;
    try {
      writeFileSync(path, text);
    } catch (e) {
      return `cannot write ${name}: ${describeIoError(e).detail}`;
    }
    return undefined;
  };
  if (opts.writeBaseline) {
    const baseline = createBaseline(diagnostics, result.model.texts, baselineName(opts.writeBaseline));
    const problem = writeReport(opts.writeBaseline, "--write-baseline", `${JSON.stringify(baseline, null, 2)}\n`);
    if (problem) return fail(problem);
    io.stderr(
      `jaillint: recorded ${baseline.findings.length} finding${baseline.findings.length === 1 ? "" : "s"} in ${opts.writeBaseline}\n`,
    );
    return status;
  }
  if (opts.baseline) {
    const read = readJsonFile(resolve(io.cwd, opts.baseline));
    if (!read.ok)
      return fail(/^\d/.test(read.error) ? `${opts.baseline}:${read.error}` : `cannot read baseline ${opts.baseline}: ${read.error}`);
    const parsed = parseBaseline(read.json);
    if (!parsed.ok) return fail(`${opts.baseline}: ${parsed.error}`);
    const m = matchBaseline(diagnostics, result.model.texts, parsed.baseline, baselineName(opts.baseline));
    diagnostics = m.fresh;
    if (m.gone.length > 0)
      io.stderr(
        `jaillint: ${m.gone.length} baselined finding${m.gone.length === 1 ? " no longer occurs" : "s no longer occur"} (${[...new Set(m.gone.map((g) => g.code))].join(", ")}): run jaillint --write-baseline ${opts.baseline} to shrink the baseline\n`,
      );
  }
  // --quiet changes what is shown, not what the gate counts (as ESLint): hidden warnings still fail --max-warnings.
  const gated = diagnostics;
  if (opts.quiet) diagnostics = diagnostics.filter((d) => d.severity === "error");

  const format = FORMATTERS[opts.format] ?? FORMATTERS.stylish;
  const color = opts.output ? false : useColor(io, io.stdoutIsTTY, opts.color);
  const text = format?.({ diagnostics, texts: result.model.texts, color, cwd: io.cwd }) ?? "";
  if (opts.output) {
    const problem = writeReport(opts.output, "--output", text);
    if (problem) return fail(problem);
  } else io.stdout(text);

  if (status !== EXIT.ok) return status;
  const threshold = SEVERITY_RANK[opts.severity];
  if (gated.some((d) => SEVERITY_RANK[d.severity] >= threshold)) return EXIT.findings;
  const warnings = gated.filter((d) => d.severity === "warning").length;
  if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
    io.stderr(`jaillint: ${warnings} warnings, more than --max-warnings ${opts.maxWarnings}\n`);
    return EXIT.findings;
  }
  return EXIT.ok;
}

/** A path with symbolic links resolved when it exists, so two names of one file compare equal. */
function sameFile(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

interface LintContext {
  readonly loaded: LoadedConfig;
  readonly flags: ReadonlyMap<string, RuleEntry>;
  readonly configRelative: (file: string) => string;
  readonly stdinText: string | undefined;
  readonly stdinName: string;
}

/** Lints (and with --fix, fixes) one host; reports its I/O problems on stderr. */
function lintOneHost(
  found: DiscoveredFiles,
  opts: LintOptions,
  io: CliIo,
  ctx: LintContext,
): { result: LintResult; status: number; diff?: string } {
  const { loaded, flags, configRelative, stdinText, stdinName } = ctx;
  for (const line of found.skipped) io.stderr(`jaillint: ${line}\n`);
  for (const line of found.errors) io.stderr(`jaillint: ${line}\n`);
  const input = { jailConf: found.jail, rc: found.rc, pf: found.pf, freebsd: opts.freebsd };
  const lintWith = (host: typeof found.host): LintResult =>
    lintHost(input, host, (rule, file) => resolveRuleSetting(loaded.config, rule, configRelative(file), flags), {
      suppressions: { inline: opts.inlineSuppressions, requireReason: opts.requireSuppressionReason === true },
    });
  let result = lintWith(found.host);
  for (const u of result.model.unreadable) io.stderr(`jaillint: cannot read ${found.host.displayPath(u.path)}: ${u.detail}\n`);
  let status: number = found.errors.length > 0 || result.model.unreadable.length > 0 ? EXIT.usage : EXIT.ok;

  if (opts.fix || opts.fixDryRun) {
    const logical = (file: string): string => found.host.logicalPath(resolve(io.cwd, file));
    const fixes = fixHost(
      result,
      (texts) => lintWith(found.host.withTexts(new Map([...texts].map(([f, t]) => [logical(f), t])))),
      opts.unsafeFixes === true,
    );
    for (const [f, w] of fixes.withheld)
      io.stderr(
        `jaillint: ${f}: ${w.count} fix${w.count === 1 ? "" : "es"} not applied: ${
          w.reason === "not-utf8"
            ? "the file is not valid UTF-8 (JL001); convert it to UTF-8"
            : "the file has a syntax error (JL001); correct it"
        }, then run jaillint --fix again\n`,
      );
    for (const f of fixes.refused)
      io.stderr(`jaillint: ${f}: fixes not applied: they would introduce a syntax error (please report this)\n`);
    if (opts.fixDryRun) {
      const diff = [...fixes.changed].map(([file, c]) => unifiedDiff(c.before, c.after, `a/${file}`, `b/${file}`)).join("");
      return { result, status, diff };
    }
    let written = 0;
    let appliedWritten = 0;
    const notWritten = new Set<string>();
    for (const [file, c] of fixes.changed) {
      if (stdinText !== undefined && file === found.host.displayPath(found.host.logicalPath(resolve(io.cwd, stdinName)))) continue;
      // Never through a link out of the root, and only to the very file that was linted.
      const refused = found.host.refuseWrite(logical(file));
      if (refused) {
        notWritten.add(file);
        io.stderr(`jaillint: cannot write ${file}: ${refused}: fixes not applied\n`);
        status = EXIT.usage;
        continue;
      }
      try {
        const outcome = writeFileAtomic(found.host.realPath(logical(file)), c.after, c.before, (saved) =>
          io.stderr(
            `jaillint: ${file} was edited again while an edit made during the fix was being put back: that edit is kept in ${saved}; merge it by hand\n`,
          ),
        );
        if (outcome === "written") {
          written++;
          appliedWritten += fixes.appliedIn.get(file) ?? 0;
        } else {
          notWritten.add(file);
          io.stderr(
            outcome === "read-only"
              ? `jaillint: cannot write ${file}: the file is read-only: fixes not applied\n`
              : `jaillint: ${file} changed on disk while it was being fixed: not overwritten; run jaillint --fix again\n`,
          );
          status = EXIT.usage;
        }
      } catch (e) {
        notWritten.add(file);
        io.stderr(`jaillint: cannot write ${file}: ${describeIoError(e).detail}: fixes not applied\n`);
        status = EXIT.usage;
      }
    }
    if (appliedWritten > 0)
      io.stderr(
        `jaillint: applied ${appliedWritten} fix${appliedWritten === 1 ? "" : "es"} in ${written} file${written === 1 ? "" : "s"}\n`,
      );
    // Report what is on disk now: the fixed texts, except those of files that could not be written.
    result =
      notWritten.size === 0
        ? fixes.result
        : lintWith(
            found.host.withTexts(new Map([...fixes.changed].filter(([f]) => !notWritten.has(f)).map(([f, c]) => [logical(f), c.after]))),
          );
  }

  return { result, status };
}
