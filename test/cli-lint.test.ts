import { cpSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isControlChar } from "../packages/cli/src/formatters/terminal-safe.js";
import { jaillint, scratch } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

interface JsonDiag {
  code: string;
  rule: string;
  severity: string;
  message: string;
  file: string;
  range: { start: { line: number; column: number }; end: { line: number; column: number } };
}
const json = (stdout: string): JsonDiag[] => (JSON.parse(stdout) as { version: number; diagnostics: JsonDiag[] }).diagnostics;
const brief = (d: JsonDiag) => `${d.code} ${d.file}:${d.range.start.line}:${d.range.start.column}`;

describe("jaillint FILE / DIR", () => {
  it("lints the bundled example host tree and exits 1 on errors", () => {
    const r = jaillint(["--format", "json", "fixtures/example-host"]);
    expect(r.status).toBe(1);
    const codes = json(r.stdout).map(brief);
    expect(codes).toEqual(
      expect.arrayContaining([
        "JL108 fixtures/example-host/etc/fstab.build:2:1",
        "JL104 fixtures/example-host/etc/jail.conf:18:5",
        "JL101 fixtures/example-host/etc/jail.conf:24:5",
        "JL103 fixtures/example-host/etc/jail.conf:25:19",
        "JL105 fixtures/example-host/etc/jail.conf:33:22",
        "JL106 fixtures/example-host/etc/jail.conf:34:21",
        "JL107 fixtures/example-host/etc/jail.conf:38:11",
        "JL002 fixtures/example-host/etc/jail.conf:39:5",
        "JL102 fixtures/example-host/etc/jail.conf.d/mail.conf:8:15",
      ]),
    );
  });

  it("prints the JSON format exactly as specified, 1-based", () => {
    const dir = scratch();
    write(dir, { "jail.conf": "securelevel = 3;\nwww {\n  allow.sysvipc;\n}\n" });
    const r = jaillint(["--format", "json", "jail.conf"], dir);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      version: 1,
      diagnostics: [
        {
          code: "JL101",
          rule: "deprecated-allow-sysvipc",
          severity: "warning",
          message:
            '"allow.sysvipc" is deprecated and shares the host\'s System V IPC (messages, semaphores, shared memory) with jail "www" and every other such jail: use `sysvmsg = new; sysvsem = new; sysvshm = new;` for a private namespace',
          file: "jail.conf",
          range: { start: { line: 3, column: 3 }, end: { line: 3, column: 17 } },
          fix: {
            description: "replace with sysvmsg = new; sysvsem = new; sysvshm = new;",
            safety: "safe",
            edits: [
              {
                range: { start: { line: 3, column: 3 }, end: { line: 3, column: 17 } },
                newText: "sysvmsg = new; sysvsem = new; sysvshm = new;",
              },
            ],
          },
        },
      ],
    });
  });

  it("shows code, severity, line:col, message and a caret under the source line", () => {
    const dir = scratch();
    write(dir, { "jail.conf": "securelevel = 3;\nwww {\n  host.hostnme = x;\n}\n" });
    const r = jaillint(["jail.conf"], dir, undefined, { NO_COLOR: "1" });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      [
        "jail.conf",
        '  3:3     error   unknown parameter "host.hostnme": jail(8) fails with "unknown parameter"; did you mean "host.hostname"?  JL002 unknown-parameter [fix available: unsafe]',
        "  3 |   host.hostnme = x;",
        "    |   ^^^^^^^^^^^^",
        "",
        "✖ 1 problem (1 error, 0 warnings, 0 info)",
        "  Run `jaillint explain CODE` for what a rule checks and how to fix it.",
        "",
      ].join("\n"),
    );
  });

  it("colors only on request or on a terminal, and honours NO_COLOR", () => {
    const dir = scratch();
    write(dir, { "jail.conf": "www { host.hostnme = x; securelevel = 3; }\n" });
    expect(jaillint(["jail.conf"], dir, undefined, { NO_COLOR: undefined }).stdout).not.toContain("\u001b[");
    expect(jaillint(["jail.conf"], dir, undefined, { NO_COLOR: undefined, FORCE_COLOR: "1" }).stdout).toContain("\u001b[");
    expect(jaillint(["--color", "jail.conf"], dir, undefined, { NO_COLOR: "1" }).stdout).toContain("\u001b[");
    expect(jaillint(["jail.conf"], dir, undefined, { NO_COLOR: "1", FORCE_COLOR: "1" }).stdout).not.toContain("\u001b[");
  });

  it("exits 0 with no output on a clean file", () => {
    const dir = scratch();
    write(dir, { "jail.conf": 'securelevel = 3;\nwww {\n  ip4.addr = "lo1|127.0.1.1/32";\n  persist;\n}\n' });
    const r = jaillint(["jail.conf"], dir);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, "", ""]);
  });

  it("says what is wrong with a path it cannot read, in one line, exit 2", () => {
    const r = jaillint(["no/such/jail.conf"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("jaillint: cannot read no/such/jail.conf: no such file or directory\n");
    const dir = scratch();
    mkdirSync(join(dir, "empty"));
    const d = jaillint(["empty"], dir);
    expect(d.status).toBe(2);
    expect(d.stderr).toBe("jaillint: no jail.conf, rc.conf or pf.conf found in empty (looked in empty and empty/etc)\n");
  });

  it("without a path lints /etc/jail.conf, or says what to pass", () => {
    const r = jaillint([]);
    // The test machine is no jail host.
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "jaillint: no path given and /etc/jail.conf does not exist: pass a jail.conf, rc.conf or pf.conf file, or a config tree directory\n",
    );
  });

  it("with --root and no path lints that host tree: jail.conf, jail.conf.d, rc.conf and pf.conf", () => {
    // pf-disabled: JL202 needs jail.conf and rc.conf (pf_enable), JL303 all three files.
    const r = jaillint(["--root", "fixtures/hosts/pf-disabled", "--format", "json"]);
    expect(r.status).toBe(1);
    expect([...new Set(json(r.stdout).map((d) => `${d.code} ${d.file}`))]).toEqual([
      "JL202 fixtures/hosts/pf-disabled/etc/jail.conf",
      "JL303 fixtures/hosts/pf-disabled/etc/rc.conf",
    ]);
  });

  it("skips fail2ban's jail.conf with one informational line", () => {
    const dir = scratch();
    write(dir, { "jail.conf": "[DEFAULT]\nbantime = 10m\n\n[sshd]\nenabled = true\nport = ssh\n" });
    const r = jaillint(["jail.conf"], dir);
    expect([r.status, r.stdout]).toEqual([0, ""]);
    expect(r.stderr).toBe("jaillint: jail.conf: skipped: this is a fail2ban jail.conf (INI sections like [sshd]), not jail(8)'s\n");
  });

  it("resolves absolute .include and mount.fstab paths inside the tree", () => {
    const dir = scratch();
    write(dir, {
      "etc/jail.conf": 'securelevel = 3;\n.include "/etc/jail.conf.d/*.conf";\n',
      "etc/jail.conf.d/www.conf": 'www {\n  mount.fstab = "/etc/fstab.www";\n}\n',
      "etc/fstab.www": "/jails/basejail /jails/www/basejail nullfs rw 0 0\n",
    });
    const r = jaillint(["--format", "json", "."], dir);
    expect(json(r.stdout).map(brief)).toEqual(["JL108 etc/fstab.www:1:1"]);
    // The same tree given with --root from elsewhere.
    const r2 = jaillint(["--format", "json", "--root", dir, join(dir, "etc/jail.conf")]);
    expect(json(r2.stdout).map((d) => d.code)).toEqual(["JL108"]);
  });

  it("treats a folder without etc/ as /etc itself", () => {
    const dir = scratch();
    write(dir, {
      "jail.conf": 'securelevel = 3;\n.include "/etc/jail.conf.d/*.conf";\n',
      "jail.conf.d/db.conf": "db {\n  allow.sysvipc;\n}\n",
    });
    const r = jaillint(["--format", "json", "."], dir);
    expect(json(r.stdout).map(brief)).toEqual(["JL101 jail.conf.d/db.conf:2:3"]);
  });

  it("reports a missing .include as JL005 at the include line", () => {
    const dir = scratch();
    write(dir, { "etc/jail.conf": 'securelevel = 3;\n.include "/etc/jail.conf.d/www.conf";\n' });
    const r = jaillint(["--format", "json", "."], dir);
    expect(r.status).toBe(1);
    expect(json(r.stdout).map(brief)).toEqual(["JL005 etc/jail.conf:2:10"]);
  });

  it("takes rc.conf and pf.conf by name, --kind, or content, and reports their syntax errors as JL001", () => {
    const dir = scratch();
    write(dir, {
      "rc.conf": 'hostname="x\n',
      "pf.conf": "pass in on em0 proto tcp to port 22 bogus\n",
      "rules.txt": "pass out all\nblock in all frob\n",
    });
    const r = jaillint(["--format", "json", "rc.conf", "pf.conf", "rules.txt"], dir);
    expect(r.status).toBe(1);
    const diags = json(r.stdout);
    expect(diags.map((d) => `${d.code} ${d.file}`)).toEqual(["JL001 pf.conf", "JL001 rc.conf", "JL001 rules.txt"]);
    const k = jaillint(["--format", "json", "--kind", "pf", "rc.conf"], dir);
    expect(json(k.stdout).every((d) => d.code === "JL001")).toBe(true);
  });

  it("refuses a file whose kind it cannot tell", () => {
    const dir = scratch();
    write(dir, { "notes.txt": "hello\n" });
    const r = jaillint(["notes.txt"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "jaillint: cannot tell what kind of file notes.txt is: name it jail.conf, rc.conf or pf.conf, or pass --kind jail|rc|pf\n",
    );
  });

  it("--freebsd 13 rejects what only 14.0+ accepts", () => {
    const dir = scratch();
    write(dir, { "jail.conf": "securelevel = 3;\nouter {\n  inner { persist; }\n}\n" });
    expect(jaillint(["jail.conf"], dir).status).toBe(0);
    const r = jaillint(["--freebsd", "13", "--format", "json", "jail.conf"], dir);
    expect(r.status).toBe(1);
    expect(json(r.stdout).map((d) => `${d.code} ${d.message}`)).toEqual([
      'JL001 nested jail block "inner": FreeBSD 13 accepts nested blocks only from 14.0; write it as a top-level block named "outer.inner"',
    ]);
    expect(jaillint(["--freebsd", "12", "jail.conf"], dir).status).toBe(2);
  });

  it("--max-warnings turns too many warnings into exit 1", () => {
    const dir = scratch();
    write(dir, { "jail.conf": "securelevel = 3;\nwww { allow.raw_sockets; }\n" });
    expect(jaillint(["jail.conf"], dir).status).toBe(0);
    expect(jaillint(["--max-warnings", "1", "jail.conf"], dir).status).toBe(0);
    const r = jaillint(["--max-warnings", "0", "jail.conf"], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("jaillint: 1 warnings, more than --max-warnings 0\n");
  });

  it("never lets a config's control characters reach the terminal", () => {
    const dir = scratch();
    write(dir, { "jail.conf": 'www {\n  host.hostnme = "\u001b[2J\u001b]0;pwned\u0007";\n  securelevel = 3;\n}\n' });
    const r = jaillint(["jail.conf"], dir);
    expect([...r.stdout].filter((ch) => ch !== "\n" && isControlChar(ch.charCodeAt(0)))).toEqual([]);
    expect(r.stdout).toContain('  2 |   host.hostnme = "\\x1b[2J\\x1b]0;pwned\\x07";');
  });

  it("refuses --stdin-filename without --stdin", () => {
    const r = jaillint(["--stdin-filename", "etc/jail.conf", "x"]);
    expect([r.status, r.stderr]).toEqual([2, "jaillint: --stdin-filename names standard input: use it with --stdin\n"]);
  });

  it("prints usage errors without a stack trace, exit 2", () => {
    const r = jaillint(["--format", "xml", "x"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("jaillint: option '-f, --format <format>' argument 'xml' is invalid");
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it("a tree and a file outside it are linted together", () => {
    const dir = scratch();
    cpSync(join(repoRoot, "fixtures/example-host/etc"), join(dir, "tree"), { recursive: true });
    mkdirSync(join(dir, "other"));
    writeFileSync(join(dir, "other/pf.conf"), "pass in on $nope all\n");
    const r = jaillint(["tree", "other/pf.conf", "-f", "gcc"], dir);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("other/pf.conf:1:12: error: macro $nope is never defined");
  });

  it("a dangling symbolic link or a directory named like a file is one line, exit 2", () => {
    const dir = scratch();
    symlinkSync("nowhere", join(dir, "jail.conf"));
    expect(jaillint(["jail.conf"], dir)).toMatchObject({
      status: 2,
      stdout: "",
      stderr: "jaillint: cannot read jail.conf: no such file or directory\n",
    });
    mkdirSync(join(dir, "rc.conf"));
    const r = jaillint(["--kind", "rc", "rc.conf/"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n").length).toBe(2);
  });
});
