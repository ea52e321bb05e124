import {
  type EffectiveJail,
  type EffectiveParam,
  type IncludeStatement,
  isWildcardName,
  type JailBlock,
  lookupJailParam,
  networkContains,
  type ParamStatement,
  type PfHost,
  type PfInterfaceItem,
  type PfMacroUse,
  type PfTableDefinition,
  paramKey,
  parseIp,
  type SourcedParam,
  type TextRange,
  wildcardMatches,
} from "@jaillint/parser";
import { addressKey, type JailAddressEntry } from "@jaillint/rules";
import type { Hover, Position } from "vscode-languageserver-types";
import {
  code,
  documentOf,
  type FeatureContext,
  type FeatureDocument,
  lineIndexOf,
  placeLink,
  shorten,
  toOffset,
  toRange,
  touches,
} from "./context.js";
import { definitionsOf, jailIndex, jailsOfStatement, jailTargetAt, lookupReference } from "./jail-index.js";
import { includeTargets } from "./jail-paths.js";
import { paramMarkdown, paramValues } from "./parameter-docs.js";
import { type PfMacroBinding, pfIndex, tableNameRange } from "./pf-index.js";
import { rcAssignments, rcValueWords } from "./rc-words.js";

/** How many jails a hover lists before it says "and N more". */
const MAX_JAILS = 8;

/**
 * The hover at a position of a host file: in jail.conf a parameter's documentation and its effective value per jail
 * (and where that came from), a variable's expansion, an address's interface and the jails holding it, what an
 * `.include` reads; in pf.conf a macro's value, a table's definition, an address's or interface's holders; in rc.conf
 * a variable's effective value, an address's jails, a `jail_list` name's jail. Null where there is nothing to say.
 */
export function hover(ctx: FeatureContext, file: string, position: Position): Hover | null {
  const doc = documentOf(ctx.model, file);
  const idx = lineIndexOf(ctx.model, file);
  if (!doc || !idx) return null;
  const offset = toOffset(idx, position);
  const found =
    doc.kind === "jail" ? jailHover(ctx, doc, offset) : doc.kind === "pf" ? pfHover(ctx, doc, offset) : rcHover(ctx, doc, offset);
  if (!found) return null;
  return { contents: { kind: "markdown", value: found.markdown }, range: toRange(idx, found.range) };
}

interface Found {
  readonly markdown: string;
  readonly range: TextRange;
}

// ---- jail.conf ------------------------------------------------------------------------------------------------

function jailHover(ctx: FeatureContext, doc: FeatureDocument & { kind: "jail" }, offset: number): Found | undefined {
  const target = jailTargetAt(doc.parsed.ast, offset);
  if (!target) return undefined;
  const version = ctx.model.jailConf?.version ?? ctx.model.freebsd;
  switch (target.kind) {
    case "param-name": {
      const st = target.statement;
      const docs = paramMarkdown(st.name, version) ?? `**${st.name}** · not a parameter jail(8) knows`;
      return { markdown: joinSections(docs, effectiveSection(ctx, st)), range: st.nameRange };
    }
    case "variable-definition": {
      const st = target.statement;
      return { markdown: joinSections(`**$${st.name}** · jail.conf variable`, effectiveSection(ctx, st)), range: st.nameRange };
    }
    case "variable-reference": {
      const { piece, statement } = target;
      return { markdown: referenceMarkdown(ctx, statement, piece.name), range: piece.range };
    }
    case "value": {
      const st = target.statement;
      if (paramKey(st.name) === "ip4.addr" || paramKey(st.name) === "ip6.addr") {
        const addr = jailAddressHover(ctx, doc.file, offset);
        if (addr) return addr;
      }
      return {
        markdown: valueMarkdown(
          ctx,
          st,
          target.value.pieces.some((p) => p.kind === "variable"),
          target.index,
        ),
        range: target.value.range,
      };
    }
    case "jail-name": {
      const jail = jailIndex(ctx.model).jailOfBlock(target.block);
      return { markdown: blockMarkdown(ctx, target.block, jail), range: target.block.nameRange };
    }
    case "include":
      return { markdown: includeMarkdown(ctx, doc, target.statement, target.value.range), range: target.value.range };
  }
}

