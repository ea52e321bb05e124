import { interfaceInGroup, type PfSetOption, type PfSkipEntry, type TextRange } from "@jaillint/parser";
import type { TextEdit } from "../engine/diagnostic.js";
import type { HostModel } from "../model/host-model.js";
import { addressKey } from "../model/jail-network.js";
import { firstFilterStatement } from "../rules/pf-skips-loopback.js";

/** The table the suggestion fills with the jails' addresses; a name jaillint owns, so it meets no table of the file. */
export const SUGGESTED_TABLE = "jaillint_jails";

export interface PfSuggestionChange {
  readonly file: string;
  readonly range: TextRange;
  /** What this change is, in words, for the admin who applies it by hand. */
  readonly why: string;
  readonly edit: TextEdit;
}

export interface PfSuggestion {
  /** The pf.conf that rc.d/pf loads (model.pf.main), when one was given. */
  readonly file: string | undefined;
  /** `set skip` entries to take out (each jail's traffic must meet the rules), and where the self rules go. */
  readonly changes: readonly PfSuggestionChange[];
  /** The rules that keep each jail reaching its own addresses; inserted before the first filter rule when there is one. */
  readonly selfRules: string;
  /** Whether `selfRules` is inserted above (a change) rather than at the head of `block`. */
  readonly selfRulesInserted: boolean;
  /** The block to append at the end of pf.conf. */
  readonly block: string;
  /** The jails' addresses the block covers, and on which interface pf sees traffic to each. */
  readonly addresses: readonly { readonly jail: string; readonly address: string; readonly iface: string }[];
  readonly notes: readonly string[];
}

/**
 * The pf.conf rules that isolate the host's jails as the classic per-jail loopback setup intends: each jail
 * reaches its own addresses, no jail reaches another's (on the interfaces pf sees that traffic on, jail-networking.md
 * §3.2: the loopback holding the address, lo0 for aliases on other interfaces), and an interface whose `set skip`
 * has to go keeps passing everything else, so the host's own localhost on lo0 is not broken.
 *
 * Where each part goes follows pf.conf(5): the last matching rule decides and a `quick` rule ends the evaluation.
 * The self rules go before the first filter rule, so no `quick` block above them (`block in quick on lo1 from lo1
 * to lo1`) drops a jail's own traffic; the block between jails is appended at the end, so the file's own earlier
 * `pass … quick` exceptions (`from www to db port 5432`) still win. It blocks only `in`: pf evaluates local traffic
 * out and then in on the same interface (§5.1), so one blocked pass is enough, and exceptions written `pass in`
 * keep working. IPv6 is left out (§3.2: the interfaces pf sees for it are unconfirmed).
 */
