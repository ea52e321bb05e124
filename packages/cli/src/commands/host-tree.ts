import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { FREEBSD_VERSIONS, type FreeBsdVersion, isFreeBsdVersion, LineIndex, type TextRange } from "@jaillint/parser";
import { type LintResult, lintHost } from "@jaillint/rules";
import { InvalidArgumentError } from "commander";
import { type DiscoveredFiles, discoverHosts } from "../discover.js";
import type { CliIo } from "../io.js";

/** One host tree read and linted as `jaillint lint TREE` reads it, for the commands that answer questions about it. */
export interface HostTree {
  readonly found: DiscoveredFiles;
  readonly result: LintResult;
  /** `file:line` of a place in a file, the file named as `lint` names it. */
  at(file: string, range: TextRange): Place;
}

export interface Place {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export function parseFreebsd(value: string): FreeBsdVersion {
  const n = Number(value);
  if (!isFreeBsdVersion(n)) throw new InvalidArgumentError(`expected one of ${FREEBSD_VERSIONS.join(", ")}.`);
  return n;
}

/**
 * Reads TREE (a directory holding a host's etc/, or /etc itself), or the host under / when none is given, through
 * the same discovery and containment as `lint`. A string is the problem, said as one `jaillint:` line.
 */
export async function readHostTree(tree: string | undefined, freebsd: FreeBsdVersion, io: CliIo): Promise<HostTree | string> {
  const target = tree ?? "/";
  if (tree === undefined && !existsSync(join(resolve(io.cwd, target), "etc/jail.conf")))
    return `no TREE given and ${join(resolve(io.cwd, target), "etc/jail.conf")} does not exist: pass a config tree directory`;
  const discovered = await discoverHosts([target], { cwd: io.cwd, allowOutsideRoot: false });
  const found = discovered.hosts[0];
  const problem = discovered.errors[0] ?? found?.errors[0];
  if (problem || !found) return problem ?? `cannot read ${target}`;
  const result = lintHost({ jailConf: found.jail, rc: found.rc, pf: found.pf, freebsd }, found.host);
  const unreadable = result.model.unreadable[0];
  if (unreadable) return `cannot read ${found.host.displayPath(unreadable.path)}: ${unreadable.detail}`;
  const lines = new Map<string, LineIndex>();
  const at = (file: string, range: TextRange): Place => {
    let li = lines.get(file);
    if (!li) {
      li = new LineIndex(result.model.texts.get(file) ?? "");
      lines.set(file, li);
    }
    const p = li.position(range.start);
    return { file: found.host.displayPath(file), line: p.line, column: p.column };
  };
  return { found, result, at };
}

/** The name `jaillint: …` errors give a tree: as the user wrote it. */
export function treeName(tree: string | undefined): string {
  return tree ?? "/";
}
