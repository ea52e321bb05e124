import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jaillint, scratch } from "./support/cli.js";

describe("--write-baseline and --baseline", () => {
  it("records today's findings and then reports only new ones, and the ones that disappeared", () => {
    const dir = scratch("example-host");
    const w = jaillint([".", "--write-baseline", "jaillint-baseline.json"], dir);
    expect(w.stderr).toBe("jaillint: recorded 24 findings in jaillint-baseline.json\n");
    expect(w.status).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, "jaillint-baseline.json"), "utf8"));
    expect(baseline.version).toBe(1);
    expect(baseline.findings[0]).toMatchObject({ code: "JL108", file: "etc/fstab.build" });
    expect(baseline.findings[0].fingerprint).toMatch(/^[0-9a-f]{14}:0$/);

    const same = jaillint([".", "--baseline", "jaillint-baseline.json", "-f", "gcc"], dir);
    expect(same.stdout).toBe("");
    expect(same.status).toBe(0);

    // Unrelated edits move every line; one finding is fixed and one is new.
    const path = join(dir, "etc/jail.conf");
    const text = readFileSync(path, "utf8");
    writeFileSync(
      path,
      `# moved\n\n\n${text.replace("    allow.raw_sockets;\n", "").replace("dns {\n", "dns {\n    allow.raw_sockets;\n")}`,
    );
    const r = jaillint([".", "--baseline", "jaillint-baseline.json", "-f", "gcc"], dir);
    expect(r.stdout).toBe(
      'etc/jail.conf:47:5: warning: allow.raw_sockets lets root in jail "dns" craft raw packets and probe the network: remove it unless the jail really needs ping-like tools [JL104]\n',
    );
    expect(r.stderr).toBe(
      "jaillint: 1 baselined finding no longer occurs (JL104): run jaillint --write-baseline jaillint-baseline.json to shrink the baseline\n",
    );
    expect(r.status).toBe(0);
  });

  it("a missing or malformed baseline is a usage error", () => {
    const dir = scratch("example-host");
    expect(jaillint([".", "--baseline", "nope.json"], dir)).toMatchObject({
      status: 2,
      stderr: "jaillint: cannot read baseline nope.json: no such file\n",
    });
    writeFileSync(join(dir, "b.json"), '{"version":7,"findings":[]}');
    expect(jaillint([".", "--baseline", "b.json"], dir).stderr).toBe(
      "jaillint: b.json: unsupported baseline version 7: expected 1 (write it again with --write-baseline)\n",
    );
  });
});
