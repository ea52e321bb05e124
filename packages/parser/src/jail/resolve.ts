import { posix } from "node:path";
import type { ConfigHost, ReadFailure } from "../common/config-host.js";
import { describeJails } from "../common/describe-jails.js";
import { DEFAULT_FREEBSD_VERSION, type FreeBsdVersion } from "../common/freebsd-version.js";
import { hasGlobMagic } from "../common/glob.js";
import type { TextRange } from "../common/text-range.js";
import type { ConfString, JailBlock, JailConfFile, JailStatement, ParamStatement } from "./ast.js";
import { updateJailConf } from "./incremental.js";
import { paramKey } from "./parameters.js";
import { parseJailConf } from "./parse.js";

export interface ParsedJailFile {
  /** Shown in diagnostics. */
  readonly file: string;
  readonly path: string;
  readonly text: string;
  readonly ast: JailConfFile;
  /** For a file read by `.include`: the file and string of the first `.include` that read it. */
  readonly includedFrom?: { readonly file: string; readonly range: TextRange };
}

export type ResolveProblemKind =
  | "include-missing"
  | "include-unreadable"
  | "include-cycle"
  | "include-depth"
  | "undefined-variable"
  | "variable-loop"
  | "array-inline"
  | "variable-shadows-parameter"
  | "immutable-parameter"
  | "expansion-limit";

export interface ResolveProblem {
  readonly kind: ResolveProblemKind;
  readonly file: string;
  readonly range: TextRange;
  readonly message: string;
  /** Jails the problem shows in (a reference in a wildcard section can fail in several). */
  readonly jails: readonly string[];
}

/** A statement together with the file it is in. */
export interface SourcedParam {
  readonly file: string;
  readonly statement: ParamStatement;
  /** The section it was written in: a jail name, a wildcard pattern, or `*` for global parameters. */
  readonly section: string;
}

export interface EffectiveValue {
  /** The value with variables expanded (unresolved references are left as written). */
  readonly text: string;
  readonly file: string;
  readonly range: TextRange;
  /** Some reference in it could not be expanded. */
  readonly unresolved: boolean;
}

export interface EffectiveParam {
  /** The name as the winning statement wrote it (`allow.nomount`). */
  readonly name: string;
  /** The merge key: the catalog name without a `no` prefix (`allow.mount`). */
  readonly key: string;
  readonly values: readonly EffectiveValue[];
  /** The statements that make up the value: the last `=` (or bare) one and any `+=` after it. */
  readonly setBy: readonly SourcedParam[];
  /** Statements whose value this one replaced (set with `=` earlier in the merge order). */
  readonly overridden: readonly SourcedParam[];
  readonly isVariable: boolean;
}

export interface EffectiveJail {
  readonly name: string;
  readonly file: string;
  readonly block: JailBlock;
  readonly params: ReadonlyMap<string, EffectiveParam>;
  readonly variables: ReadonlyMap<string, EffectiveParam>;
  /**
   * Parameters and variables together in the order config.c add_param first added them to the jail's one list
   * (`j->params`): the order `jail -e` prints parameters in, before variable substitution reorders it.
   */
  readonly order: readonly EffectiveParam[];
}

export interface JailSection {
  readonly name: string;
  readonly wildcard: boolean;
  readonly file: string;
  /** The block, or undefined for the global pseudo-section. */
  readonly block: JailBlock | undefined;
  readonly params: readonly SourcedParam[];
  /** Parse order, as jail(8) numbers its items. */
  readonly seq: number;
}

export interface JailConfModel {
  readonly version: FreeBsdVersion;
  readonly files: readonly ParsedJailFile[];
  readonly sections: readonly JailSection[];
  readonly jails: readonly EffectiveJail[];
  readonly problems: readonly ResolveProblem[];
}

