import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliBin, scratch } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";

const havePreCommit = spawnSync("pre-commit", ["--version"], { encoding: "utf8" }).status === 0;
if (!havePreCommit)
  console.warn("NOTICE: the pre-commit program is absent (Debian package pre-commit); the pre-commit hook test is skipped.");

describe("pre-commit hook", () => {
  it.skipIf(!havePreCommit)(
    "refuses a commit with a hazardous jail.conf and lets a clean one pass",
    () => {
      const tmp = scratch();
      // The hook repository: a clone of this one at its current commit (offline: a local path).
      const hooks = join(tmp, "hooks");
      const rev = spawnSync("git", ["-C", repoRoot, "rev-parse", "HEAD"], { encoding: "utf8" }).stdout.trim();
      expect(spawnSync("git", ["clone", "-q", repoRoot, hooks]).status).toBe(0);
      // language: system runs the jaillint on PATH: here, the CLI built from this checkout.
      const bin = join(tmp, "bin");
      mkdirSync(bin);
      writeFileSync(join(bin, "jaillint"), `#!/bin/sh\nexec "${process.execPath}" "${cliBin}" "$@"\n`);
      chmodSync(join(bin, "jaillint"), 0o755);
      const repo = join(tmp, "config");
      mkdirSync(join(repo, "etc"), { recursive: true });
      const env = {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
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
        `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: jaillint\n`,
      );
      expect(sh("pre-commit", ["install"]).status).toBe(0);
      writeFileSync(join(repo, "etc/jail.conf"), "build {\n  securelevel = 3;\n  mount.devfs;\n  devfs_ruleset = 0;\n}\n");
      sh("git", ["add", "."]);
      const refused = sh("git", ["commit", "-qm", "hazard"]);
      expect(refused.status, refused.stdout + refused.stderr).not.toBe(0);
      expect(refused.stdout + refused.stderr).toContain("JL106");
      writeFileSync(join(repo, "etc/jail.conf"), "build {\n  securelevel = 3;\n  mount.devfs;\n  devfs_ruleset = 4;\n}\n");
      sh("git", ["add", "."]);
      const passed = sh("git", ["commit", "-qm", "clean"]);
      expect(passed.status, passed.stdout + passed.stderr).toBe(0);
    },
    180_000,
  );
});
