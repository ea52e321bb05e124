import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jaillint, scratch } from "./support/cli.js";

const JAIL = "www {\n  securelevel = 0;\n  allow.raw_sockets;\n  allow.chflags;\n}\n";

function tree(config?: unknown): string {
  const dir = scratch();
  mkdirSync(join(dir, "etc/jail.conf.d"), { recursive: true });
  writeFileSync(join(dir, "etc/jail.conf"), JAIL);
  writeFileSync(join(dir, "etc/jail.conf.d/lab.conf"), JAIL.replace("www", "lab"));
  if (config !== undefined) writeFileSync(join(dir, "jaillint.config.json"), JSON.stringify(config));
  return dir;
}

describe("jaillint.config.json and --rule", () => {
  it("without configuration every rule runs at its default severity", () => {
    const r = jaillint(["etc", "-f", "gcc"], tree());
    expect(r.stdout).toBe(
      [
        'etc/jail.conf:2:17: warning: securelevel 0 for jail "www" is below 3: allow.chflags lets root in it clear the schg and sappnd flags (refused from securelevel 1); set securelevel = 3 [JL103]',
        'etc/jail.conf:3:3: warning: allow.raw_sockets lets root in jail "www" craft raw packets and probe the network: remove it unless the jail really needs ping-like tools [JL104]',
        'etc/jail.conf.d/lab.conf:2:17: warning: securelevel 0 for jail "lab" is below 3: allow.chflags lets root in it clear the schg and sappnd flags (refused from securelevel 1); set securelevel = 3 [JL103]',
        'etc/jail.conf.d/lab.conf:3:3: warning: allow.raw_sockets lets root in jail "lab" craft raw packets and probe the network: remove it unless the jail really needs ping-like tools [JL104]',
        "",
      ].join("\n"),
    );
    expect(r.status).toBe(0);
  });

  it("turns rules off, changes severity per file pattern and sets options; found upward from the linted file", () => {
    const dir = tree({
      rules: { "raw-sockets-allowed": "off", JL103: { options: { minimum: 2 } } },
      overrides: [{ files: ["etc/jail.conf.d/*.conf"], rules: { JL103: { severity: "error", options: { minimum: 1 } } } }],
    });
    const r = jaillint(["jail.conf", "-f", "gcc"], join(dir, "etc"));
    expect(r.stdout).toBe(
      'jail.conf:2:17: warning: securelevel 0 for jail "www" is below 2: allow.chflags lets root in it clear the schg and sappnd flags (refused from securelevel 1); set securelevel = 2 [JL103]\n',
    );
    const all = jaillint(["etc", "-f", "gcc", "--rule", "JL104=error", "--rule", "low-securelevel=off"], dir);
    expect(
      all.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.replace(/ lets root.*\[/, " [")),
    ).toEqual(["etc/jail.conf:3:3: error: allow.raw_sockets [JL104]", "etc/jail.conf.d/lab.conf:3:3: error: allow.raw_sockets [JL104]"]);
    expect(all.status).toBe(1);
  });

  it("--config names the file explicitly", () => {
    const dir = tree();
    writeFileSync(join(dir, "strict.json"), JSON.stringify({ rules: { JL104: "error" } }));
    const r = jaillint(["etc/jail.conf", "-f", "gcc", "--config", "strict.json", "--quiet"], dir);
    expect(r.stdout).toContain("etc/jail.conf:3:3: error: allow.raw_sockets");
    expect(r.status).toBe(1);
  });

  it("unknown keys, codes, levels and options are errors with a clear message (exit 2)", () => {
    const dir = tree({ rule: {}, rules: { JL999: "off", JL103: { options: { minimun: 2 } }, JL104: "warn" } });
    const r = jaillint(["etc"], dir);
    const cfg = join(dir, "jaillint.config.json");
    expect(r.stderr).toBe(
      [
        `jaillint: ${cfg}: unknown key "rule": expected one of rules, overrides`,
        `jaillint: ${cfg}: rules: unknown rule "JL999": run \`jaillint rules\` for the list`,
        `jaillint: ${cfg}: rules.JL103.options: JL103 has no option "minimun": expected minimum`,
        `jaillint: ${cfg}: rules.JL104: "warn" is not a level: expected off, info, warning or error`,
        "",
      ].join("\n"),
    );
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const flag = jaillint(["etc", "--rule", "JL103=of"], tree());
    expect(flag.stderr).toBe('jaillint: --rule JL103=of: "of" is not a level: expected off, info, warning or error\n');
    expect(flag.status).toBe(2);
  });

  it("invalid JSON names the line and column; a BOM is no error", () => {
    const dir = tree();
    const cfg = join(dir, "jaillint.config.json");
    writeFileSync(cfg, '{\n  "rules": {\n    "JL104": "off",\n  }\n}\n');
    const r = jaillint(["etc"], dir);
    expect(r.stderr).toMatch(new RegExp(`^jaillint: ${cfg}:4:3: invalid JSON: [^\\n]+\\n$`));
    expect(r.status).toBe(2);
    writeFileSync(cfg, '{"rules": {"JL104": "off"}');
    expect(jaillint(["etc"], dir).stderr).toMatch(new RegExp(`^jaillint: ${cfg}:1:27: invalid JSON: [^\\n]+\\n$`));
    writeFileSync(cfg, '\uFEFF{"rules": {"JL104": "off"}}');
    expect(jaillint(["etc", "-f", "gcc"], dir)).toMatchObject({ status: 0, stderr: "" });
  });

  it("a --config that is a directory or missing is one clear line", () => {
    const dir = tree();
    expect(jaillint(["etc", "--config", "etc"], dir)).toMatchObject({
      status: 2,
      stderr: `jaillint: ${join(dir, "etc")}: is a directory\n`,
    });
    expect(jaillint(["etc", "--config", "nope.json"], dir)).toMatchObject({
      status: 2,
      stderr: `jaillint: ${join(dir, "nope.json")}: no such file\n`,
    });
  });

  it("overrides with ** match at any depth below the configuration's folder, also from another working directory", () => {
    const dir = tree({ overrides: [{ files: ["**/jail.conf.d/**"], rules: { JL104: "off", JL103: "off" } }] });
    const r = jaillint([join(dir, "etc"), "-f", "gcc"], scratch());
    expect(r.stdout.split("\n").filter((l) => l.includes("lab.conf"))).toEqual([]);
    expect(r.stdout).toContain("/etc/jail.conf:3:3: warning: allow.raw_sockets");
  });
});
