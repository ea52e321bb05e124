import { describe, expect, it } from "vitest";
import type { FreeBsdVersion } from "../common/freebsd-version.js";
import { MemoryHost } from "../common/memory-host.js";
import { isWildcardName, resolveJailConf, wildcardMatches } from "./resolve.js";

function resolve(text: string, files: Record<string, string> = {}, freebsd: FreeBsdVersion = 15) {
  return resolveJailConf(["/etc/jail.conf"], new MemoryHost({ ...files, "/etc/jail.conf": text }), { freebsd });
}

/** name → param → values, for compact assertions. */
function effective(text: string, files: Record<string, string> = {}, freebsd: FreeBsdVersion = 15) {
  const m = resolve(text, files, freebsd);
  return Object.fromEntries(
    m.jails.map((j) => [j.name, Object.fromEntries([...j.params].map(([k, p]) => [k, p.values.map((v) => v.text)]))]),
  );
}

describe("wildcards (config.c wild_jail_name / wild_jail_match)", () => {
  it("recognizes a wildcard only when a dotted part is exactly *", () => {
    expect(["*", "foo.*", "*.bar", "a.*.c"].map(isWildcardName)).toEqual([true, true, true, true]);
    expect(["foo*", "a.b", "*x"].map(isWildcardName)).toEqual([false, false, false]);
  });
  it("matches an inner * against one part and a final * against one or more", () => {
    expect(wildcardMatches("*", "www")).toBe(true);
    expect(wildcardMatches("*", "a.b")).toBe(true);
    expect(wildcardMatches("web.*", "web.front")).toBe(true);
    expect(wildcardMatches("web.*", "web.a.b")).toBe(true);
    expect(wildcardMatches("web.*", "web")).toBe(false);
    expect(wildcardMatches("*.back", "db.back")).toBe(true);
    expect(wildcardMatches("*.back", "a.db.back")).toBe(false);
  });
});

describe("merge order (config.c load_config)", () => {
  it("applies sections above a jail as defaults and below it as overrides", () => {
    const e = effective(`
securelevel = 1;
www { securelevel = 2; persist; }
* { securelevel = 3; }
`);
    expect(e.www?.securelevel).toEqual(["3"]);
  });
  it("lets the jail override a wildcard section above it", () => {
    const e = effective(`* { securelevel = 3; }\nwww { securelevel = 1; }\n`);
    expect(e.www?.securelevel).toEqual(["1"]);
  });
  it("14+: all top-level parameters form one global section at the first one's place", () => {
    // The global section starts before www, so www's own value wins although a global line follows it.
    const e = effective(`securelevel = 1;\nwww { securelevel = 2; }\nsecurelevel = 3;\n`);
    expect(e.www?.securelevel).toEqual(["2"]);
  });
  it("<=13: top-level parameters after a block start a new * section that overrides it", () => {
    const e = effective(`securelevel = 1;\nwww { securelevel = 2; }\nsecurelevel = 3;\n`, {}, 13);
    expect(e.www?.securelevel).toEqual(["3"]);
  });
  it("14+: global parameters written only after the jails still override them", () => {
    const e = effective(`www { securelevel = 2; }\nsecurelevel = 3;\n`);
    expect(e.www?.securelevel).toEqual(["3"]);
  });
  it("+= appends; = replaces; a bare name clears earlier values", () => {
    const e = effective(`exec.start = "a";\nwww { exec.start += "b"; ip4.addr = 10.0.0.1; ip4.addr += 10.0.0.2; depend = x; depend; }\n`);
    expect(e.www?.["exec.start"]).toEqual(["a", "b"]);
    expect(e.www?.["ip4.addr"]).toEqual(["10.0.0.1", "10.0.0.2"]);
    expect(e.www?.depend).toEqual([]);
  });
  it("merges persist and nopersist under one key, the later winning", () => {
    const m = resolve(`persist;\nwww { nopersist; }\n`);
    const p = m.jails[0]?.params.get("persist");
    expect(p?.name).toBe("nopersist");
    expect(p?.overridden.map((o) => o.statement.name)).toEqual(["persist"]);
  });
  it("names a nested block parent.child and gives it only its own parameters", () => {
    const e = effective(`outer { persist; inner { securelevel = 3; } }\n`);
    expect(Object.keys(e)).toEqual(["outer", "outer.inner"]);
    expect(e["outer.inner"]?.persist).toBeUndefined();
    expect(e["outer.inner"]?.name).toEqual(["outer.inner"]);
  });
  it("records which statements set a value, for pointing at the line to change", () => {
    const m = resolve(`securelevel = 1;\nwww { persist; }\n`);
    const p = m.jails[0]?.params.get("securelevel");
    expect(p?.setBy.map((s) => [s.section, s.statement.range])).toEqual([["*", { start: 0, end: 16 }]]);
  });
});