export function suggestPf(model: HostModel): PfSuggestion {
  const net = model.network;
  const notes: string[] = [];
  const addresses: { jail: string; address: string; iface: string }[] = [];
  const byJail = new Map<string, { address: string; iface: string }[]>();
  for (const j of net.jails) {
    for (const e of j.ip4) {
      if (!e.ip) continue;
      const address = addressKey(e);
      // 127.0.0.1 is the host's own (JL211): blocking it would cut the host off from itself.
      if (address === "127.0.0.1") {
        notes.push(`${j.name}'s 127.0.0.1 is the host's own loopback address (JL211): left out`);
        continue;
      }
      const i = net.interfaceOf(e);
      if (i === undefined) {
        notes.push(`${j.name}'s ${address} is on no interface jaillint knows: left out`);
        continue;
      }
      const a = { jail: j.name, address, iface: net.localTrafficInterface(i) };
      addresses.push(a);
      const own = byJail.get(j.name) ?? [];
      own.push(a);
      byJail.set(j.name, own);
    }
    if (j.ip6.some((e) => e.ip))
      notes.push(`${j.name}'s IPv6 addresses are left out: which interfaces pf sees for local IPv6 is unconfirmed`);
  }
  const ifaces = [...new Set(addresses.map((a) => a.iface))].sort();
  const pf = model.pf;
  const changes: PfSuggestionChange[] = [];
  const unskipped: string[] = [];
  if (pf) {
    for (const [file, entries] of skipsToRemove(pf.main.policy.skip, ifaces, net.groups, pf.main.file)) {
      const parsed = pf.files.find((f) => f.file === file);
      const text = model.texts.get(file) ?? "";
      for (const st of parsed?.ast.statements ?? []) {
        if (st.type !== "SetOption" || st.option !== "skip") continue;
        const gone = st.interfaces.filter((i) => entries.some((e) => e.range.start === i.range.start));
        if (gone.length === 0) continue;
        unskipped.push(...gone.map((g) => g.name));
        changes.push(
          skipChange(
            file,
            text,
            st,
            gone.map((g) => g.name),
          ),
        );
      }
    }
    // What no suggestion can settle: pfctl refuses the file, or rules loaded at run time may decide.
    for (const m of pf.main.policy.macroRefs.filter((r) => !r.defined))
      notes.push(`macro $${m.name} is not defined (JL401): pfctl refuses the whole file until it is`);
    for (const st of pf.main.ast.statements)
      if (st.type === "AnchorRule" && !st.body && st.kind !== "ether-anchor")
        notes.push(
          `${st.kind} "${st.name?.value ?? ""}" is filled at run time: what it loads can still ${st.kind === "anchor" ? "pass" : "redirect"} traffic between jails, which jaillint cannot judge`,
        );
  } else notes.push("no pf.conf was given: start /etc/pf.conf with these rules");
  if (model.rc && !model.rc.config.pfEnable.enabled) notes.push('rc.conf does not enable pf: add pf_enable="YES"');

  const selfLines: string[] = [];
  for (const [, own] of byJail) {
    const from = own.length === 1 ? (own[0] as { address: string }).address : `{ ${own.map((a) => a.address).join(" ")} }`;
    for (const a of own) selfLines.push(`pass quick on ${a.iface} from ${from} to ${a.address}`);
  }
  const selfRules = [
    "# jaillint suggest pf: each jail reaches its own addresses (127.0.0.1 in a jail is its primary address).",
    ...new Set(selfLines),
    "",
  ].join("\n");
  const first = pf ? firstFilterStatement(pf.main.ast.statements) : undefined;
  if (pf && first && selfLines.length > 0) {
    const text = model.texts.get(pf.main.file) ?? "";
    const at = text.lastIndexOf("\n", first.range.start - 1) + 1;
    changes.push({
      file: pf.main.file,
      range: { start: at, end: at },
      why: "before the first filter rule, so that no quick rule above them blocks a jail's own traffic",
      edit: { start: at, end: at, newText: selfRules },
    });
  }
  const uniqueAddresses = [...new Set(addresses.map((a) => a.address))];
  const lines: string[] = [];
  if (!(pf && first) && selfLines.length > 0) lines.push(...selfRules.trimEnd().split("\n"));
  if (uniqueAddresses.length > 0) {
    lines.push(
      "# jaillint suggest pf: nothing crosses between jails. At the end of pf.conf: quick rules above still win.",
      `table <${SUGGESTED_TABLE}> const { ${uniqueAddresses.join(" ")} }`,
      `block in quick on ${ifaces.length === 1 ? ifaces[0] : `{ ${ifaces.join(" ")} }`} from <${SUGGESTED_TABLE}> to <${SUGGESTED_TABLE}>`,
    );
  }
  const kept = [...new Set(unskipped)];
  if (kept.length > 0)
    lines.push(
      `# What \`set skip on ${kept.join(" ")}\` let through, but for the traffic between jails (the host's own localhost too).`,
      `pass quick on ${kept.length === 1 ? kept[0] : `{ ${kept.join(" ")} }`}`,
    );
  if (uniqueAddresses.length === 0) notes.push("no jail has an IPv4 address: there is nothing to isolate");
  return {
    file: pf?.main.file,
    changes,
    selfRules,
    selfRulesInserted: Boolean(pf && first && selfLines.length > 0),
    block: lines.length > 0 ? `${lines.join("\n")}\n` : "",
    addresses,
    notes,
  };
}

/** The `set skip` entries that cover an interface carrying jail traffic, by the file they are written in. */
function skipsToRemove(
  skip: readonly PfSkipEntry[],
  ifaces: readonly string[],
  groups: ReadonlyMap<string, readonly string[]>,
  mainFile: string,
): Map<string, PfSkipEntry[]> {
  const out = new Map<string, PfSkipEntry[]>();
  for (const s of skip) {
    if (!ifaces.some((i) => interfaceInGroup(s.name, i, groups))) continue;
    const file = s.file ?? mainFile;
    const l = out.get(file) ?? [];
    l.push(s);
    out.set(file, l);
  }
  return out;
}

/** The `set skip` line without the entries named: commented out when none is left. */
function skipChange(file: string, text: string, st: PfSetOption, gone: readonly string[]): PfSuggestionChange {
  const left = st.interfaces.filter((i) => !gone.includes(i.name)).map((i) => (i.negated ? `!${i.name}` : i.name));
  const original = text.slice(st.range.start, st.range.end);
  const newText =
    left.length === 0
      ? `# ${original.replace(/\n/g, " ")} -- jaillint suggest pf: the rules at the end filter ${gone.join(", ")}`
      : `set skip on ${left.length === 1 ? left[0] : `{ ${left.join(" ")} }`}`;
  return {
    file,
    range: st.range,
    why: `\`set skip on ${gone.join(" ")}\` turns pf off where the jails' traffic goes: no rule could isolate them`,
    edit: { start: st.range.start, end: st.range.end, newText },
  };
}

/** A pf.conf text with the suggestion's changes to it applied and its block appended. */
export function applyPfSuggestion(s: PfSuggestion, file: string, text: string): string {
  let out = text;
  const edits = s.changes.filter((c) => c.file === file).map((c) => c.edit);
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  if (file !== s.file || s.block === "") return out;
  return `${out}${out === "" || out.endsWith("\n") ? "" : "\n"}\n${s.block}`;
}
