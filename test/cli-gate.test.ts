import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../packages/cli/dist/index.js";
import { capturingIo, cliBin, jaillint, scratch } from "./support/cli.js";

const WARN = "www {\n  securelevel = 3;\n  allow.raw_sockets;\n}\n";
const ERR = "www {\n  securelevel = 3;\n  devfs_ruleset = 0;\n  mount.devfs;\n}\n";

function dirWith(text: string): string {
  const d = scratch();
  writeFileSync(join(d, "jail.conf"), text);
  return d;
}

describe("CI gate: exit codes", () => {
  it("0 without findings at the threshold, 1 with, 2 on usage and I/O errors", () => {
    expect(jaillint(["jail.conf"], dirWith(WARN)).status).toBe(0);
    expect(jaillint(["jail.conf"], dirWith(ERR)).status).toBe(1);
    expect(jaillint(["missing.conf"], scratch()).status).toBe(2);
    expect(jaillint(["--format", "xml", "x"], scratch()).status).toBe(2);
  });
  it("--severity lowers the threshold, --max-warnings counts warnings", () => {
    expect(jaillint(["jail.conf", "--severity", "warning"], dirWith(WARN)).status).toBe(1);
    const r = jaillint(["jail.conf", "--max-warnings", "0"], dirWith(WARN));
    expect(r).toMatchObject({ status: 1, stderr: "jaillint: 1 warnings, more than --max-warnings 0\n" });
    expect(jaillint(["jail.conf", "--max-warnings", "1"], dirWith(WARN)).status).toBe(0);
  });
  it("--quiet reports errors only", () => {
    const both = `${WARN}${ERR.replace("www", "db")}`;
    const r = jaillint(["jail.conf", "--quiet", "-f", "gcc"], dirWith(both));
    expect(
      r.stdout
        .trim()
        .split("\n")
        .map((l) => l.replace(/: error: .*\[/, ": error: ["))
        .join("\n"),
    ).toBe("jail.conf:7:19: error: [JL106]");
    expect(r.status).toBe(1);
  });
  it("--quiet hides warnings but --max-warnings and --severity still count them", () => {
    const r = jaillint(["jail.conf", "--quiet", "--max-warnings", "0"], dirWith(WARN));
    expect(r).toMatchObject({ status: 1, stdout: "", stderr: "jaillint: 1 warnings, more than --max-warnings 0\n" });
    expect(jaillint(["jail.conf", "--quiet", "--severity", "warning"], dirWith(WARN)).status).toBe(1);
    expect(jaillint(["jail.conf", "--quiet"], dirWith(WARN))).toMatchObject({ status: 0, stdout: "" });
  });
  it("--stdin-filename into a config tree: its configuration applies and paths outside the text are not judged missing", () => {
    const d = scratch();
    mkdirSync(join(d, "tree/etc"), { recursive: true });
    writeFileSync(join(d, "tree/jaillint.config.json"), JSON.stringify({ rules: { JL104: "error" } }));
    const text = `${WARN}db {\n  securelevel = 3;\n  mount.fstab = "/etc/fstab.db";\n}\n`;
    const r = jaillint(["--stdin", "--stdin-filename", "tree/etc/jail.conf", "-f", "gcc"], d, text);
    expect(r.stdout).toMatch(/^tree\/etc\/jail\.conf:3:3: error: allow\.raw_sockets .*\[JL104\]\n$/);
    expect(r.status).toBe(1);
  });
  it("a broken pipe on standard output ends the run quietly, without a stack trace", () => {
    const d = dirWith(Array.from({ length: 3000 }, (_, i) => `j${i} { securelevel = 3; allow.raw_sockets; }\n`).join(""));
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${cliBin}" jail.conf -f json | head -c 10 >/dev/null`], {
      cwd: d,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
  });
  it("--stdin with --stdin-filename", () => {
    const r = jaillint(["--stdin", "--stdin-filename", "etc/jail.conf", "-f", "gcc"], scratch(), WARN);
    expect(r.stdout).toMatch(/^etc\/jail\.conf:3:3: warning: allow\.raw_sockets .*\[JL104\]\n$/);
  });
});

describe("rules and explain", () => {
  it("jaillint rules lists every rule", () => {
    const r = jaillint(["rules"], scratch());
    expect(r.stdout.split("\n")[0]).toMatch(/^CODE +NAME +SEVERITY +FIX$/);
    expect(r.stdout).toMatch(/^JL000 +suppression-problem +info$/m);
    expect(r.stdout).toMatch(/^JL101 +deprecated-allow-sysvipc +warning +fixable$/m);
  });
  it("jaillint explain prints what, why, example and fix", () => {
    const r = jaillint(["explain", "JL101"], scratch());
    for (const h of ["JL101 deprecated-allow-sysvipc", "What it finds", "Why it matters", "Example", "Fix"]) expect(r.stdout).toContain(h);
    expect(jaillint(["explain", "JL999"], scratch())).toMatchObject({
      status: 2,
      stderr: 'jaillint: unknown rule "JL999": run `jaillint rules` for the list\n',
    });
  });
});

describe("big trees", () => {
  const tree = (): string => {
    const d = scratch();
    mkdirSync(join(d, "etc/jail.conf.d"), { recursive: true });
    writeFileSync(join(d, "etc/jail.conf"), "securelevel = 3;\n");
    for (let i = 0; i < 120; i++) writeFileSync(join(d, `etc/jail.conf.d/j${i}.conf`), `j${i} { securelevel = 3; }\n`);
    return d;
  };
  const io = (cwd: string, stderrIsTTY: boolean) => capturingIo(cwd, { stderrIsTTY });
  it("shows progress on a terminal's stderr, never in machine formats or off a terminal", async () => {
    const d = tree();
    const tty = io(d, true);
    expect(await run(["."], tty.io)).toBe(0);
    expect(tty.out.stderr).toContain("jaillint: read 121/121 files");
    expect(tty.out.stderr.endsWith("\r\x1b[2K")).toBe(true);
    const json = io(d, true);
    await run([".", "-f", "json"], json.io);
    expect(json.out.stderr).toBe("");
    const pipe = io(d, false);
    await run(["."], pipe.io);
    expect(pipe.out.stderr).toBe("");
  });
});
