import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { LineIndex, MemoryHost } from "@jaillint/parser";
import { buildHostModel, type HostInput } from "@jaillint/rules";
import type { Position } from "vscode-languageserver-types";
import { repoRoot } from "../../../test/support/corpus.js";
import type { FeatureContext } from "../src/features/context.js";

/** A fixture tree's files by logical path (`fixtures/lsp/host/etc/rc.conf` is `/etc/rc.conf`). */
export function fixtureFiles(dir: string): Record<string, string> {
  const root = join(repoRoot, dir);
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[`/${relative(root, p)}`] = readFileSync(p, "utf8");
    }
  };
  walk(root);
  return out;
}

/** The editor's URI for a logical path, as the tests expect it. */
export const uriOf = (file: string): string => `file:///host${file}`;

/** A feature context over files given by logical path: jail.conf, rc.conf and pf.conf found by name. */
export function contextOf(files: Record<string, string>, input: Partial<HostInput> = {}): FeatureContext {
  const paths = Object.keys(files);
  const model = buildHostModel(
    {
      jailConf: input.jailConf ?? paths.filter((p) => p === "/etc/jail.conf"),
      rc: input.rc ?? paths.filter((p) => /\/rc\.conf(\.local)?$/.test(p)),
      pf: input.pf ?? paths.filter((p) => p === "/etc/pf.conf"),
      ...(input.freebsd ? { freebsd: input.freebsd } : {}),
    },
    new MemoryHost(files),
  );
  return { model, uriOf };
}

/** The LSP position of the `nth` occurrence of `needle` in a text, `shift` UTF-16 units into it. */
export function positionOf(text: string, needle: string, shift = 0, nth = 0): Position {
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1) throw new Error(`${JSON.stringify(needle)} #${nth} not in the text`);
  }
  const p = new LineIndex(text).position(at + shift, "utf16");
  return { line: p.line - 1, character: p.column - 1 };
}
