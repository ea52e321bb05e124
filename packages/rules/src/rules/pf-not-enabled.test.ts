import { describe, expect, it } from "vitest";
import { lintJailText, ruleTester } from "../../../../test/support/rule-tester.js";
import { pfNotEnabled } from "./pf-not-enabled.js";

const JAILS = 'www {\n  ip4.addr = "lo1|127.0.1.1/32";\n}\n';
const PF = "nat on em0 from 127.0.1.0/24 to any -> (em0)\nblock in all\n";

ruleTester(pfNotEnabled, {
  valid: [
    { code: JAILS, options: { rc: 'pf_enable="YES"\n', pf: PF } },
    { name: "pf.conf without rules", code: JAILS, options: { rc: 'jail_enable="YES"\n', pf: 'ext_if = "em0"\n' } },
    { name: "no pf.conf given", code: JAILS, options: { rc: 'jail_enable="YES"\n' } },
    { name: "no rc.conf given", code: JAILS, options: { pf: PF } },
    {
      name: "an ipfw host: it filters with ipfw, and is not told to run pf as well",
      code: JAILS,
      options: { rc: 'jail_enable="YES"\nfirewall_enable="YES"\nfirewall_type="workstation"\n', pf: PF },
    },
    {
      name: "only pass rules: with pf off the same traffic passes",
      code: JAILS,
      options: { rc: 'jail_enable="YES"\n', pf: "set skip on lo0\nscrub in all\npass all\n" },
    },
    {
      name: "an exemption alone translates nothing",
      code: JAILS,
      options: { rc: 'jail_enable="YES"\n', pf: "no nat on em0 from 127.0.1.1\npass out all\n" },
    },
  ],
  invalid: [
    {
      name: "nat alone: the jails cannot reach out without it",
      code: JAILS,
      options: { rc: 'jail_enable="YES"\n', pf: "nat on em0 from 127.0.1.0/24 to any -> (em0)\npass all\n" },
      errors: [
        'rc.conf 1:1-1:18 /etc/pf.conf has nat/rdr rules for the jails, but rc.conf does not set pf_enable="YES": rc.d/pf never loads them; add pf_enable="YES"',
      ],
    },
    {
      name: "pf_enable=NO",
      code: JAILS,
      options: { rc: 'jail_enable="YES"\npf_enable="NO"\n', pf: PF },
      errors: [
        'rc.conf 2:1-2:15 /etc/pf.conf has nat/rdr and filter rules for the jails, but pf_enable="NO": rc.d/pf never loads them; set pf_enable="YES"',
      ],
    },
    {
      name: "ipfw turned off does not count as a filter",
      code: JAILS,
      options: { rc: 'jail_enable="YES"\nfirewall_enable="NO"\n', pf: "block in all\n" },
      errors: [
        'rc.conf 1:1-1:18 /etc/pf.conf has filter rules for the jails, but rc.conf does not set pf_enable="YES": rc.d/pf never loads them; add pf_enable="YES"',
      ],
    },
    {
      name: "pf_enable unset: points at jail_enable",
      code: JAILS,
      options: { rc: 'hostname="h"\njail_enable="YES"\n', pf: "block in all\n" },
      errors: [
        'rc.conf 2:1-2:18 /etc/pf.conf has filter rules for the jails, but rc.conf does not set pf_enable="YES": rc.d/pf never loads them; add pf_enable="YES"',
      ],
    },
  ],
});

describe("JL303's fix", () => {
  const fixOf = (rc: string) => lintJailText(JAILS, pfNotEnabled, { rc, pf: PF })[0]?.fix;
  it("appends pf_enable to rc.conf, on a line of its own", () => {
    expect(fixOf('jail_enable="YES"')?.edits).toEqual([{ start: 17, end: 17, newText: '\npf_enable="YES"\n' }]);
  });
  it("is not offered when rc.conf ends inside an unclosed `if` (a note, not a syntax error): sh would not read the line, and --fix would add it again", () => {
    expect(lintJailText(JAILS, pfNotEnabled, { rc: 'jail_enable="YES"\nif required)\n', pf: PF })).toHaveLength(1);
    expect(fixOf('jail_enable="YES"\nif required)\n')).toBeUndefined();
  });
});
