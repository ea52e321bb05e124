import {
  type ConfString,
  type EffectiveJail,
  type EffectiveParam,
  isWildcardName,
  type SourcedParam,
  type TextRange,
} from "@jaillint/parser";
import type { Diagnostic } from "../engine/diagnostic.js";
import type { HostModel } from "../model/host-model.js";
import { addressKey } from "../model/jail-network.js";

/** The version of the shape `jaillint show --format json` prints; raised on any incompatible change. */
export const SHOW_FORMAT_VERSION = 1;

/** Findings that say jail(8) refuses the jail for this parameter: an unknown name, a bad value, an undefined variable. */
const REJECTING_CODES = new Set(["JL002", "JL003", "JL004"]);

/** Where one piece of a parameter's value was written. */
export interface ShownOrigin {
  readonly file: string;
  readonly range: TextRange;
  /**
   * `global`: a parameter outside every block; `wildcard`: a `*` block (`section` names it); `jail`: the jail's
   * own block; `block-name`: implied by the block's name (config.c load_config adds `name` or `jid` for it).
   */
  readonly kind: "global" | "wildcard" | "jail" | "block-name";
  readonly section: string;
  /** `=`, `+=` (appends to the value before it), or `bare` (`persist;`). */
  readonly operator: "=" | "+=" | "bare" | "implied";
  /** The `.include` that read this statement's file, when it was not a configuration file of its own. */
  readonly include?: { readonly file: string; readonly range: TextRange };
  /** The variables and parameters its value refers to, with what they expanded to (undefined: not found). */
  readonly variables: readonly { readonly name: string; readonly value: string | undefined }[];
}

export interface ShownParam {
  /** The name as `jail -e` prints it: the last statement's spelling (`allow.nomount`). */
  readonly name: string;
  /** Each value after variable expansion, as jail(8) passes them on. */
  readonly values: readonly string[];
  /** `name=value,value` quoted as `jail -e` prints it (jail.c print_param, quoted_print). */
  readonly text: string;
  /** The statements that make up the value, in order: the last `=` (or bare) and each `+=` after it. */
  readonly origins: readonly ShownOrigin[];
  /** Earlier statements whose value this one replaced. */
  readonly overridden: readonly ShownOrigin[];
  /** For `ip4.addr` and `ip6.addr`: the primary address, the list's first (kern_jail.c prison_ip_copyin). */
  readonly primary?: { readonly address: string; readonly index: number };
  /** Findings that say jail(8) refuses this parameter. */
  readonly rejected: readonly { readonly code: string; readonly message: string; readonly file: string; readonly range: TextRange }[];
}

export interface ShownJail {
  readonly name: string;
  readonly file: string;
  /** The block's name in its file. */
  readonly range: TextRange;
  /** In `jail -e` order. */
  readonly params: readonly ShownParam[];
}

/**
 * quoted_print of jail.c: an empty string is `""`; a value holding `'` is put in double quotes, else one holding
 * `"` in single quotes, else one holding a space or tab in double quotes; `\` and the quote are escaped.
 */
export function jailQuoted(s: string): string {
  const qc = s === "" ? '"' : s.includes("'") ? '"' : s.includes('"') ? "'" : s.includes(" ") || s.includes("\t") ? '"' : "";
  if (s === "") return '""';
  let out = qc;
  for (const c of s) out += c === "\\" || (qc !== "" && c === qc) ? `\\${c}` : c;
  return out + qc;
}

/** print_param of jail.c with `doname`: the name, and `=` and the values joined by `,` when there are any. */
export function jailParamText(name: string, values: readonly string[]): string {
  return values.length === 0 ? name : `${name}=${values.map(jailQuoted).join(",")}`;
}

function referencedNames(values: readonly ConfString[]): string[] {
  const out: string[] = [];
  for (const v of values) for (const p of v.pieces) if (p.kind === "variable" && !out.includes(p.name)) out.push(p.name);
  return out;
}

