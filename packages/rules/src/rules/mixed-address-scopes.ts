import { defineRule } from "../engine/rule.js";
import { addressKey, type JailAddressEntry } from "../model/jail-network.js";
import { GroupedReport } from "../util/grouped-report.js";

const PRIVATE = new Set(["loopback", "private", "cgnat", "ula"]);

export const mixedAddressScopes = defineRule({
  code: "JL206",
  name: "mixed-address-scopes",
  severity: "warning",
  fixable: false,
  needs: ["jail"],
  scope: "host",
  docs: {
    what: "One jail with both private (loopback, RFC 1918, CGNAT, ULA) and global addresses of the same family.",
    why: "For an unbound socket the kernel picks the jail's first address on the outgoing interface, else the primary (in_pcb.c in_pcbladdr), not the address that suits the destination. With private and global addresses mixed, connections to the internet can leave from the private one (dropped upstream or by NAT rules) and local ones from the public one.",
    example: {
      kind: "jail",
      bad: 'mail {\n  ip4.addr = "lo1|127.0.1.4/32", "em0|203.0.113.11";\n}\n',
      good: 'mail {\n  ip4.addr = "lo1|127.0.1.4/32";\n}\n',
    },
    fix: "Give the jail private addresses only, and bring public traffic in with pf `rdr` (and out with `nat`) on the host. If it must hold a public address, give it only public addresses.",
  },
  check(ctx) {
    const grouped = new GroupedReport();
    for (const j of ctx.model.network.jails) {
      for (const list of [j.ip4, j.ip6]) {
        const priv: JailAddressEntry[] = [];
        const glob: JailAddressEntry[] = [];
        for (const e of list) {
          if (!e.ip || !e.scope) continue;
          if (e.scope === "global") glob.push(e);
          else if (PRIVATE.has(e.scope)) priv.push(e);
        }
        const g = glob[0];
        if (!g || priv.length === 0) continue;
        const p = priv.map(addressKey).join(", ");
        grouped.add(g.file, g.range, j.name, (jails) => ({
          message: `${jails} mixes private ${p} with global ${glob.map(addressKey).join(", ")}: source address selection picks the jail's first address on the outgoing interface, not the one that fits; use private addresses only and rdr/nat on the host`,
        }));
      }
    }
    grouped.flush(ctx);
  },
});
