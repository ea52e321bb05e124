import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { capturingIo, cliBin, jaillint, scratch } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";

/** The CLI bundle run in this process (the same code the bin runs), for the many-run checks below. */
async function runInProcess(args: readonly string[], cwd: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const { run } = (await import(pathToFileURL(join(cliBin, "../../dist/jaillint.mjs")).href)) as {
    run: (argv: readonly string[], io: unknown) => Promise<number>;
  };
  const { io, out } = capturingIo(cwd);
  const status = await run(args, io);
  return { status, ...out };
}

const treeText = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, "latin1");
    }
  };
  walk(dir);
  return out;
};

describe("--fix settles and never edits a file it cannot read right", () => {
  it("an rc.conf with an unclosed quote gets no pf_enable line, on any run", () => {
    const dir = scratch("hosts/pf-disabled");
    const rc = 'ifconfig_em0="inet 203.0.113.2/24"\ncloned_interfaces="lo1"\njail_enable="YES"\nx="unclosed\n';
    writeFileSync(join(dir, "etc/rc.conf"), rc);
    for (let i = 0; i < 2; i++) {
      const r = jaillint([".", "--fix", "--unsafe-fixes", "-f", "gcc"], dir);
      expect(r.stderr).toBe(
        "jaillint: etc/rc.conf: 1 fix not applied: the file has a syntax error (JL001); correct it, then run jaillint --fix again\n",
      );
      expect(r.stdout).toContain('etc/rc.conf:4:3: error: unterminated string: the " quote is never closed [JL001]');
      expect(r.stdout).toContain("[JL303]");
      expect(r.status).toBe(1);
      expect(readFileSync(join(dir, "etc/rc.conf"), "utf8")).toBe(rc);
    }
    // The JSON report offers no fix there either (what an editor would show as a quick fix).
    const json = JSON.parse(jaillint([".", "-f", "json"], dir).stdout) as { diagnostics: { code: string; fix?: unknown }[] };
    expect(json.diagnostics.find((d) => d.code === "JL303")).not.toHaveProperty("fix");
  });

  it("once the quote is closed, the fix applies, and a second run changes nothing", () => {
    const dir = scratch("hosts/pf-disabled");
    writeFileSync(join(dir, "etc/rc.conf"), 'jail_enable="YES"\nx="closed"\n');
    expect(jaillint([".", "--fix", "--unsafe-fixes", "-f", "gcc"], dir).stderr).toBe("jaillint: applied 1 fix in 1 file\n");
    expect(readFileSync(join(dir, "etc/rc.conf"), "utf8")).toBe('jail_enable="YES"\nx="closed"\npf_enable="YES"\n');
    expect(jaillint([".", "--fix", "--unsafe-fixes"], dir).stderr).toBe("");
  });

  // Inputs on which fixes computed from the parser's error recovery (a jail "pg.x" made up of `x${a {`) used to
  // break the file further; those fixes were undone with "please report this". They are no longer offered.
  it.each([
    // The broken line's own allow.sysvipc gives no finding (a statement that did not parse is judged by JL001 alone).
    ["db {\n    allow.sysvipc;\n    persist;\n}\npg {\n   x${a { allow.sysvipc = 1;;\n}\n", 4],
    [";;\nww;w { ;; persist=;; }\n;x${a {\n", 2],
    ['www {\n    host.x${a {hostname = "www.example.org"\n    path = "/jails/www";\n    exec.start = "/bin/sh /etc/rc;\n}\n', 2],
  ])("mutated input %j: no fix offered, no refusal, nothing written", (text, count) => {
    const dir = scratch();
    writeFileSync(join(dir, "jail.conf"), text);
    const r = jaillint(["jail.conf", "--fix", "--unsafe-fixes", "-f", "gcc"], dir);
    expect(r.stderr).toBe(
      `jaillint: jail.conf: ${count} fixes not applied: the file has a syntax error (JL001); correct it, then run jaillint --fix again\n`,
    );
    expect(readFileSync(join(dir, "jail.conf"), "utf8")).toBe(text);
    // --fix-dry-run's status says whether there is a diff to apply: there is none.
    expect(jaillint(["jail.conf", "--fix-dry-run", "--unsafe-fixes"], dir)).toMatchObject({ stdout: "", status: 0 });
  });

  it("fix twice == fix once, with no refusal, on every fixture and seeded mutations of them", async () => {
    const sources: { name: string; text: string }[] = [];
    const walk = (d: string): void => {
      for (const n of readdirSync(d).sort()) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (n.endsWith(".conf")) sources.push({ name: n, text: readFileSync(p, "utf8") });
      }
    };
    walk(join(repoRoot, "fixtures"));
    expect(sources.length).toBeGreaterThan(30);
    const snippets = ["x${a {", "{", "}", ";", '"', "'", "allow.sysvipc;", "sysvshm = inherit;", "securelevel = 1;", "\n", "#", "$"];
    let seed = 14;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const kindOf = (name: string): string => (name.includes("pf") ? "pf" : name.includes("rc") ? "rc" : "jail");
    let fixedSomething = 0;
    for (const source of sources) {
      for (let m = 0; m < 2; m++) {
        let text = source.text;
        if (m > 0)
          for (let k = 0; k <= next(3); k++) {
            const at = next(text.length + 1);
            text = text.slice(0, at) + (snippets[next(snippets.length)] as string) + text.slice(at);
          }
        const dir = scratch();
        const file = `${kindOf(source.name)}.conf`;
        writeFileSync(join(dir, file), text);
        const once = await runInProcess([file, "--fix", "--unsafe-fixes", "-f", "json"], dir);
        expect(once.stderr, `${source.name} #${m}: ${JSON.stringify(text)}`).not.toMatch(/please report|internal error/);
        const afterOnce = treeText(dir);
        if (afterOnce[file] !== text) fixedSomething++;
        const twice = await runInProcess([file, "--fix", "--unsafe-fixes", "-f", "json"], dir);
        expect(twice.stderr, `${source.name} #${m}: ${JSON.stringify(text)}`).not.toMatch(/jaillint: applied|please report/);
        expect(treeText(dir), `${source.name} #${m}: ${JSON.stringify(text)}`).toEqual(afterOnce);
      }
    }
    // The check means something only if fixes did apply on some inputs.
    expect(fixedSomething).toBeGreaterThan(5);
  }, 180_000);

  it("a tree whose files all get fixes settles in one run", () => {
    const dir = scratch();
    cpSync(join(repoRoot, "fixtures/hosts/pf-disabled"), dir, { recursive: true });
    jaillint([".", "--fix", "--unsafe-fixes"], dir);
    const once = treeText(dir);
    expect(jaillint([".", "--fix", "--unsafe-fixes"], dir).stderr).toBe("");
    expect(treeText(dir)).toEqual(once);
  });
});

