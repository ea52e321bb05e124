// The language server's first answer after an edit: the file rules (RuleScope "file") on the edited document at
// once, with the host rules' findings of the latest lint carried over the edit, then the host's lint after the
// debounce. The debounce here is 3 s, so a publish that comes sooner is the file rules' one.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratch } from "./support/cli.js";
import { LspClient, type PublishDiagnostics, uriOf } from "./support/lsp-client.js";
import { expected, lspHosts, MESSAGES, range, read } from "./support/lsp-fixtures.js";

const DEBOUNCE_MS = 3_000;
const simpleJail = join(lspHosts, "simple/etc/jail.conf");

/** The publishes of `uri` for `version`, the first `count` of them, with when each came after `since`. */
async function publishes(c: LspClient, uri: string, version: number, count: number, since: number) {
  const out: { params: PublishDiagnostics; afterMs: number }[] = [];
  let from = 0;
  while (out.length < count) {
    const params = await c.diagnostics(uri, version, 20_000, from);
    out.push({ params, afterMs: performance.now() - since });
    from = c.notifications.findLastIndex((n) => n.params === params) + 1;
  }
  return out;
}

const codesAndLines = (p: PublishDiagnostics) => p.diagnostics.map((d) => `${d.code}@${d.range.start.line}`);

describe("the file rules after an edit", () => {
  let c: LspClient;
  let uri: string;
  beforeAll(async () => {
    c = new LspClient();
    await c.initialize(join(lspHosts, "simple"), { initializationOptions: { debounceMs: DEBOUNCE_MS } });
    uri = c.open(simpleJail, read(simpleJail), "jail-conf");
    expect(codesAndLines(await c.diagnostics(uri, 1))).toEqual(["JL101@4", "JL104@8", "JL002@12"]);
  });
  afterAll(async () => {
    await c.stop();
    expect(c.garbage).toBe("");
  });

  it("publishes the file rules' findings before the host is linted, and the host's lint agrees", async () => {
    // host.hostnme → host.hostname: JL002 (a file rule) goes at once; JL104 (a host rule) is carried over.
    const t = performance.now();
    c.change(uri, 2, [{ range: range(12, 14, 12, 14), text: "a" }]);
    const [first, host] = await publishes(c, uri, 2, 2, t);
    expect(first?.afterMs).toBeLessThan(DEBOUNCE_MS);
    expect(first?.params.diagnostics).toEqual([
      expected("JL101", "warning", range(4, 4, 4, 18), MESSAGES.JL101db),
      expected("JL104", "warning", range(8, 4, 8, 22), MESSAGES.JL104mon),
    ]);
    expect(host?.afterMs).toBeGreaterThanOrEqual(DEBOUNCE_MS - 50);
    expect(host?.params.diagnostics).toEqual(first?.params.diagnostics);
  });

  it("moves the host rules' findings with the text an edit shifts, and drops those whose text it touches", async () => {
    let t = performance.now();
    c.change(uri, 3, [{ range: range(0, 0, 0, 0), text: "# a new first line\n" }]);
    let [first] = await publishes(c, uri, 3, 1, t);
    expect(first?.afterMs).toBeLessThan(DEBOUNCE_MS);
    expect(first?.params.diagnostics).toEqual([
      expected("JL101", "warning", range(5, 4, 5, 18), MESSAGES.JL101db),
      expected("JL104", "warning", range(9, 4, 9, 22), MESSAGES.JL104mon),
    ]);
    // An edit of JL104's text (`allow.raw_sockets;` → `allow.raw_sockets = 1;`): the finding is not carried over it.
    t = performance.now();
    c.change(uri, 4, [{ range: range(9, 21, 9, 21), text: " = 1" }]);
    [first] = await publishes(c, uri, 4, 1, t);
    expect(first?.afterMs).toBeLessThan(DEBOUNCE_MS);
    expect(codesAndLines(first?.params as PublishDiagnostics)).toEqual(["JL101@5"]);
    // The host's lint of that version brings it back, where it now is.
    const [, host] = await publishes(c, uri, 4, 2, t);
    expect(host?.params.diagnostics).toEqual([
      expected("JL101", "warning", range(5, 4, 5, 18), MESSAGES.JL101db),
      expected("JL104", "warning", range(9, 4, 9, 26), MESSAGES.JL104mon),
    ]);
  });

  it("finds a new file-rule problem at once: the same finding the host's lint gives", async () => {
    // allow.sysvipc → allow.sysvipcs: JL101 goes and JL002 comes, in the first publish.
    const t = performance.now();
    c.change(uri, 5, [{ range: range(5, 17, 5, 17), text: "s" }]);
    const [first, host] = await publishes(c, uri, 5, 2, t);
    expect(first?.afterMs).toBeLessThan(DEBOUNCE_MS);
    expect(codesAndLines(first?.params as PublishDiagnostics)).toEqual(["JL002@5", "JL104@9"]);
    expect(first?.params.diagnostics[0]?.message).toMatch(/^unknown parameter "allow\.sysvipcs"/);
    expect(host?.params.diagnostics).toEqual(first?.params.diagnostics);
  });

  it("leaves an edit of a suppression comment to the host's lint (it may silence a host rule's finding)", async () => {
    const t = performance.now();
    c.change(uri, 6, [{ range: range(9, 0, 9, 0), text: "    # jaillint-disable-next-line JL104 -- a monitoring jail\n" }]);
    const [only] = await publishes(c, uri, 6, 1, t);
    expect(only?.afterMs).toBeGreaterThanOrEqual(DEBOUNCE_MS - 50);
    expect(codesAndLines(only?.params as PublishDiagnostics)).toEqual(["JL002@5"]);
  });
});