/**
 * The order `jail -e` prints a jail's parameters in: config.c load_config walks `j->params` in the order they were
 * added, and when a value refers to an entry that still holds unexpanded references it moves that entry in front
 * of the one being expanded and expands it first (TAILQ_REMOVE, TAILQ_INSERT_BEFORE). Variables are then freed
 * (PF_VAR), and jail.c print_jail prints every entry but the one named exactly `jid`.
 */
export function jailListOrder(jail: EffectiveJail): EffectiveParam[] {
  const list = [...jail.order];
  const refs = new Map<EffectiveParam, string[]>();
  for (const p of list) refs.set(p, referencedNames(p.setBy.flatMap((sp) => sp.statement.values)));
  const done = new Set<EffectiveParam>();
  const expand = (p: EffectiveParam, depth: number): void => {
    if (done.has(p) || depth > 64) return;
    for (const name of refs.get(p) ?? []) {
      // config.c looks the reference up by its current name (strcmp).
      const vp = list.find((x) => x.name === name);
      if (!vp || vp === p || done.has(vp) || (refs.get(vp)?.length ?? 0) === 0) continue;
      const from = list.indexOf(vp);
      list.splice(from, 1);
      list.splice(list.indexOf(p), 0, vp);
      expand(vp, depth + 1);
    }
    done.add(p);
  };
  for (let i = 0; i < list.length; i++) expand(list[i] as EffectiveParam, 0);
  return list.filter((p) => !p.isVariable && p.name !== "jid");
}

/** Each jail's effective parameters as `jail -e` lists them, with where each value came from. */
export function showJails(model: HostModel, diagnostics: readonly Diagnostic[]): ShownJail[] {
  const includes = new Map((model.jailConf?.files ?? []).map((f) => [f.file, f.includedFrom]));
  const rejecting = diagnostics.filter((d) => REJECTING_CODES.has(d.code));
  const out: ShownJail[] = [];
  for (const jail of model.jails) {
    const net = model.network.networkOf(jail);
    const lookup = (name: string): string | undefined => {
      const p = jail.order.find((x) => x.name === name);
      return p ? p.values.map((v) => v.text).join(",") : undefined;
    };
    const origin = (sp: SourcedParam): ShownOrigin => {
      const st = sp.statement;
      const include = includes.get(sp.file);
      return {
        file: sp.file,
        range: st.range,
        kind: sp.section === "*" ? "global" : isWildcardName(sp.section) ? "wildcard" : "jail",
        section: sp.section,
        operator: st.operator === "+=" ? "+=" : st.operator === "bare" ? "bare" : "=",
        ...(include ? { include } : {}),
        variables: referencedNames(st.values).map((name) => ({ name, value: lookup(name) })),
      };
    };
    const blockInclude = includes.get(jail.file);
    const params = jailListOrder(jail).map((p): ShownParam => {
      const values = p.values.map((v) => v.text);
      const origins: ShownOrigin[] =
        p.setBy.length > 0
          ? p.setBy.map(origin)
          : [
              {
                file: jail.file,
                range: jail.block?.nameRange ?? { start: 0, end: 0 },
                kind: "block-name",
                section: jail.name,
                operator: "implied",
                ...(blockInclude ? { include: blockInclude } : {}),
                variables: [],
              },
            ];
      const primaryEntry = p.key === "ip4.addr" ? net?.primaryIp4 : p.key === "ip6.addr" ? net?.primaryIp6 : undefined;
      const inStatements = (d: Diagnostic): boolean =>
        p.setBy.some((sp) => sp.file === d.file && d.range.start >= sp.statement.range.start && d.range.end <= sp.statement.range.end);
      const rejected = rejecting
        .filter(inStatements)
        // A statement of a global or wildcard section is shared: its finding counts in each jail it shows in.
        .map((d) => ({ code: d.code, message: d.message, file: d.file, range: d.range }));
      return {
        name: p.name,
        values,
        text: jailParamText(p.name, values),
        origins,
        overridden: p.overridden.map(origin),
        ...(primaryEntry?.ip ? { primary: { address: addressKey(primaryEntry), index: primaryEntry.index } } : {}),
        rejected,
      };
    });
    out.push({ name: jail.name, file: jail.file, range: jail.block?.nameRange ?? { start: 0, end: 0 }, params });
  }
  return out;
}
