import { posix } from "node:path";
import { type ConfString, globToRegExp, hasGlobMagic, type ParsedJailFile } from "@jaillint/parser";
import type { FeatureModel } from "./context.js";

/** What an `.include` path names: the pattern as jail(8) resolves it, and the files of the model it read. */
export interface IncludeTargets {
  /** The logical path or glob, relative names resolved against the including file's directory. */
  readonly pattern: string;
  readonly glob: boolean;
  /** The model's names for the files it reads (none when missing, or a glob that matches nothing). */
  readonly files: readonly string[];
}

/** Resolves an `.include` path as resolveJailConf does (config.c include_config), against the files the model read. */
export function includeTargets(model: FeatureModel, from: ParsedJailFile, value: ConfString): IncludeTargets {
  const written = value.pieces.map((p) => (p.kind === "literal" ? p.text : "")).join("");
  const pattern = posix.isAbsolute(written) ? posix.normalize(written) : posix.join(posix.dirname(from.path), written);
  const glob = hasGlobMagic(written);
  const files = model.jailConf?.files ?? [];
  if (!glob) return { pattern, glob, files: files.filter((f) => f.path === pattern).map((f) => f.file) };
  const re = globToRegExp(pattern);
  return { pattern, glob, files: files.filter((f) => re.test(f.path)).map((f) => f.file) };
}
