import { readFileSync } from "node:fs";
import { MemoryHost } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { lintFile, lintHost, selectRules } from "./lint-host.js";
import { RULES } from "./registry.js";

const fixture = (path: string): string => readFileSync(new URL(`../../../fixtures/hosts/${path}`, import.meta.url), "utf8");

/** A host whose jail.conf has a file-rule finding (JL002), a host-rule finding (JL103) and an unused suppression. */
const files = {
  "/etc/jail.conf": 'www {\n  path = "/jails/www";\n  securelevl = 3;\n  # jaillint-disable-next-line JL104\n  persist;\n}\n',
};
const input = { jailConf: ["/etc/jail.conf"] };
const codes = (ds: readonly { code: string }[]) => ds.map((d) => d.code);

describe("lintHost: which rules run", () => {
  it("runs every rule by default: the file rule, the host rules and the unused suppression", () => {
    expect(codes(lintHost(input, new MemoryHost(files)).diagnostics)).toEqual(["JL103", "JL002", "JL000"]);
  });

  it("runs the rules of one scope; JL000's unused suppressions only when every rule runs", () => {
    expect(codes(lintHost(input, new MemoryHost(files), undefined, { rules: "file" }).diagnostics)).toEqual(["JL002"]);
    expect(codes(lintHost(input, new MemoryHost(files), undefined, { rules: "host" }).diagnostics)).toEqual(["JL103"]);
    expect(codes(lintHost(input, new MemoryHost(files), undefined, { rules: (r) => r.code === "JL103" }).diagnostics)).toEqual(["JL103"]);
    // A suppression naming an unknown rule does not depend on the other rules' findings.
    const unknown = { "/etc/jail.conf": "# jaillint-disable-next-line JL999\nwww { persist; securelevel = 3; }\n" };
    expect(lintHost(input, new MemoryHost(unknown), undefined, { rules: "host" }).diagnostics.map((d) => d.message)).toEqual([
      'jaillint-disable-next-line names unknown rule "JL999": run `jaillint rules` for the list',
    ]);
  });

  it("selectRules picks by scope or predicate, in registry order", () => {
    expect(selectRules(undefined)).toBe(RULES);
    expect(selectRules("file").every((r) => r.scope === "file")).toBe(true);
    expect(selectRules("file").length + selectRules("host").length).toBe(RULES.length);
    expect(selectRules((r) => r.code === "JL103" || r.code === "JL001").map((r) => r.code)).toEqual(["JL001", "JL103"]);
  });

  it("reports only the findings in the files asked for", () => {
    const two = { "/etc/jail.conf": '.include "/etc/jail.conf.d/*.conf";\n', "/etc/jail.conf.d/a.conf": "a { persist; bogus = 1; }\n" };
    const all = lintHost(input, new MemoryHost(two));
    expect([...new Set(all.diagnostics.map((d) => d.file))]).toEqual(["/etc/jail.conf.d/a.conf"]);
    expect(lintHost(input, new MemoryHost(two), undefined, { files: ["/etc/jail.conf"] }).diagnostics).toEqual([]);
    expect(lintHost(input, new MemoryHost(two), undefined, { files: ["/etc/jail.conf.d/a.conf"] }).diagnostics).toEqual(all.diagnostics);
  });
});

describe("lintFile", () => {
  it("runs only the file rules, on the file given alone", () => {
    const r = lintFile({ path: "/etc/jail.conf", kind: "jail" }, new MemoryHost(files));
    expect(r.diagnostics.map((d) => `${d.code} ${d.file} ${d.message}`)).toEqual([
      'JL002 /etc/jail.conf unknown parameter "securelevl": jail(8) fails with "unknown parameter"; did you mean "securelevel"?',
    ]);
    // Suppressions in the file still apply to its findings.
    const suppressed = { "/etc/jail.conf": "www {\n  # jaillint-disable-next-line JL002 -- local patch\n  bogus = 1;\n  persist;\n}\n" };
    const s = lintFile({ path: "/etc/jail.conf", kind: "jail" }, new MemoryHost(suppressed));
    expect(s.diagnostics).toEqual([]);
    expect(s.suppressed).toBe(1);
  });

  it("reports nothing from the files the given one includes", () => {
    const two = {
      "/etc/jail.conf": '.include "/etc/jail.conf.d/*.conf";\nbogus = 1;\n',
      "/etc/jail.conf.d/a.conf": "a { persist; wrong = 1; }\n",
    };
    const r = lintFile({ path: "/etc/jail.conf", kind: "jail" }, new MemoryHost(two));
    expect(r.diagnostics.map((d) => `${d.file} ${d.range.start}`)).toEqual(["/etc/jail.conf 36"]);
  });
});

describe("labels: how messages name other files", () => {
  it("a message names a file by the host's label; the finding's file stays the logical path", () => {
    const host = Object.assign(
      new MemoryHost({
        "/etc/jail.conf": fixture("pf-disabled/etc/jail.conf"),
        "/etc/rc.conf": fixture("pf-disabled/etc/rc.conf"),
        "/etc/pf.conf": fixture("pf-disabled/etc/pf.conf"),
      }),
      { label: (p: string) => `tree${p}` },
    );
    const r = lintHost({ jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"], pf: ["/etc/pf.conf"] }, host);
    const d = r.diagnostics.find((x) => x.code === "JL303");
    expect(d?.file).toBe("/etc/rc.conf");
    expect(d?.message).toMatch(/^tree\/etc\/pf\.conf has nat\/rdr and filter rules for the jails, /);
    expect(d?.related?.[0]?.file).toBe("/etc/pf.conf");
  });

  it("pfctl's rule order across an include names the other file by its label", () => {
    const host = Object.assign(
      new MemoryHost({ "/etc/pf.conf": 'block in all\ninclude "/etc/pf.extra"\n', "/etc/pf.extra": "scrub in all\n" }),
      { label: (p: string) => `tree${p}` },
    );
    const r = lintHost({ jailConf: [], pf: ["/etc/pf.conf"] }, host);
    expect(r.diagnostics.filter((d) => d.code === "JL001").map((d) => `${d.file}: ${d.message.slice(0, 93)}`)).toEqual([
      "/etc/pf.extra: normalization (`scrub`) rule after the filter rule on line 1 of tree/etc/pf.conf: pfctl stops",
    ]);
  });
});
