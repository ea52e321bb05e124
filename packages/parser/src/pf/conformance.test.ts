import { readFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { corpusFiles, haveCorpus, realManifest } from "../../../../test/support/corpus.js";
import { resolvePfConf } from "./index.js";

/**
 * Files pfctl itself rejects although the corpus does not mark them as templates. Each is named with its reason;
 * the test checks that they still fail, so a fix elsewhere cannot hide them.
 */
const KNOWN_INVALID: Record<string, string> = {
  "004-FreshPorts-host-init-pf.conf.sample": "placeholder `table <SSH_GOOD_IP4> { fill this in }`: `in` is a keyword, pfctl rejects it too",
  "009-skrp-HUBBUB-pf.conf": '`nat on $int inet udp` lacks `proto`, and `self = ""` leaves `from to`: pfctl rejects both',
  "017-tradero-shkit-pf.output.conf": "generated file with truncated lines `nat on` and `rdr on`: pfctl rejects them",
  "023-dstf-freebsd-lab-pf.conf":
    "`scrub in all` after `block return in log all`: parse.y check_rulestate rejects normalization after filtering",
};

/**
 * pfctl's regression outputs (`.ok`: what `pfctl -nv` prints) that pfctl cannot read back, each with its reason; the
 * test checks that they fail.
 */
const PFCTL_OUTPUT_NOT_INPUT: Record<string, string> = {
  "pf1005.ok":
    "`route-to (lo0 ?)` is how pfctl prints an interface whose address it could not tell; `?` starts no token (parse.y yylex hands the character to the grammar, which takes it nowhere: a syntax error)",
};

/**
 * Errors of a file plus those of the files it includes and of pfctl's rule order. pfctl_test.c runs pfctl in the test
 * directory, so relative include paths are opened from there.
 */
function errorsWithIncludes(path: string): string[] {
  const host = {
    read(p: string) {
      try {
        return { ok: true as const, text: readFileSync(p, "utf8"), file: p };
      } catch {
        return { ok: false as const, reason: "missing" as const, detail: "no such file" };
      }
    },
  };
  const resolved = resolvePfConf({ path, file: path, text: readFileSync(path, "utf8") }, host, { cwd: dirname(path) });
  const errors = resolved.files.flatMap((f) =>
    f.ast.problems.filter((p) => p.severity !== "note").map((p) => `${basename(f.file)}@${p.range.start}: ${p.message}`),
  );
  for (const p of resolved.problems) errors.push(`${basename(p.file)}@${p.range.start}: ${p.message}`);
  for (const o of resolved.orderProblems) errors.push(`${basename(o.file)}@${o.problem.range.start}: ${o.problem.message}`);
  return errors;
}

describe.runIf(haveCorpus())("pf.conf corpus conformance", () => {
  const pfctl = corpusFiles("pfctl");
  const syntaxFail = new Set(
    pfctl
      .filter((f) => basename(f) === "SYNTAX-FAIL.txt")
      .flatMap((f) =>
        readFileSync(f, "utf8")
          .split("\n")
          .map((l) => l.trim())
          .filter((l) => l !== ""),
      ),
  );
  const inputs = pfctl.filter((f) => /\.(in|ok)$/.test(f));
  const examples = corpusFiles("pf-examples", (n) => !/\.(md|tsv)$/.test(n));
  const real = realManifest().filter((r) => r.kind === "pf" && !r.template);
  const results: { name: string; ok: boolean }[] = [];

  it.each(inputs.map((f) => [basename(f), f] as const))("pfctl %s", (name, path) => {
    const errors = errorsWithIncludes(path);
    const expectFail = syntaxFail.has(name) || name in PFCTL_OUTPUT_NOT_INPUT;
    results.push({ name, ok: expectFail ? errors.length > 0 : errors.length === 0 });
    if (expectFail)
      expect(
        errors.length,
        `${name} is a pfctl syntax failure${name in PFCTL_OUTPUT_NOT_INPUT ? `: ${PFCTL_OUTPUT_NOT_INPUT[name]}` : ""}`,
      ).toBeGreaterThan(0);
    else expect(errors).toEqual([]);
  });

  it.each(examples.map((f) => [basename(f), f] as const))("pf-examples %s", (name, path) => {
    const errors = errorsWithIncludes(path);
    results.push({ name, ok: errors.length === 0 });
    expect(errors).toEqual([]);
  });

  it.each(real.map((r) => [basename(r.file), r.file] as const))("real %s", (name, path) => {
    const errors = errorsWithIncludes(path);
    const known = KNOWN_INVALID[name];
    results.push({ name, ok: known ? errors.length > 0 : errors.length === 0 });
    if (known) expect(errors.length, `${name}: ${known}`).toBeGreaterThan(0);
    else expect(errors).toEqual([]);
  });

  it("reports the pass rate", () => {
    const passed = results.filter((r) => r.ok).length;
    console.log(
      `pf.conf conformance: ${passed}/${results.length} files as expected (${((100 * passed) / Math.max(1, results.length)).toFixed(1)}%); ` +
        `${Object.keys(KNOWN_INVALID).length} real files named as invalid for pfctl too: ${Object.keys(KNOWN_INVALID).join(", ")}`,
    );
    expect(passed).toBe(results.length);
  });
});
