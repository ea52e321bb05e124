import { posix } from "node:path";
import { DEFAULT_FREEBSD_VERSION, type FreeBsdVersion } from "../common/freebsd-version.js";
import { hasGlobMagic } from "../common/glob.js";
import type { TextRange } from "../common/text-range.js";
import type { ConfString, JailBlock, JailConfFile, JailStatement, ParamStatement } from "./ast.js";
import { parseJailConf } from "./index.js";
import { lookupJailParam, paramKey } from "./parameters.js";

/**
 * How the resolver reaches other files. The core does no I/O: the CLI hands it the disk (mapped into a
 * config tree with --root), the language server its open documents. Paths here are *logical* paths, the
 * ones written in jail.conf (`/etc/jail.conf.d/www.conf`); `file` is what diagnostics show.
 */
export interface JailConfHost {
  read(path: string): { ok: true; text: string; file: string } | { ok: false; reason: "missing" | "unreadable"; detail: string };
  /** Logical paths matching a glob(3) pattern, sorted as glob(3) sorts them. */
  glob(pattern: string): string[];
  /**
   * False when the host is not the whole machine (one file linted out of its tree): a missing file named by an
   * absolute path outside it is then no evidence of a mistake. Defaults to true.
   */
  readonly complete?: boolean;
}

export interface ParsedJailFile {
  /** Shown in diagnostics. */
  readonly file: string;
  readonly path: string;
  readonly text: string;
  readonly ast: JailConfFile;
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
}

const MAX_INCLUDE_DEPTH = 32;
/** jail(8) has no such limits; they keep hostile input from exhausting the stack or memory. */
const MAX_VARIABLE_DEPTH = 64;
const MAX_EXPANDED_LENGTH = 1 << 16;
/** Stands for the jail name(s) in a message until problems from several jails are merged. */
const JAILS = "\u0000jails\u0000";

/** A name is a wildcard when one of its dot-separated parts is exactly `*` (config.c wild_jail_name). */
export function isWildcardName(name: string): boolean {
  return name.split(".").includes("*");
}

