// The lint worker: runs the core on one host at a time and hands back findings positioned for LSP. It keeps, per
// host, what was found on disk (the tree's files, the configuration) until the main thread says it is stale.
import { pathToFileURL } from "node:url";
import { type MessagePort, parentPort } from "node:worker_threads";
import type { Range, TextEdit } from "vscode-languageserver/node.js";
import {
  type CoreFinding,
  disableComment,
  fixEdits,
  freebsdVersion,
  HostSession,
  type HostSnapshot,
  SUPPRESSION_PROBLEM_CODE,
} from "./core.js";
import * as features from "./features/index.js";
import type {
  FeatureJob,
  FeatureOutcome,
  FileLintOutcome,
  FixAllOutcome,
  FromWorker,
  Job,
  LintedDiagnostic,
  LintedFile,
  LintOutcome,
  ToWorker,
} from "./lint-protocol.js";
import { changedSpan, Positions } from "./positions.js";

export { Positions };

const SEVERITY = { error: 1, warning: 2, info: 3 } as const;

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
    // A line index is built only for a file with findings to position (a 5,000-line pf.conf takes milliseconds).
    const pos = findings.length > 0 ? at(path) : undefined;
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
    const unit = snap.units.get(path);
    files.push({ path, kind: snap.kinds.get(path), diagnostics, ...(unit ? { unit } : {}) });
  }
  return files;
}

/** The smallest single edit from `before` to `after`: what is common at both ends stays, so the cursor does too. */
export function minimalEdit(before: string, after: string): TextEdit[] {
  const span = changedSpan(before, after);
  if (!span) return [];
  return [{ range: new Positions(before).range(span.start, span.oldEnd), newText: after.slice(span.start, span.newEnd) }];
}

const sessions = new Map<string, HostSession>();
/**
 * The file rules' sessions, apart: their caches update the last resolve in place after each edit (HostSession),
 * which the host lints' and the features' models must not see.
 */
const fileSessions = new Map<string, HostSession>();

function session(job: Job): HostSession {
  const freebsd = freebsdVersion(job.freebsd);
  const fileRules = job.type === "fileLint";
  const all = fileRules ? fileSessions : sessions;
  let s = all.get(job.key);
  if (!s || JSON.stringify(s.target) !== JSON.stringify(job.target) || s.options.freebsd !== freebsd) {
    s = new HostSession(job.target, { freebsd }, { updates: fileRules });
    all.set(job.key, s);
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

async function run(job: Job): Promise<LintOutcome | FileLintOutcome | FixAllOutcome | FeatureOutcome> {
  const buffers = new Map(job.buffers);
  const s = session(job);
  if (job.type === "feature") return feature(job, s, buffers);
  if (job.type === "fileLint") {
    const started = performance.now();
    const snap = await s.lintFile(buffers, job.path, job.unit);
    const file = snap ? positionFindings(snap).find((f) => f.path === job.path) : undefined;
    return { file, ms: performance.now() - started };
  }
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
      for (const all of [sessions, fileSessions])
        for (const [key, s] of all) if (m.invalidate === "all" || m.invalidate.includes(key)) s.invalidate();
      return;
    }
    if ("drop" in m) {
      sessions.delete(m.drop);
      fileSessions.delete(m.drop);
      return;
    }
    run(m.job).then(
      (result) => port.postMessage({ id: m.id, ok: true, result } satisfies FromWorker),
      (e: unknown) => {
        // The stack is for the client's log (the worker's stderr goes there); a diagnostic shows the message only.
        if (e instanceof Error && e.stack) console.error(`jaillint: internal error in the ${m.job.type} job: ${e.stack}`);
        port.postMessage({ id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies FromWorker);
      },
    );
  });
}
