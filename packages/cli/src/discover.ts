import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, posix, resolve } from "node:path";
import { DiskHost, describeIoError } from "./disk-host.js";
import { type FileKindName, kindFromContent, kindFromName, looksLikeFail2ban } from "./file-kind.js";

export interface DiscoveredFiles {
  readonly host: DiskHost;
  /** Logical paths per kind, in the order jail(8) and rc(8) read them. */
  readonly jail: string[];
  readonly rc: string[];
  readonly pf: string[];
  /** One informational line per file passed over (fail2ban's jail.conf). */
  readonly skipped: string[];
  /** I/O and usage problems, one line each; any of them makes the exit status 2. */
  readonly errors: string[];
}

export interface DiscoverOptions {
  readonly cwd: string;
  readonly kind?: FileKindName;
  readonly root?: string;
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

function listGlob(host: DiskHost, logicalPattern: string): string[] {
  return host.glob(logicalPattern).filter((p) => {
    try {
      return statSync(host.realPath(p)).isFile();
    } catch {
      return false;
    }
  });
}

/** Turns the command line's paths into one host: the files of each kind, and the root they are seen from. */
export async function discoverFiles(paths: readonly string[], options: DiscoverOptions): Promise<DiscoveredFiles> {
  const cwd = options.cwd;
  const errors: string[] = [];
  const skipped: string[] = [];
  const found = { jail: [] as string[], rc: [] as string[], pf: [] as string[] };
  const firstDir = paths.map((p) => resolve(cwd, p)).find((p) => isDirectory(p));
  let root = options.root ? resolve(cwd, options.root) : "/";
  let etcDir: string | undefined;
  if (!options.root && firstDir) {
    // A tree that holds etc/ mirrors /; a folder named etc is /etc; any other folder stands for /etc itself
    // (a repository with jail.conf and rc.conf at its top).
    if (existsSync(join(firstDir, "etc"))) root = firstDir;
    else if (basename(firstDir) === "etc") root = dirname(firstDir);
    else {
      root = firstDir;
      etcDir = firstDir;
    }
  }
  const overlay = new Map<string, string>();
  const host0 = new DiskHost(root, cwd, etcDir);
  if (options.stdin) overlay.set(host0.logicalPath(resolve(cwd, options.stdin.name)), options.stdin.text);
  // One file linted out of its tree (not at its place in /etc, no --root): files it names by absolute paths
  // elsewhere are not known to be missing on the real host.
  // Standard input counts as one of those files, by the name it stands for.
  const named = options.stdin ? [...paths, options.stdin.name] : paths;
  const atHostPlace = named.every((p) => /^\/(usr\/local\/)?etc\//.test(host0.logicalPath(resolve(cwd, p))));
  const complete = options.root !== undefined || firstDir !== undefined || atHostPlace;
  const host = new DiskHost(root, cwd, etcDir, overlay, complete);

  const add = (logical: string, kind: FileKindName | undefined): void => {
    const read = host.read(logical);
    if (!read.ok) {
      errors.push(`cannot read ${host.displayPath(logical)}: ${read.detail}`);
      return;
    }
    const k = options.kind ?? kind ?? kindFromName(logical) ?? kindFromContent(read.text);
    if (!k) {
      errors.push(`cannot tell what kind of file ${read.file} is: name it jail.conf, rc.conf or pf.conf, or pass --kind jail|rc|pf`);
      return;
    }
    if (k === "jail" && looksLikeFail2ban(read.text)) {
      skipped.push(`${read.file}: skipped: this is a fail2ban jail.conf (INI sections like [sshd]), not jail(8)'s`);
      return;
    }
    if (!found[k].includes(logical)) found[k].push(logical);
  };

  // Listing first and reading after lets the reads run concurrently; `add` then finds every text cached.
  const candidates: { logical: string; kind: FileKindName | undefined }[] = [];
  if (options.stdin) candidates.push({ logical: host.logicalPath(resolve(cwd, options.stdin.name)), kind: undefined });
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch (e) {
      errors.push(`cannot read ${p}: ${describeIoError(e).detail}`);
      continue;
    }
    if (!isDir) {
      candidates.push({ logical: host.logicalPath(abs), kind: undefined });
      continue;
    }
    try {
      readdirSync(abs);
    } catch (e) {
      errors.push(`cannot read ${p}: ${describeIoError(e).detail}`);
      continue;
    }
    const base = host.logicalPath(abs);
    const etc = posix.normalize(existsSync(join(abs, "etc")) ? `${base}/etc` : base).replace(/\/$/, "");
    let any = false;
    for (const [kind, patterns] of Object.entries(treeFiles) as [FileKindName, readonly string[]][]) {
      if (options.kind && options.kind !== kind) continue;
      for (const pattern of patterns) {
        for (const f of listGlob(host, `${etc}/${pattern}`)) {
          any = true;
          candidates.push({ logical: f, kind });
        }
      }
    }
    if (!any) errors.push(`no jail.conf, rc.conf or pf.conf found in ${p} (looked in ${p} and ${join(p, "etc")})`);
  }
  const total = candidates.length;
  await host.preload(
    candidates.map((c) => c.logical),
    16,
    (done) => options.onRead?.(done, total),
  );
  for (const c of candidates) add(c.logical, c.kind);
  return { host, ...found, skipped, errors };
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