/** config.c wild_jail_match: an inner `*` matches one part, a final `*` one or more. */
export function wildcardMatches(pattern: string, name: string): boolean {
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
export function resolveJailConf(rootPaths: readonly string[], host: JailConfHost, options: ResolveOptions = {}): JailConfModel {
  const version = options.freebsd ?? DEFAULT_FREEBSD_VERSION;
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

  const load = (path: string): ParsedJailFile | { ok: false; reason: "missing" | "unreadable"; detail: string } => {
    const cached = parsedByPath.get(path);
    if (cached) return cached;
    const read = host.read(path);
    if (!read.ok) return read;
    const parsed: ParsedJailFile = { file: read.file, path, text: read.text, ast: parseJailConf(read.text, { freebsd: version }) };
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
      const loaded = load(path);
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
  const jails = sections.filter((s) => !s.wildcard).map((s) => effectiveJail(s, wildcards, problems));
  return { version, files, sections, jails, problems: dedupeProblems(problems) };
}

interface MutableParam {
  name: string;
  key: string;
  values: { str: ConfString; file: string }[];
  setBy: SourcedParam[];
  overridden: SourcedParam[];
  isVariable: boolean;
}

function effectiveJail(section: MutableSection, wildcards: readonly MutableSection[], problems: ResolveProblem[]): EffectiveJail {
  const params = new Map<string, MutableParam>();
  const variables = new Map<string, MutableParam>();
  const add = (sp: SourcedParam): void => {
    const st = sp.statement;
    const table = st.isVariable ? variables : params;
    const key = st.isVariable ? st.name : paramKey(st.name);
    const values = st.values.map((str) => ({ str, file: sp.file }));
    const existing = table.get(key);
    if (st.operator === "+=" && existing) {
      existing.values.push(...values);
      existing.setBy.push(sp);
      return;
    }
    table.set(key, {
      name: st.name,
      key,
      values,
      setBy: [sp],
      overridden: existing ? [...existing.overridden, ...existing.setBy] : [],
      isVariable: st.isVariable,
    });
  };
  let ownAdded = false;
  for (const w of wildcards) {
    if (!ownAdded && w.seq > section.seq) {
      for (const p of section.params) add(p);
      ownAdded = true;
    }
    if (wildcardMatches(w.name, section.name)) for (const p of w.params) add(p);
  }
  if (!ownAdded) for (const p of section.params) add(p);

  const jailName = section.name;
  const expander = new Expander(jailName, params, variables, problems);
  const finish = (table: Map<string, MutableParam>): Map<string, EffectiveParam> => {
    const out = new Map<string, EffectiveParam>();
    for (const [key, p] of table) {
      out.set(key, {
        name: p.name,
        key: p.key,
        values: expander.values(p),
        setBy: p.setBy,
        overridden: p.overridden,
        isVariable: p.isVariable,
      });
    }
    return out;
  };
  for (const v of variables.keys()) {
    const clash = params.get(v) ?? (lookupJailParam(v) ? params.get(paramKey(v)) : undefined);
    const def = variables.get(v);
    if (clash && def) {
      const at = def.setBy[def.setBy.length - 1] as SourcedParam;
      problems.push({
        kind: "variable-shadows-parameter",
        file: at.file,
        range: at.statement.nameRange,
        message: `variable "$${v}" has the same name as a parameter of jail "${jailName}"; jail(8) refuses this: rename the variable`,
        jails: [jailName],
      });
    }
  }
  // A block name sets `name`, or `jid` when it is a nonzero integer; config.c then backfills `name`.
  const implicitName: EffectiveParam | undefined = params.has("name")
    ? undefined
    : {
        name: "name",
        key: "name",
        values: [{ text: jailName, file: section.file, range: section.block?.nameRange ?? { start: 0, end: 0 }, unresolved: false }],
        setBy: [],
        overridden: [],
        isVariable: false,
      };
  const finalParams = finish(params);
  if (implicitName) finalParams.set("name", implicitName);
  return { name: jailName, file: section.file, block: section.block as JailBlock, params: finalParams, variables: finish(variables) };
}

/** Expands `$x` / `${x}` per jail as config.c does: variables and parameters of the jail, recursively. */
class Expander {
  readonly #cache = new Map<string, string[]>();
  /** Variables whose expansion failed further down (reported there once): not retried, or a chain that
   * refers to a failing name twice per level would be retried exponentially often. */
  readonly #failed = new Set<string>();
  constructor(
    private readonly jail: string,
    private readonly params: Map<string, MutableParam>,
    private readonly variables: Map<string, MutableParam>,
    private readonly problems: ResolveProblem[],
  ) {}

  values(p: MutableParam): EffectiveValue[] {
    const out: EffectiveValue[] = [];
    for (const { str, file } of p.values) {
      const r = this.expandString(str, file, [p.key]);
      for (const text of r.texts) out.push({ text, file, range: str.range, unresolved: r.unresolved });
    }
    return out;
  }

  private lookup(name: string): MutableParam | undefined {
    if (name === "name" && !this.params.has("name")) {
      return { name, key: name, values: [], setBy: [], overridden: [], isVariable: false };
    }
    return this.variables.get(name) ?? this.params.get(name);
  }

  /** Returns the expanded texts: one, or all items when the string is exactly one list-valued reference. */
  private expandString(str: ConfString, file: string, stack: string[]): { texts: string[]; unresolved: boolean } {
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
    if (name === "name" && !this.params.has("name")) return [this.jail];
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
    const cached = this.#cache.get(name);
    if (cached) return cached;
    if (this.#failed.has(name)) return undefined;
    const target = this.lookup(name);
    if (!target || target.values.length === 0) {
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
    for (const v of target.values) {
      const r = this.expandString(v.str, v.file, [...stack, name]);
      if (r.unresolved) ok = false;
      texts.push(...r.texts);
    }
    if (!ok) {
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
      this.#failed.add(name);
      return undefined;
    }
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

function describeJails(jails: readonly string[]): string {
  const quoted = jails.map((j) => `"${j}"`);
  if (quoted.length === 1) return `jail ${quoted[0]}`;
  if (quoted.length > 4) return `jails ${quoted.slice(0, 3).join(", ")} and ${quoted.length - 3} more`;
  return `jails ${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}
