import type { Rule } from "./engine/rule.js";
import { deprecatedAllowSysvipc } from "./rules/deprecated-allow-sysvipc.js";
import { includeProblem } from "./rules/include-problem.js";
import { inheritedNetworkStack } from "./rules/inherited-network-stack.js";
import { invalidParameterValue } from "./rules/invalid-parameter-value.js";
import { lowSecurelevel } from "./rules/low-securelevel.js";
import { overriddenParameter } from "./rules/overridden-parameter.js";
import { rawSocketsAllowed } from "./rules/raw-sockets-allowed.js";
import { sharedJailPath } from "./rules/shared-jail-path.js";
import { sharedSysvipc } from "./rules/shared-sysvipc.js";
import { suppressionProblem } from "./rules/suppression-problem.js";
import { syntaxError } from "./rules/syntax-error.js";
import { undefinedVariable } from "./rules/undefined-variable.js";
import { unknownParameter } from "./rules/unknown-parameter.js";
import { unrestrictedDevfs } from "./rules/unrestricted-devfs.js";
import { weakEnforceStatfs } from "./rules/weak-enforce-statfs.js";
import { writableBasejail } from "./rules/writable-basejail.js";

/** Every rule, in code order. Codes and names are a public contract: never renumber or rename. */
export const RULES: readonly Rule[] = [
  suppressionProblem,
  syntaxError,
  unknownParameter,
  invalidParameterValue,
  undefinedVariable,
  includeProblem,
  overriddenParameter,
  deprecatedAllowSysvipc,
  sharedSysvipc,
  lowSecurelevel,
  rawSocketsAllowed,
  weakEnforceStatfs,
  unrestrictedDevfs,
  inheritedNetworkStack,
  writableBasejail,
  sharedJailPath,
];

const byCode = new Map(RULES.map((r) => [r.code, r]));
const byName = new Map(RULES.map((r) => [r.name, r]));

/** A rule by code (`JL103`, any case) or name (`low-securelevel`). */
export function findRule(codeOrName: string): Rule | undefined {
  return byCode.get(codeOrName.toUpperCase()) ?? byName.get(codeOrName);
}
