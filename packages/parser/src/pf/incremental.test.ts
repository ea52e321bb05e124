import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { corpusDir, haveCorpus, repoRoot } from "../../../../test/support/corpus.js";
import { filesUnder } from "../../../../test/support/files.js";
import { FUZZ_SEED } from "../../../../test/support/grammar-properties.js";
import { prng } from "../../../../test/support/random.js";
import type { FreeBsdVersion } from "../common/freebsd-version.js";
import { MemoryHost } from "../common/memory-host.js";
import type { PfConfFile, PfFilterRuleNode } from "./ast.js";
import { type PfParseOptions, parsePfConfWithMacros } from "./index.js";
import { type ResolvedPfConf, resolvePfConf } from "./resolve.js";
import { shifted } from "./shift.js";
import { shiftedStatement } from "./shift-statement.js";
import { PfAstBuilder } from "./to-ast.js";

// A parse given the result of an earlier text of the file (what the language server does on each keystroke) must
// give exactly what a parse of the new text alone gives: statements, ranges, problems, comments, macros.

const fixtureFiles = filesUnder(join(repoRoot, "fixtures"), (p) => /\/pf\.conf[^/]*$/.test(p));
const corpusPfFiles = haveCorpus()
  ? [
      ...filesUnder(join(corpusDir as string, "pfctl"), (p) => /\.(in|ok)$/.test(p)),
      ...filesUnder(join(corpusDir as string, "real/pf"), () => true),
    ]
  : [];

const INSERTS = ["\n", "{", "}", '"', "'", "#", "\\", "\\\n", " ", "x", "$", "=", "$ext_if", "pass ", "anchor {\n", "\r", "<", ")"];

interface Edit {
  readonly text: string;
  readonly what: string;
}

/** One random edit of `text`: a character inserted or deleted, a line deleted or duplicated, a macro's value changed. */
function edit(text: string, random: () => number): Edit {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const at = Math.floor(random() * (text.length + 1));
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  const nl = text.indexOf("\n", at);
  const lineEnd = nl === -1 ? text.length : nl + 1;
  const kind = Math.floor(random() * 6);
  if (kind === 0 || text.length === 0) {
    const s = pick(INSERTS);
    return { text: text.slice(0, at) + s + text.slice(at), what: `insert ${JSON.stringify(s)} at ${at}` };
  }
  if (kind === 1) return { text: text.slice(0, at) + text.slice(at + 1), what: `delete 1 at ${at}` };
  if (kind === 2) return { text: text.slice(0, lineStart) + text.slice(lineEnd), what: `delete line at ${lineStart}` };
  if (kind === 3) {
    const line = text.slice(lineStart, lineEnd);
    return {
      text: text.slice(0, lineEnd) + (line.endsWith("\n") ? line : `\n${line}`) + text.slice(lineEnd),
      what: `duplicate line at ${lineStart}`,
    };
  }
  if (kind === 4) {
    // A macro definition's value, changed.
    const defs = [...text.matchAll(/^[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*=[ \t]*("?)([^"\n]*)/gm)];
    if (defs.length > 0) {
      const m = pick(defs);
      const valueAt = (m.index ?? 0) + m[0].length - (m[2]?.length ?? 0);
      const value = pick(["em9", "{ em0 lo1 }", "10.9.9.9", "", "pass"]);
      return {
        text: text.slice(0, valueAt) + value + text.slice(valueAt + (m[2]?.length ?? 0)),
        what: `macro value at ${valueAt} := ${value}`,
      };
    }
  }
  const s = pick(INSERTS);
  return { text: text.slice(0, at) + s + text.slice(at), what: `insert ${JSON.stringify(s)} at ${at}` };
}

/** Everything a parse gives, as data. */
function view(r: { file: PfConfFile; macros: ReadonlyMap<string, string> }): string {
  return JSON.stringify({ file: r.file, macros: [...r.macros].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) });
}

const OPTIONS: readonly PfParseOptions[] = [
  {},
  { freebsd: 14 as FreeBsdVersion },
  { macros: new Map([["ext_if", "em1"]]), initialMacros: new Map([["jail_net", "10.0.0.0/8"]]) },
];

