import { defineRule } from "../engine/rule.js";
import { decidingStatement, jailBool } from "../model/jail-params.js";
import { GroupedReport } from "../util/grouped-report.js";

export const rawSocketsAllowed = defineRule({
  code: "JL104",
  name: "raw-sockets-allowed",
  severity: "warning",
  fixable: false,
  needs: ["jail"],
  scope: "host",
  docs: {
    what: "A jail without a network stack of its own (no `vnet`) whose effective `allow.raw_sockets` is true. VNET jails are not reported: they have raw sockets whatever `allow.raw_sockets` says.",
    why: "jail(8): raw sockets can configure and interact with various network subsystems. Jail root can craft arbitrary packets (the kernel only forces the source address to the jail's), sniff ICMP, and probe the host's other jails on shared interfaces. Only ping and traceroute usually need it. In a VNET jail (`vnet;` or `vnet = new`) the setting has no effect: prison_priv_check() in sys/kern/kern_jail.c grants PRIV_NETINET_RAW to every prison with PR_VNET before it looks at allow.raw_sockets, and the raw packets stay in the jail's own network stack. Removing it there would change nothing, so the rule stays silent.",
    example: { kind: "jail", bad: "www {\n  allow.raw_sockets;\n  persist;\n}\n", good: "www {\n  persist;\n}\n" },
    fix: "Remove `allow.raw_sockets` (or write `allow.noraw_sockets;`). Keep it only in jails whose job needs raw sockets, with a suppression comment that says why.",
  },
  check(ctx) {
    const grouped = new GroupedReport();
    for (const jail of ctx.model.jails) {
      // kern_jail.c prison_priv_check(): PR_VNET grants PRIV_NETINET_RAW before allow.raw_sockets is looked at.
      if (ctx.model.network.networkOf(jail)?.vnet) continue;
      const b = jailBool(jail, "allow.raw_sockets");
      const sp = b?.value ? decidingStatement(b.param) : undefined;
      if (!sp) continue;
      grouped.add(sp.file, sp.statement.range, jail.name, (jails) => ({
        message: `allow.raw_sockets lets root in ${jails} craft raw packets and probe the network: remove it unless the jail really needs ping-like tools`,
      }));
    }
    grouped.flush(ctx);
  },
});
