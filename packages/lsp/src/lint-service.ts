// Runs jobs in a worker thread, one at a time, the latest lint per host only. A lint that a newer one for the same
// host supersedes (or whose host was closed) is dropped before it starts, and stopped (the worker terminated and
// started again) when finishing it would cost more than a new worker: a 10 MB buffer must not hold every later
// lint back for minutes. A job given a time limit is answered when it runs out (the worker may go on and cache what
// it built). A worker that dies (out of memory) fails its job, not the server. The server runs two of these: one
// for lints, one for the editor features, so that a hover never waits for a lint.
import { Worker } from "node:worker_threads";
import type {
  FeatureJob,
  FeatureOutcome,
  FileLintOutcome,
  FixAllOutcome,
  FromWorker,
  Job,
  LintOutcome,
  ToWorker,
} from "./lint-protocol.js";

type Outcome = LintOutcome | FileLintOutcome | FixAllOutcome | FeatureOutcome;

/** What starting a worker costs before its first measurement (it loads the whole bundle). */
const DEFAULT_STARTUP_MS = 500;

export type JobResult<T> =
  | { readonly ok: true; readonly result: T }
  /** `superseded`: a newer job or a closed host made it pointless; `timeout`: out of time; `failed`: an error. */
  | { readonly ok: false; readonly reason: "superseded" | "timeout" | "failed"; readonly message: string };

interface Pending {
  readonly id: number;
  readonly job: Job;
  /** Settles the job's promise; only the first call counts. */
  readonly resolve: (r: JobResult<Outcome>) => void;
  startedAt?: number;
  /** A newer lint of its host is queued, or its host was closed: its result will be thrown away. */
  unwanted?: boolean;
}

export interface LintServiceOptions {
  /** The module the worker runs (this bundle, which starts the worker loop when it runs in a worker). */
  readonly workerUrl: URL;
  readonly workerData: unknown;
  readonly log: (message: string) => void;
  /** What the worker is for, in log lines ("lint", "feature"). */
  readonly name: string;
}

export class LintService {
  #worker: Worker | undefined;
  #queue: Pending[] = [];
  #running: Pending | undefined;
  #nextId = 1;
  #closed = false;
  #spawnedAt = 0;
  #startupMs = DEFAULT_STARTUP_MS;
  /** How long each host's last lint took. */
  readonly #lastMs = new Map<string, number>();
  constructor(private readonly options: LintServiceOptions) {}

  lint(job: Job & { type: "lint" }): Promise<JobResult<LintOutcome>> {
    return this.#submit(job) as Promise<JobResult<LintOutcome>>;
  }

  /** The file rules after an edit: only the newest of a document is worth running. */
  fileLint(job: Job & { type: "fileLint" }): Promise<JobResult<FileLintOutcome>> {
    return this.#submit(job) as Promise<JobResult<FileLintOutcome>>;
  }

  fixAll(job: Job & { type: "fixAll" }, timeoutMs?: number): Promise<JobResult<FixAllOutcome>> {
    return this.#submit(job, timeoutMs) as Promise<JobResult<FixAllOutcome>>;
  }

  /** An editor feature's answer: run before queued lints (a person is waiting for it), after the running job. */
  feature(job: FeatureJob, timeoutMs?: number): Promise<JobResult<FeatureOutcome>> {
    return this.#submit(job, timeoutMs) as Promise<JobResult<FeatureOutcome>>;
  }

  /** What was found on disk is stale (a file changed): the worker finds it again at the next lint. */
  invalidate(keys: readonly string[] | "all"): void {
    this.#worker?.postMessage({ invalidate: keys } satisfies ToWorker);
  }

