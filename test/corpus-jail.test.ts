import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseJailConf } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { haveCorpus, realManifest } from "./support/corpus.js";

/**
 * Real jail.conf files from public repositories (../shared/corpus/real/jail). Every non-template file must
 * parse with no syntax error, except files that really are broken for jail(8): those are named here with
 * the error they contain, so a parser regression and a real mistake are told apart.
 */
const REALLY_BROKEN: Record<string, string> = {
  "026-tmmvn-bsd-configs-jail.conf": 'line 13: `mount.fstab="/etc/fstab.$name"` lacks its `;` (jail(8) says: syntax error)',
  "059-NapoleonWils0n-cerberus-thick-jail-firefox-L142-170.conf":
    "an extract from an org-mode file that stops before the block's closing `}`",
};

describe.runIf(haveCorpus())("real jail.conf corpus", () => {
  const rows = realManifest().filter((r) => r.kind === "jail" && !r.template);
  it("has files to check", () => {
    expect(rows.length).toBeGreaterThan(20);
  });
  for (const row of rows) {
    const name = basename(row.file);
    it(`${name} parses${REALLY_BROKEN[name] ? " with its known error" : " without syntax errors"}`, () => {
      const file = parseJailConf(readFileSync(row.file, "utf8"));
      const errors = file.problems.filter((p) => p.severity !== "note");
      if (REALLY_BROKEN[name]) expect(errors.length).toBeGreaterThan(0);
      else expect(errors.map((e) => `${e.range.start}: ${e.message}`)).toEqual([]);
    });
  }
  it("names no exception that is not in the corpus", () => {
    const names = new Set(rows.map((r) => basename(r.file)));
    expect(Object.keys(REALLY_BROKEN).filter((n) => !names.has(n))).toEqual([]);
  });
});
