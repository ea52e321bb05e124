import {
  type ConfString,
  type EffectiveJail,
  type JailBlock,
  type ParamStatement,
  type ParsedJailFile,
  paramKey,
  type RcReferencePiece,
  type RcValuePiece,
  type TextRange,
  type VariablePiece,
} from "@jaillint/parser";
import type { Location, Position } from "vscode-languageserver-types";
import {
  documentOf,
  type FeatureContext,
  type FeatureDocument,
  fileLocation,
  lineIndexOf,
  locationOf,
  toOffset,
  touches,
} from "./context.js";
import { definitionsOf, jailIndex, jailStatements, jailsOfStatement, jailTargetAt, lookupReference } from "./jail-index.js";
import { includeTargets } from "./jail-paths.js";
import { pfIndex, tableNameRange } from "./pf-index.js";
import { rcAssignments, rcValueWords } from "./rc-words.js";

/** A place in a file of the model. */
interface Place {
  readonly file: string;
  readonly range: TextRange;
}

/** What a position names, in terms navigation can look up across the host's files. */
type NavSymbol =
  /** A jail.conf variable or parameter, as the definitions a `$name` there reads. */
  | { readonly kind: "jail-variable"; readonly name: string; readonly definitions: readonly Place[] }
  | { readonly kind: "jail"; readonly name: string }
  | { readonly kind: "pf-macro"; readonly name: string; readonly file: string }
  | { readonly kind: "pf-table"; readonly name: string; readonly file: string }
  | { readonly kind: "rc-variable"; readonly name: string }
  /** Something whose definition is a whole file (an `.include`, an fstab, a pf `include`). */
  | { readonly kind: "files"; readonly files: readonly string[] }
  | { readonly kind: "interface"; readonly name: string };

/**
 * Go to definition: a jail.conf `$name` → the statements that set it for the jails using it (the block name for
 * `$name` itself); a jail name in rc.conf's `jail_list` or in `depend` → the jail block; `.include` and `mount.fstab`
 * paths → the files; an interface name (`interface`, `IF|`, pf `on`) → where rc.conf creates it; a pf `$macro` → the
 * definition in effect there (or rc.conf's `pf_flags`), a `<table>` → its `table` line, `include` → the file; an
 * rc.conf `$var` → its assignment.
 */
export function definition(ctx: FeatureContext, file: string, position: Position): Location[] {
  const at = symbolAt(ctx, file, position);
  if (!at) return [];
  return dedupe(definitionPlaces(ctx, at.symbol).flatMap((p) => place(ctx, p)));
}

/**
 * Find references: every use of the variable, jail name (jail.conf blocks and `depend`, rc.conf `jail_list`), pf
 * macro or table, or rc.conf variable at the position, across the host's files; with `includeDeclaration`, the
 * definitions too.
 */
export function references(ctx: FeatureContext, file: string, position: Position, includeDeclaration: boolean): Location[] {
  const at = symbolAt(ctx, file, position);
  if (!at) return [];
  const out: (Place | WholeFile)[] = referencePlaces(ctx, at.symbol);
  if (includeDeclaration) out.unshift(...definitionPlaces(ctx, at.symbol));
  return dedupe(out.flatMap((p) => place(ctx, p)));
}

/** A file as a whole: what an include or an fstab path names. */
interface WholeFile {
  readonly file: string;
  readonly whole: true;
}

function place(ctx: FeatureContext, p: Place | WholeFile): Location[] {
  if ("whole" in p) return [fileLocation(ctx, p.file)];
  const loc = locationOf(ctx, p.file, p.range);
  return loc ? [loc] : [];
}

