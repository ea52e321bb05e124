import { defineRule } from "../engine/rule.js";

export const pfAndIpfwEnabled = defineRule({
  code: "JL305",
  name: "pf-and-ipfw-enabled",
  severity: "warning",
  fixable: false,
  needs: ["rc"],
  scope: "host",
  docs: {
    what: 'An rc.conf that enables both pf (`pf_enable="YES"`) and ipfw (`firewall_enable="YES"`): two packet filters, each of which sees every packet.',
    why: "rc.d/pf and rc.d/ipfw each hook their filter into pfil(9), and a packet is passed only when every hook passes it. sys/net/pfil.c `pfil_link` puts a hook at the head of the chain unless it is appended, so the filter linked last sees a packet first, in and out alike; which that is depends on the order the two were loaded and enabled at boot, which the configuration files do not show (`pfilctl heads` on the running host lists the order). jaillint judges the jails' traffic by pf's rules on such a host, and does not combine the two verdicts: a connection pf passes may still be dropped by ipfw (rc.firewall's default rules deny everything but lo0 traffic unless a firewall_type opens more), and one ipfw passes may be dropped or translated by pf, in an order that can change when a module is reloaded.",
    example: {
      kind: "rc",
      bad: 'pf_enable="YES"\nfirewall_enable="YES"\n',
      good: 'pf_enable="YES"\nfirewall_enable="NO"\n',
    },
    fix: 'Filter with one of them: set `firewall_enable="NO"` (or remove it) when pf.conf holds the policy, or `pf_enable="NO"` when ipfw does. When both are wanted (ipfw for dummynet shaping, pf for filtering, say), check the order with `pfilctl heads` and keep each one\'s rules to its own job.',
  },
  check({ model, report }) {
    const rc = model.rc?.config;
    if (!rc) return;
    const pf = rc.pfEnable;
    const ipfw = rc.firewallEnable;
    if (!pf.enabled || !ipfw.enabled || !ipfw.source) return;
    report({
      message: `rc.conf enables both ipfw (firewall_enable="${ipfw.value}") and pf (pf_enable="${pf.value}"): every packet must pass both, in an order pfil(9) takes from which was linked last at boot (\`pfilctl heads\` shows it), and jaillint judges the jails' traffic by pf's rules alone; filter with one of them`,
      file: ipfw.source.file,
      range: ipfw.source.range,
      ...(pf.source ? { related: [{ file: pf.source.file, range: pf.source.range, message: "pf is enabled here" }] } : {}),
    });
  },
});
