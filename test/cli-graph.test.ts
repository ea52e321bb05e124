import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../packages/cli/dist/index.js";
import { capturingIo, jaillint, scratch } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";
import { expectGolden } from "./support/golden.js";

const HOSTS = join(repoRoot, "fixtures/hosts");
const TREES = [
  "fixtures/example-host",
  ...readdirSync(HOSTS)
    .filter((d) => existsSync(join(HOSTS, d, "etc")))
    .map((d) => `fixtures/hosts/${d}`),
];

async function graph(args: readonly string[], cwd = repoRoot) {
  const { io, out } = capturingIo(cwd);
  const status = await run(["graph", ...args], io);
  return { status, ...out };
}

const haveDot = spawnSync("dot", ["-V"], { encoding: "utf8" }).status === 0;
if (!haveDot) console.warn("NOTICE: Graphviz's dot is absent (Debian package graphviz); the graph command's SVG tests are skipped.");

/**
 * A host whose jail names and pf.conf hold everything that could break out of a DOT, Mermaid or HTML string: quotes,
 * markup, `#` and `&` entities, backslash escapes, `|` and backticks, a right-to-left override and an ESC.
 */
function hostileTree(): { dir: string; name: string } {
  const dir = scratch();
  mkdirSync(join(dir, "etc"));
  // In jail.conf's double quotes `\"` is a quote and `\\` a backslash (jail(8) jail.conf.5, "escape sequences").
  const written = 'evil\\"<script>alert(1)</script><img src=x onerror=alert(2)>&#35;{x}|`\\\\l\u202e\u001b[31m';
  const name = 'evil"<script>alert(1)</script><img src=x onerror=alert(2)>&#35;{x}|`\\l\u202e\u001b[31m';
  writeFileSync(
    join(dir, "etc/jail.conf"),
    `"${written}" {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\ndb {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n`,
  );
  writeFileSync(join(dir, "etc/rc.conf"), 'cloned_interfaces="lo1"\n');
  return { dir, name };
}

