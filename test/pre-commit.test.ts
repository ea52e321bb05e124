// The pre-commit hooks as a user meets them: a scratch git repository of configs whose .pre-commit-config.yaml
// names a clone of this repository (a file:// URL) at a tag, driven by the real pre-commit. Hook `jaillint`
// installs itself (language: node: pre-commit runs npm install and npm pack at the clone's root), with no jaillint
// on PATH; hook `jaillint-system` runs the jaillint on PATH.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliBin, scratch } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";

const havePreCommit = spawnSync("pre-commit", ["--version"], { encoding: "utf8" }).status === 0;
if (!havePreCommit)
  console.warn("NOTICE: the pre-commit program is absent (Debian package pre-commit); the pre-commit hook tests are skipped.");

const TAG = "v0.0.0-test";
const hazard = "build {\n  securelevel = 3;\n  mount.devfs;\n  devfs_ruleset = 0;\n}\n";
const clean = "build {\n  securelevel = 3;\n  mount.devfs;\n  devfs_ruleset = 4;\n}\n";

/** PATH without any directory that holds a jaillint (node_modules/.bin of this checkout, a global npm prefix...). */
function pathWithoutJaillint(): string {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter((d) => {
    const r = spawnSync("test", ["-e", join(d, "jaillint")]);
    return d !== "" && r.status !== 0;
  });
  return dirs.join(delimiter);
}

/** A clone of this repository at its current commit, tagged, and a config repository whose hook is `id`. */
function setUp(id: string, path: string) {
  const tmp = scratch();
  const hooks = join(tmp, "hooks");
  expect(spawnSync("git", ["clone", "-q", `file://${repoRoot}`, hooks]).status).toBe(0);
  expect(spawnSync("git", ["-C", hooks, "tag", TAG]).status).toBe(0);
  const repo = join(tmp, "config");
  mkdirSync(join(repo, "etc"), { recursive: true });
  // A user's shell: none of the variables pnpm and npm set for the scripts they run (this test runs under one).
  const shell = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|pnpm_|PNPM_|NODE_OPTIONS$)/i.test(k)));
  const env = {
    ...shell,
    PATH: path,
    PRE_COMMIT_HOME: join(tmp, "cache"),
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@example.org",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@example.org",
    NO_COLOR: "1",
  };
  const sh = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: repo, env, encoding: "utf8" });
  sh("git", ["init", "-q"]);
  writeFileSync(
    join(repo, ".pre-commit-config.yaml"),
    `repos:\n  - repo: file://${hooks}\n    rev: ${TAG}\n    hooks:\n      - id: ${id}\n`,
  );
  expect(sh("pre-commit", ["install"]).status).toBe(0);
  return { repo, sh, tmp };
}

/** A hazardous jail.conf is refused with its finding printed; the fixed one is committed. */
function refusesThenPasses({ repo, sh }: ReturnType<typeof setUp>) {
  writeFileSync(join(repo, "etc/jail.conf"), hazard);
  sh("git", ["add", "."]);
  const refused = sh("git", ["commit", "-qm", "hazard"]);
  expect(refused.status, refused.stdout + refused.stderr).not.toBe(0);
  expect(refused.stdout + refused.stderr).toContain("JL106");
  expect(refused.stdout + refused.stderr).toContain("devfs_ruleset = 0 with mount.devfs");
  writeFileSync(join(repo, "etc/jail.conf"), clean);
  sh("git", ["add", "."]);
  const passed = sh("git", ["commit", "-qm", "clean"]);
  expect(passed.status, passed.stdout + passed.stderr).toBe(0);
  expect(sh("git", ["log", "--format=%s"]).stdout).toBe("clean\n");
}

describe("pre-commit hook jaillint (language: node)", () => {
  it.skipIf(!havePreCommit)(
    "installs itself from the clone with no jaillint on PATH, refuses a hazardous commit and lets a clean one pass",
    () => {
      const path = pathWithoutJaillint();
      const setup = setUp("jaillint", path);
      expect(spawnSync("sh", ["-c", "command -v jaillint"], { env: { PATH: path } }).status).not.toBe(0);
      refusesThenPasses(setup);
    },
    300_000,
  );

  it("the root package (what the hook installs) has the CLI's version and runs the committed bundles", () => {
    const root = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as Record<string, unknown>;
    const cli = JSON.parse(readFileSync(join(repoRoot, "packages/cli/package.json"), "utf8")) as Record<string, unknown>;
    expect(root.version).toBe(cli.version);
    expect(root.bin).toEqual({ jaillint: "./packages/cli/bin/jaillint.js", "jaillint-lsp": "./packages/cli/bin/jaillint-lsp.js" });
    expect(root.dependencies).toBeUndefined();
  });
});

describe("pre-commit hook jaillint-system (language: system)", () => {
  it.skipIf(!havePreCommit)(
    "runs the jaillint on PATH: refuses a hazardous commit and lets a clean one pass",
    () => {
      // The jaillint on PATH: here, the CLI built from this checkout.
      const bin = join(scratch(), "bin");
      mkdirSync(bin);
      writeFileSync(join(bin, "jaillint"), `#!/bin/sh\nexec "${process.execPath}" "${cliBin}" "$@"\n`);
      chmodSync(join(bin, "jaillint"), 0o755);
      refusesThenPasses(setUp("jaillint-system", `${bin}${delimiter}${dirname(process.execPath)}${delimiter}${pathWithoutJaillint()}`));
    },
    180_000,
  );
});