export interface ResolveOptions {
  readonly freebsd?: FreeBsdVersion;
  /**
   * An earlier resolve of the same roots with the same release, to be **updated in place**: an edited file is
   * reparsed only where it changed, its other statements are moved where the edit shifted them, and the jails the
   * edit did not touch are the same objects. The result is the one a resolve without it gives; `update` and every
   * range from it (diagnostics of a lint of it included) are only good as the result's afterwards. For a caller
   * that holds nothing of the earlier result (the language server's worker that answers each keystroke).
   */
  readonly update?: JailConfModel;
}

const MAX_INCLUDE_DEPTH = 32;
/** jail(8) has no such limits; they keep hostile input from exhausting the stack or memory. */
const MAX_VARIABLE_DEPTH = 64;
const MAX_EXPANDED_LENGTH = 1 << 16;
/** Stands for the jail name(s) in a message until problems from several jails are merged. */
const JAILS = "\u0000jails\u0000";

/** A name is a wildcard when one of its dot-separated parts is exactly `*` (config.c wild_jail_name). */
export function isWildcardName(name: string): boolean {
  return name.includes("*") && name.split(".").includes("*");
}

/** config.c wild_jail_match: an inner `*` matches one part, a final `*` one or more. */
export function wildcardMatches(pattern: string, name: string): boolean {
  if (pattern === "*") return true; // a final `*` and every name has at least one part
  const p = pattern.split(".");
  const n = name.split(".");
  for (let i = 0; i < p.length; i++) {
    const part = p[i];
    if (part === "*" && i === p.length - 1) return n.length > i;
    if (i >= n.length) return false;
    if (part !== "*" && part !== n[i]) return false;
  }
  return p.length === n.length;
}

interface MutableSection {
  name: string;
  wildcard: boolean;
  file: string;
  block: JailBlock | undefined;
  params: SourcedParam[];
  seq: number;
}

/** Stage "link" for jail.conf: follows `.include`, then merges sections into each jail's effective parameters. */
export function resolveJailConf(rootPaths: readonly string[], host: ConfigHost, options: ResolveOptions = {}): JailConfModel {
  const version = options.freebsd ?? DEFAULT_FREEBSD_VERSION;
  if (options.update?.version === version) {
    const updated = updateModel(options.update, host);
    if (updated.model) return updated.model;
    if (updated.asts) return resolveWith(rootPaths, host, version, updated.asts);
  }
  return resolveWith(rootPaths, host, version, new Map());
}

/**
 * The resolve, parsing each file it reads unless `asts` holds the tree of that text already (an update that
 * could not keep the jails still reparsed the edited file only where it changed).
 */
