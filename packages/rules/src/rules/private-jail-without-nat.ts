import type { PfAddressMatch, PfTranslation } from "@jaillint/parser";
import { networkContains, rangeContains, rcFirewallType } from "@jaillint/parser";
import type { RuleContext } from "../engine/rule.js";
import { defineRule } from "../engine/rule.js";
import { addressKey } from "../model/jail-network.js";
import { hostPacketFilter, type PacketFilter } from "../model/packet-filter.js";
import { hostPfPolicy } from "../model/pf-host-policy.js";
import { indexTable, type TableIndex } from "../model/pf-table-index.js";
import { GroupedReport } from "../util/grouped-report.js";

export const privateJailWithoutNat = defineRule({
  code: "JL210",
  name: "private-jail-without-nat",
  severity: "info",
  fixable: false,
  needs: ["jail"],
  scope: "host",
  docs: {
    what: "A jail whose IPv4 addresses all stay inside the host — 127/8 addresses, or private (RFC 1918, CGNAT) addresses on a loopback interface such as lo1 — and no pf NAT rule whose source covers any of them.",
    why: "sys/netinet/ip_output.c refuses to send a packet with a 127/8 source out of an interface without IFF_LOOPBACK, and a private address on a loopback interface is known to no router outside the host (in.c installs only a host route for it, on that loopback). Such a jail's packets to the internet leave the host only after pf's nat has given them the host's address; without it the jail cannot reach out (package updates, DNS, mail). That is fine for a jail that should not, hence info. A private address on a LAN-side interface (`em0|10.0.0.100`) is different: the LAN's router routes (and may translate) it, which the host's files cannot show, so the rule stays silent. The example's pf.conf has no nat rule; the good one adds it. On a host that enables ipfw (`firewall_enable`) and not pf, the translation is ipfw's: such a jail's packet out on the host's network interface must meet a `nat` rule (rc.firewall's `nat 123 … via ${firewall_nat_interface}` for the open and client types with firewall_nat_enable, or a firewall_script's own; natd's `divert natd` counts too) before a rule passes or denies it, the first rule by number deciding (ipfw(8)). rc.firewall's rule 300 (`deny ip from 127.0.0.0/8 to any`, every type) denies a 127/8 source first unless a nat comes before it; the simple type adds natd's divert (natd_enable, natd_interface) after rule 300, so it translates a jail's RFC 1918 address on lo1, never a 127/8 one. The packet asked about is the jail's first packet to an outside host (tcp to port 443), out on the first network interface rc.conf configures, as the host's packet filter judges it. A rule whose match only the running host knows counts as covering it; ipfw's default rule 65535 does not. When ipfw's rules could not be read the rule stays silent.",
    example: {
      kind: "pf",
      bad: "pass all\n",
      good: "nat on em0 from 127.0.1.0/24 to any -> (em0)\npass all\n",
    },
    context: { jail: 'db {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n' },
    fix: "Add `nat on $ext_if from lo1:network to any -> ($ext_if)` (or the jails' network) to pf.conf, if the jail should reach the outside.",
  },
  check(ctx) {
    // An ipfw host (firewall_enable, pf off) translates with ipfw nat: the packet filter is asked what its nat does
    // with the jail's packet out. pf's nat is read from pf.conf, whether or not rc.conf enables pf.
    const filter = hostPacketFilter(ctx.model);
    if (filter.program === "ipfw") {
      if (filter.judging === "ipfw") checkIpfw(ctx, filter);
      return;
    }
    const pf = ctx.model.pf;
    if (!pf) return;
    const policy = hostPfPolicy(pf.main.policy, ctx.model.network);
    const tables = new Map(policy.tables.map((t) => [t.name, t]));
    const indexes = new Map<string, TableIndex>();
    type Hit = "yes" | "no" | "maybe";
    // One element of a source list; a table filled at run time or an interface the host model cannot resolve may hold it.
    const covers = (m: PfAddressMatch, ip: string): Hit => {
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
          if (!t?.static) return "maybe";
          let ti = indexes.get(t.name);
          if (!ti) {
            ti = indexTable(t);
            indexes.set(t.name, ti);
          }
          hit = ti.has(ip);
          break;
        }
        default:
          return "maybe";
      }
      return hit !== m.negated ? "yes" : "no";
    };
    const net = ctx.model.network;
    // Traffic to the outside leaves through a network interface, never a loopback: `nat on lo1` does not apply to it.
    const onLoopbackOnly = (t: PfTranslation): boolean =>
      t.interfaces.length > 0 && t.interfaces.every((i) => !i.negated && (i.name === "lo" || net.isLoopback(i.name)));
    const sourceHit = (t: PfTranslation, ip: string): Hit => {
      if (t.af === "inet6" || onLoopbackOnly(t)) return "no";
      if (t.from.addresses.length === 0) return "yes";
      const hits = t.from.addresses.map((m) => covers(m, ip));
      return hits.includes("yes") ? "yes" : hits.includes("maybe") ? "maybe" : "no";
    };
    // pf.conf(5): among nat and binat rules the first match decides, and a `no nat` match means no translation.
    const legacy = byHost(policy.translations.filter((t) => t.kind === "nat" || t.kind === "binat"));
    const filterNat = byHost(policy.translations.filter((t) => !t.no && (t.kind === "nat-to" || t.kind === "binat-to")));
    const translatedSource = (ip: string): boolean => {
      for (const t of legacy(ip)) {
        const h = sourceHit(t, ip);
        if (h === "no") continue;
        // Whether a rule that may match does is known only on the host: do not claim the jail has no nat.
        return h === "maybe" || !t.no;
      }
      return filterNat(ip).some((t) => sourceHit(t, ip) !== "no");
    };
    const grouped = new GroupedReport();
    for (const j of ctx.model.network.jails) {
      const addrs = j.ip4.filter((e) => e.ip);
      const first = addrs[0];
      if (!first || addrs.some((e) => e.scope === "global" || e.scope === "link-local")) continue;
      // Only a jail whose every address stays inside the host needs the host's nat: a 127/8 source never leaves
      // through a network interface (ip_output), and a private address on a loopback is known to no router. A
      // private address on em0 or another LAN-side interface is the LAN's to route, and the host cannot know how.
      const where = addrs.map((e) => ({ e, iface: net.interfaceOf(e) }));
      const internal = ({ e, iface }: (typeof where)[number]): boolean =>
        e.scope === "loopback" || (iface !== undefined && net.isLoopback(iface));
      if (!where.every(internal)) continue;
      const covered = addrs.some((e) => translatedSource(addressKey(e)));
      if (covered) continue;
      const listed = where.map(({ e, iface }) => `${addressKey(e)}${iface ? ` on ${iface}` : ""}`).join(", ");
      const allLoopbackScope = addrs.every((e) => e.scope === "loopback");
      const why = allLoopbackScope
        ? "a 127/8 source never leaves through a network interface"
        : "no router outside the host knows addresses on a loopback interface";
      grouped.add(first.file, first.range, j.name, (jails) => ({
        message: `${jails} has only host-internal IPv4 addresses (${listed}) and no pf nat rule covers them: ${why}, so it cannot reach the outside; add a nat rule for it if it should`,
      }));
    }
    grouped.flush(ctx);
  },
});

