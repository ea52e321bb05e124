import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jaillint, scratch } from "./support/cli.js";

function dirWith(text: string): string {
  const dir = scratch();
  writeFileSync(join(dir, "jail.conf"), text);
  return dir;
}

const JAIL = [
  "mon {",
  "  securelevel = 3;",
  "  # jaillint-disable-next-line JL104 -- the monitoring jail pings",
  "  allow.raw_sockets;",
  "}",
  "# jaillint-disable JL105",
  "old {",
  "  securelevel = 3;",
  "  enforce_statfs = 1;",
  "}",
  "# jaillint-enable JL105",
  "new { securelevel = 3; } // jaillint-disable-next-line JL103",
  "",
].join("\n");

describe("inline suppression comments", () => {
  it("suppress by line and by block, and an unused suppression is reported as JL000 info", () => {
    const r = jaillint(["jail.conf", "-f", "gcc"], dirWith(JAIL));
    expect(r.stdout).toBe("jail.conf:12:26: note: unused suppression: no JL103 finding on the next line; remove this comment [JL000]\n");
    expect(r.status).toBe(0);
  });

  it("--require-suppression-reason makes a suppression without `-- reason` an error", () => {
    const r = jaillint(["jail.conf", "-f", "gcc", "--require-suppression-reason", "--rule", "JL000=off"], dirWith(JAIL));
    expect(r.stdout).toBe(
      "jail.conf:6:1: error: jaillint-disable JL105 gives no reason: add `-- why this is acceptable` (--require-suppression-reason) [JL000]\n" +
        "jail.conf:12:26: error: jaillint-disable-next-line JL103 gives no reason: add `-- why this is acceptable` (--require-suppression-reason) [JL000]\n",
    );
    expect(r.status).toBe(1);
  });

  it("--no-inline-suppressions ignores them and reports each", () => {
    const r = jaillint(["jail.conf", "-f", "gcc", "--no-inline-suppressions"], dirWith(JAIL));
    const lines = r.stdout.trim().split("\n");
    expect(lines.filter((l) => l.endsWith("[JL000]")).length).toBe(4);
    expect(lines.some((l) => l.startsWith("jail.conf:4:3: warning: allow.raw_sockets"))).toBe(true);
    expect(lines.some((l) => l.startsWith("jail.conf:9:20: warning: enforce_statfs = 1"))).toBe(true);
    expect(r.status).toBe(1);
  });
});
