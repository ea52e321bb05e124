// What the server's main thread and its lint worker say to each other. Lints run in a worker thread so the
// server keeps answering while a large host is linted, and a lint that an edit made pointless can be stopped.
import type { DiagnosticSeverity, Range, TextEdit } from "vscode-languageserver/node.js";
import type { FileKind, LintTarget } from "./core.js";

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
  /** The text read from the disk, for a file that is not open (open files' texts are the server's own). */
  readonly text?: string;
  readonly diagnostics: readonly LintedDiagnostic[];
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

export interface FixAllJob {
  readonly type: "fixAll";
  readonly key: string;
  readonly target: LintTarget;
  readonly freebsd: number;
  readonly buffers: readonly (readonly [string, string])[];
  readonly path: string;
}

export type Job = LintJob | FixAllJob;

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
  | { readonly id: number; readonly ok: true; readonly result: LintOutcome | FixAllOutcome }
  | { readonly id: number; readonly ok: false; readonly message: string };
