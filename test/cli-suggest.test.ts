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

describe("jaillint suggest pf", () => {
  it.each(["example-host", "hosts/skip-lo", "hosts/bastille-skip-lo", "hosts/em0-aliases", "hosts/recommended"])(
    "prints the rules for fixtures/%s, and the same change as a diff (golden)",
    async (host) => {
      const text = await jaillint(["suggest", "pf", `fixtures/${host}`]);
      expect(text.stderr).toBe("");
      expect(text.status).toBe(0);
      const diff = await jaillint(["suggest", "pf", "--diff", `fixtures/${host}`]);
      expect(diff.status).toBe(0);
      expectGolden(join(repoRoot, "fixtures", host, "suggest-pf.golden.txt"), `${text.stdout}\n$ --diff\n${diff.stdout}`);
    },
  );

  it("refuses --diff for a tree without pf.conf, with status 2", async () => {
    const r = await jaillint(["suggest", "pf", "--diff", "fixtures/hosts/pf-rules-missing"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("jaillint: --diff needs the host's pf.conf, and this tree has none: save the rules as /etc/pf.conf\n");
  });

  it("has --help with examples, and names an unknown suggestion", async () => {
    const help = await jaillint(["suggest", "pf", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Examples:\n  jaillint suggest pf fixtures/hosts/skip-lo");
    const bad = await jaillint(["suggest", "ipfw"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown command 'ipfw'");
  });
});
