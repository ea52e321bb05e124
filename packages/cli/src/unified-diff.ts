/** One line of an edit script. */
type Op = { kind: " " | "-" | "+"; line: string };

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

/** Longest-common-subsequence edit script; config files are small enough for the O(n·m) table. */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  // Common head and tail are skipped so the table only covers the changed middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const n = am.length;
  const m = bm.length;
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      (table[i] as Uint32Array)[j] =
        am[i] === bm[j]
          ? ((table[i + 1] as Uint32Array)[j + 1] as number) + 1
          : Math.max((table[i + 1] as Uint32Array)[j] as number, (table[i] as Uint32Array)[j + 1] as number);
  const ops: Op[] = a.slice(0, head).map((line) => ({ kind: " ", line }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && am[i] === bm[j]) {
      ops.push({ kind: " ", line: am[i++] as string });
      j++;
    } else if (i < n && (j === m || ((table[i + 1] as Uint32Array)[j] as number) >= ((table[i] as Uint32Array)[j + 1] as number)))
      ops.push({ kind: "-", line: am[i++] as string });
    else ops.push({ kind: "+", line: bm[j++] as string });
  }
  for (const line of a.slice(a.length - tail)) ops.push({ kind: " ", line });
  return ops;
}

/** A unified diff (`diff -u`) of one file, with `context` lines around each change; "" when equal. */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
  if (oldText === newText) return "";
  const ops = editScript(splitLines(oldText), splitLines(newText));
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  const changed = ops.map((o, idx) => (o.kind !== " " ? idx : -1)).filter((idx) => idx !== -1);
  let k = 0;
  while (k < changed.length) {
    const first = changed[k] as number;
    let last = first;
    while (k + 1 < changed.length && (changed[k + 1] as number) - last <= 2 * context) last = changed[++k] as number;
    k++;
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length, last + context + 1);
    let oldStart = 1;
    let newStart = 1;
    for (const o of ops.slice(0, from)) {
      if (o.kind !== "+") oldStart++;
      if (o.kind !== "-") newStart++;
    }
    const hunk = ops.slice(from, to);
    const oldLen = hunk.filter((o) => o.kind !== "+").length;
    const newLen = hunk.filter((o) => o.kind !== "-").length;
    out.push(`@@ -${oldLen === 0 ? oldStart - 1 : oldStart},${oldLen} +${newLen === 0 ? newStart - 1 : newStart},${newLen} @@`);
    for (const o of hunk) out.push(printLine(o.kind, o.line));
  }
  return `${out.join("\n")}\n`;
}
