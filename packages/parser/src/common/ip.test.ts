import { describe, expect, it } from "vitest";
import { canonicalNetwork, networkContains, parseIp, rangeContains } from "./ip.js";

describe("address helpers", () => {
  it.each([
    ["10.0.0.0", 8, "10.255.1.2", true],
    ["10.0.0.0", 8, "11.0.0.1", false],
    ["192.168.1.0", 24, "192.168.1.255", true],
    ["0.0.0.0", 0, "8.8.8.8", true],
    ["fe80::", 10, "fe80::1", true],
    ["2001:db8::", 32, "2001:db9::1", false],
    ["10.0.0.0", 8, "fe80::1", false],
  ])("%s/%d contains %s: %s", (net, len, addr, want) => {
    expect(networkContains(net, len, addr)).toBe(want);
  });
  it("parses the forms pf.conf writes, and only those", () => {
    expect(parseIp("::1")?.toString()).toBe("::1");
    expect(parseIp("::ffff:1.2.3.4")?.kind()).toBe("ipv6");
    expect(parseIp("1:2:3:4:5:6:7:8")?.kind()).toBe("ipv6");
    expect(parseIp("fe80::1%em0")?.toString()).toBe("fe80::1");
    expect(parseIp("1::2::3")).toBeUndefined();
    expect(parseIp("256.1.1.1")).toBeUndefined();
    // inet_pton takes only the four-part dotted form; ipaddr.js alone would read "10.1" as an address.
    expect(parseIp("10.1")).toBeUndefined();
  });
  it("canonicalizes networks like pfctl", () => {
    expect(canonicalNetwork("127.0.0.1", 8)).toBe("127.0.0.0/8");
    expect(canonicalNetwork("2001:db8::1", 32)).toBe("2001:db8::/32");
    expect(canonicalNetwork("10.0.0.1")).toBe("10.0.0.1/32");
  });
  it("checks ranges", () => {
    expect(rangeContains("10.0.0.1", "10.0.0.5", "10.0.0.3")).toBe(true);
    expect(rangeContains("10.0.0.1", "10.0.0.5", "10.0.0.6")).toBe(false);
  });
});
