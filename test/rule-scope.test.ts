import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { MemoryHost } from "@jaillint/parser";
import { type Diagnostic, fileUnit, type HostInput, lintFile, lintHost, RULES, type Rule } from "@jaillint/rules";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/corpus.js";

/**
 * A rule that says `scope: "file"` promises that its findings in a file depend only on the file's unit: what one
 * run of its program reads to load it (the root jail.conf or pf.conf that includes it, with its includes; for
 * pf.conf rc.conf's pf_flags; every rc.conf file). The editor re-runs it on each change of one document without the
 * rest of the host. Every fixture host and every rule's documented example is linted whole, and each of its files
 * again through its unit (only the unit's files present, then the whole host present but only the unit linted):
 * each file rule must find exactly the same in that file.
 */
interface Host {
  readonly name: string;
  readonly files: Record<string, string>;
  readonly input: HostInput;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Hosts whose files depend on each other: globals and variables over an include, pf macros and rule order. */
const CROSS_FILE: Host[] = [
  {
    name: "jail.conf globals over an included file",
    files: {
      "/etc/jail.conf": 'securelevel = 3;\n$dom = "example.org";\n.include "/etc/jail.conf.d/*.conf";\n',
      "/etc/jail.conf.d/www.conf": 'www {\n  host.hostname = "www.$dom";\n  path = "/jails/www";\n  bogus_param = 1;\n  persist;\n}\n',
    },
    input: { jailConf: ["/etc/jail.conf"] },
  },
  {
    // rc.d/jail runs `jail -f` on jail.conf and on each jail.conf.d file: common.conf is judged in both runs.
    name: "a jail.conf file two roots include",
    files: {
      "/etc/jail.conf": '.include "/etc/common.conf";\nwww { persist; }\n',
      "/etc/jail.conf.d/b.conf": '$domain = "b.org";\n.include "/etc/common.conf";\ndb { persist; }\n',
      "/etc/common.conf": 'host.hostname = "$name.$domain";\nallow.sysvipc;\n',
    },
    input: { jailConf: ["/etc/jail.conf", "/etc/jail.conf.d/b.conf"] },
  },
  {
    name: "pf.conf macros and rule order over an include",
    files: {
      "/etc/pf.conf": 'ext_if = "em0"\nblock in all\ninclude "/etc/pf.extra.conf"\n',
      "/etc/pf.extra.conf": "scrub in all\npass in on $ext_if\n",
    },
    input: { jailConf: [], pf: ["/etc/pf.conf"] },
  },
];

/**
 * Differences between a file linted whole and linted through `how`: as a root of its own with nothing else present
 * (`alone`), or through its unit (`unit`), by rule code: what makes a rule need its unit, or the host.
 */
function differences(host: Host, how: "alone" | "unit"): Set<string> {
  const out = new Set<string>();
  const whole = lintHost(host.input, new MemoryHost(host.files));
  for (const file of whole.model.texts.keys()) {
    const unit = fileUnit(whole.model, file);
    const text = host.files[file];
    if (!unit || text === undefined) continue;
    const { kind, ...input } = unit;
    const part =
      how === "unit"
        ? lintHost(input, new MemoryHost(host.files), undefined, { files: [file] })
        : lintHost(kind === "jail" ? { jailConf: [file] } : { jailConf: [], [kind]: [file] }, new MemoryHost({ [file]: text }), undefined, {
            files: [file],
          });
    for (const rule of RULES) {
      const mine = (ds: readonly Diagnostic[]) => shape(ds.filter((d) => d.code === rule.code && d.file === file));
      if (JSON.stringify(mine(whole.diagnostics)) !== JSON.stringify(mine(part.diagnostics))) out.add(rule.code);
    }
  }
  return out;
}

function hosts(): Host[] {
  const out: Host[] = [...CROSS_FILE];
  const trees = join(repoRoot, "fixtures/hosts");
  for (const t of readdirSync(trees)) {
    const etc = join(trees, t, "etc");
    if (!existsSync(etc)) continue;
    const files: Record<string, string> = {};
    for (const f of walk(etc)) files[`/etc/${relative(etc, f)}`] = readFileSync(f, "utf8");
    const has = (p: string) => (p in files ? [p] : []);
    out.push({
      name: `fixtures/hosts/${t}`,
      files,
      input: { jailConf: has("/etc/jail.conf"), rc: has("/etc/rc.conf"), pf: has("/etc/pf.conf") },
    });
  }
  const rules = join(repoRoot, "fixtures/jail/rules");
  for (const folder of readdirSync(rules)) {
    const dir = join(rules, folder);
    const files = Object.fromEntries(readdirSync(dir).map((f) => [`/fixture/${f}`, readFileSync(join(dir, f), "utf8")]));
    for (const name of readdirSync(dir).filter((f) => /^(bad|good).*\.conf$/.test(f)))
      out.push({ name: `${folder}/${name}`, files, input: { jailConf: [`/fixture/${name}`] } });
  }
  for (const rule of RULES) {
    for (const which of ["bad", "good"] as const) {
      const { kind } = rule.docs.example;
      const ctx = rule.docs.context ?? {};
      const texts = { jail: ctx.jail, rc: ctx.rc, pf: ctx.pf, [kind]: rule.docs.example[which] };
      const files: Record<string, string> = { ...ctx.files };
      if (texts.jail !== undefined) files["/etc/jail.conf"] = texts.jail;
      if (texts.rc !== undefined) files["/etc/rc.conf"] = texts.rc;
      if (texts.pf !== undefined) files["/etc/pf.conf"] = texts.pf;
      const has = (p: string) => (p in files ? [p] : []);
      out.push({
        name: `${rule.code} ${which} example`,
        files,
        input: { jailConf: has("/etc/jail.conf"), rc: has("/etc/rc.conf"), pf: has("/etc/pf.conf") },
      });
    }
  }
  return out;
}

const shape = (ds: readonly Diagnostic[]) =>
  ds.map((d) => ({ code: d.code, severity: d.severity, message: d.message, range: d.range, fix: d.fix, related: d.related }));

const fileRules = RULES.filter((r) => r.scope === "file");

describe("rule scope", () => {
  it("every rule declares its scope", () => {
    for (const r of RULES) expect(["file", "host"], r.code).toContain(r.scope);
    expect(fileRules.length).toBeGreaterThan(0);
  });

  const all = hosts();
  const found = new Set<string>();
  for (const host of all) {
    it(`${host.name}: file rules find the same in each file linted through its unit`, () => {
      const whole = lintHost(host.input, new MemoryHost(host.files));
      for (const file of whole.model.texts.keys()) {
        const unit = fileUnit(whole.model, file);
        if (!unit || host.files[file] === undefined) continue;
        const { kind, ...input } = unit;
        const present = lintFile({ path: file, kind, unit: input }, new MemoryHost(host.files));
        // The unit read only its own files: with nothing else present it finds the same.
        const own = Object.fromEntries(Object.entries(host.files).filter(([p]) => present.model.texts.has(p)));
        const absent = lintFile({ path: file, kind, unit: input }, new MemoryHost(own));
        for (const rule of fileRules) {
          const mine = (ds: readonly Diagnostic[]) => shape(ds.filter((d) => d.code === rule.code && d.file === file));
          const expected = mine(whole.diagnostics);
          if (expected.length > 0) found.add(rule.code);
          expect(mine(absent.diagnostics), `${rule.code} in ${file}, only its unit present`).toEqual(expected);
          expect(mine(present.diagnostics), `${rule.code} in ${file}, the rest of the host present`).toEqual(expected);
        }
        // Only file rules run, and only on the file given.
        for (const d of [...absent.diagnostics, ...present.diagnostics]) {
          expect(d.file).toBe(file);
          expect((RULES.find((r) => r.code === d.code) as Rule).scope).toBe("file");
        }
      }
    });
  }

  it("a file is judged through its unit: linted as a root of its own, an included file finds otherwise (JL001, JL004, JL103)", () => {
    const seen = new Set(CROSS_FILE.flatMap((h) => [...differences(h, "alone")]));
    expect(["JL001", "JL004", "JL103"].filter((c) => !seen.has(c))).toEqual([]);
    expect(CROSS_FILE.flatMap((h) => [...differences(h, "unit")])).toEqual([]);
  });

  it("the comparison tells host rules apart: through its unit, JL202, JL203, JL207, JL209, JL210, JL302 and JL303 find otherwise", () => {
    const seen = new Set(all.flatMap((h) => [...differences(h, "unit")]));
    expect(["JL202", "JL203", "JL207", "JL209", "JL210", "JL302", "JL303"].filter((c) => !seen.has(c))).toEqual([]);
    expect(fileRules.filter((r) => seen.has(r.code)).map((r) => r.code)).toEqual([]);
  });

  it("the hosts above give each file rule findings to compare", () => {
    expect(fileRules.filter((r) => !found.has(r.code)).map((r) => r.code)).toEqual([]);
  });
});
