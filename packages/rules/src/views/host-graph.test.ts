import { MemoryHost } from "@jaillint/parser";
import { describe, expect, it } from "vitest";
import { lintHost } from "../lint-host.js";
import { type GraphEdge, hostGraph } from "./host-graph.js";

function graphOf(files: Record<string, string>, keep: (code: string) => boolean = () => true) {
  const has = (p: string): boolean => p in files;
  const r = lintHost(
    {
      jailConf: ["/etc/jail.conf"],
      ...(has("/etc/rc.conf") ? { rc: ["/etc/rc.conf"] } : {}),
      ...(has("/etc/pf.conf") ? { pf: ["/etc/pf.conf"] } : {}),
    },
    new MemoryHost(files),
  );
  const diagnostics = r.diagnostics.filter((d) => keep(d.code));
  return { graph: hostGraph(r.model, diagnostics), diagnostics };
}

const reach = (edges: readonly GraphEdge[]) => edges.filter((e): e is Extract<GraphEdge, { kind: "reach" }> => e.kind === "reach");

const TWO_LOOPBACK_JAILS = 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\ndb {\n  ip4.addr = "lo1|127.0.1.2/32";\n}\n';

describe("hostGraph", () => {
  it("lists each jail's addresses in jail(8) order, the primary first, and groups it by the primary's interface", () => {
    const { graph } = graphOf({
      "/etc/jail.conf": 'mail {\n  ip4.addr = "lo1|127.0.1.4/32", "em0|203.0.113.11";\n  ip6.addr = "em0|2001:db8::25";\n}\n',
      "/etc/rc.conf": 'ifconfig_em0="inet 203.0.113.2/24"\ncloned_interfaces="lo1"\n',
    });
    const mail = graph.jails[0];
    expect(mail?.group).toBe("lo1");
    expect(mail?.addresses.map((a) => [a.address, a.interface, a.primary])).toEqual([
      ["127.0.1.4", "lo1", true],
      ["203.0.113.11", "em0", false],
      ["2001:db8::25", "em0", true],
    ]);
    expect(graph.interfaces.map((i) => [i.name, i.loopback, i.known, i.hostAddresses])).toEqual([
      ["lo0", true, true, []],
      ["lo1", true, true, []],
      ["em0", false, true, ["203.0.113.2/24"]],
    ]);
    expect(graph.edges.filter((e) => e.kind === "member")).toEqual([
      { kind: "member", from: "jail:mail", to: "if:lo1", addresses: ["127.0.1.4"] },
      { kind: "member", from: "jail:mail", to: "if:em0", addresses: ["203.0.113.11", "2001:db8::25"] },
    ]);
  });

  it("marks an exposed loopback (JL201) on the jail and its primary address", () => {
    const { graph } = graphOf({ "/etc/jail.conf": 'www {\n  ip4.addr = "em0|203.0.113.10";\n}\n' });
    expect(graph.jails[0]?.exposedLoopback).toBe(true);
    expect(graph.jails[0]?.addresses[0]?.findings.map((f) => f.code)).toEqual(["JL201"]);
    // Without rc.conf nothing is known of the host's interfaces: em0 is neither created nor missing.
    expect(graph.interfaces.find((i) => i.name === "em0")?.known).toBeUndefined();
    const withRc = graphOf({ "/etc/jail.conf": 'www {\n  ip4.addr = "em0|203.0.113.10";\n}\n', "/etc/rc.conf": 'hostname="h"\n' });
    // An interface only a jail names, on a host whose rc.conf does not make it.
    expect(withRc.graph.interfaces.find((i) => i.name === "em0")?.known).toBe(false);
  });

  it("draws no mark for a finding that was suppressed or turned off", () => {
    const { graph } = graphOf({ "/etc/jail.conf": 'www {\n  ip4.addr = "em0|203.0.113.10";\n}\n' }, (c) => c !== "JL201");
    expect(graph.jails[0]?.exposedLoopback).toBe(false);
  });

  it("draws one red reach edge per JL202 finding, naming every destination", () => {
    const { graph, diagnostics } = graphOf({ "/etc/jail.conf": TWO_LOOPBACK_JAILS, "/etc/rc.conf": 'cloned_interfaces="lo1"\n' });
    expect(diagnostics.filter((d) => d.code === "JL202")).toHaveLength(1);
    const edges = reach(graph.edges);
    expect(edges.map((e) => [e.from, e.to, e.verdict, e.finding.code, e.destinations, e.sources])).toEqual([
      ["jail:db", "jail:www", "pass", "JL202", ["www", "db"], 1],
    ]);
    expect(edges[0]?.reason).toBe('rc.conf does not set pf_enable="YES", so pf filters nothing');
    // Without the finding (suppressed), no edge.
    expect(
      reach(
        graphOf({ "/etc/jail.conf": TWO_LOOPBACK_JAILS, "/etc/rc.conf": 'cloned_interfaces="lo1"\n' }, (c) => c !== "JL202").graph.edges,
      ),
    ).toEqual([]);
  });

  it("draws one edge for a JL203 finding that covers several loopback interfaces", () => {
    const { graph, diagnostics } = graphOf({
      "/etc/jail.conf": `${TWO_LOOPBACK_JAILS}cache {\n  ip4.addr = "lo2|127.0.2.1/32";\n}\n`,
      "/etc/rc.conf": 'cloned_interfaces="lo1 lo2"\npf_enable="YES"\n',
      "/etc/pf.conf": "set skip on lo\npass all\n",
    });
    expect(diagnostics.filter((d) => d.code === "JL203")).toHaveLength(1);
    const edges = reach(graph.edges);
    expect(edges.map((e) => [e.finding.code, e.destinations])).toEqual([["JL203", ["www", "db", "cache"]]]);
  });

  it("draws JL202's 'could not decide' as a reach edge of verdict unknown", () => {
    const { graph } = graphOf({
      "/etc/jail.conf": TWO_LOOPBACK_JAILS,
      "/etc/rc.conf": 'cloned_interfaces="lo1"\npf_enable="YES"\n',
      "/etc/pf.conf": "set skip on lo0\nblock all\npass out all\npass in on lo1 proto tcp from lo1 to lo1 user root\n",
    });
    expect(reach(graph.edges).map((e) => [e.from, e.to, e.verdict, e.finding.code, e.finding.severity, e.destinations])).toEqual([
      ["jail:db", "jail:www", "unknown", "JL202", "info", ["www", "db"]],
    ]);
  });

  it("draws no reach edge where pf blocks between the jails", () => {
    const { graph } = graphOf({
      "/etc/jail.conf": TWO_LOOPBACK_JAILS,
      "/etc/rc.conf": 'cloned_interfaces="lo1"\npf_enable="YES"\n',
      "/etc/pf.conf":
        "set skip on lo0\npass all\nblock in quick on lo1 from lo1 to lo1\npass in quick on lo1 from 127.0.1.1 to 127.0.1.1\npass in quick on lo1 from 127.0.1.2 to 127.0.1.2\n",
    });
    expect(reach(graph.edges)).toEqual([]);
  });

  it("draws public ports pf redirects, to the jail holding the target or to nowhere, and nat from the jails' interface", () => {
    const { graph } = graphOf({
      "/etc/jail.conf": TWO_LOOPBACK_JAILS,
      "/etc/rc.conf": 'ifconfig_em0="inet 203.0.113.2/24"\ncloned_interfaces="lo1"\npf_enable="YES"\n',
      "/etc/pf.conf":
        'ext_if = "em0"\nnat on $ext_if from 127.0.1.0/24 to any -> ($ext_if)\nrdr pass on $ext_if proto tcp to port 80 -> 127.0.1.1\nrdr pass on $ext_if proto tcp to port 8080 -> 127.0.1.9 port 80\nset skip on lo0\npass all\nblock in quick on lo1 from lo1 to lo1\n',
    });
    expect(graph.internet).toBe(true);
    expect(graph.ports.map((p) => [p.id, p.interfaces, p.protos, p.ports, p.rule])).toEqual([
      ["rdr:1", ["em0"], ["tcp"], ["80"], "rdr pass on $ext_if proto tcp to port 80 -> 127.0.1.1"],
      ["rdr:2", ["em0"], ["tcp"], ["8080"], "rdr pass on $ext_if proto tcp to port 8080 -> 127.0.1.9 port 80"],
    ]);
    const rdr = graph.edges.filter((e) => e.kind === "rdr");
    expect(rdr.map((e) => [e.from, e.to, e.address, e.port, e.findings.map((f) => f.code)])).toEqual([
      ["rdr:1", "jail:www", "127.0.1.1", undefined, []],
      ["rdr:2", "nowhere:127.0.1.9", "127.0.1.9", "80", ["JL209"]],
    ]);
    expect(graph.nowhere).toEqual([{ id: "nowhere:127.0.1.9", address: "127.0.1.9" }]);
    expect(graph.edges.filter((e) => e.kind === "nat")).toEqual([
      { kind: "nat", from: "if:lo1", to: "internet", rule: "nat on $ext_if from 127.0.1.0/24 to any -> ($ext_if)", jails: ["www", "db"] },
    ]);
  });
});
