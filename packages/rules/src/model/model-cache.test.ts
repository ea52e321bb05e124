import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { MemoryHost } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { lintHost } from "../lint-host.js";
import { ModelCache } from "./model-cache.js";

const fixtures = fileURLToPath(new URL("../../../../fixtures/", import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Every fixture host tree, as MemoryHost files. */
function trees(): { name: string; files: Record<string, string> }[] {
  const dirs = [join(fixtures, "example-host"), ...readdirSync(join(fixtures, "hosts")).map((t) => join(fixtures, "hosts", t))];
  return dirs.map((dir) => {
    const etc = join(dir, "etc");
    const files: Record<string, string> = {};
    for (const f of walk(etc)) files[`/etc/${relative(etc, f)}`] = readFileSync(f, "utf8");
    return { name: relative(fixtures, dir), files };
  });
}

const inputOf = (files: Record<string, string>) => ({
  jailConf: "/etc/jail.conf" in files ? ["/etc/jail.conf"] : [],
  rc: Object.keys(files).filter((f) => /^\/etc\/rc\.conf/.test(f)),
  pf: "/etc/pf.conf" in files ? ["/etc/pf.conf"] : [],
});

const lint = (files: Record<string, string>, cache?: ModelCache) =>
  lintHost(inputOf(files), new MemoryHost(files), undefined, cache ? { cache } : {}).diagnostics;

describe("ModelCache", () => {
  for (const tree of trees()) {
    it(`${tree.name}: a lint that uses the last one's results finds exactly what a lint from scratch finds`, () => {
      const cache = new ModelCache();
      const fresh = lint(tree.files);
      expect(lint(tree.files, cache)).toEqual(fresh);
      const made = cache.stats.made;
      expect(lint(tree.files, cache)).toEqual(fresh);
      expect(cache.stats).toEqual({ made, reused: made, updated: 0 });
    });
  }

  const host = {
    "/etc/jail.conf": 'path = "/jails/$name";\n.include "/etc/jail.conf.d/*.conf";\n',
    "/etc/jail.conf.d/www.conf": 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n  persist;\n}\n',
    "/etc/rc.conf": 'pf_enable="YES"\ncloned_interfaces="lo1"\n',
    "/etc/pf.conf": 'ext_if = "em0"\ninclude "/etc/pf.rules"\n',
    "/etc/pf.rules": "pass in on $ext_if\n",
  };

  it("parses again only the root whose files changed: an edit of jail.conf leaves pf.conf's result in use", () => {
    const cache = new ModelCache();
    lint(host, cache);
    expect(cache.stats).toEqual({ made: 2, reused: 0, updated: 0 });
    const edited = { ...host, "/etc/jail.conf": `${host["/etc/jail.conf"]}securelevel = 3;\n` };
    expect(lint(edited, cache)).toEqual(lint(edited));
    expect(cache.stats).toEqual({ made: 3, reused: 1, updated: 0 });
  });

  it("sees a change in an included file, and a file a glob now finds", () => {
    const cache = new ModelCache();
    lint(host, cache);
    const rules = { ...host, "/etc/pf.rules": "pass in on $ext_if\nblock in on $nope\n" };
    expect(lint(rules, cache)).toEqual(lint(rules));
    expect(lint(rules, cache).map((d) => d.code)).toContain("JL401");
    expect(cache.stats).toEqual({ made: 3, reused: 3, updated: 0 });
    const more = { ...rules, "/etc/jail.conf.d/db.conf": 'db {\n  ip4.addr = "lo1|127.0.1.1/32";\n  persist;\n}\n' };
    const found = lint(more, cache);
    expect(found).toEqual(lint(more));
    expect(found.map((d) => d.code)).toContain("JL208");
    expect(cache.stats).toEqual({ made: 4, reused: 4, updated: 0 });
  });

  it("keeps one result a root: a change of pf_flags' macros makes it anew, in place", () => {
    const cache = new ModelCache();
    for (const ifname of ["em0", "em1", "em2", "em0"]) {
      const files = { ...host, "/etc/rc.conf": `${host["/etc/rc.conf"]}pf_flags="-D ext_if=${ifname}"\n` };
      expect(lint(files, cache)).toEqual(lint(files));
    }
    expect(cache.size).toBe(2);
    // jail.conf's result served all four; pf.conf's was made for each macro value, the last em0 again.
    expect(cache.stats).toEqual({ made: 5, reused: 3, updated: 0 });
  });

  /** Edits of a jail.conf an admin makes while typing: in a gap, inside a jail block, a new block, a global. */
  const editsOf = (text: string): string[] => {
    const inBlock = text.indexOf("{");
    const out = [`# edited\n${text}`, `${text}\nextra {\n  persist;\n}\n`];
    if (inBlock !== -1) out.push(`${text.slice(0, inBlock + 1)}\n  securelevel = 3;${text.slice(inBlock + 1)}`);
    out.push(`securelevel = 2;\n${text}`, text);
    return out;
  };

  for (const tree of trees().filter((t) => "/etc/jail.conf" in t.files)) {
    it(`${tree.name}: an updating cache, each lint after an edit of jail.conf updating the last, finds what a lint from scratch finds`, () => {
      const cache = new ModelCache({ updates: true });
      lint(tree.files, cache);
      let text = tree.files["/etc/jail.conf"] as string;
      for (const edited of editsOf(text)) {
        const files = { ...tree.files, "/etc/jail.conf": edited };
        expect(lint(files, cache), edited).toEqual(lint(files));
        text = edited;
      }
      expect(cache.stats.updated).toBeGreaterThan(0);
    });
  }

  it("an updating cache still sees a file a glob now finds, after an update that read no glob", () => {
    const cache = new ModelCache({ updates: true });
    lint(host, cache);
    const edited = { ...host, "/etc/jail.conf": `# a comment\n${host["/etc/jail.conf"]}` };
    expect(lint(edited, cache)).toEqual(lint(edited));
    expect(cache.stats).toEqual({ made: 3, reused: 1, updated: 1 });
    const more = { ...edited, "/etc/jail.conf.d/db.conf": 'db {\n  ip4.addr = "lo1|127.0.1.1/32";\n  persist;\n}\n' };
    const found = lint(more, cache);
    expect(found).toEqual(lint(more));
    expect(found.map((d) => d.code)).toContain("JL208");
    // A new file is no text change: made anew, not updated.
    expect(cache.stats).toEqual({ made: 4, reused: 2, updated: 1 });
  });
});
