// Which host each open document belongs to, when its host is linted, and what is published.
//
// jail.conf, rc.conf and pf.conf of one config tree are one host, open or only on disk: the tree is the workspace
// folder (read as `jaillint DIR` reads it: DIR/etc, or DIR itself standing for /etc), a folder holding a
// jaillint.config.json, or the parent of an `etc` folder the file is in; the innermost of them whose host holds
// the file wins. A file in none of them is linted alone, as `jaillint FILE` lints it. Every file of a host gets
// its diagnostics published, the ones only on disk too (pf.conf's JL203 while only jail.conf is open).
//
// After each edit, the file rules (RuleScope "file") run at once on the edited document, through the unit the
// latest lint of its host found for it, and their findings are published with the host rules' findings of that
// lint carried over the edit. The host is linted again after the edits settle (debounced); a lint an edit made
// stale is dropped, and a result is published only when every buffer it read is still at the version it read.
import { existsSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Connection, Diagnostic } from "vscode-languageserver/node.js";
import { DiagnosticSeverity, DiagnosticTag, MessageType, ShowMessageNotification } from "vscode-languageserver/node.js";
import { DEPRECATED_RULES, detectKind, FILE_RULE_CODES, type FileUnit, type FreeBsdVersion, helpUri, type LintTarget } from "./core.js";
import type { DocumentStore } from "./documents.js";
import type { LintedDiagnostic, LintedFile, LintOutcome } from "./lint-protocol.js";
import type { LintService } from "./lint-service.js";
import { carryOver, changedSpan, commentLinesAbove, editedLines } from "./positions.js";

export interface WorkspaceSettings {
  readonly freebsd: FreeBsdVersion;
  /** How long an edit must settle before its host is linted again. */
  readonly debounceMs: number;
  /** Whether the file rules run on the edited document at once, before the host is linted again. */
  readonly fileRules: boolean;
}

const CONFIG_FILE = "jaillint.config.json";

/** A line of a suppression comment (packages/rules/src/engine/suppressions.ts: jaillint-disable…, jaillint-enable). */
const SUPPRESSION_MARK = /jaillint-(?:disable|enable)/;

export class Host {
  readonly docs = new Set<string>();
  /** Bumped by every scheduled lint: a result whose number is not the latest is stale. */
  seq = 0;
  timer: NodeJS.Timeout | undefined;
  /** The latest lint's outcome, published or not, and the versions of the buffers it read. */
  outcome: LintOutcome | undefined;
  versions = new Map<string, number>();
  /** The texts of the open documents the latest outcome read, by path. */
  texts = new Map<string, string>();
  /** The latest published outcome's files, by path (code actions and features read them). */
  files = new Map<string, LintedFile>();
  /** URIs this host published diagnostics for. */
  published = new Set<string>();
  logged = new Set<string>();
  /** The lint under way, if any. */
  running: Promise<void> | undefined;
  /** Documents being placed that are waiting on this host's first lint. */
  probing = 0;
  /** Open files whose unit the file rules' worker has read once (see #warmFileRules). */
  readonly warmed = new Set<string>();
  disposed = false;
  constructor(
    readonly key: string,
    readonly target: LintTarget,
  ) {}

  /** Paths the host is known to hold. */
  members(): Set<string> {
    return new Set([...(this.outcome?.files.map((f) => f.path) ?? []), ...(this.outcome?.roots ?? [])]);
  }
}

