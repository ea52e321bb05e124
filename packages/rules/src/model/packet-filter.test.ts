import { MemoryHost } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { buildHostModel } from "./host-model.js";
import { type FilterJudgement, type FilterPacket, hostPacketFilter } from "./packet-filter.js";

const JAILS = 'a { ip4.addr = "lo1|127.0.1.1/32"; }\nb { ip4.addr = "lo1|127.0.1.2/32"; }\n';
const NET = 'ifconfig_em0="inet 203.0.113.2/24"\ncloned_interfaces="lo1"\n';

// One policy written twice: pf's `quick` rules decide at the first match, as every ipfw rule does.
const PF = `table <dyn> persist
set skip on lo0
pass in quick on lo1 proto tcp from 127.0.1.1 to 127.0.1.2 port 5432
block in quick on lo1 from 127.0.1.0/24 to 127.0.1.0/24
pass out quick on lo1 all
pass in quick inet6 proto tcp from fd00::1 to fd00::2 port 443
block in quick inet6 all
block in quick on em0 from <dyn>
pass quick all
`;
const IPFW = `#!/bin/sh
ipfw -q -f flush
ipfw -q add 100 allow ip from any to any via lo0
ipfw -q add 200 allow tcp from 127.0.1.1 to 127.0.1.2 5432 in recv lo1
ipfw -q add 300 deny ip from 127.0.1.0/24 to 127.0.1.0/24 in recv lo1
ipfw -q add 400 allow ip from any to any out xmit lo1
ipfw -q add 500 allow tcp from fd00::1 to fd00::2 443 in
ipfw -q add 600 deny ip6 from any to any in
ipfw -q add 700 deny ip from "table(9)" to any in recv em0
ipfw -q add 800 allow ip from any to any
`;

function model(files: Record<string, string>) {
  const all = { "/etc/jail.conf": JAILS, ...files };
  const pf = "/etc/pf.conf" in all ? ["/etc/pf.conf"] : [];
  return buildHostModel({ jailConf: ["/etc/jail.conf"], rc: ["/etc/rc.conf"], pf }, new MemoryHost(all));
}

const pfHost = () => model({ "/etc/rc.conf": `${NET}pf_enable="YES"\n`, "/etc/pf.conf": PF });
const ipfwHost = () =>
  model({ "/etc/rc.conf": `${NET}firewall_enable="YES"\nfirewall_script="/etc/ipfw.rules"\n`, "/etc/ipfw.rules": IPFW });

const tcp = (over: Partial<FilterPacket>): FilterPacket => ({
  family: 4,
  proto: "tcp",
  src: "127.0.1.1",
  dst: "127.0.1.2",
  sport: 50000,
  dport: 5432,
  iface: "lo1",
  direction: "in",
  ...over,
});

/** The packets and the verdict both filters must give, with the rule each names (pf's line, ipfw's number). */
const TABLE: readonly [string, FilterPacket, FilterJudgement["verdict"], string, string][] = [
  ["the pair passed by name", tcp({}), "pass", "rule 3", "rule 200"],
  ["another jail in on lo1", tcp({ src: "127.0.1.3" }), "block", "rule 4", "rule 300"],
  ["another jail out on lo1", tcp({ src: "127.0.1.3", direction: "out" }), "pass", "rule 5", "rule 400"],
  ["lo0 is not filtered", tcp({ proto: "udp", dport: 53, iface: "lo0" }), "pass", "skip lo0", "rule 100 (whole interface)"],
  ["IPv6: the pair passed by name", tcp({ family: 6, src: "fd00::1", dst: "fd00::2", dport: 443 }), "pass", "rule 6", "rule 500"],
  ["IPv6: another source", tcp({ family: 6, src: "fd00::3", dst: "fd00::2", dport: 443 }), "block", "rule 7", "rule 600"],
  [
    "IPv6 out: only the last rule matches it",
    tcp({ family: 6, src: "fd00::2", dst: "2001:db8::9", dport: 80, iface: "em0", direction: "out" }),
    "pass",
    "rule 9",
    "rule 800",
  ],
  [
    "IPv4 from the internet: a table filled at run time decides",
    tcp({ src: "198.51.100.7", dst: "203.0.113.2", dport: 22, iface: "em0" }),
    "runtime",
    "rule 8",
    "rule 700",
  ],
];

function brief(j: FilterJudgement, text: string): string {
  const d = j.decidedBy;
  if (d.kind === "skip") return `skip ${d.name}`;
  if (d.kind !== "rule") return d.kind;
  if (d.program === "ipfw") return `rule ${d.number}${d.wholeInterface ? " (whole interface)" : ""}`;
  return `rule ${text.slice(0, d.range.start).split("\n").length}`;
}

