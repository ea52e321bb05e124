import { describe, expect, it } from "vitest";
import { type DiffWork, unifiedDiff } from "./unified-diff.js";

const lines = (n: number, f: (i: number) => string = (i) => `${i}`): string =>
  Array.from({ length: n }, (_, i) => `${f(i + 1)}\n`).join("");

/** Applies a unified diff to a text, independently of how it was made: the check that it says what changed. */
function applyUnified(text: string, diff: string): string {
  if (diff === "") return text;
  const old = text === "" ? [] : text.split("\n");
  const noEol = text !== "" && !text.endsWith("\n");
  if (text.endsWith("\n")) old.pop();
  const out: string[] = [];
  let at = 0;
  let newNoEol = false;
  const rows = diff.split("\n").slice(2, -1);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as string;
    const h = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(row);
    if (h) {
      const start = Number(h[1]) - (h[2] === "0" ? 0 : 1);
      while (at < start) out.push(old[at++] as string);
      continue;
    }
    if (row.startsWith("\\")) continue;
    const last = rows[i + 1]?.startsWith("\\") === true;
    if (row[0] === " ") {
      out.push(old[at++] as string);
      if (last) newNoEol = true;
    } else if (row[0] === "-") at++;
    else {
      out.push(row.slice(1));
      if (last) newNoEol = true;
    }
  }
  while (at < old.length) {
    out.push(old[at++] as string);
    newNoEol = noEol && at === old.length;
  }
  return out.length === 0 ? "" : `${out.join("\n")}${newNoEol ? "" : "\n"}`;
}

describe("unifiedDiff", () => {
  it("prints what GNU diff -u prints: three lines of context, nearby changes in one hunk", () => {
    const before = lines(20);
    const after = lines(20, (i) => (i === 2 ? "two" : i === 9 ? "nine" : i === 18 ? "eighteen" : `${i}`)).replace("15\n", "");
    expect(unifiedDiff(before, after, "a", "b")).toBe(
      [
        "--- a",
        "+++ b",
        "@@ -1,20 +1,19 @@",
        " 1",
        "-2",
        "+two",
        ...[3, 4, 5, 6, 7, 8].map((i) => ` ${i}`),
        "-9",
        "+nine",
        ...[10, 11, 12, 13, 14].map((i) => ` ${i}`),
        "-15",
        " 16",
        " 17",
        "-18",
        "+eighteen",
        " 19",
        " 20",
        "",
      ].join("\n"),
    );
  });

  it("splits changes more than six lines apart into hunks, and numbers them", () => {
    const after = lines(30, (i) => (i === 3 ? "three" : i === 25 ? "twenty-five" : `${i}`));
    expect(unifiedDiff(lines(30), after, "a/x", "b/x")).toBe(
      [
        "--- a/x",
        "+++ b/x",
        "@@ -1,6 +1,6 @@",
        " 1",
        " 2",
        "-3",
        "+three",
        " 4",
        " 5",
        " 6",
        "@@ -22,7 +22,7 @@",
        " 22",
        " 23",
        " 24",
        "-25",
        "+twenty-five",
        " 26",
        " 27",
        " 28",
        "",
      ].join("\n"),
    );
  });

  it('marks a last line without a line break "\\ No newline at end of file", as diff -u does', () => {
    expect(unifiedDiff("a\nb\nc\n", "a\nb\nc", "a", "b")).toBe(
      ["--- a", "+++ b", "@@ -1,3 +1,3 @@", " a", " b", "-c", "+c", "\\ No newline at end of file", ""].join("\n"),
    );
    expect(unifiedDiff("a\nx", "a\ny", "a", "b")).toBe(
      ["--- a", "+++ b", "@@ -1,2 +1,2 @@", " a", "-x", "\\ No newline at end of file", "+y", "\\ No newline at end of file", ""].join(
        "\n",
      ),
    );
  });

  it("writes a one-line range as its start alone, and an empty one as the line before it", () => {
    expect(unifiedDiff("x\n", "", "a", "b")).toBe("--- a\n+++ b\n@@ -1 +0,0 @@\n-x\n");
    expect(unifiedDiff("", "x\n", "a", "b")).toBe("--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n");
    expect(unifiedDiff("a\nb\n", "a\nb\nc\n", "a", "b")).toBe("--- a\n+++ b\n@@ -1,2 +1,3 @@\n a\n b\n+c\n");
    expect(unifiedDiff("same\n", "same\n", "a", "b")).toBe("");
  });

  it("says exactly what changed, in as few lines as an LCS does, on seeded random edits", () => {
    let seed = 11;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const lcs = (a: string[], b: string[]): number => {
      const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      for (let i = a.length - 1; i >= 0; i--)
        for (let j = b.length - 1; j >= 0; j--)
          (t[i] as number[])[j] =
            a[i] === b[j]
              ? ((t[i + 1] as number[])[j + 1] as number) + 1
              : Math.max((t[i + 1] as number[])[j] as number, (t[i] as number[])[j + 1] as number);
      return (t[0] as number[])[0] as number;
    };
    for (let run = 0; run < 1500; run++) {
      const a = Array.from({ length: next(14) }, () => "abcde"[next(5)] as string);
      const b = [...a];
      for (let e = 0; e <= next(4); e++) {
        const at = next(b.length + 1);
        const op = next(3);
        if (op === 0) b.splice(at, 0, "abcde"[next(5)] as string);
        else if (op === 1) b.splice(at, 1);
        else b[at] = "abcde"[next(5)] as string;
      }
      const before = a.join("\n") + (next(3) ? "\n" : "");
      const after = b.join("\n") + (next(3) ? "\n" : "");
      const diff = unifiedDiff(before, after, "a", "b");
      expect(applyUnified(before, diff), JSON.stringify({ before, after, diff })).toBe(after);
      // Lines as the diff sees them: a last line without a break differs from the same line with one.
      const split = (t: string): string[] =>
        t === "" ? [] : t.endsWith("\n") ? t.slice(0, -1).split("\n") : [...t.split("\n").slice(0, -1), `${t.split("\n").at(-1)}\\`];
      const [la, lb] = [split(before), split(after)];
      const changedRows = diff.split("\n").filter((r) => /^[-+]/.test(r) && !/^(---|\+\+\+) /.test(r)).length;
      expect(changedRows).toBe(la.length + lb.length - 2 * lcs(la, lb));
    }
  });

  it("does work linear in the file for a few changes: 30,000 lines, two fixes far apart", () => {
    const measure = (n: number): DiffWork => {
      const work = { steps: 0 };
      const before = lines(n, (i) => `line ${i % 50}`);
      const after = before.replace("line 7\n", "line 7 fixed\n").replace(/line 3\n(?![\s\S]*line 3\n)/, "line 3\nadded\n");
      expect(
        unifiedDiff(before, after, "a", "b", 3, work)
          .split("\n")
          .filter((r) => /^[-+][^-+]/.test(r)),
      ).toEqual(["-line 7", "+line 7 fixed", "+added"]);
      return work;
    };
    const small = measure(30_000);
    const large = measure(60_000);
    // Myers costs about (N+M)·D here; the LCS table it replaced cost N·M (9·10⁸ steps for 30,000 lines).
    expect(small.steps).toBeLessThan(10 * 60_000);
    expect(large.steps / small.steps).toBeLessThan(2.5);
  });
});
