/**
 * A copy of `value` with every text range moved by `delta`: what a statement read after an edit is, when the text
 * it was read from only moved. Every object with numeric `start` and `end` is a range (TextRange is the only such shape in
 * the pf AST, its problems and comments): its `start` and `end` are moved; other values are copied as they are.
 * The original is left alone: results are shared, and diagnostics of an earlier lint may hold its nodes.
 */
export function shifted<T>(value: T, delta: number): T {
  return shiftedCopy(value, delta) as T;
}

// for…in, not Object.keys: V8 enumerates a plain object's keys from its map's cache without allocating, and this
// copies tens of thousands of small objects when an edit moves the rest of a long file. An empty list holds no
// range: it is shared (nothing changes a result's lists).
function shiftedCopy(value: unknown, delta: number): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const n = value.length;
    if (n === 0) return value;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = shiftedCopy(value[i], delta);
    return out;
  }
  const from = value as Record<string, unknown>;
  if (typeof from.start === "number" && typeof from.end === "number") return shiftedRangeObject(from, delta);
  const out: Record<string, unknown> = {};
  for (const key in from) {
    const v = from[key];
    out[key] = typeof v === "object" && v !== null ? shiftedCopy(v, delta) : v;
  }
  return out;
}

function shiftedRangeObject(from: Record<string, unknown>, delta: number): Record<string, unknown> {
  let keys = 0;
  for (const _ in from) keys++;
  // A TextRange as the builders make it: `{ start, end }`.
  if (keys === 2) return { start: (from.start as number) + delta, end: (from.end as number) + delta };
  const out: Record<string, unknown> = {};
  for (const key in from) {
    const v = from[key];
    out[key] = key === "start" || key === "end" ? (v as number) + delta : shiftedCopy(v, delta);
  }
  return out;
}

/** Each element of `list`, moved by `delta` (the list itself when there is nothing to move). */
export function shiftedList<T>(list: readonly T[], delta: number): readonly T[] {
  if (delta === 0 || list.length === 0) return list;
  const out = new Array<T>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = shiftedCopy(list[i], delta) as T;
  return out;
}
