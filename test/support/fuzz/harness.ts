import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type FuzzInput, type KnownBug, knownBug, type Violation } from "../known-bugs.js";
import { type CliResult, checkRun, FORMATS, type OutputKind } from "./checks.js";
import { type FuzzCase, fuzzSources, fuzzTrees, makeCase, SECRET_FILE, SECRET_MARKER } from "./mutate.js";
import { CliWorkers } from "./workers.js";

/** One thing done to a case, in a directory of its own: a report in one format, or a dry run and two fixes. */
interface Probe {
  readonly name: string;
  readonly runs: number;
  run(c: FuzzCase, files: FuzzInput, dir: string, workers: CliWorkers): Promise<Violation[]>;
}

const check = async (workers: CliWorkers, mode: string, output: OutputKind, argv: readonly string[], dir: string, files: FuzzInput) => {
  const r: CliResult = await workers.run(argv, dir);
  return { r, violations: checkRun(mode, output, r, files) };
};

const reportProbe = (format: (typeof FORMATS)[number]): Probe => ({
  name: `--format ${format}`,
  runs: 1,
  run: async (c, files, dir, workers) =>
    (await check(workers, `--format ${format}`, format, [...c.target, "-f", format], dir, files)).violations,
});

function snapshot(dir: string): Map<string, Buffer> {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => statSync(join(dir, f)).isFile());
  return new Map(files.sort().map((f) => [f, readFileSync(join(dir, f))]));
}

const isUtf8 = (b: Buffer): boolean => Buffer.from(b.toString("utf8"), "utf8").equals(b);
const replacementChars = (b: Buffer): number => b.toString("latin1").split("\xef\xbf\xbd").length - 1;

/** What differs between two snapshots of a directory, or undefined. */
function firstDifference(a: ReadonlyMap<string, Buffer>, b: ReadonlyMap<string, Buffer>): string | undefined {
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(name);
    const y = b.get(name);
    if (!x || !y) return `${name} ${x ? "disappeared" : "appeared"}`;
    if (!x.equals(y)) {
      let i = 0;
      while (x[i] === y[i]) i++;
      const show = (buf: Buffer) => JSON.stringify(buf.subarray(Math.max(0, i - 30), i + 30).toString("utf8"));
      return `${name} changed at byte ${i}: ${show(x)} became ${show(y)}`;
    }
  }
  return undefined;
}

/** --fix-dry-run, then --fix twice: the second fix must change nothing, and the dry run must agree with the first. */
const fixProbe = (unsafe: boolean): Probe => {
  const flags = unsafe ? ["--unsafe-fixes"] : [];
  const name = `--fix${unsafe ? " --unsafe-fixes" : ""}`;
  return {
    name,
    runs: 3,
    run: async (c, files, dir, workers) => {
      const dry = await check(
        workers,
        `--fix-dry-run${unsafe ? " --unsafe-fixes" : ""}`,
        "diff",
        [...c.target, "--fix-dry-run", ...flags],
        dir,
        files,
      );
      const first = await check(workers, name, "stylish", [...c.target, "--fix", ...flags], dir, files);
      const once = snapshot(dir);
      const second = await check(workers, `${name} (second run)`, "stylish", [...c.target, "--fix", ...flags], dir, files);
      const twice = snapshot(dir);
      const out = [...dry.violations, ...first.violations, ...second.violations];
      const v = (kind: Violation["kind"], detail: string) => out.push({ kind, mode: `${name}, twice`, detail });
      const again = firstDifference(once, twice);
      if (again) v("fix-not-idempotent", `the second --fix changed the files again: ${again}`);
      const changed = firstDifference(files, once);
      if ((dry.r.stdout !== "") !== (changed !== undefined) && !first.r.hang && !dry.r.hang)
        v(
          "fix-not-idempotent",
          changed ? `--fix changed ${changed}, but the dry run showed no change` : "the dry run showed changes --fix did not make",
        );
      for (const [path, after] of once) {
        const before = files.get(path);
        if (!before) v("bytes-changed", `--fix left ${path} behind`);
        else if (!isUtf8(before) && replacementChars(after) > replacementChars(before))
          v("bytes-changed", `${path} is not UTF-8, and --fix wrote U+FFFD over bytes it did not edit`);
      }
      for (const path of files.keys()) if (!once.has(path)) v("bytes-changed", `--fix removed ${path}`);
      if (readFileSync(join(dir, SECRET_FILE), "utf8") !== SECRET_TEXT)
        v("containment", `--fix wrote ${SECRET_FILE}, outside the linted directory`);
      return out;
    },
  };
};

