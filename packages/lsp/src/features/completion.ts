import { type FreeBsdVersion, JAIL_PARAMETERS, lookupJailParam, paramAvailableIn } from "@jaillint/parser";
import {
  type CompletionItem,
  CompletionItemKind,
  CompletionItemTag,
  type MarkupContent,
  type Position,
  type Range,
} from "vscode-languageserver-types";
import {
  documentOf,
  type FeatureContext,
  type FeatureDocument,
  type FeatureModel,
  lineIndexOf,
  shorten,
  toOffset,
  toRange,
} from "./context.js";
import { jailCursorAt } from "./jail-cursor.js";
import { jailIndex } from "./jail-index.js";
import { paramDetail, paramMarkdown, paramValues } from "./parameter-docs.js";
import { pfIndex } from "./pf-index.js";

/**
 * Completion at a position of a host file. jail.conf: parameter names with their documentation (booleans also with
 * their `no` prefix), values of enumerations (jailsys, securelevel, enforce_statfs, devfs rulesets, booleans),
 * interface names rc.conf defines (`interface`, `vnet.interface`, `IF|` of `ip4.addr`), jail names (`depend`), and
 * the variables and parameters a `$` can read in that section. pf.conf: macros after `$`, tables after `<`,
 * interfaces after `on`. rc.conf: jail names inside `jail_list`. Each item carries a `textEdit` that replaces what
 * was typed of it.
 */
export function completion(ctx: FeatureContext, file: string, position: Position): CompletionItem[] {
  const doc = documentOf(ctx.model, file);
  const idx = lineIndexOf(ctx.model, file);
  if (!doc || !idx) return [];
  const offset = toOffset(idx, position);
  const range = (start: number): Range => toRange(idx, { start, end: offset });
  if (doc.kind === "jail") return jailCompletion(ctx.model, doc, offset, range);
  if (doc.kind === "pf") return pfCompletion(ctx.model, doc, offset, range);
  return rcCompletion(ctx.model, doc, offset, range);
}

const markdown = (value: string): MarkupContent => ({ kind: "markdown", value });

// ---- jail.conf ------------------------------------------------------------------------------------------------

