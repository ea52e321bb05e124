import { lstatSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, posix, resolve } from "node:path";
import { detectFileKind, type FileKind } from "@jaillint/rules";
import { ConfigRoots, workTreeTop } from "./config-root.js";
import { DiskHost, describeIoError } from "./disk-host.js";
import { MemoryBudget } from "./memory-budget.js";
import { DEFAULT_MAX_FILE_SIZE } from "./read-file.js";

export interface DiscoveredFiles {
  readonly host: DiskHost;
  /** Logical paths per kind, in the order jail(8) and rc(8) read them. */
  readonly jail: string[];
  readonly rc: string[];
  readonly pf: string[];
  /** The logical path standard input stands for, when it is linted in this host. */
  readonly stdin?: string;
  /** One informational line per file passed over (fail2ban's jail.conf). */
  readonly skipped: string[];
  /** I/O and usage problems, one line each; any of them makes the exit status 2. */
  readonly errors: string[];
}

export interface DiscoverOptions {
  readonly cwd: string;
  readonly kind?: FileKind;
  readonly root?: string;
  /** `--allow-outside-root`: read files outside the config root too (never write them). */
  readonly allowOutsideRoot?: boolean;
  /** `--max-file-size`, in bytes. */
  readonly maxFileSize?: number;
  /** Texts given on standard input, by the name they stand for. */
  readonly stdin?: { readonly name: string; readonly text: string };
  /** Called as files are read ahead (concurrently), for a progress display. */
  readonly onRead?: (done: number, total: number) => void;
}

/** The files of a config tree: under DIR/etc (a mirror of /) or under DIR itself (a mirror of /etc). */
const treeFiles = {
  jail: ["jail.conf", "jail.conf.d/*.conf"],
  rc: ["rc.conf", "rc.conf.local", "rc.conf.d/*"],
  pf: ["pf.conf"],
} as const;

/**
 * What a tree pattern names: every entry there is (a FIFO or a link in a loop too, so reading it says what is
 * wrong), except directories that a `*` happens to match.
 */
function listGlob(host: DiskHost, logicalPattern: string): string[] {
  const literal = !logicalPattern.includes("*");
  return host.glob(logicalPattern).filter((p) => {
    try {
      return literal || !statSync(host.realPath(p)).isDirectory();
    } catch {
      return true;
    }
  });
}

/** A directory that exists but cannot be listed (unreadable etc/, jail.conf.d/): its problem, else undefined. */
function unlistable(dir: string): string | undefined {
  try {
    lstatSync(dir);
  } catch (e) {
    const d = describeIoError(e);
    return d.reason === "missing" ? undefined : d.detail;
  }
  try {
    if (!statSync(dir).isDirectory()) return undefined;
    readdirSync(dir);
    return undefined;
  } catch (e) {
    return describeIoError(e).detail;
  }
}

/**
 * Turns the command line's paths into hosts: each directory is a host of its own (a config tree), and the files
 * given one by one (with standard input) are one more. `errors` are problems with no host to belong to.
 */