const PROBES: readonly Probe[] = [...FORMATS.map(reportProbe), fixProbe(false), fixProbe(true)];
/** CLI runs per case. */
export const RUNS_PER_CASE = PROBES.reduce((n, p) => n + p.runs, 0);

/** A run that has not answered after this long is a hang. */
const HANG_MS = 15_000;

const SECRET_TEXT = `${SECRET_MARKER}: no jaillint output may ever show this line\n`;

/** Writes a case's files into a fresh directory under `parent`, with the secret beside it; returns the directory. */
export function writeInput(files: FuzzInput, parent: string): string {
  const dir = mkdtempSync(join(parent, "run-"));
  writeFileSync(join(dir, SECRET_FILE), SECRET_TEXT);
  for (const [path, bytes] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  return dir;
}

/** Runs one probe on `files` in a fresh directory under `parent`, beside the secret, and times it. */
async function runProbe(probe: Probe, c: FuzzCase, files: FuzzInput, parent: string, workers: CliWorkers) {
  const dir = writeInput(files, parent);
  const start = performance.now();
  const violations = await probe.run(c, files, dir, workers);
  const ms = performance.now() - start;
  rmSync(dir, { recursive: true, force: true });
  return { violations, ms };
}

const inputBytes = (files: FuzzInput): number => [...files.values()].reduce((n, b) => n + b.length, 0);

/**
 * Deletes files, then chunks of lines, then of bytes, while the probe still shows an unexplained violation of
 * the same kind in the same mode (a small ddmin). Bounded by `budget` probe runs and `budgetMs`.
 */
async function minimize(
  c: FuzzCase,
  probe: Probe,
  target: Violation,
  parent: string,
  workers: CliWorkers,
  budget = 250,
  budgetMs = 20_000,
): Promise<{ files: FuzzInput; complete: boolean }> {
  let best = new Map(c.files);
  let left = budget;
  const deadline = performance.now() + budgetMs;
  const fails = async (files: Map<string, Buffer>): Promise<boolean> => {
    if (left-- <= 0 || performance.now() > deadline) {
      left = 0;
      return false;
    }
    const { violations } = await runProbe(probe, c, files, parent, workers);
    return violations.some((v) => v.kind === target.kind && v.mode === target.mode && !knownBug(v, files));
  };
  for (const path of [...best.keys()]) {
    if (best.size === 1) break;
    const without = new Map(best);
    without.delete(path);
    if (await fails(without)) best = without;
  }
  for (const path of [...best.keys()]) {
    for (const unit of ["line", "byte"] as const) {
      const bytes = best.get(path) as Buffer;
      if (unit === "byte" && bytes.length > 4000) continue;
      let parts: Buffer[] = unit === "line" ? splitLines(bytes) : [...bytes].map((b) => Buffer.from([b]));
      let n = 2;
      while (parts.length >= 2 && left > 0) {
        const size = Math.ceil(parts.length / n);
        let reduced = false;
        for (let i = 0; i < parts.length && left > 0; i += size) {
          const candidate = [...parts.slice(0, i), ...parts.slice(i + size)];
          const next = new Map(best).set(path, Buffer.concat(candidate));
          if (await fails(next)) {
            parts = candidate;
            best = next;
            reduced = true;
            break;
          }
        }
        if (reduced) n = Math.max(n - 1, 2);
        else if (size === 1) break;
        else n = Math.min(n * 2, parts.length);
      }
    }
  }
  return { files: best, complete: left > 0 };
}

function splitLines(b: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < b.length; i++)
    if (b[i] === 0x0a) {
      parts.push(b.subarray(start, i + 1));
      start = i + 1;
    }
  if (start < b.length) parts.push(b.subarray(start));
  return parts;
}

