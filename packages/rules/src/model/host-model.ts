import {
  buildRcConfig,
  DEFAULT_FREEBSD_VERSION,
  type EffectiveJail,
  type FreeBsdVersion,
  type InvalidUtf8,
  type JailConfHost,
  type JailConfModel,
  orderRcFiles,
  type PfConfFile,
  type PfIncludeProblem,
  type PfOrderProblem,
  type PfPolicy,
  parseRcConf,
  type RcConfFile,
  type RcConfig,
  type ResolvedPfConf,
  resolveJailConf,
  resolvePfConf,
  type TextRange,
} from "@jaillint/parser";
import { buildHostNetwork, type HostNetwork } from "./host-network.js";
import { type IpfwHostPolicy, ipfwHostFiles, type ParsedIpfwFile } from "./ipfw-host-policy.js";
import type { ModelCache } from "./model-cache.js";
import { type FstabProblem, type JailMount, jailMounts } from "./mounts.js";

/** What to lint: logical paths of each kind of file, all of one host. */
export interface HostInput {
  readonly jailConf: readonly string[];
  readonly rc?: readonly string[];
  readonly pf?: readonly string[];
  readonly freebsd?: FreeBsdVersion;
}

export interface PfRulesProblem {
  /** The rc.conf assignment of pf_rules. */
  readonly file: string;
  readonly range: TextRange;
  readonly path: string;
  readonly detail: string;
}

export interface ParsedRcFile {
  readonly file: string;
  readonly path: string;
  readonly ast: RcConfFile;
}

export interface ParsedPfFile {
  readonly file: string;
  readonly path: string;
  readonly ast: PfConfFile;
  /** The ruleset this file and the files it includes make up; elements from an included file name it in `file`. */
  readonly policy: PfPolicy;
  /** The `include` line that read this file, for an included file. */
  readonly includedFrom?: { readonly file: string; readonly range: TextRange };
}

/** The host as the rules see it: every file parsed and linked. */
export interface HostModel {
  readonly freebsd: FreeBsdVersion;
  readonly jailConf: JailConfModel | undefined;
  /** rc.conf, rc.conf.local and rc.conf.d/* layered in rc(8)'s order; undefined when none was given. */
  readonly rc: { readonly files: readonly ParsedRcFile[]; readonly config: RcConfig } | undefined;
  /** Every pf.conf given; `main` is the one rc.conf's pf_rules names (default /etc/pf.conf), else the first. */
  readonly pf: { readonly files: readonly ParsedPfFile[]; readonly main: ParsedPfFile } | undefined;
  /** Every pf.conf-kind file read, also when none of them is known to be the one pf loads (`pf` is then undefined). */
  readonly pfFiles: readonly ParsedPfFile[];
  readonly jails: readonly EffectiveJail[];
  /** Jails' addresses in jail(8) order, the host's interfaces and addresses, and an index of them. */
  readonly network: HostNetwork;
  readonly mounts: ReadonlyMap<string, readonly JailMount[]>;
  readonly fstabProblems: readonly FstabProblem[];
  /** `include` lines in pf files whose file is missing, unreadable, or part of a cycle. */
  readonly pfIncludeProblems: readonly PfIncludeProblem[];
  /** pf statements out of pfctl's rule order (reported as syntax errors). */
  readonly pfOrderProblems: readonly PfOrderProblem[];
  /** rc.conf enables pf with a pf_rules file that the host does not have. */
  readonly pfRulesProblem: PfRulesProblem | undefined;
  /** The ipfw ruleset rc.d/ipfw loads, when rc.conf enables ipfw and every file it needs could be read. */
  readonly ipfw: IpfwHostPolicy | undefined;
  /** The ipfw files read (a firewall_script, a file of ipfw commands), for their syntax problems. */
  readonly ipfwFiles: readonly ParsedIpfwFile[];
  /** rc.conf enables ipfw, but the script or rules file it names could not be read. */
  readonly ipfwUnread: { readonly path: string; readonly detail: string } | undefined;
  /** Text of every file read, by the file name diagnostics use. */
  readonly texts: ReadonlyMap<string, string>;
  /** Root files that could not be read at all. */
  readonly unreadable: readonly { path: string; detail: string }[];
  /** Files that are not UTF-8, with their ill-formed byte sequences, by the file name diagnostics use. */
  readonly invalidUtf8: ReadonlyMap<string, readonly InvalidUtf8[]>;
  /**
   * For each jail.conf and pf.conf file read (by the file name diagnostics use), the logical paths of the roots
   * whose runs read it: itself, or the files that include it (`jail -f ROOT` and `pfctl -f ROOT` read their
   * includes; one file may be included by several roots).
   */
  readonly rootOf: ReadonlyMap<string, readonly string[]>;
}

