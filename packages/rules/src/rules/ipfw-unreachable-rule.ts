import type { IpfwNumberedRule } from "@jaillint/parser";
import { defineRule } from "../engine/rule.js";

/** `allow ip from any to any` or `deny …` with nothing else: it decides every packet that reaches it. */
function decidesEverything(r: IpfwNumberedRule): boolean {
  const b = r.rule.body;
  const a = r.rule.action.kind;
  if ((a !== "allow" && a !== "deny") || !b || r.rule.probability !== undefined || b.options.length > 0) return false;
  const any = (e: typeof b.from): boolean =>
    !e.negated && e.ports.length === 0 && e.portNames.length === 0 && e.addresses.length === 1 && e.addresses[0]?.kind === "any";
  return b.protos.some((p) => p === "ip" || p === "all") && any(b.from) && any(b.to);
}

export const ipfwUnreachableRule = defineRule({
  code: "JL404",
  name: "ipfw-unreachable-rule",
  severity: "warning",
  fixable: false,
  needs: ["rc"],
  scope: "host",
  docs: {
    what: "ipfw rules that no packet can reach: they come after an unconditional `allow ip from any to any` (or `deny ip from any to any`) and no earlier `skipto` or `call` jumps past it. One finding per such rule, at the first rule it hides.",
    why: "ipfw stops at the first rule that matches (ipfw(8) RULE FORMAT: allow and deny end the search), so a rule with no conditions ends it for every packet; later rules are read only by a packet that a `skipto`/`call` before it sends further on. A rule written after it (often a `deny` meant to close the ruleset, or rules appended by a later script) never runs.",
    example: {
      kind: "rc",
      bad: 'firewall_enable="YES"\nfirewall_type="/etc/ipfw.conf"\n',
      good: 'firewall_enable="YES"\nfirewall_type="/etc/ipfw.fixed.conf"\n',
    },
    context: {
      files: {
        "/etc/ipfw.conf": "add 1000 allow ip from any to any\nadd 2000 deny ip from 127.0.1.0/24 to 127.0.1.0/24 via lo1\n",
        "/etc/ipfw.fixed.conf": "add 1000 deny ip from 127.0.1.0/24 to 127.0.1.0/24 via lo1\nadd 2000 allow ip from any to any\n",
      },
    },
    fix: "Move the unconditional rule to the end (give it a higher number), or remove the rules after it.",
  },
  check({ model, report }) {
    const ipfw = model.ipfw;
    if (!ipfw) return;
    const rules = ipfw.ruleset.rules;
    // The highest target a skipto or call before the rule can send a packet to.
    let reach = 0;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i] as IpfwNumberedRule;
      const a = r.rule.action;
      if ((a.kind === "skipto" || a.kind === "call") && a.target !== undefined) reach = Math.max(reach, a.target);
      if ((a.kind === "skipto" || a.kind === "call") && a.target === undefined) reach = Infinity;
      // A jump from before it to a rule after it reaches what follows; then it hides nothing for certain.
      if (!decidesEverything(r) || reach > r.number) continue;
      const hidden = rules[i + 1];
      if (!hidden) break;
      const count = rules.length - i - 1;
      report({
        message: `ipfw rule ${hidden.number} (\`${hidden.rule.text.replace(/^add /, "")}\`) is never reached: rule ${r.number} (\`${r.rule.text.replace(/^add /, "")}\`) decides every packet before it${count > 1 ? `, and ${count - 1} more rule${count > 2 ? "s" : ""} after it` : ""}; number it below ${r.number}, or remove it`,
        file: hidden.file,
        range: hidden.range,
        related: [{ file: r.file, range: r.range, message: `rule ${r.number} decides every packet` }],
      });
      break;
    }
  },
});
