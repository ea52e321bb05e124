import { defineRule } from "../engine/rule.js";

export const ipfwNatWithoutConfig = defineRule({
  code: "JL405",
  name: "ipfw-nat-without-config",
  severity: "warning",
  fixable: false,
  needs: ["rc"],
  scope: "host",
  docs: {
    what: "An ipfw rule `nat N` whose instance N no `ipfw nat N config` creates, in the ruleset rc.d/ipfw loads (the firewall_script, or the file `firewall_type` names).",
    why: "A `nat` rule ends the rule search: sys/netpfil/ipfw/ip_fw2.c `ipfw_chk` (O_NAT) looks the instance up with `lookup_nat`, and when there is none the packet is denied (IP_FW_DENY). So every packet the rule matches is dropped instead of translated: the jails behind it lose their way out, and the public ports redirected to them stop answering. rc.firewall's own `nat 123` comes with its `nat 123 config` (firewall_nat_enable with firewall_nat_interface).",
    example: {
      kind: "rc",
      bad: 'firewall_enable="YES"\nfirewall_type="/etc/ipfw.conf"\n',
      good: 'firewall_enable="YES"\nfirewall_type="/etc/ipfw.fixed.conf"\n',
    },
    context: {
      files: {
        "/etc/ipfw.conf": "add 100 nat 1 ip4 from any to any via em0\nadd 200 allow ip from any to any\n",
        "/etc/ipfw.fixed.conf":
          "nat 1 config if em0 same_ports reset\nadd 100 nat 1 ip4 from any to any via em0\nadd 200 allow ip from any to any\n",
      },
    },
    fix: "Create the instance before the rules that use it (`ipfw nat 1 config if em0 same_ports reset`), or number the rule with the instance you configured.",
  },
  check({ model, report }) {
    const ipfw = model.ipfw;
    if (!ipfw) return;
    const configured = new Set(ipfw.ruleset.nats.map((n) => n.instance));
    for (const r of ipfw.ruleset.rules) {
      const a = r.rule.action;
      // `nat tablearg` picks its instance at run time; `nat global` uses every instance (ip_fw2.c IP_FW_NAT44_GLOBAL).
      if (r.generated || a.kind !== "nat" || a.arg === undefined || !/^\d+$/.test(a.arg) || configured.has(a.arg)) continue;
      report({
        message: `ipfw rule ${r.number} hands packets to nat ${a.arg}, which no \`nat ${a.arg} config\` creates: ipfw denies every packet it matches (ip_fw2.c: no such nat instance); add \`ipfw nat ${a.arg} config if IFACE …\` before the rules that use it`,
        file: r.file,
        range: a.range,
      });
    }
  },
});
