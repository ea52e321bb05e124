import { describeJails, interfaceInGroup } from "@jaillint/parser";
import { defineRule } from "../engine/rule.js";

export const pfSkipsLoopback = defineRule({
  code: "JL203",
  name: "pf-skips-loopback",
  severity: "warning",
  fixable: "unsafe",
  needs: ["jail", "pf"],
  docs: {
    what: "`set skip on` an interface or group that carries the traffic between jails' addresses: `lo` (every loopback), `lo1` (aliases on lo1), or `lo0` when jails hold aliases on non-loopback interfaces.",
    why: 'Traffic between two local addresses never reaches a network card: pf sees it out and in on the loopback interface that holds the destination (`loN` for loopback aliases) or on `lo0` for aliases on em0 and the like (in.c installs their host routes on lo0). A skipped interface is not filtered at all (pf.conf(5): "as if pf was disabled"), and `lo` is the group of every loopback, lo1 included. The rules that seem to separate the jails then never run.',
    example: {
      kind: "pf",
      bad: "set skip on lo\nblock in on lo1 from lo1 to lo1\n",
      good: "set skip on lo0\nblock in on lo1 from lo1 to lo1\n",
    },
    context: {
      jail: 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\ndb {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n',
    },
    fix: "Skip only `lo0`, and only when no jail holds an alias on a non-loopback interface; then filter the jails' loopback interface with rules (block between jail addresses, pass what they need). `--fix` offers `lo` → `lo0` where that is enough.",
  },
  check({ model, report }) {
    const pf = model.pf;
    if (!pf) return;
    const net = model.network;
    // Interface pf sees → jails whose addresses ride on it (jail-networking.md §3.2).
    const carriers = new Map<string, Set<string>>();
    for (const j of net.jails) {
      for (const e of j.ip4) {
        if (!e.ip) continue;
        const i = net.interfaceOf(e);
        if (i === undefined) continue;
        const x = net.isLoopback(i) ? i : "lo0";
        let s = carriers.get(x);
        if (!s) {
          s = new Set();
          carriers.set(x, s);
        }
        s.add(j.name);
      }
    }
    for (const skip of pf.main.policy.skip) {
      const hit = [...carriers.entries()].filter(([x, jails]) => jails.size >= 2 && interfaceInGroup(skip.name, x, net.groups));
      if (hit.length === 0) continue;
      const ifs = hit.map(([x]) => x);
      const jails = [...new Set(hit.flatMap(([, s]) => [...s]))];
      const onlyLoopbackAliases = !carriers.has("lo0");
      const fix =
        skip.name === "lo" && onlyLoopbackAliases
          ? {
              description: "skip lo0 only",
              safety: "unsafe" as const,
              edits: [{ start: skip.range.start, end: skip.range.end, newText: "lo0" }],
            }
          : undefined;
      report({
        message: `\`set skip on ${skip.name}\` turns pf off on ${ifs.join(" and ")}, which carr${ifs.length > 1 ? "y" : "ies"} the traffic between ${describeJails(jails)}: no rule filters it; ${onlyLoopbackAliases ? "skip lo0 only and filter the jails' loopback with rules" : "jail aliases on non-loopback interfaces are reached through lo0, so do not skip lo0 either"}`,
        file: skip.file ?? pf.main.file,
        range: skip.range,
        ...(fix ? { fix } : {}),
      });
    }
  },
});
