import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliBin, jaillint, scratch } from "./support/cli.js";

const FORMATS = ["stylish", "json", "sarif", "github", "gcc", "checkstyle", "gitlab", "junit", "azure"] as const;
const SECRET = "SECRET-7f3a9c";
/** A secret that is also a jail.conf with a safe fix, so --fix would have a reason to write it. */
const SECRET_FILE = `# ${SECRET}\n${SECRET} {\n  securelevel = 3;\n  allow.sysvipc;\n}\n`;

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/**
 * A config repository (a git work tree) beside a secret: every way jail.conf can name a file outside the
 * repository, absolute, relative, by glob, by symbolic link, as an include and as a mount.fstab file.
 */
function plantedRepo(): { dir: string; secret: string } {
  const dir = scratch();
  const secret = join(dir, "secret/id_rsa");
  write(dir, { "secret/id_rsa": SECRET_FILE, "secret/fstab": `/secret/${SECRET} /jails/x nullfs ro 0 0\n` });
  mkdirSync(join(dir, "repo/.git"), { recursive: true });
  write(dir, {
    "repo/etc/jail.conf": [
      "securelevel = 3;",
      `.include "${secret}";`,
      '.include "../../secret/id_rsa";',
      `.include "${join(dir, "secret")}/*";`,
      '.include "/etc/*";',
      '.include "/etc/jail.conf.d/*.conf";',
      `www { path = "/jails/www"; mount.fstab = "${join(dir, "secret/fstab")}"; }`,
      'db { path = "/jails/db"; mount.fstab = "/etc/fstab.db"; }',
      "",
    ].join("\n"),
  });
  // In the tree: links out of it, to the secret and to the process's environment (the CI token).
  mkdirSync(join(dir, "repo/etc/jail.conf.d"));
  symlinkSync(secret, join(dir, "repo/etc/jail.conf.d/key.conf"));
  symlinkSync("/proc/self/environ", join(dir, "repo/etc/jail.conf.d/env.conf"));
  symlinkSync(join(dir, "secret/fstab"), join(dir, "repo/etc/fstab.db"));
  return { dir, secret };
}

const leaks = (r: { stdout: string; stderr: string }): boolean => (r.stdout + r.stderr).includes(SECRET);
const ENV = { CI_TOKEN: SECRET };