describe("a file included by another", () => {
  it("is judged through the file that includes it: pfctl's rule order runs through the include", async () => {
    const dir = scratch();
    mkdirSync(join(dir, "etc"));
    writeFileSync(join(dir, "etc/pf.conf"), 'block in all\ninclude "/etc/pf.extra.conf"\n');
    const extra = join(dir, "etc/pf.extra.conf");
    writeFileSync(extra, "pass in all\n");
    const c = new LspClient();
    await c.initialize(dir, { initializationOptions: { debounceMs: DEBOUNCE_MS } });
    const uri = c.open(extra, "pass in all\n", "pf");
    expect((await c.diagnostics(uri, 1)).diagnostics).toEqual([]);
    // scrub after pf.conf's `block`: out of pfctl's order, which only the including file shows.
    const t = performance.now();
    c.change(uri, 2, [{ range: range(0, 0, 0, 0), text: "scrub in all\n" }]);
    const [first, host] = await publishes(c, uri, 2, 2, t);
    expect(first?.afterMs).toBeLessThan(DEBOUNCE_MS);
    expect(codesAndLines(first?.params as PublishDiagnostics)).toEqual(["JL001@0"]);
    expect(host?.params.diagnostics).toEqual(first?.params.diagnostics);
    expect(await c.stop()).toBe(0);
  });
});

describe("initializationOptions.fileRules: false", () => {
  it("publishes after an edit only once the host is linted", async () => {
    const c = new LspClient();
    await c.initialize(join(lspHosts, "simple"), { initializationOptions: { debounceMs: 1_000, fileRules: false } });
    const uri = c.open(simpleJail, read(simpleJail), "jail-conf");
    await c.diagnostics(uri, 1);
    const t = performance.now();
    c.change(uri, 2, [{ range: range(12, 14, 12, 14), text: "a" }]);
    const [only] = await publishes(c, uri, 2, 1, t);
    expect(only?.afterMs).toBeGreaterThanOrEqual(950);
    expect(codesAndLines(only?.params as PublishDiagnostics)).toEqual(["JL101@4", "JL104@8"]);
    expect(await c.stop()).toBe(0);
    expect(uriOf(simpleJail)).toBe(uri);
  });
});
