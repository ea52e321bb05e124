import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { jaillint, scratch } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";

const JAIL = 'www {\n  securelevel = 3;\n  allow.sysvipc;\n  host.hostname = "a,b:c";\n}\n';

function dir(): string {
  const d = scratch();
  writeFileSync(join(d, "jail.conf"), JAIL);
  return d;
}

describe("output formats", () => {
  it("stylish (default) names each finding's code", () => {
    const r = jaillint(["jail.conf"], dir());
    expect(r.stdout).toContain("JL101 deprecated-allow-sysvipc [fixable]");
    expect(r.stdout).toContain("Run `jaillint explain CODE`");
  });

  // The JSON format's exact shape is asserted in cli-lint.test.ts ("prints the JSON format exactly as specified").

  it("gcc, github and checkstyle", () => {
    const d = dir();
    const gcc = jaillint(["jail.conf", "-f", "gcc"], d).stdout;
    expect(gcc).toMatch(/^jail\.conf:3:3: warning: "allow\.sysvipc" is deprecated .* \[JL101\]\n$/);
    const gh = jaillint(["jail.conf", "-f", "github"], d).stdout;
    expect(gh).toMatch(
      /^::warning file=jail\.conf,line=3,col=3,endLine=3,endColumn=17,title=JL101 deprecated-allow-sysvipc::"allow\.sysvipc" is deprecated .* \[JL101\]\n$/,
    );
    const cs = jaillint(["jail.conf", "-f", "checkstyle"], d).stdout;
    expect(cs.split("\n").slice(0, 4)).toEqual([
      '<?xml version="1.0" encoding="utf-8"?>',
      '<checkstyle version="4.3">',
      '  <file name="jail.conf">',
      expect.stringMatching(
        /^ {4}<error line="3" column="3" severity="warning" message="&quot;allow\.sysvipc&quot; is deprecated .*\[JL101\]" source="jaillint\.JL101\.deprecated-allow-sysvipc"\/>$/,
      ),
    ]);
  });

  it("--output writes the report to a file", () => {
    const d = dir();
    const r = jaillint(["jail.conf", "-f", "gcc", "--output", "report.txt"], d);
    expect(r.stdout).toBe("");
    expect(readFileSync(join(d, "report.txt"), "utf8")).toContain("[JL101]");
  });

  it("--output into a missing directory, or onto a file being linted, is one clear line and exit 2", () => {
    const d = dir();
    expect(jaillint(["jail.conf", "--output", "nodir/report.txt"], d)).toMatchObject({
      status: 2,
      stderr: "jaillint: cannot write nodir/report.txt: no such file or directory\n",
    });
    const r = jaillint(["jail.conf", "-f", "json", "--output", "jail.conf"], d);
    expect(r).toMatchObject({ status: 2, stderr: "jaillint: --output jail.conf is a file being linted: not overwritten\n" });
    expect(readFileSync(join(d, "jail.conf"), "utf8")).toBe(JAIL);
    expect(jaillint(["jail.conf", "--write-baseline", "./jail.conf"], d).status).toBe(2);
    expect(readFileSync(join(d, "jail.conf"), "utf8")).toBe(JAIL);
  });

  it("checkstyle escapes XML in paths and messages, line breaks included", () => {
    const d = scratch();
    const name = `a&b <"c'> é.jail.conf`;
    writeFileSync(join(d, name), 'www {\n  securelevel = 3;\n  allow.raw_sockets;\n  host.hostname = "x\ny";\n}\n');
    const r = jaillint([name, "-f", "checkstyle"], d);
    expect(r.stdout).toContain('<file name="a&amp;b &lt;&quot;c&apos;&gt; é.jail.conf">');
    expect(r.stdout).not.toMatch(/<error [^>]*\n/);
  });

  it("sarif encodes spaces and non-ASCII characters in relative URIs", () => {
    const d = scratch();
    writeFileSync(join(d, "my jails é.jail.conf"), JAIL);
    const log = JSON.parse(jaillint(["my jails é.jail.conf", "-f", "sarif"], d).stdout);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: "my%20jails%20%C3%A9.jail.conf",
      uriBaseId: "%SRCROOT%",
    });
  });

  it("places findings where an editor shows them: after a BOM, lone CRs and an emoji", () => {
    const d = scratch();
    writeFileSync(join(d, "jail.conf"), '\ufeffwww {\r  host.hostname = "😀"; allow.sysvipc;\r\n  securelevel = 3;\r}\n');
    expect(
      jaillint(["jail.conf", "-f", "gcc"], d)
        .stdout.split("\n")
        .map((l) => l.split(": ").slice(0, 2).join(": ")),
    ).toEqual(["jail.conf:1:1: error", "jail.conf:2:24: warning", ""]);
    // Columns count code points in every format but SARIF, which says it counts UTF-16 code units.
    const json = JSON.parse(jaillint(["jail.conf", "-f", "json"], d).stdout);
    expect(json.diagnostics[1].range).toEqual({ start: { line: 2, column: 24 }, end: { line: 2, column: 38 } });
    const sarif = JSON.parse(jaillint(["jail.conf", "-f", "sarif"], d).stdout).runs[0];
    expect(sarif.results[1].locations[0].physicalLocation.region).toEqual({ startLine: 2, startColumn: 25, endLine: 2, endColumn: 39 });
  });

  it("never splits an emoji: an unquoted one is one unexpected character, with no lone surrogate in JSON", () => {
    const d = scratch();
    writeFileSync(join(d, "jail.conf"), "securelevel = 3;\nwww { 😀 persist; }\n");
    const out = jaillint(["jail.conf", "-f", "json"], d).stdout;
    expect(out).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i);
    expect(JSON.parse(out).diagnostics.map((x: { message: string; range: unknown }) => [x.message, x.range])).toEqual([
      ["unexpected character '😀': quote values that contain it", { start: { line: 2, column: 7 }, end: { line: 2, column: 8 } }],
    ]);
  });

  describe("a config that attacks the terminal", () => {
    // An OSC title change and a screen clear (ESC … BEL), a right-to-left override, an isolate and a C1 CSI in a
    // value that a message quotes, after an emoji (columns count code points) on a line that follows a lone CR.
    const d = scratch();
    writeFileSync(join(d, "jail.conf"), 'www {\r  # 😀\n  securelevel = "3\u001b]0;pwned\u0007\u001b[2J\u202e\u2066\u009b";\n}\n');
    const shown = '"securelevel" takes an integer, not "3\\x1b]0;pwned\\x07\\x1b[2J\\u{202e}\\u{2066}\\u{9b}" (jail(8): non-integer value)';
    const run = (format: string) => jaillint(["jail.conf", "-f", format], d);
    /** Everything a terminal acts on, but the output's own line breaks. */
    const raw = (out: string) =>
      [...out].filter((ch) => {
        const c = ch.codePointAt(0) as number;
        return (
          (c < 0x20 && c !== 0x09 && c !== 0x0a) ||
          (c >= 0x7f && c <= 0x9f) ||
          c === 0x061c ||
          (c >= 0x200b && c <= 0x200f) ||
          (c >= 0x202a && c <= 0x202e) ||
          (c >= 0x2066 && c <= 0x2069)
        );
      });

    it("stylish", () => {
      const r = run("stylish");
      expect(r.status).toBe(1);
      expect(r.stdout.split("\n").slice(0, 4)).toEqual([
        "jail.conf",
        `  3:17    error   ${shown}  JL003 invalid-parameter-value`,
        '  3 |   securelevel = "3\\x1b]0;pwned\\x07\\x1b[2J\\u{202e}\\u{2066}\\u{9b}";',
        `    |                 ${"^".repeat(48)}`,
      ]);
      expect(raw(r.stdout)).toEqual([]);
    });
    it("gcc", () => {
      expect(run("gcc").stdout).toBe(`jail.conf:3:17: error: ${shown} [JL003]\n`);
    });
    it("github", () => {
      expect(run("github").stdout).toBe(
        `::error file=jail.conf,line=3,col=17,endLine=3,endColumn=37,title=JL003 invalid-parameter-value::${shown} [JL003]\n`,
      );
    });
    it("json and sarif: JSON escapes only, the message decodes back exactly", () => {
      const json = run("json").stdout;
      const sarif = run("sarif").stdout;
      expect([raw(json), raw(sarif)]).toEqual([[], []]);
      const message = '"securelevel" takes an integer, not "3\u001b]0;pwned\u0007\u001b[2J\u202e\u2066\u009b" (jail(8): non-integer value)';
      expect(JSON.parse(json).diagnostics[0].message).toBe(message);
      expect(JSON.parse(json).diagnostics[0].range).toEqual({ start: { line: 3, column: 17 }, end: { line: 3, column: 37 } });
      expect(json).toContain("\\u001b]0;pwned\\u0007\\u001b[2J\\u202e\\u2066\\u009b");
      const result = JSON.parse(sarif).runs[0].results[0];
      expect(result.message.text).toBe(message);
      expect(result.locations[0].physicalLocation.region).toEqual({ startLine: 3, startColumn: 17, endLine: 3, endColumn: 37 });
    });
    it("checkstyle", () => {
      const out = run("checkstyle").stdout;
      expect(out.split("\n")[3]).toBe(
        '    <error line="3" column="17" severity="error" message="&quot;securelevel&quot; takes an integer, not &quot;3\\x1b]0;pwned\\x07\\x1b[2J&#x202e;&#x2066;&#x9b;&quot; (jail(8): non-integer value) [JL003]" source="jaillint.JL003.invalid-parameter-value"/>',
      );
      expect(raw(out)).toEqual([]);
    });
  });

  describe("sarif", () => {
    const d = scratch("example-host");
    const r = jaillint([".", "-f", "sarif", "-o", "out.sarif"], d);
    const log = JSON.parse(readFileSync(join(d, "out.sarif"), "utf8"));

    it("is valid against the official SARIF 2.1.0 schema", () => {
      expect(r.status).toBe(1);
      const schema = JSON.parse(readFileSync(join(repoRoot, "test/schemas/sarif-schema-2.1.0.json"), "utf8"));
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats.default(ajv);
      const validate = ajv.compile(schema);
      expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    });

    it("names rules with help and points at files relative to %SRCROOT%", () => {
      const run = log.runs[0];
      expect(run.tool.driver.name).toBe("jaillint");
      const jl101 = run.tool.driver.rules.find((x: { id: string }) => x.id === "JL101");
      expect(jl101.helpUri).toMatch(/\/docs\/rules\/JL101\.md$/);
      expect(jl101.help.markdown).toContain("## Why it matters");
      const res = run.results.find((x: { ruleId: string }) => x.ruleId === "JL101");
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe("JL101");
      expect(res.locations[0].physicalLocation).toEqual({
        artifactLocation: { uri: "etc/jail.conf", uriBaseId: "%SRCROOT%" },
        region: { startLine: 24, startColumn: 5, endLine: 24, endColumn: 19 },
      });
      expect(res.partialFingerprints["jaillintFingerprint/v1"]).toMatch(/^[0-9a-f]{14}:0$/);
      expect(res.fixes[0].artifactChanges[0].replacements[0].insertedContent.text).toBe("sysvmsg = new; sysvsem = new; sysvshm = new;");
    });

    const multitool = join(repoRoot, "node_modules/.bin/sarif-multitool");
    const canRun = existsSync(multitool) && spawnSync(multitool, ["--version"], { encoding: "utf8" }).status === 0;
    if (!canRun) console.warn("NOTICE: @microsoft/sarif-multitool cannot run here; the SARIF multitool validation is skipped.");
    it.skipIf(!canRun)(
      "Microsoft's SARIF multitool reports no errors",
      () => {
        const out = join(d, "validation.sarif");
        const v = spawnSync(multitool, ["validate", join(d, "out.sarif"), "--output", out], { encoding: "utf8", timeout: 120_000 });
        const results = JSON.parse(readFileSync(out, "utf8")).runs[0].results as {
          level?: string;
          ruleId: string;
          message: { text?: string; arguments?: string[] };
        }[];
        const errors = results.filter((x) => (x.level ?? "warning") === "error");
        expect(errors, `${v.stdout}\n${JSON.stringify(errors, null, 2)}`).toEqual([]);
      },
      120_000,
    );
  });
});
