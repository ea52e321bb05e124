import type { JailConfHost } from "@jaillint/parser";
import type { Diagnostic } from "./engine/diagnostic.js";
import { defaultSetting, type RuleSettings, runRules } from "./engine/lint.js";
import { buildHostModel, type HostInput, type HostModel } from "./model/host-model.js";
import { RULES } from "./registry.js";

export interface LintResult {
  readonly model: HostModel;
  readonly diagnostics: Diagnostic[];
}

/** The whole pipeline for one host: parse, link, check. */
export function lintHost(input: HostInput, host: JailConfHost, settings: RuleSettings = defaultSetting): LintResult {
  const model = buildHostModel(input, host);
  return { model, diagnostics: runRules(model, RULES, settings) };
}
