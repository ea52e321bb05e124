import type { SourcedParam } from "@jaillint/parser";
import type { HostModel } from "./host-model.js";

/**
 * Every parameter statement in every jail.conf file read, each once, with its section; not those that did not
 * parse (JL001 reports them, and what recovery made of them is no statement of the file's).
 */
export function allParamStatements(model: HostModel): SourcedParam[] {
  return model.jailConf?.sections.flatMap((s) => s.params.filter((sp) => !sp.statement.recovered)) ?? [];
}

/** The text of a jail.conf statement's values as written, when none holds a variable. */
export function literalValues(sp: SourcedParam): string[] | undefined {
  const out: string[] = [];
  for (const v of sp.statement.values) {
    if (v.pieces.some((p) => p.kind === "variable")) return undefined;
    out.push(v.pieces.map((p) => (p.kind === "literal" ? p.text : "")).join(""));
  }
  return out;
}

const withVariables = new WeakMap<SourcedParam["statement"], boolean>();

/** Whether a value of the statement holds a variable (literalValues is then undefined); remembered per statement. */
export function hasVariable(sp: SourcedParam): boolean {
  let known = withVariables.get(sp.statement);
  if (known === undefined) {
    known = sp.statement.values.some((v) => v.pieces.some((p) => p.kind === "variable"));
    withVariables.set(sp.statement, known);
  }
  return known;
}