function resolveWith(
  rootPaths: readonly string[],
  host: ConfigHost,
  version: FreeBsdVersion,
  asts: ReadonlyMap<string, { readonly text: string; readonly ast: JailConfFile }>,
): JailConfModel {
  const files: ParsedJailFile[] = [];
  const parsedByPath = new Map<string, ParsedJailFile>();
  const problems: ResolveProblem[] = [];
  const sections: MutableSection[] = [];
  let global: MutableSection | undefined;
  let seq = 0;

  const newSection = (name: string, file: string, block: JailBlock | undefined): MutableSection => {
    const s: MutableSection = { name, wildcard: isWildcardName(name), file, block, params: [], seq: seq++ };
    sections.push(s);
    return s;
  };

  const addTopLevel = (param: ParamStatement, file: string): void => {
    if (version >= 14) {
      // jailparse.y (14.0+): one global pseudo-jail, placed where the first top-level parameter is.
      global ??= newSection("*", file, undefined);
      global.params.push({ file, statement: param, section: "*" });
      return;
    }
    // jailparse.y (<= 13): append to the last item if it is named `*`, else start a new `*` there.
    let last = sections[sections.length - 1];
    if (last?.name !== "*") last = newSection("*", file, undefined);
    last.params.push({ file, statement: param, section: "*" });
  };

  const load = (path: string, includedFrom?: ParsedJailFile["includedFrom"]): ParsedJailFile | ReadFailure => {
    const cached = parsedByPath.get(path);
    if (cached) return cached;
    const read = host.read(path);
    if (!read.ok) return read;
    const parsed: ParsedJailFile = {
      file: read.file,
      path,
      text: read.text,
      ast: (() => {
        const known = asts.get(path);
        return known?.text === read.text ? known.ast : parseJailConf(read.text, { freebsd: version });
      })(),
      ...(includedFrom ? { includedFrom } : {}),
    };
    parsedByPath.set(path, parsed);
    files.push(parsed);
    return parsed;
  };

  const walk = (statements: readonly JailStatement[], file: ParsedJailFile, current: MutableSection | undefined, stack: string[]): void => {
    for (const st of statements) {
      if (st.type === "Param") {
        if (current) current.params.push({ file: file.file, statement: st, section: current.name });
        else addTopLevel(st, file.file);
      } else if (st.type === "Jail") {
        const name = current ? `${current.name}.${st.name}` : st.name;
        walk(st.body, file, newSection(name, file.file, st), stack);
      } else {
        for (const p of st.paths) includeOne(p, file, current, stack);
      }
    }
  };

  const report = (kind: ResolveProblemKind, file: string, range: TextRange, message: string): void => {
    problems.push({ kind, file, range, message, jails: [] });
  };

  const includeOne = (pathString: ConfString, from: ParsedJailFile, current: MutableSection | undefined, stack: string[]): void => {
    if (pathString.pieces.some((p) => p.kind === "variable")) return; // a syntax problem already
    const written = pathString.pieces.map((p) => (p.kind === "literal" ? p.text : "")).join("");
    const target = posix.isAbsolute(written) ? posix.normalize(written) : posix.join(posix.dirname(from.path), written);
    const targets = hasGlobMagic(written) ? host.glob(target) : [target];
    for (const path of targets) {
      if (stack.includes(path)) {
        const chain = [...stack.slice(stack.indexOf(path)), path].map((p) => posix.basename(p)).join(" → ");
        report(
          "include-cycle",
          from.file,
          pathString.range,
          `include cycle: ${chain}; jail(8) stops with "maximum include depth exceeded". Remove one of the .include lines`,
        );
        continue;
      }
      if (stack.length > MAX_INCLUDE_DEPTH) {
        report(
          "include-depth",
          from.file,
          pathString.range,
          `maximum include depth (${MAX_INCLUDE_DEPTH}) exceeded: flatten the chain of .include files`,
        );
        continue;
      }
      const loaded = load(path, { file: from.file, range: pathString.range });
      if ("ok" in loaded) {
        const what = loaded.reason === "missing" ? "does not exist" : `cannot be read (${loaded.detail})`;
        const fix =
          loaded.reason === "missing"
            ? "; jail(8) refuses to start any jail. Fix the path, or use a glob (`jail[.]conf`) to include it only when present"
            : "";
        report(
          loaded.reason === "missing" ? "include-missing" : "include-unreadable",
          from.file,
          pathString.range,
          `included file ${written === path ? path : `${written} (${path})`} ${what}${fix}`,
        );
        continue;
      }
      walk(loaded.ast.statements, loaded, current, [...stack, path]);
    }
  };

  for (const root of rootPaths) {
    const loaded = load(root);
    if ("ok" in loaded) continue; // the caller reports unreadable root files
    walk(loaded.ast.statements, loaded, undefined, [root]);
  }

  const wildcards = sections.filter((s) => s.wildcard);
  const shared: SharedParams = new Map();
  const jails = sections.filter((s) => !s.wildcard).map((s) => effectiveJail(s, wildcards, problems, shared));
  return { version, files, sections, jails, problems: dedupeProblems(withoutRecovered(problems, sections)) };
}

/**
 * ResolveOptions.update: the earlier model brought up to date when the files it read still read (an edit changed
 * texts, not which files there are) and no problem was found before. When the edits replaced only jail blocks by
 * blocks of the same names (or touched no statement at all), the sections and jails are the earlier ones with
 * those blocks' worked out again (`model`); else the trees are (`asts`), and the jails are worked out anew.
 */
