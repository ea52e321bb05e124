import { parseRcConf } from "@jaillint/parser";
import { defineRule } from "../engine/rule.js";

export const pfNotEnabled = defineRule({
  code: "JL303",
  name: "pf-not-enabled",
  severity: "error",
  fixable: "unsafe",
  needs: ["jail", "rc", "pf"],
  scope: "host",
  docs: {
    what: 'pf.conf holds filter or translation rules the jails rely on, but rc.conf does not set `pf_enable="YES"`.',
    why: 'rc.d/pf loads pf.conf only when pf_enable is YES. Without it the jails\' nat and rdr rules do nothing (private jails cannot reach out, public ports are not redirected) and no filter rule separates the jails from each other or from the network. A host whose rc.conf sets `firewall_enable="YES"` filters with ipfw (libexec/rc/rc.d/ipfw) and is not told to run pf as well.',
    example: { kind: "rc", bad: 'jail_enable="YES"\n', good: 'jail_enable="YES"\npf_enable="YES"\n' },
    context: {
      jail: 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n',
      pf: "nat on em0 from 127.0.1.0/24 to any -> (em0)\nblock in all\n",
    },
    fix: 'Set `pf_enable="YES"` in rc.conf (and `service pf start`). `--fix` offers the edit; it turns a firewall on, so it is never applied unasked.',
  },
  check({ model, report, label }) {
    const rc = model.rc;
    const pf = model.pf;
    if (!rc || !pf || model.jails.length === 0) return;
    const policy = pf.main.policy;
    // What pf adds over no pf at all: translations, and rules that can block (a block, or an anchor that may hold
    // one). A ruleset of pass and match rules lets through what a host without pf lets through.
    const translations = policy.translations.filter((t) => !t.no);
    const filters = policy.filterRules.filter((r) => r.action === "block" || r.action === "anchor");
    if (filters.length === 0 && translations.length === 0) return;
    const en = rc.config.pfEnable;
    if (en.enabled) return;
    // An ipfw host filters with ipfw: telling it to turn pf on as well would have it run two firewalls.
    if (rc.config.ipfwInsteadOfPf) return;
    const first = rc.files[0];
    if (!first) return;
    const text = model.texts.get(first.file) ?? "";
    const what = `${label(pf.main.file)} has ${translations.length > 0 ? (filters.length > 0 ? "nat/rdr and filter rules" : "nat/rdr rules") : "filter rules"} for the jails`;
    const firstRule = [...translations, ...filters].sort((a, b) => a.range.start - b.range.start)[0];
    const related = firstRule
      ? [{ file: firstRule.file ?? pf.main.file, range: firstRule.range, message: "pf does nothing with this rule while it is off" }]
      : [];
    if (en.source) {
      report({
        message: `${what}, but pf_enable="${en.value}": rc.d/pf never loads them; set pf_enable="YES"`,
        file: en.source.file,
        range: en.source.range,
        related,
        fix: {
          description: 'set pf_enable="YES"',
          safety: "unsafe",
          edits: [{ start: en.source.range.start, end: en.source.range.end, newText: 'pf_enable="YES"' }],
        },
      });
      return;
    }
    // No line to change: point at jail_enable (the jails that rely on pf), else the top of rc.conf.
    const anchor = rc.config.jailEnable.source;
    const at = anchor && anchor.file === first.file ? anchor.range : { start: 0, end: 0 };
    const nl = text.length > 0 && !text.endsWith("\n") ? "\n" : "";
    const newText = `${nl}pf_enable="YES"\n`;
    // An rc.conf that parses but ends inside an unclosed `if` or function (kept as a note, not evaluated) would
    // swallow the appended line: sh(1) would not run it as an assignment, and every --fix would append it again.
    // Offer the edit only when it reads back. A file with a syntax error is left to the fix policy, which withholds
    // its fixes and says why.
    const broken = first.ast.problems.some((p) => p.severity !== "note" && !p.lineEndings);
    const readsBack =
      broken ||
      parseRcConf(text + newText).statements.some(
        (st) => st.type === "Assignment" && st.name === "pf_enable" && st.range.start >= text.length,
      );
    report({
      message: `${what}, but rc.conf does not set pf_enable="YES": rc.d/pf never loads them; add pf_enable="YES"`,
      file: first.file,
      range: at,
      related,
      ...(readsBack
        ? {
            fix: {
              description: 'add pf_enable="YES"',
              safety: "unsafe" as const,
              edits: [{ start: text.length, end: text.length, newText }],
            },
          }
        : {}),
    });
  },
});
