/**
 * The rules FreeBSD's libexec/rc/rc.firewall adds (rc.d/ipfw runs it when `firewall_script` is unset or
 * /etc/rc.firewall), as data: the ipfw commands it runs for a `firewall_type`, with the rc.conf variables it
 * reads substituted as its sh code does. It assumes an IPv6-capable kernel (rc.firewall's `afexists inet6`, true
 * for GENERIC). The names rc.firewall knows are matched without regard to case, as its `case` patterns do.
 */
export const RC_FIREWALL_TYPES = ["open", "client", "simple", "closed", "workstation", "unknown"] as const;
export type RcFirewallType = (typeof RC_FIREWALL_TYPES)[number];

/** The firewall_type rc.firewall knows by name, or undefined for a file name (or anything else). */
export function rcFirewallType(value: string): RcFirewallType | undefined {
  const v = value.toLowerCase();
  return (RC_FIREWALL_TYPES as readonly string[]).includes(v) ? (v as RcFirewallType) : undefined;
}

const yes = (v: string | undefined): boolean => /^yes$/i.test(v ?? "");
const words = (v: string | undefined): string[] => (v ?? "").split(/[ \t\n]+/).filter((w) => w !== "");

/**
 * The ipfw commands (one a line, in a form `parseIpfwFile` reads) rc.firewall runs for `type`, `vars` being
 * rc.conf's variables. The loopback rules 100–500 (setup_loopback) and the IPv6 neighbour-discovery rules
 * (setup_ipv6_mandatory) come first for every type, a file named by firewall_type included.
 */
