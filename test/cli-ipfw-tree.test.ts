import { describe, expect, it } from "vitest";
import { run } from "../packages/cli/src/main.js";
import { capturingIo } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";

async function diagnostics(tree: string): Promise<{ status: number; found: string[] }> {
  const { io, out } = capturingIo(repoRoot);
  const status = await run([tree, "-f", "json"], io);
  const json = JSON.parse(out.stdout) as { diagnostics: { code: string; file: string }[] };
  return { status, found: json.diagnostics.map((d) => `${d.code} ${d.file.replace(/^.*fixtures\/hosts\//, "")}`) };
}

// A tree is read as the host's /etc: rc.conf's firewall_script or firewall_type names the ipfw file, which the
// CLI then reads from the same tree (libexec/rc/rc.d/ipfw, rc.firewall).
describe("jaillint on a tree finds the ipfw rules through rc.conf", () => {
  it.each([
    ["fixtures/hosts/ipfw-skip-lo", ["JL212 ipfw-skip-lo/etc/ipfw.rules"]],
    ["fixtures/hosts/ipfw-syntax", ["JL001 ipfw-syntax/etc/ipfw.conf", "JL001 ipfw-syntax/etc/ipfw.conf"]],
    ["fixtures/hosts/ipfw-script-functions", ["JL202 ipfw-script-functions/etc/jail.conf"]],
  ])("%s: firewall_script / firewall_type's file is read from the tree", async (tree, expected) => {
    const { found } = await diagnostics(tree);
    expect(found.filter((f) => !f.startsWith("JL210"))).toEqual(expected);
  });
});