/** A JSON string literal with every control and bidi character escaped, so the input shows as it is. */
const visible = (text: string): string =>
  JSON.stringify(text).replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );

function showInput(files: FuzzInput): string {
  return [...files]
    .map(([path, bytes]) => {
      const shown = isUtf8(bytes) ? visible(bytes.toString("utf8")) : `base64:${bytes.toString("base64")}`;
      return `    ${path} (${bytes.length} bytes): ${shown.length > 3000 ? `${shown.slice(0, 3000)}…` : shown}`;
    })
    .join("\n");
}

export interface FuzzOptions {
  readonly seed: number;
  /** Case indexes to run; each case is determined by the seed and its index alone. */
  readonly cases: readonly number[];
  readonly workers?: number;
  /** A run (a probe, per input byte) this many times slower than the median of its probe is too slow. */
  readonly slowFactor?: number;
  /** ...and slower than this; below it, timing noise is larger than any signal. */
  readonly slowFloorMs?: number;
  /** Start no case after this long (the cases not run are counted in the report). */
  readonly budgetMs?: number;
  /** Print each case's probe times as it finishes. */
  readonly verbose?: boolean;
}

export interface FuzzReport {
  /** Cases run (fewer than asked when the time budget ran out) and CLI runs made for them. */
  readonly cases: number;
  readonly runs: number;
  /** One paragraph per unexplained violation (minimized), ready to print. */
  readonly failures: string[];
  /** Violations tolerated by KNOWN_BUGS: how many cases each entry covered, and the first of them. */
  readonly known: Map<KnownBug, { cases: Set<number>; example: string }>;
}

