import {
  buildPfPolicy,
  describeJails,
  evaluatePacket,
  interfaceInGroup,
  type PfSkipEntry,
  type PfStatement,
  parsePfConf,
} from "@jaillint/parser";
import type { Fix, RelatedLocation } from "../engine/diagnostic.js";
import { defineRule } from "../engine/rule.js";
import type { HostModel } from "../model/host-model.js";
import { addressKey } from "../model/jail-network.js";
import { addressMatcher, RelevantRules } from "../model/jail-reachability.js";
import { hostPfPolicy } from "../model/pf-host-policy.js";

/** Each jail's address on a loopback interface: what its own localhost traffic rides on (jail-networking.md §2, §3). */
interface SelfTraffic {
  readonly jail: string;
  readonly iface: string;
  readonly address: string;
}

export const pfSkipsLoopback = defineRule({
  code: "JL203",
  name: "pf-skips-loopback",
  severity: "warning",
  fixable: "unsafe",
  needs: ["jail", "pf"],
  scope: "host",
  docs: {
    what: "`set skip on` an interface or group that carries the traffic between jails' addresses: `lo` (every loopback), `lo1` (aliases on lo1), or `lo0` when jails hold aliases on non-loopback interfaces. One finding per skipped interface, at the first `set skip` entry that covers it, naming every such interface.",
    why: "Traffic between two local addresses never reaches a network card: pf sees it out and in on the loopback interface that holds the destination (`loN` for loopback aliases) or on `lo0` for aliases on em0 and the like (sys/netinet/in.c installs their host routes on lo0; if_loop.c `looutput` loops the packet back on the same interface). A skipped interface is not filtered at all (pf.conf(5) OPTIONS, `set skip on`: \"as if pf was disabled\"), and `lo` is the group of every loopback (sys/net/if_clone.c puts each clone in its cloner's group; sys/netpfil/pf/pf_if.c `pfi_skip_if` matches groups), lo1 included. The rules that seem to separate the jails then never run. Un-skipping a loopback is not free: a jail's own localhost traffic (127.0.0.1 is rewritten to its primary address, sys/netinet/in_jail.c `prison_remote_ip4`) then meets the filter rules too, and a `block in all` drops it unless a rule passes it out and in.",
    example: {
      kind: "pf",
      bad: "set skip on lo\nblock in on lo1 from lo1 to lo1\n",
      good: "set skip on lo0\nblock in on lo1 from lo1 to lo1\n",
    },
    context: {
      jail: 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\ndb {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n',
    },
    fix: "Skip only `lo0`, and only when no jail holds an alias on a non-loopback interface; then filter the jails' loopback interface with rules (block between jail addresses, pass each jail to itself and what they need). `--unsafe-fixes` offers `lo` → `lo0` when jaillint's pf evaluation shows that every jail still reaches its own loopback address afterwards; where the rules would block that, the fix also adds `pass quick on lo1 from A to A` for each such jail before the first filter rule, and it is offered only when the evaluation of the fixed file shows that each jail then reaches itself. Traffic between jails is filtered after the fix, which may block connections that worked: review it.",
  },
  check({ model, report }) {
    const pf = model.pf;
    if (!pf) return;
    const net = model.network;
    // Interface pf sees → jails whose addresses ride on it (jail-networking.md §3.2). Any jail can send to an
    // address on it, so one jail there and another anywhere make cross-jail traffic on it.
    const carriers = new Map<string, Set<string>>();
    const addressed = new Set<string>();
    for (const j of net.jails) {
      for (const e of j.ip4) {
        if (!e.ip) continue;
        addressed.add(j.name);
        const i = net.interfaceOf(e);
        if (i === undefined) continue;
        const x = net.localTrafficInterface(i);
        let s = carriers.get(x);
        if (!s) {
          s = new Set();
          carriers.set(x, s);
        }
        s.add(j.name);
      }
    }
    if (addressed.size < 2) return;
    // One cause, one finding: each interface goes to the first entry that skips it; later entries are related.
    const byEntry = new Map<PfSkipEntry, { ifs: string[]; others: Set<PfSkipEntry> }>();
    for (const [x] of carriers) {
      const covering = pf.main.policy.skip.filter((s) => interfaceInGroup(s.name, x, net.groups));
      const first = covering[0];
      if (!first) continue;
      let e = byEntry.get(first);
      if (!e) {
        e = { ifs: [], others: new Set() };
        byEntry.set(first, e);
      }
      e.ifs.push(x);
      for (const o of covering.slice(1)) e.others.add(o);
    }
    for (const [skip, { ifs, others }] of byEntry) {
      ifs.sort();
      const jails = [...new Set(ifs.flatMap((x) => [...(carriers.get(x) ?? [])]))];
      const onlyLoopbackAliases = !carriers.has("lo0");
      const fix = skip.name === "lo" && onlyLoopbackAliases && others.size === 0 ? skipLo0Fix(model, skip, ifs) : undefined;
      const traffic =
        jails.length >= 2 ? `the traffic between ${describeJails(jails)}` : `the traffic to ${describeJails(jails)} from the other jails`;
      const related: RelatedLocation[] = [...others].map((o) => ({
        file: o.file ?? pf.main.file,
        range: o.range,
        message: `\`set skip on ${o.name}\` skips it too`,
      }));
      report({
        message: `\`set skip on ${skip.name}\` turns pf off on ${list(ifs)}, which carr${ifs.length > 1 ? "y" : "ies"} ${traffic}: no rule filters it; ${onlyLoopbackAliases ? "skip lo0 only and filter the jails' loopback with rules" : "jail aliases on non-loopback interfaces are reached through lo0, so do not skip lo0 either"}`,
        file: skip.file ?? pf.main.file,
        range: skip.range,
        ...(fix ? { fix } : {}),
        ...(related.length > 0 ? { related } : {}),
      });
    }
  },
});

function list(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}

/** Every jail's first address on each of these loopback interfaces. */
function selfTraffic(model: HostModel, ifs: readonly string[]): SelfTraffic[] {
  const net = model.network;
  const out: SelfTraffic[] = [];
  for (const j of net.jails) {
    for (const x of ifs) {
      const e = j.ip4.find((a) => a.ip && net.interfaceOf(a) === x);
      if (e) out.push({ jail: j.name, iface: x, address: addressKey(e) });
    }
  }
  return out;
}

/**
 * The jails whose traffic to their own loopback address pf.conf `text` would not pass, out and in on that
 * loopback (jail-networking.md §5.1: the first packet is evaluated both ways), by jaillint's evaluator.
 */
export function blockedSelfTraffic(model: HostModel, text: string, traffic: readonly SelfTraffic[]): SelfTraffic[] {
  const ast = parsePfConf(text, { freebsd: model.freebsd });
  if (ast.problems.some((p) => p.severity !== "note")) return [...traffic];
  const policy = hostPfPolicy(buildPfPolicy(ast), model.network);
  const groups = model.network.groups;
  const index = new RelevantRules(policy, groups, evaluatePacket, addressMatcher(policy));
  return traffic.filter((t) => {
    const relevant = index.relevant(t.iface, t.address);
    const ports = new Set<number>([1]);
    for (const r of relevant.filterRules) for (const p of r.to.ports) for (const n of [p.low, p.high]) if (n !== undefined) ports.add(n);
    for (const proto of ["tcp", "udp"]) {
      for (const dport of ports) {
        for (const direction of ["out", "in"] as const) {
          const v = evaluatePacket(
            relevant,
            { direction, ifname: t.iface, af: "inet", proto, src: t.address, dst: t.address, sport: 50000, dport },
            groups,
          );
          if (v.verdict !== "pass" && v.verdict !== "skipped") return true;
        }
      }
    }
    return false;
  });
}

/** Where pfctl wants filter rules: before the first top-level filter rule (parse.y check_rulestate order). */
export function firstFilterStatement(statements: readonly PfStatement[]): PfStatement | undefined {
  return statements.find((s) => s.type === "FilterRule" || s.type === "Antispoof" || (s.type === "AnchorRule" && s.kind === "anchor"));
}

/** `lo` → `lo0`, with self-pass rules where the evaluation shows they are needed; undefined when it cannot be proved. */
function skipLo0Fix(model: HostModel, skip: PfSkipEntry, ifs: readonly string[]): Fix | undefined {
  const pf = model.pf;
  if (!pf) return undefined;
  const text = model.texts.get(pf.main.file);
  if (text === undefined) return undefined;
  const traffic = selfTraffic(model, ifs);
  const swap = { start: skip.range.start, end: skip.range.end, newText: "lo0" };
  const apply = (edits: readonly { start: number; end: number; newText: string }[]): string => {
    let out = text;
    for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    return out;
  };
  const blocked = blockedSelfTraffic(model, apply([swap]), traffic);
  if (blocked.length === 0) return { description: "skip lo0 only", safety: "unsafe", edits: [swap] };
  const first = firstFilterStatement(pf.main.ast.statements);
  if (!first) return undefined;
  const lineStart = text.lastIndexOf("\n", first.range.start - 1) + 1;
  const rules = blocked.map((t) => `pass quick on ${t.iface} from ${t.address} to ${t.address}\n`).join("");
  const insert = {
    start: lineStart,
    end: lineStart,
    newText: `# Each jail reaches its own loopback address (its localhost).\n${rules}`,
  };
  if (blockedSelfTraffic(model, apply([swap, insert]), traffic).length > 0) return undefined;
  return {
    description: `skip lo0 only, and pass each jail's traffic to itself on ${list([...new Set(blocked.map((t) => t.iface))])}`,
    safety: "unsafe",
    edits: [swap, insert],
  };
}
