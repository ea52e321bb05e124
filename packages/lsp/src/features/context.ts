import { LineIndex, type ParsedJailFile, type TextRange } from "@jaillint/parser";
import type { HostModel, ParsedPfFile, ParsedRcFile } from "@jaillint/rules";
import type { Location, Position, Range } from "vscode-languageserver-types";

/**
 * The parts of the host model the language features read. A `HostModel` is one; the features never change it,
 * and cache what they derive from it per model object (rebuild the model, and the caches go with it).
 */
export type FeatureModel = Pick<HostModel, "freebsd" | "jailConf" | "rc" | "pf" | "pfFiles" | "network" | "mounts" | "texts">;

/**
 * What every host-wide feature is given: the model, and how to turn a file the model names (the `file` of its
 * parsed files and of every range it hands out) into the editor's URI.
 */
export interface FeatureContext {
  readonly model: FeatureModel;
  readonly uriOf: (file: string) => string;
}

/** One document of the host, found by the name the model gives it. */
export type FeatureDocument =
  | { readonly kind: "jail"; readonly file: string; readonly text: string; readonly parsed: ParsedJailFile }
  | { readonly kind: "rc"; readonly file: string; readonly text: string; readonly parsed: ParsedRcFile }
  | { readonly kind: "pf"; readonly file: string; readonly text: string; readonly parsed: ParsedPfFile };

/** The document the model knows under `file`, with its kind, or undefined when the model did not read it. */
export function documentOf(model: FeatureModel, file: string): FeatureDocument | undefined {
  const jail = model.jailConf?.files.find((f) => f.file === file);
  if (jail) return { kind: "jail", file, text: jail.text, parsed: jail };
  const rc = model.rc?.files.find((f) => f.file === file);
  if (rc) return { kind: "rc", file, text: model.texts.get(file) ?? "", parsed: rc };
  const pf = model.pfFiles.find((f) => f.file === file);
  if (pf) return { kind: "pf", file, text: model.texts.get(file) ?? "", parsed: pf };
  return undefined;
}

const lineIndexes = new WeakMap<object, Map<string, LineIndex>>();

/** The line index of a file's text the model holds (cached per model), or undefined when it holds none. */
export function lineIndexOf(model: FeatureModel, file: string): LineIndex | undefined {
  let byFile = lineIndexes.get(model.texts);
  if (!byFile) {
    byFile = new Map();
    lineIndexes.set(model.texts, byFile);
  }
  const hit = byFile.get(file);
  if (hit) return hit;
  const text = model.texts.get(file) ?? model.jailConf?.files.find((f) => f.file === file)?.text;
  if (text === undefined) return undefined;
  const idx = new LineIndex(text);
  byFile.set(file, idx);
  return idx;
}

/** An LSP position (0-based line, UTF-16 character) of an offset. */
export function toPosition(idx: LineIndex, offset: number): Position {
  const p = idx.position(offset, "utf16");
  return { line: p.line - 1, character: p.column - 1 };
}

/** The LSP range of a core range. */
export function toRange(idx: LineIndex, r: TextRange): Range {
  return { start: toPosition(idx, r.start), end: toPosition(idx, r.end) };
}

/** The offset of an LSP position (clamped to its line and to the text). */
export function toOffset(idx: LineIndex, p: Position): number {
  return idx.offset(p.line + 1, p.character + 1, "utf16");
}

/** The location of a range in a file the model holds, or undefined when it holds no text for it. */
export function locationOf(ctx: FeatureContext, file: string, range: TextRange): Location | undefined {
  const idx = lineIndexOf(ctx.model, file);
  return idx ? { uri: ctx.uriOf(file), range: toRange(idx, range) } : undefined;
}

/** The start of a file, for "go to the file" (an include, an fstab). */
export function fileLocation(ctx: FeatureContext, file: string): Location {
  return { uri: ctx.uriOf(file), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

/** `file:line` for people, linked to the place when the editor follows links in hovers. */
export function placeLink(ctx: FeatureContext, file: string, offset: number): string {
  const idx = lineIndexOf(ctx.model, file);
  const line = idx ? idx.position(offset).line : undefined;
  const base = file.slice(file.lastIndexOf("/") + 1) || file;
  const label = line === undefined ? base : `${base}:${line}`;
  return `[${label}](${ctx.uriOf(file)}${line === undefined ? "" : `#L${line}`})`;
}

/** Whether an offset is inside a range or touches its end (the cursor right after a word is on it). */
export function touches(r: TextRange, offset: number): boolean {
  return r.start <= offset && offset <= r.end;
}

/** Markdown inline code that survives backticks in the text. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Cuts a long text for a one-line summary. */
export function shorten(text: string, max = 60): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}