function updateModel(
  previous: JailConfModel,
  host: ConfigHost,
): { model?: JailConfModel; asts?: Map<string, { readonly text: string; readonly ast: JailConfFile }> } {
  if (previous.problems.length > 0) return {};
  const reads = previous.files.map((f) => ({ f, read: host.read(f.path) }));
  if (reads.some(({ f, read }) => !read.ok || read.file !== f.file)) return {};
  const asts = new Map<string, { readonly text: string; readonly ast: JailConfFile }>();
  const files: ParsedJailFile[] = [];
  const pairs: [JailBlock, JailBlock][] = [];
  let sameJails = true;
  for (const { f, read } of reads) {
    const text = (read as { readonly text: string }).text;
    if (text === f.text) {
      files.push(f);
      asts.set(f.path, f);
      continue;
    }
    const u = updateJailConf(f, text, { freebsd: previous.version });
    if (!u) return { asts };
    asts.set(f.path, { text, ast: u.ast });
    files.push({ ...f, text, ast: u.ast });
    if (u.replaced.length !== u.added.length) sameJails = false;
    for (let i = 0; sameJails && i < u.added.length; i++) {
      const o = u.replaced[i] as JailStatement;
      const n = u.added[i] as JailStatement;
      if (o.type !== "Jail" || n.type !== "Jail" || o.name !== n.name || isWildcardName(n.name) || !flatBlock(o) || !flatBlock(n))
        sameJails = false;
      else pairs.push([o, n]);
    }
  }
  if (!sameJails) return { asts };
  const sectionOf = new Map<JailBlock, number>();
  previous.sections.forEach((s, i) => {
    if (s.block) sectionOf.set(s.block, i);
  });
  // The sections no edit touched are the earlier ones (the resolver never changes a section once made).
  const sections = previous.sections.slice() as MutableSection[];
  const wildcards = sections.filter((s) => s.wildcard);
  const problems: ResolveProblem[] = [];
  const shared: SharedParams = new Map();
  const redone = new Map<JailBlock, EffectiveJail>();
  for (const [o, n] of pairs) {
    const i = sectionOf.get(o);
    const old = i === undefined ? undefined : sections[i];
    if (i === undefined || !old) return { asts };
    const params = n.body.map((st) => ({ file: old.file, statement: st as ParamStatement, section: old.name }));
    const s: MutableSection = { name: old.name, wildcard: false, file: old.file, block: n, params, seq: old.seq };
    sections[i] = s;
    redone.set(o, effectiveJail(s, wildcards, problems, shared));
  }
  const jails = previous.jails.map((j) => redone.get(j.block) ?? j);
  return { model: { version: previous.version, files, sections, jails, problems: dedupeProblems(withoutRecovered(problems, sections)) } };
}

/** A block of parameters only: no nested block, no `.include` (the resolver's walk would then make more of it). */
function flatBlock(b: JailBlock): boolean {
  return b.body.every((st) => st.type === "Param");
}

/**
 * A statement that did not parse has only the JL001 its syntax error gives: what the resolver finds inside it
 * (references, a variable without its value) is the parser's recovery talking, not the file.
 */