describe("variables (expanded per jail after merging)", () => {
  it("expands $name, ${param} and variables from every section", () => {
    const e = effective(
      `$root = "/jails";\npath = "$root/$name";\nwww { host.hostname = "\${name}.example.org"; exec.start = "echo \${host.hostname}"; }\n`,
    );
    expect(e.www?.path).toEqual(["/jails/www"]);
    expect(e.www?.["exec.start"]).toEqual(["echo www.example.org"]);
  });
  it("expands a lone list reference to all its items", () => {
    const e = effective(`$deps = "a", "b";\nwww { depend = $deps; }\n`);
    expect(e.www?.depend).toEqual(["a", "b"]);
  });
  it("reports a list inside a longer string", () => {
    const m = resolve(`$deps = "a", "b";\nwww { exec.start = "x $deps"; }\n`);
    expect(m.problems.map((p) => [p.kind, p.message])).toEqual([
      [
        "array-inline",
        '"deps" is a list and cannot be substituted inside a larger string; jail(8) fails jail "www". Use it alone as the whole value',
      ],
    ]);
  });
  it("reports an undefined variable once per place, naming every jail it fails", () => {
    const m = resolve(`path = "/jails/$zone/$name";\na { persist; }\nb { persist; }\n`);
    expect(m.problems.map((p) => [p.kind, p.range, p.message])).toEqual([
      [
        "undefined-variable",
        { start: 15, end: 20 },
        'variable "zone" is not defined for jails "a" and "b" (jail(8) fails with \'variable "zone" not found\'): define it (`$zone = "…";`) in the jail or a section above it',
      ],
    ]);
  });
  it("treats a variable defined without a value as undefined", () => {
    const m = resolve(`$x;\nwww { path = "/j/$x"; }\n`);
    expect(m.problems[0]?.message).toContain('variable "x" is defined without a value for jail "www"');
  });
  it("reports variable loops", () => {
    const m = resolve(`$a = "$b";\n$b = "$a";\nwww { path = "$a"; }\n`);
    expect(m.problems.map((p) => p.kind)).toContain("variable-loop");
  });
  it("keeps single-quoted text unexpanded", () => {
    const e = effective(`www { exec.start = '$name'; }\n`);
    expect(e.www?.["exec.start"]).toEqual(["$name"]);
  });
  it("refuses a variable named like a parameter of the jail", () => {
    const m = resolve(`$path = "/x";\nwww { path = "/jails/www"; }\n`);
    expect(m.problems.map((p) => p.kind)).toEqual(["variable-shadows-parameter"]);
  });
});

describe(".include", () => {
  it("follows absolute, relative and glob includes in parse order", () => {
    const m = resolve(`.include "/etc/jail.conf.d/*.conf";\n.include "local.conf";\n`, {
      "/etc/jail.conf.d/b.conf": "b { persist; }\n",
      "/etc/jail.conf.d/a.conf": "a { persist; }\n",
      "/etc/local.conf": "c { persist; }\n",
    });
    expect(m.jails.map((j) => j.name)).toEqual(["a", "b", "c"]);
    expect(m.files.map((f) => f.path)).toEqual(["/etc/jail.conf", "/etc/jail.conf.d/a.conf", "/etc/jail.conf.d/b.conf", "/etc/local.conf"]);
    expect(m.problems).toEqual([]);
  });
  it("skips a glob that matches nothing and reports a missing plain file", () => {
    const m = resolve(`.include "/etc/none/*.conf";\n.include "/etc/missing.conf";\n`);
    expect(m.problems.map((p) => [p.kind, p.range])).toEqual([["include-missing", { start: 38, end: 57 }]]);
    expect(m.problems[0]?.message).toMatch(/^included file \/etc\/missing\.conf does not exist; jail\(8\) refuses to start any jail/);
  });
  it("puts top-level parameters of a file included inside a block into that jail", () => {
    const e = effective(`www { .include "www.conf"; }\n`, { "/etc/www.conf": "securelevel = 3;\nsub { persist; }\n" });
    expect(e.www?.securelevel).toEqual(["3"]);
    expect(Object.keys(e)).toEqual(["www", "www.sub"]);
  });
  it("reports an include cycle instead of looping", () => {
    const m = resolve(`.include "a.conf";\n`, { "/etc/a.conf": '.include "b.conf";\n', "/etc/b.conf": '.include "a.conf";\n' });
    expect(m.problems.map((p) => [p.kind, p.file, p.message])).toEqual([
      [
        "include-cycle",
        "/etc/b.conf",
        'include cycle: a.conf → b.conf → a.conf; jail(8) stops with "maximum include depth exceeded". Remove one of the .include lines',
      ],
    ]);
  });
});