export async function discoverHosts(
  paths: readonly string[],
  options: DiscoverOptions,
): Promise<{ hosts: DiscoveredFiles[]; errors: string[] }> {
  const errors: string[] = [];
  const trees: string[] = [];
  const files: string[] = [];
  for (const p of paths) {
    try {
      (statSync(resolve(options.cwd, p)).isDirectory() ? trees : files).push(p);
    } catch (e) {
      // A link in a loop or to nowhere: the file's read says so with the others.
      const d = describeIoError(e);
      if (d.reason === "missing" && !isLink(resolve(options.cwd, p))) errors.push(`cannot read ${p}: ${d.detail}`);
      else files.push(p);
    }
  }
  const hosts: DiscoveredFiles[] = [];
  for (const t of trees) hosts.push(await discoverTree(t, options));
  if (files.length > 0 || options.stdin) hosts.push(await discoverLoose(files, options));
  return { hosts, errors };
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function access(roots: readonly string[], options: DiscoverOptions) {
  return {
    roots: new ConfigRoots(roots, options.allowOutsideRoot === true),
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    memory: new MemoryBudget(),
  };
}

/** One config tree: its root is --root, else the directory itself, and nothing outside it is read. */
async function discoverTree(p: string, options: DiscoverOptions): Promise<DiscoveredFiles> {
  const cwd = options.cwd;
  const dir = resolve(cwd, p);
  const errors: string[] = [];
  let root = options.root ? resolve(cwd, options.root) : dir;
  let etcDir: string | undefined;
  const hasEtc = isDirectory(join(dir, "etc")) || unlistable(join(dir, "etc")) !== undefined;
  if (!options.root) {
    // A tree that holds etc/ mirrors /; a folder named etc is /etc; any other folder stands for /etc itself
    // (a repository with jail.conf and rc.conf at its top).
    if (hasEtc) root = dir;
    else if (basename(dir) === "etc") root = dirname(dir);
    else etcDir = dir;
  }
  const host = new DiskHost(root, cwd, etcDir, new Map(), true, access([options.root ? root : dir], options));
  const candidates: { logical: string; kind: FileKind | undefined }[] = [];
  const etcReal = hasEtc ? join(dir, "etc") : dir;
  const etcShown = hasEtc ? join(p, "etc") : p;
  const cannotList = unlistable(etcReal);
  if (cannotList) errors.push(`cannot read ${etcShown}: ${cannotList}`);
  else {
    const base = host.logicalPath(dir);
    const etc = posix.normalize(hasEtc ? `${base}/etc` : base).replace(/\/$/, "");
    for (const [kind, patterns] of Object.entries(treeFiles) as [FileKind, readonly string[]][]) {
      if (options.kind && options.kind !== kind) continue;
      for (const pattern of patterns) {
        if (pattern.includes("/")) {
          const sub = pattern.slice(0, pattern.indexOf("/"));
          const problem = unlistable(join(etcReal, sub));
          if (problem) {
            errors.push(`cannot read ${join(etcShown, sub)}: ${problem}`);
            continue;
          }
        }
        for (const f of listGlob(host, `${etc}/${pattern}`)) candidates.push({ logical: f, kind });
      }
    }
    if (candidates.length === 0 && errors.length === 0)
      errors.push(`no jail.conf, rc.conf or pf.conf found in ${p} (looked in ${p} and ${join(p, "etc")})`);
  }
  return collect(host, candidates, errors, options);
}

/**
 * Files given one by one (as pre-commit and CI pass them) and standard input: one host. Absolute paths in them
 * resolve under --root, else on this machine; what may be read is --root, else the top of the git work tree
 * each file is in, else (an admin linting a live host) all of `/`.
 */
async function discoverLoose(paths: readonly string[], options: DiscoverOptions): Promise<DiscoveredFiles> {
  const cwd = options.cwd;
  const root = options.root ? resolve(cwd, options.root) : "/";
  const named = options.stdin ? [...paths, options.stdin.name] : [...paths];
  const roots = options.root ? [root] : named.map((n) => workTreeTop(dirname(resolve(cwd, n))));
  const overlay = new Map<string, string>();
  const host0 = new DiskHost(root, cwd);
  if (options.stdin) overlay.set(host0.logicalPath(resolve(cwd, options.stdin.name)), options.stdin.text);
  // One file linted out of its tree (not at its place in /etc, no --root): files it names by absolute paths
  // elsewhere are not known to be missing on the real host.
  // Standard input counts as one of those files, by the name it stands for.
  const atHostPlace = named.every((p) => /^\/(usr\/local\/)?etc\//.test(host0.logicalPath(resolve(cwd, p))));
  const complete = options.root !== undefined || atHostPlace;
  const host = new DiskHost(root, cwd, undefined, overlay, complete, access(roots, options));
  const candidates: { logical: string; kind: FileKind | undefined }[] = [];
  const stdin = options.stdin ? host.logicalPath(resolve(cwd, options.stdin.name)) : undefined;
  if (stdin !== undefined) candidates.push({ logical: stdin, kind: undefined });
  for (const p of paths) candidates.push({ logical: host.logicalPath(resolve(cwd, p)), kind: undefined });
  return collect(host, candidates, [], options, stdin);
}

async function collect(
  host: DiskHost,
  candidates: readonly { logical: string; kind: FileKind | undefined }[],
  errors: string[],
  options: DiscoverOptions,
  stdin?: string,
): Promise<DiscoveredFiles> {
  const skipped: string[] = [];
  const found = { jail: [] as string[], rc: [] as string[], pf: [] as string[] };
  // Listing first and reading after lets the reads run concurrently; `add` then finds every text cached.
  const total = candidates.length;
  await host.preload(
    candidates.map((c) => c.logical),
    16,
    (done) => options.onRead?.(done, total),
  );
  for (const { logical, kind } of candidates) {
    const read = host.read(logical);
    if (!read.ok) {
      errors.push(`cannot read ${host.displayPath(logical)}: ${read.detail}`);
      continue;
    }
    const detected = detectFileKind(logical, read.text, options.kind ?? kind);
    if (detected.kind === undefined) {
      const shown = host.displayPath(logical);
      if (detected.why === "fail2ban")
        skipped.push(`${shown}: skipped: this is a fail2ban jail.conf (INI sections like [sshd]), not jail(8)'s`);
      else errors.push(`cannot tell what kind of file ${shown} is: name it jail.conf, rc.conf or pf.conf, or pass --kind jail|rc|pf`);
      continue;
    }
    if (!found[detected.kind].includes(logical)) found[detected.kind].push(logical);
  }
  return { host, ...found, ...(stdin !== undefined ? { stdin } : {}), skipped, errors };
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
