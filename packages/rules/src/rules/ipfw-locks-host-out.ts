import { evaluateIpfwPacket, type IpfwPacket } from "@jaillint/parser";
import { defineRule } from "../engine/rule.js";

/** Addresses from the documentation ranges (RFC 5737): a host outside, and the host itself. */
const OUTSIDE = "198.51.100.7";
const SELF = "192.0.2.1";

export const ipfwLocksHostOut = defineRule({
  code: "JL306",
  name: "ipfw-locks-host-out",
  severity: "warning",
  fixable: false,
  needs: ["rc"],
  scope: "host",
  docs: {
    what: 'An rc.conf that enables ipfw (`firewall_enable="YES"`) with rules that decide nothing but loopback traffic: an ssh connection coming in on the host\'s network interface and a connection the host opens both meet ipfw\'s default rule 65535. Typically `firewall_enable="YES"` alone, whose firewall_type defaults to `UNKNOWN`.',
    why: 'libexec/rc/rc.firewall adds its loopback rules (100–500) and the IPv6 neighbour-discovery ones for every firewall_type, and nothing more for `UNKNOWN` ("disables the loading of firewall rules"), the default of /etc/defaults/rc.conf. A packet no rule decides meets the default rule 65535, which denies unless the kernel was built with IPFIREWALL_DEFAULT_TO_ACCEPT or the loader sets net.inet.ip.fw.default_to_accept (ipfw(8)); rc.d/ipfw itself warns "All ip services are disabled" when it loads no rules onto a deny default. Enabling ipfw that way over ssh cuts the session and every service of the host and its jails off the network; the configuration files do not show the kernel\'s default, hence a warning.',
    example: {
      kind: "rc",
      bad: 'ifconfig_em0="inet 192.0.2.2/24"\nfirewall_enable="YES"\n',
      good: 'ifconfig_em0="inet 192.0.2.2/24"\nfirewall_enable="YES"\nfirewall_type="workstation"\nfirewall_myservices="22/tcp"\nfirewall_allowservices="any"\n',
    },
    fix: 'Choose rules before enabling ipfw: a `firewall_type` (`workstation` with `firewall_myservices="22/tcp"` and `firewall_allowservices`, or `client`, `simple`), a file of ipfw commands as firewall_type, or a `firewall_script`; make sure one of them passes ssh before the host reboots or `service ipfw start` runs.',
  },
  check({ model, report }) {
    const ipfw = model.ipfw;
    const rc = model.rc?.config;
    if (!ipfw || !rc?.firewallEnable.enabled) return;
    const ext = rc.configuredInterfaces().find((i) => !/^lo\d*$/.test(i.renamedTo ?? i.name))?.name ?? "em0";
    const local = (a: string): boolean => a === SELF || a.startsWith("127.");
    const base = { ifname: ext, proto: "tcp", sport: 50000, local } as const;
    const packets: IpfwPacket[] = [
      { ...base, direction: "in", src: OUTSIDE, dst: SELF, dport: 22 },
      { ...base, direction: "out", src: SELF, dst: OUTSIDE, dport: 443 },
    ];
    if (!packets.every((p) => evaluateIpfwPacket(ipfw.ruleset, p).defaultRule)) return;
    const where = ipfw.origin.source ?? rc.firewallEnable.source;
    if (!where) return;
    const what =
      ipfw.origin.kind === "rc.firewall"
        ? `rc.firewall adds only its loopback rules for firewall_type="${ipfw.origin.type}"`
        : `the ipfw rules of ${ipfw.origin.path} pass nothing but loopback traffic`;
    report({
      message: `${what}: an ssh connection in on ${ext} and every connection out meet ipfw's default rule 65535, which denies unless the kernel accepts by default (IPFIREWALL_DEFAULT_TO_ACCEPT, net.inet.ip.fw.default_to_accept), so the host and its jails lose the network when ipfw starts; choose a firewall_type or script that passes what the host serves`,
      file: where.file,
      range: where.range,
    });
  },
});
