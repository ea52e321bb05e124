import { ruleTester } from "../../../../test/support/rule-tester.js";
import { ipfwLocksHostOut } from "./ipfw-locks-host-out.js";

const JAILS = 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n';
const IF = 'ifconfig_em0="inet 192.0.2.2/24"\n';
const tail = (type: string, ext = "em0") =>
  `an ssh connection in on ${ext} and every connection out meet ipfw's default rule 65535, which denies unless the kernel accepts by default (IPFIREWALL_DEFAULT_TO_ACCEPT, net.inet.ip.fw.default_to_accept), so the host and its jails lose the network when ipfw starts; choose a firewall_type or script that passes what the host serves${type}`;

ruleTester(ipfwLocksHostOut, {
  valid: [
    ...["open", "client", "simple", "workstation"].map((type) => ({
      name: `firewall_type="${type}" passes something`,
      code: JAILS,
      options: { rc: `${IF}firewall_enable="YES"\nfirewall_type="${type}"\nfirewall_client_net="192.0.2.0/24"\n` },
    })),
    { name: "ipfw off", code: JAILS, options: { rc: `${IF}firewall_enable="NO"\n` } },
    {
      name: "a script that passes ssh",
      code: JAILS,
      options: {
        rc: `${IF}firewall_enable="YES"\nfirewall_script="/etc/ipfw.rules"\n`,
        files: {
          "/etc/ipfw.rules":
            "ipfw -q add 100 allow tcp from any to me 22 in setup keep-state\nipfw -q add 200 allow ip from me to any out keep-state\n",
        },
      },
    },
    {
      name: "a script that denies everything on purpose is decided, not defaulted",
      code: JAILS,
      options: {
        rc: `${IF}firewall_enable="YES"\nfirewall_script="/etc/ipfw.rules"\n`,
        files: { "/etc/ipfw.rules": "ipfw -q add 65000 deny ip from any to any\n" },
      },
    },
  ],
  invalid: [
    {
      name: "firewall_enable alone: firewall_type defaults to UNKNOWN",
      code: JAILS,
      options: { rc: `${IF}firewall_enable="YES"\n` },
      errors: [`rc.conf 2:1-2:22 rc.firewall adds only its loopback rules for firewall_type="UNKNOWN": ${tail("")}`],
    },
    {
      name: "a firewall_script of loopback rules only, on the host's renamed interface",
      code: JAILS,
      options: {
        rc: 'ifconfig_igb0="inet 192.0.2.2/24"\nfirewall_enable="YES"\nfirewall_script="/etc/ipfw.rules"\n',
        files: { "/etc/ipfw.rules": "ipfw -q add 100 allow ip from any to any via lo0\n" },
      },
      errors: [`rc.conf 3:1-3:34 the ipfw rules of /etc/ipfw.rules pass nothing but loopback traffic: ${tail("", "igb0")}`],
    },
  ],
});
