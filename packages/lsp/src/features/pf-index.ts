import type { PfMacroDefinition, PfMacroUse, PfStatement, PfTableDefinition, PfTableRef, TextRange } from "@jaillint/parser";
import type { ParsedPfFile } from "@jaillint/rules";
import type { FeatureModel } from "./context.js";

/** What a `$name` in pf.conf stands for: the definition in effect where it is used, or a `pfctl -D` macro. */
export type PfMacroBinding =
  | { readonly kind: "definition"; readonly file: string; readonly definition: PfMacroDefinition }
  /** `pf_flags="-D name=value"` in rc.conf: pfctl's command-line macros win over the file's (they are persistent). */
  | { readonly kind: "command-line"; readonly name: string; readonly value: string };

export interface PfMacroDefinitionEntry {
  readonly file: string;
  readonly definition: PfMacroDefinition;
}

export interface PfTableDefinitionEntry {
  readonly file: string;
  readonly definition: PfTableDefinition;
}

/** One pfctl run: a root file and the files it includes, read in pfctl's order. */
export interface PfRuleset {
  readonly root: ParsedPfFile;
  readonly files: readonly ParsedPfFile[];
  readonly macroDefinitions: readonly PfMacroDefinitionEntry[];
  readonly tableDefinitions: readonly PfTableDefinitionEntry[];
  /** Every macro use of the ruleset's files and what it reads. */
  readonly bindings: ReadonlyMap<PfMacroUse, PfMacroBinding | undefined>;
  /** Each use with its file, in pfctl's reading order. */
  readonly uses: readonly { readonly file: string; readonly use: PfMacroUse }[];
  readonly tableRefs: readonly { readonly file: string; readonly ref: PfTableRef }[];
  /** The `pfctl -D` macros this run gets (only the pf_rules file: rc.d/pf passes pf_flags to that run). */
  readonly commandLine: ReadonlyMap<string, string>;
}

export interface PfIndex {
  readonly rulesets: readonly PfRuleset[];
  /** The ruleset a file is read in. */
  rulesetOf(file: string): PfRuleset | undefined;
}

const indexes = new WeakMap<object, PfIndex>();

/** Follows each pf root through its includes as pfctl reads them (pf/resolve.ts), binding every macro use. */
export function pfIndex(model: FeatureModel): PfIndex {
  const hit = indexes.get(model.pfFiles);
  if (hit) return hit;
  const byFile = new Map(model.pfFiles.map((f) => [f.file, f] as const));
  const children = new Map<string, Map<number, ParsedPfFile>>();
  for (const f of model.pfFiles) {
    if (!f.includedFrom) continue;
    let m = children.get(f.includedFrom.file);
    if (!m) {
      m = new Map();
      children.set(f.includedFrom.file, m);
    }
    m.set(f.includedFrom.range.start, f);
  }
  const mainFile = model.pf?.main.file;
  const cmdline = new Map((model.rc?.config.pfFlagsMacros ?? []).map((m) => [m.name, m.value] as const));
  const rulesets: PfRuleset[] = [];
  const rulesetByFile = new Map<string, PfRuleset>();
  for (const root of model.pfFiles) {
    if (root.includedFrom && byFile.has(root.includedFrom.file)) continue;
    const commandLine = root.file === mainFile ? cmdline : new Map<string, string>();
    const files: ParsedPfFile[] = [];
    const macroDefinitions: PfMacroDefinitionEntry[] = [];
    const tableDefinitions: PfTableDefinitionEntry[] = [];
    const bindings = new Map<PfMacroUse, PfMacroBinding | undefined>();
    const uses: { file: string; use: PfMacroUse }[] = [];
    const tableRefs: { file: string; ref: PfTableRef }[] = [];
    const env = new Map<string, PfMacroBinding>();
    for (const [name, value] of commandLine) env.set(name, { kind: "command-line", name, value });
    const visit = (f: ParsedPfFile, depth: number): void => {
      if (depth > 32 || files.includes(f)) return;
      files.push(f);
      for (const ref of f.policy.tableRefs) tableRefs.push({ file: f.file, ref });
      // The lexer reads a use where it stands and a definition once its line is done; an include where its path is.
      type Event =
        | { at: number; kind: "use"; use: PfMacroUse }
        | { at: number; kind: "define"; definition: PfMacroDefinition }
        | { at: number; kind: "include"; child: ParsedPfFile };
      const events: Event[] = f.ast.macroUses.map((use) => ({ at: use.range.start, kind: "use", use }));
      const walk = (list: readonly PfStatement[]): void => {
        for (const st of list) {
          if (st.type === "MacroDefinition") events.push({ at: st.range.end, kind: "define", definition: st });
          else if (st.type === "TableDefinition") tableDefinitions.push({ file: f.file, definition: st });
          else if (st.type === "Include") {
            const child = children.get(f.file)?.get(st.path.range.start);
            if (child) events.push({ at: st.path.range.start, kind: "include", child });
          } else if (st.type === "AnchorRule" && st.body) walk(st.body);
        }
      };
      walk(f.ast.statements);
      events.sort((a, b) => a.at - b.at || order(a.kind) - order(b.kind));
      for (const e of events) {
        if (e.kind === "use") {
          bindings.set(e.use, env.get(e.use.name));
          uses.push({ file: f.file, use: e.use });
        } else if (e.kind === "define") {
          macroDefinitions.push({ file: f.file, definition: e.definition });
          if (env.get(e.definition.name)?.kind !== "command-line")
            env.set(e.definition.name, { kind: "definition", file: f.file, definition: e.definition });
        } else visit(e.child, depth + 1);
      }
    };
    visit(root, 0);
    const ruleset: PfRuleset = { root, files, macroDefinitions, tableDefinitions, bindings, uses, tableRefs, commandLine };
    rulesets.push(ruleset);
    for (const f of files) if (!rulesetByFile.has(f.file)) rulesetByFile.set(f.file, ruleset);
  }
  const index: PfIndex = { rulesets, rulesetOf: (file) => rulesetByFile.get(file) };
  indexes.set(model.pfFiles, index);
  return index;
}

/** At one offset a use comes before the definition that ends there (`a = $a`), and both before an include. */
function order(kind: "use" | "define" | "include"): number {
  return kind === "use" ? 0 : kind === "define" ? 1 : 2;
}

/** The range a table reference or definition name covers, without its `<` `>`. */
export function tableNameRange(text: string, range: TextRange): TextRange {
  const s = text.slice(range.start, range.end);
  if (s.startsWith("<") && s.endsWith(">")) return { start: range.start + 1, end: range.end - 1 };
  return range;
}
