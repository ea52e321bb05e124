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
  scope: "host",
  docs: {
    what: "The same address given to two jails (a child jail repeating its parent's address is fine). It is an error when either jail holds other addresses of that family (the kernel refuses it), a warning when each holds only this one (allowed, but the jails share a port space).",
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
    const familySize = new Map(ctx.model.network.jails.map((n) => [n.name, { 4: n.ip4.length, 6: n.ip6.length }]));
    const alone = (jail: string, family: 4 | 6): boolean => familySize.get(jail)?.[family] === 1;
    for (const [key, holders] of ctx.model.network.addresses.shared()) {
      // The host's loopback is JL211's finding.
      if (key === "127.0.0.1" || key === "::1") continue;
      const first = holders[0];
      if (!first) continue;
      for (const e of holders.slice(1)) {
        if (e.jail === first.jail || nested(e.jail, first.jail)) continue;
        const related = [{ file: first.file, range: first.range, message: `${key} in jail "${first.jail}"` }];
        if (alone(e.jail, e.family) && alone(first.jail, e.family)) {
          // prison_ip_conflict_check allows it; what remains is the shared port space.
          grouped.add(e.file, e.range, e.jail, (jails) => ({
            message: `${key} is given to ${jails} and to jail "${first.jail}" as their only IPv${e.family} address: the kernel allows that, but they share one port space and see each other's listeners; give each jail an address of its own`,
            related,
            severity: "warning",
          }));
          continue;
        }
        grouped.add(e.file, e.range, e.jail, (jails) => ({
          message: `${key} is given to ${jails} and to jail "${first.jail}", and one of them holds other IPv${e.family} addresses too: the kernel refuses that ("IPv${e.family} addresses clash"), so the jail started second fails; give each jail an address of its own`,
          related,
        }));
      }
    }
    grouped.flush(ctx);
  },
});
