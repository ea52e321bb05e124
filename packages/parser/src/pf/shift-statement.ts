import type { TextRange } from "../common/text-range.js";
import type {
  PfAddressSpec,
  PfHost,
  PfInterfaceItem,
  PfPortItem,
  PfRedirection,
  PfRouteSpec,
  PfRuleMatch,
  PfRuleOption,
  PfStatement,
  PfStateSpec,
  PfWord,
} from "./ast.js";
import { shifted } from "./shift.js";

// A statement moved by `d`, node type by node type: what `shifted` does, several times faster on the statements of
// a long file (each spread copies one node shape, where a generic copy adds keys one at a time). Each node is
// spread first, so a field it has and this does not know is still copied; shift.test.ts checks that this and
// `shifted` agree on every fixture and corpus file.

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const movedRange = (r: TextRange, d: number): TextRange => ({ start: r.start + d, end: r.end + d });

/** Each item of `l` moved by `f` (the list itself when empty: nothing changes a result's lists). */
export function movedList<T>(l: readonly T[], d: number, f: (x: T, d: number) => T): readonly T[] {
  const n = l.length;
  if (n === 0) return l;
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = f(l[i] as T, d);
  return out;
}

const movedWord = (w: PfWord, d: number): PfWord => ({ ...w, range: movedRange(w.range, d) });
const movedWords = (l: readonly PfWord[], d: number): readonly PfWord[] => movedList(l, d, movedWord);
const movedIface = (x: PfInterfaceItem, d: number): PfInterfaceItem => ({ ...x, range: movedRange(x.range, d) });
const movedHost = (h: PfHost, d: number): PfHost => ({ ...h, range: movedRange(h.range, d) });
const movedPort = (p: PfPortItem, d: number): PfPortItem => ({ ...p, range: movedRange(p.range, d) });
const movedOption = (o: PfRuleOption, d: number): PfRuleOption => ({ ...o, args: movedWords(o.args, d), range: movedRange(o.range, d) });
const movedOptions = (l: readonly PfRuleOption[], d: number): readonly PfRuleOption[] => movedList(l, d, movedOption);
const movedSpec = (s: PfAddressSpec, d: number): PfAddressSpec => ({
  ...s,
  hosts: movedList(s.hosts, d, movedHost),
  ports: movedList(s.ports, d, movedPort),
  range: movedRange(s.range, d),
});

function movedRedirection(r: PfRedirection, d: number): PfRedirection {
  const out: Mutable<PfRedirection> = { ...r, hosts: movedList(r.hosts, d, movedHost), range: movedRange(r.range, d) };
  if (r.port) out.port = movedWord(r.port, d);
  return out;
}

const movedState = (s: PfStateSpec, d: number): PfStateSpec => ({
  ...s,
  options: movedOptions(s.options, d),
  range: movedRange(s.range, d),
});

function movedRoute(r: PfRouteSpec, d: number): PfRouteSpec {
  return {
    ...r,
    targets: movedList(r.targets, d, (t, d) => {
      const out: Mutable<PfRouteSpec["targets"][number]> = { ...t, range: movedRange(t.range, d) };
      if (t.nexthop) out.nexthop = movedHost(t.nexthop, d);
      return out;
    }),
    range: movedRange(r.range, d),
  };
}

/** The fields of PfRuleMatch, moved, in `out` (a spread of the node). */
function movedMatch(out: Mutable<PfRuleMatch>, m: PfRuleMatch, d: number): void {
  out.interfaces = movedList(m.interfaces, d, movedIface);
  out.protos = movedWords(m.protos, d);
  if (m.from) out.from = movedSpec(m.from, d);
  if (m.to) out.to = movedSpec(m.to, d);
  out.os = movedWords(m.os, d);
}

