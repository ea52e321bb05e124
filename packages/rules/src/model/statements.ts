import type { SourcedParam } from "@jaillint/parser";
import type { HostModel } from "./host-model.js";

/** Every parameter statement in every jail.conf file read, each once, with its section. */
export function allParamStatements(model: HostModel): SourcedParam[] {
  return model.jailConf?.sections.flatMap((s) => s.params) ?? [];
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
