import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jaillint, scratch } from "./support/cli.js";

/**
 * Files are identified by their logical path from the read to the write: the CLI never turns the name it shows
 * back into a logical path (which, in a repository that stands for /etc, would take ROOT/usr/local/etc/x.conf
 * for /etc/usr/local/etc/x.conf and refuse to fix it as "not read from the disk").
 */
describe("one file identity", () => {
  it("--fix writes a file that a repository standing for /etc includes from outside /etc", () => {
    const dir = scratch();
    mkdirSync(join(dir, "repo/usr/local/etc"), { recursive: true });
    writeFileSync(join(dir, "repo/jail.conf"), '.include "/usr/local/etc/extra.conf";\n');
    writeFileSync(join(dir, "repo/usr/local/etc/extra.conf"), 'x {\n  securelevel = 3;\n  path = "/jails/x";\n  allow.sysvipc;\n}\n');
    const r = jaillint(["repo", "--fix"], dir);
    expect(r.stderr).toBe("jaillint: applied 1 fix in 1 file\n");
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "repo/usr/local/etc/extra.conf"), "utf8")).toBe(
      'x {\n  securelevel = 3;\n  path = "/jails/x";\n  sysvmsg = new; sysvsem = new; sysvshm = new;\n}\n',
    );
  });

  it("files inside and outside the working directory are reported in the order of the names shown", () => {
    const dir = scratch();
    mkdirSync(join(dir, "a"));
    mkdirSync(join(dir, "zz"));
    const jail = 'x {\n  path = "/jails/x";\n  securelevl = 3;\n}\n';
    writeFileSync(join(dir, "a/jail.conf"), jail);
    writeFileSync(join(dir, "zz/jail.conf"), jail);
    // Shown as `jail.conf` and `DIR/zz/jail.conf`: the absolute name sorts first, though its path sorts last.
    const r = jaillint(["-f", "gcc", "--rule", "JL103=off", "jail.conf", join(dir, "zz/jail.conf")], join(dir, "a"));
    expect([...new Set(r.stdout.split("\n").map((l) => l.slice(0, l.indexOf(":"))))]).toEqual([join(dir, "zz/jail.conf"), "jail.conf", ""]);
  });
});
