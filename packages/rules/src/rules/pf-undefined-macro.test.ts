import { ruleTester } from "../../../../test/support/rule-tester.js";
import { pfUndefinedMacro } from "./pf-undefined-macro.js";

// Modelled on a workstation whose pf.conf takes its interface and networks from rc.conf's pf_flags.
const HOTSPOT_RC = 'pf_enable="YES"\npf_flags="-D hotspot_if=\\"wlan0\\" \\\n          -D hotspot_net=\\"10.50.50.0/24\\""\n';
const HOTSPOT_PF =
  "nat on re0 from $hotspot_net to any -> (re0)\nblock in all\npass in quick on $hotspot_if proto udp from any port 68 to any port 67\n";

ruleTester(pfUndefinedMacro, {
  valid: [
    { code: "", options: { pf: 'ext_if = "em0"\npass in on $ext_if\n' } },
    { name: "after an include that was not given", code: "", options: { pf: 'include "/etc/pf.macros"\npass in on $ext_if\n' } },
    {
      name: "a line that did not parse gets its JL001 and nothing else",
      code: "",
      options: { pf: "pass in on $ext_if proto tcp to port { 22 80\n" },
    },
    { name: "macros from rc.conf's pf_flags (-D name=value)", code: "", options: { rc: HOTSPOT_RC, pf: HOTSPOT_PF } },
    {
      name: "-Dname=value, and a file definition that the persistent -D macro overrides",
      code: "",
      options: { rc: 'pf_flags="-Dext_if=em1"\n', pf: "pass in on $ext_if\next_if = em0\npass out on $ext_if\n" },
    },
  ],
  invalid: [
    {
      code: "",
      options: { pf: 'pass in on $ext_if\next_if = "em0"\npass in on $int_if\n' },
      errors: [
        "pf.conf 1:12-1:19 macro $ext_if is used before it is defined: pfctl stops with \"macro 'ext_if' not defined\" and loads none of the rules, unless pfctl is run with -D ext_if=… (rc.conf pf_flags); move its definition up",
        "pf.conf 3:12-3:19 macro $int_if is never defined: pfctl stops with \"macro 'int_if' not defined\" and loads none of the rules, unless pfctl is run with -D int_if=… (rc.conf pf_flags); define it above this line",
      ],
    },
    {
      name: "a one-letter slip gets a did-you-mean",
      code: "",
      options: { pf: 'ext_if = "em0"\npass in on $ext_fi\n' },
      errors: [
        "pf.conf 2:12-2:19 macro $ext_fi is never defined: pfctl stops with \"macro 'ext_fi' not defined\" and loads none of the rules, unless pfctl is run with -D ext_fi=… (rc.conf pf_flags); did you mean $ext_if? Otherwise define it above this line",
      ],
    },
    {
      name: "rc.conf given: pf_flags defines other macros only, so no 'unless'",
      code: "",
      options: { rc: 'pf_enable="YES"\npf_flags="-D hotspot_if=wlan0"\n', pf: HOTSPOT_PF },
      errors: [
        "pf.conf 1:17-1:29 macro $hotspot_net is never defined: pfctl stops with \"macro 'hotspot_net' not defined\" and loads none of the rules; define it above this line",
      ],
    },
    {
      name: "pf.conf alone: a macro pf_flags could define is reported, and the message says so",
      code: "",
      options: { pf: HOTSPOT_PF },
      errors: [
        "pf.conf 1:17-1:29 macro $hotspot_net is never defined: pfctl stops with \"macro 'hotspot_net' not defined\" and loads none of the rules, unless pfctl is run with -D hotspot_net=… (rc.conf pf_flags); define it above this line",
        "pf.conf 3:18-3:29 macro $hotspot_if is never defined: pfctl stops with \"macro 'hotspot_if' not defined\" and loads none of the rules, unless pfctl is run with -D hotspot_if=… (rc.conf pf_flags); define it above this line",
      ],
    },
  ],
});
