import { posix } from "node:path";
import type { ConfigHost } from "../common/config-host.js";
import { DEFAULT_FREEBSD_VERSION, type FreeBsdVersion } from "../common/freebsd-version.js";
import type { TextRange } from "../common/text-range.js";
import type { PfConfFile, PfInclude, PfStatement } from "./ast.js";
import { parsePfConfWithMacros } from "./index.js";
import { buildPfPolicy, type PfPolicy } from "./policy.js";
import { checkPfRuleOrder, type PfOrderProblem, type PfSequencedStatement } from "./rule-order.js";

/** How the pf resolver reads included files: the host interface, of which it needs `read`, `complete` and `label`. */
export type PfConfHost = Pick<ConfigHost, "read" | "complete" | "label">;

export interface ResolvedPfFile {
  /** Shown in diagnostics. */
  readonly file: string;
  /** The logical path. */
  readonly path: string;
  readonly text: string;
  readonly ast: PfConfFile;
  /** The ruleset as this file and the files it includes make it up (see `buildPfPolicy`). */
  readonly policy: PfPolicy;
  /** The `include` line that read this file, for an included file. */
  readonly includedFrom?: { readonly file: string; readonly range: TextRange };
}

export type PfIncludeProblemKind = "include-missing" | "include-unreadable" | "include-cycle" | "include-depth";

export interface PfIncludeProblem {
  readonly kind: PfIncludeProblemKind;
  readonly file: string;
  readonly range: TextRange;
  readonly message: string;
}

export interface ResolvedPfConf {
  /** The root file first, then every included file in the order pfctl reads them. */
  readonly files: readonly ResolvedPfFile[];
  readonly problems: readonly PfIncludeProblem[];
  /** Statements out of pfctl's rule order, across the root and its included files. */
  readonly orderProblems: readonly PfOrderProblem[];
}

export interface PfResolveOptions {
  readonly freebsd?: FreeBsdVersion;
  /** `pfctl -D` macros (rc.conf's pf_flags). */
  readonly macros?: ReadonlyMap<string, string>;
  /**
   * pfctl's working directory, against which it opens a relative `include` path (default `/`). parse.y's
   * `pushfile` opens the name as written (`pfctl_fopen`, an fopen(3) that refuses directories), so a relative path
   * is relative to the directory pfctl runs in, not to the including file. rc.d/pf runs from `/` (rc(8) scripts run
   * there at boot, and service(8) changes to `/` first), so `include "pf.macros"` in /etc/pf.conf reads /pf.macros.
   */
  readonly cwd?: string;
  /**
   * What an earlier resolve of the same root with the same options gave: a file that reads the same is not parsed
   * again, and an edited one is reparsed only where it changed. The result is the one a resolve without it gives.
   */
  readonly previous?: ResolvedPfConf;
  /**
   * `previous` may be changed in place (PfParseOptions.update): it, and whatever holds its ranges, is then only
   * good as the result's. For a caller that keeps nothing of the earlier result.
   */
  readonly update?: boolean;
}

/** pfctl has no limit: an include cycle opens the files again and again. This bounds jaillint's work. */
const MAX_INCLUDE_DEPTH = 32;

/**
 * Stage "link" for pf.conf: reads `include`d files where the include stands, as parse.y's `include` production
 * does (pushfile, then the included file's statements, then the rest of the including file). Macros defined before
 * the include are visible in the included file and its definitions in the rest of the file; the rule-order state
 * runs through both. Pure: files are read only through `host`.
 */
