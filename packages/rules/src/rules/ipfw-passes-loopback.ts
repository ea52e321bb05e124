import { describeJails } from "@jaillint/parser";
import { defineRule } from "../engine/rule.js";
import { addressKey } from "../model/jail-network.js";
import { type FilterDecider, hostPacketFilter } from "../model/packet-filter.js";

export const ipfwPassesLoopback = defineRule({
  code: "JL212",
  name: "ipfw-passes-loopback",
  severity: "warning",
  fixable: false,
  needs: ["jail", "rc"],
  scope: "host",
  docs: {
    what: "On a host that filters with ipfw (rc.conf's `firewall_enable`, pf off), an ipfw rule that passes every packet on an interface carrying the traffic between jails' addresses, before any rule filters it: `allow ip from any to any via lo1` with jails on lo1 aliases, or rc.firewall's own rule 100, `pass all from any to any via lo0`, with jails on aliases of a non-loopback interface (em0), whose traffic to each other rides on lo0. The ipfw twin of JL203 (pf-skips-loopback); one finding per rule, naming the interfaces and jails.",
    why: "Traffic between two local addresses never reaches a network card: it goes out and comes back in on the loopback interface that holds the destination (`loN` for loopback aliases), or on lo0 for aliases on em0 and the like (sys/netinet/in.c installs their host routes on lo0; sys/net/if_loop.c `looutput` loops the packet back). ipfw takes the first rule by number that matches (ipfw(8) RULE FORMAT), so a rule passing everything `via` that interface decides every such packet, and the rules after it that seem to separate the jails never run. libexec/rc/rc.firewall adds `pass all from any to any via lo0` as rule 100 for every firewall_type (setup_loopback), a file of rules included; its rule 200 (`deny all from any to 127.0.0.0/8`) then stops traffic between lo1 aliases, but jails on em0 aliases are reached through lo0 and pass rule 100. The rule is found by asking the host's packet filter what decides one jail's packet to another on each such interface: a pass by a rule of the form `allow ip from any to any via IFACE` (any protocol and address, no other option) is the finding.",
    example: {
      kind: "jail",
      bad: 'www {\n  ip4.addr = "em0|192.0.2.10";\n}\ndb {\n  ip4.addr = "em0|192.0.2.11";\n}\n',
      good: 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\ndb {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n',
    },
    context: {
      rc: 'ifconfig_em0="inet 192.0.2.2/24"\ncloned_interfaces="lo1"\nfirewall_enable="YES"\nfirewall_type="workstation"\n',
    },
    fix: "Give the jails loopback aliases of their own (`lo1|127.0.1.N`), which rc.firewall's rule 200 already separates, or write your own firewall_script whose lo0 rule comes after rules that deny between the jails' addresses (`deny ip from 192.0.2.10 to 192.0.2.11 via lo0`, both ways, passing only the pairs that must talk). For a rule of your own that passes lo1: pass lo0 only, and filter lo1 with rules.",
  },
  check({ model, report }) {
    // The packet filter's answer for the jails' traffic; this rule is about ipfw's rules (pf's `set skip` is JL203's).
    const filter = hostPacketFilter(model);
    if (filter.judging !== "ipfw") return;
    const net = model.network;
    // Interface the filter sees → the jails' addresses on it (jail-networking.md §3.2): aliases of a non-loopback
    // interface are reached through lo0.
    const carriers = new Map<string, { jail: string; address: string }[]>();
    const addressed = new Map<string, string>();
    for (const j of net.jails) {
      for (const e of j.ip4) {
        if (!e.ip) continue;
        if (!addressed.has(j.name)) addressed.set(j.name, addressKey(e));
        const i = net.interfaceOf(e);
        if (i === undefined) continue;
        const x = net.localTrafficInterface(i);
        const list = carriers.get(x) ?? [];
        list.push({ jail: j.name, address: addressKey(e) });
        carriers.set(x, list);
      }
    }
    if (addressed.size < 2) return;
    const byRule = new Map<string, { rule: FilterDecider & { kind: "rule" }; ifs: string[]; jails: Set<string> }>();
    for (const [x, dests] of [...carriers].sort(([a], [b]) => a.localeCompare(b))) {
      // One packet from another jail to a jail on x, out on x: the rule deciding it, if it passes all of x.
      const d = dests[0];
      const src = [...addressed].find(([name]) => name !== d?.jail)?.[1];
      if (!d || src === undefined) continue;
      const v = filter.judge({ family: 4, proto: "tcp", src, dst: d.address, sport: 50000, dport: 1, iface: x, direction: "out" });
      const rule = v.decidedBy;
      if (v.verdict !== "pass" || rule.kind !== "rule" || !rule.wholeInterface) continue;
      const key = `${rule.file}\0${rule.range.start}\0${rule.number}`;
      const e = byRule.get(key) ?? { rule, ifs: [] as string[], jails: new Set<string>() };
      e.ifs.push(x);
      for (const j of dests) e.jails.add(j.jail);
      byRule.set(key, e);
    }
    for (const { rule, ifs, jails } of byRule.values()) {
      const names = [...jails];
      const traffic =
        names.length >= 2 ? `the traffic between ${describeJails(names)}` : `the traffic to ${describeJails(names)} from the other jails`;
      // rc.firewall's own rules are reported at the rc.conf line that chose them (firewall_type, else firewall_enable).
      const onLo0 = ifs.includes("lo0");
      report({
        message: `${rule.label} (\`${rule.text}\`) passes every packet on ${ifs.join(" and ")}, which carr${ifs.length > 1 ? "y" : "ies"} ${traffic}: no later ipfw rule filters it; ${
          onLo0 && ifs.length > 1
            ? `jail aliases on non-loopback interfaces are reached through lo0: deny between the jails' addresses on lo0 before this rule, and make it pass lo0 only (\`via lo0\`) so that their traffic on ${ifs.filter((i) => i !== "lo0").join(" and ")} meets rules that filter it`
            : onLo0
              ? "jail aliases on non-loopback interfaces are reached through lo0: deny between the jails' addresses on lo0 before this rule, or give the jails lo1 aliases"
              : "pass lo0 only, and filter the jails' loopback with rules"
        }`,
        file: rule.file,
        range: rule.range,
      });
    }
  },
});
