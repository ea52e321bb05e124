/** One line of an edit script. */
type Op = { kind: " " | "-" | "+"; line: string };

/** How much work an edit script took: compared line pairs and diagonals visited (for the linearity test). */
export interface DiffWork {
  steps: number;
}

/**
 * The lines of a text. A last line without a line break keeps a trailing "\n" as a marker (no line holds one
 * otherwise), so it differs from the same line with a break and prints with diff's "No newline" note.
 */
function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  else lines[lines.length - 1] += "\n";
  return lines;
}

const NO_NEWLINE = "\\ No newline at end of file";

function printLine(kind: string, line: string): string {
  return line.endsWith("\n") ? `${kind}${line.slice(0, -1)}\n${NO_NEWLINE}` : `${kind}${line}`;
}

/**
 * A shortest edit script by Myers' O((N+M)·D) algorithm ("An O(ND) Difference Algorithm and Its Variations",
 * 1986), the one GNU diff is built on. Fixes change a few lines of a file, so D is small and the work is linear
 * in the file; the LCS table this replaces took 35 s and 3.7 GB for two fixes in 30,000 lines. Each round keeps
 * only the 2d+3 diagonals it can read back, so memory is O(D²), not O(N·D). Deletions come before insertions
 * in each change, as diff -u prints them.
 */
function editScript(a: readonly string[], b: readonly string[], work: DiffWork): Op[] {
  // The common head and tail are the bulk of a fixed file; they cost one comparison per line.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  work.steps += head + tail;
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  const A = (i: number): string => a[head + i] as string;
  const B = (j: number): string => b[head + j] as string;

  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds v[k] for k in [-d-1, d+1] as they were before round d.
  const trace: Int32Array[] = [];
  let found = max === 0;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      work.steps++;
      // Down (an insertion) from diagonal k+1, or right (a deletion) from k-1: whichever reached further.
      let x =
        k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number))
          ? (v[offset + k + 1] as number)
          : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && A(x) === B(y)) {
        x++;
        y++;
        work.steps++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }

  // Walk the rounds back from the end, collecting the middle's script in reverse.
  const middle: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const snap = trace[d] as Int32Array;
    const at = (k: number): number => snap[k + d + 1] as number;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      middle.push({ kind: " ", line: A(--x) });
      y--;
      work.steps++;
    }
    if (d > 0) {
      if (x === prevX) middle.push({ kind: "+", line: B(--y) });
      else middle.push({ kind: "-", line: A(--x) });
    }
  }
  middle.reverse();
  const ops: Op[] = [];
  for (let i = 0; i < head; i++) ops.push({ kind: " ", line: a[i] as string });
  // Within one run of changes, print every deletion before the insertions (diff -u's order).
  for (let i = 0; i < middle.length; ) {
    if ((middle[i] as Op).kind === " ") {
      ops.push(middle[i++] as Op);
      continue;
    }
    let j = i;
    while (j < middle.length && (middle[j] as Op).kind !== " ") j++;
    for (let q = i; q < j; q++) if ((middle[q] as Op).kind === "-") ops.push(middle[q] as Op);
    for (let q = i; q < j; q++) if ((middle[q] as Op).kind === "+") ops.push(middle[q] as Op);
    i = j;
  }
  for (let i = a.length - tail; i < a.length; i++) ops.push({ kind: " ", line: a[i] as string });
  return ops;
}

/** A hunk's range as POSIX diff -u writes it: "start,count", or "start" alone for one line; empty, the line before. */
function range(start: number, length: number): string {
  if (length === 1) return `${start}`;
  return `${length === 0 ? start - 1 : start},${length}`;
}

/**
 * A unified diff (`diff -u`) of one file, with `context` lines around each change; "" when equal. Linear in the
 * size of the texts for a bounded number of changed lines; `work`, when given, counts what it cost.
 */
export function unifiedDiff(
  oldText: string,
  newText: string,
  oldName: string,
  newName: string,
  context = 3,
  work: DiffWork = { steps: 0 },
): string {
  if (oldText === newText) return "";
  const ops = editScript(splitLines(oldText), splitLines(newText), work);
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  const changed: number[] = [];
  for (let idx = 0; idx < ops.length; idx++) if ((ops[idx] as Op).kind !== " ") changed.push(idx);
  // Line numbers before op `pos`, advanced once over the whole script (not recounted per hunk).
  let pos = 0;
  let oldLine = 1;
  let newLine = 1;
  let k = 0;
  while (k < changed.length) {
    const first = changed[k] as number;
    let last = first;
    // Changes whose context would touch or overlap share a hunk (at most 2·context unchanged lines between).
    while (k + 1 < changed.length && (changed[k + 1] as number) - last - 1 <= 2 * context) last = changed[++k] as number;
    k++;
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length, last + context + 1);
    for (; pos < from; pos++) {
      const o = ops[pos] as Op;
      if (o.kind !== "+") oldLine++;
      if (o.kind !== "-") newLine++;
    }
    let oldLen = 0;
    let newLen = 0;
    const lines: string[] = [];
    for (let i = from; i < to; i++) {
      const o = ops[i] as Op;
      if (o.kind !== "+") oldLen++;
      if (o.kind !== "-") newLen++;
      lines.push(printLine(o.kind, o.line));
    }
    out.push(`@@ -${range(oldLine, oldLen)} +${range(newLine, newLen)} @@`);
    out.push(...lines);
  }
  return `${out.join("\n")}\n`;
}
