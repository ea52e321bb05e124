// The language server's one door into the core. Every call the server makes into packages/parser, packages/rules
// and the CLI's disk code goes through this module, so moving to the core API under way (one logical file identity
// for diagnostics, an overlay of editor buffers over the config host, file kinds, fixes and the configuration
// model in packages/rules, rules that run on one file) changes this file and no other.
//
// File kinds, fix application and the jaillint.config.json model come from packages/rules; what reads the disk
// (DiskHost, discoverHosts, the configuration file's reader, the heap guard) from the CLI's build (tsc -b builds it
// before this package).
import { dirname, posix, relative, resolve, sep } from "node:path";
import {
  type ConfigHost,
  changedSpan,
  DEFAULT_FREEBSD_VERSION,
  type FreeBsdVersion,
  isFreeBsdVersion,
  LineIndex,
  OverlayHost,
  type TextRange,
} from "@jaillint/parser";
import {
  buildHostModel,
  configSettings,
  type Diagnostic,
  type Fix,
  fileUnit,
  fixEdits,
  fixHost,
  type HostModel,
  isCrlfText,
  kindFromContent,
  kindFromName,
  type LintResult,
  type LoadedConfig,
  lintFile,
  lintHost,
  looksLikeFail2ban,
  ModelCache,
  NO_CONFIG,
  RULES,
  type Severity,
} from "@jaillint/rules";
import { findConfigFile, loadConfigFile } from "../../cli/dist/config-file.js";
import { type DiscoveredFiles, discoverHosts } from "../../cli/dist/discover.js";
import type { DiskHost } from "../../cli/dist/disk-host.js";
import { MemoryBudget } from "../../cli/dist/memory-budget.js";
import { ruleHelpUri, VERSION } from "../../cli/dist/version.js";

export type { FreeBsdVersion, HostModel, Severity, TextRange };
export { changedSpan, fixEdits, LineIndex, VERSION };

export type FileKind = "jail" | "rc" | "pf";

/** The page of a rule (docs/rules/JLxxx.md), as SARIF's helpUri gives it. */
export const helpUri = (code: string): string => ruleHelpUri(code);

/** The rule whose use jail(8) documents as deprecated: its findings carry LSP's Deprecated tag. */
export const DEPRECATED_RULES: ReadonlySet<string> = new Set(["JL101"]);

/** The rules that judge a file through its unit alone (RuleScope "file"): the server re-runs them on every edit. */
export const FILE_RULE_CODES: ReadonlySet<string> = new Set(RULES.filter((r) => r.scope === "file").map((r) => r.code));

/** JL000 reports suppression comments themselves; no comment can suppress it. */
export const SUPPRESSION_PROBLEM_CODE = "JL000";

export function freebsdVersion(value: unknown): FreeBsdVersion {
  return isFreeBsdVersion(value) ? value : DEFAULT_FREEBSD_VERSION;
}

/** Editors' language ids for the three kinds (rc.conf is a shell script to most editors). */
const LANGUAGE_KINDS: Readonly<Record<string, FileKind>> = {
  "jail-conf": "jail",
  jail: "jail",
  "rc-conf": "rc",
  sh: "rc",
  "pf-conf": "pf",
  pf: "pf",
};

/** Language ids that say nothing about the file: the CLI's guess from the content decides, as for a file it is given. */
const GENERIC_LANGUAGES: ReadonlySet<string> = new Set(["", "plaintext", "text", "conf", "config"]);

/**
 * The kind of a file linted alone: its name decides as in the CLI, then the editor's language id, then, when that
 * id names no language in particular, its content (as the CLI guesses it). A file the editor calls a shell script
 * or anything else is not guessed at: the server would lint every script of the workspace. `fail2ban` for a
 * jail.conf that is fail2ban's: the CLI skips it, and so does the server.
 */
