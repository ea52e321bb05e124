import { LineIndex, MemoryHost } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { lintHost } from "../lint-host.js";
import { RESOLVE_PROBLEM_CODES } from "../model/resolve-problem-codes.js";
import { findRule } from "../registry.js";

function lint(files: Record<string, string>) {
  const has = (p: string): boolean => p in files;
  const { diagnostics } = lintHost(
    {
      jailConf: has("/etc/jail.conf") ? ["/etc/jail.conf"] : [],
      ...(has("/etc/rc.conf") ? { rc: ["/etc/rc.conf"] } : {}),
      ...(has("/etc/pf.conf") ? { pf: ["/etc/pf.conf"] } : {}),
    },
    new MemoryHost(files),
  );
  return diagnostics.map((d) => {
    const idx = new LineIndex(files[d.file] ?? "");
    const s = idx.position(d.range.start);
    const e = idx.position(d.range.end);
    return `${d.code} ${d.file} ${s.line}:${s.column}-${e.line}:${e.column} ${d.message}`;
  });
}

const RC = 'pf_enable="YES"\npf_rules="/etc/pf.jails.conf"\n';
const MESSAGE =
  "JL304 /etc/rc.conf 2:1-2:30 pf_rules names /etc/pf.jails.conf, which does not exist: rc.d/pf requires that file, so pf is not started at boot although pf_enable is YES; fix the path or create the file";

describe("JL304 missing-pf-rules-file", () => {
  it("reports a tree that has only rc.conf", () => {
    expect(lint({ "/etc/rc.conf": RC })).toEqual([MESSAGE]);
  });
  it("reports it once, under its own code, when a jail.conf is there too", () => {
    expect(lint({ "/etc/rc.conf": RC, "/etc/jail.conf": "www { persist; }\n" }).filter((l) => / pf_rules /.test(l))).toEqual([MESSAGE]);
  });
  it("is silent when the file exists", () => {
    expect(lint({ "/etc/rc.conf": RC, "/etc/pf.jails.conf": "pass all\n" })).toEqual([]);
  });
  it("reads a relative pf_rules from /, where rc(8) and service(8) run rc.d/pf", () => {
    const rc = 'pf_enable="YES"\npf_rules="etc/pf.jails.conf"\n';
    expect(lint({ "/etc/rc.conf": rc, "/etc/pf.jails.conf": "pass all\n" })).toEqual([]);
    expect(lint({ "/etc/rc.conf": rc })).toEqual([
      "JL304 /etc/rc.conf 2:1-2:29 pf_rules names /etc/pf.jails.conf, which does not exist: rc.d/pf requires that file, so pf is not started at boot although pf_enable is YES; fix the path or create the file",
    ]);
  });
  it("is silent while pf is off", () => {
    expect(lint({ "/etc/rc.conf": 'pf_rules="/etc/pf.jails.conf"\n' })).toEqual([]);
  });
});

describe("every jail.conf resolver problem has a rule that reports it", () => {
  it("maps each kind to a registered rule", () => {
    for (const [kind, code] of Object.entries(RESOLVE_PROBLEM_CODES)) expect(findRule(code)?.code, kind).toBe(code);
  });
});