describe("jaillint graph", () => {
  for (const tree of TREES) {
    for (const [format, ext] of [
      ["dot", "dot"],
      ["mermaid", "mmd"],
    ] as const) {
      it(`${tree}: --format ${format} matches graph.golden.${ext}`, async () => {
        const r = await graph([tree, "-f", format]);
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
        expectGolden(join(repoRoot, tree, `graph.golden.${ext}`), r.stdout);
      });
    }
  }

  it("draws the example host's exposed loopback in red and the reach finding as a red edge with its code", async () => {
    const r = await graph(["fixtures/example-host"]);
    expect(r.stdout).toContain('"jail:www" [label="www\\l203.0.113.10 on em0 [primary JL201]\\l');
    expect(r.stdout).toMatch(/"jail:www" \[.*color="#c00000"/);
    expect(r.stdout.match(/class="reach JL20[23]"/g)).toEqual(['class="reach JL203"']);
    expect(r.stdout).toContain('"rdr:1" -> "nowhere:127.0.1.9" [label="rdr → 127.0.1.9 JL209", color="#c00000"]');
  });

  it("the README's Mermaid example is the pf-disabled host's output", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const golden = readFileSync(join(repoRoot, "fixtures/hosts/pf-disabled/graph.golden.mmd"), "utf8");
    expect(readme).toContain(`\`jaillint graph fixtures/hosts/pf-disabled -f mermaid\``);
    expect(readme).toContain(`\`\`\`mermaid\n${golden}\`\`\``);
  });

  it("--help has examples", () => {
    const r = jaillint(["graph", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Usage: jaillint graph [options] [tree]");
    expect(r.stdout).toContain('-f, --format <format>  output format (choices: "dot", "mermaid", "svg",');
    expect(r.stdout).toMatch(/"html", default: "dot"\)\n/);
    expect(r.stdout).toContain("jaillint graph /mnt/host -f svg -o host.svg");
  });

  it("a tree that does not exist, a tree without jail.conf and a wrong format are one line and status 2", async () => {
    const missing = await graph(["no/such/tree"]);
    expect(missing).toMatchObject({ status: 2, stdout: "", stderr: "jaillint: cannot read no/such/tree: no such file or directory\n" });
    const empty = scratch();
    mkdirSync(join(empty, "etc"));
    writeFileSync(join(empty, "etc/fstab"), "");
    expect(await graph(["."], empty)).toMatchObject({
      status: 2,
      stdout: "",
      stderr: "jaillint: no jail.conf, rc.conf or pf.conf found in . (looked in . and etc)\n",
    });
    const r = jaillint(["graph", "fixtures/example-host", "-f", "png"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "jaillint: option '-f, --format <format>' argument 'png' is invalid. Allowed choices are dot, mermaid, svg, html.\n",
    );
  });

  it("--format svg without Graphviz on PATH says what to install, status 2", () => {
    const r = jaillint(["graph", "fixtures/example-host", "-f", "svg"], repoRoot, undefined, { PATH: scratch() });
    expect(r).toMatchObject({
      status: 2,
      stdout: "",
      stderr: "jaillint: --format svg needs Graphviz's dot (Debian package graphviz): not found on PATH\n",
    });
  });

  it.skipIf(!haveDot)("--format svg lays the DOT out with Graphviz, the findings' codes in it", () => {
    const r = jaillint(["graph", "fixtures/example-host", "-f", "svg"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^<\?xml/);
    expect(r.stdout).toContain("<svg");
    expect(r.stdout).toContain("JL203: 6 jails&#39; loopback reachable (5 sources)");
    expect(r.stdout).toContain("JL201 exposed loopback: localhost is the primary address");
  });

  it("-o writes the drawing to a file", async () => {
    const d = scratch();
    const r = await graph([join(repoRoot, "fixtures/example-host"), "-f", "mermaid", "-o", "host.mmd"], d);
    expect(r).toMatchObject({ status: 0, stdout: "", stderr: "" });
    expect(readFileSync(join(d, "host.mmd"), "utf8")).toBe(readFileSync(join(repoRoot, "fixtures/example-host/graph.golden.mmd"), "utf8"));
  });

  it("the HTML page is self-contained: nothing fetched, no source allowed by its policy", async () => {
    const r = await graph(["fixtures/example-host", "-f", "html"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">",
    );
    expect(r.stdout).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:|\/\/)/i);
    expect(r.stdout).not.toMatch(/<link\b|@import|url\(/i);
    for (const jail of ["www", "db", "build", "legacy", "mail", "dns", "cache", "metrics"])
      expect(r.stdout).toContain(`data-jail="${jail}"`);
  });

  it("escapes hostile jail names in DOT, Mermaid and HTML", async () => {
    const { dir, name } = hostileTree();
    const dot = await graph(["."], dir);
    expect(dot.status).toBe(0);
    // The name as one DOT string: its quote and backslash escaped, the bidi override and ESC shown as escapes.
    expect(dot.stdout).toContain(
      '"jail:evil\\"<script>alert(1)</script><img src=x onerror=alert(2)>&#35;{x}|`\\\\l\\\\u{202e}\\\\x1b[31m" [label="evil\\"<script>',
    );
    expect([dot.stdout.includes("\u202e"), dot.stdout.includes("\u001b")]).toEqual([false, false]);
    if (haveDot) {
      const laid = spawnSync("dot", ["-Tsvg"], { input: dot.stdout, encoding: "utf8" });
      expect(laid.status).toBe(0);
      // Graphviz shows the name as text: its markup arrives escaped.
      expect(laid.stdout).toContain("evil&quot;&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(laid.stdout).not.toContain("<script");
    }
    const mermaid = await graph([".", "-f", "mermaid"], dir);
    expect(mermaid.stdout).toContain(
      '  n1["evil#quot;#lt;script#gt;alert(1)#lt;/script#gt;#lt;img src=x onerror=alert(2)#gt;#amp;#35;35;{x}#124;#96;\\l\\u{202e}\\x1b[31m<br/>127.0.1.1 on lo1 [primary JL202]<br/>also: JL103"]',
    );
    const html = await graph([".", "-f", "html"], dir);
    expect(html.stdout).not.toContain("<script>alert");
    expect(html.stdout).not.toContain("<img");
    expect(html.stdout).toContain(
      '<div class="name">evil&quot;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&amp;#35;{x}|`\\l\\u{202e}\\x1b[31m</div>',
    );
    // In the edges' JSON nothing can end the <script> element.
    const json = /<script type="application\/json" id="edges">(.*?)<\/script>/s.exec(html.stdout)?.[1] ?? "";
    expect(json).not.toMatch(/[<>]/);
    expect(JSON.parse(json)).toEqual([expect.objectContaining({ cls: "reach pass", code: "JL202", from: "jail:db" })]);
    expect(JSON.parse(json)[0].to).toBe(`jail:${name.replace("\u202e", "\\u{202e}").replace("\u001b", "\\x1b")}`);
  });
});
