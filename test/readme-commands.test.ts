import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../packages/cli/src/main.js";
import { capturingIo } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";

/** The `$ jaillint …` examples of the README's show, flow and suggest sections, each with the output shown under it. */
function examples(): { command: string; output: string }[] {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  const part = readme.slice(readme.indexOf("\n## jaillint show\n"), readme.indexOf("\n## Rules\n"));
  const out: { command: string; output: string }[] = [];
  for (const block of part.split("```").filter((_, i) => i % 2 === 1)) {
    let current: { command: string; output: string } | undefined;
    for (const line of block.replace(/^\n/, "").split("\n")) {
      if (line.startsWith("$ jaillint ")) {
        current = { command: line.slice(2), output: "" };
        out.push(current);
      } else if (current) current.output += `${line}\n`;
    }
    if (current) current.output = current.output.replace(/\n$/, "");
  }
  return out;
}

describe("README examples of show, flow and suggest pf", () => {
  const list = examples();
  it("has examples", () => {
    expect(list.length).toBeGreaterThanOrEqual(7);
  });
  it.each(list.map((e) => [e.command, e]))("%s prints what the README shows", async (_, e) => {
    const { io, out } = capturingIo(repoRoot);
    const args = e.command.split(" ").slice(1);
    expect(await run(args, io)).toBe(0);
    expect(out.stdout).toBe(e.output);
  });
});
