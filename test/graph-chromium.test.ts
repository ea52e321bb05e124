// The graph command's HTML page in a real browser: headless Chromium (Debian's `chromium`) loads it, runs its script
// and hands back the DOM it then holds and a screenshot. The page must show every jail and draw one red edge per
// finding of cross-jail loopback reachability (JL202, and JL203 for a `set skip`), at 10 jails and at 200.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "../packages/cli/dist/index.js";
import { capturingIo, scratch } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";

const CHROMIUM = "chromium";
const haveChromium = spawnSync(CHROMIUM, ["--version"], { encoding: "utf8" }).status === 0;
if (!haveChromium) console.warn("NOTICE: the chromium program is absent (Debian package chromium); the graph's browser tests are skipped.");

async function cli(args: readonly string[], cwd = repoRoot) {
  const { io, out } = capturingIo(cwd);
  const status = await run(args, io);
  return { status, ...out };
}

/** Runs headless Chromium on a page; its DOM after the page's script ran, or a screenshot. */
function chromium(page: string, what: "--dump-dom" | `--screenshot=${string}`): string {
  const r = spawnSync(
    CHROMIUM,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      `--user-data-dir=${scratch()}`,
      "--window-size=1400,1000",
      what,
      pathToFileURL(page).href,
    ],
    { encoding: "utf8", timeout: 90_000 },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** The findings `jaillint lint` reports on a tree that say jails reach each other (JL202 info findings only might), by code. */
async function findingCounts(tree: string): Promise<Map<string, number>> {
  const r = await cli(["lint", tree, "-f", "json"]);
  const counts = new Map<string, number>();
  for (const d of (JSON.parse(r.stdout) as { diagnostics: { code: string; severity: string }[] }).diagnostics)
    if (d.severity !== "info") counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  return counts;
}

/** Renders a tree's HTML page into a scratch folder; its path. */
async function page(tree: string): Promise<string> {
  const out = join(scratch(), "graph.html");
  const r = await cli(["graph", tree, "-f", "html", "-o", out]);
  expect(r).toMatchObject({ status: 0, stderr: "" });
  return out;
}

const attrs = (dom: string, re: RegExp): string[] => [...dom.matchAll(re)].map((m) => m[1] as string);
const reachEdges = (dom: string, code: string): number =>
  [...dom.matchAll(/<path [^>]*class="edge reach pass"[^>]*>/g)].filter((m) => m[0].includes(`data-code="${code}"`)).length;

describe.skipIf(!haveChromium)("the graph's HTML page in headless Chromium", () => {
  it("the example host: every jail shown, one red edge per JL202 and JL203 finding", async () => {
    const tree = join(repoRoot, "fixtures/example-host");
    const html = await page(tree);
    const dom = chromium(html, "--dump-dom");
    const jails = ["www", "db", "build", "legacy", "mail", "dns", "cache", "metrics"];
    expect(attrs(dom, /data-jail="([^"]*)"/g).sort()).toEqual([...jails].sort());
    for (const j of jails) expect(dom).toContain(`<div class="name">${j}</div>`);
    const counts = await findingCounts(tree);
    expect(counts.get("JL203")).toBe(1);
    expect(reachEdges(dom, "JL202")).toBe(counts.get("JL202") ?? 0);
    expect(reachEdges(dom, "JL203")).toBe(1);
    // The script ran and drew every edge it was given (rdr, nat and the red one), each with a label for its code.
    expect(dom).toContain('data-edges-drawn="4"');
    expect(dom).toMatch(/<text [^>]*class="label reach pass"[^>]*>JL203<\/text>/);
    // The exposed loopback is drawn in red.
    expect(dom).toContain('<div class="jail exposed" data-node="jail:www" data-jail="www">');
    const shot = join(scratch(), "example.png");
    chromium(html, `--screenshot=${shot}`);
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe("PNG");
  }, 120_000);

  it("a host where pf is off: the JL202 finding is a red edge", async () => {
    const tree = join(repoRoot, "fixtures/hosts/pf-disabled");
    const dom = chromium(await page(tree), "--dump-dom");
    const counts = await findingCounts(tree);
    expect(counts.get("JL202")).toBe(1);
    expect(reachEdges(dom, "JL202")).toBe(1);
    expect(attrs(dom, /data-jail="([^"]*)"/g)).toEqual(["www", "db"]);
  }, 120_000);

  it("a JL202 'could not decide' (info) is an amber edge, not a red one", async () => {
    const dir = scratch();
    mkdirSync(join(dir, "etc"));
    writeFileSync(join(dir, "etc/jail.conf"), 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\ndb {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n');
    writeFileSync(join(dir, "etc/rc.conf"), 'cloned_interfaces="lo1"\npf_enable="YES"\n');
    writeFileSync(
      join(dir, "etc/pf.conf"),
      "set skip on lo0\nblock all\npass out all\npass in on lo1 proto tcp from lo1 to lo1 user root\n",
    );
    const dom = chromium(await page(dir), "--dump-dom");
    expect(reachEdges(dom, "JL202")).toBe(0);
    expect(dom.match(/<path [^>]*class="edge reach unknown" data-code="JL202"/g)).toHaveLength(1);
  }, 120_000);

  it("200 jails: every jail in the page, big groups collapsed, the red edges drawn to their summaries", async () => {
    const dir = scratch();
    mkdirSync(join(dir, "etc"));
    const names = Array.from({ length: 200 }, (_, i) => `j${String(i).padStart(3, "0")}`);
    // 190 jails on lo1 (a collapsed group), 10 on lo2 (open); pf passes everything between them.
    const jail = names
      .map((n, i) => `${n} {\n  ip4.addr = "${i < 190 ? `lo1|127.0.1.${i + 1}` : `lo2|127.0.2.${i - 189}`}/32";\n}\n`)
      .join("");
    writeFileSync(join(dir, "etc/jail.conf"), jail);
    writeFileSync(join(dir, "etc/rc.conf"), 'cloned_interfaces="lo1 lo2"\npf_enable="YES"\n');
    writeFileSync(join(dir, "etc/pf.conf"), "set skip on lo0\npass all\n");
    const html = await page(dir);
    const dom = chromium(html, "--dump-dom");
    expect(attrs(dom, /data-jail="([^"]*)"/g)).toEqual(names);
    expect(dom).toMatch(/<details class="group" data-node="if:lo1" data-jails="190">/);
    expect(dom).toMatch(/<details class="group" open="" data-node="if:lo2" data-jails="10">/);
    const counts = await findingCounts(dir);
    expect(counts.get("JL202")).toBeGreaterThan(0);
    expect(reachEdges(dom, "JL202")).toBe(counts.get("JL202"));
    const shot = join(scratch(), "200.png");
    chromium(html, `--screenshot=${shot}`);
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe("PNG");
  }, 120_000);
});
