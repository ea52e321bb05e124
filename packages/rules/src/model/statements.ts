import type { SourcedParam } from "@jaillint/parser";
import type { HostModel } from "./host-model.js";

const statementsOf = new WeakMap<HostModel, SourcedParam[]>();

/**
 * Every parameter statement in every jail.conf file read, each once, with its section; not those that did not
 * parse (JL001 reports them, and what recovery made of them is no statement of the file's). Collected once per
 * model: JL002 and JL003 both walk them. Callers must not change the list.
 */
export function allParamStatements(model: HostModel): SourcedParam[] {
  const known = statementsOf.get(model);
  if (known) return known;
  const out: SourcedParam[] = [];
  for (const s of model.jailConf?.sections ?? []) for (const sp of s.params) if (!sp.statement.recovered) out.push(sp);
  statementsOf.set(model, out);
  return out;
}

/** The text of a jail.conf statement's values as written, when none holds a variable. */
export function literalValues(sp: SourcedParam): string[] | undefined {
  if (hasVariable(sp)) return undefined;
  const out: string[] = [];
  for (const v of sp.statement.values) {
    // Most values are one literal piece: its text is the value's text, with nothing to join.
    const only = v.pieces.length === 1 ? v.pieces[0] : undefined;
    if (only) out.push(only.kind === "literal" ? only.text : "");
    else {
      let text = "";
      for (const p of v.pieces) text += p.kind === "literal" ? p.text : "";
      out.push(text);
    }
  }
  return out;
}

/** Whether a value of the statement holds a variable (literalValues is then undefined). */
export function hasVariable(sp: SourcedParam): boolean {
  // Indexed loops: asked for every parameter of every jail, often before the code is optimized, where for…of
  // allocates an iterator result per step.
  const values = sp.statement.values;
  for (let i = 0; i < values.length; i++) {
    const pieces = (values[i] as (typeof values)[number]).pieces;
    for (let k = 0; k < pieces.length; k++) if ((pieces[k] as (typeof pieces)[number]).kind === "variable") return true;
  }
  return false;
}
