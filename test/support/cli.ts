import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { repoRoot } from "./corpus.js";

/** The built CLI (the test script runs `tsc -b` before vitest). */
export const cliBin = join(repoRoot, "packages/cli/bin/jaillint.js");

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node packages/cli/bin/jaillint.js ARGS` in `cwd`, without colors or a CI variable. */
export function jaillint(
  args: readonly string[],
  cwd: string = repoRoot,
  input?: string,
  env: Record<string, string | undefined> = {},
): CliRun {
  const { CI: _ci, FORCE_COLOR: _fc, ...rest } = process.env;
  const r = spawnSync(process.execPath, [cliBin, ...args], {
    cwd,
    input: input ?? "",
    encoding: "utf8",
    // An `undefined` in `env` removes that variable (NO_COLOR, to test colors).
    env: Object.fromEntries(Object.entries({ ...rest, NO_COLOR: "1", ...env }).filter((e): e is [string, string] => e[1] !== undefined)),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The CLI's `Io` for a run in this process (`run(argv, io)`): no terminal unless `stderrIsTTY`, no standard
 * input, and what the run prints collected in `out`.
 */
export function capturingIo(
  cwd: string,
  { env = { NO_COLOR: "1" }, stderrIsTTY = false }: { env?: Record<string, string>; stderrIsTTY?: boolean } = {},
) {
  const out = { stdout: "", stderr: "" };
  const io = {
    cwd,
    env,
    stdoutIsTTY: false,
    stderrIsTTY,
    stdout: (t: string) => {
      out.stdout += t;
    },
    stderr: (t: string) => {
      out.stderr += t;
    },
    readStdin: async () => "",
  };
  return { io, out };
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A scratch directory, removed after the test file; with `fixture`, a copy of fixtures/NAME in it. */
export function scratch(fixture?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "jaillint-test-"));
  dirs.push(dir);
  if (fixture) cpSync(join(repoRoot, "fixtures", fixture), dir, { recursive: true });
  return dir;
}
