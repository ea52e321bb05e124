import { describe, expect, it } from "vitest";
import { parsePfConf } from "./index.js";
import { PfParser, pfParser } from "./parser.js";

// A structural guard for start-up cost (issue 9), not a timing test: the pf parser computes a decision's
// lookahead when the decision is first reached, not all of them when it is built.
describe("the pf parser's lookahead", () => {
  it("is built for no decision when the parser is made", () => {
    const parser = new PfParser();
    expect(parser.lookahead.registered).toBeGreaterThan(150);
    expect(parser.lookahead.built).toBe(0);
  });

  it("is built only for the decisions a file reaches, each once", () => {
    const parser = pfParser();
    parsePfConf("pass in on em0 proto tcp from any to any port 22 keep state\n");
    const afterOne = parser.lookahead.built;
    expect(afterOne).toBeGreaterThan(0);
    expect(afterOne).toBeLessThan(parser.lookahead.registered / 4);
    parsePfConf("pass in on em0 proto tcp from any to any port 22 keep state\n".repeat(50));
    expect(parser.lookahead.built).toBe(afterOne);
  });

  it("gives the same statements and errors however many decisions were built before", () => {
    const text = 'ext_if = "em0"\npass in on $ext_if proto { tcp udp } from ! <bad> to any port 80:90 flags S/SA\nblock return foo\n';
    const first = parsePfConf(text);
    parsePfConf("set timeout { tcp.first 30 }\ntable <t> persist { 10/8 }\nrdr on em0 proto tcp to port 80 -> 10.0.0.1\n");
    expect(parsePfConf(text)).toEqual(first);
    expect(first.problems.map((p) => p.message)).toEqual([expect.stringContaining("syntax error at `foo`")]);
  });
});
