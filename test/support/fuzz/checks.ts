import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { repoRoot } from "../corpus.js";
import type { FuzzInput, Violation } from "../known-bugs.js";
import { SECRET_MARKER } from "./mutate.js";

/** What one CLI run gave back. `hang` and `thrown` come from the worker that ran it (see workers.ts). */
export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  readonly thrown?: string;
  readonly hang?: boolean;
}

export const FORMATS = ["stylish", "json", "sarif", "github", "gcc", "checkstyle", "gitlab", "junit", "azure"] as const;
export type Format = (typeof FORMATS)[number];
/** How a run's standard output is judged: by its format, or as a unified diff (--fix-dry-run). */
export type OutputKind = Format | "diff";

const isBidiControl = (c: number): boolean =>
  c === 0x061c || c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);

/**
 * The first character a terminal would act on instead of showing: C0 but \n and \t, ESC, C1, bidi controls.
 * With `crlf`, a CR before LF passes (a unified diff of a CRLF file has to keep its line ends to apply).
 */
export function rawControl(text: string, crlf = false): { offset: number; code: number } | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (crlf && c === 0x0d && text.charCodeAt(i + 1) === 0x0a) continue;
    if ((c < 0x20 && c !== 0x0a && c !== 0x09) || (c >= 0x80 && c <= 0x9f) || isBidiControl(c)) return { offset: i, code: c };
  }
  return undefined;
}

/** A surrogate without its other half, raw or (in JSON) escaped. */
export function loneSurrogate(text: string, json: boolean): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else return i;
    } else if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  if (!json) return undefined;
  const escaped = /\\u(d[89ab][0-9a-f]{2})(?!\\ud[c-f][0-9a-f]{2})|(?<!\\ud[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})/i.exec(text);
  return escaped?.index;
}

/** XML 1.0's Char production. */
const isXmlChar = (cp: number): boolean =>
  cp === 0x09 ||
  cp === 0x0a ||
  cp === 0x0d ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);
const ENTITY = /^&(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
const TAG = /^<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*\s*=\s*"[^"<]*")*)\s*(\/?)>/;

/** Why `xml` is not well-formed XML (enough of XML for checkstyle's and junit's documents), or undefined. */
export function xmlProblem(xml: string): string | undefined {
  for (const ch of xml)
    if (!isXmlChar(ch.codePointAt(0) as number)) return `U+${(ch.codePointAt(0) as number).toString(16)} is not an XML character`;
  let rest = xml.replace(/^<\?xml[^?]*\?>/, "");
  const open: string[] = [];
  let roots = 0;
  while (rest.length > 0) {
    const lt = rest.indexOf("<");
    const text = lt === -1 ? rest : rest.slice(0, lt);
    for (let i = text.indexOf("&"); i !== -1; i = text.indexOf("&", i + 1))
      if (!ENTITY.test(text.slice(i))) return `a bare & in text: ${JSON.stringify(text.slice(i, i + 20))}`;
    if (open.length === 0 && text.trim() !== "") return `text outside the root element: ${JSON.stringify(text.slice(0, 40))}`;
    if (lt === -1) break;
    rest = rest.slice(lt);
    const m = TAG.exec(rest);
    if (!m) return `a malformed tag: ${JSON.stringify(rest.slice(0, 60))}`;
    const [all, close, name, attrs = "", selfClosing] = m;
    for (const value of attrs.match(/"[^"]*"/g) ?? [])
      for (let i = value.indexOf("&"); i !== -1; i = value.indexOf("&", i + 1))
        if (!ENTITY.test(value.slice(i))) return `a bare & in an attribute: ${value.slice(0, 60)}`;
    if (close) {
      if (open.pop() !== name) return `</${name}> closes nothing open`;
    } else if (!selfClosing) {
      if (open.length === 0) roots++;
      open.push(name as string);
    } else if (open.length === 0) roots++;
    rest = rest.slice(all.length);
  }
  if (open.length > 0) return `<${open[open.length - 1]}> is never closed`;
  return roots === 1 ? undefined : `${roots} root elements`;
}

const SARIF_SCHEMA = join(repoRoot, "test/schemas/sarif-schema-2.1.0.json");
let sarifValidator: (((log: unknown) => boolean) & { errors?: unknown }) | undefined;

/** Why a SARIF log does not fit the 2.1.0 schema (when test/schemas has it), or undefined. */
function validateSarif(log: unknown): string | undefined {
  if (!sarifValidator) {
    if (!existsSync(SARIF_SCHEMA)) {
      console.warn(`NOTICE: ${SARIF_SCHEMA} is absent; SARIF output is only parsed, not validated.`);
      sarifValidator = () => true;
    } else {
      const ajv = new Ajv2020({ strict: false, allErrors: false });
      addFormats.default(ajv);
      sarifValidator = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, "utf8")));
    }
  }
  return sarifValidator(log) ? undefined : JSON.stringify(sarifValidator.errors).slice(0, 400);
}

interface JsonDiagnostic {
  code?: unknown;
  file?: unknown;
  range?: { start?: { line?: unknown; column?: unknown }; end?: { line?: unknown; column?: unknown } };
}

/** The lines of a text as editors count them (LF, CRLF, a lone CR). */
const linesOf = (text: string): string[] => text.split(/\r\n|\n|\r/);