/** Runs the cases through every probe, checks the per-byte times, and minimizes what fails. */
export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const { seed, slowFactor = 25, slowFloorMs = 1500 } = options;
  const sources = fuzzSources();
  const trees = fuzzTrees();
  const workers = new CliWorkers(options.workers ?? 2, HANG_MS);
  const scratch = mkdtempSync(join(tmpdir(), "jaillint-fuzz-"));
  const unexplained: { c: FuzzCase; probe: Probe; v: Violation }[] = [];
  const known = new Map<KnownBug, { cases: Set<number>; example: string }>();
  const timings: { c: FuzzCase; probe: Probe; perByte: number; ms: number }[] = [];
  const reproduce = (c: FuzzCase) =>
    `JAILLINT_FUZZ_SEED=${seed} JAILLINT_FUZZ_CASE=${c.index} npx -y pnpm@12.4.2 exec vitest run test/fuzz.test.ts`;
  const note = (c: FuzzCase, probe: Probe, v: Violation) => {
    const bug = knownBug(v, c.files);
    if (!bug) {
      if (unexplained.some((u) => u.v.kind === v.kind && u.v.mode === v.mode)) return;
      unexplained.push({ c, probe, v });
      // Shown at once, so a run that is stopped still tells what it found.
      console.warn(`fuzz: seed ${seed}, case ${c.index} (${c.label}): ${v.kind} in ${v.mode}: ${v.detail.slice(0, 300)}`);
      return;
    }
    const entry = known.get(bug) ?? {
      cases: new Set<number>(),
      example: `case ${c.index} (${c.label}): ${v.kind} in ${v.mode}: ${v.detail.slice(0, 300)}`,
    };
    entry.cases.add(c.index);
    known.set(bug, entry);
  };
  try {
    const queue = [...options.cases];
    const stopAt = performance.now() + (options.budgetMs ?? Number.POSITIVE_INFINITY);
    let ran = 0;
    const lane = async () => {
      for (let index = queue.shift(); index !== undefined && performance.now() < stopAt; index = queue.shift()) {
        ran++;
        const c = makeCase(seed, index, sources, trees);
        const parent = mkdtempSync(join(scratch, `case-${index}-`));
        for (const probe of PROBES) {
          const { violations, ms } = await runProbe(probe, c, c.files, parent, workers);
          for (const v of violations) note(c, probe, v);
          timings.push({ c, probe, ms, perByte: ms / Math.max(1, inputBytes(c.files)) });
        }
        rmSync(parent, { recursive: true, force: true });
        if (options.verbose) {
          const mine = timings.filter((t) => t.c === c);
          console.log(
            `case ${index} (${c.label}, ${inputBytes(c.files)} bytes): ${mine.map((t) => `${t.probe.name} ${Math.round(t.ms)}`).join(", ")} ms`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: options.workers ?? 2 }, lane));

    // A run far slower per byte than its probe's median is worth a second look; timed again to rule out noise
    // (at most 12 of them: on an overloaded machine most would be noise, and the suite must stay bounded).
    let retimes = 12;
    for (const probe of PROBES) {
      const mine = timings.filter((t) => t.probe === probe);
      const median = [...mine.map((t) => t.perByte)].sort((a, b) => a - b)[Math.floor(mine.length / 2)] ?? 0;
      for (const t of mine) {
        const limit = Math.max(slowFloorMs, slowFactor * median * inputBytes(t.c.files));
        // A probe that hung is reported as a hang already; timing it again would only cost the hang twice more.
        if (t.ms <= limit || t.ms >= HANG_MS || retimes-- <= 0) continue;
        // Twice more, keeping the fastest: on a busy machine one slow run is usually someone else's.
        const again = {
          ms: Math.min(
            (await runProbe(probe, t.c, t.c.files, scratch, workers)).ms,
            (await runProbe(probe, t.c, t.c.files, scratch, workers)).ms,
          ),
        };
        if (again.ms > limit)
          note(t.c, probe, {
            kind: "slow",
            mode: probe.name,
            detail: `${Math.round(again.ms)} ms for ${inputBytes(t.c.files)} bytes: over ${slowFactor}× the median ${(median * 1000).toFixed(2)} µs per byte`,
          });
      }
    }

    const failures: string[] = [];
    for (const { c, probe, v } of unexplained.slice(0, 3)) {
      const minimal = v.kind === "slow" ? { files: c.files, complete: false } : await minimize(c, probe, v, scratch, workers);
      failures.push(
        [
          `seed ${seed}, case ${c.index} (${c.label}): ${v.kind} in ${v.mode}`,
          `  ${v.detail.split("\n").slice(0, 12).join("\n  ")}`,
          `  reproduce: ${reproduce(c)}`,
          `  ${minimal.complete ? "minimal input" : "input (minimized as far as time allowed)"}, linted as \`jaillint ${c.target.join(" ")}\` in its directory:`,
          showInput(minimal.files),
        ].join("\n"),
      );
    }
    for (const { c, v } of unexplained.slice(3))
      failures.push(`seed ${seed}, case ${c.index} (${c.label}): ${v.kind} in ${v.mode}: ${v.detail.slice(0, 200)}`);
    return { cases: ran, runs: ran * RUNS_PER_CASE, failures, known };
  } finally {
    await workers.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The known-bug summary printed after a run, so what is still tolerated stays visible. */
export function describeKnown(report: FuzzReport, seed: number): string {
  return [...report.known]
    .map(
      ([bug, { cases, example }]) => `  issue 14 item ${bug.item} (${bug.title}): ${cases.size} cases with seed ${seed}, e.g. ${example}`,
    )
    .join("\n");
}
