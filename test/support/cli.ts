import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./corpus.js";

export const bin = join(repoRoot, "packages/cli/bin/jaillint.js");

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a user would (tsc -b has run before the tests). */
export function jaillint(args: readonly string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? repoRoot,
    env: { PATH: process.env.PATH ?? "", ...opts.env },
    input: opts.input ?? "",
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A scratch copy of a fixture folder (or an empty folder), for tests that write. */
export function scratchCopy(fixture?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "jaillint-"));
  if (fixture) cpSync(join(repoRoot, fixture), dir, { recursive: true });
  return dir;
}
