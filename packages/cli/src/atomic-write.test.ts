import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeStaleTemps, writeFileAtomic } from "./atomic-write.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const scratch = (): string => {
  const d = mkdtempSync(join(tmpdir(), "jaillint-atomic-"));
  dirs.push(d);
  return d;
};

/** A process id that is not running: a child that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ["-e", ""]).pid as number;

describe("writeFileAtomic", () => {
  it("writes when the file holds what was linted, and leaves it when it does not", () => {
    const path = join(scratch(), "jail.conf");
    writeFileSync(path, "a;\n");
    expect(writeFileAtomic(path, "b;\n", "a;\n")).toBe("written");
    expect(readFileSync(path, "utf8")).toBe("b;\n");
    expect(writeFileAtomic(path, "c;\n", "a;\n")).toBe("changed-on-disk");
    expect(readFileSync(path, "utf8")).toBe("b;\n");
  });

  it("never loses an edit a concurrent writer appends while it fixes (bounded race, in-place writer)", async () => {
    const dir = scratch();
    const path = join(dir, "jail.conf");
    writeFileSync(path, "base;\n");
    const edits = 300;
    // The writer appends numbered lines as fast as it can, with short random pauses, while we rewrite the file.
    const writer = spawn(
      process.execPath,
      [
        "-e",
        `const fs = require("node:fs");
         for (let i = 0; i < ${edits}; i++) {
           fs.appendFileSync(process.argv[1], "edit " + i + ";\\n");
           const until = Date.now() + Math.random() * 3;
           while (Date.now() < until) {}
         }`,
        path,
      ],
      { stdio: "ignore" },
    );
    const done = new Promise<void>((resolve) => writer.on("exit", () => resolve()));
    let exited = false;
    void done.then(() => {
      exited = true;
    });
    const outcomes = new Map<string, number>();
    for (let fix = 0; !exited && fix < 5000; fix++) {
      const current = readFileSync(path, "utf8");
      const outcome = writeFileAtomic(path, `${current}fix ${fix};\n`, current);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      if (fix % 20 === 0) await new Promise((r) => setImmediate(r));
    }
    await done;
    const text = readFileSync(path, "utf8");
    // An edit that raced the rename is put back, or, when the file was edited again meanwhile, kept beside it.
    const saved = readdirSync(dir).filter((n) => n.startsWith("jail.conf.jaillint-saved-"));
    const kept = [text, ...saved.map((n) => readFileSync(join(dir, n), "utf8"))].join("").split("\n");
    const missing = Array.from({ length: edits }, (_, i) => `edit ${i};`).filter((l) => !kept.includes(l));
    expect(missing).toEqual([]);
    expect(text.startsWith("base;\n")).toBe(true);
    // The race did happen: some writes went through and some were refused.
    expect(outcomes.get("written") ?? 0).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  }, 60_000);
});

describe("removeStaleTemps", () => {
  it("removes temporary files of ours whose process is gone, or that are over an hour old; keeps the rest", () => {
    const dir = scratch();
    const target = join(dir, "jail.conf");
    writeFileSync(target, "a;\n");
    const dead = `.jail.conf.jaillint-${deadPid()}-abc.tmp`;
    const live = `.jail.conf.jaillint-${process.ppid}-abc.tmp`;
    const old = `.jail.conf.jaillint-${process.ppid}-old.tmp`;
    const other = `.rc.conf.jaillint-${deadPid()}-abc.tmp`;
    const unrelated = ".jail.conf.swp";
    for (const n of [dead, live, old, other, unrelated]) writeFileSync(join(dir, n), "partial");
    const twoHoursAgo = (Date.now() - 2 * 60 * 60 * 1000) / 1000;
    utimesSync(join(dir, old), twoHoursAgo, twoHoursAgo);
    expect(removeStaleTemps(target).sort()).toEqual([dead, old].sort());
    expect(readdirSync(dir).sort()).toEqual([live, other, unrelated, "jail.conf"].sort());
  });

  it("runs before each write, so a run after a kill -9 cleans up", () => {
    const dir = scratch();
    const target = join(dir, "jail.conf");
    writeFileSync(target, "a;\n");
    const stale = `.jail.conf.jaillint-${deadPid()}-zz.tmp`;
    writeFileSync(join(dir, stale), "half a fi");
    expect(writeFileAtomic(target, "b;\n", "a;\n")).toBe("written");
    expect(readdirSync(dir)).toEqual(["jail.conf"]);
  });
});
