import { defineRule } from "../engine/rule.js";
import { addressKey } from "../model/jail-network.js";
import { GroupedReport } from "../util/grouped-report.js";

export const hostLoopbackInJail = defineRule({
  code: "JL211",
  name: "host-loopback-in-jail",
  severity: "error",
  fixable: false,
  needs: ["jail"],
  scope: "host",
  docs: {
    what: "A jail given 127.0.0.1 (or ::1) explicitly.",
    why: "127.0.0.1 and ::1 are the host's own loopback addresses on lo0. A jail that holds them binds and connects on the host's localhost: its daemons sit beside the host's local-only services and can reach them, and the kernel lets two jails share the address only when each has no other (kern_jail.c prison_ip_conflict_check), so the next such jail fails to start.",
    example: {
      kind: "jail",
      bad: 'db {\n  ip4.addr = "lo1|127.0.1.2/32", "127.0.0.1";\n}\n',
      good: 'db {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n',
    },
    fix: "Remove 127.0.0.1/::1 and list a loopback alias of the jail's own first (`lo1|127.0.1.N/32`): the kernel then rewrites the jail's localhost to that address.",
  },
  check(ctx) {
    const grouped = new GroupedReport();
    for (const j of ctx.model.network.jails) {
      for (const e of [...j.ip4, ...j.ip6]) {
        const k = e.ip && addressKey(e);
        if (k !== "127.0.0.1" && k !== "::1") continue;
        grouped.add(e.file, e.range, j.name, (jails) => ({
          message: `${jails} is given ${k}, the host's own loopback address: it shares the host's localhost; give it a loopback alias of its own such as "lo1|${k === "::1" ? "fd00::N/128" : "127.0.1.N/32"}" instead`,
        }));
      }
    }
    grouped.flush(ctx);
  },
});
