import { buildPfPolicy, type PfAddressMatch, parsePfConf } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { AddressClassifier, type Matcher, overrideId, overrideSeen } from "./address-classes.js";
import { addressMatcher } from "./jail-reachability.js";

const address = (i: number): string => `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;

/** `tables` tables of `size` addresses each, every one named in a `from`, and a few elements of other kinds. */
function policyOf(tables: number, size: number) {
  const lines: string[] = [];
  for (let t = 0; t < tables; t++)
    lines.push(`table <g${t}> { ${Array.from({ length: size }, (_, k) => address(t * size + k)).join(" ")} }`);
  lines.push("table <run> persist");
  for (let t = 0; t < tables; t++) lines.push(`pass in on lo1 from <g${t}> to any`);
  lines.push("block in on lo1 from ! <g0> to any", "pass in on lo1 from 127.1.0.0/24 to any", "pass in on lo1 from <run> to any");
  lines.push("block in on lo1 from ! 127.1.0.7 to any");
  return buildPfPolicy(parsePfConf(`${lines.join("\n")}\n`));
}

function elementsOf(policy: ReturnType<typeof policyOf>): PfAddressMatch[] {
  return policy.filterRules.flatMap((r) => r.from.addresses);
}

describe("AddressClassifier", () => {
  it("answers for tables and single addresses by index: only networks and ranges are asked address by address", () => {
    const policy = policyOf(200, 20);
    const elements = elementsOf(policy);
    const asked: string[] = [];
    const plain = addressMatcher(policy);
    const counting = (m: PfAddressMatch): Matcher => {
      const f = plain(m);
      return (ip) => {
        asked.push(m.kind);
        return f(ip);
      };
    };
    const classifier = new AddressClassifier(elements, policy, counting);
    const n = 4000;
    for (let i = 0; i < n; i++) classifier.classify(address(i));
    // 204 elements, 4,000 addresses: one question each, for the one network, not 816,000.
    expect(asked.length).toBe(n);
    expect(new Set(asked)).toEqual(new Set(["network"]));
    expect(classifier.dynamicIds).toEqual([elements.findIndex((e) => e.kind === "network" && e.network === "127.1.0.0/24")]);
  });

  it("says what every element says, as addressMatcher would", () => {
    const policy = policyOf(3, 4);
    const elements = elementsOf(policy);
    const plain = addressMatcher(policy);
    const classifier = new AddressClassifier(elements, policy, plain);
    const matchers = elements.map(plain);
    for (const ip of [address(0), address(5), address(6), address(11), address(12), "127.1.0.7", "10.0.0.1", "::1"]) {
      const c = classifier.classify(ip);
      const full = elements.map((_, id) => {
        const d = classifier.dynamicIds.indexOf(id);
        if (d >= 0) return c.dynamic[d];
        const o = c.overrides.find((code) => overrideId(code) === id);
        return o === undefined ? classifier.defaultOf(id) : overrideSeen(o);
      });
      expect(full).toEqual(matchers.map((f) => f(ip)));
    }
  });

  it("gives equal keys to addresses that every element sees alike, and only to those", () => {
    const policy = policyOf(3, 4);
    const classifier = new AddressClassifier(elementsOf(policy), policy, addressMatcher(policy));
    const key = (ip: string): string => classifier.classify(ip).key;
    expect(key(address(1))).toBe(key(address(2)));
    expect(key(address(1))).not.toBe(key(address(5)));
    expect(key("127.1.0.7")).not.toBe(key(address(0)));
    expect(key("10.0.0.1")).toBe(key("10.0.0.2"));
  });
});