/** `update`: each parse may change the one before (PfParseOptions.update), which is then not looked at again. */
function checkEdits(path: string, edits: number, seed: number, update = false): void {
  const random = prng(seed);
  let text = readFileSync(path, "utf8");
  const options = OPTIONS[Math.floor(random() * OPTIONS.length)] as PfParseOptions;
  let previous = parsePfConfWithMacros(text, options);
  const history: string[] = [];
  for (let i = 0; i < edits; i++) {
    const e = edit(text, random);
    history.push(e.what);
    text = e.text;
    const incremental = parsePfConfWithMacros(text, { ...options, previous: previous.file, ...(update ? { update } : {}) });
    const full = parsePfConfWithMacros(text, options);
    const got = view(incremental);
    const want = view(full);
    if (got !== want) {
      // The edits that led here, to run it again by hand.
      expect({ path, seed, history, got: JSON.parse(got) }).toEqual({ path, seed, history, got: JSON.parse(want) });
    }
    previous = incremental;
  }
}

describe("parsing an edited pf.conf from the result of its earlier text", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("gives what a full parse gives, after random edits of every fixture pf.conf", () => {
    expect(fixtureFiles.length).toBeGreaterThan(10);
    fixtureFiles.forEach((f, i) => {
      checkEdits(f, 40, FUZZ_SEED * 1000 + i);
    });
  });

  it.skipIf(!corpusDir)("gives what a full parse gives, after random edits of every corpus pf file", () => {
    expect(corpusPfFiles.length).toBeGreaterThan(100);
    corpusPfFiles.forEach((f, i) => {
      checkEdits(f, 15, FUZZ_SEED * 7919 + i);
    });
  });

  it("gives what a full parse gives when each parse moves the earlier one's statements in place (update)", () => {
    fixtureFiles.forEach((f, i) => {
      checkEdits(f, 40, FUZZ_SEED * 31 + i, true);
    });
    corpusPfFiles.forEach((f, i) => {
      checkEdits(f, 15, FUZZ_SEED * 17 + i, true);
    });
  });

  it("moves each range once in place: no tree of a fixture or corpus file shares a range object", () => {
    for (const path of [...fixtureFiles, ...corpusPfFiles]) {
      const file = parsePfConfWithMacros(readFileSync(path, "utf8")).file;
      const ranges: object[] = [];
      const walk = (v: unknown): void => {
        if (typeof v !== "object" || v === null) return;
        if (Array.isArray(v)) {
          for (const x of v) walk(x);
          return;
        }
        const o = v as Record<string, unknown>;
        if (typeof o.start === "number" && typeof o.end === "number") ranges.push(o);
        for (const k in o) walk(o[k]);
      };
      walk([file.statements, file.comments, file.macroUses]);
      expect(new Set(ranges).size, path).toBe(ranges.length);
    }
  });

  const text = [
    'ext_if = "em0"',
    "set skip on lo0",
    "block in all",
    "pass in on $ext_if proto tcp to port 22",
    "pass out all keep state",
    "pass in on $ext_if proto tcp to port 80",
    "",
  ].join("\n");

  it("keeps the statements before the edit as they are, and moves those after it", () => {
    const before = parsePfConfWithMacros(text).file;
    const at = text.indexOf("port 22") + "port 2".length;
    const edited = `${text.slice(0, at)}2${text.slice(at)}`;
    const after = parsePfConfWithMacros(edited, { previous: before }).file;
    expect(after.statements.slice(0, 3)).toEqual(before.statements.slice(0, 3));
    for (let i = 0; i < 3; i++) expect(after.statements[i]).toBe(before.statements[i]);
    expect((after.statements[3] as PfFilterRuleNode).to?.ports.map((p) => p.low)).toEqual(["222"]);
    // The rules after it are copies one character further on; the earlier result is left as it was.
    const last = after.statements[5] as PfFilterRuleNode;
    const old = before.statements[5] as PfFilterRuleNode;
    expect(last).not.toBe(old);
    expect(last.range).toEqual({ start: old.range.start + 1, end: old.range.end + 1 });
    expect(old.range).toEqual({ start: text.indexOf("pass in on $ext_if proto tcp to port 80"), end: text.length - 1 });
    expect(after.macroUses.map((u) => u.range.start)).toEqual([edited.indexOf("$ext_if"), edited.lastIndexOf("$ext_if")]);
    expect(JSON.stringify(after)).toBe(JSON.stringify(parsePfConfWithMacros(edited).file));
  });

  it("builds only the statement an edit touches, wherever it is", () => {
    const long = Array.from({ length: 300 }, (_, i) => `pass in on $ext_if proto tcp to port ${i + 1}`);
    const file = ['ext_if = "em0"', ...long, ""].join("\n");
    const before = parsePfConfWithMacros(file).file;
    const built = vi.spyOn(PfAstBuilder.prototype, "statement");
    // A blank after line 1's value: the definition is read again, its value is the same, the rest is moved.
    const first = `${file.slice(0, 14)} ${file.slice(14)}`;
    const a = parsePfConfWithMacros(first, { previous: before }).file;
    expect(built).toHaveBeenCalledTimes(1);
    const mid = file.indexOf("port 150\n") + "port 15".length;
    const middle = `${file.slice(0, mid)}7${file.slice(mid)}`;
    const b = parsePfConfWithMacros(middle, { previous: before }).file;
    expect(built).toHaveBeenCalledTimes(2);
    expect(JSON.stringify(a)).toBe(JSON.stringify(parsePfConfWithMacros(first).file));
    expect(JSON.stringify(b)).toBe(JSON.stringify(parsePfConfWithMacros(middle).file));
    // The macro's value changed: every rule using it is read again.
    built.mockClear();
    parsePfConfWithMacros(file.replace("em0", "em1"), { previous: before });
    expect(built).toHaveBeenCalledTimes(301);
  });

  it("takes the whole earlier result when the text and the macros are the same", () => {
    const before = parsePfConfWithMacros(text);
    const again = parsePfConfWithMacros(text, { previous: before.file });
    expect(again.file).toBe(before.file);
    expect([...again.macros]).toEqual([["ext_if", "em0"]]);
    // Other initial macros the file does not use: the same statements still.
    const other = parsePfConfWithMacros(text, { previous: before.file, initialMacros: new Map([["unused", "x"]]) });
    expect(other.file).toBe(before.file);
    expect([...other.macros]).toEqual([
      ["unused", "x"],
      ["ext_if", "em0"],
    ]);
  });

  it("reads again the uses of a macro whose value changed, and only those", () => {
    const before = parsePfConfWithMacros(text).file;
    const edited = text.replace('"em0"', '"em1"');
    const after = parsePfConfWithMacros(edited, { previous: before }).file;
    const names = (f: PfConfFile, i: number) => (f.statements[i] as PfFilterRuleNode).interfaces.map((x) => x.name);
    expect(names(after, 3)).toEqual(["em1"]);
    expect(names(after, 5)).toEqual(["em1"]);
    expect(after.statements[3]).not.toBe(before.statements[3]);
    // The rules that do not use it are the same objects (the edit did not change the text's length).
    expect(after.statements[2]).toBe(before.statements[2]);
    expect(after.statements[4]).toBe(before.statements[4]);
    expect(JSON.stringify(after)).toBe(JSON.stringify(parsePfConfWithMacros(edited).file));
  });

  it("reads to the end after an edit that opens a quote or a brace list", () => {
    const before = parsePfConfWithMacros(text).file;
    // `ext_if = "em0` : the value's quote is now closed only by the next `"` … none: the line is unterminated.
    const quote = text.replace('"em0"', '"em0');
    const q = parsePfConfWithMacros(quote, { previous: before }).file;
    expect(JSON.stringify(q)).toBe(JSON.stringify(parsePfConfWithMacros(quote).file));
    expect(q.problems.map((p) => p.message)).toContain('unterminated string: the " quote is never closed on this line');
    // An unterminated quote depended on the text after it: a quote added two lines down closes it (a macro value
    // may hold a newline), though the edit is after the line the quote is on.
    const open = 'x = "a\npass in all\nblock all\n';
    const o = parsePfConfWithMacros(open).file;
    expect(o.problems.map((p) => p.message)).toEqual(['unterminated string: the " quote is never closed on this line']);
    const closed = open.replace("pass in all", 'pass in all"');
    const c = parsePfConfWithMacros(closed, { previous: o }).file;
    expect(JSON.stringify(c)).toBe(JSON.stringify(parsePfConfWithMacros(closed).file));
    expect(c.statements.map((s) => (s.type === "MacroDefinition" ? s.value : s.type))).toEqual(["a\npass in all", "FilterRule"]);
    // A `{` list left open on the rule: the next line starts a statement, so the rule ends there (missing `}`).
    const brace = text.replace("to port 22", "to port { 22");
    const b = parsePfConfWithMacros(brace, { previous: before }).file;
    expect(JSON.stringify(b)).toBe(JSON.stringify(parsePfConfWithMacros(brace).file));
    // An anchor opened by the edit takes every line after it into its body.
    const anchor = text.replace("block in all", "anchor {\nblock in all");
    const a = parsePfConfWithMacros(anchor, { previous: before }).file;
    expect(JSON.stringify(a)).toBe(JSON.stringify(parsePfConfWithMacros(anchor).file));
    expect(a.statements.map((s) => s.type)).toEqual(["MacroDefinition", "SetOption", "AnchorRule"]);
    expect(a.problems.map((p) => p.message)).toEqual(["this anchor's `{` is never closed: add a `}` line after its rules"]);
  });
});

