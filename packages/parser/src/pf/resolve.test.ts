import { describe, expect, it } from "vitest";
import { LineIndex } from "../common/line-index.js";
import { MemoryHost } from "../common/memory-host.js";
import { resolvePfConf } from "./resolve.js";

function resolve(files: Record<string, string>, root = "/etc/pf.conf", opts: Parameters<typeof resolvePfConf>[2] = {}) {
  const host = new MemoryHost(files);
  return resolvePfConf({ path: root, file: root, text: files[root] as string }, host, opts);
}

/** `file line:col-line:col message` for a problem, in the file it is in. */
function at(files: Record<string, string>, file: string, range: { start: number; end: number }, message: string): string {
  const idx = new LineIndex(files[file] as string);
  const s = idx.position(range.start);
  const e = idx.position(range.end);
  return `${file} ${s.line}:${s.column}-${e.line}:${e.column} ${message}`;
}

describe("resolvePfConf: include", () => {
  it("reads the included file where the include stands: its macros hold after it, its errors are its own", () => {
    // Modelled on pfctl's regression input pf1070: line 2 of the included file is not a statement.
    const files = {
      "/etc/pf.conf": 'pass in\ninclude "/etc/pf.rules"\npass in on $ext_if\n',
      "/etc/pf.rules": 'ext_if = "em0"\ninvalidline\nblock out\n',
    };
    const r = resolve(files);
    expect(r.files.map((f) => f.path)).toEqual(["/etc/pf.conf", "/etc/pf.rules"]);
    expect(r.files[0]?.ast.macroUses).toEqual([{ name: "ext_if", range: { start: 43, end: 50 }, defined: true }]);
    expect(r.files[0]?.ast.problems).toEqual([]);
    const inc = r.files[1];
    expect(inc?.includedFrom).toEqual({ file: "/etc/pf.conf", range: { start: 16, end: 31 } });
    expect(inc?.ast.problems.map((p) => at(files, "/etc/pf.rules", p.range, p.message))).toEqual([
      "/etc/pf.rules 2:1-2:12 syntax error at `invalidline`: expected a statement (a pass/block/match rule, nat/rdr, set, table, anchor, include, or a macro definition `name = value`)",
    ]);
    expect(r.problems).toEqual([]);
  });

  it("sees the including file's macros in the included file", () => {
    const files = { "/etc/pf.conf": 'ext_if = "em0"\ninclude "/etc/pf.rules"\n', "/etc/pf.rules": "pass in on $ext_if\n" };
    expect(resolve(files).files[1]?.ast.macroUses).toEqual([{ name: "ext_if", range: { start: 11, end: 18 }, defined: true }]);
  });

  it("merges the included rules, tables and skip entries into the policy, naming their file", () => {
    const files = {
      "/etc/pf.conf": 'set skip on lo0\ninclude "/etc/pf.jails"\nblock in all\n',
      "/etc/pf.jails": "table <jails> { 10.0.0.0/24 }\nset skip on lo1\npass in quick from <jails>\n",
    };
    const policy = resolve(files).files[0]?.policy;
    expect(policy?.skip.map((s) => `${s.name}@${s.file ?? "own"}`)).toEqual(["lo0@own", "lo1@/etc/pf.jails"]);
    expect(policy?.tables.map((t) => `${t.name}@${t.file}`)).toEqual(["jails@/etc/pf.jails"]);
    expect(policy?.filterRules.map((f) => `${f.action}@${f.file ?? "own"}`)).toEqual(["pass@/etc/pf.jails", "block@own"]);
    expect(policy?.externalFiles).toEqual([]);
    expect(policy?.tableRefs).toEqual([]);
  });

  it("reports a missing included file where the include is", () => {
    const files = { "/etc/pf.conf": 'include "/etc/pf.missing"\npass in\n' };
    const r = resolve(files);
    expect(r.problems.map((p) => `${p.kind} ${at(files, p.file, p.range, p.message)}`)).toEqual([
      'include-missing /etc/pf.conf 1:9-1:26 included file /etc/pf.missing does not exist: pfctl fails with "failed to include file /etc/pf.missing" and loads none of the rules; fix the path or create the file',
    ]);
  });

  it("opens a relative path from pfctl's working directory (/ for rc.d/pf), and points at the file beside", () => {
    const files = { "/etc/pf.conf": 'include "pf.macros"\npass in on $ext_if\n', "/etc/pf.macros": "ext_if = em0\n" };
    const r = resolve(files);
    expect(r.problems.map((p) => at(files, p.file, p.range, p.message))).toEqual([
      '/etc/pf.conf 1:9-1:20 include "pf.macros" is relative, and pfctl opens it from its working directory (/ when rc.d/pf loads the rules), so it reads /pf.macros, which does not exist: pfctl fails with "failed to include file pf.macros" and loads none of the rules; /etc/pf.macros exists: write `include "/etc/pf.macros"`',
    ]);
    // The file beside is still read, so its macros do not cascade into undefined-macro findings.
    expect(r.files[0]?.ast.macroUses[0]?.defined).toBe(true);
  });

  it("a relative path found in pfctl's working directory is fine (pfctl_test.c runs in the test directory)", () => {
    const files = { "/t/pf0095.in": 'include "./pf0095.include"\n', "/t/pf0095.include": "block out proto tcp\n" };
    const r = resolve(files, "/t/pf0095.in", { cwd: "/t" });
    expect(r.problems).toEqual([]);
    expect(r.files.map((f) => f.path)).toEqual(["/t/pf0095.in", "/t/pf0095.include"]);
  });

  it("stops at an include cycle", () => {
    const files = { "/etc/pf.conf": 'include "/etc/a.conf"\n', "/etc/a.conf": 'include "/etc/pf.conf"\n' };
    const r = resolve(files);
    expect(r.problems.map((p) => `${p.kind} ${at(files, p.file, p.range, p.message)}`)).toEqual([
      'include-cycle /etc/a.conf 1:9-1:23 include cycle: pf.conf → a.conf → pf.conf; pfctl has no guard against it and opens the files again until it can open no more ("failed to include file"). Remove one of the include lines',
    ]);
  });

  it("out of one tree (host not complete), a missing include is not reported", () => {
    const host = Object.assign(new MemoryHost({ "/x/pf.conf": 'include "/etc/pf.macros"\n' }), { complete: false });
    const r = resolvePfConf({ path: "/x/pf.conf", file: "/x/pf.conf", text: 'include "/etc/pf.macros"\n' }, host);
    expect(r.problems).toEqual([]);
    expect(r.files[0]?.policy.externalFiles.map((x) => x.kind)).toEqual(["include"]);
  });
});

