// Structural guards for start-up cost (issue 9), not timing tests: `jaillint --version` answers without loading
// the bundle; a run loads the bundle with the V8 code cache the build made for it, and falls back to compiling it
// when the cache is missing, belongs to another build or is rejected by V8, with the same output; a run with no
// pf.conf never evaluates the pf front end. JAILLINT_DEBUG_START=1 makes the bin report what start-up did.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "../packages/cli/src/main.js";
import { capturingIo, cliBin, scratch } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";

const cli = join(repoRoot, "packages/cli");
const etc = join(repoRoot, "fixtures/hosts/recommended/etc");

interface StartInfo {
  bundle: string;
  cache?: string;
  lazyModules?: string[];
}

/** `node BIN ARGS` as a user runs it: no NODE_OPTIONS (V8 accepts a code cache only under the flags it was made with). */
function start(bin: string, args: readonly string[], execArgv: readonly string[] = []) {
  const { NODE_OPTIONS: _no, CI: _ci, FORCE_COLOR: _fc, ...env } = process.env;
  const r = spawnSync(process.execPath, [...execArgv, bin, ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    input: "",
    env: { ...env, NO_COLOR: "1", JAILLINT_DEBUG_START: "1" },
  });
  const lines = r.stderr.split("\n");
  const infoLine = lines.findIndex((l) => l.startsWith("jaillint start: "));
  expect(infoLine, r.stderr).toBeGreaterThanOrEqual(0);
  const info = JSON.parse(lines[infoLine]?.slice("jaillint start: ".length) ?? "") as StartInfo;
  lines.splice(infoLine, 1);
  return { status: r.status, stdout: r.stdout, stderr: lines.join("\n"), info };
}

/** A copy of packages/cli with bin/, package.json and, unless `withBundle` is false, the bundle and its cache. */
function copyCli(withBundle = true): { bin: string; cache: string } {
  const dir = join(scratch(), "cli");
  cpSync(join(cli, "bin"), join(dir, "bin"), { recursive: true });
  cpSync(join(cli, "package.json"), join(dir, "package.json"));
  if (withBundle) {
    mkdirSync(join(dir, "dist"));
    for (const f of ["jaillint.cjs", "jaillint.cjs.map", "jaillint.cjs.cache"]) cpSync(join(cli, "dist", f), join(dir, "dist", f));
  }
  return { bin: join(dir, "bin/jaillint.js"), cache: join(dir, "dist/jaillint.cjs.cache") };
}

async function runVersion(): Promise<string> {
  const { io, out } = capturingIo(repoRoot, { env: {} });
  expect(await run(["--version"], io)).toBe(0);
  return out.stdout;
}

describe("jaillint --version", () => {
  it("prints what the CLI's --version prints, without loading the bundle", async () => {
    const expected = await runVersion();
    expect(expected).toMatch(/^\d+\.\d+\.\d+\n$/);
    for (const flag of ["--version", "-V"]) {
      expect(start(cliBin, [flag])).toEqual({ status: 0, stdout: expected, stderr: "", info: { bundle: "not loaded" } });
    }
  });

  it("answers from a copy of the package with no bundle at all; anything else says the bundle is missing", async () => {
    const { bin } = copyCli(false);
    expect(start(bin, ["--version"])).toMatchObject({ status: 0, stdout: await runVersion(), stderr: "" });
    const help = start(bin, ["--help"]);
    expect(help.status).toBe(2);
    expect(help.stdout).toBe("");
    expect(help.stderr).toBe(`jaillint: ${join(bin, "../../dist/jaillint.cjs")} is missing: build it with \`pnpm run build\`\n`);
  });
});

describe("the bundle's code cache", { timeout: 60_000 }, () => {
  const args = [etc, "-f", "json"];

  it("is accepted by V8 in a plain node", () => {
    const r = start(cliBin, args);
    expect(r.info).toEqual({ bundle: "loaded", cache: "accepted", lazyModules: ["pf"] });
    expect(r.stdout).toContain('"diagnostics"');
  });

  it("is ignored when missing, made for another build or rejected by V8: the output stays the same", () => {
    const expected = start(cliBin, args);
    const { bin, cache } = copyCli();
    expect(start(bin, args)).toEqual(expected);

    const good = readFileSync(cache);
    const otherBuild = Buffer.from(good);
    // The header names the build (`jaillint code cache <16 hex digits>`): another digit is another build.
    otherBuild[20] = otherBuild[20] === 0x30 ? 0x31 : 0x30;
    writeFileSync(cache, otherBuild);
    expect(start(bin, args)).toEqual({ ...expected, info: { ...expected.info, cache: "stale: made for another build of the bundle" } });

    const foreign = Buffer.from(good);
    foreign.fill(0xff, 40, 48); // V8's own header (its magic number first) no longer matches
    writeFileSync(cache, foreign);
    expect(start(bin, args)).toEqual({ ...expected, info: { ...expected.info, cache: "rejected by V8" } });

    rmSync(cache);
    expect(start(bin, args)).toEqual({ ...expected, info: { ...expected.info, cache: "absent" } });
  });

  it("is not used under --enable-source-maps, so that stack traces map to the sources", () => {
    const expected = start(cliBin, args);
    expect(start(cliBin, args, ["--enable-source-maps"])).toEqual({
      ...expected,
      info: { ...expected.info, cache: "unused: source maps are enabled" },
    });
    // Node's loader registered the bundle's source map, whose sources are the TypeScript files.
    const loader = join(cli, "bin/load-bundle.js");
    const probe = spawnSync(
      process.execPath,
      [
        "--enable-source-maps",
        "-e",
        `const l = require(${JSON.stringify(loader)}); l.loadBundle();
         const map = require("node:module").findSourceMap(l.BUNDLE);
         console.log(JSON.stringify(map?.payload.sources.filter((s) => s.endsWith("packages/cli/src/main.ts"))));`,
      ],
      { encoding: "utf8" },
    );
    expect(probe.stderr).toBe("");
    expect(JSON.parse(probe.stdout)).toEqual([pathToFileURL(join(cli, "src/main.ts")).href]);
  });
});

describe("the pf front end", { timeout: 60_000 }, () => {
  it("is evaluated only by a run that reads a pf.conf", () => {
    const lazy = (target: string): string[] | undefined => start(cliBin, [target, "-f", "json"]).info.lazyModules;
    expect(lazy(join(etc, "jail.conf"))).toEqual([]);
    expect(lazy(join(etc, "rc.conf"))).toEqual([]);
    expect(lazy(join(etc, "pf.conf"))).toEqual(["pf"]);
    expect(lazy(etc)).toEqual(["pf"]);
  });
});