function joinSections(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p !== "").join("\n\n---\n\n");
}

/** A value list as jail(8) ends up with it; a bare boolean is true, or false written with `no`. */
function formatValues(param: EffectiveParam): string {
  if (param.values.length === 0) {
    if (param.isVariable) return "*(no value)*";
    const found = lookupJailParam(param.name);
    if (found?.info.type === "bool") return found.negated ? "`false`" : "`true`";
    return "*(no value)*";
  }
  const one = (v: EffectiveParam["values"][number]): string => `${code(v.text)}${v.unresolved ? " *(not fully expanded)*" : ""}`;
  if (param.values.length === 1) return one(param.values[0] as EffectiveParam["values"][number]);
  return param.values.map((v) => `\n  - ${one(v)}`).join("");
}

function statementForm(st: ParamStatement): string {
  const name = st.isVariable ? `$${st.name}` : st.name;
  if (st.operator === "bare") return `${name};`;
  const values = st.values.map((v) => shorten(v.pieces.map((p) => (p.kind === "literal" ? p.text : `\${${p.name}}`)).join(""), 40));
  const op = st.operator === "juxtaposed" ? " " : ` ${st.operator} `;
  return `${name}${op}${values.join(", ")}`;
}

/** Where a statement comes from, seen from one jail: its own block, the global section, a wildcard, with `+=`. */
function originOf(ctx: FeatureContext, sp: SourcedParam, jail: EffectiveJail): string {
  const where =
    sp.section === jail.name && !isWildcardName(sp.section)
      ? "the jail's own block"
      : sp.section === "*"
        ? "the global section"
        : isWildcardName(sp.section)
          ? `wildcard section ${code(sp.section)}`
          : `block ${code(sp.section)}`;
  const how = sp.statement.operator === "+=" ? "appended with `+=` " : "";
  return `${code(statementForm(sp.statement))} ${how}in ${where}, ${placeLink(ctx, sp.file, sp.statement.range.start)}`;
}

/** The effective value of the statement's parameter in each jail it takes part in. */
function effectiveSection(ctx: FeatureContext, st: ParamStatement): string | undefined {
  const uses = jailIndex(ctx.model).usesOf(st);
  if (uses.length === 0) {
    if (jailsOfStatement(ctx.model, st).length > 0 || st.recovered) return "jail(8) does not use this statement.";
    return undefined;
  }
  if (uses.length === 1) {
    const { jail, param, state } = uses[0] as (typeof uses)[number];
    const lines = [`**Effective in jail ${code(jail.name)}:** ${formatValues(param)}`];
    if (state === "overridden") lines.push("", "This statement is **overridden** there.");
    lines.push("", "Set by:", ...param.setBy.map((sp) => `- ${originOf(ctx, sp, jail)}`));
    if (param.overridden.length > 0) lines.push("", "Replaces:", ...param.overridden.map((sp) => `- ${originOf(ctx, sp, jail)}`));
    return lines.join("\n");
  }
  const lines = [`**Effective in ${uses.length} jails:**`];
  for (const { jail, param, state } of uses.slice(0, MAX_JAILS)) {
    const decider = param.setBy[param.setBy.length - 1];
    const from = state === "overridden" && decider ? ` — overridden by ${originOf(ctx, decider, jail)}` : "";
    lines.push(`- ${code(jail.name)}: ${formatValues(param).replace(/\n {2}/g, "\n    ")}${from}`);
  }
  if (uses.length > MAX_JAILS) lines.push(`- … and ${uses.length - MAX_JAILS} more`);
  return lines.join("\n");
}