function withoutRecovered(problems: ResolveProblem[], sections: readonly MutableSection[]): ResolveProblem[] {
  // Per file, the broken statements' ranges by start, with the furthest end so far: one binary search per problem.
  const byFile = new Map<string, { starts: number[]; maxEnds: number[]; ranges: TextRange[] }>();
  for (const s of sections) {
    for (const sp of s.params) {
      if (!sp.statement.recovered) continue;
      let f = byFile.get(sp.file);
      if (!f) {
        f = { starts: [], maxEnds: [], ranges: [] };
        byFile.set(sp.file, f);
      }
      f.ranges.push(sp.statement.range);
    }
  }
  if (byFile.size === 0) return problems;
  for (const f of byFile.values()) {
    f.ranges.sort((a, b) => a.start - b.start);
    let maxEnd = Number.NEGATIVE_INFINITY;
    for (const r of f.ranges) {
      maxEnd = Math.max(maxEnd, r.end);
      f.starts.push(r.start);
      f.maxEnds.push(maxEnd);
    }
  }
  return problems.filter((p) => {
    const f = byFile.get(p.file);
    if (!f) return true;
    // The broken statements starting at or before the problem: does any of them reach past its start?
    let lo = 0;
    let hi = f.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((f.starts[mid] as number) <= p.range.start) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 || (f.maxEnds[lo - 1] as number) <= p.range.start;
  });
}

/**
 * The empty statement list every parameter starts with as `overridden` (and an implied one as `setBy`): one array
 * for them all, as the model keeps each. Never pushed to: `setBy` and `overridden` are replaced, not extended.
 */
const NO_STATEMENTS: SourcedParam[] = [];

interface MutableParam {
  name: string;
  key: string;
  /**
   * The value of `name` or `jid` as the block name implies it. Any other parameter's values are those of its
   * `setBy` statements in order (the last `=` and the `+=` after it), which eachValue walks.
   */
  implied: { readonly str: ConfString; readonly file: string } | undefined;
  setBy: SourcedParam[];
  overridden: SourcedParam[];
  isVariable: boolean;
  /** `name` or `jid` as the block name implies them: config.c marks them PF_IMMUTABLE. */
  immutable: boolean;
  /** First set by a statement of a global or wildcard section, which other jails may share. */
  shared: boolean;
}

/**
 * The EffectiveParam every jail gets alike: set by one statement of a global or wildcard section, never
 * overridden, without variables. One object for all the jails, not one per jail.
 */
type SharedParams = Map<SourcedParam, EffectiveParam>;

/**
 * The names in config.c's intparams table: parameters jail(8) itself handles or inspects. add_param refuses a
 * variable whose name matches one of them (by equalopts) even when the jail does not set that parameter.
 */
const INTERNAL_PARAMS = [
  "allow.dying",
  "command",
  "depend",
  "exec.clean",
  "exec.consolelog",
  "exec.fib",
  "exec.jail_user",
  "exec.poststart",
  "exec.poststop",
  "exec.prepare",
  "exec.prestart",
  "exec.prestop",
  "exec.release",
  "exec.created",
  "exec.start",
  "exec.stop",
  "exec.system_jail_user",
  "exec.system_user",
  "exec.timeout",
  "interface",
  "ip_hostname",
  "mount",
  "mount.devfs",
  "mount.fdescfs",
  "mount.procfs",
  "mount.fstab",
  "stop.timeout",
  "vnet.interface",
  "zfs.dataset",
  "allow.chflags",
  "allow.mount",
  "allow.raw_sockets",
  "allow.set_hostname",
  "allow.socket_af",
  "allow.sysvipc",
  "devfs_ruleset",
  "host.hostname",
  "ip4.addr",
  "ip6.addr",
  "jid",
  "name",
  "path",
  "persist",
  "securelevel",
  "vnet",
];

/**
 * config.c equalopts: two names are the same parameter when equal, when one is the other with `no` in front,
 * or when after a common dotted prefix one part is the other's with `no` in front (`allow.nomount`). It goes by
 * the shape of the names alone, for every parameter and variable, boolean or not.
 */
export function equalOpts(a: string, b: string): boolean {
  // Equal names, or one is the other with `no` inserted: any other difference in length is no match.
  const diff = a.length - b.length;
  if (diff === 0) return a === b;
  if (diff !== 2 && diff !== -2) return false;
  let o1 = a;
  let o2 = b;
  for (;;) {
    if (o1.startsWith("no") && o1.slice(2) === o2) return true;
    if (o2.startsWith("no") && o1 === o2.slice(2)) return true;
    const dot = o1.indexOf(".");
    if (dot === -1 || !o2.startsWith(o1.slice(0, dot + 1))) return false;
    o1 = o1.slice(dot + 1);
    o2 = o2.slice(dot + 1);
  }
}