describe("containment: nothing outside the config root is read, printed or written", () => {
  it("no format, no --fix, and no include, glob, fstab or symlink form prints or writes the secret", () => {
    const { dir, secret } = plantedRepo();
    const invocations = [
      ["repo/etc/jail.conf"],
      ["repo"],
      ["--root", "repo", "repo/etc/jail.conf"],
      ["repo/etc/jail.conf.d/key.conf"],
      ["repo/etc/jail.conf.d/env.conf", "--kind", "jail"],
    ];
    for (const [i, args] of invocations.entries()) {
      // Every format on the two main forms, JSON (all the text there is) on the others.
      for (const format of i < 2 ? FORMATS : (["json"] as const)) {
        const r = jaillint([...args, "-f", format], dir, undefined, ENV);
        expect(leaks(r), `${args.join(" ")} -f ${format}: ${r.stdout}${r.stderr}`).toBe(false);
        expect([1, 2]).toContain(r.status);
      }
    }
    for (const args of invocations.slice(0, 3)) {
      for (const fix of [["--fix", "--unsafe-fixes"], ["--fix-dry-run"], ["--fix", "--allow-outside-root"]]) {
        const r = jaillint([...args, ...fix], dir, undefined, ENV);
        if (!fix.includes("--allow-outside-root")) expect(leaks(r), `${args.join(" ")} ${fix.join(" ")}`).toBe(false);
        expect(readFileSync(secret, "utf8")).toBe(SECRET_FILE);
      }
    }
  }, 300_000);

  it("reports each include and fstab that leaves the root as JL005, naming the path", () => {
    const { dir, secret } = plantedRepo();
    const r = jaillint(["repo/etc/jail.conf", "-f", "json"], dir, undefined, ENV);
    const root = join(dir, "repo");
    const outside = `outside the config root ${root}; jaillint reads only inside it unless --allow-outside-root is given`;
    const diags = JSON.parse(r.stdout).diagnostics as { code: string; message: string; range: { start: { line: number } } }[];
    // One file linted out of its tree: absolute globs and fstab files elsewhere on the machine are not known
    // (the recommended `.include "/etc/jail.conf.d/*.conf"` is no finding), and not read either.
    expect(diags.map((d) => `${d.code} ${d.range.start.line} ${d.message}`)).toEqual([
      `JL005 2 included file ${secret} cannot be read (${outside})`,
      `JL005 3 included file ../../secret/id_rsa (${secret}) cannot be read (${outside})`,
    ]);
    // The tree: its own fstab.db is a link out of it.
    const t = jaillint(["repo", "-f", "json"], dir, undefined, ENV);
    const messages = (JSON.parse(t.stdout).diagnostics as { message: string }[]).map((d) => d.message);
    expect(messages).toContain(
      `mount.fstab file /etc/fstab.db cannot be read (outside the config root ${root} (a symbolic link to ${join(dir, "secret/fstab")}); jaillint reads only inside it unless --allow-outside-root is given): jail(8) fails jail "db"; correct the path or create the file`,
    );
    expect(r.status).toBe(1);
  });

  it("a link in the tree that leads out is one line naming it, even with --root", () => {
    const { dir, secret } = plantedRepo();
    const r = jaillint(["--root", "repo", "repo", "-f", "gcc"], dir, undefined, ENV);
    const root = join(dir, "repo");
    const lines = r.stderr.split("\n");
    // /proc/self is the child's own pid.
    expect(lines[0]).toMatch(
      new RegExp(
        `^jaillint: cannot read repo/etc/jail\\.conf\\.d/env\\.conf: outside the config root ${root} \\(a symbolic link to /proc/\\d+/environ\\); jaillint reads only inside it unless --allow-outside-root is given$`,
      ),
    );
    expect(lines.slice(1)).toEqual([
      `jaillint: cannot read repo/etc/jail.conf.d/key.conf: outside the config root ${root} (a symbolic link to ${secret}); jaillint reads only inside it unless --allow-outside-root is given`,
      "",
    ]);
    expect(r.status).toBe(2);
  });

  it("--allow-outside-root reads outside the root, but --fix never writes there", () => {
    const dir = scratch();
    write(dir, {
      "out/x.conf": "db {\n  securelevel = 3;\n  allow.sysvipc;\n}\n",
      "t/etc/jail.conf": '.include "/etc/jail.conf.d/*.conf";\n',
    });
    mkdirSync(join(dir, "t/etc/jail.conf.d"));
    symlinkSync("../../../out/x.conf", join(dir, "t/etc/jail.conf.d/x.conf"));
    const r = jaillint(["--fix", "--allow-outside-root", "--root", "t", "t", "-f", "gcc"], dir);
    expect(r.stderr).toBe(
      `jaillint: cannot write t/etc/jail.conf.d/x.conf: outside the config root ${join(dir, "t")} (a symbolic link to ${join(dir, "out/x.conf")}); jaillint never writes outside it: fixes not applied\n`,
    );
    expect(r.stdout).toMatch(/^t\/etc\/jail\.conf\.d\/x\.conf:3:3: warning: "allow\.sysvipc" is deprecated .*\[JL101\]\n$/);
    expect(r.status).toBe(2);
    expect(readFileSync(join(dir, "out/x.conf"), "utf8")).toBe("db {\n  securelevel = 3;\n  allow.sysvipc;\n}\n");
    // Without the option the file is not even read.
    const plain = jaillint(["--fix", "--root", "t", "t", "-f", "gcc"], dir);
    expect(plain.stdout).toContain("cannot be read (outside the config root");
    expect(plain.status).toBe(2);
  });
});

