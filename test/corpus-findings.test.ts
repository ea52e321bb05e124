import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LineIndex, MemoryHost } from "@jaillint/parser";
import { lintHost } from "@jaillint/rules";
import { describe, expect, it } from "vitest";
import { corpusDir, haveCorpus, type ManifestRow, realManifest, repoRoot } from "./support/corpus.js";
import { expectGolden } from "./support/golden.js";

/**
 * The corpus findings snapshot: every real configuration under ../shared/corpus/real/ is linted alone, and the
 * files of each repository that has more than one kind (jail.conf, rc.conf, pf.conf) are linted again as one
 * host. Every finding (code, severity, file, line, column, message) is compared with a checked-in list, so a
 * change in what jaillint says about real files — a new false positive or a lost true one — fails until the
 * golden is updated on purpose and the diff is read in review (`UPDATE_GOLDEN=1`).
 *
 * A file is placed where a host would have it: alone (as one file given to the CLI, not a whole host) as /etc/jail.conf, /etc/rc.conf or /etc/pf.conf; in a host,
 * a repository's first file of each kind there, further jail.conf files in /etc/jail.conf.d/, a second rc.conf
 * as /etc/rc.conf.local, further pf files beside pf.conf (rc.conf's pf_rules decides which one pf loads).
 */
const GOLDEN = join(repoRoot, "test/corpus-findings.golden.txt");

interface Placed {
  readonly row: ManifestRow;
  readonly path: string;
}

function corpusName(row: ManifestRow): string {
  return row.file.slice(join(corpusDir ?? "", "real").length + 1);
}

function baseName(row: ManifestRow): string {
  return corpusName(row).replace(/^[^/]+\//, "");
}

function placeAlone(row: ManifestRow): Placed {
  const path = row.kind === "jail" ? "/etc/jail.conf" : row.kind === "rc" ? "/etc/rc.conf" : "/etc/pf.conf";
  return { row, path };
}

function placeHost(rows: readonly ManifestRow[]): Placed[] {
  const seen = { jail: 0, rc: 0, pf: 0 } as Record<string, number>;
  return rows.map((row) => {
    const n = seen[row.kind] ?? 0;
    seen[row.kind] = n + 1;
    if (row.kind === "jail") return { row, path: n === 0 ? "/etc/jail.conf" : `/etc/jail.conf.d/${baseName(row)}` };
    if (row.kind === "rc")
      return { row, path: n === 0 ? "/etc/rc.conf" : n === 1 ? "/etc/rc.conf.local" : `/etc/rc.conf.d/${baseName(row)}` };
    return { row, path: n === 0 ? "/etc/pf.conf" : `/etc/${baseName(row)}` };
  });
}

/**
 * The files as the CLI's host has them: a host tree is the whole machine; one file linted alone is not, so a
 * file it names elsewhere on the machine (an absolute include, rc.conf's pf_rules) is no evidence either way.
 */
function host(files: Map<string, string>, whole: boolean): MemoryHost & { complete: boolean } {
  return Object.assign(new MemoryHost(files), { complete: whole });
}

/** Lints the placed files as one host and renders one line per finding, with corpus file names. */
function findings(placed: readonly Placed[], whole: boolean): string[] {
  const files = new Map(placed.map((p) => [p.path, readFileSync(p.row.file, "utf8")]));
  const names = new Map(placed.map((p) => [p.path, corpusName(p.row)]));
  const of = (kind: string) => placed.filter((p) => p.row.kind === kind).map((p) => p.path);
  const { model, diagnostics } = lintHost({ jailConf: of("jail"), rc: of("rc"), pf: of("pf") }, host(files, whole));
  return diagnostics.map((d) => {
    const text = model.texts.get(d.file) ?? "";
    const { line, column } = new LineIndex(text).position(d.range.start);
    const file = names.get(d.file) ?? d.file;
    return `  ${file}:${line}:${column} ${d.code} ${d.severity} ${d.message}`;
  });
}

describe.runIf(haveCorpus())("corpus findings snapshot", () => {
  const rows = realManifest();

  it("covers the real corpus", () => {
    expect(rows.length).toBeGreaterThan(100);
  });

  it("every finding on every real file, alone and as hosts, is the reviewed one", () => {
    const out: string[] = [];
    for (const row of rows) {
      const lines = findings([placeAlone(row)], false);
      out.push(`== alone ${corpusName(row)} (${lines.length})`, ...lines);
    }
    const byRepo = new Map<string, ManifestRow[]>();
    for (const row of rows) {
      const list = byRepo.get(row.repo) ?? [];
      list.push(row);
      byRepo.set(row.repo, list);
    }
    for (const [repo, list] of [...byRepo].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (new Set(list.map((r) => r.kind)).size < 2) continue;
      const lines = findings(placeHost(list), true);
      out.push(`== host ${repo}: ${list.map(corpusName).join(" ")} (${lines.length})`, ...lines);
    }
    expectGolden(GOLDEN, `${out.join("\n")}\n`);
  });
});
