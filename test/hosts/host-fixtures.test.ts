import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { MemoryHost } from "@jaillint/parser";
import { lintHost, RULES, type Rule, runRules } from "@jaillint/rules";
import { describe, expect, it } from "vitest";
import { expectGolden, renderDiagnostics } from "../support/golden.js";

const HOSTS = fileURLToPath(new URL("../../fixtures/hosts/", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** A fixture tree read into memory as /etc/…, the way the CLI finds a host's files. */
function lintTree(dir: string) {
  const etc = join(dir, "etc");
  const texts: Record<string, string> = {};
  for (const f of files(etc)) texts[`/etc/${relative(etc, f).replace(/\\/g, "/")}`] = readFileSync(f, "utf8");
  const has = (p: string): boolean => p in texts;
  return lintHost(
    {
      jailConf: has("/etc/jail.conf") ? ["/etc/jail.conf"] : [],
      ...(has("/etc/rc.conf") ? { rc: ["/etc/rc.conf"] } : {}),
      ...(has("/etc/pf.conf") ? { pf: ["/etc/pf.conf"] } : {}),
    },
    new MemoryHost(texts),
  );
}

describe("host fixtures", () => {
  it("the recommended setup is completely silent", () => {
    const { diagnostics } = lintTree(join(HOSTS, "recommended"));
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });

  it("every rule ran on the recommended setup (it gives jail.conf, rc.conf and pf.conf)", () => {
    const { model } = lintTree(join(HOSTS, "recommended"));
    // Count the rules the engine really ran, so a rule it skips for want of input shows here.
    const ran = new Set<string>();
    const counted: Rule[] = RULES.map((r) => ({
      ...r,
      check: (ctx) => {
        ran.add(r.code);
        r.check(ctx);
      },
    }));
    runRules(model, counted);
    expect(RULES.filter((r) => !ran.has(r.code)).map((r) => r.code)).toEqual([]);
  });

  it("the ipfw twin of the recommended setup is completely silent, and its ipfw rules were judged", () => {
    const { diagnostics, model } = lintTree(join(HOSTS, "ipfw-recommended"));
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    expect(model.ipfw?.ruleset.rules.map((r) => r.number)).toEqual([
      100, 200, 210, 220, 230, 240, 290, 300, 310, 320, 330, 340, 350, 360, 370, 999, 1000, 1010,
    ]);
    // Without the rule that separates the jails, the same host is told they reach each other.
    const texts = Object.fromEntries(
      files(join(HOSTS, "ipfw-recommended", "etc")).map((f) => [
        `/etc/${relative(join(HOSTS, "ipfw-recommended", "etc"), f)}`,
        readFileSync(f, "utf8"),
      ]),
    );
    texts["/etc/ipfw.rules"] = (texts["/etc/ipfw.rules"] as string).replace(/^.*add 290 .*$/m, "");
    const open = lintHost({ jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"] }, new MemoryHost(texts));
    expect(open.diagnostics.map((d) => d.code)).toEqual(["JL202"]);
    expect(open.diagnostics[0]?.message).toContain("ipfw rule 340 passes");
  });

  it("the ipfw hazard host shows the findings its pf twin (pf-pass-all) does, at the same places", () => {
    const where = (name: string) =>
      lintTree(join(HOSTS, name)).diagnostics.map((d) => `${d.code} ${d.severity} ${d.file}:${d.range.start}-${d.range.end}`);
    expect(where("ipfw-hazard")).toEqual(where("pf-pass-all"));
    expect(where("ipfw-hazard")).toHaveLength(1);
  });

  it("the ipfw twin of skip-lo gets JL212 at its `via lo*` rule where skip-lo gets JL203 at `set skip on lo`", () => {
    const codes = (name: string) => lintTree(join(HOSTS, name)).diagnostics.map((d) => `${d.code} ${d.file}`);
    expect(codes("skip-lo")).toEqual(["JL203 /etc/pf.conf"]);
    expect(codes("ipfw-skip-lo")).toEqual(["JL212 /etc/ipfw.rules"]);
  });

  const trees = readdirSync(HOSTS).filter((d) => d !== "recommended" && d !== "ipfw-recommended" && existsSync(join(HOSTS, d, "etc")));
  // A `-silent` tree is a near-miss: a hazard's fixture changed just enough that no rule may fire.
  for (const name of trees.filter((d) => d.endsWith("-silent"))) {
    it(`${name}: the near-miss is completely silent`, () => {
      const { diagnostics } = lintTree(join(HOSTS, name));
      expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    });
  }
  for (const name of trees.filter((d) => !d.endsWith("-silent"))) {
    it(`${name}: diagnostics match expected.golden.txt`, () => {
      const { diagnostics, model } = lintTree(join(HOSTS, name));
      expect(diagnostics.length).toBeGreaterThan(0);
      expectGolden(
        join(HOSTS, name, "expected.golden.txt"),
        renderDiagnostics(diagnostics, model.texts, (f) => f.replace(/^\//, "")),
      );
    });
  }
});
