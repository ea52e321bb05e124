import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { corpusFiles, haveCorpus, repoRoot } from "../../../../test/support/corpus.js";
import { filesUnder } from "../../../../test/support/files.js";
import { prng } from "../../../../test/support/random.js";
import { MemoryHost } from "../common/memory-host.js";
import type { TextRange } from "../common/text-range.js";
import type { ConfString, JailConfFile, JailStatement } from "./ast.js";
import { updateJailConf } from "./incremental.js";
import { parseJailConf } from "./parse.js";
import { type JailConfModel, resolveJailConf } from "./resolve.js";

/** Every jail.conf under fixtures/ (jail.conf, and the files of jail.conf.d/). */
const fixtureJailConfs = (): string[] =>
  filesUnder(join(repoRoot, "fixtures"), (p) => basename(p) === "jail.conf" || /\/jail\.conf\.d\/[^/]+\.conf$/.test(p));

const INSERTS = [" ", "x", ";", "{", "}", '"', "#", "/*", "*/", "\n", "\\", "$", "=", "+=", "a = 1;", "j { }", "w { x = 1; }", "\t", "1"];

/** One random edit: a piece inserted, characters deleted, a line removed or doubled, a number typed. */
function edit(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  const kind = Math.floor(rnd() * 5);
  if (kind === 0) return text.slice(0, at) + (INSERTS[Math.floor(rnd() * INSERTS.length)] as string) + text.slice(at);
  if (kind === 1) return text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 3));
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  const nl = text.indexOf("\n", at);
  const lineEnd = nl === -1 ? text.length : nl + 1;
  if (kind === 2) return text.slice(0, lineStart) + text.slice(lineEnd);
  if (kind === 3) return text.slice(0, lineEnd) + text.slice(lineStart, lineEnd) + text.slice(lineEnd);
  return text.slice(0, at) + String(Math.floor(rnd() * 100)) + text.slice(at);
}

/** Every range object of a tree, each time it is reached. */
function rangesOf(ast: JailConfFile): TextRange[] {
  const out: TextRange[] = [];
  const strings = (list: readonly ConfString[]) => {
    for (const s of list) {
      out.push(s.range);
      for (const p of s.pieces) if (p.range !== s.range) out.push(p.range);
    }
  };
  const walk = (list: readonly JailStatement[]) => {
    for (const st of list) {
      out.push(st.range);
      if (st.type === "Param") {
        out.push(st.nameRange);
        if (st.operatorRange) out.push(st.operatorRange);
        strings(st.values);
      } else if (st.type === "Jail") {
        out.push(st.nameRange);
        walk(st.body);
      } else strings(st.paths);
    }
  };
  walk(ast.statements);
  for (const c of ast.comments) out.push(c.range);
  return out;
}

function checkEdits(file: string, text: string, edits: number, seed: number): number {
  const rnd = prng(seed);
  let before = { text, ast: parseJailConf(text) };
  let updated = 0;
  for (let i = 0; i < edits; i++) {
    const after = edit(before.text, rnd);
    const full = JSON.stringify(parseJailConf(after));
    const u = updateJailConf(before, after);
    if (u) {
      updated++;
      expect(JSON.stringify(u.ast), `${file}, seed ${seed}, edit ${i}`).toBe(full);
      before = { text: after, ast: u.ast };
    } else {
      // Given up: the old tree must be as it was.
      expect(JSON.stringify(before.ast), `${file}, seed ${seed}, edit ${i} (given up)`).toBe(JSON.stringify(parseJailConf(before.text)));
      before = { text: after, ast: parseJailConf(after) };
    }
    // Edits pile up, but a text they broke gives no update: start again from the file now and then.
    if (rnd() < 0.3) before = { text, ast: parseJailConf(text) };
  }
  return updated;
}

