import { posix } from "node:path";
import { EMPTY_CONFIG, type LinterConfig, type RuleEntry, resolveRuleSetting, validateConfig } from "./engine/config.js";
import type { RuleSettings } from "./engine/lint.js";
import { findRule } from "./registry.js";

/** The configuration file's name: the nearest one in a linted file's folder or above it applies. */
export const CONFIG_FILE_NAME = "jaillint.config.json";

/** A configuration as a run uses it. */
export interface LoadedConfig {
  readonly config: LinterConfig;
  /** The folder file patterns are relative to; undefined without a configuration file. */
  readonly dir: string | undefined;
  readonly path: string | undefined;
}

/** No configuration file: every rule at its default. */
export const NO_CONFIG: LoadedConfig = { config: EMPTY_CONFIG, dir: undefined, path: undefined };

/** Where a configuration file for the (absolute) folder `dir` may be, nearest first: in `dir` and every folder above it. */
export function configFileCandidates(dir: string): string[] {
  const out: string[] = [];
  for (let d = posix.normalize(dir); ; d = posix.dirname(d)) {
    out.push(posix.join(d, CONFIG_FILE_NAME));
    if (posix.dirname(d) === d) return out;
  }
}

/**
 * Parses JSON the user wrote or keeps (configuration, baseline). A failure is one phrase, `LINE:COL: invalid
 * JSON: …` with the position Node only gives as an offset. A leading byte-order mark is skipped.
 */
export function parseJsonText(text: string): { ok: true; json: unknown } | { ok: false; error: string } {
  // Editors on some systems save a byte-order mark; JSON.parse refuses it.
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  try {
    return { ok: true, json: JSON.parse(body) };
  } catch (e) {
    const message = (e as Error).message;
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : /end of JSON input/.test(message) ? body.length : undefined;
    const what = message
      .replace(/\s*\(line \d+ column \d+\)/, "")
      .replace(/\s*in JSON at position \d+/, "")
      .replace(/^Unexpected end of JSON input$/, "unexpected end of input");
    if (offset === undefined) return { ok: false, error: `invalid JSON: ${what}` };
    const before = body.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - (before.lastIndexOf("\n") + 1) + 1;
    return { ok: false, error: `${line}:${column}: invalid JSON: ${what}` };
  }
}

/** How a problem with the file at `path` is said: `PATH:LINE:COL: …` for a position, else `PATH: …`. */
export function configProblem(path: string, error: string): string {
  return `${path}${/^\d/.test(error) ? ":" : ": "}${error}`;
}

/**
 * Parses and validates the text of a configuration file at `path` (as the user named it: every problem is
 * one line that starts with it); file patterns in it are relative to `dir`, the file's folder by default.
 */
export function parseConfigFile(
  text: string,
  path: string,
  dir: string = posix.dirname(path),
): { ok: true; loaded: LoadedConfig } | { ok: false; errors: string[] } {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { ok: false, errors: [configProblem(path, parsed.error)] };
  const result = validateConfig(parsed.json, findRule);
  if (!result.ok) return { ok: false, errors: result.errors.map((e) => `${path}: ${e}`) };
  return { ok: true, loaded: { config: result.config, dir, path } };
}

/**
 * The rule settings of a run: the configuration, then the `--rule` flags (`flags`, by code). `configPath`
 * names a linted file (a logical path) as the configuration's file patterns see it: relative to its folder.
 */
export function configSettings(
  loaded: LoadedConfig,
  flags: ReadonlyMap<string, RuleEntry>,
  configPath: (file: string) => string,
): RuleSettings {
  return (rule, file) => resolveRuleSetting(loaded.config, rule, configPath(file), flags);
}
