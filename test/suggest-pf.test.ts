import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { MemoryHost } from "@jaillint/parser";
import { applyPfSuggestion, lintHost, suggestPf, traceFlow } from "@jaillint/rules";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/corpus.js";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** A fixture host read into memory as /etc/…, its jail.conf.d files as roots too, the way the CLI finds them. */
function readHost(host: string): Record<string, string> {
  const etc = join(repoRoot, "fixtures", host, "etc");
  const texts: Record<string, string> = {};
  for (const f of files(etc)) texts[`/etc/${relative(etc, f).replace(/\\/g, "/")}`] = readFileSync(f, "utf8");
  return texts;
}

function lint(texts: Record<string, string>) {
  const has = (p: string): boolean => p in texts;
  return lintHost(
    {
      jailConf: Object.keys(texts).filter((p) => p === "/etc/jail.conf" || /^\/etc\/jail\.conf\.d\/[^/]*\.conf$/.test(p)),
      ...(has("/etc/rc.conf") ? { rc: ["/etc/rc.conf"] } : {}),
      ...(has("/etc/pf.conf") ? { pf: ["/etc/pf.conf"] } : {}),
    },
    new MemoryHost(texts),
  );
}

const codes = (r: ReturnType<typeof lint>) => r.diagnostics.map((d) => d.code).filter((c) => c === "JL202" || c === "JL203");

describe("jaillint suggest pf", () => {
  // example-host's pf.conf uses $int_if, defined nowhere (JL401): pfctl refuses the file whatever else it says, and
  // the rule that uses it leaves JL202 undecided. The suggestion says so; here the macro is defined first.
  const FIXED: Record<string, (t: Record<string, string>) => void> = {
    "example-host": (t) => {
      t["/etc/pf.conf"] = `int_if = "em1"\n${t["/etc/pf.conf"]}`;
    },
  };

  it.each(["example-host", "hosts/skip-lo", "hosts/em0-aliases", "hosts/recommended"])(
    "fixtures/%s with the suggestion applied has no JL202 or JL203, and every jail still reaches its own addresses",
    (host) => {
      const texts = readHost(host);
      FIXED[host]?.(texts);
      const before = lint(texts);
      const s = suggestPf(before.model);
      expect(s.file).toBe("/etc/pf.conf");
      const after = { ...texts };
      for (const file of new Set([...s.changes.map((c) => c.file), "/etc/pf.conf"]))
        after[file] = applyPfSuggestion(s, file, texts[file] ?? "");
      const linted = lint(after);
      expect(codes(linted), after["/etc/pf.conf"]).toEqual([]);
      expect(linted.diagnostics.filter((d) => d.code === "JL001" && d.file === "/etc/pf.conf")).toEqual([]);
      for (const a of s.addresses) {
        for (const port of [22, 80, 5432]) {
          const r = traceFlow(linted.model, { from: a.jail, to: a.address, port, proto: "tcp" });
          expect(r.ok && r.flow.verdict, `${a.jail} → ${a.address}:${port}\n${after["/etc/pf.conf"]}`).toBe("pass");
        }
      }
    },
  );

  it("says what it cannot settle: an undefined macro, and an rdr-anchor filled at run time (bastille)", () => {
    expect(suggestPf(lint(readHost("example-host")).model).notes).toContain(
      "macro $int_if is not defined (JL401): pfctl refuses the whole file until it is",
    );
    const texts = readHost("hosts/bastille-skip-lo");
    const s = suggestPf(lint(texts).model);
    expect(s.notes).toContain(
      'rdr-anchor "rdr/*" is filled at run time: what it loads can still redirect traffic between jails, which jaillint cannot judge',
    );
    const after = lint({ ...texts, "/etc/pf.conf": applyPfSuggestion(s, "/etc/pf.conf", texts["/etc/pf.conf"] ?? "") });
    // JL203 is gone; JL202 says only that the run-time anchor leaves it undecided, no longer that jails reach each other.
    expect(after.diagnostics.filter((d) => d.code === "JL203")).toEqual([]);
    expect(after.diagnostics.filter((d) => d.code === "JL202").map((d) => d.message)).toEqual([
      expect.stringMatching(/^JL202 could not decide|could not decide .*a rdr rule translates it/),
    ]);
  });

  it("had JL202 or JL203 findings to remove on the hosts that need it", () => {
    for (const host of ["example-host", "hosts/skip-lo", "hosts/bastille-skip-lo", "hosts/em0-aliases"])
      expect(codes(lint(readHost(host))).length, host).toBeGreaterThan(0);
  });
});
