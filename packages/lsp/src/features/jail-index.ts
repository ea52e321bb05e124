import type {
  ConfString,
  EffectiveJail,
  EffectiveParam,
  IncludeStatement,
  JailBlock,
  JailConfFile,
  JailSection,
  JailStatement,
  ParamStatement,
  SourcedParam,
  TextRange,
  VariablePiece,
} from "@jaillint/parser";
import type { FeatureModel } from "./context.js";
import { touches } from "./context.js";

/** What the cursor is on in a jail.conf. */
export type JailTarget =
  | { readonly kind: "param-name"; readonly statement: ParamStatement; readonly path: readonly JailBlock[] }
  | { readonly kind: "variable-definition"; readonly statement: ParamStatement; readonly path: readonly JailBlock[] }
  | {
      readonly kind: "value";
      readonly statement: ParamStatement;
      readonly value: ConfString;
      readonly index: number;
      readonly path: readonly JailBlock[];
    }
  | {
      readonly kind: "variable-reference";
      readonly statement: ParamStatement;
      readonly piece: VariablePiece;
      readonly path: readonly JailBlock[];
    }
  | { readonly kind: "jail-name"; readonly block: JailBlock; readonly path: readonly JailBlock[] }
  | { readonly kind: "include"; readonly statement: IncludeStatement; readonly value: ConfString; readonly path: readonly JailBlock[] };

/** The innermost thing at an offset: a variable reference before the value it is in, a name before its block. */
export function jailTargetAt(ast: JailConfFile, offset: number): JailTarget | undefined {
  const visit = (list: readonly JailStatement[], path: readonly JailBlock[]): JailTarget | undefined => {
    for (const st of list) {
      if (!touches(st.range, offset)) continue;
      if (st.type === "Jail") {
        if (touches(st.nameRange, offset)) return { kind: "jail-name", block: st, path };
        const inner = visit(st.body, [...path, st]);
        if (inner) return inner;
        continue;
      }
      if (st.type === "Include") {
        const value = st.paths.find((p) => touches(p.range, offset));
        if (value) return { kind: "include", statement: st, value, path };
        continue;
      }
      if (touches(st.nameRange, offset)) {
        return st.isVariable ? { kind: "variable-definition", statement: st, path } : { kind: "param-name", statement: st, path };
      }
      for (let index = 0; index < st.values.length; index++) {
        const value = st.values[index] as ConfString;
        if (!touches(value.range, offset)) continue;
        const piece = value.pieces.find((p): p is VariablePiece => p.kind === "variable" && touches(p.range, offset));
        if (piece) return { kind: "variable-reference", statement: st, piece, path };
        return { kind: "value", statement: st, value, index, path };
      }
    }
    return undefined;
  };
  return visit(ast.statements, []);
}

/** Every statement of a file (in blocks too) with the blocks around it. */
export function* jailStatements(
  list: readonly JailStatement[],
  path: readonly JailBlock[] = [],
): Generator<{ statement: JailStatement; path: readonly JailBlock[] }> {
  for (const st of list) {
    yield { statement: st, path };
    if (st.type === "Jail") yield* jailStatements(st.body, [...path, st]);
  }
}

/** How one statement takes part in one jail's effective parameters. */
export interface StatementUse {
  readonly jail: EffectiveJail;
  readonly param: EffectiveParam;
  /** `set`: its value counts (the last `=` or a later `+=`); `overridden`: a later statement replaced it. */
  readonly state: "set" | "overridden";
}

/** What the features look up in a resolved jail.conf, built once per model. */
export interface JailIndex {
  readonly sectionOfBlock: ReadonlyMap<JailBlock, JailSection>;
  /** The jail a block (a non-wildcard section) defines. */
  jailOfBlock(block: JailBlock): EffectiveJail | undefined;
  /** The jails whose parameters a statement sets or was overridden in. */
  usesOf(statement: ParamStatement): readonly StatementUse[];
  /** The sections a statement is in (more than one when its file is included twice). */
  sectionsOf(statement: ParamStatement): readonly JailSection[];
  readonly jailsByName: ReadonlyMap<string, readonly EffectiveJail[]>;
}

const indexes = new WeakMap<object, JailIndex>();

export function jailIndex(model: FeatureModel): JailIndex {
  const conf = model.jailConf;
  const key = conf ?? model;
  const hit = indexes.get(key);
  if (hit) return hit;
  const sectionOfBlock = new Map<JailBlock, JailSection>();
  const jailOfSection = new Map<JailSection, EffectiveJail>();
  const sectionsOf = new Map<ParamStatement, JailSection[]>();
  const uses = new Map<ParamStatement, StatementUse[]>();
  const jailsByName = new Map<string, EffectiveJail[]>();
  if (conf) {
    // resolveJailConf makes one effective jail per non-wildcard section, in section order.
    const real = conf.sections.filter((s) => !s.wildcard);
    real.forEach((s, i) => {
      const jail = conf.jails[i];
      if (jail) jailOfSection.set(s, jail);
    });
    for (const s of conf.sections) {
      if (s.block) sectionOfBlock.set(s.block, s);
      for (const sp of s.params) push(sectionsOf, sp.statement, s);
    }
    for (const jail of conf.jails) {
      push(jailsByName, jail.name, jail);
      for (const param of [...jail.params.values(), ...jail.variables.values()]) {
        for (const sp of param.setBy) push(uses, sp.statement, { jail, param, state: "set" });
        for (const sp of param.overridden) push(uses, sp.statement, { jail, param, state: "overridden" });
      }
    }
  }
  const index: JailIndex = {
    sectionOfBlock,
    jailOfBlock: (block) => {
      const s = sectionOfBlock.get(block);
      return s ? jailOfSection.get(s) : undefined;
    },
    usesOf: (st) => uses.get(st) ?? [],
    sectionsOf: (st) => sectionsOf.get(st) ?? [],
    jailsByName,
  };
  indexes.set(key, index);
  return index;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/**
 * The jails a statement speaks for: those it takes part in, else (a statement jail(8) dropped) the jails of the
 * sections it is written in.
 */
export function jailsOfStatement(model: FeatureModel, st: ParamStatement): EffectiveJail[] {
  const index = jailIndex(model);
  const fromUses = [...new Set(index.usesOf(st).map((u) => u.jail))];
  if (fromUses.length > 0) return fromUses;
  const out: EffectiveJail[] = [];
  for (const s of index.sectionsOf(st)) {
    if (!s.wildcard && s.block) {
      const j = index.jailOfBlock(s.block);
      if (j) out.push(j);
    }
  }
  return out;
}

/** What a `$name` / `${name}` reads in a jail: the variable or parameter of that exact name (config.c). */
export function lookupReference(jail: EffectiveJail, name: string): EffectiveParam | undefined {
  for (const p of jail.variables.values()) if (p.name === name) return p;
  for (const p of jail.params.values()) if (p.name === name) return p;
  return undefined;
}

/** Where a variable or parameter of a jail is defined: its setting statements, else (`name`, `jid`) the block name. */
export function definitionsOf(jail: EffectiveJail, param: EffectiveParam): { file: string; range: TextRange }[] {
  if (param.setBy.length > 0) return param.setBy.map((sp: SourcedParam) => ({ file: sp.file, range: sp.statement.nameRange }));
  return [{ file: jail.file, range: jail.block.nameRange }];
}
