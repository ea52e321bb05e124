import {
  type ConfString,
  type JailConfFile,
  type JailStatement,
  LineIndex,
  type PfConfFile,
  type PfStatement,
  type RcConfFile,
  type TextRange,
} from "@jaillint/parser";
import { type DocumentSymbol, SymbolKind } from "vscode-languageserver-types";
import { documentOf, type FeatureContext, shorten, toRange } from "./context.js";
import { rcAssignments } from "./rc-words.js";

function symbol(
  idx: LineIndex,
  name: string,
  kind: SymbolKind,
  range: TextRange,
  selection: TextRange,
  detail?: string,
  children?: DocumentSymbol[],
): DocumentSymbol {
  return {
    name: name === "" ? "(unnamed)" : name,
    kind,
    range: toRange(idx, range),
    selectionRange: toRange(idx, selection),
    ...(detail !== undefined && detail !== "" ? { detail } : {}),
    ...(children ? { children } : {}),
  };
}

function written(s: ConfString): string {
  return s.pieces.map((p) => (p.kind === "literal" ? p.text : p.braced ? `\${${p.name}}` : `$${p.name}`)).join("");
}

/**
 * The outline of a jail.conf: each jail block (wildcard sections too) with its parameters, variables and includes
 * as children, nested blocks nested; top-level statements at the top.
 */
export function jailConfSymbols(ast: JailConfFile, text: string): DocumentSymbol[] {
  const idx = new LineIndex(text);
  const visit = (list: readonly JailStatement[], parent: string | undefined): DocumentSymbol[] =>
    list.map((st) => {
      if (st.type === "Jail") {
        const full = parent === undefined ? st.name : `${parent}.${st.name}`;
        const wildcard = full.split(".").includes("*");
        const detail = wildcard ? "wildcard section" : parent === undefined ? "jail" : `jail ${full}`;
        return symbol(
          idx,
          st.name,
          wildcard ? SymbolKind.Namespace : SymbolKind.Module,
          st.range,
          st.nameRange,
          detail,
          visit(st.body, full),
        );
      }
      if (st.type === "Include") {
        return symbol(idx, ".include", SymbolKind.File, st.range, st.range, st.paths.map(written).join(", "));
      }
      const value = st.values.map(written).join(", ");
      const detail = st.operator === "+=" ? `+= ${shorten(value)}` : shorten(value);
      return symbol(
        idx,
        st.isVariable ? `$${st.name}` : st.name,
        st.isVariable ? SymbolKind.Variable : SymbolKind.Property,
        st.range,
        st.nameRange,
        detail,
      );
    });
  return visit(ast.statements, undefined);
}

/** pf.conf(5)'s sections, which pfctl wants in this order (includes may stand anywhere). */
type PfGroup = "Macros" | "Tables" | "Options" | "Includes" | "Normalization" | "Queueing" | "Translation" | "Filtering";

function pfGroup(st: PfStatement): PfGroup {
  switch (st.type) {
    case "MacroDefinition":
      return "Macros";
    case "TableDefinition":
      return "Tables";
    case "SetOption":
    case "LimiterDefinition":
      return "Options";
    case "Include":
    case "LoadAnchor":
      return "Includes";
    case "ScrubRule":
      return "Normalization";
    case "QueueRule":
      return "Queueing";
    case "TranslationRule":
      return "Translation";
    case "AnchorRule":
      return st.kind === "anchor" || st.kind === "ether-anchor" ? "Filtering" : "Translation";
    default:
      return "Filtering";
  }
}

/**
 * The outline of a pf.conf: its statements grouped by pf.conf(5) section (macros, tables, options, includes,
 * normalization, queueing, translation, filtering), groups and statements in file order; an anchor holds the rules
 * of its `{ … }` body.
 */
export function pfConfSymbols(ast: PfConfFile, text: string): DocumentSymbol[] {
  const idx = new LineIndex(text);
  const firstLine = (r: TextRange): string => shorten(text.slice(r.start, r.end).split("\n")[0] ?? "", 80);
  const one = (st: PfStatement): DocumentSymbol => {
    switch (st.type) {
      case "MacroDefinition":
        return symbol(idx, st.name, SymbolKind.Constant, st.range, st.nameRange, shorten(st.value));
      case "TableDefinition": {
        const flags = [st.persist ? "persist" : "", st.const ? "const" : ""].filter((f) => f !== "").join(" ");
        const size = st.files.length > 0 ? `file ${st.files.map((f) => f.value).join(", ")}` : `${st.addresses.length} entries`;
        return symbol(idx, `<${st.name}>`, SymbolKind.Struct, st.range, st.nameRange, [flags, size].filter((x) => x !== "").join(" · "));
      }
      case "Include":
        return symbol(idx, "include", SymbolKind.File, st.range, st.path.range, st.path.value);
      case "LoadAnchor":
        return symbol(idx, `load anchor ${st.name.value}`, SymbolKind.File, st.range, st.name.range, st.path.value);
      case "AnchorRule": {
        const name = `${st.kind.replace("-", " ")}${st.name ? ` "${st.name.value}"` : ""}`;
        const children = st.body ? st.body.map(one) : undefined;
        return symbol(
          idx,
          name,
          SymbolKind.Namespace,
          st.range,
          st.name?.range ?? st.range,
          st.body ? `${st.body.length} rule${st.body.length === 1 ? "" : "s"}` : undefined,
          children,
        );
      }
      case "SetOption":
        return symbol(
          idx,
          `set ${st.option}`,
          SymbolKind.Property,
          st.range,
          st.range,
          shorten(text.slice(st.range.start, st.range.end).replace(/^set\s+\S+\s*/, "")),
        );
      default:
        return symbol(idx, firstLine(st.range), SymbolKind.Event, st.range, st.range);
    }
  };
  const groups = new Map<PfGroup, { symbols: DocumentSymbol[]; range: TextRange }>();
  for (const st of ast.statements) {
    const g = pfGroup(st);
    const entry = groups.get(g);
    if (entry) {
      entry.symbols.push(one(st));
      entry.range = { start: Math.min(entry.range.start, st.range.start), end: Math.max(entry.range.end, st.range.end) };
    } else groups.set(g, { symbols: [one(st)], range: st.range });
  }
  // In file order of their first statement: pfctl's order for a well-ordered file, and where the user put them.
  return [...groups.entries()]
    .sort(([, a], [, b]) => a.range.start - b.range.start)
    .map(([g, entry]) => {
      const first = entry.symbols[0] as DocumentSymbol;
      return {
        name: g,
        kind: SymbolKind.Namespace,
        range: toRange(idx, entry.range),
        selectionRange: first.selectionRange,
        children: entry.symbols,
      };
    });
}

/** The outline of an rc.conf: each assignment, with its value as written. */
export function rcConfSymbols(ast: RcConfFile, text: string): DocumentSymbol[] {
  const idx = new LineIndex(text);
  return [...rcAssignments(ast)].map((a) =>
    symbol(idx, a.name, SymbolKind.Variable, a.range, a.nameRange, shorten(text.slice(a.value.range.start, a.value.range.end))),
  );
}

/** The outline of a host file the model read, whichever its kind; [] for a file it did not read. */
export function documentSymbols(ctx: FeatureContext, file: string): DocumentSymbol[] {
  const doc = documentOf(ctx.model, file);
  if (!doc) return [];
  if (doc.kind === "jail") return jailConfSymbols(doc.parsed.ast, doc.text);
  if (doc.kind === "pf") return pfConfSymbols(doc.parsed.ast, doc.text);
  return rcConfSymbols(doc.parsed.ast, doc.text);
}