/**
 * Stages parse → index → link for the whole host. Reads only through `host`. With a `cache` (one per host), the
 * jail.conf and pf.conf roots whose files read the same as at the last build are not parsed again.
 */
export function buildHostModel(input: HostInput, diskHost: JailConfHost, cache?: ModelCache): HostModel {
  // Every read goes through here, includes and fstab files too, so no file's encoding problem goes unseen.
  const invalidUtf8 = new Map<string, readonly InvalidUtf8[]>();
  const host: JailConfHost = {
    read: (path) => {
      const r = diskHost.read(path);
      if (r.ok && r.invalidUtf8 && r.invalidUtf8.length > 0) invalidUtf8.set(r.file, r.invalidUtf8);
      return r;
    },
    glob: (pattern) => diskHost.glob(pattern),
    ...(diskHost.complete !== undefined ? { complete: diskHost.complete } : {}),
    ...(diskHost.label ? { label: (path: string) => diskHost.label?.(path) ?? path } : {}),
  };
  const freebsd = input.freebsd ?? DEFAULT_FREEBSD_VERSION;
  const texts = new Map<string, string>();
  const unreadable: { path: string; detail: string }[] = [];
  const rootOf = new Map<string, string[]>();
  const readBy = (file: string, root: string): void => {
    const roots = rootOf.get(file);
    if (!roots) rootOf.set(file, [root]);
    else if (!roots.includes(root)) roots.push(root);
  };
  let jailConf: JailConfModel | undefined;
  if (input.jailConf.length > 0) {
    // Each file that no other includes is its own jail(8) configuration (rc.d/jail runs `jail -f` on
    // /etc/jail.conf.d/NAME.conf separately), so its global parameters must not leak into the others.
    const models: JailConfModel[] = [];
    const loaded = new Set<string>();
    for (const root of input.jailConf) {
      if (loaded.has(root)) continue;
      const m = cache
        ? cache.get<JailConfModel>(`jail\0${root}`, String(freebsd), host, (h, previous, update) =>
            // A copy of the jails an edit moves costs what resolving them again costs: only an update pays.
            resolveJailConf([root], h, { freebsd, ...(previous && update ? { update: previous } : {}) }),
          )
        : resolveJailConf([root], host, { freebsd });
      for (const f of m.files) {
        loaded.add(f.path);
        readBy(f.file, root);
      }
      if (m.files.length === 0) unreadable.push({ path: root, detail: describeRead(host, root) });
      models.push(m);
    }
    jailConf = mergeJailConfModels(models, freebsd);
    for (const f of jailConf.files) texts.set(f.file, f.text);
  }
  const readText = (path: string): { file: string; text: string } | undefined => {
    const r = host.read(path);
    if (!r.ok) {
      unreadable.push({ path, detail: r.detail });
      return undefined;
    }
    texts.set(r.file, r.text);
    return { file: r.file, text: r.text };
  };
  let rc: HostModel["rc"];
  const rcFiles: ParsedRcFile[] = [];
  for (const path of orderRcFiles([...(input.rc ?? [])])) {
    const r = readText(path);
    if (r) rcFiles.push({ file: r.file, path, ast: parseRcConf(r.text) });
  }
  if (rcFiles.length > 0) rc = { files: rcFiles, config: buildRcConfig(rcFiles.map((f) => ({ path: f.file, ast: f.ast }))) };
  let pf: HostModel["pf"];
  // rc.d/pf runs `pfctl -f "$pf_rules" $pf_flags`: the macros pf_flags defines with -D are the main file's.
  const pfMacros = new Map((rc?.config.pfFlagsMacros ?? []).map((m) => [m.name, m.value] as const));
  const pfRules = rc?.config.pfRules;
  // rc(8) and service(8) run rc.d scripts from `/` (service.sh: `cd /`), so a relative pf_rules is relative to /.
  const pfRulesPath = pfRules && !pfRules.value.startsWith("/") ? `/${pfRules.value.replace(/^(\.\/)+/, "")}` : pfRules?.value;
  const read: { file: string; path: string; text: string }[] = [];
  for (const path of input.pf ?? []) {
    const r = readText(path);
    if (r) read.push({ ...r, path });
  }
  // rc.d/pf loads pf_rules (default /etc/pf.conf). When rc.conf names another file, that one is the policy: read it
  // if it was not given; when it cannot be read, the pf.conf given is not what pf loads, so there is no policy to
  // judge by. Without such a setting a pf.conf given under any name stands for /etc/pf.conf.
  let mainPath = pfRulesPath ? read.find((f) => f.path === pfRulesPath)?.path : undefined;
  let pfRulesProblem: PfRulesProblem | undefined;
  const wholeHost = host.complete !== false;
  if (!mainPath && pfRulesPath && pfRules?.source && (read.length > 0 || wholeHost)) {
    const r = host.read(pfRulesPath);
    if (r.ok) {
      texts.set(r.file, r.text);
      read.push({ file: r.file, path: pfRulesPath, text: r.text });
      mainPath = pfRulesPath;
    } else if (wholeHost && rc?.config.pfEnable.enabled) {
      pfRulesProblem = {
        ...pfRules.source,
        path: pfRulesPath,
        detail: r.reason === "missing" ? "does not exist" : `cannot be read (${r.detail})`,
      };
    }
  } else if (!mainPath && !pfRules?.source) mainPath = read[0]?.path;
  // Each root is one pfctl run (rc.d/pf for the main file, `pfctl -f` or `load anchor` for the others): its includes
  // are read where they stand, and a file one of them includes is not read again as a root of its own.
  const pfFiles: ParsedPfFile[] = [];
  const pfIncludeProblems: PfIncludeProblem[] = [];
  const pfOrderProblems: PfOrderProblem[] = [];
  const loadedPf = new Set<string>();
  const resolvedRoots = new Map<string, ReturnType<typeof resolvePfConf>>();
  for (const r of [...read.filter((x) => x.path === mainPath), ...read.filter((x) => x.path !== mainPath)]) {
    if (loadedPf.has(r.path)) continue;
    const options = { freebsd, ...(r.path === mainPath ? { macros: pfMacros } : {}) };
    const resolved = cache
      ? cache.get<ResolvedPfConf>(
          `pf\0${r.path}`,
          `${freebsd}\0${JSON.stringify([...(options.macros ?? [])])}`,
          host,
          (h, previous, update) => {
            // The root's own text is what the result depends on first.
            h.read(r.path);
            return resolvePfConf(r, h, previous ? { ...options, previous, ...(update ? { update } : {}) } : options);
          },
        )
      : resolvePfConf(r, host, options);
    for (const f of resolved.files) {
      loadedPf.add(f.path);
      readBy(f.file, r.path);
    }
    resolvedRoots.set(r.path, resolved);
  }
  // In the order the files were given, each one's included files after it.
  for (const r of read) {
    const resolved = resolvedRoots.get(r.path);
    if (!resolved) continue;
    for (const f of resolved.files) {
      texts.set(f.file, f.text);
      pfFiles.push({
        file: f.file,
        path: f.path,
        ast: f.ast,
        get policy() {
          return f.policy;
        },
        ...(f.includedFrom ? { includedFrom: f.includedFrom } : {}),
      });
    }
    pfIncludeProblems.push(...resolved.problems);
    pfOrderProblems.push(...resolved.orderProblems);
  }
  const main = pfFiles.find((f) => f.path === mainPath);
  if (main) pf = { files: pfFiles, main };
  const jails = jailConf?.jails ?? [];
  const mounts = new Map<string, JailMount[]>();
  const fstabProblems: FstabProblem[] = [];
  for (const j of jails) mounts.set(j.name, jailMounts(j, host, fstabProblems, texts));
  // Built on first use: the file rules (what an editor runs on each edit) never ask for it.
  let network: HostNetwork | undefined;
  // rc.d/ipfw runs firewall_script (default /etc/rc.firewall): its rules are read through the host, as pf_rules is.
  const ipfwFiles = rc?.config.firewallEnable.enabled
    ? ipfwHostFiles(rc.config, (path) => {
        const r = host.read(path);
        if (!r.ok) return { detail: r.detail };
        texts.set(r.file, r.text);
        return { file: r.file, text: r.text };
      })
    : undefined;
  return {
    freebsd,
    jailConf,
    rc,
    pf,
    pfFiles,
    jails,
    get network(): HostNetwork {
      network ??= buildHostNetwork(jails, rc?.config, texts);
      return network;
    },
    mounts,
    fstabProblems,
    pfIncludeProblems,
    pfOrderProblems,
    pfRulesProblem,
    ipfw: ipfwFiles?.policy,
    ipfwFiles: ipfwFiles?.files ?? [],
    ipfwUnread: ipfwFiles?.unread,
    texts,
    unreadable,
    invalidUtf8,
    rootOf,
  };
}

function mergeJailConfModels(models: readonly JailConfModel[], version: FreeBsdVersion): JailConfModel {
  if (models.length === 1 && models[0]) return models[0];
  return {
    version,
    files: models.flatMap((m) => m.files),
    sections: models.flatMap((m) => m.sections),
    jails: models.flatMap((m) => m.jails),
    problems: models.flatMap((m) => m.problems),
  };
}

function describeRead(host: JailConfHost, path: string): string {
  const r = host.read(path);
  return r.ok ? "unknown error" : r.detail;
}
