// A structural guard for start-up cost (issue 9), not a timing test: building a Chevrotain parser analyses its
// whole grammar (the pf grammar's costs about 250 ms of CPU), so a run builds only the parsers of the kinds it
// reads. Each test loads the CLI afresh (vi.resetModules) and counts the grammar analyses per parser class, from
// before the parser modules are evaluated, so a parser built at import time counts too.
import { join } from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { capturingIo } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";

const host = join(repoRoot, "fixtures/hosts/recommended/etc");

async function built(args: string[]): Promise<{ status: number; jail: number; pf: number; ipfw?: number }> {
  // Every parser's constructor ends in CstParser's performSelfAnalysis. chevrotain is the parser package's
  // dependency (pnpm keeps it out of the root) and is not reloaded by resetModules: one CstParser for all.
  const { CstParser } = await import("../packages/parser/node_modules/chevrotain/lib/src/api.js");
  const analysed = vi.spyOn(CstParser.prototype, "performSelfAnalysis");
  const { run } = await import("../packages/cli/src/main.js");
  const [{ JailConfParser }, { PfParser }, { IpfwParser }] = await Promise.all([
    import("../packages/parser/src/jail/parser.js"),
    import("../packages/parser/src/pf/parser.js"),
    import("../packages/parser/src/ipfw/parser.js"),
  ]);
  const { io, out } = capturingIo(repoRoot);
  const status = await run(args, io);
  expect(out.stdout).toContain('"diagnostics"');
  const count = (c: abstract new (...a: never[]) => unknown): number => analysed.mock.contexts.filter((p) => p instanceof c).length;
  // rc.conf has no Chevrotain parser (its statement splitter builds the AST), so these are all there are.
  expect(analysed.mock.contexts.length).toBe(count(JailConfParser) + count(PfParser) + count(IpfwParser));
  const ipfw = count(IpfwParser);
  return { status, jail: count(JailConfParser), pf: count(PfParser), ...(ipfw > 0 ? { ipfw } : {}) };
}

describe("a run builds only the parsers it needs", { timeout: 90_000 }, () => {
  beforeEach(() => {
    vi.resetModules();
    vi.restoreAllMocks();
  });

  it("a well-formed jail.conf alone constructs no parser: the direct reader reads it", async () => {
    expect(await built([join(host, "jail.conf"), "-f", "json"])).toEqual({ status: 0, jail: 0, pf: 0 });
  });

  it("a jail.conf with syntax errors constructs only the jail.conf parser", async () => {
    expect(await built([join(repoRoot, "fixtures/jail/syntax/errors.conf"), "-f", "json"])).toEqual({ status: 1, jail: 1, pf: 0 });
  });

  it("rc.conf alone constructs no parser", async () => {
    expect(await built([join(host, "rc.conf"), "-f", "json"])).toEqual({ status: 0, jail: 0, pf: 0 });
  });

  it("pf.conf alone constructs only the pf parser", async () => {
    expect(await built([join(host, "pf.conf"), "-f", "json"])).toEqual({ status: 0, jail: 0, pf: 1 });
  });

  it("an ipfw host constructs the ipfw parser once (its firewall_script's commands) and no pf parser", async () => {
    expect(await built([join(repoRoot, "fixtures/hosts/ipfw-recommended"), "-f", "json"])).toEqual({ status: 0, jail: 0, pf: 0, ipfw: 1 });
  });

  it("a whole host constructs each parser it needs once, however many files of a kind it reads", async () => {
    expect(await built([join(host, ".."), "-f", "json"])).toEqual({ status: 0, jail: 0, pf: 1 });
  });
});
