// Times the --fix-dry-run diff (unifiedDiff) on files of 10,000, 30,000 and 100,000 lines with two fixes far
// apart, and prints the time per line, so linear scaling shows as a flat ratio. Runs the built dist/ (`pnpm build`
// first; `pnpm bench` does it).
import { performance } from "node:perf_hooks";
import { unifiedDiff } from "../packages/cli/dist/unified-diff.js";

const SIZES = (process.env.BENCH_SIZES ?? "10000,30000,100000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows = [];
for (const n of SIZES) {
  const lines = ["db {", "  sysvshm = inherit;", "}"];
  for (let i = 0; i < n - 6; i++) lines.push(`# comment ${i}`);
  lines.push("mail {", "  sysvshm = inherit;", "}");
  const before = `${lines.join("\n")}\n`;
  const after = before.replaceAll("sysvshm = inherit;", "sysvshm = new;");
  unifiedDiff(before, after, "a", "b"); // warm-up
  const times = [];
  let steps = 0;
  for (let r = 0; r < RUNS; r++) {
    const work = { steps: 0 };
    const t0 = performance.now();
    unifiedDiff(before, after, "a", "b", 3, work);
    times.push(performance.now() - t0);
    steps = work.steps;
  }
  const ms = median(times);
  rows.push({ n, ms, perLine: (ms * 1000) / n, steps });
}
console.log("| lines | total ms | µs/line | steps | per-line ratio to first |");
console.log("| ----: | -------: | ------: | ----: | ----------------------: |");
for (const r of rows)
  console.log(
    `| ${r.n.toLocaleString("en")} | ${r.ms.toFixed(1)} | ${r.perLine.toFixed(3)} | ${r.steps.toLocaleString("en")} | ${(r.perLine / rows[0].perLine).toFixed(2)} |`,
  );
