import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../packages/cli/src/main.js";
import { capturingIo } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";
import { expectGolden } from "./support/golden.js";

async function jaillint(args: string[]) {
  const { io, out } = capturingIo(repoRoot);
  const status = await run(args, io);
  return { status, ...out };
}

/** Per fixture host, the flows its golden file answers. */
const FLOWS: Record<string, string[][]> = {
  "example-host": [
    ["--from", "www", "--to", "db:5432"],
    ["--from", "db", "--to", "dns:53", "--proto", "udp"],
    ["--from", "internet", "--to", "203.0.113.2:80"],
    ["--from", "internet", "--to", "203.0.113.2:5432"],
    ["--from", "mail", "--to", "198.51.100.25:25"],
  ],
  "hosts/recommended": [
    ["--from", "www", "--to", "db:5432"],
    ["--from", "mail", "--to", "db:5432"],
    ["--from", "mail", "--to", "mail:25"],
    ["--from", "internet", "--to", "203.0.113.2:443"],
    ["--from", "internet", "--to", "db:5432"],
    ["--from", "db", "--to", "192.0.2.53:53", "--proto", "udp"],
    ["--from", "www", "--to", "db", "--proto", "icmp"],
  ],
  "hosts/skip-lo": [
    ["--from", "www", "--to", "db:5432"],
    ["--from", "cache", "--to", "cache:6379"],
  ],
  "hosts/bastille-skip-lo": [["--from", "nginx", "--to", "pgsql:5432"]],
  "hosts/pf-disabled": [["--from", "www", "--to", "db:5432"]],
  // ipfw's rules judge these (rc.conf enables ipfw, not pf): the twins of recommended and of a pass-all pf.conf.
  "hosts/ipfw-recommended": [
    ["--from", "www", "--to", "db:5432"],
    ["--from", "db", "--to", "www:80"],
    ["--from", "mail", "--to", "mail:25"],
    ["--from", "internet", "--to", "203.0.113.2:22"],
  ],
  "hosts/ipfw-hazard": [["--from", "www", "--to", "db:5432"]],
};

describe("jaillint flow", () => {
  it.each(Object.keys(FLOWS))("answers the flows of fixtures/%s (text and JSON goldens)", async (host) => {
    let text = "";
    let json = "";
    for (const flow of FLOWS[host] ?? []) {
      const args = ["flow", ...flow, `fixtures/${host}`];
      const t = await jaillint(args);
      expect(t.stderr).toBe("");
      expect(t.status).toBe(0);
      text += `$ jaillint ${args.join(" ")}\n${t.stdout}\n`;
      const j = await jaillint([...args, "--format", "json"]);
      expect(j.status).toBe(0);
      expect((JSON.parse(j.stdout) as { version: number }).version).toBe(1);
      json += `$ jaillint ${args.join(" ")} --format json\n${j.stdout}\n`;
    }
    expectGolden(join(repoRoot, "fixtures", host, "flow.golden.txt"), text);
    expectGolden(join(repoRoot, "fixtures", host, "flow.golden.json.txt"), json);
  });

  it.each([
    [["--from", "nope", "--to", "db:5432"], 'jaillint: no jail named "nope" in fixtures/hosts/recommended\n'],
    [["--from", "www", "--to", "db:99999"], "jaillint: --to db:99999: the port must be 1 to 65535\n"],
    [["--from", "www", "--to", "db:80", "--proto", "icmp"], "jaillint: --proto icmp has no ports: drop the :PORT of --to\n"],
    [["--from", "www", "--to", "2001:db8::1"], "jaillint: IPv6 flows are not traced: which interfaces pf sees for them is unconfirmed\n"],
  ])("refuses %j with one line and status 2", async (flow, stderr) => {
    const r = await jaillint(["flow", ...flow, "fixtures/hosts/recommended"]);
    expect(r).toEqual({ status: 2, stdout: "", stderr });
  });

  it.each([
    [["--from", "www", "--to", "db"], "jaillint: ipfw's rules are traced for one destination port: write --to NAME:PORT\n"],
    [["--from", "www", "--to", "db", "--proto", "icmp"], "jaillint: ICMP is not traced through ipfw's rules: ask about tcp or udp\n"],
  ])("on an ipfw host, refuses %j with one line and status 2", async (flow, stderr) => {
    const r = await jaillint(["flow", ...flow, "fixtures/hosts/ipfw-recommended"]);
    expect(r).toEqual({ status: 2, stdout: "", stderr });
  });

  it("requires --from and --to, and has --help with examples", async () => {
    const missing = await jaillint(["flow", "fixtures/hosts/recommended", "--to", "db"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("jaillint: required option '--from <jail|address>' not specified\n");
    const help = await jaillint(["flow", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Examples:\n  jaillint flow --from www --to db:5432 fixtures/hosts/recommended");
  });
});
