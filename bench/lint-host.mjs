// Times lintHost on generated hosts of 100, 1,000 and 10,000 jails (jail.conf + rc.conf + pf.conf) and prints the
// time per jail, so linear scaling shows as a flat ratio. Runs the built dist/ (`pnpm build` first; `pnpm bench`
// does it). Node 20 has no TypeScript stripping, hence plain .mjs.
import { performance } from "node:perf_hooks";
import { MemoryHost } from "../packages/parser/dist/index.js";
import { lintHost } from "../packages/rules/dist/index.js";

const SIZES = (process.env.BENCH_SIZES ?? "100,1000,10000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function address(i) {
  // 127.1.0.1 … : one /32 loopback alias per jail on lo1, as the recommended setup gives them.
  const n = i + 1;
  return `127.1.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}

export function generateHost(n) {
  const jail = ['exec.start = "/bin/sh /etc/rc";', 'path = "/jails/$name";', "securelevel = 3;", "mount.devfs;", "devfs_ruleset = 4;", ""];
  for (let i = 0; i < n; i++) {
    jail.push(`j${i} {`, `    ip4.addr = "lo1|${address(i)}/32";`, `    host.hostname = "j${i}.example.org";`, "}");
  }
  const rc = [
    'hostname="bench.example.org"',
    'ifconfig_em0="inet 203.0.113.2/24"',
    'defaultrouter="203.0.113.1"',
    'cloned_interfaces="lo1"',
    'jail_enable="YES"',
    'pf_enable="YES"',
  ];
  const pf = [
    'ext_if = "em0"',
    "table <admins> persist { 198.51.100.7 }",
    "set skip on lo0",
    "nat on $ext_if from lo1:network to any -> ($ext_if)",
    `rdr pass on $ext_if proto tcp to port { 80 443 } -> ${address(0)}`,
    "block in all",
    "pass out all keep state",
    "pass in on $ext_if proto tcp from <admins> to port 22",
    `pass in quick on lo1 proto tcp from ${address(0)} to ${address(1)} port 5432`,
    "block in quick on lo1 from lo1 to lo1",
  ];
  return { "/etc/jail.conf": `${jail.join("\n")}\n`, "/etc/rc.conf": `${rc.join("\n")}\n`, "/etc/pf.conf": `${pf.join("\n")}\n` };
}

/**
 * A host of n jails whose pf.conf has one rule per jail (n rules, each passing one jail pair one port), the shape
 * that made JL202 quadratic: every rule names other addresses, so no two jails meet the rules alike.
 */
export function generateRuleHost(n) {
  const host = generateHost(n);
  const base = host["/etc/pf.conf"].trimEnd().split("\n");
  const last = base.pop(); // block in quick on lo1 from lo1 to lo1
  const pairs = [];
  for (let i = 0; i < n; i++)
    pairs.push(`pass in quick on lo1 proto tcp from ${address(i)} to ${address((i + 1) % n)} port ${1000 + (i % 500)}`);
  return { ...host, "/etc/pf.conf": `${[...base, ...pairs, last].join("\n")}\n` };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(sizes, generate, runs) {
  const rows = [];
  for (const n of sizes) {
    const files = generate(n);
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

const RULE_SIZES = (process.env.BENCH_RULE_SIZES ?? "1000,10000").split(",").map(Number);
const RULE_RUNS = Number(process.env.BENCH_RULE_RUNS ?? 3);

const rows = [];
for (const n of SIZES) {
  const files = generateHost(n);
  const input = { jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"], pf: ["/etc/pf.conf"] };
  const times = [];
  let diagnostics = 0;
  lintHost(input, new MemoryHost(files)); // warm-up
  for (let r = 0; r < RUNS; r++) {
    const host = new MemoryHost(files);
    const t0 = performance.now();
    diagnostics = lintHost(input, host).diagnostics.length;
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  rows.push({ jails: n, ms, perJail: ms / n, diagnostics });
}
const base = rows[0]?.perJail ?? 1;
console.log(`lintHost, median of ${RUNS} runs (node ${process.version})`);
console.log("jails    total ms   µs/jail   ratio to first   diagnostics");
for (const r of rows) {
  console.log(
    `${String(r.jails).padStart(6)}  ${r.ms.toFixed(1).padStart(9)}  ${(r.perJail * 1000).toFixed(1).padStart(8)}  ${(r.perJail / base).toFixed(2).padStart(15)}  ${String(r.diagnostics).padStart(12)}`,
  );
}

// One pf rule per jail: jails × rules grows quadratically; the time per jail must stay flat.
print(`lintHost, n jails and n pf rules, median of ${RULE_RUNS} runs`, measure(RULE_SIZES, generateRuleHost, RULE_RUNS), "  n  ");