describe("shiftedStatement", () => {
  it("moves every range of every statement of the fixtures and the corpus as the generic copy does", () => {
    let statements = 0;
    for (const path of [...fixtureFiles, ...corpusPfFiles]) {
      const file = parsePfConfWithMacros(readFileSync(path, "utf8")).file;
      for (const st of file.statements) {
        statements++;
        expect(JSON.stringify(shiftedStatement(st, 7))).toBe(JSON.stringify(shifted(st, 7)));
      }
    }
    expect(statements).toBeGreaterThan(100);
  });

  it("moves a range by its start and end, and leaves the original as it was", () => {
    const st = parsePfConfWithMacros('pass in on em0 from 10.0.0.1 to any port 22 label "x"\n').file.statements[0] as PfFilterRuleNode;
    const json = JSON.stringify(st);
    const moved = shiftedStatement(st, -3) as PfFilterRuleNode;
    expect(moved.range).toEqual({ start: st.range.start - 3, end: st.range.end - 3 });
    expect(moved.from?.hosts[0]?.range).toEqual({ start: 17, end: 25 });
    expect(moved.options[0]?.args[0]?.range).toEqual({ start: 47, end: 50 });
    expect(JSON.stringify(st)).toBe(json);
  });
});

// The resolver reads the included files again (their reads are what a cached result depends on), and an included
// file whose macros changed changes what the rest of the including file reads.
function resolved(r: ResolvedPfConf): string {
  return JSON.stringify({
    files: r.files.map((f) => ({ file: f.file, path: f.path, text: f.text, ast: f.ast, from: f.includedFrom, policy: f.policy })),
    problems: r.problems,
    order: r.orderProblems,
  });
}