/** config.c load_config: `strtol(name, &ep, 10) && !*ep`, a nonzero integer block name sets `jid`. */
function isJidName(name: string): boolean {
  return /^[ \t\n\v\f\r]*[+-]?[0-9]+$/.test(name) && Number(name) !== 0;
}

function impliedParam(name: string, value: string, file: string, range: TextRange): MutableParam {
  const str: ConfString = { range, pieces: [{ kind: "literal", text: value, range }], tokenCount: 1, quoted: false };
  return {
    name,
    key: name,
    implied: { str, file },
    setBy: NO_STATEMENTS,
    overridden: NO_STATEMENTS,
    isVariable: false,
    immutable: true,
    shared: false,
  };
}

function effectiveJail(
  section: MutableSection,
  wildcards: readonly MutableSection[],
  problems: ResolveProblem[],
  shared: SharedParams,
): EffectiveJail {
  const jailName = section.name;
  const nameRange = section.block?.nameRange ?? { start: 0, end: 0 };
  // config.c add_param keeps one list, parameters and variables together, in the order they were first added.
  const entries: MutableParam[] = [impliedParam(isJidName(jailName) ? "jid" : "name", jailName, section.file, nameRange)];
  const clash = (at: SourcedParam, name: string): void => {
    problems.push({
      kind: "variable-shadows-parameter",
      file: at.file,
      range: at.statement.nameRange,
      message: `variable "$${name}" has the same name as a jail(8) parameter, which jail(8) refuses for ${JAILS}: rename the variable`,
      jails: [jailName],
    });
  };
  const add = (sp: SourcedParam, fromShared: boolean): void => {
    const st = sp.statement;
    const existing = entries.find((p) => equalOpts(p.name, st.name));
    if (existing) {
      if (existing.isVariable !== st.isVariable) {
        const variableDef = st.isVariable ? sp : existing.setBy[existing.setBy.length - 1];
        if (variableDef) clash(variableDef, variableDef.statement.name);
        return;
      }
      if (existing.immutable) {
        problems.push({
          kind: "immutable-parameter",
          file: sp.file,
          range: st.nameRange,
          message: `${JAILS} cannot redefine "${existing.name}", which its block name sets; jail(8) fails with 'cannot redefine parameter "${existing.name}".'`,
          jails: [jailName],
        });
        return;
      }
      existing.name = st.name;
      if (st.operator === "+=" && st.values.length > 0) {
        existing.setBy = [...existing.setBy, sp];
      } else {
        existing.overridden = [...existing.overridden, ...existing.setBy];
        existing.setBy = [sp];
      }
      return;
    }
    entries.push({
      name: st.name,
      key: st.isVariable ? st.name : paramKey(st.name),
      implied: undefined,
      setBy: [sp],
      overridden: NO_STATEMENTS,
      isVariable: st.isVariable,
      immutable: false,
      shared: fromShared,
    });
    // config.c inserts the variable first and then complains, so it still expands.
    if (st.isVariable && INTERNAL_PARAMS.some((n) => equalOpts(st.name, n))) clash(sp, st.name);
  };
  let ownAdded = false;
  for (const w of wildcards) {
    if (!ownAdded && w.seq > section.seq) {
      for (const p of section.params) add(p, false);
      ownAdded = true;
    }
    if (wildcardMatches(w.name, section.name)) for (const p of w.params) add(p, true);
  }
  if (!ownAdded) for (const p of section.params) add(p, false);
  // Current config.c backfills `name` when nothing set it (a numeric block that sets only `jid`).
  if (!entries.some((p) => !p.isVariable && equalOpts(p.name, "name"))) {
    entries.push({ ...impliedParam("name", jailName, section.file, nameRange), immutable: false });
  }

  const expander = new Expander(jailName, entries, problems);
  const order = new Array<EffectiveParam>(entries.length);
  const finish = (isVariable: boolean): Map<string, EffectiveParam> => {
    const out = new Map<string, EffectiveParam>();
    for (let i = 0; i < entries.length; i++) {
      const p = entries[i] as MutableParam;
      if (p.isVariable !== isVariable) continue;
      // Unchanged since its one statement set it: then name, key and values are that statement's alone.
      const by = p.shared && p.setBy.length === 1 && p.overridden.length === 0 ? p.setBy[0] : undefined;
      let effective = by && shared.get(by);
      if (!effective) {
        effective = {
          name: p.name,
          key: p.key,
          values: expander.values(p),
          setBy: p.setBy,
          overridden: p.overridden,
          isVariable: p.isVariable,
        };
        if (by?.statement.values.every((v) => v.pieces.every((piece) => piece.kind === "literal"))) shared.set(by, effective);
      }
      out.set(p.key, effective);
      order[i] = effective;
    }
    return out;
  };
  const params = finish(false);
  const variables = finish(true);
  return { name: jailName, file: section.file, block: section.block as JailBlock, params, variables, order };
}

