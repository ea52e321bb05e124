import type { Rule } from "./engine/rule.js";
import { deprecatedAllowSysvipc } from "./rules/deprecated-allow-sysvipc.js";
import { duplicateJailAddress } from "./rules/duplicate-jail-address.js";
import { exposedLoopback } from "./rules/exposed-loopback.js";
import { hostLoopbackInJail } from "./rules/host-loopback-in-jail.js";
import { includeProblem } from "./rules/include-problem.js";
import { inheritedNetworkStack } from "./rules/inherited-network-stack.js";
import { invalidParameterValue } from "./rules/invalid-parameter-value.js";
import { ipfwLocksHostOut } from "./rules/ipfw-locks-host-out.js";
import { ipfwNatWithoutConfig } from "./rules/ipfw-nat-without-config.js";
import { ipfwPassesLoopback } from "./rules/ipfw-passes-loopback.js";
import { ipfwSkiptoBackwards } from "./rules/ipfw-skipto-backwards.js";
import { ipfwUnreachableRule } from "./rules/ipfw-unreachable-rule.js";
import { jailListMismatch } from "./rules/jail-list-mismatch.js";
import { legacyRcJailVariables } from "./rules/legacy-rc-jail-variables.js";
import { linkLocalIpv6Address } from "./rules/link-local-ipv6-address.js";
import { lowSecurelevel } from "./rules/low-securelevel.js";
import { missingPfRulesFile } from "./rules/missing-pf-rules-file.js";
import { mixedAddressScopes } from "./rules/mixed-address-scopes.js";
import { overriddenParameter } from "./rules/overridden-parameter.js";
import { pfAndIpfwEnabled } from "./rules/pf-and-ipfw-enabled.js";
import { pfNotEnabled } from "./rules/pf-not-enabled.js";
import { pfSkipsLoopback } from "./rules/pf-skips-loopback.js";
import { pfUndefinedMacro } from "./rules/pf-undefined-macro.js";
import { pfUndefinedTable } from "./rules/pf-undefined-table.js";
import { privateJailWithoutNat } from "./rules/private-jail-without-nat.js";
import { rawSocketsAllowed } from "./rules/raw-sockets-allowed.js";
import { redirectToUnknownAddress } from "./rules/redirect-to-unknown-address.js";
import { sharedJailPath } from "./rules/shared-jail-path.js";
import { sharedSysvipc } from "./rules/shared-sysvipc.js";
import { suppressionProblem } from "./rules/suppression-problem.js";
import { syntaxError } from "./rules/syntax-error.js";
import { undefinedVariable } from "./rules/undefined-variable.js";
import { unfilteredCrossJailLoopback } from "./rules/unfiltered-cross-jail-loopback.js";
import { unknownInterface } from "./rules/unknown-interface.js";
import { unknownParameter } from "./rules/unknown-parameter.js";
import { unrestrictedDevfs } from "./rules/unrestricted-devfs.js";
import { unstableIpv6ScopeId } from "./rules/unstable-ipv6-scope-id.js";
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
  exposedLoopback,
  unfilteredCrossJailLoopback,
  pfSkipsLoopback,
  unstableIpv6ScopeId,
  linkLocalIpv6Address,
  mixedAddressScopes,
  unknownInterface,
  duplicateJailAddress,
  redirectToUnknownAddress,
  privateJailWithoutNat,
  hostLoopbackInJail,
  ipfwPassesLoopback,
  legacyRcJailVariables,
  jailListMismatch,
  pfNotEnabled,
  missingPfRulesFile,
  pfAndIpfwEnabled,
  ipfwLocksHostOut,
  pfUndefinedMacro,
  pfUndefinedTable,
  ipfwSkiptoBackwards,
  ipfwUnreachableRule,
  ipfwNatWithoutConfig,
];

const byCode = new Map(RULES.map((r) => [r.code, r]));
const byName = new Map(RULES.map((r) => [r.name, r]));

/** A rule by code (`JL103`, any case) or name (`low-securelevel`). */
export function findRule(codeOrName: string): Rule | undefined {
  return byCode.get(codeOrName.toUpperCase()) ?? byName.get(codeOrName);
}