describe("resolvePfConf: pfctl's rule order (parse.y check_rulestate)", () => {
  const order = (text: string, freebsd?: 13 | 14 | 15, extra: Record<string, string> = {}) => {
    const files = { "/etc/pf.conf": text, ...extra };
    return resolve(files, "/etc/pf.conf", freebsd ? { freebsd } : {}).orderProblems.map((o) =>
      at(files, o.file, o.problem.range, o.problem.message),
    );
  };
  const MSG = "Rules must be in order: options, ethernet, normalization, queueing, translation, filtering";

  it("scrub after a filter rule", () => {
    expect(order("block in all\nscrub in all\n")).toEqual([
      `/etc/pf.conf 2:1-2:13 normalization (\`scrub\`) rule after the filter rule on line 1: pfctl stops with "${MSG}" and loads none of the rules; move it above that filter rule`,
    ]);
  });

  it("every later statement below the state reached fails too (a rejected one does not move it)", () => {
    expect(order("pass out all\nset block-policy drop\nnat on em0 from 10.0.0.0/8 -> (em0)\n")).toEqual([
      `/etc/pf.conf 2:1-2:22 option after the filter rule on line 1: pfctl stops with "${MSG}" and loads none of the rules; move it above that filter rule`,
      `/etc/pf.conf 3:1-3:36 translation (\`nat\`/\`rdr\`/\`binat\`) rule after the filter rule on line 1: pfctl stops with "${MSG}" and loads none of the rules; move it above that filter rule`,
    ]);
  });

  it("FreeBSD 13's parse.y has no Ethernet state and says so", () => {
    expect(order('pass out all\nrdr-anchor "x"\n', 13)).toEqual([
      '/etc/pf.conf 2:1-2:15 translation (`nat`/`rdr`/`binat`) rule after the filter rule on line 1: pfctl stops with "Rules must be in order: options, normalization, queueing, translation, filtering" and loads none of the rules; move it above that filter rule',
    ]);
  });

  it("runs through included files", () => {
    expect(order('pass in all\ninclude "/etc/pf.nat"\n', undefined, { "/etc/pf.nat": "nat on em0 from 10.0.0.0/8 -> (em0)\n" })).toEqual([
      `/etc/pf.nat 1:1-1:36 translation (\`nat\`/\`rdr\`/\`binat\`) rule after the filter rule on line 1 of /etc/pf.conf: pfctl stops with "${MSG}" and loads none of the rules; move it above that filter rule`,
    ]);
  });

  it("stays silent on the recommended order and on what parse.y never checks", () => {
    const text = [
      "ext_if = em0",
      "set block-policy drop",
      "set limit states 10000",
      "scrub in all",
      "nat on $ext_if from 10.0.0.0/8 -> ($ext_if)",
      'rdr-anchor "jails"',
      "block in all",
      "antispoof for $ext_if",
      'anchor "f2b/*"',
      // Never checked: macros, tables, set skip / state-policy / hostid, load anchor, include.
      "table <bad> persist",
      "set skip on lo0",
      "set state-policy if-bound",
      "late_if = em1",
      'load anchor "jails" from "/etc/pf.jails"',
      // FreeBSD 15: nat-to on a match rule is a filter rule.
      "match out on $ext_if from 10.0.0.0/8 nat-to ($ext_if)",
      "",
    ].join("\n");
    expect(order(text)).toEqual([]);
  });

  it("`set require-order no` turns the check off for what follows", () => {
    expect(order("set require-order no\nblock in all\nscrub in all\n")).toEqual([]);
  });
});