/** Documentation addresses (RFC 5737): a host on the internet, and the host's own. */
const OUTSIDE = "198.51.100.7";

/** JL210 on an ipfw host: a host-internal jail's packet out on the network interface must meet a `nat` (or natd divert). */
function checkIpfw(ctx: RuleContext, filter: PacketFilter): void {
  const ipfw = ctx.model.ipfw;
  const rc = ctx.model.rc?.config;
  if (!ipfw || !rc) return;
  const net = ctx.model.network;
  const ext = rc.configuredInterfaces().find((i) => !net.isLoopback(i.renamedTo ?? i.name))?.name;
  // Without a network interface in rc.conf there is no way out to judge.
  if (!ext) return;
  // rc.firewall adds its nat rule (firewall_nat_enable, firewall_nat_interface) for the open and client types only.
  const origin = ipfw.origin;
  // The simple type diverts to natd instead, after its rule 300 (deny ip from 127.0.0.0/8 to any).
  const natTypes = origin.kind === "rc.firewall" && /^(open|client)$/i.test(origin.type);
  const simple = origin.kind === "rc.firewall" && /^simple$/i.test(origin.type);
  const advice = simple
    ? `rc.firewall's simple type translates only through natd (natd_enable with natd_interface), whose \`divert natd\` it adds after rule 300, too late for a 127/8 source: enable natd for a jail on an RFC 1918 address, or translate it with a firewall_script's \`nat N\` rule`
    : origin.kind === "rc.firewall" && rcFirewallType(origin.type) !== undefined && !natTypes
      ? `rc.firewall adds nat only for the open and client types, not for firewall_type="${origin.type}": translate it with a firewall_script's \`nat N\` rule`
      : "add an ipfw nat rule for it (firewall_nat_enable with firewall_nat_interface, or `nat N` in the firewall_script)";
  const grouped = new GroupedReport();
  for (const j of net.jails) {
    const addrs = j.ip4.filter((e) => e.ip);
    const first = addrs[0];
    if (!first || addrs.some((e) => e.scope === "global" || e.scope === "link-local")) continue;
    const where = addrs.map((e) => ({ e, iface: net.interfaceOf(e) }));
    if (!where.every(({ e, iface }) => e.scope === "loopback" || (iface !== undefined && net.isLoopback(iface)))) continue;
    let decidedBy: string | undefined;
    // What the first rule to decide does to the packet, in words: a 127/8 source is denied by rc.firewall's rule 300.
    const covered = addrs.some((e) => {
      const v = filter.judge({
        family: 4,
        proto: "tcp",
        src: addressKey(e),
        dst: OUTSIDE,
        sport: 50000,
        dport: 443,
        iface: ext,
        direction: "out",
      });
      // A `nat` (or a divert to natd) takes it, or a rule whose match only the running host knows may: covered.
      if ((v.verdict === "unknown" || v.verdict === "runtime") && v.decidedBy.kind !== "default") return true;
      const d = v.decidedBy;
      if (d.kind === "rule")
        decidedBy ??= `${d.label} (\`${d.text}\`) ${
          d.action === "block"
            ? `denies its packets out on ${ext}`
            : d.action === "pass"
              ? `passes its packets out on ${ext} untranslated`
              : `decides its packets out on ${ext}`
        } before any \`nat\``;
      return false;
    });
    if (covered) continue;
    const listed = where.map(({ e, iface }) => `${addressKey(e)}${iface ? ` on ${iface}` : ""}`).join(", ");
    const decided = decidedBy ?? `its packets out on ${ext} meet the default rule 65535 with no \`nat\` before it`;
    grouped.add(first.file, first.range, j.name, (jails) => ({
      message: `${jails} has only host-internal IPv4 addresses (${listed}) and no ipfw nat rule covers them: ${decided}, so it cannot reach the outside; ${advice} if it should`,
    }));
  }
  grouped.flush(ctx);
}

/**
 * The rules of `list` that can match traffic from an address, in order: a rule whose sources are single addresses
 * (`binat on em0 from 10.0.0.5 …`, one per jail) is looked up by them, not tried for every jail.
 */
function byHost(list: readonly PfTranslation[]): (ip: string) => readonly PfTranslation[] {
  const general: number[] = [];
  const hosts = new Map<string, number[]>();
  list.forEach((t, i) => {
    const keys = t.from.addresses.map((m) => {
      if (m.kind !== "network" || m.negated) return undefined;
      const [n = "", len = "0"] = m.network.split("/");
      return Number(len) === (n.includes(":") ? 128 : 32) ? n : undefined;
    });
    if (keys.length === 0 || keys.some((k) => k === undefined)) general.push(i);
    else
      for (const k of new Set(keys as string[])) {
        const l = hosts.get(k);
        if (l) l.push(i);
        else hosts.set(k, [i]);
      }
  });
  const all = general.map((i) => list[i] as PfTranslation);
  return (ip) => {
    const own = hosts.get(ip);
    if (!own) return all;
    return [...new Set([...general, ...own])].sort((a, b) => a - b).map((i) => list[i] as PfTranslation);
  };
}
