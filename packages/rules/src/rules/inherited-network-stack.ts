import { defineRule } from "../engine/rule.js";
import { lastValue } from "../model/jail-params.js";
import { GroupedReport } from "../util/grouped-report.js";

export const inheritedNetworkStack = defineRule({
  code: "JL107",
  name: "inherited-network-stack",
  severity: "warning",
  fixable: false,
  needs: ["jail"],
  scope: "file",
  docs: {
    what: "A jail with `ip4 = inherit` or `ip6 = inherit`.",
    why: "With inherit the jail is not restricted to any address: it can bind every address of the host, the host's own 127.0.0.1 and ::1 included, so a daemon in the jail can sit on (or next to) the host's local-only services, and nothing separates its traffic from the host's in pf.",
    example: {
      kind: "jail",
      bad: "www {\n  ip4 = inherit;\n  persist;\n}\n",
      good: 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n  persist;\n}\n',
    },
    fix: "Give the jail its own addresses with `ip4.addr`/`ip6.addr` (which imply `ip4 = new`), or `ip4 = disable` if it needs no network. Use a VNET jail when it needs a full stack.",
  },
  check(ctx) {
    const grouped = new GroupedReport();
    for (const jail of ctx.model.jails) {
      for (const key of ["ip4", "ip6"] as const) {
        const param = jail.params.get(key);
        const v = param && lastValue(param);
        if (!v || v.unresolved || !["inherit", "2"].includes(v.text.toLowerCase())) continue;
        const lo = key === "ip4" ? "127.0.0.1" : "::1";
        grouped.add(v.file, v.range, jail.name, (jails) => ({
          message: `${key} = inherit lets ${jails} use every ${key === "ip4" ? "IPv4" : "IPv6"} address of the host, its loopback ${lo} included: give the jail its own ${key}.addr instead`,
        }));
      }
    }
    grouped.flush(ctx);
  },
});