function dedupe(locs: Location[]): Location[] {
  const seen = new Set<string>();
  return locs.filter((l) => {
    const k = `${l.uri}\0${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---- what is at the position ----------------------------------------------------------------------------------

function symbolAt(ctx: FeatureContext, file: string, position: Position): { symbol: NavSymbol } | undefined {
  const doc = documentOf(ctx.model, file);
  const idx = lineIndexOf(ctx.model, file);
  if (!doc || !idx) return undefined;
  const offset = toOffset(idx, position);
  const symbol =
    doc.kind === "jail" ? jailSymbol(ctx, doc, offset) : doc.kind === "pf" ? pfSymbol(ctx, doc, offset) : rcSymbol(doc, offset);
  return symbol ? { symbol } : undefined;
}

function fullName(path: readonly JailBlock[], block: JailBlock): string {
  return [...path, block].map((b) => b.name).join(".");
}

function literal(s: ConfString): string | undefined {
  return s.pieces.every((p) => p.kind === "literal") ? s.pieces.map((p) => (p.kind === "literal" ? p.text : "")).join("") : undefined;
}

/** The definitions a `$name` written in a statement reads, over every jail the statement is used in. */
function referenceDefinitions(ctx: FeatureContext, st: ParamStatement, name: string): Place[] {
  const out: Place[] = [];
  for (const jail of jailsOfStatement(ctx.model, st)) {
    const target = lookupReference(jail, name);
    if (target) out.push(...definitionsOf(jail, target));
  }
  return out;
}

function jailSymbol(ctx: FeatureContext, doc: FeatureDocument & { kind: "jail" }, offset: number): NavSymbol | undefined {
  const target = jailTargetAt(doc.parsed.ast, offset);
  if (!target) return undefined;
  switch (target.kind) {
    case "variable-reference":
      return {
        kind: "jail-variable",
        name: target.piece.name,
        definitions: referenceDefinitions(ctx, target.statement, target.piece.name),
      };
    case "variable-definition":
    case "param-name": {
      const st = target.statement;
      const own: Place = { file: doc.file, range: st.nameRange };
      // The other statements that set it for the same jails count as its definitions too (`+=`, overrides).
      const defs = new Map<string, Place>([[key(own), own]]);
      for (const use of jailIndex(ctx.model).usesOf(st))
        for (const sp of use.param.setBy)
          defs.set(key({ file: sp.file, range: sp.statement.nameRange }), { file: sp.file, range: sp.statement.nameRange });
      return { kind: "jail-variable", name: st.name, definitions: [...defs.values()] };
    }
    case "jail-name":
      return { kind: "jail", name: fullName(target.path, target.block) };
    case "include":
      return { kind: "files", files: includeTargets(ctx.model, doc.parsed, target.value).files };
    case "value": {
      const st = target.statement;
      const k = paramKey(st.name);
      const text = literal(target.value);
      if (k === "depend" && text !== undefined) return { kind: "jail", name: text };
      if (k === "mount.fstab") {
        const files = new Set<string>();
        for (const use of jailIndex(ctx.model).usesOf(st)) {
          if (use.state !== "set") continue;
          for (const v of use.param.values)
            if (v.range.start === target.value.range.start && v.file === doc.file && ctx.model.texts.has(v.text)) files.add(v.text);
        }
        return { kind: "files", files: [...files] };
      }
      if ((k === "interface" || k === "vnet.interface") && text !== undefined) return { kind: "interface", name: text.trim() };
      if ((k === "ip4.addr" || k === "ip6.addr") && text !== undefined) {
        const bar = text.indexOf("|");
        const before = text.slice(0, bar);
        const quoted = doc.text[target.value.range.start] === '"' || doc.text[target.value.range.start] === "'" ? 1 : 0;
        if (bar !== -1 && offset <= target.value.range.start + quoted + bar) return { kind: "interface", name: before.trim() };
      }
      return undefined;
    }
  }
}

function key(p: Place): string {
  return `${p.file}\0${p.range.start}`;
}

function pfSymbol(ctx: FeatureContext, doc: FeatureDocument & { kind: "pf" }, offset: number): NavSymbol | undefined {
  const ast = doc.parsed.ast;
  const use = ast.macroUses.find((u) => touches(u.range, offset));
  if (use) return { kind: "pf-macro", name: use.name, file: doc.file };
  const ref = doc.parsed.policy.tableRefs.find((r) => touches(r.range, offset));
  if (ref) return { kind: "pf-table", name: ref.name, file: doc.file };
  const ruleset = pfIndex(ctx.model).rulesetOf(doc.file);
  for (const st of ast.statements) {
    if (st.type === "MacroDefinition" && touches(st.nameRange, offset)) return { kind: "pf-macro", name: st.name, file: doc.file };
    if (st.type === "TableDefinition" && touches(st.nameRange, offset)) return { kind: "pf-table", name: st.name, file: doc.file };
    if (st.type === "Include" && touches(st.path.range, offset)) {
      const child = ruleset?.files.find((f) => f.includedFrom?.file === doc.file && f.includedFrom.range.start === st.path.range.start);
      return { kind: "files", files: child ? [child.file] : [] };
    }
  }
  const item = pfInterfaceAt(ast.statements, offset);
  return item ? { kind: "interface", name: item } : undefined;
}

/** The interface name of an `on` item at the offset. */
function pfInterfaceAt(statements: unknown, offset: number): string | undefined {
  let found: string | undefined;
  const walk = (v: unknown): void => {
    if (found !== undefined || !v || typeof v !== "object") return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    const o = v as Record<string, unknown>;
    const r = o.range as TextRange | undefined;
    if (r && !touches(r, offset)) return;
    if (Array.isArray(o.interfaces)) {
      for (const i of o.interfaces as { name: string; range: TextRange }[])
        if (touches(i.range, offset) && i.name !== "any") found = i.name;
    }
    for (const [k, x] of Object.entries(o)) if (k !== "range") walk(x);
  };
  walk(statements);
  return found;
}

function rcSymbol(doc: FeatureDocument & { kind: "rc" }, offset: number): NavSymbol | undefined {
  for (const a of rcAssignments(doc.parsed.ast)) {
    if (!touches(a.range, offset)) continue;
    if (touches(a.nameRange, offset)) return { kind: "rc-variable", name: a.name };
    const ref = findReference(a.value.pieces, offset);
    if (ref) return { kind: "rc-variable", name: ref.name };
    if (a.name === "jail_list") {
      const w = rcValueWords(a, doc.text).find((x) => touches(x.range, offset));
      if (w) return { kind: "jail", name: w.text };
    }
  }
  return undefined;
}

function findReference(pieces: readonly RcValuePiece[], offset: number): RcReferencePiece | undefined {
  for (const p of pieces) {
    if (p.kind !== "reference" || !touches(p.range, offset)) continue;
    return (p.word && findReference(p.word, offset)) || p;
  }
  return undefined;
}

// ---- definitions and references -------------------------------------------------------------------------------

function jailBlocksNamed(ctx: FeatureContext, name: string): EffectiveJail[] {
  return [...(jailIndex(ctx.model).jailsByName.get(name) ?? [])];
}

function definitionPlaces(ctx: FeatureContext, s: NavSymbol): (Place | WholeFile)[] {
  switch (s.kind) {
    case "jail-variable":
      return [...s.definitions];
    case "jail":
      return jailBlocksNamed(ctx, s.name).map((j) => ({ file: j.file, range: j.block.nameRange }));
    case "files":
      return s.files.map((file) => ({ file, whole: true as const }));
    case "interface": {
      const src = ctx.model.network.interfaces.interfaces.get(s.name)?.source;
      return src ? [{ file: src.file, range: src.range }] : [];
    }
    case "pf-macro": {
      const ruleset = pfIndex(ctx.model).rulesetOf(s.file);
      if (!ruleset) return [];
      if (ruleset.commandLine.has(s.name)) {
        const v = ctx.model.rc?.config.get("pf_flags");
        return v ? [{ file: v.file, range: v.assignment.range }] : [];
      }
      return ruleset.macroDefinitions
        .filter((d) => d.definition.name === s.name)
        .map((d) => ({ file: d.file, range: d.definition.nameRange }));
    }
    case "pf-table": {
      const ruleset = pfIndex(ctx.model).rulesetOf(s.file);
      return (ruleset?.tableDefinitions ?? [])
        .filter((d) => d.definition.name === s.name)
        .map((d) => ({ file: d.file, range: tableNameRange(ctx.model.texts.get(d.file) ?? "", d.definition.nameRange) }));
    }
    case "rc-variable": {
      const out: Place[] = [];
      for (const f of ctx.model.rc?.files ?? [])
        for (const a of rcAssignments(f.ast)) if (a.name === s.name) out.push({ file: f.file, range: a.nameRange });
      return out;
    }
  }
}

function referencePlaces(ctx: FeatureContext, s: NavSymbol): Place[] {
  switch (s.kind) {
    case "jail-variable": {
      const wanted = new Set(s.definitions.map(key));
      const out: Place[] = [];
      for (const f of ctx.model.jailConf?.files ?? []) {
        for (const { statement } of jailStatements(f.ast.statements)) {
          if (statement.type !== "Param") continue;
          for (const piece of variablePieces(statement)) {
            if (piece.name !== s.name) continue;
            if (referenceDefinitions(ctx, statement, piece.name).some((d) => wanted.has(key(d))))
              out.push({ file: f.file, range: piece.range });
          }
        }
      }
      return out;
    }
    case "jail":
      return [...jailListWords(ctx, s.name), ...dependValues(ctx, s.name)];
    case "pf-macro": {
      const ruleset = pfIndex(ctx.model).rulesetOf(s.file);
      return (ruleset?.uses ?? []).filter((u) => u.use.name === s.name).map((u) => ({ file: u.file, range: u.use.range }));
    }
    case "pf-table": {
      const ruleset = pfIndex(ctx.model).rulesetOf(s.file);
      return (ruleset?.tableRefs ?? [])
        .filter((r) => r.ref.name === s.name)
        .map((r) => ({ file: r.file, range: tableNameRange(ctx.model.texts.get(r.file) ?? "", r.ref.range) }));
    }
    case "rc-variable": {
      const out: Place[] = [];
      for (const f of ctx.model.rc?.files ?? []) {
        for (const a of rcAssignments(f.ast))
          for (const r of references_(a.value.pieces)) if (r.name === s.name) out.push({ file: f.file, range: r.range });
      }
      return out;
    }
    case "files":
    case "interface":
      return [];
  }
}

function* variablePieces(st: ParamStatement): Generator<VariablePiece> {
  for (const v of st.values) for (const p of v.pieces) if (p.kind === "variable") yield p;
}

function* references_(pieces: readonly RcValuePiece[]): Generator<RcReferencePiece> {
  for (const p of pieces) {
    if (p.kind !== "reference") continue;
    yield p;
    if (p.word) yield* references_(p.word);
  }
}

function jailListWords(ctx: FeatureContext, name: string): Place[] {
  const out: Place[] = [];
  for (const f of ctx.model.rc?.files ?? []) {
    const text = ctx.model.texts.get(f.file) ?? "";
    for (const a of rcAssignments(f.ast)) {
      if (a.name !== "jail_list") continue;
      for (const w of rcValueWords(a, text)) if (w.text === name) out.push({ file: f.file, range: w.range });
    }
  }
  return out;
}

function dependValues(ctx: FeatureContext, name: string): Place[] {
  const out: Place[] = [];
  for (const f of ctx.model.jailConf?.files ?? ([] as ParsedJailFile[])) {
    for (const { statement } of jailStatements(f.ast.statements)) {
      if (statement.type !== "Param" || paramKey(statement.name) !== "depend") continue;
      for (const v of statement.values) if (literal(v)?.trim() === name) out.push({ file: f.file, range: v.range });
    }
  }
  return out;
}
