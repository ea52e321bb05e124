import { ruleTester } from "../../../../test/support/rule-tester.js";
import { unknownInterface } from "./unknown-interface.js";

const RC = 'ifconfig_em0="inet 203.0.113.2/24"\ncloned_interfaces="lo1 bridge0"\n';

ruleTester(unknownInterface, {
  valid: [
    { code: 'www {\n  ip4.addr = "lo1|127.0.1.1/32", "em0|203.0.113.10";\n}\n', options: { rc: RC } },
    { name: "no rc.conf: nothing is known", code: 'www {\n  ip4.addr = "lo7|127.0.1.1/32";\n}\n' },
    { name: "lo0 always exists", code: 'www {\n  ip4.addr = "lo0|127.0.0.2";\n}\n', options: { rc: RC } },
    {
      name: "an epair the jail's exec.prestart creates",
      code: 'www {\n  vnet;\n  vnet.interface = "epair0b";\n  exec.prestart = "ifconfig epair0 create";\n}\n',
      options: { rc: RC },
    },
    {
      name: "jib addm creates e0b_NAME",
      code: 'www {\n  vnet;\n  vnet.interface = "e0b_www";\n  exec.prestart = "/usr/share/examples/jails/jib addm www em0";\n}\n',
      options: { rc: RC },
    },
    {
      name: "interface renamed in rc.conf",
      code: 'www {\n  interface = "jails";\n  ip4.addr = "127.0.1.1";\n}\n',
      options: { rc: `${RC}ifconfig_lo1_name="jails"\n` },
    },
    {
      name: "`ifconfig epair create` in exec.prestart: the kernel picks the unit",
      code: 'www {\n  vnet;\n  vnet.interface = "epair0b";\n  exec.prestart = "ifconfig epair create up";\n}\n',
      options: { rc: RC },
    },
    {
      name: "cloned_interfaces without a unit: the next free one",
      code: 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n',
      options: { rc: 'ifconfig_em0="inet 203.0.113.2/24"\ncloned_interfaces="lo"\n' },
    },
    {
      name: "a wlan from wlans_<parent>",
      code: 'www {\n  ip4.addr = "wlan0|192.168.1.10";\n}\n',
      options: { rc: 'wlans_iwm0="wlan0"\nifconfig_wlan0="WPA DHCP"\n' },
    },
    {
      name: "jng bridge creates ng0_NAME",
      code: 'www {\n  vnet;\n  vnet.interface = "ng0_www";\n  exec.prestart = "jng bridge www em0";\n}\n',
      options: { rc: RC },
    },
    { name: "a vlan from vlans_em0", code: 'www {\n  ip4.addr = "em0.100|10.1.0.5";\n}\n', options: { rc: `${RC}vlans_em0="100"\n` } },
  ],
  invalid: [
    {
      name: "a loopback clone rc.conf does not create",
      code: 'www {\n  ip4.addr = "lo2|127.0.1.1/32";\n}\n',
      options: { rc: RC },
      errors: [
        '2:15-2:31 ip4.addr "lo2|127.0.1.1/32" of jail "www" names interface lo2, which rc.conf neither creates (cloned_interfaces) nor configures (ifconfig_lo2): the jail fails to start; create it: add lo2 to cloned_interfaces in rc.conf (cloned_interfaces="lo1 bridge0 lo2")',
      ],
    },
    {
      name: "em0 renamed to net0 no longer exists as em0",
      code: 'www {\n  ip4.addr = "em0|203.0.113.10";\n}\n',
      options: { rc: 'ifconfig_em0_name="net0"\nifconfig_net0="inet 203.0.113.2/24"\n' },
      errors: [
        '2:15-2:31 ip4.addr "em0|203.0.113.10" of jail "www" names interface em0, which rc.conf renames to net0 (ifconfig_em0_name): the jail fails to start; use net0',
      ],
    },
    {
      name: "an unnumbered clone does not make every name of another cloner known",
      code: 'www {\n  vnet;\n  vnet.interface = "epair0b";\n  exec.prestart = "ifconfig bridge create";\n}\n',
      options: { rc: RC },
      errors: ['3:21-3:28 vnet.interface of jail "www" names interface epair0b…'],
    },
    {
      name: "interface parameter and vnet.interface",
      code: 'www {\n  interface = em1;\n  ip4.addr = "203.0.113.10";\n}\nvj {\n  vnet;\n  vnet.interface = "epair3b";\n}\n',
      options: { rc: RC },
      errors: [
        '2:15-2:18 `interface` of jail "www" names interface em1, which rc.conf neither creates (cloned_interfaces) nor configures (ifconfig_em1): the jail fails to start; did you mean em0?',
        '7:21-7:28 vnet.interface of jail "vj" names interface epair3b, which rc.conf neither creates (cloned_interfaces) nor configures (ifconfig_epair3b): the jail fails to start; create it: add epair3 to cloned_interfaces in rc.conf (cloned_interfaces="lo1 bridge0 epair3"), which creates epair3a and epair3b',
      ],
    },
  ],
});
