// The npm package of the CLI as a user meets it: `npm pack` of packages/cli, `npm install -g` of the tarball into
// a scratch prefix (offline: the package has no dependencies to fetch), then its two bins, jaillint on a fixture
// host and jaillint-lsp (and `jaillint lsp`) over LSP initialize and a first lint; and `npx` of the tarball.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { jaillint, scratch } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";
import { LspClient, uriOf } from "./support/lsp-client.js";

const cliDir = join(repoRoot, "packages/cli");
const host = join(repoRoot, "fixtures/example-host");
const version = (JSON.parse(readFileSync(join(cliDir, "package.json"), "utf8")) as { version: string }).version;

let tmp = "";
let tarball = "";
let prefix = "";
/** npm with a cache of its own, offline, quiet. */
const npm = (args: readonly string[], cwd: string) =>
  spawnSync("npm", [...args, "--offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, npm_config_cache: join(tmp, "npm-cache"), npm_config_update_notifier: "false" },
  });

beforeAll(() => {
  tmp = scratch();
  const packed = npm(["pack", "--pack-destination", tmp], cliDir);
  expect(packed.status, packed.stderr).toBe(0);
  tarball = join(tmp, `jaillint-${version}.tgz`);
  prefix = join(tmp, "prefix");
  const installed = npm(["install", "--global", "--prefix", prefix, tarball], tmp);
  expect(installed.status, installed.stderr).toBe(0);
}, 120_000);

describe("npm pack of packages/cli", () => {
  it("holds the bins, both bundles, the man page and the completions, and depends on nothing", () => {
    const list = spawnSync("tar", ["-tzf", tarball], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).sort();
    expect(list).toEqual(
      [
        "package/bin/jaillint-lsp.js",
        "package/bin/jaillint.js",
        "package/bin/load-bundle.js",
        "package/bin/package.json",
        "package/bin/start-lsp.js",
        "package/completions/_jaillint",
        "package/completions/jaillint.bash",
        "package/completions/jaillint.fish",
        "package/dist/jaillint-lsp.mjs",
        "package/dist/jaillint.cjs",
        "package/dist/jaillint.cjs.cache",
        "package/dist/jaillint.mjs",
        "package/man/jaillint.1",
        "package/package.json",
      ].sort(),
    );
    const manifest = JSON.parse(spawnSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }).stdout) as Record<
      string,
      unknown
    >;
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.bin).toEqual({ jaillint: "./bin/jaillint.js", "jaillint-lsp": "./bin/jaillint-lsp.js" });
  });

  it("installs with npm install -g: nothing but the package itself and its man page land in the prefix", () => {
    expect(readdirSync(join(prefix, "bin")).sort()).toEqual(["jaillint", "jaillint-lsp"]);
    // npm links the man page (package.json "man") where man(1) finds it under the prefix.
    expect(readFileSync(join(prefix, "share/man/man1/jaillint.1"), "utf8")).toBe(readFileSync(join(cliDir, "man/jaillint.1"), "utf8"));
    expect(readdirSync(join(prefix, "lib/node_modules"))).toEqual(["jaillint"]);
    expect(readdirSync(join(prefix, "lib/node_modules/jaillint")).sort()).toEqual(["bin", "completions", "dist", "man", "package.json"]);
  });
});

describe("the installed jaillint", () => {
  const installed = (args: readonly string[]) =>
    spawnSync(join(prefix, "bin/jaillint"), args, { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

  it("prints its version and lints a host as the CLI in this checkout does", () => {
    expect(installed(["--version"])).toMatchObject({ status: 0, stdout: `${version}\n`, stderr: "" });
    const expected = jaillint([host, "-f", "json"]);
    const got = installed([host, "-f", "json"]);
    expect(got.status).toBe(1);
    expect(got.stderr).toBe("");
    expect(got.stdout).toBe(expected.stdout);
    expect(JSON.parse(got.stdout).diagnostics.map((d: { code: string }) => d.code)).toContain("JL106");
  });

  it("says a bad option in one line with status 2", () => {
    const r = installed(["--formt", "json"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^jaillint: unknown option '--formt'\n\(Did you mean --format\?\)\n$/);
  });
});

describe("the installed language server", { timeout: 60_000 }, () => {
  for (const [name, args] of [
    ["jaillint-lsp --stdio", ["lib/node_modules/jaillint/bin/jaillint-lsp.js", "--stdio"]],
    ["jaillint lsp --stdio", ["lib/node_modules/jaillint/bin/jaillint.js", "lsp", "--stdio"]],
  ] as const) {
    it(`${name} answers initialize and lints an opened jail.conf`, async () => {
      const c = new LspClient([join(prefix, args[0]), ...args.slice(1)], { cwd: tmp });
      const init = (await c.initialize(join(host, "etc"))) as { serverInfo: unknown; capabilities: Record<string, unknown> };
      expect(init.serverInfo).toEqual({ name: "jaillint", version });
      expect(init.capabilities.textDocumentSync).toEqual({ openClose: true, change: 2, save: { includeText: false } });
      const file = join(host, "etc/jail.conf");
      const uri = c.open(file, readFileSync(file, "utf8"));
      expect(uri).toBe(uriOf(file));
      const published = await c.diagnostics(uri);
      expect(published.diagnostics.map((d) => d.code)).toContain("JL106");
      expect(await c.stop()).toBe(0);
      expect(c.garbage).toBe("");
    });
  }
});

describe("npx of the package", () => {
  it("runs jaillint from the tarball", { timeout: 120_000 }, () => {
    const r = spawnSync("npx", ["--yes", "--offline", "--package", tarball, "--", "jaillint", join(host, "etc/jail.conf"), "-f", "json"], {
      cwd: tmp,
      encoding: "utf8",
      env: { ...process.env, npm_config_cache: join(tmp, "npm-cache"), NO_COLOR: "1" },
    });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toBe(jaillint([join(host, "etc/jail.conf"), "-f", "json"], tmp).stdout);
  });
});
