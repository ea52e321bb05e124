import { defineRule } from "../engine/rule.js";
import { GroupedReport } from "../util/grouped-report.js";

export const unstableIpv6ScopeId = defineRule({
  code: "JL204",
  name: "unstable-ipv6-scope-id",
  severity: "warning",
  fixable: false,
  needs: ["jail"],
  scope: "host",
  docs: {
    what: "An IPv6 link-local jail address with a hard-coded numeric scope: `fe80:3::…` (the KAME form, the index in the second word) or `…%3`.",
    why: "The kernel keeps a link-local address with its interface index in the second 16-bit word (scope6.c sa6_embedscope) and compares jail addresses byte for byte. The number is whatever index the interface got when it was created, which depends on the order drivers attached and rc.conf cloned interfaces; it changes when that order does, and the address then silently stops working in the jail. A `%N` suffix is worse: jail(8) passes it on and libjail's inet_pton rejects it.",
    example: {
      kind: "jail",
      bad: 'mail {\n  ip6.addr = "em0|fe80:2::25";\n}\n',
      good: 'mail {\n  ip6.addr = "em0|2001:db8::25";\n}\n',
    },
    fix: "Do not give non-VNET jails link-local addresses: use a global or ULA address, or a VNET jail, which has link-local addresses of its own. There is no number that stays right.",
  },
  check(ctx) {
    const grouped = new GroupedReport();
    for (const j of ctx.model.network.jails) {
      for (const e of j.ip6) {
        if (e.scope !== "link-local" || !e.ip || e.ip.kind() !== "ipv6") continue;
        const word = (e.ip as import("ipaddr.js").IPv6).parts[1] ?? 0;
        const numericZone = e.zone !== undefined && /^\d+$/.test(e.zone);
        if (word === 0 && !numericZone) continue;
        const index = numericZone ? e.zone : String(word);
        grouped.add(e.file, e.range, j.name, (jails) => ({
          message: `ip6.addr "${e.raw}" of ${jails} hard-codes interface index ${index}${numericZone ? ` (the %${e.zone} suffix)` : " (the second word of a link-local address is the kernel's scope id)"}: the index follows the order interfaces were created and changes when they are renumbered; use a global or ULA address, or a VNET jail`,
        }));
      }
    }
    grouped.flush(ctx);
  },
});
