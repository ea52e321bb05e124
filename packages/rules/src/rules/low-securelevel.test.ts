import { describe, expect, it } from "vitest";
import { lintJailText, located, ruleTester } from "../../../../test/support/rule-tester.js";
import { searchCountingModel } from "../../../../test/support/search-counting-model.js";
import { runRules } from "../engine/lint.js";
import { lowSecurelevel } from "./low-securelevel.js";

const NONE_OPEN =
  "it has none of the privileges a low securelevel leaves open (allow.chflags, devfs_ruleset = 0, a VNET firewall), so this is a precaution";
const INHERITS = "sets no securelevel, so it runs at the host's kern.securelevel (-1 unless the host raises it)";
const CHFLAGS = "allow.chflags lets root in it clear the schg and sappnd flags (refused from securelevel 1)";
const DISKS = "devfs_ruleset = 0 lets root in it open the host's disks for writing (refused from securelevel 2)";
const VNET =
  "its VNET lets root in it change the jail's own firewall rules (ipfw, and pf where its devfs shows /dev/pf; refused at securelevel 3)";

ruleTester(lowSecurelevel, {
  valid: [
    "securelevel = 3;\nwww { persist; }\n",
    { name: "a lower minimum accepts 2", code: "securelevel = 2;\nwww { persist; }\n", options: { options: { minimum: 2 } } },
    { name: "set through a variable that resolves", code: '$lvl = "3";\nwww { securelevel = $lvl; }\n' },
    { name: "a wildcard below the jail raises it", code: "www { securelevel = 0; }\n* { securelevel = 3; }\n" },
    { name: "with minimum -1 an inherited level always meets it", code: "www { persist; }\n", options: { options: { minimum: -1 } } },
    { name: "a VNET jail at 3", code: "www { vnet; securelevel = 3; }\n" },
    {
      name: "rc.conf raises the host to 3 (rc.d/securelevel), and the kernel raises every jail with it",
      code: "www { vnet; securelevel = 1; }\ndb { persist; }\n",
      options: { rc: 'kern_securelevel_enable="YES"\nkern_securelevel="3"\n' },
    },
  ],
  invalid: [
    {
      name: "rc.conf's kern_securelevel without kern_securelevel_enable raises nothing (near-miss)",
      code: "www {\n\tpersist;\n}\n",
      options: { rc: 'kern_securelevel="3"\n' },
      errors: [`1:1-1:4 jail "www" ${INHERITS}; ${NONE_OPEN}: add securelevel = 3; to the jail or the global section`],
      output: "www {\n\tsecurelevel = 3;\n\tpersist;\n}\n",
      severity: "info",
    },
    {
      name: "a host raised to 1 still leaves a VNET jail's firewall open, and the message names the host's level",
      code: "www {\n\tvnet;\n}\n",
      options: { rc: 'kern_securelevel_enable="YES"\nkern_securelevel="1"\n' },
      errors: [
        `1:1-1:4 jail "www" sets no securelevel, so it runs at the host's kern.securelevel (1, from rc.conf kern_securelevel): ${VNET}; add securelevel = 3; to the jail or the global section`,
      ],
      output: "www {\n\tsecurelevel = 3;\n\tvnet;\n}\n",
    },
    {
      name: "a jail without one and without privileges is a note",
      code: "www {\n\tpersist;\n}\n",
      errors: [`1:1-1:4 jail "www" ${INHERITS}; ${NONE_OPEN}: add securelevel = 3; to the jail or the global section`],
      output: "www {\n\tsecurelevel = 3;\n\tpersist;\n}\n",
      severity: "info",
    },
    {
      name: "a low global value without privileges is a note too, once for every jail it reaches",
      code: "securelevel = 2;\na { persist; }\nb { persist; }\n",
      errors: [
        `1:15-1:16 securelevel 2 for jails "a" and "b" is below 3, the level jail guides recommend; ${NONE_OPEN}: set securelevel = 3`,
      ],
      output: "securelevel = 3;\na { persist; }\nb { persist; }\n",
      severity: "info",
    },
    {
      name: "allow.chflags without a securelevel: the flags can be cleared",
      code: "www {\n  allow.chflags;\n}\n",
      errors: [`1:1-1:4 jail "www" ${INHERITS}: ${CHFLAGS}; add securelevel = 3; to the jail or the global section`],
    },
    {
      name: "allow.chflags at securelevel 1 is held: nothing left open",
      code: "www {\n  allow.chflags;\n  securelevel = 1;\n}\n",
      errors: [`3:17-3:18 securelevel 1 for jail "www" is below 3, the level jail guides recommend; ${NONE_OPEN}: set securelevel = 3`],
      severity: "info",
    },
    {
      name: "devfs_ruleset = 0 with mount.devfs at securelevel 1: disks are writable",
      code: "www {\n  mount.devfs;\n  devfs_ruleset = 0;\n  securelevel = 1;\n}\n",
      errors: [`4:17-4:18 securelevel 1 for jail "www" is below 3: ${DISKS}; set securelevel = 3`],
    },
    {
      name: "devfs_ruleset = 0 a jail may mount itself",
      code: "www {\n  allow.mount;\n  allow.mount.devfs;\n  enforce_statfs = 1;\n  devfs_ruleset = 0;\n  securelevel = 0;\n}\n",
      errors: [`6:17-6:18 securelevel 0 for jail "www" is below 3: ${DISKS}; set securelevel = 3`],
    },
    {
      name: "a VNET jail at 2 can still change its firewall",
      code: "www {\n  vnet;\n  securelevel = 2;\n}\n",
      errors: [`3:17-3:18 securelevel 2 for jail "www" is below 3: ${VNET}; set securelevel = 3`],
    },
    {
      name: "every privilege left open is named",
      code: "www {\n  vnet;\n  allow.chflags;\n  mount.devfs;\n  devfs_ruleset = 0;\n}\n",
      errors: [`1:1-1:4 jail "www" ${INHERITS}: ${CHFLAGS}; ${DISKS}; ${VNET}; add securelevel = 3; to the jail or the global section`],
    },
    {
      name: "the minimum option is honoured: a VNET firewall is then no reason",
      code: "securelevel = 1;\nwww { vnet; }\n",
      options: { options: { minimum: 2 } },
      errors: [`1:15-1:16 securelevel 1 for jail "www" is below 2, the level jail guides recommend; ${NONE_OPEN}: set securelevel = 2`],
      severity: "info",
    },
  ],
});

describe("JL103 on one global line reaching jails with different privileges", () => {
  it("gives each its own finding and severity", () => {
    const code = "securelevel = 1;\na { vnet; }\nb { persist; }\n";
    expect(lintJailText(code, lowSecurelevel).map((d) => `${d.severity} ${located(d, code)}`)).toEqual([
      `warning 1:15-1:16 securelevel 1 for jail "a" is below 3: ${VNET}; set securelevel = 3`,
      `info 1:15-1:16 securelevel 1 for jail "b" is below 3, the level jail guides recommend; ${NONE_OPEN}: set securelevel = 3`,
    ]);
  });
});

describe("low-securelevel on many jails", () => {
  it("looks each jail's network view up instead of searching the jail list for it", () => {
    const { model, searches } = searchCountingModel(40, (i) => `j${i} {\n  securelevel = 1;\n${i % 2 ? "  vnet;\n" : ""}}\n`);
    const found = runRules(model, [lowSecurelevel]);
    // Every jail is below 3; the VNET ones are warned about their firewall, the others get a note.
    expect(found.filter((d) => d.severity === "warning")).toHaveLength(20);
    expect(searches()).toBe(0);
  });
});
