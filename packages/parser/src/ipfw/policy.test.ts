import { describe, expect, it } from "vitest";
import { parseIpfwFile } from "./index.js";
import { buildIpfwRuleset, evaluateIpfwPacket, type IpfwPacket } from "./policy.js";

const LOCAL = new Set(["127.0.1.2", "fd00::2"]);

const v4: IpfwPacket = {
  direction: "in",
  ifname: "lo1",
  proto: "tcp",
  src: "127.0.1.1",
  dst: "127.0.1.2",
  sport: 50000,
  dport: 22,
  local: (a) => LOCAL.has(a),
};
const v6: IpfwPacket = { ...v4, src: "fd00::1", dst: "fd00::2" };

/** The verdict and deciding rule number for an IPv4 and an IPv6 packet alike. */
function both(text: string): [string, number | undefined][] {
  const rs = buildIpfwRuleset([{ file: "f", commands: parseIpfwFile(text).commands }]);
  return [v4, v6].map((p) => {
    const v = evaluateIpfwPacket(rs, p);
    return [v.verdict, v.rule?.number];
  });
}

// sbin/ipfw/ipfw2.c add_proto_compat and add_src/add_dst; sys/netpfil/ipfw/ip_fw2.c ipfw_chk (is_ipv4, is_ipv6).
describe("ipfw judges IPv4 and IPv6 packets", () => {
  it("`ip` and `all` match either family", () => {
    expect(both("add 100 deny ip from any to any\n")).toEqual([
      ["block", 100],
      ["block", 100],
    ]);
    expect(both("add 100 deny all from any to any\n")).toEqual([
      ["block", 100],
      ["block", 100],
    ]);
  });

  it("`ip4`/`ipv4` (O_IP4) match only IPv4, `ip6`/`ipv6` (O_IP6) only IPv6", () => {
    const rest = "add 200 allow ip from any to any\n";
    expect(both(`add 100 deny ip4 from any to any\n${rest}`)).toEqual([
      ["block", 100],
      ["pass", 200],
    ]);
    expect(both(`add 100 deny ipv4 from any to any\n${rest}`)).toEqual([
      ["block", 100],
      ["pass", 200],
    ]);
    expect(both(`add 100 deny ip6 from any to any\n${rest}`)).toEqual([
      ["pass", 200],
      ["block", 100],
    ]);
    expect(both(`add 100 deny ipv6 from any to any\n${rest}`)).toEqual([
      ["pass", 200],
      ["block", 100],
    ]);
  });

  it("`me` matches a local address of either family (O_IP_DST_ME falls through to O_IP6_DST_ME); `me6` only IPv6", () => {
    const rest = "add 200 allow ip from any to any\n";
    expect(both(`add 100 deny tcp from any to me 22\n${rest}`)).toEqual([
      ["block", 100],
      ["block", 100],
    ]);
    expect(both(`add 100 deny tcp from any to me6 22\n${rest}`)).toEqual([
      ["pass", 200],
      ["block", 100],
    ]);
    // Neither source is local.
    expect(both(`add 100 deny tcp from me to any\n${rest}`)).toEqual([
      ["pass", 200],
      ["pass", 200],
    ]);
  });

  it("an address or network matches only packets of its own family (O_IP_SRC_MASK, O_IP6_SRC_MASK)", () => {
    const rest = "add 300 allow ip from any to any\n";
    expect(both(`add 100 deny ip from 127.0.1.0/24 to any\nadd 200 deny ip from fd00::/64 to any 80\n${rest}`)).toEqual([
      ["block", 100],
      ["pass", 300],
    ]);
    expect(both(`add 100 deny ip from fd00::1 to any\n${rest}`)).toEqual([
      ["pass", 300],
      ["block", 100],
    ]);
  });

  it("a table holds addresses of both families", () => {
    const text = "table 1 add fd00::1\nadd 100 deny ip from table(1) to any\nadd 200 allow ip from any to any\n";
    expect(both(text)).toEqual([
      ["pass", 200],
      ["block", 100],
    ]);
  });
});