describe("the packet filter: one question, pf and ipfw alike", () => {
  const pf = pfHost();
  const ipfw = ipfwHost();
  const pfFilter = hostPacketFilter(pf);
  const ipfwFilter = hostPacketFilter(ipfw);

  it.each(TABLE)("%s", (_name, packet, verdict, pfRule, ipfwRule) => {
    const p = pfFilter.judge(packet);
    const i = ipfwFilter.judge(packet);
    expect([p.verdict, brief(p, PF)]).toEqual([verdict, pfRule]);
    expect([i.verdict, brief(i, IPFW)]).toEqual([verdict, ipfwRule]);
  });

  it("names the program, the rc.conf line that enables it, and the deciding rule", () => {
    expect([pfFilter.program, pfFilter.judging, pfFilter.title, pfFilter.host]).toEqual(["pf", "pf", "the packet filter (pf)", undefined]);
    expect([ipfwFilter.program, ipfwFilter.judging, ipfwFilter.title]).toEqual(["ipfw", "ipfw", "the packet filter (ipfw)"]);
    const rcText = (m: typeof pf, at: { start: number; end: number } | undefined) =>
      at ? m.texts.get("/etc/rc.conf")?.slice(at.start, at.end) : undefined;
    expect(rcText(pf, pfFilter.enabledBy?.range)).toBe('pf_enable="YES"');
    expect(rcText(ipfw, ipfwFilter.enabledBy?.range)).toBe('firewall_enable="YES"');
    const p = pfFilter.judge(tcp({ src: "127.0.1.3" })).decidedBy;
    expect(p).toMatchObject({ kind: "rule", program: "pf", action: "block", quick: true, file: "/etc/pf.conf" });
    expect(p.label).toBe("pf rule `block in quick on lo1 from 127.0.1.0/24 to 127.0.1.0/24`");
    const i = ipfwFilter.judge(tcp({ src: "127.0.1.3" })).decidedBy;
    expect(i).toMatchObject({ kind: "rule", program: "ipfw", action: "block", number: 300, file: "/etc/ipfw.rules" });
    expect(i.label).toBe("ipfw rule 300");
  });

  it("ipfw: a packet no rule decides meets rule 65535, whose action is the kernel's: decided at run time", () => {
    const m = model({
      "/etc/rc.conf": `${NET}firewall_enable="YES"\nfirewall_script="/etc/ipfw.rules"\n`,
      "/etc/ipfw.rules": "ipfw add 100 count ip from any to any\n",
    });
    const j = hostPacketFilter(m).judge(tcp({}));
    expect(j.verdict).toBe("runtime");
    expect(j.decidedBy).toEqual({ kind: "default", program: "ipfw", label: "ipfw's default rule 65535" });
    expect(j.detail).toContain("net.inet.ip.fw.default_to_accept");
  });

  it("ipfw: the state a keep-state rule made for the first leg decides the next one", () => {
    const m = model({
      "/etc/rc.conf": `${NET}firewall_enable="YES"\nfirewall_script="/etc/ipfw.rules"\n`,
      "/etc/ipfw.rules":
        "ipfw add 100 check-state\nipfw add 200 allow tcp from 127.0.1.1 to 127.0.1.2 out keep-state\nipfw add 300 deny ip from any to any\n",
    });
    const f = hostPacketFilter(m);
    const out = f.judge(tcp({ direction: "out" }));
    expect([out.verdict, out.decidedBy.kind === "rule" && out.decidedBy.number]).toEqual(["pass", 200]);
    // Without the first leg's state the rules deny it; with it, the rule that made the state decides at check-state.
    expect(f.judge(tcp({})).verdict).toBe("block");
    const back = f.judge(tcp({}), out);
    expect(back.verdict).toBe("pass");
    expect(back.decidedBy).toMatchObject({ kind: "rule", number: 200, stateAt: 100 });
  });
});

describe("which program filters", () => {
  it("pf off in rc.conf: every packet passes, said by the pf_enable line", () => {
    const f = hostPacketFilter(model({ "/etc/rc.conf": `${NET}pf_enable="NO"\n`, "/etc/pf.conf": PF }));
    expect([f.program, f.judging]).toEqual(["none", undefined]);
    expect(f.host).toMatchObject({ verdict: "pass", cause: "pf-disabled", reason: 'rc.conf sets pf_enable="NO", so pf filters nothing' });
    expect(f.judge(tcp({ src: "127.0.1.3" })).verdict).toBe("pass");
  });

  it("ipfw whose script cannot be read: not judged, and not told to enable pf", () => {
    const f = hostPacketFilter(model({ "/etc/rc.conf": `${NET}firewall_enable="YES"\nfirewall_script="/etc/missing.rules"\n` }));
    expect([f.program, f.judging, f.title]).toEqual(["ipfw", undefined, "the packet filter (ipfw)"]);
    expect(f.host).toMatchObject({ verdict: "unknown", cause: "ipfw" });
    expect(f.judge(tcp({})).verdict).toBe("unknown");
  });

  it("both enabled: pf's rules judge (JL305 says the two verdicts are not combined)", () => {
    const f = hostPacketFilter(
      model({
        "/etc/rc.conf": `${NET}pf_enable="YES"\nfirewall_enable="YES"\nfirewall_script="/etc/ipfw.rules"\n`,
        "/etc/pf.conf": PF,
        "/etc/ipfw.rules": IPFW,
      }),
    );
    expect([f.program, f.judging]).toEqual(["both", "pf"]);
  });

  it("pf enabled without its pf.conf: unknown", () => {
    const f = hostPacketFilter(model({ "/etc/rc.conf": `${NET}pf_enable="YES"\n` }));
    expect([f.program, f.judging]).toEqual(["pf", undefined]);
    expect(f.host).toMatchObject({ verdict: "unknown", cause: "pf-unread", reason: "pf is enabled but its pf.conf was not given" });
  });

  it("ipfw refuses what its evaluator cannot answer; pf answers", () => {
    expect(hostPacketFilter(ipfwHost()).refuses({ proto: "icmp", dport: undefined })).toBe(
      "ICMP is not traced through ipfw's rules: ask about tcp or udp",
    );
    expect(hostPacketFilter(ipfwHost()).refuses({ proto: "tcp", dport: undefined })).toBe(
      "ipfw's rules are traced for one destination port: write --to NAME:PORT",
    );
    expect(hostPacketFilter(pfHost()).refuses({ proto: "icmp", dport: undefined })).toBeUndefined();
  });
});