// Settled against usr.sbin/jail/config.c (freebsd-src 086e0149 and the 5BSD/HardenedBSD copies of main):
// add_param finds an earlier parameter with equalopts(), which ignores a `no` prefix on the whole name or on
// any dotted part by shape alone, for every parameter and variable; variable references are looked up with
// strcmp() against the current name; name/jid implied by the block name are PF_IMMUTABLE.
describe("config.c add_param / equalopts", () => {
  it("merges a `no`-prefixed name with the plain one for any parameter, not only catalog booleans", () => {
    const m = resolve(`host.hostname = "a";\nwww { host.nohostname = "b"; }\n`);
    const p = m.jails[0]?.params.get("host.hostname");
    expect([p?.name, p?.values.map((v) => v.text), p?.overridden.map((o) => o.statement.name)]).toEqual([
      "host.nohostname",
      ["b"],
      ["host.hostname"],
    ]);
    expect(m.jails[0]?.params.has("host.nohostname")).toBe(false);
  });
  it("merges unknown names by shape too (nofoo and foo)", () => {
    const e = effective(`foo = 1;\nwww { nofoo += 2; }\n`);
    expect(e.www?.foo).toEqual(["1", "2"]);
  });
  it("looks a reference up by the name as last written: ${host.hostname} is gone after host.nohostname", () => {
    const m = resolve(`host.hostname = "a";\nwww { host.nohostname = "b"; exec.start = "echo \${host.hostname}"; }\n`);
    expect(m.problems.map((p) => p.kind)).toEqual(["undefined-variable"]);
  });
  it("refuses a variable named like a jail(8) internal parameter even when the jail does not set it", () => {
    const m = resolve(`$path = "/x";\nwww { host.hostname = "$path"; }\n`);
    expect(m.problems.map((p) => [p.kind, p.range])).toEqual([["variable-shadows-parameter", { start: 0, end: 5 }]]);
    // config.c inserts the variable before it notices, so the reference still expands.
    expect(effective(`$path = "/x";\nwww { host.hostname = "$path"; }\n`).www?.["host.hostname"]).toEqual(["/x"]);
  });
  it("refuses a variable whose name equals a parameter's up to a `no` prefix", () => {
    const m = resolve(`$nofoo = "x";\nwww { foo = 1; }\n`);
    expect(m.problems.map((p) => p.kind)).toEqual(["variable-shadows-parameter"]);
  });
  it("refuses to redefine the name a block implies", () => {
    const m = resolve(`www { name = "other"; }\n* { name = "x"; }\n`);
    expect(m.problems.map((p) => [p.kind, p.range, p.message])).toEqual([
      [
        "immutable-parameter",
        { start: 6, end: 10 },
        'jail "www" cannot redefine "name", which its block name sets; jail(8) fails with \'cannot redefine parameter "name".\'',
      ],
      [
        "immutable-parameter",
        { start: 28, end: 32 },
        'jail "www" cannot redefine "name", which its block name sets; jail(8) fails with \'cannot redefine parameter "name".\'',
      ],
    ]);
    expect(effective(`www { name = "other"; }\n`).www?.name).toEqual(["www"]);
  });
  it("gives a numeric block jid, lets it set name, and backfills name otherwise", () => {
    expect(effective(`10 { name = "ten"; }\n`)["10"]).toEqual({ jid: ["10"], name: ["ten"] });
    expect(effective(`10 { path = "/j/$name"; }\n`)["10"]).toEqual({ jid: ["10"], path: ["/j/10"], name: ["10"] });
    expect(resolve(`10 { jid = 11; }\n`).problems.map((p) => p.kind)).toEqual(["immutable-parameter"]);
  });
  it("lets a wildcard section below the jail replace a value the jail appended with +=", () => {
    expect(effective(`www { exec.start += "b"; }\n* { exec.start = "a"; }\n`).www?.["exec.start"]).toEqual(["a"]);
    expect(effective(`www { exec.start = "b"; }\n* { exec.start += "a"; }\n`).www?.["exec.start"]).toEqual(["b", "a"]);
  });
});

describe(".include paths (config.c include_config)", () => {
  it("resolves against the including file's directory only when its name has a slash", () => {
    const host = new MemoryHost({
      "jail.conf": '.include "sub/a.conf";\n.include "c.conf";\n',
      "sub/a.conf": '.include "b.conf";\n',
      "sub/b.conf": "b { persist; }\n",
      "c.conf": "c { persist; }\n",
    });
    const m = resolveJailConf(["jail.conf"], host);
    expect(m.files.map((f) => f.path)).toEqual(["jail.conf", "sub/a.conf", "sub/b.conf", "c.conf"]);
    expect(m.problems).toEqual([]);
  });
});

describe("what the model keeps per jail", () => {
  const text = 'exec.start = "/bin/sh /etc/rc";\npath = "/j/$name";\n$v = x;\na { }\nb { exec.start = other; }\nc { }\n';
  it("shares one EffectiveParam among the jails a global statement without variables sets alike", () => {
    const [a, b, c] = resolve(text).jails;
    const start = (j: typeof a) => j?.params.get("exec.start");
    expect(start(a)).toBe(start(c));
    expect(start(a)?.values).toEqual([
      { text: "/bin/sh /etc/rc", file: "/etc/jail.conf", range: { start: 13, end: 30 }, unresolved: false },
    ]);
    expect(a?.variables.get("v")).toBe(c?.variables.get("v"));
    // Overridden in b: its own, with what it replaced.
    expect(start(b)).not.toBe(start(a));
    expect(start(b)?.values.map((v) => v.text)).toEqual(["other"]);
    expect(start(b)?.overridden.map((sp) => sp.section)).toEqual(["*"]);
    // A value with a variable expands per jail.
    expect([a, b, c].map((j) => j?.params.get("path")?.values[0]?.text)).toEqual(["/j/a", "/j/b", "/j/c"]);
  });
});