describe("updateJailConf", () => {
  const text =
    'exec.start = "/bin/sh /etc/rc";\nmount.devfs;\n\nweb {\n  ip4.addr = 192.0.2.1;\n}\n# the database\ndb {\n  ip4.addr = 192.0.2.2;\n}\n';

  it("keeps the statements before the edit and moves the ones after it, the same objects", () => {
    const ast = parseJailConf(text);
    const [start, devfs, web, db] = ast.statements;
    const dbAt = db?.range.start ?? 0;
    const u = updateJailConf({ text, ast }, text.replace("mount.devfs;", "mount.devfs;  "));
    expect(u?.ast.statements).toEqual([start, devfs, web, db]);
    for (const [i, st] of (u?.ast.statements ?? []).entries()) expect(st).toBe(ast.statements[i]);
    // The statement the blanks follow is read again (text typed after a `;` may continue it) and found the same.
    expect(u?.replaced).toEqual([]);
    expect(u?.added).toEqual([]);
    expect(db?.range.start).toBe(dbAt + 2);
    const comment = text.indexOf("# the database") + 2;
    expect(u?.ast.comments).toEqual([{ text: "# the database", range: { start: comment, end: comment + 14 } }]);
  });

  it("reads an edited block again, and only it", () => {
    const ast = parseJailConf(text);
    const [start, devfs, web, db] = ast.statements;
    const u = updateJailConf({ text, ast }, text.replace("192.0.2.1", "192.0.2.10"));
    expect(u?.replaced).toEqual([web]);
    expect(u?.replaced[0]).toBe(web);
    const added = u?.added[0];
    expect(added?.type === "Jail" && added.body[0]?.type === "Param" && added.body[0].values[0]?.pieces[0]).toMatchObject({
      text: "192.0.2.10",
    });
    expect(u?.ast.statements).toEqual([start, devfs, added, db]);
    expect(u?.ast.statements[3]).toBe(db);
  });

  it("gives up, leaving the old tree alone, when the edit opens a string or comment that runs on, or the old text had a problem", () => {
    const ast = parseJailConf(text);
    const json = JSON.stringify(ast);
    expect(updateJailConf({ text, ast }, text.replace("web {", 'web { "'))).toBeUndefined();
    expect(updateJailConf({ text, ast }, text.replace("# the database", "/* the database"))).toBeUndefined();
    expect(JSON.stringify(ast)).toBe(json);
    const broken = text.replace("mount.devfs;", "mount.devfs");
    expect(updateJailConf({ text: broken, ast: parseJailConf(broken) }, text)).toBeUndefined();
  });

  it("moves each range once: no tree of a fixture or real file shares a range object but a word's with its piece", () => {
    const files = [...fixtureJailConfs(), ...corpusFiles("real/jail")];
    for (const file of files) {
      const ranges = rangesOf(parseJailConf(readFileSync(file, "utf8")));
      expect(new Set(ranges).size, file).toBe(ranges.length);
    }
  });

  it("equals a full parse after random edits of every fixture jail.conf", () => {
    const files = fixtureJailConfs();
    expect(files.length).toBeGreaterThan(20);
    let updated = 0;
    for (const [i, file] of files.entries()) updated += checkEdits(file, readFileSync(file, "utf8"), 60, i + 1);
    // Most edits are an update; the rest give up (and the caller parses the whole text).
    expect(updated).toBeGreaterThan(files.length * 20);
  });

  it.skipIf(!haveCorpus())("equals a full parse after random edits of every real jail.conf of the corpus", () => {
    const files = corpusFiles("real/jail");
    expect(files.length).toBeGreaterThan(30);
    let updated = 0;
    for (const [i, file] of files.entries()) updated += checkEdits(file, readFileSync(file, "utf8"), 40, 1000 + i);
    expect(updated).toBeGreaterThan(files.length * 12);
  });
});

/** A model as JSON, its maps as entry lists, so two resolves compare by value. */
function modelJson(m: JailConfModel): string {
  return JSON.stringify(m, (_k, v: unknown) => (v instanceof Map ? [...v] : v));
}

const resolve = (t: string, update?: JailConfModel): JailConfModel =>
  resolveJailConf(["/etc/jail.conf"], new MemoryHost({ "/etc/jail.conf": t }), update ? { update } : {});

/** Edits in a row, each resolve updating the one before (which is not looked at again), held to a fresh resolve. */
function checkResolves(file: string, text: string, edits: number, seed: number): number {
  const rnd = prng(seed);
  let current = { text, model: resolve(text) };
  let kept = 0;
  for (let i = 0; i < edits; i++) {
    const after = edit(current.text, rnd);
    const jailsBefore = new Set(current.model.jails);
    const updated = resolve(after, current.model);
    expect(modelJson(updated), `${file}, seed ${seed}, edit ${i}`).toBe(modelJson(resolve(after)));
    kept += updated.jails.filter((j) => jailsBefore.has(j)).length;
    current = rnd() < 0.3 ? { text, model: resolve(text) } : { text: after, model: updated };
  }
  return kept;
}

describe("resolveJailConf updating an earlier resolve", () => {
  const text = 'exec.start = "/bin/sh /etc/rc";\nweb {\n  ip4.addr = 192.0.2.1;\n}\ndb {\n  ip4.addr = 192.0.2.2;\n}\n';

  it("keeps the jails an edit did not touch, moved, and works out the edited one again", () => {
    const first = resolve(text);
    const [web, db] = first.jails;
    const dbAddress = db?.params.get("ip4.addr")?.values[0]?.range.start ?? 0;
    const second = resolve(`# a comment\n${text}`, first);
    expect(second.jails[0]).toBe(web);
    expect(second.jails[1]).toBe(db);
    expect(db?.params.get("ip4.addr")?.values[0]?.range.start).toBe(dbAddress + 12);
    const third = resolve(`# a comment\n${text.replace("192.0.2.2", "192.0.2.20")}`, second);
    expect(third.jails[0]).toBe(web);
    expect(third.jails[1]).not.toBe(db);
    expect(third.jails[1]?.params.get("ip4.addr")?.values[0]?.text).toBe("192.0.2.20");
    expect(modelJson(third)).toBe(modelJson(resolve(`# a comment\n${text.replace("192.0.2.2", "192.0.2.20")}`)));
  });

  it("works every jail out again when a global parameter changes", () => {
    const first = resolve(text);
    const second = resolve(text.replace("/etc/rc", "/etc/rc.local"), first);
    expect(second.jails.some((j) => first.jails.includes(j))).toBe(false);
    expect(second.jails[1]?.params.get("exec.start")?.values[0]?.text).toBe("/bin/sh /etc/rc.local");
  });

  it("equals a fresh resolve after random edits of every fixture jail.conf", () => {
    let kept = 0;
    for (const [i, file] of fixtureJailConfs().entries()) kept += checkResolves(file, readFileSync(file, "utf8"), 40, 500 + i);
    expect(kept).toBeGreaterThan(500);
  });

  it.skipIf(!haveCorpus())("equals a fresh resolve after random edits of every real jail.conf of the corpus", () => {
    let kept = 0;
    for (const [i, file] of corpusFiles("real/jail").entries()) kept += checkResolves(file, readFileSync(file, "utf8"), 30, 2000 + i);
    expect(kept).toBeGreaterThan(300);
  });
});