/** `$name` in a statement: what it expands to in each jail the statement is used in, and where it is defined. */
function referenceMarkdown(ctx: FeatureContext, st: ParamStatement, name: string): string {
  const jails = jailsOfStatement(ctx.model, st);
  const head = `**\${${name}}** · expanded per jail by jail(8)`;
  if (jails.length === 0) return `${head}\n\nNo jail uses this statement.`;
  const rows: string[] = [];
  for (const jail of jails.slice(0, MAX_JAILS)) {
    const target = lookupReference(jail, name);
    if (!target) {
      rows.push(`- ${code(jail.name)}: **not defined** (jail(8) fails with \`variable "${name}" not found\`)`);
      continue;
    }
    const where = definitionsOf(jail, target).map((d) => placeLink(ctx, d.file, d.range.start));
    const kind = target.isVariable ? "variable" : target.setBy.length === 0 ? "from the block name" : "parameter";
    rows.push(`- ${code(jail.name)}: ${formatValues(target).replace(/\n {2}/g, "\n    ")} (${kind}, ${where.join(", ")})`);
  }
  if (jails.length > MAX_JAILS) rows.push(`- … and ${jails.length - MAX_JAILS} more`);
  return `${head}\n\n${rows.join("\n")}`;
}

function valueMarkdown(ctx: FeatureContext, st: ParamStatement, hasVariables: boolean, index: number): string {
  const found = lookupJailParam(st.name);
  const parts: string[] = [];
  const v = st.values[index];
  const literal = v?.pieces.every((p) => p.kind === "literal")
    ? v.pieces.map((p) => (p.kind === "literal" ? p.text : "")).join("")
    : undefined;
  if (found && literal !== undefined) {
    const known = paramValues(found.canonical, found.info).find((x) => x.value === literal.trim().toLowerCase());
    if (known?.doc) parts.push(`${code(`${found.canonical} = ${known.value}`)}: ${known.doc}`);
  }
  if (found?.canonical === "mount.fstab") parts.push(fstabMarkdown(ctx, st));
  if (hasVariables || parts.length === 0) {
    const eff = effectiveSection(ctx, st);
    if (eff) parts.push(eff);
  }
  if (parts.length === 0) parts.push(paramMarkdown(st.name, ctx.model.jailConf?.version ?? ctx.model.freebsd) ?? code(st.name));
  return joinSections(...parts);
}

function fstabMarkdown(ctx: FeatureContext, st: ParamStatement): string {
  const rows: string[] = [];
  for (const use of jailIndex(ctx.model).usesOf(st)) {
    if (use.state !== "set") continue;
    const mounts = (ctx.model.mounts.get(use.jail.name) ?? []).filter((m) => m.origin === "mount.fstab");
    for (const v of use.param.values) {
      const mine = mounts.filter((m) => m.file === v.text);
      const read = ctx.model.texts.has(v.text);
      const what = read ? `${mine.length} mount line${mine.length === 1 ? "" : "s"}` : "not read (missing, or outside the host tree)";
      rows.push(`- ${code(use.jail.name)}: ${code(v.text)}: ${what}`);
    }
  }
  return rows.length > 0 ? `**fstab(5) files jail(8) mounts:**\n${rows.join("\n")}` : "";
}