export function rcFirewallCommands(type: RcFirewallType | "file", vars: (name: string) => string | undefined): string {
  const out: string[] = ["-f flush"];
  const add = (rule: string): void => {
    out.push(`add ${rule}`);
  };
  // setup_loopback
  add("100 pass all from any to any via lo0");
  add("200 deny all from any to 127.0.0.0/8");
  add("300 deny ip from 127.0.0.0/8 to any");
  add("400 deny all from any to ::1");
  add("500 deny all from ::1 to any");
  // setup_ipv6_mandatory
  add("pass ipv6-icmp from :: to ff02::/16");
  add("pass ipv6-icmp from fe80::/10 to fe80::/10");
  add("pass ipv6-icmp from fe80::/10 to ff02::/16");
  add("pass ipv6-icmp from any to any icmp6types 1");
  add("pass ipv6-icmp from any to any icmp6types 2,135,136");
  if (type === "open" || type === "client") {
    const natdIf = vars("natd_interface");
    if (yes(vars("natd_enable")) && natdIf) add(`50 divert natd ip4 from any to any via ${natdIf}`);
    const natIf = vars("firewall_nat_interface");
    if (yes(vars("firewall_nat_enable")) && natIf) {
      const flags = vars("firewall_nat_flags") ?? "";
      const kind = /^[0-9]+(\.[0-9]+){0,3}$/.test(natIf) ? "ip" : "if";
      out.push(`nat 123 config log ${kind} ${natIf} ${flags}`.trim());
      add(`50 nat 123 ip4 from any to any via ${natIf}`);
    }
  }
  switch (type) {
    case "open":
      add("65000 pass all from any to any");
      break;
    case "client": {
      const net = vars("firewall_client_net") ?? "";
      const net6 = vars("firewall_client_net_ipv6") ?? "";
      add(`pass all from ${net} to 255.255.255.255`);
      add(`pass all from me to ${net}`);
      add(`pass all from ${net} to me`);
      if (net6) {
        add(`pass all from me to ${net6}`);
        add(`pass all from ${net6} to me`);
        add("pass all from fe80::/10 to ff02::/16");
        add(`pass all from ${net6} to ff02::/16`);
        add("pass udp from fe80::/10 to me 546");
      }
      add("pass tcp from any to any established");
      add("pass all from any to any frag");
      add("pass tcp from any to me 25 setup");
      add("pass tcp from me to any setup");
      add("deny tcp from any to any setup");
      add("pass udp from me to any 53 keep-state");
      add("pass udp from me to any 123 keep-state");
      break;
    }
    case "simple": {
      const oif = vars("firewall_simple_oif") ?? "";
      const onet = vars("firewall_simple_onet") ?? "";
      const iif = vars("firewall_simple_iif") ?? "";
      const inet = vars("firewall_simple_inet") ?? "";
      add(`deny all from ${inet} to any in via ${oif}`);
      add(`deny all from ${onet} to any in via ${iif}`);
      out.push("table 13 flush");
      for (const n of [
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "0.0.0.0/8",
        "169.254.0.0/16",
        "192.0.2.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
      ])
        out.push(`table 13 add ${n}`);
      add(`deny all from any to table(13) via ${oif}`);
      const natdIf = vars("natd_interface");
      if (yes(vars("natd_enable")) && natdIf) add(`divert natd ip4 from any to any via ${natdIf}`);
      add(`deny all from table(13) to any via ${oif}`);
      add("pass tcp from any to any established");
      add("pass all from any to any frag");
      add("pass tcp from any to me 25 setup");
      add("pass tcp from any to me 53 setup");
      add("pass udp from any to me 53");
      add("pass udp from me 53 to any");
      add("pass tcp from any to me 80 setup");
      add(`deny log ip4 from any to any in via ${oif} setup proto tcp`);
      add("pass tcp from any to any setup");
      add("pass udp from me to any 53 keep-state");
      add("pass udp from me to any 123 keep-state");
      break;
    }
    case "workstation": {
      add("check-state");
      add("pass tcp from me to any established");
      add("pass tcp from me to any setup keep-state");
      add("pass udp from me to any keep-state");
      add("pass icmp from me to any keep-state");
      add("pass ipv6-icmp from me to any keep-state");
      add("pass udp from 0.0.0.0 68 to 255.255.255.255 67 out");
      add("pass udp from any 67 to me 68 in");
      add("pass udp from any 67 to 255.255.255.255 68 in");
      add("pass udp from fe80::/10 to me 546 in");
      add("pass icmp from any to any icmptype 8");
      add("pass ipv6-icmp from any to any icmp6type 128,129");
      add("pass icmp from any to any icmptype 3,4,11");
      add("pass ipv6-icmp from any to any icmp6type 3");
      for (const i of words(vars("firewall_allowservices"))) {
        for (const j of words(vars("firewall_myservices"))) {
          const m = /^([0-9A-Za-z].*)\/(proto|tcp|udp)$/i.exec(j);
          if (m && (m[2] as string).toLowerCase() === "proto") add(`pass ${m[1]} from ${i} to me`);
          else if (m) add(`pass ${(m[2] as string).toLowerCase()} from ${i} to me ${m[1]}`);
          else if (/[0-9A-Za-z]$/.test(j)) add(`pass tcp from ${i} to me ${j}`);
        }
      }
      for (const i of words(vars("firewall_trusted"))) add(`pass ip from ${i} to me`);
      add("65000 count ip from any to any");
      for (const i of words(vars("firewall_nologports"))) add(`deny { tcp or udp } from any to any ${i} in`);
      add("deny ip from any to 255.255.255.255");
      add("deny ip from any to 224.0.0.0/24 in");
      add("deny udp from any to any 520 in");
      add("deny tcp from any 80,443 to any 1024-65535 in");
      add(`deny ${/^yes$/i.test(vars("firewall_logdeny") ?? "") ? "log logamount 500 " : ""}ip from any to any`);
      break;
    }
    case "closed":
      add("65000 deny ip from any to any");
      break;
    default:
      // UNKNOWN: no rules past the loopback ones; a file: the caller adds the file's commands after these.
      break;
  }
  return `${out.join("\n")}\n`;
}
