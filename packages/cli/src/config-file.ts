import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { findRule, type LinterConfig, validateConfig } from "@jaillint/rules";
import { readJsonFile } from "./json-file.js";

export const CONFIG_FILE_NAME = "jaillint.config.json";

export interface LoadedConfig {
  readonly config: LinterConfig;
  /** The folder file patterns are relative to; undefined without a configuration file. */
  readonly dir: string | undefined;
  readonly path: string | undefined;
}

/** The nearest jaillint.config.json in `start` (a file's folder or a folder) or above it. */
export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and validates a configuration file; every problem is one line that names the file. */
export function loadConfigFile(path: string): { ok: true; loaded: LoadedConfig } | { ok: false; errors: string[] } {
  const read = readJsonFile(path);
  if (!read.ok) return { ok: false, errors: [`${path}${/^\d/.test(read.error) ? ":" : ": "}${read.error}`] };
  const result = validateConfig(read.json, findRule);
  if (!result.ok) return { ok: false, errors: result.errors.map((e) => `${path}: ${e}`) };
  return { ok: true, loaded: { config: result.config, dir: dirname(resolve(path)), path } };
}
