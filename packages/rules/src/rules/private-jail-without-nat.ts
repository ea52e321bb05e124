import type { PfAddressMatch } from "@jaillint/parser";
import { defineRule } from "../engine/rule.js";
import { networkContains, rangeContains } from "../model/ip-match.js";
import { addressKey } from "../model/jail-network.js";
import { hostPfPolicy } from "../model/pf-host-policy.js";
import { indexTable, type TableIndex } from "../model/pf-table-index.js";
import { GroupedReport } from "../util/grouped-report.js";

export const privateJailWithoutNat = defineRule({
  code: "JL210",
  name: "private-jail-without-nat",
  severity: "info",
  fixable: false,
  needs: ["jail", "pf"],
  docs: {
    what: "A jail with only private IPv4 addresses (loopback, RFC 1918, CGNAT) and no pf NAT rule whose source covers any of them.",
    why: "A private source address does not get an answer from the internet, and ip_output refuses to send a 127/8 source out of a network interface at all; only a NAT rule on the host turns it into a public one. Without it the jail cannot reach out (package updates, DNS, mail). That is fine for a jail that should not, hence info. The example's pf.conf has no nat rule; the good one adds it.",
    example: {
      kind: "pf",
      bad: "pass all\n",
      good: "nat on em0 from 127.0.1.0/24 to any -> (em0)\npass all\n",
    },
    context: { jail: 'db {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n' },
    fix: "Add `nat on $ext_if from lo1:network to any -> ($ext_if)` (or the jails' network) to pf.conf, if the jail should reach the outside.",
  },
  check(ctx) {
    const pf = ctx.model.pf;
    if (!pf) return;
    const policy = hostPfPolicy(pf.main.policy, ctx.model.network);
    const tables = new Map(policy.tables.map((t) => [t.name, t]));
    const indexes = new Map<string, TableIndex>();
    const nats = policy.translations.filter((t) => !t.no && ["nat", "nat-to", "binat", "binat-to"].includes(t.kind));
    // A NAT rule covers an address unless its source certainly excludes it; run-time tables count as covering.
    const covers = (m: PfAddressMatch, ip: string): boolean => {
      let hit: boolean;
      switch (m.kind) {
        case "network": {
          const [n = "", len = "0"] = m.network.split("/");
          hit = networkContains(n, Number(len), ip);
          break;
        }
        case "range":
          hit = rangeContains(m.from, m.to, ip);
          break;
        case "table": {
          const t = tables.get(m.name);
          if (!t?.static) return true;
          let ti = indexes.get(t.name);
          if (!ti) {
            ti = indexTable(t);
            indexes.set(t.name, ti);
          }
          hit = ti.has(ip);
          break;
        }
        default:
          return true;
      }
      return hit !== m.negated;
    };
    const grouped = new GroupedReport();
    for (const j of ctx.model.network.jails) {
      const addrs = j.ip4.filter((e) => e.ip);
      const first = addrs[0];
      if (!first || addrs.some((e) => e.scope === "global" || e.scope === "link-local")) continue;
      const covered = addrs.some((e) =>
        nats.some((t) => t.from.addresses.length === 0 || t.from.addresses.some((m) => covers(m, addressKey(e)))),
      );
      if (covered) continue;
      grouped.add(first.file, first.range, j.name, (jails) => ({
        message: `${jails} has only private IPv4 addresses (${addrs.map(addressKey).join(", ")}) and no pf nat rule covers them: it cannot reach the outside; add a nat rule for it if it should`,
      }));
    }
    grouped.flush(ctx);
  },
});
