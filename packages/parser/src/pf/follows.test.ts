import { describe, expect, it } from "vitest";
import { computeFollows } from "./follows.js";
import { parsePfConf } from "./index.js";
import { PfParser, pfParser } from "./parser.js";

describe("error recovery's follow sets", () => {
  it("are the ones Chevrotain computes, key for key and token for token", () => {
    const eager = (new PfParser({ eagerFollows: true }) as unknown as { resyncFollows: Record<string, { name: string }[]> }).resyncFollows;
    const lazy = computeFollows(Object.values(new PfParser().getGAstProductions()));
    const names = (sets: Record<string, { name: string }[]>) => Object.entries(sets).map(([k, v]) => [k, v.map((t) => t.name)]);
    expect(Object.keys(eager).length).toBeGreaterThan(100);
    expect(names(lazy)).toEqual(names(eager));
  });

  // A structural guard for start-up cost (issue 9): they are computed when recovery first needs them.
  it("are not computed when the parser is made, nor for a file without errors", () => {
    expect(new PfParser().followsComputed).toBe(false);
    parsePfConf("pass in on em0 proto tcp to port 22\nblock all\n");
    expect(pfParser().followsComputed).toBe(false);
  });

  it("are computed the first time recovery resynchronises on them", () => {
    const text = "pass in on em0 proto tcp from any to any port 80 keep state ( max 10 foo )\nblock in log (all, to pflog0 bar\n";
    const problems = parsePfConf(text).problems;
    expect(pfParser().followsComputed).toBe(true);
    expect(problems.length).toBeGreaterThan(0);
  });
});