/** A jail block: the jail's main facts, and whether rc.conf starts it. */
function blockMarkdown(ctx: FeatureContext, block: JailBlock, jail: EffectiveJail | undefined): string {
  const section = jailIndex(ctx.model).sectionOfBlock.get(block);
  if (!jail) {
    const name = section?.name ?? block.name;
    const matches = (ctx.model.jailConf?.jails ?? [])
      .filter((j) => isWildcardName(name) && wildcardMatches(name, j.name))
      .map((j) => code(j.name));
    return `${code(name)} · wildcard section: its parameters apply to ${matches.length > 0 ? matches.join(", ") : "no jail in the file"}`;
  }
  const lines = [`**jail ${code(jail.name)}**`];
  const facts: string[] = [];
  const val = (key: string): string | undefined => {
    const p = jail.params.get(key);
    return p && p.values.length > 0 ? p.values.map((v) => code(v.text)).join(", ") : undefined;
  };
  for (const key of ["path", "host.hostname", "ip4.addr", "ip6.addr", "vnet", "securelevel"]) {
    const v = val(key);
    if (v) facts.push(`- ${key}: ${v}`);
  }
  if (facts.length > 0) lines.push("", ...facts);
  const rc = ctx.model.rc;
  if (rc) {
    const list = rc.config.jailList;
    const listed = list.find((w) => w.text === jail.name);
    if (list.length === 0) lines.push("", "rc.conf: `jail_list` is empty, so rc.d/jail starts every jail of jail.conf.");
    else if (listed) lines.push("", `rc.conf: listed in \`jail_list\` (${placeLink(ctx, listed.source.file, listed.source.range.start)}).`);
    else lines.push("", "rc.conf: **not** in `jail_list`, so rc.d/jail does not start it at boot.");
  }
  return lines.join("\n");
}

function includeMarkdown(ctx: FeatureContext, doc: FeatureDocument & { kind: "jail" }, st: IncludeStatement, range: TextRange): string {
  const value = st.paths.find((p) => p.range.start === range.start);
  if (!value) return "";
  const t = includeTargets(ctx.model, doc.parsed, value);
  const head = `**.include** ${code(t.pattern)}${t.glob ? " (glob)" : ""}`;
  if (t.files.length === 0)
    return `${head}\n\n${t.glob ? "Matches no file: jail(8) skips it." : "The file was not read (missing or unreadable)."}`;
  return `${head}\n\nReads:\n${t.files.map((f) => `- ${placeLink(ctx, f, 0)}`).join("\n")}`;
}

// ---- addresses ------------------------------------------------------------------------------------------------

function familyWord(e: { family: 4 | 6 }): string {
  return e.family === 4 ? "IPv4" : "IPv6";
}

/** What is known of an interface: who creates it, and where. */
function interfaceFacts(ctx: FeatureContext, name: string): string {
  const ifs = ctx.model.network.interfaces;
  const i = ifs.interfaces.get(name);
  if (i) {
    const how =
      i.origin === "kernel"
        ? "always present (kernel)"
        : i.origin === "cloned"
          ? "created by rc.conf (`cloned_interfaces`)"
          : "configured in rc.conf";
    return `${code(name)}: ${how}${i.source ? ` ${placeLink(ctx, i.source.file, i.source.range.start)}` : ""}`;
  }
  const renamed = ifs.renamed.get(name);
  if (renamed) return `${code(name)}: renamed to ${code(renamed)} by rc.conf, so it no longer exists under this name`;
  if (!ifs.known) return `${code(name)} (no rc.conf was read)`;
  return `${code(name)}: rc.conf neither creates nor configures it`;
}

function jailAddressHover(ctx: FeatureContext, file: string, offset: number): Found | undefined {
  const net = ctx.model.network;
  const entries = net.jails.flatMap((n) => [...n.ip4, ...n.ip6]).filter((e) => e.file === file && touches(e.range, offset));
  const first = entries[0];
  if (!first) return undefined;
  const lines = [`**${code(first.address)}** · ${familyWord(first)} /${first.prefix}${first.scope ? ` · ${first.scope}` : ""}`];
  if (first.error) lines.push("", `jail(8) rejects it: ${first.error}`);
  lines.push("");
  for (const e of entries.slice(0, MAX_JAILS)) {
    const role = e.index === 0 ? " (primary address)" : "";
    const ifname = net.interfaceOf(e);
    const via = e.interface
      ? e.iface
        ? "from its `IF|` prefix"
        : "from the `interface` parameter"
      : e.execAlias
        ? `put there by ${code(e.execAlias.param)}`
        : ifname
          ? "an rc.conf address"
          : "";
    lines.push(
      `- jail ${code(e.jail)}${role}: interface ${ifname ? `${interfaceFacts(ctx, ifname)}${via ? ` — ${via}` : ""}` : "none (jail(8) adds no alias)"}`,
    );
  }
  if (entries.length > MAX_JAILS) lines.push(`- … and ${entries.length - MAX_JAILS} more jails`);
  const others = holdersOf(ctx, addressKey(first), entries);
  if (others) lines.push("", others);
  return { markdown: lines.join("\n"), range: first.range };
}

