import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CONFIG_FILE_NAME, configProblem, type LoadedConfig, parseConfigFile } from "@jaillint/rules";
import { readError } from "./json-file.js";

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
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    return { ok: false, errors: [configProblem(path, readError(e))] };
  }
  return parseConfigFile(text, path, dirname(resolve(path)));
}
