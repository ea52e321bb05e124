// The lint worker: runs the core on one host at a time and hands back findings positioned for LSP. It keeps, per
// host, what was found on disk (the tree's files, the configuration) until the main thread says it is stale.
import { pathToFileURL } from "node:url";
import { type MessagePort, parentPort } from "node:worker_threads";
import type { Position, Range, TextEdit } from "vscode-languageserver/node.js";
import {
  type CoreFinding,
  disableComment,
  fixEdits,
  freebsdVersion,
  HostSession,
  type HostSnapshot,
  LineIndex,
  SUPPRESSION_PROBLEM_CODE,
} from "./core.js";
import * as features from "./features/index.js";
import type {
  FeatureJob,
  FeatureOutcome,
  FixAllOutcome,
  FromWorker,
  Job,
  LintedDiagnostic,
  LintedFile,
  LintOutcome,
  ToWorker,
} from "./lint-protocol.js";

const SEVERITY = { error: 1, warning: 2, info: 3 } as const;

/** Offsets to LSP positions in one text (LineIndex breaks lines where editors do: `\n`, `\r\n`, a lone `\r`). */
export class Positions {
  readonly #index: LineIndex;
  constructor(readonly text: string) {
    this.#index = new LineIndex(text);
  }
  position(offset: number): Position {
    const p = this.#index.position(offset, "utf16");
    return { line: p.line - 1, character: p.column - 1 };
  }
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
  /** The offset of an LSP position (clamped to its line). */
  offset(p: Position): number {
    return this.#index.offset(p.line + 1, p.character + 1, "utf16");
  }
}

const ORIGIN: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The snapshot's findings, file by file, positioned for LSP. */
export function positionFindings(snap: HostSnapshot): LintedFile[] {
  const positions = new Map<string, Positions | undefined>();
  const at = (path: string): Positions | undefined => {
    if (!positions.has(path)) {
      const text = snap.texts.get(path);
      positions.set(path, text === undefined ? undefined : new Positions(text));
    }
    return positions.get(path);
  };
  const byFile = new Map<string, CoreFinding[]>();
  for (const path of [...snap.texts.keys(), ...snap.roots]) byFile.set(path, byFile.get(path) ?? []);
  for (const f of snap.findings) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);
  const files: LintedFile[] = [];
  for (const [path, findings] of byFile) {
    const pos = at(path);
    const text = snap.texts.get(path);
    const diagnostics = findings.map((f): LintedDiagnostic => {
      const related = (f.related ?? []).map((r) => ({
        path: r.path,
        range: at(r.path)?.range(r.range.start, r.range.end) ?? ORIGIN,
        message: r.message,
      }));
      const out: { -readonly [K in keyof LintedDiagnostic]: LintedDiagnostic[K] } = {
        range: pos?.range(f.range.start, f.range.end) ?? ORIGIN,
        severity: SEVERITY[f.severity],
        code: f.code,
        message: f.message,
        related,
      };
      if (pos && text !== undefined) {
        if (f.fix) {
          const edits: TextEdit[] = fixEdits(text, f.fix).map((e) => ({ range: pos.range(e.start, e.end), newText: e.newText }));
          out.fix = { description: f.fix.description, safe: f.fix.safety === "safe", edits };
        }
        if (f.code !== SUPPRESSION_PROBLEM_CODE) {
          const c = disableComment(text, snap.statements.get(path) ?? [], f.code, f.range.start);
          out.disable = { range: pos.range(c.offset, c.offset), newText: c.text };
        }
      }
      return out;
    });
    files.push({ path, kind: snap.kinds.get(path), diagnostics });
  }
  return files;
}

/** The smallest single edit from `before` to `after`: what is common at both ends stays, so the cursor does too. */
export function minimalEdit(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  // Never split a CRLF or a surrogate pair: widen the edit over it.
  const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
  while (start > 0 && (isLow(before.charCodeAt(start)) || (before[start] === "\n" && before[start - 1] === "\r"))) start--;
  while (end > 0 && (isLow(before.charCodeAt(before.length - end)) || before[before.length - end - 1] === "\r")) end--;
  const pos = new Positions(before);
  return [{ range: pos.range(start, before.length - end), newText: after.slice(start, after.length - end) }];
}

const sessions = new Map<string, HostSession>();

function session(job: Job): HostSession {
  const freebsd = freebsdVersion(job.freebsd);
  let s = sessions.get(job.key);
  if (!s || JSON.stringify(s.target) !== JSON.stringify(job.target) || s.options.freebsd !== freebsd) {
    s = new HostSession(job.target, { freebsd });
    sessions.set(job.key, s);
  }
  return s;
}

async function feature(job: FeatureJob, s: HostSession, buffers: ReadonlyMap<string, string>): Promise<FeatureOutcome> {
  const r = job.request;
  if (r.method === "formatting") {
    const text = buffers.get(job.path);
    if (text === undefined) return { result: null };
    const f = features.formatJailConfDocument(text, { ...r.options, freebsd: freebsdVersion(job.freebsd) });
    return f.ok
      ? { result: f.edits }
      : { result: null, note: `${job.path}:${f.range.start.line + 1}:${f.range.start.character + 1}: not formatted: ${f.message}` };
  }
  const view = await s.view(buffers);
  const file = view?.fileOf(job.path);
  const nothing = r.method === "hover" ? null : [];
  if (!view || file === undefined) return { result: nothing };
  const uris = new Map(job.uris);
  const ctx = { model: view.model, uriOf: (f: string) => uris.get(view.pathOf(f)) ?? pathToFileURL(view.pathOf(f)).href };
  if (r.method === "hover") return { result: features.hover(ctx, file, r.position) };
  if (r.method === "completion") return { result: features.completion(ctx, file, r.position) };
  if (r.method === "definition") return { result: features.definition(ctx, file, r.position) };
  if (r.method === "references") return { result: features.references(ctx, file, r.position, r.includeDeclaration) };
  return { result: features.documentSymbols(ctx, file) };
}

async function run(job: Job): Promise<LintOutcome | FixAllOutcome | FeatureOutcome> {
  const buffers = new Map(job.buffers);
  const s = session(job);
  if (job.type === "feature") return feature(job, s, buffers);
  if (job.type === "fixAll") {
    const before = buffers.get(job.path);
    const after = await s.fixAll(buffers, job.path);
    return { edits: before === undefined || after === undefined ? [] : minimalEdit(before, after) };
  }
  const started = performance.now();
  const snap = await s.lint(buffers);
  const files = positionFindings(snap);
  return {
    files,
    roots: snap.roots,
    empty: snap.empty,
    problems: snap.problems,
    config: snap.config,
    ...(snap.refused ? { refused: snap.refused } : {}),
    ms: performance.now() - started,
  };
}

export function startLintWorker(port: MessagePort | null = parentPort): void {
  if (!port) return;
  port.postMessage({ ready: true });
  port.on("message", (m: ToWorker) => {
    if ("invalidate" in m) {
      for (const [key, s] of sessions) if (m.invalidate === "all" || m.invalidate.includes(key)) s.invalidate();
      return;
    }
    if ("drop" in m) {
      sessions.delete(m.drop);
      return;
    }
    run(m.job).then(
      (result) => port.postMessage({ id: m.id, ok: true, result } satisfies FromWorker),
      (e: unknown) =>
        port.postMessage({ id: m.id, ok: false, message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies FromWorker),
    );
  });
}
