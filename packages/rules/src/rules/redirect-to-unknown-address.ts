import { canonicalNetwork, networkContains, parseIp } from "@jaillint/parser";
import { defineRule } from "../engine/rule.js";
import { addressScope } from "../model/jail-address.js";

export const redirectToUnknownAddress = defineRule({
  code: "JL209",
  name: "redirect-to-unknown-address",
  severity: "warning",
  fixable: false,
  needs: ["jail", "rc", "pf"],
  scope: "host",
  docs: {
    what: "A pf `rdr` (or `rdr-to`) to an internal address (loopback, RFC 1918, CGNAT, ULA) that no jail and no host interface holds, and that is on none of the host's networks.",
    why: "The redirect is meant for a jail, usually one on lo1; when the address is a typo or the jail was renumbered, pf rewrites the connection to an address nobody answers on, and the service is simply down. The example's jail.conf holds 127.0.1.1 on lo1 and rc.conf clones lo1.",
    example: {
      kind: "pf",
      bad: "rdr pass on em0 proto tcp to port 80 -> 127.0.1.9\n",
      good: "rdr pass on em0 proto tcp to port 80 -> 127.0.1.1\n",
    },
    context: { jail: 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n', rc: 'ifconfig_em0="inet 203.0.113.2/24"\ncloned_interfaces="lo1"\n' },
    fix: "Point the redirect at the address the jail holds (its `ip4.addr`), or give the jail that address.",
  },
  check({ model, report }) {
    const pf = model.pf;
    const net = model.network;
    if (!pf) return;
    // Networks the host is on: an internal address in one of them may be another machine on that link. A prefix on a
    // loopback interface is no link (in.c installs no prefix route for it), and 127/8 never leaves the host.
    // Each network once (jails on one LAN share it), and a jail's host address (/32, /128) is no network at all.
    const networks = new Map<string, { address: string; prefix: number }>();
    const onNetwork = (address: string, prefix: number | undefined, iface: string | undefined): void => {
      if (prefix === undefined || prefix >= (address.includes(":") ? 128 : 32)) return;
      if ((iface !== undefined && net.isLoopback(iface)) || networkContains("127.0.0.0", 8, address)) return;
      const key = (Number.isInteger(prefix) && prefix >= 0 ? canonicalNetwork(address, prefix) : undefined) ?? `${address}/${prefix}`;
      if (!networks.has(key)) networks.set(key, { address, prefix });
    };
    for (const h of net.interfaces.addresses) onNetwork(h.address, h.prefix, h.interface);
    for (const j of net.jails) {
      for (const e of [...j.ip4, ...j.ip6]) {
        if (!e.ip || e.prefix >= (e.family === 6 ? 128 : 32)) continue;
        onNetwork(e.key, e.prefix, net.interfaceOf(e));
      }
    }
    const onLink = [...networks.values()];
    // The first few jails of each scope, named in a finding: worked out once per scope, not once per finding.
    const nearBy = new Map<string, string[]>();
    const nearFor = (scope: string): string[] => {
      let near = nearBy.get(scope);
      if (!near) {
        near = [];
        for (const j of net.jails) {
          for (const e of j.ip4.concat(j.ip6)) if (near.length < 3 && e.ip && e.scope === scope) near.push(`"${j.name}" ${e.key}`);
          if (near.length >= 3) break;
        }
        nearBy.set(scope, near);
      }
      return near;
    };
    // Networks known only on the host: one taken by DHCP, or reached through static routes. Any address off 127/8
    // may be a machine there.
    const rc = model.rc?.config;
    const unknownNetworks =
      net.interfaces.dhcp.size > 0 ||
      net.interfaces.defaultConfigured ||
      (rc?.words("static_routes").length ?? 0) > 0 ||
      (rc?.words("ipv6_static_routes").length ?? 0) > 0;
    for (const file of pf.files) {
      for (const t of file.policy.translations) {
        // A rule from an included file is reported with that file's own entry.
        if (t.file || t.no || !(t.kind === "rdr" || t.kind === "rdr-to") || !t.target) continue;
        for (const a of t.target.addresses) {
          if (a.kind !== "network" || a.negated) continue;
          const [addr = "", len = ""] = a.network.split("/");
          const ip = parseIp(addr);
          if (Number(len) !== (a.af === "inet" ? 32 : 128) || !ip) continue;
          // A target some jail holds (nearly all of them) is fine whatever its scope: looked up before the scope is.
          const key = ip.toString();
          if (net.addresses.jailsHolding(key).length > 0 || net.addresses.hostHolding(key).length > 0) continue;
          const scope = addressScope(ip);
          if (scope === "global" || scope === "link-local" || scope === "multicast" || scope === "unspecified") continue;
          if (key === "127.0.0.1" || key === "::1") continue;
          if (onLink.some((n) => networkContains(n.address, n.prefix as number, key))) continue;
          if (unknownNetworks && scope !== "loopback") continue;
          const near = nearFor(scope);
          report({
            message: `${t.kind} sends traffic to ${key}, which no jail and no host interface holds: the redirected connections go nowhere; point it at the jail's address${near.length > 0 ? ` (jails: ${near.join(", ")})` : ""}`,
            file: file.file,
            range: a.range,
          });
        }
      }
    }
  },
});
