import { MemoryHost } from "@jaillint/parser";
import { buildHostModel, type ExecFactsCache, hostPfPolicy, interfacesCreatedBy, jailNetwork } from "@jaillint/rules";
import { describe, expect, it } from "vitest";

function model(jail: string, rc?: string, pf?: string) {
  const files: Record<string, string> = { "/etc/jail.conf": jail };
  if (rc !== undefined) files["/etc/rc.conf"] = rc;
  if (pf !== undefined) files["/etc/pf.conf"] = pf;
  return buildHostModel(
    {
      jailConf: ["/etc/jail.conf"],
      ...(rc !== undefined ? { rc: ["/etc/rc.conf"] } : {}),
      ...(pf !== undefined ? { pf: ["/etc/pf.conf"] } : {}),
    },
    new MemoryHost(files),
  );
}

describe("jail network", () => {
  it("keeps jail(8) order across = and +=, splits comma lists, and takes the first as primary", () => {
    const m = model('www {\n  interface = em0;\n  ip4.addr = "203.0.113.5,lo1|127.0.1.1/32";\n  ip4.addr += "10.0.0.1/24";\n}\n');
    const n = m.network.jails[0];
    expect(n?.ip4.map((e) => [e.address, e.interface, e.prefix, e.scope])).toEqual([
      ["203.0.113.5", "em0", 32, "global"],
      ["127.0.1.1", "lo1", 32, "loopback"],
      ["10.0.0.1", "em0", 24, "private"],
    ]);
    expect(n?.primaryIp4?.address).toBe("203.0.113.5");
    expect(m.texts.get("/etc/jail.conf")?.slice(n?.ip4[1]?.range.start, n?.ip4[1]?.range.end)).toBe("lo1|127.0.1.1/32");
  });

  it("gives a VNET jail no addresses and ip4 = disable none either", () => {
    const m = model('a {\n  vnet;\n  ip4.addr = "192.0.2.1";\n}\nb {\n  ip4 = disable;\n}\n');
    expect(m.network.jails.map((j) => [j.vnet, j.ip4.length, j.ip4Mode])).toEqual([
      [true, 0, "new"],
      [false, 0, "disable"],
    ]);
  });

  it("reads the interfaces exec commands create", () => {
    expect(interfacesCreatedBy("ifconfig epair3 create up; ifconfig bridge0 addm epair3a")).toEqual(["epair3a", "epair3b"]);
    expect(interfacesCreatedBy("ifconfig tap0 create name jtap")).toEqual(["tap0", "jtap"]);
    expect(interfacesCreatedBy("/usr/share/examples/jails/jib addm www em0 em1")).toEqual(["e0a_www", "e0b_www", "e1a_www", "e1b_www"]);
  });

  it("reads each distinct exec.* command once for all the jails that share it, and finds each jail's view by jail", () => {
    const jails = Array.from({ length: 30 }, (_, i) => `j${i} {\n  ip4.addr = "lo1|127.0.1.${i + 1}/32";\n}\n`).join("");
    const m = model(`exec.start = "/bin/sh /etc/rc";\nexec.prestart = "ifconfig lo1 create";\n${jails}`);
    const cache: ExecFactsCache = new Map();
    const views = m.jails.map((j) => jailNetwork(j, m.texts, cache));
    // Two commands, one entry each: not one per jail.
    expect(cache.size).toBe(2);
    expect(views.every((v) => v.execInterfaces.has("lo1") && v.execWords.has("rc"))).toBe(true);
    expect(m.jails.map((j) => m.network.networkOf(j)?.name)).toEqual(m.jails.map((j) => j.name));
  });

  it("indexes addresses and finds the interface of a bare address from rc.conf", () => {
    const m = model(
      'a {\n  ip4.addr = "192.0.2.10";\n}\n',
      'ifconfig_em0="inet 192.0.2.2/24"\nifconfig_em0_alias0="inet 192.0.2.10/32"\ncloned_interfaces="lo1"\n',
    );
    const e = m.network.jails[0]?.ip4[0];
    expect(e && m.network.interfaceOf(e)).toBe("em0");
    expect(m.network.addresses.hostHolding("192.0.2.10").map((h) => h.interface)).toEqual(["em0"]);
    expect(m.network.isLoopback("lo1")).toBe(true);
    expect(m.network.interfaces.interfaces.get("lo1")?.origin).toBe("cloned");
  });
});

describe("hostPfPolicy", () => {
  it("turns interface names used as addresses into the addresses rc.conf and jail.conf put there", () => {
    const m = model('a {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n', 'cloned_interfaces="lo1"\n', "pass in on lo1 from lo1 to lo1\n");
    const p = m.pf && hostPfPolicy(m.pf.main.policy, m.network);
    const from = p?.filterRules[0]?.from.addresses[0];
    expect(from?.kind).toBe("table");
    const table = p?.tables.find((t) => from?.kind === "table" && t.name === from.name);
    expect(table?.addresses.map((a) => a.network)).toEqual(["127.0.1.1/32"]);
  });

  it("is built once per policy and host, and keeps the rules that name no interface as they are", () => {
    const m = model(
      'a {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n',
      'cloned_interfaces="lo1"\n',
      "block in all\npass in on lo1 from lo1 to lo1\npass out all\n",
    );
    const original = m.pf?.main.policy;
    const p = original && hostPfPolicy(original, m.network);
    expect(original && hostPfPolicy(original, m.network)).toBe(p);
    expect(p?.filterRules.map((r, i) => r === original?.filterRules[i])).toEqual([true, false, true]);
  });

  it("leaves them alone without rc.conf: the host's own addresses are unknown", () => {
    const m = model('a {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n', undefined, "pass in on lo1 from lo1 to lo1\n");
    const p = m.pf && hostPfPolicy(m.pf.main.policy, m.network);
    expect(p?.filterRules[0]?.from.addresses[0]?.kind).toBe("interface");
  });
});
