import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { haveCorpus, realManifest } from "../../../../test/support/corpus.js";
import { parseRcConf } from "./index.js";
import { buildRcConfig } from "./view.js";

describe("real rc.conf corpus", () => {
  const rows = realManifest().filter((row) => row.kind === "rc" && !row.template);
  it.skipIf(!haveCorpus())("parses every non-template file with no error and builds its view", () => {
    expect(rows.length).toBeGreaterThan(0);
    let notes = 0;
    const errors: string[] = [];
    const crlf: string[] = [];
    for (const row of rows) {
      const text = readFileSync(row.file, "utf8");
      const ast = parseRcConf(text);
      for (const p of ast.problems) {
        if (p.severity === "note") notes++;
        // Files saved with CRLF line endings: sh(1) would keep the CR in every value. Checked below.
        else if (p.lineEndings) crlf.push(basename(row.file));
        else errors.push(`${basename(row.file)}@${p.range.start}: ${p.message}`);
      }
      const view = buildRcConfig([{ path: row.file, ast }]);
      view.interfaceAddresses();
      view.legacyJailVariables();
    }
    console.log(`rc corpus: ${rows.length} files parsed, ${notes} notes, ${errors.length} errors`);
    expect(errors).toEqual([]);
    expect(crlf).toEqual(rows.filter((row) => /^[^#\r\n]*\r/m.test(readFileSync(row.file, "utf8"))).map((row) => basename(row.file)));
  });
});
