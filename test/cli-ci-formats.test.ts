import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { FORMATTERS } from "../packages/cli/src/formatters/index.js";
import { jaillint, scratch } from "./support/cli.js";
import { repoRoot } from "./support/corpus.js";
import { expectGolden } from "./support/golden.js";

// The CI formats users asked for in issue 12: GitLab Code Quality, JUnit XML and Azure Pipelines logging commands.
// Each is checked byte for byte on the example host (goldens: UPDATE_GOLDEN=1 to accept a change, then read the
// diff), against its consumer's schema or parser, and with text from a configuration file that attacks it.

const golden = (name: string): string => join(repoRoot, "fixtures/formats", name);
const exampleHost = (format: string): string => {
  const r = jaillint([".", "-f", format], scratch("example-host"));
  expect(r.status).toBe(1);
  expect(r.stderr).toBe("");
  return r.stdout;
};

interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number; end: number } };
}

describe("--format gitlab", () => {
  const out = exampleHost("gitlab");
  const issues = JSON.parse(out) as CodeQualityIssue[];

  it("prints the example host's findings exactly", () => {
    expectGolden(golden("example-host.gitlab.golden.json"), out);
    expect(issues).toHaveLength(24);
  });

  it("every finding passes GitLab's own schema and the documented fields, with one fingerprint each", () => {
    // The schema GitLab validates each finding with before it keeps it (app/validators/json_schemas/codeclimate.json).
    const schema = JSON.parse(readFileSync(join(repoRoot, "test/schemas/gitlab-codeclimate.json"), "utf8"));
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    for (const issue of issues) expect(validate(issue), JSON.stringify(validate.errors)).toBe(true);
    // What GitLab's docs ask beyond it: a JSON array (no byte-order mark), severity from its five, a relative path
    // and a begin line; check_name names the rule.
    expect(out.charCodeAt(0)).toBe("[".charCodeAt(0));
    for (const issue of issues) {
      expect(["info", "minor", "major", "critical", "blocker"]).toContain(issue.severity);
      expect(issue.check_name).toMatch(/^JL\d{3} [a-z0-9-]+$/);
      expect(issue.location.path).toMatch(/^etc\/[^/]/);
      expect(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1).toBe(true);
      expect(issue.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    }
    // GitLab keeps one finding per fingerprint: two equal ones would hide a finding.
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    expect(issues.map((i) => i.severity).filter((s, i, a) => a.indexOf(s) === i)).toEqual(["major", "minor", "info"]);
  });

  it("keeps each fingerprint across runs and line moves, and changes it with the finding", () => {
    const d = scratch("example-host");
    const key = (i: CodeQualityIssue) => `${i.location.path} ${i.check_name} ${i.description}`;
    const before = new Map(issues.map((i) => [key(i), i]));
    expect(jaillint([".", "-f", "gitlab"], d).stdout).toBe(out);
    // Three lines above everything, and an edit of an unrelated line (the dns jail's hostname is nobody's finding).
    const jail = readFileSync(join(d, "etc/jail.conf"), "utf8");
    writeFileSync(
      join(d, "etc/jail.conf"),
      `# moved\n# down\n# three lines\n${jail.replace('ip4.addr = "lo1|127.0.1.5/32";\n    sysvmsg', 'ip4.addr = "lo1|127.0.1.5/32";\n    host.hostname = "dns.example.org";\n    sysvmsg')}`.replace(
        "securelevel = 1;",
        "securelevel = 2;",
      ),
    );
    const after = JSON.parse(jaillint([".", "-f", "gitlab"], d).stdout) as CodeQualityIssue[];
    const moved = after.filter((i) => i.location.path === "etc/jail.conf");
    expect(moved.length).toBe(issues.filter((i) => i.location.path === "etc/jail.conf").length);
    const changed: string[] = [];
    for (const i of after) {
      const b = before.get(key(i));
      if (!b) {
        changed.push(i.check_name);
        continue;
      }
      expect(i.fingerprint, key(i)).toBe(b.fingerprint);
      // Three lines down, four below the added hostname (after line 45).
      const shift = i.location.path !== "etc/jail.conf" ? 0 : b.location.lines.begin > 45 ? 4 : 3;
      expect(i.location.lines.begin, key(i)).toBe(b.location.lines.begin + shift);
    }
    // The one finding whose text changed (securelevel 1 → 2) is a new finding, with a new fingerprint.
    expect(changed).toEqual(["JL103 low-securelevel"]);
    const old = issues.find((i) => i.check_name === "JL103 low-securelevel");
    expect(after.find((i) => i.check_name === "JL103 low-securelevel")?.fingerprint).not.toBe(old?.fingerprint);
  });

  it("tells equal findings in different files apart, and prints [] when there are none", () => {
    const d = scratch();
    const text = "www {\n  securelevel = 3;\n  allow.raw_sockets;\n}\n";
    writeFileSync(join(d, "a.jail.conf"), text);
    writeFileSync(join(d, "b.jail.conf"), text);
    const two = JSON.parse(jaillint(["a.jail.conf", "b.jail.conf", "-f", "gitlab"], d).stdout) as CodeQualityIssue[];
    expect(two.map((i) => [i.location.path, i.check_name])).toEqual([
      ["a.jail.conf", "JL104 raw-sockets-allowed"],
      ["b.jail.conf", "JL104 raw-sockets-allowed"],
    ]);
    expect(two[0]?.fingerprint).not.toBe(two[1]?.fingerprint);
    writeFileSync(join(d, "c.jail.conf"), "www {\n  securelevel = 3;\n}\n");
    expect(jaillint(["c.jail.conf", "-f", "gitlab"], d)).toMatchObject({ status: 0, stdout: "[]\n" });
  });
});

/** xmllint (libxml2, as WebAssembly) against the Jenkins/Surefire JUnit schema: the errors, none when valid. */
async function junitErrors(xml: string): Promise<string[]> {
  const schema = readFileSync(join(repoRoot, "test/schemas/junit-10.xsd"), "utf8");
  const r = await validateXML({
    xml: [{ fileName: "report.xml", contents: xml }],
    schema: [{ fileName: "junit-10.xsd", contents: schema }],
  });
  return r.valid ? [] : r.errors.map((e) => e.rawMessage);
}

describe("--format junit", () => {
  it("prints the example host exactly: one testcase per file and rule, each finding in its failure", async () => {
    const out = exampleHost("junit");
    expectGolden(golden("example-host.junit.golden.xml"), out);
    expect(await junitErrors(out)).toEqual([]);
    // 24 findings in 23 file × rule pairs (rc.conf's two JL301 findings share one testcase).
    expect(out.split("\n")[1]).toBe('<testsuites name="jaillint" tests="23" failures="23" errors="0">');
    expect(out.match(/<testcase /g)).toHaveLength(23);
    expect(out.match(/(?:^|>)etc\/[^:]+:\d+:\d+: (error|warning|info): /gm)).toHaveLength(24);
  });

  it("counts a clean file as one passing testcase", async () => {
    const d = scratch();
    writeFileSync(join(d, "jail.conf"), "www {\n  securelevel = 3;\n}\n");
    const out = jaillint(["jail.conf", "-f", "junit"], d).stdout;
    expect(out).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<testsuites name="jaillint" tests="1" failures="0" errors="0">',
        '  <testsuite name="jail.conf" tests="1" failures="0" errors="0" skipped="0" file="jail.conf">',
        '    <testcase classname="jail.conf" name="jaillint"/>',
        "  </testsuite>",
        "</testsuites>",
        "",
      ].join("\n"),
    );
    expect(await junitErrors(out)).toEqual([]);
    // The validator does reject what the schema forbids: a testcase without a name.
    expect(await junitErrors(out.replace('classname="jail.conf" name="jaillint"', 'classname="jail.conf"'))).toEqual([
      expect.stringContaining("Element 'testcase': The attribute 'name' is required but missing."),
    ]);
  });

  it("stays valid XML with markup, a CDATA end, control characters and bidi overrides in the file", async () => {
    const d = scratch();
    const name = `a&b <"c'> ]]>.jail.conf`;
    writeFileSync(join(d, name), 'www {\n  securelevel = "3 ]]></failure><x>&amp;\u001b[2J\u202e\u0000\ny";\n}\n');
    const r = jaillint([name, "-f", "junit"], d);
    expect(r.status).toBe(1);
    expect(await junitErrors(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('<testsuite name="a&amp;b &lt;&quot;c&apos;&gt; ]]&gt;.jail.conf"');
    expect(r.stdout).toContain(
      "&quot;3 ]]&gt;&lt;/failure&gt;&lt;x&gt;&amp;amp;\\x1b[2J&#x202e;\\x00\\ny&quot; (jail(8): non-integer value)</failure>",
    );
  });
});

/**
 * Azure's agent reading one line of a step's output (azure-pipelines-agent, Command.TryParse): the command runs
 * from the first `##vso[` to the first `]` after it, properties are split at `;` and decoded, and the rest of the
 * line is the message. `%AZP25` is decoded last, as the agent does for `%`.
 */
function agentParse(line: string) {
  const prefix = line.indexOf("##vso[");
  if (prefix < 0) return undefined;
  const rb = line.indexOf("]", prefix);
  if (rb < 0) return undefined;
  const decode = (s: string) =>
    s
      .replace(/%3B/g, ";")
      .replace(/%0D/g, "\r")
      .replace(/%0A/g, "\n")
      .replace(/%5D/g, "]")
      .replace(/%AZP25/g, "%");
  const info = line.slice(prefix + "##vso[".length, rb);
  const space = info.indexOf(" ");
  const name = space < 0 ? info : info.slice(0, space);
  const properties: Record<string, string> = {};
  if (space > 0)
    for (const p of info.slice(space + 1).split(";")) {
      const eq = p.indexOf("=");
      if (eq > 0 && eq < p.length - 1) properties[p.slice(0, eq)] = decode(p.slice(eq + 1));
    }
  return { prefix, name, properties, data: decode(line.slice(rb + 1)) };
}

describe("--format azure", () => {
  it("prints the example host exactly, one task.logissue per finding", () => {
    const out = exampleHost("azure");
    expectGolden(golden("example-host.azure.golden.txt"), out);
    const lines = out.split(/\r\n|\r|\n/).slice(0, -1);
    expect(lines).toHaveLength(24);
    expect(agentParse(lines[2] as string)).toEqual({
      prefix: 0,
      name: "task.logissue",
      properties: { type: "warning", sourcepath: "etc/jail.conf", linenumber: "18", columnnumber: "5", code: "JL104" },
      data: 'allow.raw_sockets lets root in jail "www" craft raw packets and probe the network: remove it unless the jail really needs ping-like tools [JL104 raw-sockets-allowed]',
    });
  });

  it("lets no text from a configuration file end its command or start another", () => {
    const d = scratch();
    // A path and a value that try to close the command, add a property, forge the escapes and break the line.
    const name = "x;type=error]y%3B%AZP25.jail.conf";
    const value = "3];code=X]##vso[task.setvariable variable=PWNED]yes;%0A%5D%AZP25\n##vso[task.complete result=Failed;]done\r!";
    writeFileSync(join(d, name), `www {\n  securelevel = "${value}";\n}\n`);
    const json = JSON.parse(jaillint([name, "-f", "json"], d).stdout) as { diagnostics: { message: string }[] };
    expect(json.diagnostics.map((x) => x.message)).toEqual([`"securelevel" takes an integer, not "${value}" (jail(8): non-integer value)`]);
    const out = jaillint([name, "-f", "azure"], d).stdout;
    // The agent reads lines as .NET's ReadLine does: a CR, an LF or both end one.
    const lines = out.split(/\r\n|\r|\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe("");
    expect(agentParse(lines[0] as string)).toEqual({
      prefix: 0,
      name: "task.logissue",
      properties: { type: "error", sourcepath: name, linenumber: "2", columnnumber: "17", code: "JL003" },
      data: `${json.diagnostics[0]?.message} [JL003 invalid-parameter-value]`,
    });
    expect(lines[0]).toBe(
      "##vso[task.logissue type=error;sourcepath=x%3Btype=error%5Dy%AZP253B%AZP25AZP25.jail.conf;linenumber=2;columnnumber=17;code=JL003;]" +
        '"securelevel" takes an integer, not "3];code=X]##vso[task.setvariable variable=PWNED]yes;%AZP250A%AZP255D%AZP25AZP25%0A##vso[task.complete result=Failed;]done%0D!" (jail(8): non-integer value) [JL003 invalid-parameter-value]',
    );
  });
});

describe("the README", () => {
  it("names every format in the option table and in the formats table, and no other", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const option = readme.split("\n").find((l) => l.startsWith("| `-f, --format <format>`")) ?? "";
    const listed = [...(option.split("|")[2] ?? "").matchAll(/`([a-z]+)`/g)].map((m) => m[1]);
    const section = readme.slice(readme.indexOf("## Output formats"), readme.indexOf("## CI usage"));
    const rows = [...section.matchAll(/^\| `([a-z]+)`/gm)].map((m) => m[1]);
    expect(listed).toEqual(Object.keys(FORMATTERS));
    expect(rows).toEqual(Object.keys(FORMATTERS));
  });
});