  /** A host no document belongs to any more: the worker forgets it. */
  drop(key: string): void {
    this.#queue = this.#queue.filter((p) => {
      if (p.job.key !== key) return true;
      p.resolve({ ok: false, reason: "superseded", message: "the host was closed" });
      return false;
    });
    this.#lastMs.delete(key);
    if (this.#running?.job.key === key) this.#unwanted(this.#running);
    this.#worker?.postMessage({ drop: key } satisfies ToWorker);
  }

  close(): void {
    this.#closed = true;
    for (const p of this.#queue) p.resolve({ ok: false, reason: "superseded", message: "the server is shutting down" });
    this.#queue = [];
    void this.#worker?.terminate();
    this.#worker = undefined;
  }

  #submit(job: Job, timeoutMs?: number): Promise<JobResult<Outcome>> {
    if (this.#closed) return Promise.resolve({ ok: false, reason: "superseded", message: "the server is shutting down" });
    return new Promise((settle) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const resolve = (r: JobResult<Outcome>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        settle(r);
      };
      const p: Pending = { id: this.#nextId++, job, resolve };
      if (timeoutMs !== undefined)
        timer = setTimeout(() => {
          // Not started yet: it never will be. Running: the worker goes on (what it builds is cached), unanswered.
          this.#queue = this.#queue.filter((q) => q !== p);
          resolve({ ok: false, reason: "timeout", message: `no answer within ${timeoutMs} ms: the ${this.options.name} worker is busy` });
        }, timeoutMs);
      if (job.type === "lint") {
        // Only the newest lint of a host is worth running.
        this.#queue = this.#queue.filter((q) => {
          if (q.job.type !== "lint" || q.job.key !== job.key) return true;
          q.resolve({ ok: false, reason: "superseded", message: "superseded" });
          return false;
        });
        const r = this.#running;
        if (r && r.job.type === "lint" && r.job.key === job.key) this.#unwanted(r);
      }
      if (job.type === "fileLint")
        this.#queue = this.#queue.filter((q) => {
          if (q.job.type !== "fileLint" || q.job.key !== job.key || q.job.path !== job.path) return true;
          q.resolve({ ok: false, reason: "superseded", message: "superseded" });
          return false;
        });
      if (job.type === "feature") {
        const at = this.#queue.findIndex((q) => q.job.type !== "feature");
        this.#queue.splice(at === -1 ? this.#queue.length : at, 0, p);
      } else this.#queue.push(p);
      this.#pump();
    });
  }

  /**
   * A running job whose result is no longer wanted: stopped when what is left of it (by its host's last lint) costs
   * more than starting a worker again; a job with no such measure, once it has run that long.
   */
  #unwanted(r: Pending): void {
    r.unwanted = true;
    const check = (): void => {
      if (this.#running !== r || r.startedAt === undefined) return;
      const elapsed = performance.now() - r.startedAt;
      const restart = Math.max(this.#startupMs, 200);
      const expected = this.#lastMs.get(r.job.key);
      if (expected !== undefined ? expected - elapsed > restart : elapsed >= restart)
        this.#restart(r, { ok: false, reason: "superseded", message: "superseded" });
      else if (expected === undefined) setTimeout(check, restart - elapsed).unref();
    };
    check();
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

  /** Starts the worker before its first job, so that the first request does not wait for its start-up. */
  warm(): void {
    this.#worker ??= this.#spawn();
  }

  #spawn(): Worker {
    const w = new Worker(this.options.workerUrl, { workerData: this.options.workerData, stdout: true, stderr: true });
    // Nothing the worker prints may reach the protocol's stdout: it goes to the client's log.
    w.stdout.on("data", (b: Buffer) => this.options.log(b.toString().trimEnd()));
    w.stderr.on("data", (b: Buffer) => this.options.log(b.toString().trimEnd()));
    this.#spawnedAt = performance.now();
    w.on("message", (m: FromWorker | { ready: true }) => {
      if ("ready" in m) {
        this.#startupMs = performance.now() - this.#spawnedAt;
        return;
      }
      const r = this.#running;
      if (!r || r.id !== m.id) return;
      this.#running = undefined;
      if (r.startedAt !== undefined && r.job.type === "lint") this.#lastMs.set(r.job.key, performance.now() - r.startedAt);
      r.resolve(m.ok ? { ok: true, result: m.result } : { ok: false, reason: "failed", message: m.message });
      this.#pump();
    });
    const died = (why: string) => {
      if (this.#worker !== w) return;
      this.#worker = undefined;
      const r = this.#running;
      this.#running = undefined;
      this.options.log(`jaillint: the ${this.options.name} worker stopped: ${why}`);
      r?.resolve({ ok: false, reason: "failed", message: why });
      this.#pump();
    };
    w.on("error", (e: Error & { code?: string }) =>
      died(e.code === "ERR_WORKER_OUT_OF_MEMORY" ? "it ran out of memory on this host" : e.message),
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
