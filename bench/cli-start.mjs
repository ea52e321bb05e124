// Cold start of the CLI as a whole process: the esbuild bundle (what bin/jaillint.js runs), the same CLI
// from the multi-file tsc output, and bare `node`, each `jaillint --version`, alternating A B C A B C … so
// machine drift hits all three alike. Prints medians and the ratios to bare node.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const commands = {
  "bundle (bin/jaillint.js)": [process.execPath, "packages/cli/bin/jaillint.js", "--version"],
  "unbundled (tsc dist/)": [
    process.execPath,
    "--input-type=module",
    "-e",
    "const m = await import('./packages/cli/dist/main.js'); process.exitCode = await m.run(['--version']);",
  ],
  "bare node -e ''": [process.execPath, "-e", ""],
};

const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (let r = -1; r < RUNS; r++) {
  for (const [name, [cmd, ...args]] of Object.entries(commands)) {
    const t0 = process.hrtime.bigint();
    const res = spawnSync(cmd, args, { cwd: root, stdio: "ignore" });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status !== 0) throw new Error(`${name} exited ${res.status}`);
    if (r >= 0) times[name].push(ms); // r = -1 is the warm-up round
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bare = median(times["bare node -e ''"]);
console.log(`\nCLI cold start (\`--version\`), median of ${RUNS} runs (node ${process.version})`);
console.log(`${"command".padEnd(28)} ${"ms".padStart(8)}  ratio to bare node`);
for (const [name, xs] of Object.entries(times)) {
  const m = median(xs);
  console.log(`${name.padEnd(28)} ${m.toFixed(1).padStart(8)}  ${(m / bare).toFixed(2).padStart(8)}`);
}
