import { describe, expect, it } from "vitest";
import { canonicalNetwork, networkContains, parseAddress, rangeContains } from "./address.js";

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
  it("parses IPv6 forms", () => {
    expect(parseAddress("::1")?.value).toBe(1n);
    expect(parseAddress("::ffff:1.2.3.4")?.value).toBe(0xffff01020304n);
    expect(parseAddress("1:2:3:4:5:6:7:8")?.af).toBe("inet6");
    expect(parseAddress("1::2::3")).toBeUndefined();
    expect(parseAddress("256.1.1.1")).toBeUndefined();
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
