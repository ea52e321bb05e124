import type { RelatedLocation } from "../engine/diagnostic.js";
import { defineRule } from "../engine/rule.js";
import { addressKey } from "../model/jail-network.js";
import { type LoopbackReach, loopbackReachability, type ReachSource, reachGroups } from "../model/jail-reachability.js";
import { hostPacketFilter } from "../model/packet-filter.js";

function sources(count: number, sample: readonly ReachSource[]): string {
  const named = sample.map((s) => `"${s.jail}" (${s.address})`);
  const shown = count > sample.length ? named.slice(0, 3) : named;
  const rest = count - shown.length;
  if (shown.length === 1 && rest === 0) return `jail ${shown[0]}`;
  if (rest > 0) return `jails ${shown.join(", ")} and ${rest} more`;
  return `jails ${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

export const unfilteredCrossJailLoopback = defineRule({
  code: "JL202",
  name: "unfiltered-cross-jail-loopback",
  severity: "warning",
  fixable: false,
  needs: ["jail"],
  scope: "host",
  docs: {
    what: "Jails with loopback aliases (127.0.1.N on lo1) that can open connections to each other because the packet filter is not enabled or its rules pass the traffic: pf, or ipfw on a host whose rc.conf enables ipfw instead; the finding names the deciding ipfw rule by number. One finding per cause: the jails that one rule (or pf being off) opens are named together. A `set skip` on their interface is JL203's finding (pf-skips-loopback), and an ipfw rule passing everything on it (`allow ip from any to any via lo1`) JL212's (ipfw-passes-loopback), not repeated here.",
    why: "Per-jail loopback addresses are meant to keep each jail's local services to itself, but every jail can address every other jail's lo1 alias. Only pf stands between them: it sees such a packet out on the destination's loopback interface and then in on it (sys/netinet/in.c installs an address on a loopback with a host route through that interface; sys/net/if_loop.c `looutput` → `if_simloop` delivers it back as received on the same interface), and the first packet must be passed both times (pf.conf(5) PACKET FILTERING: the last matching rule wins unless `quick`; no match passes). The linter cannot know which services listen, so it says \"can reach\" (a warning, not an error): a database or cache bound to its jail's loopback, without authentication, is then open to every other jail. The example's pf.conf passes everything (`pass all`); rc.conf enables pf. A host whose rc.conf enables ipfw (`firewall_enable=\"YES\"`) and not pf filters with ipfw, and is never told to enable pf. Its rules are read as libexec/rc/rc.d/ipfw loads them: it runs `firewall_script` (default /etc/rc.firewall) with sh; rc.firewall adds its loopback rules 100–500 (`pass all from any to any via lo0`, `deny all from any to 127.0.0.0/8`, …), then the rules of a `firewall_type` it knows by name (open, client, simple, closed, workstation, with firewall_myservices, firewall_allowservices, firewall_trusted…), or the file of ipfw commands firewall_type names; any other script's `ipfw` commands are read with sh's variable expansion. ipfw, too, sees the packet out and then in on the loopback interface; the first rule by number that matches decides (ipfw(8) RULE FORMAT; `count` goes on, `skipto` never jumps back: ip_fw2.c jump_fast), and the state a `keep-state` rule makes for the packet out is found for it on the way back in (ipfw(8) check-state). So rc.firewall's rule 200 stops traffic between lo1 aliases for every named type. A packet no rule decides meets the default rule 65535, whose action the kernel chooses (deny, or accept with IPFIREWALL_DEFAULT_TO_ACCEPT / net.inet.ip.fw.default_to_accept), which the files do not show: that is a note. When the script or rules file cannot be read, one note says the traffic was not judged. The advice names the filter whose rules pass the traffic: \"the packet filter (pf)\" or \"(ipfw)\"; on a host that enables both, pf's rules are the ones judged (JL305).",
    example: {
      kind: "pf",
      bad: "set skip on lo0\npass all\n",
      good: "set skip on lo0\npass all\nblock in quick on lo1 from lo1 to lo1\n",
    },
    context: {
      jail: 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\ndb {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n',
      rc: 'cloned_interfaces="lo1"\npf_enable="YES"\n',
    },
    fix: 'Enable pf (`pf_enable="YES"`), do not skip `lo` or `lo1`, and block between the jails\' loopback addresses (`block in quick on lo1 from lo1 to lo1`, after passing each jail to itself if it talks to its own localhost: `pass in quick on lo1 from 127.0.1.1 to 127.0.1.1`); pass only the pairs that must talk. On an ipfw host: a `deny` rule between their addresses on their loopback interface (`deny ip from 127.0.1.0/24 to 127.0.1.0/24 via lo1`), numbered before every rule that passes the traffic, after `allow` rules for the pairs that must talk.',
  },
  check({ model, report }) {
    const reaches = loopbackReachability(model);
    const filter = hostPacketFilter(model);
    // rc.conf enables pf but its rules were not given: say once that this was not checked.
    const unchecked = filter.host !== "none" && filter.host?.cause === "pf-unread" ? reaches.find((r) => r.unknown) : undefined;
    if (unchecked) {
      report({
        message: `could not check whether jails reach each other's loopback addresses (jail "${unchecked.destination.name}" and others on ${unchecked.iface}): rc.conf enables pf, but pf.conf was not given`,
        file: unchecked.entry.file,
        range: unchecked.entry.range,
        severity: "info",
      });
      return;
    }
    // One finding per cause: destinations whose reachability has the same reason and evidence are reported together.
    // A skipped interface is JL203's finding (pf-skips-loopback), at the `set skip` that causes it; ipfw's twin, a
    // rule passing everything on the interface, is JL212's (ipfw-passes-loopback).
    const groups = reachGroups(reaches).filter((g) => g.how.cause !== "skipped" && g.how.cause !== "ipfw-interface");
    for (const g of groups) {
      const first = g.members[0];
      if (!first) continue;
      const { reach: r, side } = first;
      const evidence: RelatedLocation[] = g.how.evidence.map((e) => ({ file: e.file, range: e.range, message: e.message }));
      const others: RelatedLocation[] = g.members.slice(1, 1 + RELATED).map((m) => ({
        file: m.reach.entry.file,
        range: m.reach.entry.range,
        message: `jail "${m.reach.destination.name}" (${where(m.reach)}) too`,
      }));
      const related = [...evidence, ...others];
      const dests = g.members.map((m) => `"${m.reach.destination.name}" (${where(m.reach)})`);
      const several = g.members.length > 1;
      const destList = several ? `jails ${capped(dests)}` : `jail ${dests[0]}`;
      if (g.verdict === "pass") {
        // The filter's rules pass it: say which filter, and for ipfw, where the rule goes (the first match decides).
        const todo =
          g.how.cause === "pf-disabled"
            ? 'enable pf (pf_enable="YES") with rules that block between the jails\' loopback addresses'
            : `block traffic between the jails' loopback addresses in ${filter.title}${
                filter.judging === "ipfw" ? " with a `deny` rule for them on their loopback interface, before any rule that passes it" : ""
              }`;
        const from = several
          ? `other jails ("${r.destination.name}" from ${sources(side.count, side.sample)})`
          : sources(side.count, side.sample);
        report({
          message: `${destList} can be reached from ${from}: ${g.how.reason}; ${todo}`,
          file: r.entry.file,
          range: r.entry.range,
          ...(related.length > 0 ? { related } : {}),
        });
      } else {
        const who = several
          ? `other jails can reach ${destList} (${sources(side.count, side.sample)} reaching "${r.destination.name}", for one)`
          : `${sources(side.count, side.sample)} can reach ${destList}`;
        report({
          message: `could not decide whether ${who}: ${g.how.reason}`,
          file: r.entry.file,
          range: r.entry.range,
          severity: "info",
          ...(related.length > 0 ? { related } : {}),
        });
      }
    }
  },
});

/** How many other destinations a grouped finding points at. */
const RELATED = 8;

function where(r: LoopbackReach): string {
  return `${addressKey(r.entry)} on ${r.iface}`;
}

function capped(items: readonly string[]): string {
  if (items.length > 4) return `${items.slice(0, 3).join(", ")} and ${items.length - 3} more`;
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