/** `statement` moved by `d`. */
export function shiftedStatement(st: PfStatement, d: number): PfStatement {
  switch (st.type) {
    case "MacroDefinition":
      return { ...st, nameRange: movedRange(st.nameRange, d), range: movedRange(st.range, d) };
    case "TableDefinition":
      return {
        ...st,
        nameRange: movedRange(st.nameRange, d),
        addresses: movedList(st.addresses, d, movedHost),
        files: movedWords(st.files, d),
        range: movedRange(st.range, d),
      };
    case "SetOption":
      return { ...st, args: movedWords(st.args, d), interfaces: movedList(st.interfaces, d, movedIface), range: movedRange(st.range, d) };
    case "Include":
      return { ...st, path: movedWord(st.path, d), range: movedRange(st.range, d) };
    case "LoadAnchor":
      return { ...st, name: movedWord(st.name, d), path: movedWord(st.path, d), range: movedRange(st.range, d) };
    case "FilterRule": {
      const out: Mutable<typeof st> = { ...st, options: movedOptions(st.options, d), range: movedRange(st.range, d) };
      movedMatch(out, st, d);
      if (st.route) out.route = movedRoute(st.route, d);
      if (st.state) out.state = movedState(st.state, d);
      if (st.natTo) out.natTo = movedRedirection(st.natTo, d);
      if (st.rdrTo) out.rdrTo = movedRedirection(st.rdrTo, d);
      if (st.binatTo) out.binatTo = movedRedirection(st.binatTo, d);
      if (st.afTo) {
        const af: Mutable<NonNullable<typeof st.afTo>> = { ...st.afTo, from: movedRedirection(st.afTo.from, d) };
        if (st.afTo.to) af.to = movedRedirection(st.afTo.to, d);
        out.afTo = af;
      }
      return out;
    }
    case "TranslationRule": {
      const out: Mutable<typeof st> = { ...st, options: movedOptions(st.options, d), range: movedRange(st.range, d) };
      movedMatch(out, st, d);
      if (st.redirect) out.redirect = movedRedirection(st.redirect, d);
      return out;
    }
    case "AnchorRule": {
      const out: Mutable<typeof st> = { ...st, options: movedOptions(st.options, d), range: movedRange(st.range, d) };
      movedMatch(out, st, d);
      if (st.name) out.name = movedWord(st.name, d);
      if (st.body) out.body = movedList(st.body, d, shiftedStatement);
      return out;
    }
    case "Antispoof":
      return {
        ...st,
        interfaces: movedList(st.interfaces, d, (x, d) => ({ ...x, range: movedRange(x.range, d) })),
        options: movedOptions(st.options, d),
        range: movedRange(st.range, d),
      };
    case "ScrubRule": {
      const out: Mutable<typeof st> = { ...st, options: movedOptions(st.options, d), range: movedRange(st.range, d) };
      movedMatch(out, st, d);
      return out;
    }
    case "QueueRule": {
      const out: Mutable<typeof st> = {
        ...st,
        interfaces: movedList(st.interfaces, d, movedIface),
        options: movedOptions(st.options, d),
        children: movedWords(st.children, d),
        range: movedRange(st.range, d),
      };
      if (st.name) out.name = movedWord(st.name, d);
      return out;
    }
    case "EtherRule":
      return { ...st, words: movedWords(st.words, d), range: movedRange(st.range, d) };
    case "LimiterDefinition":
      return { ...st, words: movedWords(st.words, d), range: movedRange(st.range, d) };
    default:
      return shifted(st, d);
  }
}

// The same moves made in place, for a parse that may change the earlier result (PfParseOptions.update): no copy,
// so nothing new for the garbage collector to carry. Each range is moved once: the builders give every node its
// own range object (shift.test.ts checks that no tree of a fixture or corpus file shares one).

const moveRange = (r: TextRange, d: number): void => {
  const m = r as Mutable<TextRange>;
  m.start += d;
  m.end += d;
};

function moveEach<T extends { readonly range: TextRange }>(l: readonly T[], d: number): void {
  for (let i = 0; i < l.length; i++) moveRange((l[i] as T).range, d);
}