/** Calls `f` on each value of `p` in order: its implied one, or those of the statements that set it. */
function eachValue(p: MutableParam, f: (str: ConfString, file: string) => void): void {
  if (p.implied) {
    f(p.implied.str, p.implied.file);
    return;
  }
  for (const sp of p.setBy) for (const str of sp.statement.values) f(str, sp.file);
}

function hasValue(p: MutableParam): boolean {
  return p.implied !== undefined || p.setBy.some((sp) => sp.statement.values.length > 0);
}

/** Expands `$x` / `${x}` per jail as config.c does: variables and parameters of the jail, recursively. */
class Expander {
  // Made on first use: most jails expand no variable.
  #cache: Map<string, string[]> | undefined;
  /** Variables whose expansion failed further down (reported there once): not retried, or a chain that
   * refers to a failing name twice per level would be retried exponentially often. */
  #failed: Set<string> | undefined;
  constructor(
    private readonly jail: string,
    private readonly entries: readonly MutableParam[],
    private readonly problems: ResolveProblem[],
  ) {}

  values(p: MutableParam): EffectiveValue[] {
    // Values of a statement that did not parse are recovery's guesses: unknown, like an undefined reference.
    const recovered = p.setBy.some((sp) => sp.statement.recovered);
    // Most parameters have one value of one literal piece.
    const sp = p.setBy.length === 1 && !p.implied ? (p.setBy[0] as SourcedParam) : undefined;
    const str = sp?.statement.values.length === 1 ? sp.statement.values[0] : undefined;
    const only = str?.pieces.length === 1 ? str.pieces[0] : undefined;
    if (sp && str && only?.kind === "literal") return [{ text: only.text, file: sp.file, range: str.range, unresolved: recovered }];
    const out: EffectiveValue[] = [];
    const stack = [p.key];
    eachValue(p, (s, file) => {
      const r = this.expandString(s, file, stack);
      for (const text of r.texts) out.push({ text, file, range: s.range, unresolved: r.unresolved || recovered });
    });
    // An array of its exact size: the model keeps them all.
    return out.slice();
  }

  /** config.c: the first parameter or variable whose current name is exactly `name` (strcmp, no `no` folding). */
  private lookup(name: string): MutableParam | undefined {
    return this.entries.find((p) => p.name === name);
  }

