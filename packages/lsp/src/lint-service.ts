// Runs lint jobs in a worker thread, one at a time, the latest job per host only. A lint that a newer one for the
// same host supersedes is dropped before it starts, and stopped (the worker terminated and started again) when it
// has already run long: a 10 MB buffer must not hold every later lint back for minutes. A worker that dies (out of
// memory) fails its job, not the server.
import { Worker } from "node:worker_threads";
import type { FixAllOutcome, FromWorker, Job, LintOutcome, ToWorker } from "./lint-protocol.js";

/** A running lint superseded after this long is stopped; a shorter one finishes (a restart costs about as much). */
export const STOP_SUPERSEDED_AFTER_MS = 2000;

export type JobResult<T> =
  | { readonly ok: true; readonly result: T }
  | { readonly ok: false; readonly superseded: boolean; readonly message: string };

interface Pending {
  readonly id: number;
  readonly job: Job;
  readonly resolve: (r: JobResult<LintOutcome | FixAllOutcome>) => void;
  startedAt?: number;
}

export interface LintServiceOptions {
  /** The module the worker runs (this bundle, which starts the worker loop when it runs in a worker). */
  readonly workerUrl: URL;
  readonly workerData: unknown;
  readonly log: (message: string) => void;
}

export class LintService {
  #worker: Worker | undefined;
  #queue: Pending[] = [];
  #running: Pending | undefined;
  #nextId = 1;
  #closed = false;
  constructor(private readonly options: LintServiceOptions) {}

  lint(job: Job & { type: "lint" }): Promise<JobResult<LintOutcome>> {
    return this.#submit(job) as Promise<JobResult<LintOutcome>>;
  }

  fixAll(job: Job & { type: "fixAll" }): Promise<JobResult<FixAllOutcome>> {
    return this.#submit(job) as Promise<JobResult<FixAllOutcome>>;
  }

  /** What was found on disk is stale (a file changed): the worker finds it again at the next lint. */
  invalidate(keys: readonly string[] | "all"): void {
    this.#worker?.postMessage({ invalidate: keys } satisfies ToWorker);
  }

  /** A host no document belongs to any more: the worker forgets it. */
  drop(key: string): void {
    this.#queue = this.#queue.filter((p) => {
      if (p.job.key !== key) return true;
      p.resolve({ ok: false, superseded: true, message: "the host was closed" });
      return false;
    });
    this.#worker?.postMessage({ drop: key } satisfies ToWorker);
  }

  close(): void {
    this.#closed = true;
    for (const p of this.#queue) p.resolve({ ok: false, superseded: true, message: "the server is shutting down" });
    this.#queue = [];
    void this.#worker?.terminate();
    this.#worker = undefined;
  }

  #submit(job: Job): Promise<JobResult<LintOutcome | FixAllOutcome>> {
    if (this.#closed) return Promise.resolve({ ok: false, superseded: true, message: "the server is shutting down" });
    return new Promise((resolve) => {
      const p: Pending = { id: this.#nextId++, job, resolve };
      if (job.type === "lint") {
        // Only the newest lint of a host is worth running.
        this.#queue = this.#queue.filter((q) => {
          if (q.job.type !== "lint" || q.job.key !== job.key) return true;
          q.resolve({ ok: false, superseded: true, message: "superseded" });
          return false;
        });
        const r = this.#running;
        if (r && r.job.type === "lint" && r.job.key === job.key && r.startedAt !== undefined) {
          if (performance.now() - r.startedAt >= STOP_SUPERSEDED_AFTER_MS)
            this.#restart(r, { ok: false, superseded: true, message: "superseded" });
          else this.#stopWhenLong(r);
        }
      }
      this.#queue.push(p);
      this.#pump();
    });
  }

  /** Stops a superseded lint once it has run long enough, unless it has finished by then. */
  #stopWhenLong(r: Pending): void {
    const left = STOP_SUPERSEDED_AFTER_MS - (performance.now() - (r.startedAt ?? 0));
    setTimeout(
      () => {
        if (this.#running === r && this.#queue.some((q) => q.job.type === "lint" && q.job.key === r.job.key))
          this.#restart(r, { ok: false, superseded: true, message: "superseded" });
      },
      Math.max(0, left),
    ).unref();
  }

  #restart(r: Pending, result: JobResult<never>): void {
    const w = this.#worker;
    this.#worker = undefined;
    this.#running = undefined;
    if (w) {
      w.removeAllListeners();
      w.on("error", () => {});
      void w.terminate();
    }
    r.resolve(result);
    this.#pump();
  }

  #spawn(): Worker {
    const w = new Worker(this.options.workerUrl, { workerData: this.options.workerData, stdout: true, stderr: true });
    // Nothing the worker prints may reach the protocol's stdout: it goes to the client's log.
    w.stdout.on("data", (b: Buffer) => this.options.log(b.toString().trimEnd()));
    w.stderr.on("data", (b: Buffer) => this.options.log(b.toString().trimEnd()));
    w.on("message", (m: FromWorker) => {
      const r = this.#running;
      if (!r || r.id !== m.id) return;
      this.#running = undefined;
      r.resolve(m.ok ? { ok: true, result: m.result } : { ok: false, superseded: false, message: m.message });
      this.#pump();
    });
    const died = (why: string) => {
      if (this.#worker !== w) return;
      this.#worker = undefined;
      const r = this.#running;
      this.#running = undefined;
      this.options.log(`jaillint: the lint worker stopped: ${why}`);
      r?.resolve({ ok: false, superseded: false, message: why });
      this.#pump();
    };
    w.on("error", (e: Error & { code?: string }) =>
      died(e.code === "ERR_WORKER_OUT_OF_MEMORY" ? "it ran out of memory linting this host" : e.message),
    );
    w.on("exit", (code) => died(`it exited with status ${code}`));
    return w;
  }

  #pump(): void {
    if (this.#closed || this.#running) return;
    const next = this.#queue.shift();
    if (!next) return;
    this.#worker ??= this.#spawn();
    this.#running = next;
    next.startedAt = performance.now();
    this.#worker.postMessage({ id: next.id, job: next.job } satisfies ToWorker);
  }
}