/** Who else holds an address: other jails' items and the host's rc.conf addresses. */
function holdersOf(ctx: FeatureContext, key: string, except: readonly JailAddressEntry[]): string | undefined {
  const net = ctx.model.network;
  const jails = net.addresses.jailsHolding(key).filter((e) => !except.includes(e));
  const host = net.addresses.hostHolding(key);
  const rows = [
    ...jails.slice(0, MAX_JAILS).map((e) => `- jail ${code(e.jail)} (${placeLink(ctx, e.file, e.range.start)})`),
    ...host.map((h) => `- the host, on ${code(h.interface)} (${placeLink(ctx, h.source.file, h.source.range.start)})`),
  ];
  if (key === "127.0.0.1" || key === "::1") rows.push("- the host's loopback `lo0`");
  if (rows.length === 0) return undefined;
  return `${except.length > 0 ? "Also held by" : "Held by"}:\n${rows.join("\n")}`;
}

// ---- pf.conf --------------------------------------------------------------------------------------------------

function pfHover(ctx: FeatureContext, doc: FeatureDocument & { kind: "pf" }, offset: number): Found | undefined {
  const ruleset = pfIndex(ctx.model).rulesetOf(doc.file);
  const ast = doc.parsed.ast;
  const use = ast.macroUses.find((u) => touches(u.range, offset));
  const host = pfNodeAt<PfHost>(
    ast.statements,
    offset,
    (o) => typeof o.kind === "string" && o.range !== undefined && "negated" in o && !("op" in o),
  );
  const macro = use ? macroMarkdown(ctx, use, ruleset?.bindings.get(use)) : undefined;
  if (host?.kind === "address") {
    const addr = pfAddressMarkdown(ctx, host);
    return { markdown: joinSections(macro, addr), range: host.range };
  }
  if (host?.kind === "table") {
    const def = ruleset?.tableDefinitions.find((d) => d.definition.name === host.name);
    return { markdown: joinSections(macro, tableMarkdown(ctx, host.name, def)), range: host.range };
  }
  const item = pfNodeAt<PfInterfaceItem>(
    ast.statements,
    offset,
    (o) => typeof o.name === "string" && "negated" in o && !("kind" in o) && !("args" in o),
  );
  const iface = item && item.name !== "any" && !item.undefinedMacro ? pfInterfaceMarkdown(ctx, item.name) : undefined;
  if (macro && use) return { markdown: joinSections(macro, iface), range: use.range };
  for (const st of ast.statements) {
    if (st.type === "MacroDefinition" && touches(st.nameRange, offset)) {
      return { markdown: `**$${st.name}** · pf macro\n\n${code(st.value)}`, range: st.nameRange };
    }
    if (st.type === "TableDefinition" && touches(st.nameRange, offset)) {
      return { markdown: tableMarkdown(ctx, st.name, { file: doc.file, definition: st }), range: tableNameRange(doc.text, st.nameRange) };
    }
  }
  if (item && iface) return { markdown: iface, range: item.range };
  return undefined;
}

