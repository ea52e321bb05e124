// `pnpm bench:lint-host`: times lintHost in-process on generated hosts of 100, 1,000 and 10,000 jails
// (jail.conf + rc.conf + pf.conf) and prints the time per jail, so linear scaling shows as a flat ratio — the
// checking alone, without process start-up or reading files (`pnpm bench` times whole processes). A second table
// gives hosts of n jails with n pf rules each naming other jail addresses, the shape that once made JL202
// quadratic. Runs the built dist/. Node 20 has no TypeScript stripping, hence plain .mjs.
import { performance } from "node:perf_hooks";
import { MemoryHost } from "../packages/parser/dist/index.js";
import { lintHost } from "../packages/rules/dist/index.js";
import { generateHost, generateJl202 } from "./generate.mjs";

const SIZES = (process.env.BENCH_SIZES ?? "100,1000,10000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RULE_SIZES = (process.env.BENCH_RULE_SIZES ?? "1000,10000").split(",").map(Number);
const RULE_RUNS = Number(process.env.BENCH_RULE_RUNS ?? 3);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The generated files (named as in /etc) placed under /etc/ of an in-memory host. */
const inEtc = (files) => Object.fromEntries(Object.entries(files).map(([name, text]) => [`/etc/${name}`, text]));

function measure(sizes, generate, runs) {
  const rows = [];
  for (const n of sizes) {
    const files = inEtc(generate(n));
    const input = { jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"], pf: ["/etc/pf.conf"] };
    const times = [];
    let diagnostics = 0;
    lintHost(input, new MemoryHost(files)); // warm-up
    for (let r = 0; r < runs; r++) {
      const host = new MemoryHost(files);
      const t0 = performance.now();
      diagnostics = lintHost(input, host).diagnostics.length;
      times.push(performance.now() - t0);
    }
    const ms = median(times);
    rows.push({ jails: n, ms, perJail: ms / n, diagnostics });
  }
  return rows;
}

function print(title, rows, first) {
  const base = rows[0]?.perJail ?? 1;
  console.log(title);
  console.log(`${first}    total ms   µs/jail   ratio to first   diagnostics`);
  for (const r of rows) {
    console.log(
      `${String(r.jails).padStart(6)}  ${r.ms.toFixed(1).padStart(9)}  ${(r.perJail * 1000).toFixed(1).padStart(8)}  ${(r.perJail / base).toFixed(2).padStart(15)}  ${String(r.diagnostics).padStart(12)}`,
    );
  }
}

print(`lintHost, median of ${RUNS} runs (node ${process.version})`, measure(SIZES, generateHost, RUNS), "jails");
print(
  `lintHost, n jails and n pf rules, median of ${RULE_RUNS} runs`,
  measure(RULE_SIZES, (n) => generateJl202(n, n), RULE_RUNS),
  "  n  ",
);