export function detectKind(path: string | undefined, languageId: string | undefined, text: string): FileKind | "fail2ban" | undefined {
  const id = languageId ?? "";
  const kind =
    (path ? kindFromName(path.split(sep).join("/")) : undefined) ??
    LANGUAGE_KINDS[id] ??
    (GENERIC_LANGUAGES.has(id) ? kindFromContent(text) : undefined);
  return kind === "jail" && looksLikeFail2ban(text) ? "fail2ban" : kind;
}

/** What a host is: a config tree (a directory, as `jaillint DIR` reads it) or one file linted alone. */
export type LintTarget = { readonly tree: string } | { readonly file: string; readonly kind: FileKind };

export interface LintOptions {
  readonly freebsd: FreeBsdVersion;
}

export interface CoreRelated {
  readonly path: string;
  readonly range: TextRange;
  readonly message: string;
}

/** A finding with its file (and its related locations' files) as absolute paths. */
export interface CoreFinding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly path: string;
  readonly range: TextRange;
  readonly fix?: Fix;
  readonly related?: readonly CoreRelated[];
}

/** What one run of a file's program reads to load it (packages/rules fileUnit), by absolute path. */
export interface FileUnit {
  readonly kind: FileKind;
  readonly jail: readonly string[];
  readonly rc: readonly string[];
  readonly pf: readonly string[];
}

export interface HostSnapshot {
  /** Every file the lint read, by absolute path, with the text it read (an open buffer's for an open file). */
  readonly texts: ReadonlyMap<string, string>;
  /** The kind each parsed file was read as. */
  readonly kinds: ReadonlyMap<string, FileKind>;
  readonly findings: readonly CoreFinding[];
  /** Each file's innermost statements, in text order: a disable comment for a finding goes above the first line of its statement. */
  readonly statements: ReadonlyMap<string, readonly TextRange[]>;
  /** A tree's own files (jail.conf, jail.conf.d/*.conf, rc.conf…, pf.conf) that exist, by absolute path. */
  readonly roots: readonly string[];
  /** The unit of each jail.conf, rc.conf and pf.conf file read: what the file rules re-read after an edit of it. */
  readonly units: ReadonlyMap<string, FileUnit>;
  /** Whether the target holds nothing to lint (a folder with no jail.conf, rc.conf or pf.conf). */
  readonly empty: boolean;
  /** What the CLI would print on stderr for this host: unreadable files, skipped files, configuration problems. */
  readonly problems: readonly string[];
  /** The configuration file in force, and its problems (the lint then runs with the defaults). */
  readonly config: { readonly path: string | undefined; readonly errors: readonly string[] };
  /** Why the host was not linted at all (an open buffer too large for the heap). */
  readonly refused?: string;
}

interface Discovery {
  readonly found: DiscoveredFiles | undefined;
  readonly errors: readonly string[];
  readonly cwd: string;
  readonly loaded: LoadedConfig;
  readonly configPath: string | undefined;
  readonly configErrors: readonly string[];
}

/** The host model as the editor features read it, and the way between its file names and absolute paths. */
export interface HostView {
  readonly model: HostModel;
  /** The name the model gives the file at `path` (undefined when it did not read it). */
  fileOf(path: string): string | undefined;
  /** The absolute path of a file the model names. */
  pathOf(file: string): string;
}

function sameBuffers(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [path, text] of a) if (b.get(path) !== text) return false;
  return true;
}

function hostView(model: HostModel, disk: DiskHost): HostView {
  // The model names files by their logical path in the host tree; the editor by where they are on the disk.
  const pathOf = (file: string): string => disk.realPath(file);
  const byPath = new Map([...model.texts.keys()].map((f) => [pathOf(f), f] as const));
  for (const f of model.jailConf?.files ?? []) byPath.set(pathOf(f.file), f.file);
  return { model, fileOf: (path) => byPath.get(path), pathOf };
}

/**
 * One host, with what was found on disk cached until `invalidate` (a watched file changed, a buffer was saved or
 * closed). A tree is discovered as `jaillint DIR` discovers it; a file alone as `jaillint --stdin --stdin-filename
 * FILE --kind KIND` reads it, its buffer standing for standard input.
 */