function moveSpec(s: PfAddressSpec, d: number): void {
  moveEach(s.hosts, d);
  moveEach(s.ports, d);
  moveRange(s.range, d);
}

function moveOptions(l: readonly PfRuleOption[], d: number): void {
  for (let i = 0; i < l.length; i++) {
    const o = l[i] as PfRuleOption;
    moveEach(o.args, d);
    moveRange(o.range, d);
  }
}

function moveRedirection(r: PfRedirection, d: number): void {
  moveEach(r.hosts, d);
  moveRange(r.range, d);
  if (r.port) moveRange(r.port.range, d);
}

function moveMatch(m: PfRuleMatch, d: number): void {
  moveEach(m.interfaces, d);
  moveEach(m.protos, d);
  if (m.from) moveSpec(m.from, d);
  if (m.to) moveSpec(m.to, d);
  moveEach(m.os, d);
}

/** Moves every range of `st` by `d`, in place: what `shiftedStatement` copies. */
export function moveStatement(st: PfStatement, d: number): void {
  switch (st.type) {
    case "MacroDefinition":
      moveRange(st.nameRange, d);
      break;
    case "TableDefinition":
      moveRange(st.nameRange, d);
      moveEach(st.addresses, d);
      moveEach(st.files, d);
      break;
    case "SetOption":
      moveEach(st.args, d);
      moveEach(st.interfaces, d);
      break;
    case "Include":
      moveRange(st.path.range, d);
      break;
    case "LoadAnchor":
      moveRange(st.name.range, d);
      moveRange(st.path.range, d);
      break;
    case "FilterRule":
      moveOptions(st.options, d);
      moveMatch(st, d);
      if (st.route) {
        for (const t of st.route.targets) {
          moveRange(t.range, d);
          if (t.nexthop) moveRange(t.nexthop.range, d);
        }
        moveRange(st.route.range, d);
      }
      if (st.state) {
        moveOptions(st.state.options, d);
        moveRange(st.state.range, d);
      }
      if (st.natTo) moveRedirection(st.natTo, d);
      if (st.rdrTo) moveRedirection(st.rdrTo, d);
      if (st.binatTo) moveRedirection(st.binatTo, d);
      if (st.afTo) {
        moveRedirection(st.afTo.from, d);
        if (st.afTo.to) moveRedirection(st.afTo.to, d);
      }
      break;
    case "TranslationRule":
      moveOptions(st.options, d);
      moveMatch(st, d);
      if (st.redirect) moveRedirection(st.redirect, d);
      break;
    case "AnchorRule":
      moveOptions(st.options, d);
      moveMatch(st, d);
      if (st.name) moveRange(st.name.range, d);
      if (st.body) for (const b of st.body) moveStatement(b, d);
      break;
    case "Antispoof":
      moveEach(st.interfaces, d);
      moveOptions(st.options, d);
      break;
    case "ScrubRule":
      moveOptions(st.options, d);
      moveMatch(st, d);
      break;
    case "QueueRule":
      moveEach(st.interfaces, d);
      moveOptions(st.options, d);
      moveEach(st.children, d);
      if (st.name) moveRange(st.name.range, d);
      break;
    case "EtherRule":
    case "LimiterDefinition":
      moveEach(st.words, d);
      break;
    default:
      moveAny(st, d);
      return;
  }
  moveRange(st.range, d);
}

/** A node of a type this does not know: every range in it, found by shape (as `shifted` finds them). */
function moveAny(value: unknown, d: number): void {
  if (typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    for (const x of value) moveAny(x, d);
    return;
  }
  const o = value as Record<string, unknown>;
  if (typeof o.start === "number" && typeof o.end === "number") {
    o.start += d;
    o.end += d;
  }
  for (const k in o) if (typeof o[k] === "object") moveAny(o[k], d);
}