  /** Returns the expanded texts: one, or all items when the string is exactly one list-valued reference. */
  private expandString(str: ConfString, file: string, stack: string[]): { texts: string[]; unresolved: boolean } {
    const only = str.pieces.length === 1 ? str.pieces[0] : undefined;
    if (only?.kind === "literal") return { texts: [only.text], unresolved: false };
    const pieces = str.pieces.filter((p) => p.kind === "variable" || p.text !== "");
    let unresolved = false;
    const parts: string[] = [];
    for (const piece of pieces) {
      if (piece.kind === "literal") {
        parts.push(piece.text);
        continue;
      }
      const resolved = this.resolveRef(piece.name, file, piece.range, stack);
      if (resolved === undefined) {
        unresolved = true;
        parts.push(piece.braced ? `\${${piece.name}}` : `$${piece.name}`);
        continue;
      }
      if (resolved.length !== 1 && pieces.length === 1) return { texts: resolved, unresolved: false };
      if (resolved.length !== 1) {
        this.problem(
          "array-inline",
          file,
          piece.range,
          `"${piece.name}" is a list and cannot be substituted inside a larger string; jail(8) fails ${JAILS}. Use it alone as the whole value`,
        );
        unresolved = true;
        parts.push(resolved.join(","));
        continue;
      }
      parts.push(resolved[0] as string);
    }
    return { texts: [parts.join("")], unresolved };
  }

  private resolveRef(name: string, file: string, range: TextRange, stack: string[]): string[] | undefined {
    if (stack.length > MAX_VARIABLE_DEPTH) {
      this.problem(
        "expansion-limit",
        file,
        range,
        `variable references nested more than ${MAX_VARIABLE_DEPTH} deep; jaillint stops expanding "${name}" for ${JAILS}`,
      );
      return undefined;
    }
    if (stack.includes(name)) {
      this.problem("variable-loop", file, range, `variable loop: ${[...stack, name].join(" → ")}; jail(8) fails ${JAILS}`);
      return undefined;
    }
    const cached = this.#cache?.get(name);
    if (cached) return cached;
    if (this.#failed?.has(name)) return undefined;
    const target = this.lookup(name);
    // A variable whose definition did not parse is defined; its value is unknown (JL001 says why).
    if (target?.setBy.some((sp) => sp.statement.recovered)) return undefined;
    if (!target || !hasValue(target)) {
      const why = target ? "is defined without a value" : "is not defined";
      this.problem(
        "undefined-variable",
        file,
        range,
        `variable "${name}" ${why} for ${JAILS} (jail(8) fails with 'variable "${name}" not found'): define it (\`$${name} = "…";\`) in the jail or a section above it`,
      );
      return undefined;
    }
    const texts: string[] = [];
    let ok = true;
    const deeper = [...stack, name];
    eachValue(target, (str, file) => {
      const r = this.expandString(str, file, deeper);
      if (r.unresolved) ok = false;
      texts.push(...r.texts);
    });
    if (!ok) {
      this.#failed ??= new Set();
      this.#failed.add(name);
      return undefined;
    }
    if (texts.reduce((n, t) => n + t.length, 0) > MAX_EXPANDED_LENGTH) {
      this.problem(
        "expansion-limit",
        file,
        range,
        `"${name}" expands to more than ${MAX_EXPANDED_LENGTH} characters for ${JAILS}; jaillint stops expanding it`,
      );
      this.#failed ??= new Set();
      this.#failed.add(name);
      return undefined;
    }
    this.#cache ??= new Map();
    this.#cache.set(name, texts);
    return texts;
  }

  private problem(kind: ResolveProblemKind, file: string, range: TextRange, message: string): void {
    this.problems.push({ kind, file, range, message, jails: [this.jail] });
  }
}

/** A reference in a wildcard section fails in every jail it applies to: report it once, naming them all. */
function dedupeProblems(problems: ResolveProblem[]): ResolveProblem[] {
  const byKey = new Map<string, ResolveProblem>();
  for (const p of problems) {
    const key = `${p.kind}\0${p.file}\0${p.range.start}\0${p.range.end}`;
    const prev = byKey.get(key);
    byKey.set(key, prev ? { ...prev, jails: [...new Set([...prev.jails, ...p.jails])] } : p);
  }
  return [...byKey.values()].map((p) => ({ ...p, message: p.message.replaceAll(JAILS, describeJails(p.jails)) }));
}