export function pathOfUri(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

const isDirectory = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

const inside = (dir: string, path: string): boolean => {
  const rel = relative(dir, path);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
};

export class Workspace {
  folders: string[] = [];
  readonly hosts = new Map<string, Host>();
  readonly docHost = new Map<string, Host>();
  /** Last diagnostics sent per URI (serialized) and the host that sent them. */
  readonly #sent = new Map<string, string>();
  readonly #owner = new Map<string, Host>();
  readonly #assigning = new Map<string, number>();
  #assignSeq = 0;

  constructor(
    private readonly connection: Connection,
    private readonly documents: DocumentStore,
    private readonly lint: Pick<LintService, "lint" | "fileLint" | "invalidate" | "drop">,
    public settings: WorkspaceSettings,
  ) {}

  log(message: string): void {
    this.connection.console.log(message);
  }

  /** The URI a path is published under: the client's own for an open document. */
  uriOf(path: string): string {
    for (const d of this.documents.all()) if (pathOfUri(d.uri) === path) return d.uri;
    return pathToFileURL(path).href;
  }

  // ------------------------------------------------------------------ documents

  opened(uri: string): void {
    void this.assign(uri);
  }

  changed(uri: string): void {
    const host = this.docHost.get(uri);
    if (!host) return;
    this.schedule(host, this.settings.debounceMs);
    if (this.settings.fileRules) void this.#fileRules(host, uri);
  }

  /**
   * The file rules on the edited document, published with the host rules' findings of the latest lint carried over
   * the edits since; skipped when that lint has not placed the file in a unit yet, and not published when a newer
   * edit or the host's own lint of this version came first.
   */
  async #fileRules(host: Host, uri: string): Promise<void> {
    const path = pathOfUri(uri);
    const doc = this.documents.get(uri);
    const last = host.outcome;
    const file = path === undefined ? undefined : last?.files.find((f) => f.path === path);
    const before = path === undefined ? undefined : host.texts.get(path);
    if (!doc || !path || !last || last.refused || !file?.unit || before === undefined) return;
    const version = doc.version;
    const r = await this.#fileLint(host, path, file.unit);
    if (!r.ok) {
      if (r.reason !== "superseded") this.log(`jaillint: could not run the file rules on ${path}: ${r.message}`);
      return;
    }
    const now = this.documents.get(uri);
    const fresh = r.result.file;
    if (!fresh || host.disposed || this.docHost.get(uri) !== host || now?.version !== version || host.versions.get(uri) === version) return;
    const text = now.getText();
    // A suppression comment written or edited may silence a host rule's finding: the host's lint says which.
    // Every edit since that lint, as one span: what is common to both texts at their ends is scanned once.
    const span = changedSpan(before, text);
    const edited = editedLines(before, text, span);
    if (SUPPRESSION_MARK.test(edited.before) || SUPPRESSION_MARK.test(edited.after)) return;
    // A suppression comment just above the edit covers the next line with code, which the edit may have changed.
    if (span && SUPPRESSION_MARK.test(commentLinesAbove(before, span.start))) return;
    const carried = carryOver(
      file.diagnostics.filter((d) => !FILE_RULE_CODES.has(d.code)),
      path,
      before,
      text,
      span,
    );
    const all = [...fresh.diagnostics, ...carried].sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
    this.#publish(
      uri,
      all.map((d) => this.toDiagnostic(d)),
      version,
      host,
    );
  }

  /**
   * Runs the file rules once on each open document the host's lint placed in a unit, for nothing but what the file
   * worker keeps: the first keystroke then updates a resolve instead of making one (600 ms for a 2,000-jail file).
   */
  #warmFileRules(host: Host): void {
    const outcome = host.outcome;
    if (!outcome || outcome.refused) return;
    for (const uri of host.docs) {
      const path = pathOfUri(uri);
      const file = path === undefined || host.warmed.has(path) ? undefined : outcome.files.find((f) => f.path === path);
      if (!path || !file?.unit) continue;
      host.warmed.add(path);
      void this.#fileLint(host, path, file.unit);
    }
  }

  /** The file rules on `path` through `unit`, with the host's open buffers as they are now. */
  #fileLint(host: Host, path: string, unit: FileUnit): ReturnType<LintService["fileLint"]> {
    const { buffers } = this.#buffers(host, []);
    return this.lint.fileLint({
      type: "fileLint",
      key: host.key,
      target: host.target,
      freebsd: this.settings.freebsd,
      buffers,
      path,
      unit,
    });
  }

  closed(uri: string): void {
    this.#assigning.delete(uri);
    const host = this.docHost.get(uri);
    if (!host) return;
    this.#detach(uri, host);
    if (host.docs.size === 0) this.#dispose(host);
    else {
      // The buffer is gone: the disk's text stands for the file again.
      this.lint.invalidate([host.key]);
      this.schedule(host, 0);
    }
  }

  saved(uri: string): void {
    const host = this.docHost.get(uri);
    if (host) this.lint.invalidate([host.key]);
  }

  /** Files changed on disk (workspace/didChangeWatchedFiles): read everything again, and re-place loose files. */
  diskChanged(): void {
    this.lint.invalidate("all");
    for (const host of this.hosts.values()) if (host.docs.size > 0) this.schedule(host, this.settings.debounceMs);
    for (const [uri, host] of this.docHost) if ("file" in host.target) void this.assign(uri);
  }

  setFolders(folders: string[]): void {
    this.folders = folders;
    for (const uri of [...this.docHost.keys()]) void this.assign(uri);
  }

  // ------------------------------------------------------------------ hosts

  /** Config trees the file could belong to, innermost first. */
  candidates(path: string): string[] {
    const folder = this.folders.filter((f) => inside(f, path)).sort((a, b) => b.length - a.length)[0];
    const out: string[] = [];
    for (let dir = dirname(path); ; dir = dirname(dir)) {
      // A file in an `etc` folder: the folder above it mirrors / (as `jaillint DIR` reads DIR/etc).
      if (basename(dir) === "etc" && dirname(dir) !== dir) out.push(dirname(dir));
      else if (dir === folder || existsSync(join(dir, CONFIG_FILE))) out.push(dir);
      if (dir === folder || dirname(dir) === dir) break;
    }
    if (folder && !out.includes(folder)) out.push(folder);
    return [...new Set(out)].filter(isDirectory);
  }

  #host(key: string, target: LintTarget): Host {
    let h = this.hosts.get(key);
    if (!h || h.disposed) {
      h = new Host(key, target);
      this.hosts.set(key, h);
    }
    return h;
  }

  /** Finds the document's host (linting candidate trees to learn what they hold) and attaches it there. */
  async assign(uri: string): Promise<void> {
    const token = ++this.#assignSeq;
    this.#assigning.set(uri, token);
    const stale = () => this.#assigning.get(uri) !== token || !this.documents.get(uri);
    const doc = this.documents.get(uri);
    if (!doc) return;
    const path = pathOfUri(uri);
    if (path) {
      for (const dir of this.candidates(path)) {
        const host = this.#host(`tree:${dir}`, { tree: dir });
        if (!host.outcome) {
          host.probing++;
          try {
            await this.#lintOnce(host, uri);
          } finally {
            host.probing--;
          }
        }
        const member = host.members().has(path);
        // A tree that holds none of the open documents is not kept (nor its worker's caches).
        if ((stale() || !member) && host.docs.size === 0 && host.probing === 0) this.#dispose(host);
        if (stale()) return;
        if (member) return this.#attach(uri, host);
      }
    }
    const kind = detectKind(path, doc.languageId, doc.getText());
    if (kind === undefined || kind === "fail2ban") {
      const current = this.docHost.get(uri);
      if (current) this.#detach(uri, current);
      this.#publish(uri, [], doc.version);
      this.log(
        kind === "fail2ban"
          ? `jaillint: ${path ?? uri}: skipped: this is a fail2ban jail.conf (INI sections like [sshd]), not jail(8)'s`
          : `jaillint: ${path ?? uri}: cannot tell what kind of file this is: name it jail.conf, rc.conf or pf.conf, or set its language to jail-conf, rc-conf or pf-conf`,
      );
      return;
    }
    if (!path) {
      this.log(`jaillint: ${uri}: only files on disk (file: URIs) are linted`);
      return;
    }
    this.#attach(uri, this.#host(`file:${kind}:${path}`, { file: path, kind }));
  }

  #attach(uri: string, placed: Host): void {
    // Disposed while the document was being placed (its other documents closed): the host starts afresh.
    const host = placed.disposed ? this.#host(placed.key, placed.target) : placed;
    const current = this.docHost.get(uri);
    if (current === host) return;
    host.docs.add(uri);
    this.docHost.set(uri, host);
    if (current) {
      current.docs.delete(uri);
      if (current.docs.size === 0) this.#dispose(current);
      else this.schedule(current, 0);
    }
    const doc = this.documents.get(uri);
    // The lint that placed the document read this very buffer: publish it rather than lint again.
    if (host.outcome && doc && host.versions.get(uri) === doc.version && !host.timer) this.#publishOutcome(host, host.outcome);
    else this.schedule(host, 0);
  }

  #detach(uri: string, host: Host): void {
    host.docs.delete(uri);
    this.docHost.delete(uri);
  }

  #dispose(host: Host): void {
    host.disposed = true;
    clearTimeout(host.timer);
    host.timer = undefined;
    host.seq++;
    // Cleared, unless the document moved to another host, which publishes it next (no flash of nothing).
    for (const uri of host.published) {
      const now = this.docHost.get(uri);
      if (this.#owner.get(uri) === host && !(now && now !== host)) this.#publish(uri, [], undefined);
    }
    host.published.clear();
    if (this.hosts.get(host.key) === host) this.hosts.delete(host.key);
    this.lint.drop(host.key);
  }

  schedule(host: Host, delay: number): void {
    if (host.disposed) return;
    clearTimeout(host.timer);
    host.seq++;
    host.timer = setTimeout(() => {
      host.timer = undefined;
      void this.#run(host, []);
    }, delay);
  }

  /** The host's current buffers, and their versions. */
  #buffers(host: Host, extra: readonly string[]): { buffers: [string, string][]; versions: Map<string, number> } {
    const buffers: [string, string][] = [];
    const versions = new Map<string, number>();
    for (const uri of [...host.docs, ...extra]) {
      const d = this.documents.get(uri);
      const p = pathOfUri(uri);
      if (!d || !p || versions.has(uri)) continue;
      buffers.push([p, d.getText()]);
      versions.set(uri, d.version);
    }
    return { buffers, versions };
  }

  /** A first lint, to learn what a tree holds; `extra` is the document being placed (its buffer counts). */
  async #lintOnce(host: Host, extra: string): Promise<void> {
    if (host.running) await host.running;
    if (!host.outcome) await this.#run(host, [extra]);
  }

  async #run(host: Host, extra: readonly string[]): Promise<void> {
    const seq = host.seq;
    const { buffers, versions } = this.#buffers(host, extra);
    const p = (async () => {
      const r = await this.lint.lint({ type: "lint", key: host.key, target: host.target, freebsd: this.settings.freebsd, buffers });
      if (!r.ok) {
        if (r.reason !== "superseded") {
          this.log(`jaillint: could not lint ${describeTarget(host.target)}: ${r.message}`);
          host.outcome ??= { files: [], roots: [], empty: true, problems: [], config: { path: undefined, errors: [] }, ms: 0 };
          this.#publishFailure(host, r.message);
        }
        return;
      }
      if (host.disposed) return;
      // Let edits that arrived during the lint be read first: their versions decide whether this result is current.
      await new Promise((resolve) => setImmediate(resolve));
      for (const [uri, v] of versions) if (this.documents.get(uri)?.version !== v) return;
      if (seq !== host.seq && host.outcome) return;
      host.outcome = r.result;
      host.versions = versions;
      host.texts = new Map(buffers);
      this.#logProblems(host, r.result);
      if (host.docs.size > 0) this.#publishOutcome(host, r.result);
      this.#reconcile(host, r.result);
      if (this.settings.fileRules) this.#warmFileRules(host);
    })();
    host.running = p;
    try {
      await p;
    } finally {
      if (host.running === p) host.running = undefined;
    }
  }

  /**
   * Lints the host now if its published diagnostics are older than its buffers (before a code action); gives up
   * after `waitMs` (a huge host), leaving the versions behind, which the caller sees.
   */
  async flush(host: Host, waitMs: number): Promise<void> {
    const deadline = performance.now() + waitMs;
    for (let i = 0; i < 3; i++) {
      const current = [...host.docs].every((uri) => host.versions.get(uri) === this.documents.get(uri)?.version);
      if (current && !host.timer) return;
      clearTimeout(host.timer);
      host.timer = undefined;
      host.seq++;
      const left = deadline - performance.now();
      if (left <= 0) return;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => {
        timer = setTimeout(() => resolve("late"), left);
      });
      const r = await Promise.race([this.#run(host, []), late]);
      clearTimeout(timer);
      if (r === "late") return;
    }
  }

  /** After a tree's lint: documents it no longer holds find another host; loose documents it now holds move in. */
  #reconcile(host: Host, outcome: LintOutcome): void {
    const members = new Set([...outcome.files.map((f) => f.path), ...outcome.roots]);
    for (const uri of [...host.docs]) {
      const p = pathOfUri(uri);
      if (p && !members.has(p)) void this.assign(uri);
    }
    if (!("tree" in host.target)) return;
    const tree = host.target.tree;
    for (const [uri, other] of this.docHost) {
      if (other === host) continue;
      const p = pathOfUri(uri);
      if (!p || !members.has(p)) continue;
      const order = this.candidates(p);
      const mine = order.indexOf(tree);
      const theirs = "tree" in other.target ? order.indexOf(other.target.tree) : order.length;
      if (mine !== -1 && mine < theirs) this.#attach(uri, host);
    }
  }

  #logProblems(host: Host, outcome: LintOutcome): void {
    for (const line of outcome.problems) {
      if (host.logged.has(line)) continue;
      host.logged.add(line);
      this.connection.console.warn(`jaillint: ${line}`);
    }
    if (outcome.config.errors.length > 0 && !host.logged.has(`config:${outcome.config.errors.join("\n")}`)) {
      host.logged.add(`config:${outcome.config.errors.join("\n")}`);
      void this.connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Warning,
        message: `jaillint: ${outcome.config.path} has problems (linting with the defaults until it is fixed): ${outcome.config.errors[0]}`,
      });
    }
  }

  // ------------------------------------------------------------------ publishing

  toDiagnostic(d: LintedDiagnostic): Diagnostic {
    return {
      range: d.range,
      severity: d.severity,
      code: d.code,
      source: "jaillint",
      message: d.message,
      codeDescription: { href: helpUri(d.code) },
      ...(DEPRECATED_RULES.has(d.code) ? { tags: [DiagnosticTag.Deprecated] } : {}),
      ...(d.related.length > 0
        ? { relatedInformation: d.related.map((r) => ({ location: { uri: this.uriOf(r.path), range: r.range }, message: r.message })) }
        : {}),
    };
  }

  #publish(uri: string, diagnostics: Diagnostic[], version: number | undefined, host?: Host): void {
    const key = JSON.stringify(diagnostics);
    const open = this.documents.get(uri) !== undefined;
    // Files only on disk are sent when they change; an open document at each new version.
    if (!open && this.#sent.get(uri) === key && (!host || this.#owner.get(uri) === host)) return;
    this.#sent.set(uri, key);
    if (host) {
      this.#owner.set(uri, host);
      host.published.add(uri);
    } else this.#owner.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics, ...(version !== undefined ? { version } : {}) });
  }

  #publishOutcome(host: Host, outcome: LintOutcome): void {
    const files = new Map<string, LintedFile>();
    const now = new Set<string>();
    if (outcome.refused) {
      for (const uri of host.docs) {
        const message = `jaillint did not lint this host: ${outcome.refused}`;
        this.#publish(uri, [notice(message)], host.versions.get(uri), host);
        now.add(uri);
      }
    } else {
      for (const f of outcome.files) {
        files.set(f.path, f);
        const uri = this.uriOf(f.path);
        const elsewhere = this.docHost.get(uri);
        // An open file placed in another host is that host's to publish.
        if (elsewhere && elsewhere !== host) continue;
        this.#publish(
          uri,
          f.diagnostics.map((d) => this.toDiagnostic(d)),
          this.documents.get(uri) ? host.versions.get(uri) : undefined,
          host,
        );
        now.add(uri);
      }
      if (outcome.config.path && (outcome.config.errors.length > 0 || host.published.has(this.uriOf(outcome.config.path)))) {
        const uri = this.uriOf(outcome.config.path);
        this.#publish(uri, configDiagnostics(outcome.config.path, outcome.config.errors), undefined, host);
        now.add(uri);
      }
    }
    for (const uri of [...host.published]) {
      if (now.has(uri)) continue;
      host.published.delete(uri);
      if (this.#owner.get(uri) === host) this.#publish(uri, [], undefined);
    }
    host.files = files;
  }

  #publishFailure(host: Host, message: string): void {
    for (const uri of host.docs) this.#publish(uri, [notice(`jaillint could not lint this host: ${message}`)], undefined, host);
  }
}

function notice(message: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    source: "jaillint",
    message,
  };
}

/** A configuration file's problems (`PATH:LINE:COL: …` or `PATH: …`, as the CLI prints them) as diagnostics on it. */
export function configDiagnostics(path: string, errors: readonly string[]): Diagnostic[] {
  return errors.map((e) => {
    const rest = e.startsWith(path) ? e.slice(path.length) : e;
    const m = /^:(\d+):(\d+): (.*)$/s.exec(rest);
    const line = m ? Number(m[1]) - 1 : 0;
    const character = m ? Number(m[2]) - 1 : 0;
    return {
      range: { start: { line, character }, end: { line, character } },
      severity: DiagnosticSeverity.Error,
      source: "jaillint",
      message: m ? (m[3] as string) : rest.replace(/^: /, ""),
    };
  });
}

function describeTarget(t: LintTarget): string {
  return "tree" in t ? t.tree : t.file;
}
