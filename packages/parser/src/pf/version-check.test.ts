import { describe, expect, it } from "vitest";
import { at } from "../../../../test/support/golden.js";
import { parsePfConf } from "./index.js";

const problems = (text: string, freebsd: 13 | 14 | 15) =>
  parsePfConf(text, { freebsd }).problems.map((p) => `${at(text, p.range)} ${p.message}`);

describe("pf.conf forms newer than the chosen FreeBSD release", () => {
  const text = [
    "match out on em0 from 10.0.0.0/8 to any nat-to (em0)",
    "pass in on em0 proto tcp to port 80 max-pkt-rate 100/10 rdr-to 10.0.0.5",
    "anchor jails {",
    "  pass in on em0 proto tcp to port 22 once",
    "}",
    "nat on em0 from 10.0.0.0/8 to any -> (em0)",
    "",
  ].join("\n");

  it("accepts them on 15", () => {
    expect(problems(text, 15)).toEqual([]);
  });

  it("reports each one on 14, pointing at it, and leaves the legacy forms alone", () => {
    expect(problems(text, 14)).toEqual([
      "1:41-1:53 `nat-to` on a filter rule needs FreeBSD 15.0 or later; FreeBSD 14's pfctl rejects it: write the translation as a `nat on IF from … -> …` rule",
      "2:37-2:56 `max-pkt-rate` needs FreeBSD 15.0 or later; FreeBSD 14's pfctl rejects it",
      "2:57-2:72 `rdr-to` on a filter rule needs FreeBSD 15.0 or later; FreeBSD 14's pfctl rejects it: write the translation as a `rdr on IF … -> …` rule",
      "4:39-4:43 `once` needs FreeBSD 15.0 or later; FreeBSD 14's pfctl rejects it",
    ]);
  });
});
