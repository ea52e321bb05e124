// What the server's main thread and its lint worker say to each other. Lints run in a worker thread so the
// server keeps answering while a large host is linted, and a lint that an edit made pointless can be stopped.
import type { DiagnosticSeverity, FormattingOptions, Position, Range, TextEdit } from "vscode-languageserver/node.js";
import type { FileKind, FileUnit, LintTarget } from "./core.js";

export interface LintedRelated {
  readonly path: string;
  readonly range: Range;
  readonly message: string;
}

/** One finding, positioned for LSP (0-based lines, UTF-16 columns), with what its code actions need. */
export interface LintedDiagnostic {
  readonly range: Range;
  readonly severity: DiagnosticSeverity;
  readonly code: string;
  readonly message: string;
  readonly related: readonly LintedRelated[];
  readonly fix?: { readonly description: string; readonly safe: boolean; readonly edits: readonly TextEdit[] };
  /** The comment line that suppresses this finding; absent for JL000, which no comment suppresses. */
  readonly disable?: TextEdit;
}

export interface LintedFile {
  readonly path: string;
  readonly kind: FileKind | undefined;
  readonly diagnostics: readonly LintedDiagnostic[];
  /** What the file rules re-read after an edit of this file (a jail.conf, rc.conf or pf.conf file). */
  readonly unit?: FileUnit;
}

export interface LintOutcome {
  /** Every file of the host: those read, and a tree's own files. */
  readonly files: readonly LintedFile[];
  readonly roots: readonly string[];
  readonly empty: boolean;
  readonly problems: readonly string[];
  readonly config: { readonly path: string | undefined; readonly errors: readonly string[] };
  readonly refused?: string;
  /** How long the lint took in the worker, in milliseconds. */
  readonly ms: number;
}

export interface LintJob {
  readonly type: "lint";
  readonly key: string;
  readonly target: LintTarget;
  readonly freebsd: number;
  /** Open buffers of the host, by absolute path. */
  readonly buffers: readonly (readonly [string, string])[];
}

/** The file rules, after an edit of one document, through the unit the latest lint of its host found for it. */
export interface FileLintJob {
  readonly type: "fileLint";
  readonly key: string;
  readonly target: LintTarget;
  readonly freebsd: number;
  readonly buffers: readonly (readonly [string, string])[];
  readonly path: string;
  readonly unit: FileUnit;
}

export interface FileLintOutcome {
  /** The file rules' findings in the document, positioned in the buffer the job carried; undefined: none to give. */
  readonly file: LintedFile | undefined;
  readonly ms: number;
}

export interface FixAllJob {
  readonly type: "fixAll";
  readonly key: string;
  readonly target: LintTarget;
  readonly freebsd: number;
  readonly buffers: readonly (readonly [string, string])[];
  readonly path: string;
}

/** An editor feature asked about one file of a host: answered from the host model, which lives in the worker. */
export type FeatureRequest =
  | { readonly method: "hover" | "completion" | "definition"; readonly position: Position }
  | { readonly method: "references"; readonly position: Position; readonly includeDeclaration: boolean }
  | { readonly method: "documentSymbols" }
  | { readonly method: "formatting"; readonly options: Pick<FormattingOptions, "tabSize" | "insertSpaces"> };

export interface FeatureJob {
  readonly type: "feature";
  readonly key: string;
  readonly target: LintTarget;
  readonly freebsd: number;
  readonly buffers: readonly (readonly [string, string])[];
  /** The URIs the client knows its open documents by, by absolute path. */
  readonly uris: readonly (readonly [string, string])[];
  readonly path: string;
  readonly request: FeatureRequest;
}

export type Job = LintJob | FileLintJob | FixAllJob | FeatureJob;

export interface FeatureOutcome {
  /** The LSP result (null or [] when there is nothing to say). */
  readonly result: unknown;
  /** Why the feature could not answer (a jail.conf that does not parse cannot be formatted), for the client's log. */
  readonly note?: string;
}

export interface FixAllOutcome {
  /** Edits that turn the buffer into its fixed text (none when no safe fix applies). */
  readonly edits: readonly TextEdit[];
}

export type ToWorker =
  | { readonly id: number; readonly job: Job }
  /** What was found on disk is stale: for these hosts, or for all of them. */
  | { readonly invalidate: readonly string[] | "all" }
  | { readonly drop: string };

export type FromWorker =
  | { readonly id: number; readonly ok: true; readonly result: LintOutcome | FileLintOutcome | FixAllOutcome | FeatureOutcome }
  | { readonly id: number; readonly ok: false; readonly message: string };
