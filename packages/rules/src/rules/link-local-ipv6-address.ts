import { defineRule } from "../engine/rule.js";
import { GroupedReport } from "../util/grouped-report.js";

export const linkLocalIpv6Address = defineRule({
  code: "JL205",
  name: "link-local-ipv6-address",
  severity: "warning",
  fixable: false,
  needs: ["jail"],
  scope: "host",
  docs: {
    what: "An fe80::/10 jail address without the interface it belongs to (no `IF|` and no `interface`), or on a non-loopback interface.",
    why: "A link-local address means nothing without its link. The kernel stores it with the interface index embedded and compares jail addresses byte for byte (in6_pcb.c, scope6.c), so an entry without a zone never matches a bind, and the `%em0` form is rejected by libjail outright; on a network interface jail(8)'s alias and the jail's list agree only while the interface keeps its index. Either way the jail cannot reliably use the address.",
    example: {
      kind: "jail",
      bad: 'mail {\n  ip6.addr = "fe80::25";\n}\n',
      good: 'mail {\n  ip6.addr = "em0|2001:db8::25";\n}\n',
    },
    fix: "Give the jail a global or ULA address instead. If it truly needs link-local addresses, make it a VNET jail: it then has its own interfaces and link-local addresses.",
  },
  check(ctx) {
    const grouped = new GroupedReport();
    const net = ctx.model.network;
    for (const j of net.jails) {
      for (const e of j.ip6) {
        if (e.scope !== "link-local" || !e.ip) continue;
        const iface = e.interface;
        let why: string;
        if (iface === undefined) {
          why = e.zone
            ? `its %${e.zone} suffix is rejected by libjail (not an IPv6 address), and no \`IF|\` prefix names the interface`
            : "it names no interface (no `IF|` prefix, no `interface` parameter), so it matches no bind in the jail";
        } else if (!net.isLoopback(iface)) {
          why = `on ${iface}, a network interface, the jail's entry matches the kernel's address only while ${iface} keeps its interface index`;
        } else continue;
        grouped.add(e.file, e.range, j.name, (jails) => ({
          message: `link-local ip6.addr "${e.raw}" of ${jails}: ${why}; use a global or ULA address, or a VNET jail`,
        }));
      }
    }
    grouped.flush(ctx);
  },
});