/** The innermost object of a pf AST whose range holds the offset and that `is` accepts. */
function pfNodeAt<T extends { range: TextRange }>(
  root: unknown,
  offset: number,
  is: (o: Record<string, unknown>) => boolean,
): T | undefined {
  let best: T | undefined;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (!v || typeof v !== "object") return;
    const o = v as Record<string, unknown>;
    const r = o.range as TextRange | undefined;
    if (r && typeof r.start === "number" && !touches(r, offset)) return;
    if (r && is(o) && (!best || r.end - r.start <= best.range.end - best.range.start)) best = o as unknown as T;
    for (const [k, x] of Object.entries(o)) if (k !== "range") walk(x);
  };
  walk(root);
  return best;
}

function macroMarkdown(ctx: FeatureContext, use: PfMacroUse, binding: PfMacroBinding | undefined): string {
  if (!binding)
    return `**$${use.name}** · pf macro\n\n**Not defined** before this line: pfctl stops with \`macro '${use.name}' not defined\`.`;
  if (binding.kind === "command-line") {
    const src = ctx.model.rc?.config.get("pf_flags");
    const where = src ? ` (${placeLink(ctx, src.file, src.assignment.range.start)})` : "";
    return `**$${use.name}** · pf macro from \`pfctl -D\` in rc.conf's \`pf_flags\`${where}\n\n${code(binding.value)}`;
  }
  return `**$${use.name}** · pf macro\n\n${code(binding.definition.value)}\n\nDefined at ${placeLink(ctx, binding.file, binding.definition.range.start)}`;
}

function tableMarkdown(ctx: FeatureContext, name: string, def: { file: string; definition: PfTableDefinition } | undefined): string {
  if (!def) return `**<${name}>** · pf table\n\n**Not defined** in this ruleset.`;
  const d = def.definition;
  const flags = [d.persist ? "persist" : "", d.const ? "const" : "", d.counters ? "counters" : ""].filter((f) => f !== "");
  const lines = [`**<${name}>** · pf table${flags.length > 0 ? ` (${flags.join(", ")})` : ""}`];
  if (d.addresses.length > 0)
    lines.push(
      "",
      `Addresses: ${d.addresses
        .slice(0, 10)
        .map((h) => code(hostText(h)))
        .join(", ")}${d.addresses.length > 10 ? ` … (${d.addresses.length})` : ""}`,
    );
  if (d.files.length > 0) lines.push("", `Files: ${d.files.map((f) => code(f.value)).join(", ")}`);
  if (d.addresses.length === 0 && d.files.length === 0) lines.push("", "Empty in the file: filled at run time (`pfctl -t … -T add`).");
  lines.push("", `Defined at ${placeLink(ctx, def.file, d.range.start)}`);
  return lines.join("\n");
}

function hostText(h: PfHost): string {
  const neg = h.negated ? "!" : "";
  switch (h.kind) {
    case "address":
      return `${neg}${h.address}${h.mask !== undefined ? `/${h.mask}` : ""}`;
    case "name":
      return `${neg}${h.name}`;
    case "self":
      return `${neg}self`;
    default:
      return `${neg}${h.kind}`;
  }
}

function pfAddressMarkdown(ctx: FeatureContext, h: PfHost & { kind: "address" }): string {
  const ip = parseIp(h.address);
  if (!ip) return code(h.address);
  const key = ip.toString();
  const max = h.af === "inet" ? 32 : 128;
  const lines = [`**${code(h.mask !== undefined && h.mask < max ? `${key}/${h.mask}` : key)}** · ${h.af === "inet" ? "IPv4" : "IPv6"}`];
  if (h.mask !== undefined && h.mask < max) {
    const inside = ctx.model.network.jails
      .flatMap((n) => [...n.ip4, ...n.ip6])
      .filter((e) => e.ip && networkContains(key, h.mask as number, e.ip.toString()));
    const names = [...new Set(inside.map((e) => e.jail))];
    lines.push(
      "",
      names.length > 0
        ? `Jails with an address in it: ${names
            .slice(0, MAX_JAILS * 2)
            .map(code)
            .join(", ")}${names.length > MAX_JAILS * 2 ? ", …" : ""}`
        : "No jail has an address in it.",
    );
    return lines.join("\n");
  }
  const holders = holdersOf(ctx, key, []);
  lines.push("", holders ?? "Neither a jail nor the host (rc.conf) holds it.");
  return lines.join("\n");
}

