import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { repoRoot } from "../corpus.js";
import type { CliResult } from "./checks.js";

/** The bundle packages/cli/bin/jaillint.js runs; `pnpm build` (and `pnpm test`) writes it. */
export const cliBundle = join(repoRoot, "packages/cli/dist/jaillint.mjs");

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
}

/**
 * Worker threads that each run the CLI in-process, one run at a time. A run that does not answer in
 * `timeoutMs` is a hang: its worker is terminated and replaced. A worker that dies (out of memory, an
 * uncaught error, `process.exit`) turns into an exception result, and is replaced too.
 */
export class CliWorkers {
  readonly #slots: Slot[];
  readonly #waiting: ((slot: Slot) => void)[] = [];

  constructor(
    size: number,
    private readonly timeoutMs: number,
  ) {
    if (!existsSync(cliBundle)) throw new Error(`${cliBundle} is missing: run \`pnpm build\` first`);
    this.#slots = Array.from({ length: size }, () => this.#spawn());
  }

  #spawn(): Slot {
    const worker = new Worker(new URL("./worker.mjs", import.meta.url), {
      workerData: { bundle: pathToFileURL(cliBundle).href },
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
    const ready = new Promise<void>((resolve, reject) => {
      worker.once("message", () => resolve());
      worker.once("error", reject);
    });
    return { worker, ready, busy: false };
  }

  async #acquire(): Promise<Slot> {
    const free = this.#slots.find((s) => !s.busy);
    const slot = free ?? (await new Promise<Slot>((resolve) => this.#waiting.push(resolve)));
    slot.busy = true;
    return slot;
  }

  #release(slot: Slot): void {
    const next = this.#waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  #replace(slot: Slot): void {
    void slot.worker.terminate();
    Object.assign(slot, this.#spawn(), { busy: true });
  }

  /** Runs `jaillint ARGV` in `cwd`. */
  async run(argv: readonly string[], cwd: string): Promise<CliResult> {
    const slot = await this.#acquire();
    await slot.ready;
    const start = performance.now();
    const result = await new Promise<CliResult>((resolve) => {
      const done = (r: CliResult, broken: boolean): void => {
        clearTimeout(timer);
        slot.worker.off("message", onMessage);
        slot.worker.off("error", onError);
        slot.worker.off("exit", onExit);
        if (broken) this.#replace(slot);
        resolve(r);
      };
      const failed = (thrown: string): CliResult => ({ status: null, stdout: "", stderr: "", ms: performance.now() - start, thrown });
      const onMessage = (r: CliResult): void => done(r, false);
      const onError = (e: Error): void => done(failed(`the worker died: ${e.stack ?? e}`), true);
      const onExit = (code: number): void => done(failed(`the worker exited with status ${code} (process.exit?)`), true);
      const timer = setTimeout(
        () => done({ status: null, stdout: "", stderr: "", ms: performance.now() - start, hang: true }, true),
        this.timeoutMs,
      );
      slot.worker.on("message", onMessage);
      slot.worker.once("error", onError);
      slot.worker.once("exit", onExit);
      slot.worker.postMessage({ argv, cwd });
    });
    this.#release(slot);
    return result;
  }

  async close(): Promise<void> {
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }
}
