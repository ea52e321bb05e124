import { defineRule } from "../engine/rule.js";

export const ipfwSkiptoBackwards = defineRule({
  code: "JL403",
  name: "ipfw-skipto-backwards",
  severity: "warning",
  fixable: false,
  needs: ["rc"],
  scope: "host",
  docs: {
    what: "An ipfw `skipto N` whose target N is not above its own rule number, in the ruleset rc.d/ipfw loads (the number the kernel gives an unnumbered rule counts).",
    why: 'ipfw never jumps backwards: sys/netpfil/ipfw/ip_fw2.c `jump_fast` ("make sure we do not jump backward") turns a target at or below the current rule into its number plus one (the first rule numbered above it), so `skipto` then does nothing but go on, and the rules it meant to reach again are not run. ipfw(8) says `skipto` continues "with the first rule numbered number or higher".',
    example: {
      kind: "rc",
      bad: 'firewall_enable="YES"\nfirewall_type="/etc/ipfw.conf"\n',
      good: 'firewall_enable="YES"\nfirewall_type="/etc/ipfw.fixed.conf"\n',
    },
    context: {
      files: {
        "/etc/ipfw.conf": "add 1000 skipto 500 ip from any to any\nadd 2000 allow ip from any to any\n",
        "/etc/ipfw.fixed.conf": "add 1000 skipto 1500 ip from any to any\nadd 2000 allow ip from any to any\n",
      },
    },
    fix: "Renumber so the target follows the skipto (`skipto 1500` from rule 1000), or use `call`/`return` to run a block of rules from several places.",
  },
  check({ model, report }) {
    const ipfw = model.ipfw;
    if (!ipfw) return;
    for (const r of ipfw.ruleset.rules) {
      const a = r.rule.action;
      if (r.generated || a.kind !== "skipto" || a.target === undefined || a.target > r.number) continue;
      report({
        message: `ipfw rule ${r.number} skips to ${a.target}, which is not above it: ipfw never jumps backwards (ip_fw2.c jump_fast), so it goes on with the first rule numbered above ${r.number} instead; give the target a number above ${r.number}`,
        file: r.file,
        range: a.range,
      });
    }
  },
});
