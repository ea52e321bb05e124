import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigRoots, workTreeTop } from "./config-root.js";
import { DiskHost } from "./disk-host.js";
import { MemoryBudget } from "./memory-budget.js";
import { readRegularFile } from "./read-file.js";

const base = realpathSync(mkdtempSync(join(tmpdir(), "jaillint-unit-")));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => {
  const d = join(base, String(n++));
  mkdirSync(d);
  return d;
};

describe("ConfigRoots", () => {
  it("contains a root and what is below it, not a sibling that shares its name's prefix", () => {
    const roots = new ConfigRoots(["/srv/repo"], false);
    expect(roots.contains("/srv/repo")).toBe(true);
    expect(roots.contains("/srv/repo/etc/jail.conf")).toBe(true);
    expect(roots.contains("/srv/repo-secrets/key")).toBe(false);
    expect(roots.contains("/srv")).toBe(false);
    expect(new ConfigRoots(["/"], false).contains("/anything/at/all")).toBe(true);
  });

  it("judges a path that does not exist by where its existing part leads", () => {
    const d = fresh();
    mkdirSync(join(d, "root"));
    mkdirSync(join(d, "out"));
    symlinkSync(join(d, "out"), join(d, "root/up"));
    const roots = new ConfigRoots([join(d, "root")], false);
    expect(roots.refuseRead(join(d, "root/missing.conf"))).toBeUndefined();
    expect(roots.refuseRead(join(d, "root/up/missing.conf"))).toBe(
      `outside the config root ${join(d, "root")} (a symbolic link to ${join(d, "out/missing.conf")}); jaillint reads only inside it unless --allow-outside-root is given`,
    );
    expect(new ConfigRoots([join(d, "root")], true).refuseRead(join(d, "out/x"))).toBeUndefined();
    expect(new ConfigRoots([join(d, "root")], true).refuseWrite(join(d, "out/x"))).toMatch(/^outside the config root /);
  });
});

describe("workTreeTop", () => {
  it("is the nearest directory up holding .git, a directory or a file; / outside any", () => {
    const d = fresh();
    mkdirSync(join(d, "a/b/c"), { recursive: true });
    // The system's temporary folder is in no work tree.
    expect(workTreeTop(join(d, "a/b/c"))).toBe("/");
    writeFileSync(join(d, "a/.git"), "gitdir: elsewhere\n");
    expect(workTreeTop(join(d, "a/b/c"))).toBe(join(d, "a"));
    mkdirSync(join(d, "a/b/.git"));
    expect(workTreeTop(join(d, "a/b/c"))).toBe(join(d, "a/b"));
  });
});

describe("readRegularFile", () => {
  it("opens a FIFO without waiting for a writer and refuses it", () => {
    const d = fresh();
    expect(spawnSync("mkfifo", [join(d, "p")]).status).toBe(0);
    expect(readRegularFile(join(d, "p"), 1024)).toEqual({ ok: false, reason: "unreadable", detail: "not a regular file (a FIFO)" });
  });

  it("reads up to the limit and refuses one byte more", () => {
    const d = fresh();
    writeFileSync(join(d, "f"), "x".repeat(1024));
    expect(readRegularFile(join(d, "f"), 1024)).toMatchObject({ ok: true });
    expect(readRegularFile(join(d, "f"), 1023)).toEqual({
      ok: false,
      reason: "unreadable",
      detail: "is 1 KB, over the 1023 bytes limit (--max-file-size)",
    });
  });
});

describe("MemoryBudget", () => {
  it("reserves what fits and refuses the file that would not, saying how to raise the limit", () => {
    const budget = new MemoryBudget(100, 1e12);
    expect(budget.reserve(1e6)).toBeUndefined();
    const tight = new MemoryBudget(100, 1);
    expect(tight.reserve(2_000_000)).toMatch(
      /^is 2 MB: linting it needs about 200 MB of memory, more than this Node\.js process may use \(1 MiB of heap\): raise the limit with NODE_OPTIONS=--max-old-space-size=\d+, or split the file$/,
    );
  });
});

describe("DiskHost.refuseWrite", () => {
  it("refuses a file that was never read, and one whose link was swapped after it was read", () => {
    const d = fresh();
    mkdirSync(join(d, "etc"));
    writeFileSync(join(d, "etc/a.conf"), "a {}\n");
    writeFileSync(join(d, "etc/b.conf"), "b {}\n");
    symlinkSync("a.conf", join(d, "etc/jail.conf"));
    const access = { roots: new ConfigRoots([d], false), maxFileSize: 1 << 20, memory: new MemoryBudget() };
    const host = new DiskHost(d, d, undefined, new Map(), true, access);
    expect(host.refuseWrite("/etc/jail.conf")).toBe("it was not read from the disk");
    expect(host.read("/etc/jail.conf")).toMatchObject({ ok: true, text: "a {}\n" });
    expect(host.refuseWrite("/etc/jail.conf")).toBeUndefined();
    unlinkSync(join(d, "etc/jail.conf"));
    symlinkSync("b.conf", join(d, "etc/jail.conf"));
    expect(host.refuseWrite("/etc/jail.conf")).toBe(
      `it now leads to ${join(d, "etc/b.conf")}, not to the file that was linted (${join(d, "etc/a.conf")})`,
    );
  });
});
