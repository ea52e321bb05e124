import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../packages/cli/src/main.js";
import { capturingIo } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";
import { expectGolden } from "./support/golden.js";

async function show(args: string[]) {
  const { io, out } = capturingIo(repoRoot);
  const status = await run(["show", ...args], io);
  return { status, ...out };
}

const HOSTS = ["example-host", "hosts/recommended", "hosts/skip-lo", "hosts/prestart-alias"];

describe("jaillint show", () => {
  it.each(HOSTS)("prints the effective parameters of fixtures/%s (text and JSON goldens)", async (host) => {
    const text = await show([`fixtures/${host}`]);
    expect(text.stderr).toBe("");
    expect(text.status).toBe(0);
    expectGolden(join(repoRoot, "fixtures", host, "show.golden.txt"), text.stdout);
    const json = await show([`fixtures/${host}`, "--format", "json"]);
    expect(json.status).toBe(0);
    expect((JSON.parse(json.stdout) as { version: number }).version).toBe(1);
    expectGolden(join(repoRoot, "fixtures", host, "show.golden.json"), json.stdout);
  });

  it("shows only the jails --jail names, in the file's order", async () => {
    const r = await show(["fixtures/example-host", "--jail", "db", "--jail", "mail", "--format", "json"]);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { jails: { name: string }[] }).jails.map((j) => j.name)).toEqual(["mail", "db"]);
  });

  it("takes the tree after --jail as the tree", async () => {
    const r = await show(["--jail", "db", "fixtures/example-host"]);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("db (fixtures/example-host/etc/jail.conf:22)");
  });

  it("refuses a jail name the tree does not have, with status 2", async () => {
    const r = await show(["fixtures/example-host", "--jail", "nope"]);
    expect(r).toEqual({ status: 2, stdout: "", stderr: 'jaillint: no jail named "nope" in fixtures/example-host\n' });
  });

  it("refuses a tree that does not exist, with status 2", async () => {
    const r = await show(["fixtures/no-such-host"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("jaillint: cannot read fixtures/no-such-host: no such file or directory\n");
  });

  it("has --help with examples", async () => {
    const r = await show(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Examples:\n  jaillint show fixtures/example-host");
  });
});