describe("resolvePfConf with the previous result", () => {
  const dir = join(repoRoot, "fixtures/hosts/pf-include/etc");
  const tree: Record<string, string> = {};
  for (const f of filesUnder(dir, () => true)) tree[`/etc${f.slice(dir.length)}`] = readFileSync(f, "utf8");

  it("gives what a resolve without it gives, reading the same files, after random edits of the root and the included files", () => {
    const random = prng(FUZZ_SEED);
    const paths = Object.keys(tree).filter((p) => p.includes("pf"));
    let files = { ...tree };
    const run = (previous?: ResolvedPfConf, update = false) => {
      const reads: string[] = [];
      const host = new MemoryHost(files);
      const recording = {
        read: (p: string) => {
          reads.push(p);
          return host.read(p);
        },
        complete: true,
        label: (p: string) => p,
      };
      const root = "/etc/pf.conf";
      const result = resolvePfConf(
        { path: root, file: root, text: files[root] as string },
        recording,
        previous ? { previous, ...(update ? { update } : {}) } : {},
      );
      return { result, reads };
    };
    let previous = run().result;
    for (let i = 0; i < 150; i++) {
      const path = paths[Math.floor(random() * paths.length)] as string;
      files = { ...files, [path]: edit(files[path] as string, random).text };
      // Every other edit updates the earlier result in place (it is not looked at again).
      const incremental = run(previous, i % 2 === 1);
      const full = run();
      expect(incremental.reads).toEqual(full.reads);
      expect(resolved(incremental.result)).toBe(resolved(full.result));
      previous = incremental.result;
    }
  });

  it("reads what follows an include again when the included file's macros changed", () => {
    const files = {
      "/etc/pf.conf": 'include "/etc/m.conf"\nblock in all\npass in on $ext_if\n',
      "/etc/m.conf": 'ext_if = "em0"\n',
    };
    const r = (f: Record<string, string>, previous?: ResolvedPfConf) =>
      resolvePfConf(
        { path: "/etc/pf.conf", file: "/etc/pf.conf", text: f["/etc/pf.conf"] as string },
        new MemoryHost(f),
        previous ? { previous } : {},
      );
    const before = r(files);
    const after = r({ ...files, "/etc/m.conf": 'ext_if = "em1"\n' }, before);
    const root = (x: ResolvedPfConf) => x.files[0]?.ast as PfConfFile;
    expect((root(after).statements[2] as PfFilterRuleNode).interfaces.map((x) => x.name)).toEqual(["em1"]);
    expect(root(after).statements[1]).toBe(root(before).statements[1]);
    expect(after.files[1]?.ast.statements[0]).not.toBe(before.files[1]?.ast.statements[0]);
  });
});