function jailCompletion(model: FeatureModel, doc: FeatureDocument, offset: number, range: (start: number) => Range): CompletionItem[] {
  const cur = jailCursorAt(doc.text, offset);
  if (cur.inComment) return [];
  const { tokens, current } = cur;
  const typed = current?.raw ?? "";
  const from = current?.start ?? offset;
  if (tokens.length === 0) {
    if (typed.startsWith("$") || current?.inQuote) return [];
    return parameterNames(model, range(from));
  }
  const name = tokens[0];
  if (name?.kind !== "str") return [];
  // `name = v, …`, `name += …` or the name-value form `name v, …`: the cursor is on a value.
  const rest = tokens.slice(1);
  const assigned = rest[0]?.kind === "eq" || rest[0]?.kind === "pleq";
  const list = assigned ? rest.slice(1) : rest;
  if (list.length > 0 && list[list.length - 1]?.kind !== "comma") return [];
  const dollar = /\$(\{?)([^${}"'\s]*)$/.exec(typed);
  if (dollar) return variableNames(model, cur.blocks, dollar[1] === "{", range(from + (dollar.index ?? 0)));
  const quote = typed.startsWith('"') || typed.startsWith("'") ? 1 : 0;
  return parameterValues(model, name.raw.replace(/^["']|["']$/g, ""), typed.slice(quote), range(from + quote), cur.blocks);
}

/** `allow.mount` → `allow.nomount`: jail(8) takes `no` on the last dotted part of a boolean. */
function negated(name: string): string {
  const dot = name.lastIndexOf(".");
  return `${name.slice(0, dot + 1)}no${name.slice(dot + 1)}`;
}

/** The name items of a release, built once: the documentation is the same at every position. */
const nameItems = new Map<FreeBsdVersion, readonly Omit<CompletionItem, "textEdit">[]>();

function parameterNameItems(version: FreeBsdVersion): readonly Omit<CompletionItem, "textEdit">[] {
  const hit = nameItems.get(version);
  if (hit) return hit;
  const items: Omit<CompletionItem, "textEdit">[] = [];
  for (const info of JAIL_PARAMETERS) {
    if (info.readonly || info.name.includes("<") || !paramAvailableIn(info, version)) continue;
    const doc = paramMarkdown(info.name, version) ?? info.summary;
    const base: Omit<CompletionItem, "textEdit"> = {
      label: info.name,
      kind: CompletionItemKind.Property,
      detail: paramDetail(info),
      documentation: markdown(doc),
      sortText: `1${info.name}`,
      ...(info.deprecated ? { tags: [CompletionItemTag.Deprecated] } : {}),
    };
    items.push(base);
    if (info.type === "bool") {
      const no = negated(info.name);
      items.push({
        ...base,
        label: no,
        detail: `${paramDetail(info)} · sets ${info.name} to false`,
        documentation: markdown(paramMarkdown(no, version) ?? doc),
        sortText: `2${no}`,
      });
    }
  }
  items.push({
    label: ".include",
    kind: CompletionItemKind.Keyword,
    detail: "read another jail.conf file here (FreeBSD 14.0+)",
    documentation: markdown(
      '`.include "/etc/jail.conf.d/*.conf";` — a glob that matches nothing is skipped; a missing plain file stops jail(8).',
    ),
    sortText: "3.include",
  });
  nameItems.set(version, items);
  return items;
}

function parameterNames(model: FeatureModel, range: Range): CompletionItem[] {
  return parameterNameItems(model.jailConf?.version ?? model.freebsd).map((i) => ({ ...i, textEdit: { range, newText: i.label } }));
}

function interfaceNames(model: FeatureModel): string[] {
  return [...model.network.interfaces.interfaces.keys()].sort();
}

function parameterValues(model: FeatureModel, name: string, typed: string, range: Range, blocks: readonly string[]): CompletionItem[] {
  const found = lookupJailParam(name);
  if (!found) return [];
  const key = found.canonical;
  const value = (label: string, detail: string, doc?: string, sort = label): CompletionItem => ({
    label,
    kind: CompletionItemKind.Value,
    detail,
    ...(doc ? { documentation: markdown(doc) } : {}),
    textEdit: { range, newText: label },
    sortText: sort,
  });
  if (key === "ip4.addr" || key === "ip6.addr") {
    if (typed.includes("|")) return [];
    return interfaceNames(model).map((i) => value(`${i}|`, "interface jail(8) adds the alias to (rc.conf)"));
  }
  if (key === "interface" || key === "vnet.interface") return interfaceNames(model).map((i) => value(i, "interface (rc.conf)"));
  if (key === "depend") {
    const self = blocks[blocks.length - 1];
    return [...jailIndex(model).jailsByName.keys()]
      .filter((j) => j !== self)
      .map((j) => ({ ...value(j, "jail in jail.conf"), kind: CompletionItemKind.Reference }));
  }
  // Values are numbers or keywords: `-1` sorts before `0` as the user reads them.
  return paramValues(key, found.info).map((v, k) => ({
    ...value(v.value, `${key} value`, v.doc || undefined, String(k).padStart(3, "0")),
    kind: CompletionItemKind.EnumMember,
  }));
}

/** What a `$` in this section can read: the variables and parameters of the jails the section applies to. */
function variableNames(model: FeatureModel, blocks: readonly string[], braced: boolean, range: Range): CompletionItem[] {
  const section = blocks[blocks.length - 1];
  const jails =
    section !== undefined && jailIndex(model).jailsByName.has(section)
      ? (jailIndex(model).jailsByName.get(section) ?? [])
      : (model.jailConf?.jails ?? []);
  const seen = new Map<string, { variable: boolean; value: string }>();
  for (const jail of jails.slice(0, 200)) {
    for (const p of [...jail.variables.values(), ...jail.params.values()]) {
      // A statement that did not parse (often the one being typed) defines nothing worth offering.
      if (seen.has(p.name) || p.setBy.some((sp) => sp.statement.recovered)) continue;
      seen.set(p.name, { variable: p.isVariable, value: p.values.map((v) => v.text).join(", ") });
    }
  }
  return [...seen.entries()].map(([name, info]) => {
    const simple = /^[A-Za-z_][A-Za-z_0-9]*$/.test(name);
    const text = braced || !simple ? `\${${name}}` : `$${name}`;
    return {
      label: name,
      kind: info.variable ? CompletionItemKind.Variable : CompletionItemKind.Property,
      detail: `${info.variable ? "variable" : "parameter"}${jails.length === 1 && info.value !== "" ? ` = ${shorten(info.value)}` : ""}`,
      textEdit: { range, newText: text },
      filterText: text,
      sortText: `${info.variable ? 0 : 1}${name}`,
    };
  });
}

// ---- pf.conf --------------------------------------------------------------------------------------------------

function pfCompletion(model: FeatureModel, doc: FeatureDocument, offset: number, range: (start: number) => Range): CompletionItem[] {
  const lineStart = doc.text.lastIndexOf("\n", offset - 1) + 1;
  const line = doc.text.slice(lineStart, offset);
  // A `#` outside quotes starts a comment to the end of the line.
  if (/^(?:[^"'#]|"[^"]*"|'[^']*')*#/.test(line)) return [];
  const ruleset = pfIndex(model).rulesetOf(doc.file);
  const macro = /\$([A-Za-z0-9_]*)$/.exec(line);
  if (macro) {
    const names = new Map<string, string>();
    for (const d of ruleset?.macroDefinitions ?? [])
      if (d.file !== doc.file || d.definition.range.end <= offset) names.set(d.definition.name, d.definition.value);
    for (const [n, v] of ruleset?.commandLine ?? []) names.set(n, v);
    return [...names.entries()].map(([name, value]) => ({
      label: name,
      kind: CompletionItemKind.Constant,
      detail: `pf macro = ${shorten(value)}`,
      textEdit: { range: range(offset - (macro[1] as string).length), newText: name },
    }));
  }
  const table = /<([A-Za-z0-9_.-]*)$/.exec(line);
  if (table) {
    const close = doc.text[offset] === ">" ? "" : ">";
    const names = [...new Set((ruleset?.tableDefinitions ?? []).map((d) => d.definition.name))];
    return names.map((name) => ({
      label: name,
      kind: CompletionItemKind.Struct,
      detail: "pf table",
      textEdit: { range: range(offset - (table[1] as string).length), newText: `${name}${close}` },
    }));
  }
  const iface = /(?:\bon\s+(?:!\s*)?|\bon\s*\{[^}]*?[\s{,]\s*|\()([A-Za-z0-9_.]*)$/.exec(line);
  if (iface) {
    const typed = iface[1] as string;
    const groups = [...model.network.groups.keys()];
    return [...new Set([...interfaceNames(model), ...groups])].sort().map((name) => ({
      label: name,
      kind: CompletionItemKind.Value,
      detail: model.network.groups.has(name) ? "interface group" : "interface (rc.conf)",
      textEdit: { range: range(offset - typed.length), newText: name },
    }));
  }
  return [];
}

// ---- rc.conf --------------------------------------------------------------------------------------------------

function rcCompletion(model: FeatureModel, doc: FeatureDocument, offset: number, range: (start: number) => Range): CompletionItem[] {
  const lineStart = doc.text.lastIndexOf("\n", offset - 1) + 1;
  const line = doc.text.slice(lineStart, offset);
  const m = /^\s*(?:export\s+)?jail_list=(["']?)([^"'#]*)$/.exec(line);
  if (!m) return [];
  const words = (m[2] as string).split(/[ \t]+/);
  const typed = words[words.length - 1] ?? "";
  const listed = new Set(words.slice(0, -1));
  const names = [...jailIndex(model).jailsByName.keys()].filter((n) => !listed.has(n));
  return names.map((name) => ({
    label: name,
    kind: CompletionItemKind.Reference,
    detail: "jail in jail.conf",
    textEdit: { range: range(offset - typed.length), newText: name },
  }));
}