describe("a file that is not UTF-8", () => {
  // "# café" in ISO-8859-1: é is the single byte 0xE9.
  const latin1 = Buffer.concat([
    Buffer.from("db {\n  # caf"),
    Buffer.of(0xe9),
    Buffer.from(" cr"),
    Buffer.of(0xe8),
    Buffer.from("me\n  securelevel = 3;\n  sysvshm = inherit;\n}\n"),
  ]);

  it("is reported once, at the first invalid byte, and --fix leaves every byte as it was", () => {
    const dir = scratch();
    writeFileSync(join(dir, "jail.conf"), latin1);
    const r = jaillint(["jail.conf", "--fix", "-f", "gcc"], dir);
    expect(r.stderr).toBe(
      "jaillint: jail.conf: 1 fix not applied: the file is not valid UTF-8 (JL001); convert it to UTF-8, then run jaillint --fix again\n",
    );
    expect(r.stdout.split("\n").filter((l) => l.includes("[JL001]"))).toEqual([
      "jail.conf:2:8: warning: byte 0xE9 is not valid UTF-8 (and 1 more invalid sequence in this file): jaillint reads configuration files as UTF-8 or ASCII, so it does not fix this file; convert it to UTF-8 (e.g. iconv -f ISO-8859-1 -t UTF-8) or remove the byte [JL001]",
    ]);
    expect(r.stdout).toContain("[JL102]");
    expect(readFileSync(join(dir, "jail.conf")).equals(latin1)).toBe(true);
    expect(jaillint(["jail.conf", "--fix-dry-run"], dir).stdout).toBe("");
  });

  it("once converted to UTF-8, it is fixed as any other", () => {
    const dir = scratch();
    writeFileSync(join(dir, "jail.conf"), Buffer.from(latin1.toString("latin1"), "utf8"));
    const r = jaillint(["jail.conf", "--fix", "-f", "gcc"], dir);
    expect(r).toMatchObject({ status: 0, stdout: "", stderr: "jaillint: applied 1 fix in 1 file\n" });
    expect(readFileSync(join(dir, "jail.conf"), "utf8")).toBe("db {\n  # café crème\n  securelevel = 3;\n  sysvshm = new;\n}\n");
  });
});

describe("--fix-dry-run on a large file", () => {
  it("prints the two hunks of a 30,000-line jail.conf exactly", () => {
    const dir = scratch();
    const comments = Array.from({ length: 29_990 }, (_, i) => `# comment ${i}`);
    const text = `${["db {", "  securelevel = 3;", "  sysvshm = inherit;", "}", ...comments, "mail {", "  securelevel = 3;", "  sysvshm = inherit;", "}"].join("\n")}\n`;
    writeFileSync(join(dir, "jail.conf"), text);
    const r = jaillint(["jail.conf", "--fix-dry-run"], dir);
    expect(r.stdout).toBe(
      [
        "--- a/jail.conf",
        "+++ b/jail.conf",
        "@@ -1,6 +1,6 @@",
        " db {",
        "   securelevel = 3;",
        "-  sysvshm = inherit;",
        "+  sysvshm = new;",
        " }",
        " # comment 0",
        " # comment 1",
        "@@ -29994,5 +29994,5 @@",
        " # comment 29989",
        " mail {",
        "   securelevel = 3;",
        "-  sysvshm = inherit;",
        "+  sysvshm = new;",
        " }",
        "",
      ].join("\n"),
    );
    expect(r.status).toBe(1);
  });
});

describe("temporary files a killed --fix left behind", () => {
  it("are removed by the next --fix in that directory; a live process's are kept", () => {
    const dir = scratch();
    writeFileSync(join(dir, "jail.conf"), "db {\n  securelevel = 3;\n  sysvshm = inherit;\n}\n");
    const dead = spawnSync(process.execPath, ["-e", ""]).pid as number;
    const stale = `.jail.conf.jaillint-${dead}-lq2x.tmp`;
    const live = `.jail.conf.jaillint-${process.pid}-lq2x.tmp`;
    writeFileSync(join(dir, stale), "db {\n  secur");
    writeFileSync(join(dir, live), "db {\n  secur");
    const r = jaillint(["jail.conf", "--fix"], dir);
    expect(r).toMatchObject({ status: 0, stderr: "jaillint: applied 1 fix in 1 file\n" });
    expect(readdirSync(dir).sort()).toEqual([live, "jail.conf"].sort());
  });
});
