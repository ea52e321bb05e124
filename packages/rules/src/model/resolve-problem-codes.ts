import type { ResolveProblem, ResolveProblemKind } from "@jaillint/parser";
import type { HostModel } from "./host-model.js";

/**
 * The rule that reports each kind of problem the jail.conf resolver finds. `satisfies Record<…>` makes a new
 * kind a type error until it is given a code here, so no problem goes unreported.
 */
export const RESOLVE_PROBLEM_CODES = {
  "include-missing": "JL005",
  "include-unreadable": "JL005",
  "include-cycle": "JL005",
  "include-depth": "JL005",
  "undefined-variable": "JL004",
  "variable-loop": "JL004",
  "expansion-limit": "JL004",
  "array-inline": "JL003",
  "variable-shadows-parameter": "JL003",
  "immutable-parameter": "JL003",
} as const satisfies Record<ResolveProblemKind, `JL${number}`>;

export type ResolveProblemCode = (typeof RESOLVE_PROBLEM_CODES)[ResolveProblemKind];

/** The resolver's problems one rule reports. */
export function resolveProblemsFor(model: HostModel, code: ResolveProblemCode): ResolveProblem[] {
  return (model.jailConf?.problems ?? []).filter((p) => RESOLVE_PROBLEM_CODES[p.kind] === code);
}
