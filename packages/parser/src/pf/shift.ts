/**
 * A copy of `value` with every text range moved by `delta`: what a statement read after an edit is, when the text
 * it was read from only moved. Every object with a numeric `start` is a range (TextRange is the only such shape in
 * the pf AST, its problems and comments): its `start` and `end` are moved; other values are copied as they are.
 * The original is left alone: results are shared, and diagnostics of an earlier lint may hold its nodes.
 */
export function shifted<T>(value: T, delta: number): T {
  return copy(value, delta) as T;
}

// for…in, not Object.keys: V8 enumerates a plain object's keys from its map's cache without allocating, and this
// copies tens of thousands of small objects when an edit moves the rest of a long file.
function copy(value: unknown, delta: number): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i], delta);
    return out;
  }
  const from = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (typeof from.start === "number") {
    for (const key in from) {
      const v = from[key];
      out[key] = (key === "start" || key === "end") && typeof v === "number" ? v + delta : copy(v, delta);
    }
    return out;
  }
  for (const key in from) {
    const v = from[key];
    out[key] = typeof v === "object" && v !== null ? copy(v, delta) : v;
  }
  return out;
}

/** Each element of `list`, moved by `delta` (the list itself when there is nothing to move). */
export function shiftedList<T>(list: readonly T[], delta: number): readonly T[] {
  if (delta === 0 || list.length === 0) return list;
  const out = new Array<T>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = copy(list[i], delta) as T;
  return out;
}