describe("the config root", () => {
  const INCLUDED = "inc {\n  securelevel = 3;\n  allow.sysvipc;\n}\n";
  const readsIncluded = (r: { stdout: string }) => r.stdout.includes("[JL101]");

  it("is --root when given: an include inside it is read, one beside it is not", () => {
    const dir = scratch();
    write(dir, { "host/etc/inc.conf": INCLUDED, "host/etc/jail.conf": 'securelevel = 3;\n.include "/etc/inc.conf";\n' });
    expect(readsIncluded(jaillint(["--root", "host", "host/etc/jail.conf", "-f", "gcc"], dir))).toBe(true);
    write(dir, { "other/jail.conf": 'securelevel = 3;\n.include "/etc/inc.conf";\n' });
    const r = jaillint(["--root", "host", "other/jail.conf", "-f", "gcc"], dir);
    expect(r.stderr).toBe(
      `jaillint: cannot read other/jail.conf: outside the config root ${join(dir, "host")}; jaillint reads only inside it unless --allow-outside-root is given\n`,
    );
  });

  it("is the tree directory given", () => {
    const dir = scratch();
    write(dir, { "t/etc/jail.conf": 'securelevel = 3;\n.include "../../inc.conf";\n', "inc.conf": INCLUDED });
    const r = jaillint(["t", "-f", "gcc"], dir);
    expect(r.stdout).toBe(
      `t/etc/jail.conf:2:10: error: included file ../../inc.conf (/inc.conf) does not exist; jail(8) refuses to start any jail. Fix the path, or use a glob (\`jail[.]conf\`) to include it only when present [JL005]\n`,
    );
    // A relative include that climbs out through a link in the tree.
    symlinkSync(dir, join(dir, "t/etc/up"));
    writeFileSync(join(dir, "t/etc/jail.conf"), 'securelevel = 3;\n.include "up/inc.conf";\n');
    expect(jaillint(["t", "-f", "gcc"], dir).stdout).toBe(
      `t/etc/jail.conf:2:10: error: included file up/inc.conf (/etc/up/inc.conf) cannot be read (outside the config root ${join(dir, "t")} (a symbolic link to ${join(dir, "inc.conf")}); jaillint reads only inside it unless --allow-outside-root is given) [JL005]\n`,
    );
  });

  it("for files given one by one, is the top of their git work tree (.git a directory or a file)", () => {
    for (const gitEntry of ["dir", "file"]) {
      const dir = scratch();
      write(dir, { "repo/hosts/a/jail.conf": 'securelevel = 3;\n.include "../../lib/inc.conf";\n.include "../../../inc.conf";\n' });
      write(dir, { "repo/lib/inc.conf": INCLUDED, "inc.conf": INCLUDED });
      if (gitEntry === "dir") mkdirSync(join(dir, "repo/.git"));
      else writeFileSync(join(dir, "repo/.git"), "gitdir: /elsewhere/.git/worktrees/repo\n");
      const r = jaillint(["repo/hosts/a/jail.conf", "-f", "gcc"], dir);
      expect(r.stdout.split("\n")).toEqual([
        `repo/hosts/a/jail.conf:3:10: error: included file ../../../inc.conf (${join(dir, "inc.conf")}) cannot be read (outside the config root ${join(dir, "repo")}; jaillint reads only inside it unless --allow-outside-root is given) [JL005]`,
        expect.stringMatching(/^repo\/lib\/inc\.conf:3:3: warning: "allow\.sysvipc" is deprecated/),
        "",
      ]);
    }
  });

  it("outside any git work tree is / (an admin linting a live host)", () => {
    const dir = scratch();
    // The scratch directory is under the system's temporary folder, in no work tree.
    expect(spawnSync("git", ["-C", dir, "rev-parse"], { encoding: "utf8" }).status).not.toBe(0);
    write(dir, {
      "usr/local/jails/inc.conf": INCLUDED,
      "etc/jail.conf": `securelevel = 3;\n.include "${join(dir, "usr/local/jails/inc.conf")}";\n`,
    });
    const r = jaillint(["etc/jail.conf", "-f", "gcc"], dir);
    expect(r.stdout).toMatch(/^usr\/local\/jails\/inc\.conf:3:3: warning: "allow\.sysvipc" is deprecated .*\[JL101\]\n$/);
    expect(r.stderr).toBe("");
  });
});

