import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jaillint, scratch } from "./support/cli.js";

const JAIL = "db {\n  securelevel = 3;\n  allow.sysvipc;\n}\nmail {\n  securelevel = 3;\n  sysvshm = inherit;\n}\n";

describe("--fix and --fix-dry-run", () => {
  it("--fix-dry-run prints a unified diff and writes nothing", () => {
    const dir = scratch();
    writeFileSync(join(dir, "jail.conf"), JAIL);
    const r = jaillint(["jail.conf", "--fix-dry-run"], dir);
    expect(r.stdout).toBe(
      [
        "--- a/jail.conf",
        "+++ b/jail.conf",
        "@@ -1,8 +1,8 @@",
        " db {",
        "   securelevel = 3;",
        "-  allow.sysvipc;",
        "+  sysvmsg = new; sysvsem = new; sysvshm = new;",
        " }",
        " mail {",
        "   securelevel = 3;",
        "-  sysvshm = inherit;",
        "+  sysvshm = new;",
        " }",
        "",
      ].join("\n"),
    );
    expect(r.status).toBe(1);
    expect(readFileSync(join(dir, "jail.conf"), "utf8")).toBe(JAIL);
  });

  it("a CRLF rc.conf is one JL001 at its first CR, and --fix converts it to LF together with another fix", () => {
    const dir = scratch();
    const rc = '# host\r\npf_enable="YES"\r\njail_enable="YES"\r\n';
    writeFileSync(join(dir, "rc.conf"), rc);
    writeFileSync(join(dir, "jail.conf"), "db {\r\n  securelevel = 3;\r\n  allow.sysvipc;\r\n}\r\n");
    const lint = jaillint(["rc.conf", "jail.conf", "-f", "gcc"], dir);
    expect(lint.stdout).toBe(
      [
        'jail.conf:3:3: warning: "allow.sysvipc" is deprecated and shares the host\'s System V IPC (messages, semaphores, shared memory) with jail "db" and every other such jail: use `sysvmsg = new; sysvsem = new; sysvshm = new;` for a private namespace [JL101]',
        'rc.conf:2:16: error: carriage return (CRLF line endings): sh(1) keeps the \\r as part of the value, so pf_enable="YES" reads as "YES\\r", which rc.subr\'s checkyesno rejects, and the service does not start; convert the file to LF line endings [JL001]',
        "",
      ].join("\n"),
    );
    expect(lint.status).toBe(1);
    const r = jaillint(["rc.conf", "jail.conf", "--fix"], dir);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, "", "jaillint: applied 2 fixes in 2 files\n"]);
    expect(readFileSync(join(dir, "rc.conf"), "utf8")).toBe('# host\npf_enable="YES"\njail_enable="YES"\n');
    // jail(8) 14+ reads CRLF: that file keeps its line endings, and its own fix writes CRLF too.
    expect(readFileSync(join(dir, "jail.conf"), "utf8")).toBe(
      "db {\r\n  securelevel = 3;\r\n  sysvmsg = new; sysvsem = new; sysvshm = new;\r\n}\r\n",
    );
    expect(jaillint(["rc.conf", "jail.conf", "--fix-dry-run"], dir)).toMatchObject({ status: 0, stdout: "" });
  });

  it("--fix applies safe fixes atomically keeping the mode; a second run changes nothing", () => {
    const dir = scratch();
    const path = join(dir, "jail.conf");
    writeFileSync(path, `${JAIL}www {\n  securelevel = 1;\n}\n`);
    chmodSync(path, 0o640);
    const r = jaillint(["jail.conf", "--fix", "-f", "gcc"], dir);
    expect(r.stderr).toBe("jaillint: applied 2 fixes in 1 file\n");
    // The unsafe securelevel fix is only offered.
    expect(r.stdout).toContain("[JL103]");
    const fixed = readFileSync(path, "utf8");
    expect(fixed).toBe(
      "db {\n  securelevel = 3;\n  sysvmsg = new; sysvsem = new; sysvshm = new;\n}\nmail {\n  securelevel = 3;\n  sysvshm = new;\n}\nwww {\n  securelevel = 1;\n}\n",
    );
    expect(statSync(path).mode & 0o777).toBe(0o640);
    const again = jaillint(["jail.conf", "--fix"], dir);
    expect(again.stderr).toBe("");
    expect(readFileSync(path, "utf8")).toBe(fixed);
    expect(jaillint(["jail.conf", "--fix-dry-run"], dir)).toMatchObject({ stdout: "", status: 0 });
    jaillint(["jail.conf", "--fix", "--unsafe-fixes"], dir);
    expect(readFileSync(path, "utf8")).toContain("www {\n  securelevel = 3;\n}");
  });

  it("--fix with --stdin is refused", () => {
    expect(jaillint(["--stdin", "--fix"], scratch(), JAIL)).toMatchObject({
      status: 2,
      stderr: "jaillint: --fix cannot write standard input: use --fix-dry-run to see the fixes as a diff\n",
    });
  });

  it("keeps CRLF line endings, also in the lines a fix adds", () => {
    const dir = scratch();
    const crlf = "db {\r\n  allow.sysvipc;\r\n  persist;\r\n}\r\n";
    writeFileSync(join(dir, "jail.conf"), crlf);
    const r = jaillint(["jail.conf", "--fix", "--unsafe-fixes"], dir);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "jail.conf"), "utf8")).toBe(
      "db {\r\n  securelevel = 3;\r\n  sysvmsg = new; sysvsem = new; sysvshm = new;\r\n  persist;\r\n}\r\n",
    );
  });

  it("--fix-dry-run marks a last line without a newline the way diff -u does", () => {
    const dir = scratch();
    writeFileSync(join(dir, "jail.conf"), "db {\n  securelevel = 3;\n  sysvshm = inherit; }");
    const r = jaillint(["jail.conf", "--fix-dry-run"], dir);
    expect(r.stdout).toBe(
      [
        "--- a/jail.conf",
        "+++ b/jail.conf",
        "@@ -1,3 +1,3 @@",
        " db {",
        "   securelevel = 3;",
        "-  sysvshm = inherit; }",
        "\\ No newline at end of file",
        "+  sysvshm = new; }",
        "\\ No newline at end of file",
        "",
      ].join("\n"),
    );
    jaillint(["jail.conf", "--fix"], dir);
    expect(readFileSync(join(dir, "jail.conf"), "utf8")).toBe("db {\n  securelevel = 3;\n  sysvshm = new; }");
  });

  it("--fix through a symbolic link writes the file it points to and keeps the link", () => {
    const dir = scratch();
    mkdirSync(join(dir, "real"));
    writeFileSync(join(dir, "real/jail.conf"), JAIL);
    symlinkSync("real/jail.conf", join(dir, "jail.conf"));
    const r = jaillint(["jail.conf", "--fix"], dir);
    expect(r.stderr).toBe("jaillint: applied 2 fixes in 1 file\n");
    expect(lstatSync(join(dir, "jail.conf")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "jail.conf"))).toBe("real/jail.conf");
    expect(readFileSync(join(dir, "real/jail.conf"), "utf8")).toContain("sysvshm = new;\n}");
  });

  it("--fix leaves a read-only file alone, says so in one line and exits 2", () => {
    const dir = scratch();
    const path = join(dir, "jail.conf");
    writeFileSync(path, JAIL);
    chmodSync(path, 0o444);
    const r = jaillint(["jail.conf", "--fix", "-f", "gcc"], dir);
    expect(r.stderr).toBe("jaillint: cannot write jail.conf: the file is read-only: fixes not applied\n");
    expect(r.status).toBe(2);
    expect(readFileSync(path, "utf8")).toBe(JAIL);
    expect(statSync(path).mode & 0o777).toBe(0o444);
    // The findings are still reported, unfixed.
    expect(r.stdout).toContain("[JL101]");
  });

  it.runIf(process.getuid?.() === 0)("--fix run as root keeps the file's owner", () => {
    const dir = scratch();
    const path = join(dir, "jail.conf");
    writeFileSync(path, JAIL);
    chownSync(path, 1234, 5678);
    jaillint(["jail.conf", "--fix"], dir);
    expect(readFileSync(path, "utf8")).toContain("sysvshm = new;\n}");
    expect(statSync(path)).toMatchObject({ uid: 1234, gid: 5678 });
  });

  it("the report after --fix judges the host like the run without it (a file out of its tree is not a whole host)", () => {
    const dir = scratch();
    writeFileSync(join(dir, "jail.conf"), 'db {\n  securelevel = 3;\n  mount.fstab = "/etc/fstab.db";\n  sysvshm = inherit;\n}\n');
    const r = jaillint(["jail.conf", "--fix", "-f", "gcc"], dir);
    expect(r).toMatchObject({ status: 0, stdout: "", stderr: "jaillint: applied 1 fix in 1 file\n" });
  });
});