/** A json report's ranges must name a file of the input, and a line and column that exist in it. */
function jsonPositions(diagnostics: JsonDiagnostic[], input: FuzzInput, mode: string): Violation[] {
  const out: Violation[] = [];
  for (const d of diagnostics) {
    const file = String(d.file);
    if (file.startsWith("/") || file.startsWith("../")) {
      out.push({ kind: "containment", mode, detail: `a finding in ${file}, outside the linted directory` });
      continue;
    }
    const bytes = input.get(file);
    const s = d.range?.start;
    const e = d.range?.end;
    const nums = [s?.line, s?.column, e?.line, e?.column];
    if (!nums.every((n) => Number.isInteger(n) && (n as number) >= 1)) {
      out.push({ kind: "malformed-output", mode, detail: `${d.code} in ${file}: range ${JSON.stringify(d.range)}` });
      continue;
    }
    const [sl, sc, el, ec] = nums as [number, number, number, number];
    if (sl > el || (sl === el && sc > ec))
      out.push({ kind: "position", mode, detail: `${d.code} in ${file}: range ends before it starts` });
    if (!bytes) continue;
    const lines = linesOf(bytes.toString("utf8"));
    for (const [line, column] of [
      [sl, sc],
      [el, ec],
    ] as [number, number][]) {
      const text = lines[line - 1];
      if (text === undefined || column > text.length + 1)
        out.push({
          kind: "line-column",
          mode,
          detail: `${d.code} in ${file} at ${line}:${column}, but ${text === undefined ? `the file has ${lines.length} lines` : `line ${line} has ${text.length} characters`}`,
        });
    }
  }
  return out;
}

/** Everything wrong with one run: its exit, its standard error, and its output judged by its kind. */
export function checkRun(mode: string, output: OutputKind, r: CliResult, input: FuzzInput): Violation[] {
  const out: Violation[] = [];
  const v = (kind: Violation["kind"], detail: string): void => {
    out.push({ kind, mode, detail });
  };
  if (r.hang) v("hang", `no answer in ${Math.round(r.ms)} ms`);
  if (r.thrown) v("exception", r.thrown);
  // A run that never finished has no output worth judging.
  if (r.hang || r.thrown) return out;
  if (r.status !== null && ![0, 1, 2].includes(r.status)) v("exit-status", `exit status ${r.status}`);
  if (/internal error|^\s+at .*:\d+:\d+\)?$/m.test(r.stderr)) v("exception", r.stderr.slice(0, 2000));
  if (/please report this/.test(r.stderr))
    v(
      "fix-refused",
      r.stderr
        .trim()
        .split("\n")
        .find((l) => l.includes("please report")) ?? "",
    );
  for (const [stream, text] of [
    ["stdout", r.stdout],
    ["stderr", r.stderr],
  ] as const) {
    if (text.includes(SECRET_MARKER)) v("containment", `${stream} shows the content of ${"../secret.conf"}, outside the linted directory`);
    const json = stream === "stdout" && (output === "json" || output === "sarif" || output === "gitlab");
    const lone = loneSurrogate(text, json);
    if (lone !== undefined) v("lone-surrogate", `${stream} at ${lone}: ${JSON.stringify(text.slice(Math.max(0, lone - 20), lone + 20))}`);
    // A piped --fix-dry-run diff is a patch: it must carry the files' bytes exactly (on a terminal it is escaped).
    const textual = stream === "stderr" || output === "stylish" || output === "github" || output === "gcc" || output === "azure";
    const control = textual ? rawControl(text) : undefined;
    if (control)
      v(
        "control-character",
        `${stream} has U+${control.code.toString(16).padStart(4, "0")} raw: ${JSON.stringify(text.slice(Math.max(0, control.offset - 30), control.offset + 10))}`,
      );
  }
  if (output === "json" || output === "sarif") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.stdout);
    } catch (e) {
      v("malformed-output", `${output} does not parse: ${(e as Error).message}`);
      return out;
    }
    if (output === "sarif") {
      const problem = validateSarif(parsed);
      if (problem) v("malformed-output", `SARIF does not fit the 2.1.0 schema: ${problem}`);
    } else {
      const report = parsed as { version?: unknown; diagnostics?: unknown };
      if (report.version !== 1 || !Array.isArray(report.diagnostics))
        v("malformed-output", "json report without version 1 and a diagnostics array");
      else out.push(...jsonPositions(report.diagnostics as JsonDiagnostic[], input, mode));
    }
  }
  if (output === "checkstyle" || output === "junit") {
    const problem = xmlProblem(r.stdout);
    if (problem) v("malformed-output", `${output} XML: ${problem}`);
  }
  if (output === "gitlab") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.stdout);
    } catch (e) {
      v("malformed-output", `gitlab does not parse: ${(e as Error).message}`);
      return out;
    }
    if (!Array.isArray(parsed)) v("malformed-output", "gitlab report is not a JSON array");
    else if (new Set(parsed.map((i: { fingerprint?: unknown }) => i.fingerprint)).size !== parsed.length)
      v("malformed-output", "gitlab report has two findings with one fingerprint");
  }
  // Azure's agent reads a command from the first `##vso[` to the first `]`: each line must be one whole logissue.
  if (output === "azure")
    for (const line of r.stdout.split(/\r\n|\r|\n/).slice(0, -1))
      if (!/^##vso\[task\.logissue type=(error|warning);sourcepath=[^\]]*;linenumber=\d+;columnnumber=\d+;code=JL\d{3};\]/.test(line))
        v("malformed-output", `azure line that is not one task.logissue command: ${JSON.stringify(line.slice(0, 80))}`);
  return out;
}
