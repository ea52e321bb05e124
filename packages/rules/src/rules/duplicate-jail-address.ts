import { defineRule } from "../engine/rule.js";
import { GroupedReport } from "../util/grouped-report.js";

/** `a.b` is a child of `a` and may only use addresses its parent has (kern_jail.c prison_ip_restrict). */
const nested = (a: string, b: string): boolean => a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

export const duplicateJailAddress = defineRule({
  code: "JL208",
  name: "duplicate-jail-address",
  severity: "error",
  fixable: false,
  needs: ["jail"],
  docs: {
    what: "The same address given to two jails (a child jail repeating its parent's address is fine).",
    why: "kern_jail.c prison_ip_conflict_check lets two running jails share an address only when each holds no other address of that family; otherwise the second jail fails to start. Even when it is allowed, the two jails share one port space: whichever starts its daemon first gets the port, and each can see the other's listeners.",
    example: {
      kind: "jail",
      bad: 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\ndb {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n',
      good: 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\ndb {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n',
    },
    fix: "Give each jail an address of its own.",
  },
  check(ctx) {
    const grouped = new GroupedReport();
    for (const [key, holders] of ctx.model.network.addresses.shared()) {
      // The host's loopback is JL211's finding.
      if (key === "127.0.0.1" || key === "::1") continue;
      const first = holders[0];
      if (!first) continue;
      for (const e of holders.slice(1)) {
        if (e.jail === first.jail || nested(e.jail, first.jail)) continue;
        grouped.add(e.file, e.range, e.jail, (jails) => ({
          message: `${key} is given to ${jails} and to jail "${first.jail}": the second jail fails to start unless each holds only this one address, and then they share one port space; give each jail an address of its own`,
          related: [{ file: first.file, range: first.range, message: `${key} in jail "${first.jail}"` }],
        }));
      }
    }
    grouped.flush(ctx);
  },
});