describe("special files: only regular files are read, up to a size", () => {
  const fifo = (path: string): void => {
    expect(spawnSync("mkfifo", [path]).status).toBe(0);
  };
  const run = (args: string[], cwd: string, env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [cliBin, ...args], {
      cwd,
      encoding: "utf8",
      timeout: 50_000,
      env: { ...process.env, NO_COLOR: "1", ...env },
    });
    return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
  };

  it("a FIFO or a device as an argument is one line, at once", () => {
    const dir = scratch();
    fifo(join(dir, "jail.conf"));
    expect(run(["jail.conf"], dir)).toMatchObject({
      status: 2,
      stdout: "",
      stderr: "jaillint: cannot read jail.conf: not a regular file (a FIFO)\n",
    });
    expect(run(["--kind", "jail", "/dev/zero"], dir)).toMatchObject({
      status: 2,
      stderr: "jaillint: cannot read /dev/zero: not a regular file (a character device)\n",
    });
  });

  it("an include of a FIFO, /dev/zero, /dev/* or /proc/self/* is JL005 with the reason", () => {
    const dir = scratch();
    fifo(join(dir, "pipe.conf"));
    const lines = [
      '.include "/dev/zero";',
      `.include "${join(dir, "pipe.conf")}";`,
      '.include "/dev/*";',
      ...(existsSync("/proc/self/environ") ? ['.include "/proc/self/*";'] : []),
    ];
    writeFileSync(join(dir, "jail.conf"), `securelevel = 3;\n${lines.join("\n")}\n`);
    const r = run(["jail.conf", "-f", "json"], dir, { CI_TOKEN: SECRET });
    expect(r.signal).toBe(null);
    expect(r.stdout).not.toContain(SECRET);
    const diags = JSON.parse(r.stdout).diagnostics as { code: string; message: string }[];
    expect(diags.slice(0, 2).map((d) => `${d.code} ${d.message}`)).toEqual([
      "JL005 included file /dev/zero cannot be read (not a regular file (a character device))",
      `JL005 included file ${join(dir, "pipe.conf")} cannot be read (not a regular file (a FIFO))`,
    ]);
    expect(
      diags
        .slice(2)
        .every(
          (d) =>
            d.code === "JL005" &&
            /cannot be read \(not a regular file \(a (character device|kernel pseudo-file)\)\)$|is a directory/.test(d.message),
        ),
    ).toBe(true);
    expect(diags.length).toBe(lines.length);
  });

  it("/proc/self/environ behind a link is a kernel pseudo-file, not read", () => {
    if (!existsSync("/proc/self/environ")) return;
    const dir = scratch();
    symlinkSync("/proc/self/environ", join(dir, "jail.conf"));
    expect(run(["jail.conf"], dir, { CI_TOKEN: SECRET })).toMatchObject({
      status: 2,
      stdout: "",
      stderr: "jaillint: cannot read jail.conf: not a regular file (a kernel pseudo-file)\n",
    });
  });

  it("a file over --max-file-size (default 64 MiB) is refused with its size", () => {
    const dir = scratch();
    writeFileSync(join(dir, "jail.conf"), "");
    truncateSync(join(dir, "jail.conf"), 70_000_000);
    expect(run(["jail.conf"], dir)).toMatchObject({
      status: 2,
      stderr: "jaillint: cannot read jail.conf: is 70 MB, over the 64 MiB limit (--max-file-size)\n",
    });
    writeFileSync(join(dir, "small.conf"), `securelevel = 3;\n${"# padding\n".repeat(200)}`);
    writeFileSync(join(dir, "main.conf"), 'securelevel = 3;\n.include "small.conf";\n');
    expect(run(["--kind", "jail", "--max-file-size", "1K", "small.conf"], dir)).toMatchObject({
      status: 2,
      stderr: "jaillint: cannot read small.conf: is 2 KB, over the 1 KiB limit (--max-file-size)\n",
    });
    const inc = run(["--kind", "jail", "--max-file-size", "1K", "-f", "gcc", "main.conf"], dir);
    expect(inc.stdout).toBe(
      "main.conf:2:10: error: included file small.conf (" +
        join(dir, "small.conf") +
        ") cannot be read (is 2 KB, over the 1 KiB limit (--max-file-size)) [JL005]\n",
    );
    expect(run(["--max-file-size", "lots", "main.conf"], dir).stderr).toBe(
      "jaillint: option '--max-file-size <size>' argument 'lots' is invalid. expected a size in bytes, or with K, M or G (64M).\n",
    );
  });

  it("an input too large for the heap is refused with a clear message, never an abort", () => {
    const dir = scratch();
    const jail = (i: number) =>
      `j${i} {\n  host.hostname = "j${i}.example.org";\n  ip4.addr = "lo1|10.0.${(i >> 8) & 255}.${i & 255}/32";\n  securelevel = 3;\n}\n`;
    writeFileSync(join(dir, "jail.conf"), Array.from({ length: 4_000 }, (_, i) => jail(i)).join(""));
    const size = readFileSync(join(dir, "jail.conf")).length;
    const small = { NODE_OPTIONS: "--max-old-space-size=32" };
    const r = run(["jail.conf"], dir, small);
    expect(r.signal).toBe(null);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^jaillint: cannot read jail\\.conf: is ${(size / 1e3).toFixed(1)} KB: linting it needs about \\d+(\\.\\d)? MB of memory, more than this Node\\.js process may use \\(\\d+ MiB of heap\\): raise the limit with NODE_OPTIONS=--max-old-space-size=\\d+, or split the file\\n$`,
      ),
    );
    // The limit it names is enough.
    const raise = /--max-old-space-size=(\d+)/.exec(r.stderr)?.[1];
    const raised = run(["jail.conf", "-f", "json"], dir, { NODE_OPTIONS: `--max-old-space-size=${raise}` });
    expect([raised.status, raised.stderr]).toEqual([0, ""]);
    // And a file that fits is linted under the same small heap.
    writeFileSync(join(dir, "jail.conf"), Array.from({ length: 200 }, (_, i) => jail(i)).join(""));
    expect(run(["jail.conf"], dir, small)).toMatchObject({ status: 0, stderr: "" });
  }, 60_000);
});

describe("trees", () => {
  it("each tree given is its own host, reported together; the exit status is the worst", () => {
    const dir = scratch();
    // The same address in two trees is no duplicate: they are two machines.
    write(dir, {
      "t0/etc/jail.conf": 'securelevel = 3;\nwww { ip4.addr = "10.0.0.1"; }\n',
      "t1/etc/jail.conf": 'securelevel = 3;\nwww { ip4.addr = "10.0.0.1"; allow.sysvipc; devfs_ruleset = 0; mount.devfs; }\n',
    });
    const r = jaillint(["t0", "t1", "-f", "gcc"], dir);
    expect(r.stdout.split("\n").map((l) => l.replace(/: (error|warning): .*(\[JL\d+\])$/, " $1 $2"))).toEqual([
      "t1/etc/jail.conf:2:30 warning [JL101]",
      "t1/etc/jail.conf:2:61 error [JL106]",
      "",
    ]);
    expect([r.status, r.stderr]).toEqual([1, ""]);
    mkdirSync(join(dir, "empty"));
    const e = jaillint(["t0", "empty", "-f", "gcc"], dir);
    expect([e.status, e.stdout, e.stderr]).toEqual([
      2,
      "",
      "jaillint: no jail.conf, rc.conf or pf.conf found in empty (looked in empty and empty/etc)\n",
    ]);
  });

  it("a FIFO, a link loop or an unreadable etc/ in a tree says what is wrong with which path", () => {
    const dir = scratch();
    mkdirSync(join(dir, "t1/etc"), { recursive: true });
    spawnSync("mkfifo", [join(dir, "t1/etc/jail.conf")]);
    expect(jaillint(["t1"], dir)).toMatchObject({
      status: 2,
      stderr: "jaillint: cannot read t1/etc/jail.conf: not a regular file (a FIFO)\n",
    });
    mkdirSync(join(dir, "t2/etc/jail.conf.d"), { recursive: true });
    symlinkSync("b.conf", join(dir, "t2/etc/jail.conf.d/a.conf"));
    symlinkSync("a.conf", join(dir, "t2/etc/jail.conf.d/b.conf"));
    expect(jaillint(["t2"], dir)).toMatchObject({
      status: 2,
      stderr:
        "jaillint: cannot read t2/etc/jail.conf.d/a.conf: too many levels of symbolic links\njaillint: cannot read t2/etc/jail.conf.d/b.conf: too many levels of symbolic links\n",
    });
    write(dir, { "t3/etc/jail.conf": "securelevel = 3;\n" });
    chmodSync(join(dir, "t3/etc"), 0);
    chmodSync(dir, 0o755);
    // As root every directory is readable: run as nobody there.
    const asUser = process.getuid?.() === 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
    const [cmd, ...pre] = [...asUser, process.execPath, cliBin, "t3"];
    const r = spawnSync(cmd as string, [...pre], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    chmodSync(join(dir, "t3/etc"), 0o755);
    expect([r.status, r.stderr]).toEqual([2, "jaillint: cannot read t3/etc: permission denied\n"]);
  });
});