function pfInterfaceMarkdown(ctx: FeatureContext, name: string): string {
  const net = ctx.model.network;
  const group = net.groups.get(name);
  const lines = [`**${code(name)}** · ${group ? `interface group (${group.map(code).join(", ")})` : "interface"}`];
  if (!group) lines.push("", interfaceFacts(ctx, name));
  const on = net.addresses.onInterface(name);
  const rows = [
    ...on.host.map((a) => `- the host: ${code(`${a.address}${a.prefix !== undefined ? `/${a.prefix}` : ""}`)}`),
    ...on.jails.slice(0, MAX_JAILS).map((e) => `- jail ${code(e.jail)}: ${code(e.address)}`),
  ];
  if (rows.length > 0) lines.push("", "Addresses on it:", ...rows);
  return lines.join("\n");
}

// ---- rc.conf --------------------------------------------------------------------------------------------------

function rcHover(ctx: FeatureContext, doc: FeatureDocument & { kind: "rc" }, offset: number): Found | undefined {
  const rc = ctx.model.rc;
  if (!rc) return undefined;
  for (const a of rcAssignments(doc.parsed.ast)) {
    if (!touches(a.range, offset)) continue;
    if (touches(a.nameRange, offset)) return { markdown: rcVariableMarkdown(ctx, a.name), range: a.nameRange };
    for (const piece of a.value.pieces) {
      if (piece.kind === "reference" && touches(piece.range, offset))
        return { markdown: rcVariableMarkdown(ctx, piece.name), range: piece.range };
    }
    if (a.name === "jail_list") {
      const w = rcValueWords(a, doc.text).find((x) => touches(x.range, offset));
      if (w) {
        const jails = jailIndex(ctx.model).jailsByName.get(w.text) ?? [];
        const jail = jails[0];
        const md = jail
          ? blockMarkdown(ctx, jail.block, jail)
          : `**${code(w.text)}** · no jail of this name in jail.conf: rc.d/jail fails to start it.`;
        return { markdown: md, range: w.range };
      }
    }
    const addr = ctx.model.network.interfaces.addresses.find((h) => h.source.file === doc.file && touches(h.source.range, offset));
    if (addr) {
      const lines = [
        `**${code(`${addr.address}${addr.prefix !== undefined ? `/${addr.prefix}` : ""}`)}** · ${addr.family === 4 ? "IPv4" : "IPv6"} on ${code(addr.interface)}`,
      ];
      const jails = ctx.model.network.addresses.jailsHolding(addr.address);
      lines.push(
        "",
        jails.length > 0
          ? `Jails holding it:\n${jails
              .slice(0, MAX_JAILS)
              .map((e) => `- ${code(e.jail)} (${placeLink(ctx, e.file, e.range.start)})`)
              .join("\n")}`
          : "No jail holds it.",
      );
      return { markdown: lines.join("\n"), range: addr.source.range };
    }
  }
  return undefined;
}

function rcVariableMarkdown(ctx: FeatureContext, name: string): string {
  const v = ctx.model.rc?.config.get(name);
  if (!v) return `**${name}** · not set in the rc.conf files read (its /etc/defaults/rc.conf value applies)`;
  const lines = [`**${name}** = ${code(v.value)}`, "", `Set at ${placeLink(ctx, v.file, v.assignment.range.start)}`];
  if (v.overridden.length > 0)
    lines.push("", "Replaces:", ...v.overridden.map((o) => `- ${code(o.value)} (${placeLink(ctx, o.file, o.assignment.range.start)})`));
  return lines.join("\n");
}
