import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
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
});
