import type { FreeBsdVersion } from "../common/freebsd-version.js";
import type { SyntaxProblem } from "../common/syntax-problem.js";
import type { TextRange } from "../common/text-range.js";
import type { PfRedirection, PfRuleOption, PfStatement } from "./ast.js";

// What FreeBSD 15's parse.y added over 14's (pf-conf.md §12, from comparing the two parse.y revisions).
// Earlier releases' pfctl rejects these with a syntax error; one grammar reads them all, and this pass says so.
const OPTIONS_SINCE_15 = new Set([
  "received-on",
  "max-pkt-rate",
  "max-pkt-size",
  "once",
  "allow-related",
  "pflow",
  "endpoint-independent",
  "prefer-ipv6-nexthop",
]);

function since15(what: string, version: FreeBsdVersion, range: TextRange, instead = ""): SyntaxProblem {
  return { message: `${what} needs FreeBSD 15.0 or later; FreeBSD ${version}'s pfctl rejects it${instead}`, range };
}

/** Problems for the forms the chosen FreeBSD release does not accept. */
export function checkPfVersion(statements: readonly PfStatement[], version: FreeBsdVersion, text: string): SyntaxProblem[] {
  if (version >= 15) return [];
  const out: SyntaxProblem[] = [];
  const options = (list: readonly PfRuleOption[]): void => {
    for (const o of list) if (OPTIONS_SINCE_15.has(o.name)) out.push(since15(`\`${o.name}\``, version, o.range));
  };
  const translation = (kind: string, r: PfRedirection | undefined, legacy: string, rule: TextRange): void => {
    if (!r) return;
    // Point from the keyword to its target (the AST keeps the target's range only).
    const keyword = text.lastIndexOf(kind, r.range.start);
    const start = keyword >= rule.start ? keyword : r.range.start;
    out.push(
      since15(`\`${kind}\` on a filter rule`, version, { start, end: r.range.end }, `: write the translation as a \`${legacy}\` rule`),
    );
  };
  const walk = (list: readonly PfStatement[]): void => {
    for (const st of list) {
      if (st.type === "FilterRule") {
        options(st.options);
        if (st.state) options(st.state.options);
        translation("nat-to", st.natTo, "nat on IF from … -> …", st.range);
        translation("rdr-to", st.rdrTo, "rdr on IF … -> …", st.range);
        translation("binat-to", st.binatTo, "binat on IF from … -> …", st.range);
        if (st.afTo) out.push(since15("`af-to`", version, st.afTo.from.range));
      } else if (st.type === "TranslationRule") {
        options(st.options);
      } else if (st.type === "LimiterDefinition") {
        out.push(since15("a state or source limiter", version, st.range));
      } else if (st.type === "AnchorRule" && st.body) {
        walk(st.body);
      }
    }
  };
  walk(statements);
  return out;
}