export class HostSession {
  #discovery: Promise<Discovery> | undefined;
  /** The model of the latest lint or feature request, and the buffers it was built from. */
  #view: { readonly buffers: ReadonlyMap<string, string>; readonly view: HostView } | undefined;
  /** What the last lint resolved: a root none of whose files changed is not parsed again. */
  readonly #cache: ModelCache;
  /**
   * With `updates`, the cache updates the last lint's resolve in place after an edit (ModelCache): a snapshot is
   * made of each lint at once and nothing of the lint is kept, so only the file rules' session, which answers
   * each keystroke and serves no editor feature, uses it.
   */
  constructor(
    readonly target: LintTarget,
    readonly options: LintOptions,
    session: { readonly updates?: boolean } = {},
  ) {
    this.#cache = new ModelCache({ updates: session.updates ?? false });
  }

  invalidate(): void {
    this.#discovery = undefined;
    this.#view = undefined;
    // The resolves stay: each is used again only when every file it read (through the new discovery's host) reads
    // the same, so a save or a change on disk costs no parse of what it did not change.
  }

  /** The host model for these buffers (the latest lint's when it read the same), for the editor features. */
  async view(buffers: ReadonlyMap<string, string>): Promise<HostView | undefined> {
    if (this.#view && sameBuffers(this.#view.buffers, buffers)) return this.#view.view;
    const d = await this.#discover(buffers);
    const found = d.found;
    if (!found || found.jail.length + found.rc.length + found.pf.length === 0) return undefined;
    const budget = new MemoryBudget();
    for (const text of buffers.values()) if (budget.reserve(text.length)) return undefined;
    const input = { jailConf: found.jail, rc: found.rc, pf: found.pf, freebsd: this.options.freebsd };
    const view = hostView(buildHostModel(input, withBuffers(found.host, buffers), this.#cache), found.host);
    this.#view = { buffers, view };
    return view;
  }

  #discover(buffers: ReadonlyMap<string, string>): Promise<Discovery> {
    // A file alone is rediscovered every time: its buffer is what the CLI's standard input would be.
    if (this.#discovery && "tree" in this.target) return this.#discovery;
    const discovery = discover(this.target, buffers);
    if ("tree" in this.target) this.#discovery = discovery;
    return discovery;
  }

  async lint(buffers: ReadonlyMap<string, string>): Promise<HostSnapshot> {
    const d = await this.#discover(buffers);
    const problems = [...d.errors, ...(d.found?.skipped ?? []), ...(d.found?.errors ?? []), ...d.configErrors];
    const config = { path: d.configPath, errors: d.configErrors };
    const empty = !d.found || d.found.jail.length + d.found.rc.length + d.found.pf.length === 0;
    const base = { problems, config, empty };
    const none = { texts: new Map(), kinds: new Map(), findings: [], statements: new Map(), units: new Map() };
    if (!d.found || empty) return { ...base, ...none, roots: [] };
    const found = d.found;
    const roots = [...found.jail, ...found.rc, ...found.pf].map((l) => found.host.realPath(l));
    // The disk's files were read within the heap guard; the open buffers are counted the same way.
    const budget = new MemoryBudget();
    for (const [path, text] of buffers) {
      const refused = budget.reserve(text.length);
      if (refused) return { ...base, ...none, roots, refused: `${path} ${refused}` };
    }
    const result = this.#lintWith(d, found.host, buffers);
    this.#view = { buffers, view: hostView(result.model, found.host) };
    for (const u of result.model.unreadable) problems.push(`cannot read ${found.host.displayPath(u.path)}: ${u.detail}`);
    return { ...base, ...snapshot(result, found.host), roots };
  }

  #lintWith(d: Discovery, disk: DiskHost, buffers: ReadonlyMap<string, string>): LintResult {
    const found = d.found as DiscoveredFiles;
    const input = { jailConf: found.jail, rc: found.rc, pf: found.pf, freebsd: this.options.freebsd };
    return lintHost(input, withBuffers(disk, buffers), settingsOf(d, disk), {
      suppressions: { inline: true, requireReason: false },
      cache: this.#cache,
    });
  }

  /**
   * The file rules' findings in `path` after an edit, judged through its unit (as the latest lint of the host
   * found it): what the server publishes at once, before the host rules run again. Undefined when the host is not
   * one the server lints (nothing found, a buffer too large) or the unit is no longer there.
   */
  async lintFile(buffers: ReadonlyMap<string, string>, path: string, unit: FileUnit): Promise<HostSnapshot | undefined> {
    const d = await this.#discover(buffers);
    const found = d.found;
    if (!found) return undefined;
    const budget = new MemoryBudget();
    for (const text of buffers.values()) if (budget.reserve(text.length)) return undefined;
    const logical = (p: string): string => posix.normalize(found.host.logicalPath(p));
    const input = { jailConf: unit.jail.map(logical), rc: unit.rc.map(logical), pf: unit.pf.map(logical), freebsd: this.options.freebsd };
    const file = { path: logical(path), kind: unit.kind, unit: input };
    const result = lintFile(file, withBuffers(found.host, buffers), settingsOf(d, found.host), {
      suppressions: { inline: true, requireReason: false },
      cache: this.#cache,
    });
    if (!result.model.texts.has(file.path)) return undefined;
    const snap = snapshot(result, found.host);
    return { ...snap, problems: [], config: { path: d.configPath, errors: d.configErrors }, empty: false, roots: [] };
  }

  /**
   * The text of `path` with every safe fix applied, as `jaillint --fix` would write it (apply, re-lint, repeat),
   * fixes in the host's other files left out; undefined when nothing changes.
   */
  async fixAll(buffers: ReadonlyMap<string, string>, path: string): Promise<string | undefined> {
    const d = await this.#discover(buffers);
    if (!d.found) return undefined;
    const disk = d.found.host;
    const first = this.#lintWith(d, disk, buffers);
    const file = [...first.model.texts.keys()].find((f) => disk.realPath(f) === path);
    if (file === undefined) return undefined;
    const relint = (texts: ReadonlyMap<string, string>): LintResult =>
      this.#lintWith(d, disk, new Map([...buffers, ...[...texts].map(([f, t]) => [disk.realPath(f), t] as const)]));
    return fixHost(first, relint, false, { files: [file] }).changed.get(file)?.after;
  }
}

/** As the CLI: the configuration's file patterns see a file relative to the configuration's folder. */
function settingsOf(d: Discovery, disk: DiskHost): ReturnType<typeof configSettings> {
  const configRelative = (file: string): string =>
    d.loaded.dir ? relative(d.loaded.dir, disk.realPath(file)).split(sep).join(posix.sep) : file;
  return configSettings(d.loaded, new Map(), configRelative);
}

async function discover(target: LintTarget, buffers: ReadonlyMap<string, string>): Promise<Discovery> {
  const tree = "tree" in target ? resolve(target.tree) : undefined;
  const file = "file" in target ? resolve(target.file) : undefined;
  const cwd = tree ?? dirname(file as string);
  // As the CLI: the nearest jaillint.config.json above the tree, or above the file.
  const configPath = findConfigFile(tree ?? (file as string));
  let loaded = NO_CONFIG;
  let configErrors: string[] = [];
  if (configPath) {
    const r = loadConfigFile(configPath);
    if (r.ok) loaded = r.loaded;
    else configErrors = r.errors;
  }
  const stdin = file ? { name: file, text: buffers.get(file) ?? "" } : undefined;
  const r = await discoverHosts(tree ? [tree] : [], {
    cwd,
    ...("kind" in target ? { kind: target.kind } : {}),
    ...(stdin ? { stdin } : {}),
  });
  return { found: r.hosts[0], errors: r.errors, cwd, loaded, configPath, configErrors };
}

/** The disk as the CLI reads it, with the editor's open buffers in place of the files they stand for. */
function withBuffers(disk: DiskHost, buffers: ReadonlyMap<string, string>): ConfigHost {
  const overlay = new OverlayHost(disk);
  for (const [path, text] of buffers) overlay.set(posix.normalize(disk.logicalPath(path)), text);
  return overlay;
}

function snapshot(result: LintResult, disk: DiskHost): Pick<HostSnapshot, "texts" | "kinds" | "findings" | "statements" | "units"> {
  // Diagnostics name files by their logical path in the host tree; the editor by where they are on the disk.
  const abs = (file: string): string => disk.realPath(file);
  const texts = new Map([...result.model.texts].map(([f, t]) => [abs(f), t] as const));
  const kinds = new Map<string, FileKind>();
  const statements = new Map<string, TextRange[]>();
  const model = result.model;
  for (const f of model.jailConf?.files ?? []) kinds.set(abs(f.file), "jail");
  for (const f of model.rc?.files ?? []) kinds.set(abs(f.file), "rc");
  for (const f of model.pfFiles) kinds.set(abs(f.file), "pf");
  // Only a file with findings needs its statements (a disable comment goes above the finding's statement).
  const withFindings = new Set(result.diagnostics.map((d) => d.file));
  for (const [file, syntax] of result.syntax)
    if (withFindings.has(file))
      statements.set(
        abs(file),
        [...syntax.statements].sort((a, b) => a.start - b.start),
      );
  const units = new Map<string, FileUnit>();
  for (const file of model.texts.keys()) {
    const u = fileUnit(model, file);
    if (u) units.set(abs(file), { kind: u.kind, jail: u.jailConf.map(abs), rc: (u.rc ?? []).map(abs), pf: (u.pf ?? []).map(abs) });
  }
  const findings = result.diagnostics.map((d: Diagnostic): CoreFinding => {
    const related = d.related?.map((r) => ({ path: abs(r.file), range: r.range, message: r.message }));
    return {
      code: d.code,
      severity: d.severity,
      message: d.message,
      path: abs(d.file),
      range: d.range,
      ...(d.fix ? { fix: d.fix } : {}),
      ...(related && related.length > 0 ? { related } : {}),
    };
  });
  return { texts, kinds, findings, statements, units };
}

/** The reason every suppression the editor writes asks for: the comment names the rule, the user says why. */
export const SUPPRESSION_REASON_PLACEHOLDER = "TODO: say why this is acceptable";

/**
 * The comment line that suppresses `code` for the finding at `offset` (packages/rules/src/engine/suppressions.ts:
 * `# jaillint-disable-next-line CODE -- reason`, which covers the next line that holds code, and a statement that
 * starts on it whole), and where it goes: above the first line of the finding's statement, indented as that line.
 * `#` starts a comment in jail.conf, rc.conf and pf.conf alike.
 */
export function disableComment(
  text: string,
  statements: readonly TextRange[],
  code: string,
  offset: number,
): { readonly offset: number; readonly text: string } {
  let at = offset;
  // The statement holding the finding (they do not nest): a comment line inside a multi-line value would change it.
  let lo = 0;
  let hi = statements.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((statements[mid] as TextRange).start <= offset) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const holder = statements[last];
  if (holder && offset < holder.end) at = holder.start;
  // sh(1) ends a line at `\n` only, jail(8) and pfctl(8) too: a lone CR is no place to start a comment line.
  const lineStart = at === 0 ? 0 : text.lastIndexOf("\n", at - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))?.[0] ?? "";
  const eol = isCrlfText(text) ? "\r\n" : "\n";
  return { offset: lineStart, text: `${indent}# jaillint-disable-next-line ${code} -- ${SUPPRESSION_REASON_PLACEHOLDER}${eol}` };
}
