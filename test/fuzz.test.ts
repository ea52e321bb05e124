import { describe, expect, it } from "vitest";
import { jaillint, scratch } from "./support/cli.js";
import { haveCorpus } from "./support/corpus.js";
import { describeKnown, fuzz, RUNS_PER_CASE, writeInput } from "./support/fuzz/harness.js";
import { fuzzSources, fuzzTrees, makeCase } from "./support/fuzz/mutate.js";
import { CliWorkers } from "./support/fuzz/workers.js";
import { FUZZ_SEED } from "./support/grammar-properties.js";

/**
 * Seeded mutations of the fixtures and the shared corpus, as single files and as host trees, through the CLI
 * bundle in every format, --fix-dry-run, and --fix and --fix --unsafe-fixes twice each (test/support/fuzz/).
 * A few thousand runs by default; JAILLINT_FUZZ_RUNS=N for more, JAILLINT_FUZZ_SEED for other cases, and
 * JAILLINT_FUZZ_CASE=I (or I,J,…) to run the cases a failure names, JAILLINT_FUZZ_VERBOSE=1 for each case's times.
 */
const runs = Number(process.env.JAILLINT_FUZZ_RUNS ?? 2000);
const only = process.env.JAILLINT_FUZZ_CASE?.split(",").map(Number);
const cases = only ?? Array.from({ length: Math.ceil(runs / RUNS_PER_CASE) }, (_, i) => i);
/** A machine far slower than CI's stops starting cases after this (JAILLINT_FUZZ_BUDGET_S; no limit when runs are asked for). */
const budgetS = Number(process.env.JAILLINT_FUZZ_BUDGET_S ?? (process.env.JAILLINT_FUZZ_RUNS || only ? Number.POSITIVE_INFINITY : 150));

describe("fuzz", () => {
  if (!haveCorpus()) console.warn("NOTICE: ../shared/corpus is absent; the fuzz test mutates the fixtures only.");
  it(
    `${cases.length * RUNS_PER_CASE} CLI runs on mutated inputs: no exception, status 0/1/2, settled fixes, well-formed output, no raw controls, no slow run`,
    async () => {
      const report = await fuzz({ seed: FUZZ_SEED, cases, budgetMs: budgetS * 1000, verbose: process.env.JAILLINT_FUZZ_VERBOSE === "1" });
      if (report.cases < cases.length)
        console.warn(`NOTICE: fuzz ran ${report.cases} of ${cases.length} cases in its ${budgetS} s budget (a slow or busy machine).`);
      const known = describeKnown(report, FUZZ_SEED);
      if (known) console.warn(`fuzz: known bugs still tolerated (test/support/known-bugs.ts):\n${known}`);
      expect(report.failures, report.failures.join("\n\n")).toEqual([]);
    },
    Number.isFinite(budgetS) ? (budgetS + 300) * 1000 : Math.max(540_000, cases.length * RUNS_PER_CASE * 300),
  );
});

describe("fuzz workers", () => {
  it("run what packages/cli/bin/jaillint.js runs: same output and status as the spawned bin", async () => {
    const workers = new CliWorkers(1, 60_000);
    try {
      for (const index of [0, 1]) {
        const c = makeCase(FUZZ_SEED, index, fuzzSources(), fuzzTrees());
        const dir = writeInput(c.files, scratch());
        for (const format of ["json", "stylish"]) {
          const argv = [...c.target, "-f", format];
          const inWorker = await workers.run(argv, dir);
          const spawned = jaillint(argv, dir);
          expect({ status: inWorker.status, stdout: inWorker.stdout, stderr: inWorker.stderr }).toEqual(spawned);
        }
      }
    } finally {
      await workers.close();
    }
  }, 120_000);
});