export function resolvePfConf(
  root: { readonly path: string; readonly file: string; readonly text: string },
  host: PfConfHost,
  options: PfResolveOptions = {},
): ResolvedPfConf {
  const version = options.freebsd ?? DEFAULT_FREEBSD_VERSION;
  const cwd = options.cwd ?? "/";
  const persistent = options.macros ?? new Map<string, string>();
  const problems: PfIncludeProblem[] = [];
  const parsed: { file: string; path: string; text: string; ast: PfConfFile; includedFrom?: ResolvedPfFile["includedFrom"] }[] = [];
  const includeOf = new Map<PfInclude, (typeof parsed)[number]>();
  // What the earlier resolve parsed, by path: a file is parsed again from its earlier result (see PfParseOptions.previous).
  const before = new Map<string, ResolvedPfFile[]>();
  const updated = new Set<PfConfFile>();
  for (const f of options.previous?.files ?? []) {
    const list = before.get(f.path);
    if (list) list.push(f);
    else before.set(f.path, [f]);
  }

  const parseFile = (
    path: string,
    file: string,
    text: string,
    stack: readonly string[],
    initial: ReadonlyMap<string, string>,
    includedFrom: ResolvedPfFile["includedFrom"],
  ): { entry: (typeof parsed)[number]; macros: ReadonlyMap<string, string> } => {
    const slot = parsed.length;
    parsed.push(undefined as never);
    const byPathToken = new Map<number, (typeof parsed)[number]>();
    const report = (kind: PfIncludeProblemKind, range: TextRange, message: string): void => {
      problems.push({ kind, file, range, message });
    };
    const earlier = before.get(path);
    const found = (earlier?.find((f) => f.text === text) ?? earlier?.[0])?.ast;
    // An earlier tree changed by an update is good for nothing else: a file read twice (included twice) is taken
    // over once, and read afresh the second time.
    const previous = found && !updated.has(found) ? found : undefined;
    const update = options.update === true && previous !== undefined;
    if (update) updated.add(previous);
    const { file: ast, macros } = parsePfConfWithMacros(text, {
      ...(previous ? { previous, ...(update ? { update } : {}) } : {}),
      freebsd: version,
      macros: persistent,
      initialMacros: initial,
      onInclude: (written, range, current) => {
        const target = posix.isAbsolute(written) ? posix.normalize(written) : posix.join(cwd, written);
        if (stack.includes(target)) {
          const chain = [...stack.slice(stack.indexOf(target)), target].map((p) => posix.basename(p)).join(" → ");
          report(
            "include-cycle",
            range,
            `include cycle: ${chain}; pfctl has no guard against it and opens the files again until it can open no more ("failed to include file"). Remove one of the include lines`,
          );
          return undefined;
        }
        if (stack.length > MAX_INCLUDE_DEPTH) {
          report("include-depth", range, `includes nested more than ${MAX_INCLUDE_DEPTH} deep: jaillint stops following them here`);
          return undefined;
        }
        let read = host.read(target);
        let actual = target;
        let hint = "";
        if (!read.ok && !posix.isAbsolute(written)) {
          // The admin probably meant the file beside the including one: follow it, and say what pfctl opens.
          const beside = posix.join(posix.dirname(path), written);
          const there = beside !== target ? host.read(beside) : undefined;
          if (there?.ok) {
            hint = `; ${beside} exists: write \`include "${beside}"\``;
            report(
              "include-missing",
              range,
              `include "${written}" is relative, and pfctl opens it from its working directory (/ when rc.d/pf loads the rules), so it reads ${target}, which does not exist: pfctl fails with "failed to include file ${written}" and loads none of the rules${hint}`,
            );
            read = there;
            actual = beside;
          }
        }
        if (!read.ok) {
          // Linting one file out of its tree, a missing file is no evidence of a mistake.
          if (read.reason === "missing" && host.complete === false) return undefined;
          const what = read.reason === "missing" ? "does not exist" : `cannot be read (${read.detail})`;
          const relative = posix.isAbsolute(written)
            ? ""
            : ` (relative paths are opened from pfctl's working directory, / when rc.d/pf loads the rules)`;
          report(
            read.reason === "missing" ? "include-missing" : "include-unreadable",
            range,
            `included file ${written === target ? target : `${written} (${target})`} ${what}${relative}: pfctl fails with "failed to include file ${written}" and loads none of the rules; fix the path or create the file`,
          );
          return undefined;
        }
        const child = parseFile(actual, read.file, read.text, [...stack, actual], current, { file, range });
        byPathToken.set(range.start, child.entry);
        return child.macros;
      },
    });
    const entry = { file, path, text, ast, ...(includedFrom ? { includedFrom } : {}) };
    parsed[slot] = entry;
    const walk = (list: readonly PfStatement[]): void => {
      for (const st of list) {
        if (st.type === "Include") {
          const child = byPathToken.get(st.path.range.start);
          if (child) includeOf.set(st, child);
        } else if (st.type === "AnchorRule" && st.body) walk(st.body);
      }
    };
    walk(ast.statements);
    return { entry, macros };
  };

  parseFile(root.path, root.file, root.text, [root.path], new Map(), undefined);

  // pfctl reads the statements of an included file where the include stands: one sequence for the order check.
  const sequence: PfSequencedStatement[] = [];
  const splice = (entry: (typeof parsed)[number]): void => {
    for (const statement of entry.ast.statements) {
      const child = statement.type === "Include" ? includeOf.get(statement) : undefined;
      if (child) splice(child);
      else sequence.push({ file: entry.file, text: entry.text, statement });
    }
  };
  const first = parsed[0];
  if (first) splice(first);
  const include = (st: PfInclude): { file: string; ast: PfConfFile } | undefined => includeOf.get(st);
  // Built on first use: the syntax and include checks, all an editor re-runs on each edit, never ask for it.
  const files = parsed.map((p): ResolvedPfFile => {
    let policy: PfPolicy | undefined;
    return {
      ...p,
      get policy(): PfPolicy {
        policy ??= buildPfPolicy(p.ast, { include });
        return policy;
      },
    };
  });
  return { files, problems, orderProblems: checkPfRuleOrder(sequence, version, (f) => host.label?.(f) ?? f) };
}
