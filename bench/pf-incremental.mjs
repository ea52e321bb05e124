// In-process timings of the language server's case: one pf.conf edited a character at a time. A full
// parsePfConfWithMacros of the edited text against the same parse given the result of the text before the edit
// (PfParseOptions.previous), and resolvePfConf with and without its previous result (which adds the rule-order
// check over the whole sequence). Edits at line 1 (a blank after `ext_if = "em0"`), in the middle, at the end.
//   node bench/pf-incremental.mjs FILE [RUNS]   (after `pnpm run build`; bench/generate.mjs writes large files)
import { readFileSync } from "node:fs";
import { checkPfRuleOrder, MemoryHost, parsePfConfWithMacros, resolvePfConf } from "../packages/parser/dist/index.js";
import { shiftedStatement } from "../packages/parser/dist/pf/shift-statement.js";

const [file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 20);
const text = readFileSync(file, "utf8");
const lines = text.split("\n");
const offsetOfLine = (n) => lines.slice(0, n).reduce((a, l) => a + l.length + 1, 0);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const min = (xs) => Math.min(...xs);
const time = (fn) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};

/** Edits at `at`: typing characters one after another (each parse gets the previous one's result). */
function measure(name, at) {
  const full = [];
  const incr = [];
  const resolveFull = [];
  const resolveIncr = [];
  const order = [];
  let current = text;
  let previous = parsePfConfWithMacros(current);
  const host = (t) => new MemoryHost({ "/etc/pf.conf": t });
  const root = (t) => ({ path: "/etc/pf.conf", file: "/etc/pf.conf", text: t });
  let resolved = resolvePfConf(root(current), host(current));
  for (let r = -2; r < runs; r++) {
    // Alternately insert and delete a blank, so the text stays the same size.
    current = r % 2 === 0 ? `${current.slice(0, at)} ${current.slice(at)}` : `${current.slice(0, at)}${current.slice(at + 1)}`;
    const tf = time(() => parsePfConfWithMacros(current));
    let next;
    const ti = time(() => {
      next = parsePfConfWithMacros(current, { previous: previous.file });
    });
    previous = next;
    const trf = time(() => resolvePfConf(root(current), host(current)));
    let nextResolved;
    const tri = time(() => {
      nextResolved = resolvePfConf(root(current), host(current), { previous: resolved });
    });
    resolved = nextResolved;
    const seq = resolved.files[0].ast.statements.map((statement) => ({ file: "/etc/pf.conf", text: current, statement }));
    const to = time(() => checkPfRuleOrder(seq, 15));
    if (r >= 0) {
      full.push(tf);
      incr.push(ti);
      resolveFull.push(trf);
      resolveIncr.push(tri);
      order.push(to);
    }
  }
  const ms = (xs) => `${median(xs).toFixed(1)} (min ${min(xs).toFixed(1)})`;
  const ratio = (a, b) => `${((100 * median(a)) / median(b)).toFixed(1)}% (min ${((100 * min(a)) / min(b)).toFixed(1)}%)`;
  console.log(
    `${name.padEnd(9)} parse: full ${ms(full)} ms, incremental ${ms(incr)} ms = ${ratio(incr, full)}; resolve: full ${ms(resolveFull)} ms, incremental ${ms(resolveIncr)} ms = ${ratio(resolveIncr, resolveFull)}; checkPfRuleOrder ${ms(order)} ms`,
  );
}

console.log(`${file}: ${lines.length - 1} lines, ${text.length} characters, ${runs} runs each: median (minimum) in ms`);
measure("line 1", lines[0].length);
const mid = Math.floor(lines.length / 2);
measure(`line ${mid + 1}`, offsetOfLine(mid) + Math.floor(lines[mid].length / 2));
const last = lines.length - 2;
measure(`line ${last + 1}`, offsetOfLine(last) + lines[last].length);

// What an edit at line 1 cannot do without: a moved copy of every statement after it (the AST's offsets are
// absolute), against the full parse it spares.
{
  const { statements } = parsePfConfWithMacros(text).file;
  const move = [];
  const full = [];
  for (let r = -2; r < runs; r++) {
    const tm = time(() => statements.map((s) => shiftedStatement(s, 1)));
    const tf = time(() => parsePfConfWithMacros(text));
    if (r >= 0) {
      move.push(tm);
      full.push(tf);
    }
  }
  console.log(
    `moving all ${statements.length} statements alone: ${median(move).toFixed(1)} (min ${min(move).toFixed(1)}) ms = ${((100 * median(move)) / median(full)).toFixed(1)}% of a full parse (min ${((100 * min(move)) / min(full)).toFixed(1)}%)`,
  );
}
