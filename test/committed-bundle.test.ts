// The two bundles are committed (packages/cli/dist/jaillint.cjs and jaillint-lsp.mjs): the repository root is an
// npm package whose bins run them, which pre-commit's `language: node` installs from a clone with no build. This
// checks that the committed bytes are what the build makes from the sources today: a rebuild into a scratch
// folder (`node scripts/bundle.mjs --out DIR`) is compared with what git holds (the index: what a commit takes).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scratch } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";

const BUNDLES = ["packages/cli/dist/jaillint.cjs", "packages/cli/dist/jaillint-lsp.mjs"];

/** The file as git's index holds it, or undefined outside a git work tree. */
function committed(path: string): Buffer | undefined {
  const r = spawnSync("git", ["-C", repoRoot, "show", `:${path}`], { maxBuffer: 64 * 1024 * 1024 });
  return r.status === 0 ? r.stdout : undefined;
}

const inGit = spawnSync("git", ["-C", repoRoot, "rev-parse", "--is-inside-work-tree"], { encoding: "utf8" }).stdout.trim() === "true";
if (!inGit) console.warn("NOTICE: not a git work tree: the rebuilt bundles are compared with the files on disk, not with git's.");

describe("the committed bundles", () => {
  it("are what scripts/bundle.mjs builds from the sources, byte for byte", { timeout: 120_000 }, () => {
    const out = scratch();
    const built = spawnSync(process.execPath, [join(repoRoot, "scripts/bundle.mjs"), "--out", out], { encoding: "utf8" });
    expect(built.status, built.stderr).toBe(0);
    for (const path of BUNDLES) {
      const fresh = readFileSync(join(out, path.split("/").at(-1) ?? ""));
      const held = inGit ? committed(path) : readFileSync(join(repoRoot, path));
      expect(held !== undefined && fresh.equals(held), `${path} is stale or not committed: run \`pnpm build\` and commit ${path}`).toBe(
        true,
      );
    }
  });

  it("name no path of the machine that built them", () => {
    for (const path of BUNDLES) {
      const text = readFileSync(join(repoRoot, path), "latin1");
      expect(text.includes(repoRoot), path).toBe(false);
    }
  });
});
